"""Shared fixtures for the rule tests: the real rule book, loaded once."""

from __future__ import annotations

import pytest

from bot.rules import RuleBook, load_rulebook


@pytest.fixture(scope="session")
def book() -> RuleBook:
    return load_rulebook()
