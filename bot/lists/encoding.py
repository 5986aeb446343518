"""Which text encoding a CSV file is in, decided from its first bytes, and decoding it as a stream.

Offices send CSV in UTF-8 (with or without BOM), UTF-16 ("Unicode Text" from Excel), Windows-1258
(Vietnamese Windows, whose tones are *combining* marks, hence NFC afterwards), or bytes typed with a
legacy TCVN3/VNI font.  The last one is read as Latin-1 so every byte survives, and the cells are
converted by :func:`fix_legacy_text` one by one, exactly like cells of a spreadsheet typed with
.VnTime.  Detection looks at a prefix only, so a 1 GB file costs no more than a small one.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
from typing import BinaryIO, Literal

from bot.lists.legacy_fonts import detect_legacy, fix_legacy_text

Encoding = Literal["utf-8-sig", "utf-8", "utf-16", "cp1258", "latin-1"]
PREFIX_BYTES = 64 * 1024

# cp1258 puts the five tone marks at these bytes; in Vietnamese text they follow a vowel.
_CP1258_TONES = frozenset(b"\xcc\xd2\xde\xec\xf2")
_CP1258_VOWELS = frozenset(b"aeiouyAEIOUY\xe2\xea\xf4\xe3\xf5\xfd\xc2\xca\xd4\xc3\xd5\xdd")
_WORDS = re.compile(r"[^\s,;\t\"']+")
_CELL = re.compile(r"[^,;\t\r\n\"|]+")


def sniff_encoding(prefix: bytes) -> Encoding:
    """The encoding of a text file whose first bytes are ``prefix`` (ideally 64 KB)."""
    if prefix.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if prefix.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    # final=False: a multi-byte character cut at the end of the prefix is not an error.
    text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(prefix, final=False)
    bad = text.count("\ufffd")
    if bad == 0 or bad * 20 < sum(1 for ch in text if ord(ch) > 0x7F):
        return "utf-8"  # UTF-8, perhaps with a stray damaged byte: that cell shows U+FFFD, not the file
    return "latin-1" if _legacy_score(prefix) > _cp1258_score(prefix) else "cp1258"


def _cp1258_score(data: bytes) -> int:
    """Tone bytes right after a vowel: how Windows-1258 writes "Hoà", "Bình"."""
    return sum(1 for i in range(1, len(data)) if data[i] in _CP1258_TONES and data[i - 1] in _CP1258_VOWELS)


def _legacy_score(data: bytes) -> int:
    text = data.decode("latin-1")
    return sum(1 for word in _WORDS.findall(text) if not word.isascii() and detect_legacy(word) is not None)


def open_text(stream: BinaryIO, encoding: Encoding) -> io.TextIOWrapper:
    """A text stream over ``stream``; undecodable bytes become U+FFFD rather than stopping the import.

    ``newline=""`` is what the csv module needs to keep line breaks inside quoted cells.
    """
    return io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")


def decode_csv_bytes(data: bytes) -> tuple[str, Encoding]:
    """Decode a whole (small) CSV file: the text in NFC with legacy-font cells converted, and the
    encoding.  Large files are read through :func:`open_text` instead."""
    encoding = sniff_encoding(data[:PREFIX_BYTES])
    text = unicodedata.normalize("NFC", data.decode(encoding, errors="replace"))
    if encoding == "latin-1":
        text = _CELL.sub(lambda cell: fix_legacy_text(cell.group()), text)
    return text, encoding


__all__ = ["Encoding", "PREFIX_BYTES", "decode_csv_bytes", "fix_legacy_text", "open_text", "sniff_encoding"]
