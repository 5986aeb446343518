"""Vietnamese typed with pre-Unicode fonts (TCVN3/ABC ".VnTime", VNI-Windows "VNI-Times"), back to Unicode.

Offices' spreadsheets from the 1990s–2010s still carry text typed with these fonts.  Excel stores
the *bytes* the font expected as Latin-1 characters, so "Ninh Bình" arrives as "Ninh B×nh" (TCVN3)
or "Ninh Bình"/"Nguyeãn" (VNI).  The tables below were written for this project from the published
character sets: TCVN 5712:1993 (the VN3 subset that the .VnTime fonts use, checked against the
system iconv "TCVN5712-1" codec) and the VNI-Windows layout (base letter followed by a mark
character).

Detection is deliberately conservative: a cell is converted only when the converted text reads
as Vietnamese *better* than the original, because a false positive would corrupt a correct name.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Legacy = Literal["tcvn3", "vni"]

# --- TCVN3 (VN3): one byte per letter.  Capital letters other than Ă Â Ê Ô Ơ Ư Đ do not exist in VN3
# (the separate ".VnTimeH" fonts draw the lower-case codes as capitals).
_TCVN3_ROWS = (
    # (legacy characters, Unicode letters), grouped by base vowel; tone order à ả ã á ạ.
    ("¡¢£¤¥¦§", "ĂÂÊÔƠƯĐ"),
    ("¨©ª«¬\xad®", "ăâêôơưđ"),
    ("µ¶·¸¹", "àảãáạ"),
    ("»¼½¾Æ", "ằẳẵắặ"),
    ("ÇÈÉÊË", "ầẩẫấậ"),
    ("ÌÎÏÐÑ", "èẻẽéẹ"),
    ("ÒÓÔÕÖ", "ềểễếệ"),
    ("×ØÜÝÞ", "ìỉĩíị"),
    ("ßáâãä", "òỏõóọ"),
    ("åæçèé", "ồổỗốộ"),
    ("êëìíî", "ờởỡớợ"),
    ("ïñòóô", "ùủũúụ"),
    ("õö÷øù", "ừửữứự"),
    ("úûüýþ", "ỳỷỹýỵ"),
)
TCVN3_TO_UNICODE: dict[str, str] = {
    legacy: uni for legacy_row, uni_row in _TCVN3_ROWS for legacy, uni in zip(legacy_row, uni_row, strict=True)
}

# --- VNI-Windows: a base letter followed by a mark character; a few letters are single characters.
_TONES = "\u0301\u0300\u0309\u0303\u0323"  # sắc, huyền, hỏi, ngã, nặng
_VNI_TONE_MARKS = "ùøûõï"                     # after a, e, o, ô(=ơ), u, ö(=ư), y
_VNI_CIRCUMFLEX_MARKS = "âáàåãä"              # â, then â + each tone (after a, e, o)
_VNI_BREVE_MARKS = "êéèúüë"                   # ă, then ă + each tone (after a)


def _compose(base: str, *marks: str) -> str:
    return unicodedata.normalize("NFC", base + "".join(marks))


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for upper in (False, True):
        def case(text: str, up: bool = upper) -> str:
            return text.upper() if up else text

        for base in "aeou":
            for mark, tone in zip(_VNI_TONE_MARKS, _TONES, strict=True):
                table[case(base) + case(mark)] = case(_compose(base, tone))
        for mark, tone in zip(_VNI_TONE_MARKS[:4], _TONES[:4], strict=True):  # ỵ is a single character
            table[case("y") + case(mark)] = case(_compose("y", tone))
        for base in "aeo":
            for mark, tone in zip(_VNI_CIRCUMFLEX_MARKS, ("",) + tuple(_TONES), strict=True):
                table[case(base) + case(mark)] = case(_compose(base, "\u0302", tone))
        for mark, tone in zip(_VNI_BREVE_MARKS, ("",) + tuple(_TONES), strict=True):
            table[case("a") + case(mark)] = case(_compose("a", "\u0306", tone))
        for legacy, base in (("ô", "o"), ("ö", "u")):  # ơ and ư are single characters in VNI
            table[case(legacy)] = case(_compose(base, "\u031b"))
            for mark, tone in zip(_VNI_TONE_MARKS, _TONES, strict=True):
                table[case(legacy) + case(mark)] = case(_compose(base, "\u031b", tone))
        for legacy, uni in zip("íìæóò", "íìỉĩị", strict=True):  # the i letters are single characters
            table[case(legacy)] = case(uni)
        table[case("î")] = case("ỵ")
        table[case("ñ")] = case("đ")
    return table


VNI_TO_UNICODE: dict[str, str] = _vni_table()
_VNI_PAIR_BASES = frozenset(key[0] for key in VNI_TO_UNICODE if len(key) == 2)

# Latin-1 letters that correct Unicode Vietnamese uses: they prove nothing on their own.
_UNICODE_LATIN1_LETTERS = frozenset("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
# Letters only Unicode text can contain (Latin Extended-A/B, Latin Extended Additional, combining tones).
_UNICODE_ONLY = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
                           "\u1ea0-\u1ef9\u0300-\u0303\u0306\u0309\u031b\u0323]")
_HIGH_LATIN1 = re.compile("[\u0080-\u00ff]")
_TCVN3_TELLTALES = frozenset(TCVN3_TO_UNICODE) - _UNICODE_LATIN1_LETTERS
_WORD = re.compile(r"[^\s,;:/()\[\]\"'.\-–]+")
_TONE_MARKS = frozenset(_TONES)
_SHAPE_MARKS = frozenset("\u0302\u0306\u031b")


def decode_tcvn3(text: str) -> str:
    """Convert every TCVN3 character; words typed in all capitals (".VnTimeH") become capitals again."""
    converted = "".join(TCVN3_TO_UNICODE.get(ch, ch) for ch in text)
    if converted == text:
        return text
    return _WORD.sub(lambda m: _restore_caps(text[m.start():m.end()], m.group()), converted)


def _restore_caps(original: str, converted: str) -> str:
    letters = [ch for ch in original if ch.isascii() and ch.isalpha()]
    return converted.upper() if letters and all(ch.isupper() for ch in letters) and len(letters) > 1 else converted


def decode_vni(text: str) -> str:
    """Convert VNI sequences (longest match first: "ôù" is ớ, "ô" alone is ơ)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _VNI_PAIR_BASES and i + 1 < n and text[i:i + 2] in VNI_TO_UNICODE:
            out.append(VNI_TO_UNICODE[text[i:i + 2]])
            i += 2
            continue
        out.append(VNI_TO_UNICODE.get(ch, ch) if len(ch) == 1 and ch in VNI_TO_UNICODE else ch)
        i += 1
    return "".join(out)


