"""A strict reader for the YAML rule files: every mistake names the file and the place in it.

Why strict: a typo in a rule file ("min_day" for "min") must not silently drop a condition and
hand out money.  So unknown keys are refused, types are checked, money must be an integer
number of đồng, and texts must be NFC-normalised Vietnamese.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn

ID = re.compile(r"^[a-z][a-z0-9_]*$")
CHOICE = re.compile(r"^[a-z0-9][a-z0-9_]*$")


class RulebookError(ValueError):
    """A rule file is malformed; the message says which file and where."""


@dataclass(frozen=True)
class Node:
    """A YAML value with the file it came from and its path inside the file."""

    value: Any
    file: str
    path: str = ""

    def fail(self, message: str) -> NoReturn:
        raise RulebookError(f"{self.file}: {self.path or '(top)'}: {message}")

    def _child(self, key: str | int, value: Any) -> Node:
        path = f"{self.path}[{key}]" if isinstance(key, int) else (f"{self.path}.{key}" if self.path else key)
        return Node(value, self.file, path)

    # -- shapes ---------------------------------------------------------------------------

    def mapping(self, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> Node:
        if not isinstance(self.value, dict):
            self.fail("a mapping (key: value) is expected")
        keys = set(self.value)
        missing = [k for k in required if k not in keys]
        if missing:
            self.fail(f"missing {', '.join(missing)}")
        unknown = sorted(str(k) for k in keys - set(required) - set(optional))
        if unknown and (required or optional):
            self.fail(f"unknown key(s) {', '.join(unknown)} (allowed: {', '.join(required + optional)})")
        return self

    def has(self, key: str) -> bool:
        return isinstance(self.value, dict) and key in self.value

    def get(self, key: str, default: Any = None) -> Node:
        return self._child(key, self.value.get(key, default) if isinstance(self.value, dict) else default)

    def items(self) -> Iterator[tuple[Any, Node]]:
        if self.value is None:
            return
        if not isinstance(self.value, dict):
            self.fail("a mapping (key: value) is expected")
        for key, value in self.value.items():
            yield key, self._child(str(key), value)

    def elements(self) -> Iterator[Node]:
        if self.value is None:
            return
        if not isinstance(self.value, list):
            self.fail("a list is expected")
        for index, value in enumerate(self.value):
            yield self._child(index, value)

    # -- scalars --------------------------------------------------------------------------

    def ident(self) -> str:
        if not isinstance(self.value, str) or not ID.match(self.value):
            self.fail(f"{self.value!r} is not a snake_case ASCII id")
        return self.value

    def choice_value(self) -> str:
        if isinstance(self.value, int) and not isinstance(self.value, bool):
            self.fail(f"quote the choice value: \"{self.value}\"")
        if not isinstance(self.value, str) or not CHOICE.match(self.value):
            self.fail(f"{self.value!r} is not a lowercase ASCII choice value")
        return self.value

    def text(self, *, optional: bool = False) -> str:
        if self.value is None and optional:
            return ""
        if not isinstance(self.value, str) or not self.value.strip():
            self.fail("a non-empty text is expected")
        if self.value != self.value.strip():
            self.fail("text has leading or trailing spaces")
        if not unicodedata.is_normalized("NFC", self.value):
            self.fail("text is not NFC-normalised (Vietnamese must be precomposed)")
        return self.value

    def texts(self) -> tuple[str, ...]:
        return tuple(node.text() for node in self.elements())

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            self.fail(f"true or false expected, got {self.value!r}")
        return self.value

    def integer(self, what: str = "an integer") -> int:
        if isinstance(self.value, float):
            self.fail(f"{what} must be an integer, not the float {self.value!r}")
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            self.fail(f"{what} expected, got {self.value!r}")
        return self.value

    def day(self) -> date:
        if not isinstance(self.value, date) or hasattr(self.value, "hour"):
            self.fail(f"a date (YYYY-MM-DD) expected, got {self.value!r}")
        return self.value
