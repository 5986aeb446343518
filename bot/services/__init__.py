"""Use cases: async, database-aware, Telegram-free.  Handlers call these; dialogs are called by them."""
