"""Officers send an approved or paid list as a file; the import dialog previews and imports it."""

from __future__ import annotations

from bot.dialogs.import_texts import limits_text
from bot.dialogs.officer_import import OfficerImportDialog
from bot.features.base import DATA_OFFICERS, Action, Feature
from bot.i18n import Translator


def _help(tr: Translator) -> str:
    return "\n\n".join([
        tr._("Send an approved or paid list as a file (.xlsx, .xls or .csv): you will see a preview and the rows "
             "that cannot be imported, and nothing changes until you press \"Xác nhận\"."),
        limits_text(tr)])


FEATURE = Feature(key="import", action=Action.DOCUMENT, dialog=OfficerImportDialog, roles=DATA_OFFICERS, help=_help)
