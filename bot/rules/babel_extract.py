"""Babel extractor for the rule files, so their citizen-facing texts reach the catalogs.

Registered in ``babel.cfg``; pulls titles, condition texts, amount labels, filing texts, notes,
questions, choices and situation labels (all Vietnamese) out of one YAML file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

TEXT_KEYS = {"title", "text", "label", "question", "help", "who", "where", "deadline_text", "document"}
LIST_KEYS = {"forms", "papers", "notes", "aliases_shown"}


def extract(fileobj: Any, keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple[int, None, str, list[str]]]:
    source = fileobj.read().decode("utf-8")
    root = yaml.compose(source)
    seen: set[str] = set()
    for line, text in _walk(root, None):
        if text and text not in seen:
            seen.add(text)
            yield line, None, text, ["Vietnamese legal text from a rule file; translate faithfully."]


def _walk(node: Any, key: str | None) -> Iterator[tuple[int, str]]:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if name in ("citations", "parameters", "derived", "sources"):
                continue
            yield from _walk(value_node, name)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, key if key in LIST_KEYS else None)
    elif isinstance(node, yaml.ScalarNode) and (key in TEXT_KEYS or key in LIST_KEYS):
        yield node.start_mark.line + 1, str(node.value)
