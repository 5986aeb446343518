"""bot.rules stays pure: no Telegram, no database, no network, no clock, no environment."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parents[2] / "bot" / "rules"
FORBIDDEN_MODULES = ("telegram", "sqlalchemy", "aiohttp", "aiogram", "asyncpg", "aiosqlite", "storage")


def test_importing_bot_rules_imports_no_transport_or_storage() -> None:
    code = ("import sys, bot.rules; bad = sorted(m for m in sys.modules if m.split('.')[0] in "
            f"{FORBIDDEN_MODULES!r}); print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=RULES.parents[1])
    assert out.stdout.strip() == ""


def test_no_clock_environment_or_stray_io_in_the_rules_package() -> None:
    pattern = re.compile(r"date\.today|datetime\.now|datetime\.utcnow|time\.time\(|os\.environ|getenv|open\(")
    for path in sorted(RULES.glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not pattern.search(line), f"{path.name}:{number}: {line.strip()}"


def test_python_string_literals_are_ascii_vietnamese_lives_in_yaml() -> None:
    """User-facing text lives in YAML; Vietnamese may appear in .py only in docstrings and comments."""
    for path in sorted(RULES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                assert node.value.isascii(), f"{path.name}:{node.lineno}: {node.value!r}"
