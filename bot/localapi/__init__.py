"""A local Telegram Bot API server (for tests and the terminal chat) and its simulated users."""
