"""A minimal writer of real Excel 97–2003 (.xls, BIFF8) files, for tests only.

The project reads .xls with xlrd but has nothing that writes it (xlwt is unmaintained), and a
committed binary would hide what it contains.  This writes just enough of the format for xlrd
and Excel: an OLE2 compound file holding a "Workbook" stream with one worksheet of text cells
(LABEL), numbers (NUMBER) and dates (NUMBER with a date format), plus merged-cell ranges.
Layout from the published [MS-CFB] and [MS-XLS] specifications.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

_SECTOR = 512
_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_XF_GENERAL, _XF_DATE = 15, 16  # after the 15 style XFs Excel expects
_DATE_FORMAT = 14               # built-in "m/d/yy": xlrd and Excel both treat it as a date


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _xf(style: bool, format_index: int) -> bytes:
    type_prot = 0xFFF5 if style else 0x0001  # style XF (parent 0xFFF) or cell XF locked, parent 0
    return _record(0x00E0, struct.pack("<HHHBBBBIIH", 0, format_index, type_prot, 0x20, 0, 0, 0, 0, 0, 0x20C0))


def _unicode(text: str, length_bytes: int) -> bytes:
    encoded = text.encode("utf-16-le")
    header = struct.pack("<H" if length_bytes == 2 else "<B", len(text))
    return header + b"\x01" + encoded


def _cell(row: int, column: int, value: object) -> bytes:
    if value is None:
        return b""
    if isinstance(value, (datetime, date)):
        day = value.date() if isinstance(value, datetime) else value
        serial = (day - date(1899, 12, 30)).days
        return _record(0x0203, struct.pack("<HHHd", row, column, _XF_DATE, float(serial)))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _record(0x0203, struct.pack("<HHHd", row, column, _XF_GENERAL, float(value)))
    return _record(0x0204, struct.pack("<HHH", row, column, _XF_GENERAL) + _unicode(str(value), 2))


def _sheet(rows: Sequence[Sequence[object]], merged: Sequence[tuple[int, int, int, int]]) -> bytes:
    width = max((len(r) for r in rows), default=0)
    parts = [_bof(0x0010), _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))]
    for r, row in enumerate(rows):
        parts.extend(_cell(r, c, value) for c, value in enumerate(row))
    if merged:
        body = struct.pack("<H", len(merged)) + b"".join(struct.pack("<HHHH", *m) for m in merged)
        parts.append(_record(0x00E5, body))
    parts.append(_record(0x000A, b""))
    return b"".join(parts)


def workbook_stream(rows: Sequence[Sequence[object]], *, sheet_name: str = "Sheet1",
                    merged: Sequence[tuple[int, int, int, int]] = ()) -> bytes:
    """The BIFF8 "Workbook" stream.  ``merged`` ranges are (first row, last row, first col, last col), 0-based."""
    fonts = [_record(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + _unicode("Arial", 1))
             for _ in range(4)]
    xfs = [_xf(True, 0) for _ in range(15)] + [_xf(False, 0), _xf(False, _DATE_FORMAT)]
    name = _unicode(sheet_name, 1)

    def globals_part(sheet_offset: int) -> bytes:
        boundsheet = _record(0x0085, struct.pack("<IH", sheet_offset, 0) + name)
        return b"".join([_bof(0x0005), _record(0x0042, struct.pack("<H", 1200)),
                         _record(0x0022, struct.pack("<H", 0)), *fonts, *xfs, boundsheet, _record(0x000A, b"")])

    offset = len(globals_part(0))
    return globals_part(offset) + _sheet(rows, merged)


def compound_file(stream: bytes, stream_name: str = "Workbook") -> bytes:
    """Wrap ``stream`` in an OLE2 compound file (version 3, 512-byte sectors, no mini stream)."""
    stream = stream.ljust(max(len(stream), 4096), b"\x00")  # >= 4096 bytes: stored in normal sectors
    stream_sectors = -(-len(stream) // _SECTOR)
    fat_sectors = 1
    while stream_sectors + 1 + fat_sectors > fat_sectors * (_SECTOR // 4):
        fat_sectors += 1
    directory_sector = stream_sectors
    fat_start = stream_sectors + 1
    fat = [i + 1 for i in range(stream_sectors - 1)] + [_END, _END] + [_FAT] * fat_sectors
    fat += [_FREE] * (fat_sectors * (_SECTOR // 4) - len(fat))
    difat = [fat_start + i for i in range(fat_sectors)] + [_FREE] * (109 - fat_sectors)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
              + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\x00" * 6
              + struct.pack("<IIIIIIIII", 0, fat_sectors, directory_sector, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<109I", *difat))
    directory = (_entry("Root Entry", 5, child=1, start=_END, size=0)
                 + _entry(stream_name, 2, child=_FREE, start=0, size=len(stream))
                 + _empty_entry() * 2)
    body = stream.ljust(stream_sectors * _SECTOR, b"\x00") + directory + struct.pack(f"<{len(fat)}I", *fat)
    return header + body


def _entry(name: str, kind: int, *, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return (encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _FREE, _FREE, child) + b"\x00" * 16 + struct.pack("<I", 0) + b"\x00" * 16
            + struct.pack("<IIi", start, size, 0))


def _empty_entry() -> bytes:
    return b"\x00" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", _FREE, _FREE, _FREE) + b"\x00" * 48


def write_xls(path: Path, rows: Sequence[Sequence[object]], *, sheet_name: str = "Sheet1",
              merged: Sequence[tuple[int, int, int, int]] = ()) -> None:
    path.write_bytes(compound_file(workbook_stream(rows, sheet_name=sheet_name, merged=merged)))


__all__ = ["write_xls"]