def _tcvn3_evidence(text: str) -> int:
    """TCVN3-only characters standing inside a word ("B×nh"), not a lone "×" between numbers; and
    capitals after a small letter ("tiÒn" is TCVN3 "tiền": Unicode words are not cased like that)."""
    count = 0
    for i, ch in enumerate(text):
        before = text[i - 1] if i else " "
        if ch in _TCVN3_TELLTALES:
            after = text[i + 1] if i + 1 < len(text) else " "
            if _lettery(before) or _lettery(after):
                count += 1
        elif ch in TCVN3_TO_UNICODE and ch.isupper() and before.isascii() and before.islower():
            count += 1
    return count


def _lettery(ch: str) -> bool:
    return (ch.isascii() and ch.isalpha()) or ch in TCVN3_TO_UNICODE


def _vni_evidence(text: str) -> int:
    """VNI sequences that correct Unicode text never contains ("eâ", "aø", "ñ"); "oà"/"oá"/"oã" are
    left out because Unicode "Hoà", "Khoá" look the same."""
    count = 0
    for i, ch in enumerate(text):
        pair = text[i:i + 2]
        if len(pair) == 2 and pair in VNI_TO_UNICODE:
            if not (pair[0] in "oO" and pair[1] in "àáãÀÁÃ"):
                count += 1
        elif ch in VNI_TO_UNICODE and ch not in _UNICODE_LATIN1_LETTERS and ch not in "ôÔ":
            count += 1
    return count


def _bad_words(text: str) -> int:
    """Words that cannot be Vietnamese: more than one tone mark, too many vowel-shape marks, a
    Latin-1 symbol left inside, or an impossible vowel pair (what one font read as the other gives:
    VNI "Toång" read as TCVN3 is "Toồng")."""
    bad = 0
    for word in _WORD.findall(text):
        decomposed = unicodedata.normalize("NFD", word)
        tones = sum(ch in _TONE_MARKS for ch in decomposed)
        shapes = sum(ch in _SHAPE_MARKS for ch in decomposed)
        junk = any("\u0080" <= ch <= "\u00ff" and ch not in _UNICODE_LATIN1_LETTERS for ch in word) \
            and any(ch.isascii() and ch.isalpha() for ch in word)  # "×" alone is a symbol, "B×nh" is not
        if tones > 1 or shapes > 2 or junk or _impossible_vowels(word):
            bad += 1
    return bad


