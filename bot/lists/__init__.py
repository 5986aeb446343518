"""Reading the approved and paid lists that offices really have: formats, encodings, legacy fonts,
header detection, row conversion and the report of refused rows.

Pure and streaming: no Telegram, no database, no environment, no clock (``today`` is passed in).
Problems are stable ASCII codes with parameters; the dialogs word them in Vietnamese.
"""

from bot.lists.encoding import decode_csv_bytes, sniff_encoding
from bot.lists.errors import ListError
from bot.lists.errors_report import write_error_report
from bot.lists.headers import FIELD_ALIASES, REQUIRED, HeaderMatch, header_key, locate_header
from bot.lists.legacy_fonts import detect_legacy, fix_legacy_text
from bot.lists.records import ApprovedRecord, Item, PaidRecord, RowError, Skipped, iter_records
from bot.lists.sources import TableSource, open_table

__all__ = [
    "FIELD_ALIASES", "REQUIRED", "ApprovedRecord", "HeaderMatch", "Item", "ListError", "PaidRecord", "RowError",
    "Skipped", "TableSource", "decode_csv_bytes", "detect_legacy", "fix_legacy_text", "header_key", "iter_records",
    "locate_header", "open_table", "sniff_encoding", "write_error_report",
]
