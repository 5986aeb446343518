"""No Vietnamese is left in the English conversations, except what must stay Vietnamese.

Allowed: legal citations (after " — ", and names of decisions), proper names and addresses the
citizen typed or that come from the official list of areas, the Vietnamese words shown as typing
hints, and the language button. Anything else with Vietnamese letters is an untranslated text.
"""

from __future__ import annotations

import re

import pytest

from tests.golden.transcript import GOLDEN_DIR

_VIETNAMESE = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]", re.IGNORECASE)
_ALLOWED = [re.compile(p) for p in (
    r" — .*$",  # a citation closes a condition or amount line
    r"\d+/\d{4}/QĐ-TTg|\d+/QĐ-UBND|\d+/NQ-CP",  # document numbers
    r"Ngôn ngữ|Tiếng Việt",  # the language switch is shown in both languages on purpose
    r"\(thôn/xóm/tổ\)|\(mã số thuế, |\(Phòng LĐ-TB&XH\)|\"phường Tân Định, TP Hồ Chí Minh\"",  # typing hints
    r"(?:Full name|Address|Employer): .*$|Results for .*$",  # what the citizen typed, or a person's name
    r"Ward or commune, province: .*$",  # official area names
)]


def _english_part(text: str) -> list[str]:
    """The lines the bot sent after the citizen chose English (typed input excluded)."""
    after = text.split(">>> [English]\n", 1)[1]
    return [line for line in after.splitlines() if not line.startswith(">>>")]


@pytest.mark.parametrize("path", sorted(GOLDEN_DIR.glob("*_en.txt")), ids=lambda p: p.stem)
def test_english_transcript_has_no_untranslated_vietnamese(path) -> None:
    leftovers = []
    for line in _english_part(path.read_text(encoding="utf-8")):
        cleaned = line
        for pattern in _ALLOWED:
            cleaned = pattern.sub("", cleaned)
        if _VIETNAMESE.search(cleaned):
            leftovers.append(line.strip())
    assert leftovers == []


def test_there_are_english_transcripts_to_check() -> None:
    assert len(list(GOLDEN_DIR.glob("*_en.txt"))) >= 4
