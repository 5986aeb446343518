"""Officers send an approved or paid list as a file; the import dialog previews and imports it."""

from __future__ import annotations

from bot.dialogs.officer_import import OfficerImportDialog
from bot.features.base import DATA_OFFICERS, Action, Feature

FEATURE = Feature(
    key="import", action=Action.DOCUMENT, dialog=OfficerImportDialog, roles=DATA_OFFICERS,
    help=lambda tr: tr._("Send an approved or paid list as a file (.xlsx, .xls or .csv): you will see a preview and "
                         "the rows that cannot be imported, and nothing changes until you press \"Xác nhận\"."),
)
