"""Babel extractor for the rule files, so their citizen-facing texts reach the catalogs.

Registered in ``babel.cfg`` (``ansinh_rules = bot.rules.babel_extract:extract``).  It yields the
texts a citizen sees, exactly as written in the YAML (templates keep their ``{placeholders}``):
document names, policy titles, condition texts, amount and supplement labels, filing texts,
notes, combination texts, fact questions, help texts, choice labels and situation labels.
Citations (``sources:``) and ``aliases`` are not extracted: they are legal references and
matching keys, not prose to translate.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

TEXT_KEYS = {"document", "title", "text", "label", "label_capped", "question", "help", "who", "where",
             "deadline_text"}
LIST_KEYS = {"forms", "papers", "notes"}
SKIPPED = {"sources", "parameters", "derived", "aliases", "values"}
COMMENT = "Vietnamese text from a rule file ({where}); keep {{placeholders}} unchanged."


def extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
            ) -> Iterator[tuple[int, None, str, list[str]]]:
    """Yield ``(line, None, message, [comment])`` for every citizen-facing text of one YAML file."""
    root = yaml.compose(fileobj.read().decode("utf-8"))
    if root is None:
        return
    for line, text, where in _walk(root, None, "top"):
        yield line, None, text, [COMMENT.format(where=where)]


def _walk(node: yaml.Node, key: str | None, where: str) -> Iterator[tuple[int, str, str]]:
    if isinstance(node, yaml.MappingNode):
        here = _id_of(node) or where
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if name in SKIPPED:
                continue
            yield from _walk(value_node, name, f"{here}: {name}" if name in TEXT_KEYS | LIST_KEYS else here)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, key if key in LIST_KEYS else None, where)
    elif isinstance(node, yaml.ScalarNode) and key in TEXT_KEYS | LIST_KEYS and node.tag.endswith(":str"):
        yield node.start_mark.line + 1, str(node.value), where


def _id_of(node: yaml.MappingNode) -> str | None:
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) in ("id", "value") and isinstance(value_node, yaml.ScalarNode):
            return str(value_node.value)
    return None
