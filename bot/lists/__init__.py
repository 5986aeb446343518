"""Reading the approved and paid lists offices really have: formats, encodings, headers, rows.

Pure and streaming: no Telegram, no database; errors are codes the dialogs word.
"""

from bot.lists.encoding import fix_legacy_text
from bot.lists.errors_report import write_error_report
from bot.lists.headers import HeaderMatch, locate_header
from bot.lists.records import ApprovedRecord, PaidRecord, RowError, Skipped, iter_records
from bot.lists.sources import TableSource, open_table

__all__ = ["fix_legacy_text", "write_error_report", "HeaderMatch", "locate_header", "ApprovedRecord", "PaidRecord",
           "RowError", "Skipped", "iter_records", "TableSource", "open_table"]