_VOWELS = frozenset("aeiouy")


def _impossible_vowels(word: str) -> bool:
    """A plain vowel followed by a marked one that Vietnamese spelling never writes ("aư", "eọ", "oồ").

    Allowed: o + a/ă/e ("hoà", "hoặc", "khoẻ"), u + â/ê/ô/ơ/y/a/e/i ("tuấn", "huế", "muốn",
    "thuở", "thuỷ", "quá", "què", "quí"), i + anything ("giữ", "già"), y + ê ("nguyễn")."""
    letters = [unicodedata.normalize("NFD", ch.lower()) for ch in word]
    if len(letters) >= 3 and letters[-2:] == ["n", "h"] and letters[-3][:1] in ("o", "u", "a"):
        if letters[-3][0] != "a" or any(m in _SHAPE_MARKS for m in letters[-3][1:]):
            return True  # "nh" ends only anh, ênh, inh, ynh: VNI "Tænh" read as TCVN3 is "Tổnh"
    for first, second in zip(letters, letters[1:]):
        if first[:1] in _VOWELS and first[:1] == second[:1] and (len(first) > 1 or len(second) > 1) \
                and "\u031b" not in first:
            return True  # the same vowel twice, one of them marked: "Thuỷy", "oồ" (but "ưu" is fine)
        if len(first) != 1 or first not in _VOWELS or len(second) < 2 or second[0] not in _VOWELS:
            continue
        base, marks = second[0], second[1:]
        shaped = any(m in _SHAPE_MARKS for m in marks)
        if first in "ae":
            return True
        if first == "o" and base not in "ae":
            return True
        if first == "u" and (base == "u" or (base == "o" and not shaped)):
            return True
        if first == "i" and base == "i":
            return True
        if first == "y" and not (base == "e" and "\u0302" in marks):
            return True
    return False


def _capitalised(text: str) -> int:
    return sum(1 for word in _WORD.findall(text) if word[:1].isupper())


def detect_legacy(text: str, *, prefer: Legacy | None = None) -> Legacy | None:
    """Which legacy font ``text`` was typed in, or None when it is (or may well be) Unicode.

    ``prefer`` is what the rest of the column turned out to be: with it, a cell whose only clues are
    ambiguous ("Hoà" is Unicode "Hoà" or VNI "Hồ") is read the way its neighbours were.
    """
    if text.isascii() or _UNICODE_ONLY.search(text) or not _HIGH_LATIN1.search(text):
        return None
    evidence = {"tcvn3": _tcvn3_evidence(text), "vni": _vni_evidence(text)}
    original_bad = _bad_words(text)
    candidates: list[tuple[int, int, Legacy, str]] = []
    for kind, decode in (("tcvn3", decode_tcvn3), ("vni", decode_vni)):
        # A font is tried when the text shows its signs, when the column is in it, or when the text
        # cannot be Vietnamese as it stands (TCVN3 "Huúnh" uses only letters Unicode also has).
        if evidence[kind] == 0 and prefer != kind and original_bad == 0:
            continue
        converted = decode(text)
        if converted != text:
            candidates.append((_bad_words(converted), -evidence[kind], kind, converted))  # type: ignore[arg-type]
    if not candidates:
        return None
    # Ties go to the column's font, then to more evidence, then to the reading whose words start
    # with a capital (names do; TCVN3 has no accented capitals, so VNI "Ñinh" is "Đinh", not "ẹinh").
    bad, _, kind, _ = min(candidates, key=lambda c: (c[0], c[2] != prefer, c[1], -_capitalised(c[3])))
    if bad < original_bad or (bad == 0 and (evidence[kind] > 0 or prefer == kind)):
        return kind
    return None


def fix_legacy_text(text: str, *, prefer: Legacy | None = None) -> str:
    """``text`` in Unicode NFC: TCVN3/VNI text converted, correct Unicode returned unchanged (but NFC)."""
    kind = detect_legacy(text, prefer=prefer)
    if kind == "tcvn3":
        text = decode_tcvn3(text)
    elif kind == "vni":
        text = decode_vni(text)
    return unicodedata.normalize("NFC", text) if not text.isascii() else text


__all__ = ["Legacy", "TCVN3_TO_UNICODE", "VNI_TO_UNICODE", "decode_tcvn3", "decode_vni", "detect_legacy",
           "fix_legacy_text"]
