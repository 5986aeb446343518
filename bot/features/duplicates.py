"""/trunglap: the same person approved twice, in two communes or under policies that may not be
combined, paid twice, paid without approval or above the approved amount."""

from __future__ import annotations

from bot.dialogs.duplicates import DuplicatesDialog
from bot.features.base import ALL_OFFICERS, Action, Command, Feature

FEATURE = Feature(
    key="duplicates", action=Action.DIALOG, dialog=DuplicatesDialog, roles=ALL_OFFICERS,
    command=Command("trunglap", "duplicates", lambda tr: tr._("Duplicates across lists and communes")),
    help=lambda tr: tr._("/trunglap: people approved or paid twice, across policies and communes, paid without "
                         "approval or above the approved amount: counts here, the rows as .xlsx."),
)
