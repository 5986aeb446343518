"""Free text that names one of the offered choices: "vung 1" for "Vùng I", "tam hoan hop dong" for
"Tạm hoãn HĐLĐ, nghỉ không lương", "2" for the second button.

Comparison ignores case, diacritics and punctuation, reads Roman numerals as digits and expands
the abbreviations offices and citizens use (HĐLĐ, BHTN…).  A text that fits several choices
equally picks none: guessing between two policies would be worse than asking again.
"""

from __future__ import annotations

from bot.parsing.text import ascii_digits

from collections.abc import Sequence

from bot.parsing.text import match_key

_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6"}
_ABBREVIATIONS = {
    "hdld": "hop dong lao dong", "hd": "hop dong", "bhtn": "bao hiem that nghiep", "bhxh": "bao hiem xa hoi",
    "nld": "nguoi lao dong", "tctn": "tro cap that nghiep", "hkd": "ho kinh doanh", "hcm": "ho chi minh",
    "tp": "thanh pho", "ld": "lao dong", "nsdld": "nguoi su dung lao dong",
}
_FILLER = {"la", "bi", "toi", "minh", "em", "chon", "cai", "so", "muc", "dang", "da", "a", "thi", "o", "cua"}


def _tokens(text: str) -> list[str]:
    words: list[str] = []
    for word in match_key(text).split(" "):
        if not word:
            continue
        word = _ROMAN.get(word, word)
        words.extend(_ABBREVIATIONS.get(word, word).split(" "))
    return words


def match_choice(text: str, options: Sequence[tuple[str, Sequence[str]]]) -> str | None:
    """The value of the one option whose label (or alias) the text names; None when none or several fit.

    ``options`` are ``(value, labels)``; a bare number n picks the n-th option.
    """
    typed = _tokens(text)
    if not typed:
        return None
    if len(typed) == 1 and ascii_digits(typed[0]) and len(typed[0]) <= 3:
        index = int(typed[0]) - 1
        # "1" is also the label of "Vùng I": a label match below wins over the position.
        by_label = _best(typed, options)
        if by_label is not None:
            return by_label
        return options[index][0] if 0 <= index < len(options) else None
    return _best(typed, options)


def _best(typed: list[str], options: Sequence[tuple[str, Sequence[str]]]) -> str | None:
    exact = {value for value, labels in options for label in (value, *labels) if _tokens(label) == typed}
    if len(exact) == 1:
        return exact.pop()
    if exact:
        return None
    wanted = [w for w in typed if w not in _FILLER] or typed
    full: set[str] = set()
    partial: dict[str, float] = {}
    for value, labels in options:
        for label in labels:
            words = _tokens(label)
            found = sum(1 for w in wanted if w in words)
            if words and found == len(wanted):
                full.add(value)
            elif words and len(wanted) >= 3 and found / len(wanted) >= 0.75:
                partial[value] = max(partial.get(value, 0.0), found / len(wanted))
    if full:
        return full.pop() if len(full) == 1 else None
    ranked = sorted(partial.values(), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return None
    return max(partial, key=lambda value: partial[value])
