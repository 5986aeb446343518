"""Plain dataclasses shared by dialogs, services and repositories (no I/O, no framework)."""
