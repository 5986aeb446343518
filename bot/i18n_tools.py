"""The translation workflow behind ``python -m bot i18n extract|update|compile|check``.

One place pins the extraction options (keywords, comment tags), so nobody drops plurals or
contexts by calling pybabel with other flags.  Rule texts are written in Vietnamese in the rule
files; ``update`` copies them into the Vietnamese catalog as they are, and the English catalog
gets them to translate.
"""

from __future__ import annotations

import io
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bot.i18n import DOMAIN, LOCALES_DIR, SUPPORTED_LOCALES

ROOT = LOCALES_DIR.parent
POT = LOCALES_DIR / f"{DOMAIN}.pot"
RULES_SOURCE = "bot/rules/"
KEYWORDS = ["_", "ngettext:1,2", "pgettext:1c,2"]
_PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def extract(output: Path = POT) -> None:
    args = ["pybabel", "-q", "extract", "-F", "babel.cfg", "--no-default-keywords",
            "--add-comments=TRANSLATORS:", "--sort-by-file", "--project=ansinh-bot",
            "-o", str(output.resolve())]
    for keyword in KEYWORDS:
        args += ["-k", keyword]
    previous = os.getcwd()
    os.chdir(ROOT)  # relative locations in the catalogs, whatever the checkout's path
    try:
        CommandLineInterface().run(args + ["."])
    finally:
        os.chdir(previous)


def update() -> None:
    extract()
    for locale in SUPPORTED_LOCALES:
        po = _po_path(locale)
        action = "update" if po.is_file() else "init"
        CommandLineInterface().run(["pybabel", "-q", action, "-i", str(POT), "-d", str(LOCALES_DIR),
                                    "-D", DOMAIN, "-l", locale])
    _fill_vietnamese_rule_texts()


def compile_catalogs() -> None:
    for locale in SUPPORTED_LOCALES:
        with _po_path(locale).open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        with _po_path(locale).with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)


def problems(locale: str = "vi") -> list[str]:
    """Everything that would show a user of ``locale`` an untranslated or broken message.

    Both catalogs are checked: an English entry left empty would silently fall back to its msgid,
    which for rule texts is Vietnamese, so an English-speaking user would read Vietnamese.
    """
    found: list[str] = []
    with _po_path(locale).open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            found.append(f"fuzzy: {ids[0]!r}")
        if not all(strings):
            found.append(f"untranslated: {ids[0]!r}")
            continue
        expected = set(_PLACEHOLDER.findall(" ".join(ids)))
        for text in strings:
            if set(_PLACEHOLDER.findall(text)) != expected:
                found.append(f"placeholders differ: {ids[0]!r} -> {text!r}")
    return found


def stale_template() -> list[str]:
    """Messages in the code but missing from the committed template, and vice versa."""
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / "fresh.pot"
        extract(fresh)
        new_ids = _ids(fresh)
    committed = _ids(POT)
    return [f"missing from messages.pot: {m!r}" for m in sorted(new_ids - committed, key=str)] + [
        f"no longer used: {m!r}" for m in sorted(committed - new_ids, key=str)
    ]


def _ids(path: Path) -> set[object]:
    with path.open("rb") as handle:
        return {(m.context, m.id) for m in read_po(handle) if m.id}


def _po_path(locale: str) -> Path:
    return LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def _fill_vietnamese_rule_texts() -> None:
    path = _po_path("vi")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    for message in catalog:
        if not (message.id and _only_from_rules(message.locations)):
            continue
        if not message.string or message.fuzzy:  # a changed rule text: its old wording must not show
            message.string = message.id
            message.flags.discard("fuzzy")
    _write(path, catalog)


def _only_from_rules(locations: Iterable[tuple[str, int | None]]) -> bool:
    files = [name for name, _ in locations]
    return bool(files) and all(RULES_SOURCE in name.replace("\\", "/") for name in files)


def _write(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, sort_by_file=True, width=100)
    path.write_bytes(buffer.getvalue())


def main(action: str) -> int:
    if action == "extract":
        extract()
    elif action == "update":
        update()
    elif action == "compile":
        compile_catalogs()
    elif action == "check":
        issues = [f"{locale}: {issue}" for locale in SUPPORTED_LOCALES for issue in problems(locale)]
        issues += stale_template()
        for issue in issues:
            print(issue, file=sys.stderr)
        print(f"{len(issues)} problem(s)")
        return 1 if issues else 0
    return 0
