"""The limits a list file must stay within, declared once and checked before the file is read whole.

A hostile or careless file (a 2 MB CSV with a million columns, an .xlsx that unpacks to gigabytes)
must be refused in a moment, not read for minutes.  So the limits are checked in the order that
costs least: the file's size on disk first, then the zip directory of an .xlsx (declared unpacked
sizes and compression ratio of each part, number of sheets) before openpyxl sees it, then rows,
columns and cell lengths while the rows stream (the reader stops at the first row over a limit).

The values are generous for real lists (a province's list has at most a few hundred thousand rows
and a few dozen columns) and are stated in the README and in the officers' help text; the help text
takes them from here.  A limit crossed raises :class:`~bot.lists.errors.ListError` with one of the
codes below and the limit as ``limit``; the dialogs word it in Vietnamese.

Codes: ``file_too_large``, ``unpacked_too_large``, ``compression_ratio``, ``too_many_sheets``,
``too_many_rows``, ``too_many_columns`` (row), ``cell_too_long`` (row).  A zip whose directory
cannot be read is ``unsupported_format`` (format "zip"), as before.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from bot.lists.errors import ListError


@dataclass(frozen=True)
class ListLimits:
    """What one list file may contain.  Tests pass smaller values; the bot uses :data:`LIMITS`."""

    file_bytes: int = 256 * 1024 * 1024        # on disk; a million-row CSV is about 150 MB
    unpacked_bytes: int = 1024 * 1024 * 1024   # all parts of an .xlsx together, unpacked
    compression_ratio: int = 200               # unpacked / packed of one .xlsx part over 1 MB
    sheets: int = 100
    rows: int = 1_100_000                      # Excel's own maximum is 1,048,576
    columns: int = 256                         # real lists have a few dozen
    cell_chars: int = 5_000

    @property
    def file_megabytes(self) -> int:
        return self.file_bytes // (1024 * 1024)

    @property
    def unpacked_megabytes(self) -> int:
        return self.unpacked_bytes // (1024 * 1024)


LIMITS = ListLimits()
_RATIO_FLOOR = 1024 * 1024  # small parts may compress very well (an empty sheet); only big ones are bombs


def check_file_size(path: Path, limits: ListLimits) -> None:
    if path.stat().st_size > limits.file_bytes:
        raise ListError("file_too_large", limit=limits.file_megabytes)


def check_zip(path: Path, limits: ListLimits) -> None:
    """Refuse a zip bomb from its directory alone, before anything is unpacked.

    The declared sizes are what the directory says; zipfile itself stops unpacking a part at its
    declared size (and then fails its CRC), so a part that lies about its size cannot unpack to more
    than it declared: checking the declared sizes bounds the actual ones too.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ListError("unsupported_format", format="zip") from error
    total = 0
    sheets = 0
    for entry in entries:
        total += entry.file_size
        if total > limits.unpacked_bytes:
            raise ListError("unpacked_too_large", limit=limits.unpacked_megabytes)
        if entry.file_size > _RATIO_FLOOR and entry.file_size > limits.compression_ratio * max(entry.compress_size, 1):
            raise ListError("compression_ratio", limit=limits.compression_ratio)
        if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
            sheets += 1
    if sheets > limits.sheets:
        raise ListError("too_many_sheets", limit=limits.sheets)


def too_many_rows(limits: ListLimits) -> ListError:
    return ListError("too_many_rows", limit=limits.rows)


def too_many_columns(limits: ListLimits, row_number: int) -> ListError:
    return ListError("too_many_columns", limit=limits.columns, row=row_number)


def cell_too_long(limits: ListLimits, row_number: int) -> ListError:
    return ListError("cell_too_long", limit=limits.cell_chars, row=row_number)


__all__ = ["LIMITS", "ListLimits", "cell_too_long", "check_file_size", "check_zip", "too_many_columns",
           "too_many_rows"]
