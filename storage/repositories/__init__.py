"""Repositories: the only code that builds queries.  Each takes an ``AsyncSession`` and
returns plain dataclasses, never ORM rows, so callers cannot trigger hidden lazy loads."""
