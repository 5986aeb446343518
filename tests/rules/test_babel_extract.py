"""The Babel extractor finds exactly the citizen-facing texts of the rule files."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_file

from bot.rules import RuleBook
from bot.rules.babel_extract import extract
from bot.rules.loader import DOCUMENTS_DIR, FACTS_PATH

FILES = [*sorted(DOCUMENTS_DIR.glob("*.yaml")), FACTS_PATH]


def _messages(path: Path) -> list[tuple[int, str, list[str]]]:
    with path.open("rb") as handle:
        return [(line, message, comments) for line, _, message, comments in extract(handle, [], [], {})]


def test_extracted_texts_are_exactly_the_book_texts(book: RuleBook) -> None:
    extracted = {message for path in FILES for _, message, _ in _messages(path)}
    assert extracted == {text for text, _ in book.texts()}


def test_citations_and_aliases_are_not_extracted() -> None:
    messages = {message for _, message, _ in _messages(DOCUMENTS_DIR / "nq68-qd23-2021.yaml")}
    assert "HDV" not in messages  # an alias
    assert "Điều 13" not in messages  # a citation
    assert "Hỗ trợ thêm cho {count} trẻ em chưa đủ 6 tuổi" in messages


def test_line_numbers_point_at_the_text(book: RuleBook) -> None:
    path = DOCUMENTS_DIR / "nq68-qd23-2021.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    for line, message, comments in _messages(path):
        assert message[:20] in lines[line - 1], (line, message)
        assert comments and "placeholders" in comments[0]


def test_babel_can_load_the_extractor_by_its_entry_point_name() -> None:
    found = list(extract_from_file("bot.rules.babel_extract:extract", str(FACTS_PATH)))
    assert any(message == "Phải ngừng việc" for _, message, _, _ in found)
