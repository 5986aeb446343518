"""Encodings of offices' files: UTF-8 (with or without BOM) or Windows-1258 CSVs, and text typed
in the legacy TCVN3 (ABC, .VnTime fonts) or VNI-Windows fonts inside otherwise Unicode files.

Legacy text is recognised only by signs that never occur in Unicode Vietnamese (characters such
as × µ ¸ ® ¬ for TCVN3, letter pairs such as "eä" "aâ" "aø" for VNI), so a correctly typed name
like "Tô Lâm" or "Đặng Thị Ánh" is never touched.
"""

from __future__ import annotations

import unicodedata

# TCVN3 (ABC) single-byte code points (as they appear when read as Latin-1) -> Unicode.
_TCVN3 = dict(zip(
    "µ¶·¸¹¨»¼½¾Æ©ÇÈÉÊË®ÌÎÏÐÑªÒÓÔÕÖ×ØÜÝÞßáâãä«åæçèé¬êëìíîïñòóôõö÷øùúûüýþ¡¢§£¤¥¦\xad",
    "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụừửữứựỳỷỹýỵĂÂĐÊÔƠƯư",
))
_TCVN3_SIGNS = set("µ¶·¸¹¨»¼½¾Æ©ÇËÌÎÏÐÑª®¬×ØÜÞßåæçëîïñö÷øûþ¡¢§£¤¥¦\xad")

# VNI-Windows: base letter followed by mark characters.  Longest sequences first.
_VNI_PAIRS = {
    "aá": "ấ", "aà": "ầ", "aå": "ẩ", "aã": "ẫ", "aä": "ậ", "aé": "ắ", "aè": "ằ", "aú": "ẳ", "aü": "ẵ", "aë": "ặ",
    "aâ": "â", "aê": "ă", "aù": "á", "aø": "à", "aû": "ả", "aõ": "ã", "aï": "ạ",
    "eá": "ế", "eà": "ề", "eå": "ể", "eã": "ễ", "eä": "ệ", "eâ": "ê", "eù": "é", "eø": "è", "eû": "ẻ", "eõ": "ẽ",
    "eï": "ẹ",
    "oá": "ố", "oà": "ồ", "oå": "ổ", "oã": "ỗ", "oä": "ộ", "oâ": "ô", "où": "ó", "oø": "ò", "oû": "ỏ", "oõ": "õ",
    "oï": "ọ",
    "ôù": "ớ", "ôø": "ờ", "ôû": "ở", "ôõ": "ỡ", "ôï": "ợ",
    "uù": "ú", "uø": "ù", "uû": "ủ", "uõ": "ũ", "uï": "ụ",
    "öù": "ứ", "öø": "ừ", "öû": "ử", "öõ": "ữ", "öï": "ự",
    "yù": "ý", "yø": "ỳ", "yû": "ỷ", "yõ": "ỹ", "yï": "ỵ",
}
_VNI_SINGLE = {"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "ô": "ơ", "ö": "ư", "ñ": "đ", "Ñ": "Đ",
               "Ô": "Ơ", "Ö": "Ư"}
_VNI_SIGNS = ("aâ", "aê", "eâ", "oâ", "aá", "aà", "aã", "aä", "eá", "eà", "eã", "eä", "eå", "aå", "aé", "aè",
              "aø", "aù", "aû", "aï", "eø", "oø", "uø", "uï", "oï", "ôù", "ôø", "öù", "öø", "yù")


def _is_legacy_candidate(text: str) -> bool:
    return bool(text) and max(text) < "\u0100" and not text.isascii()


def looks_like_vni(text: str) -> bool:
    if not _is_legacy_candidate(text):
        return False
    lower = text.lower()
    return any(sign in lower for sign in _VNI_SIGNS) or ("ñ" in lower and "ö" in lower)


def looks_like_tcvn3(text: str) -> bool:
    return _is_legacy_candidate(text) and any(ch in _TCVN3_SIGNS for ch in text)


def vni_to_unicode(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        key = pair.lower()
        if key in _VNI_PAIRS:
            value = _VNI_PAIRS[key]
            out.append(value.upper() if pair[0].isupper() else value)
            i += 2
            continue
        ch = text[i]
        out.append(_VNI_SINGLE.get(ch, ch))
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def tcvn3_to_unicode(text: str) -> str:
    return unicodedata.normalize("NFC", "".join(_TCVN3.get(ch, ch) for ch in text))


def fix_legacy_text(text: str) -> str:
    """Unicode NFC for any cell: legacy-font text converted, Unicode text only normalised."""
    if text.isascii():
        return text
    if looks_like_vni(text):
        return vni_to_unicode(text)
    if looks_like_tcvn3(text):
        return tcvn3_to_unicode(text)
    return unicodedata.normalize("NFC", text)


def detect_csv_encoding(prefix: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1258."""
    if prefix.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        prefix.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if error.start >= len(prefix) - 3:  # a multi-byte character cut by the end of the sample
            return "utf-8"
        return "cp1258"
