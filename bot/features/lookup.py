"""/tracuu: "was I approved, was I paid?"."""

from __future__ import annotations

from bot.dialogs.lookup import LookupDialog
from bot.features.base import Action, Command, Feature

FEATURE = Feature(
    key="lookup", action=Action.DIALOG, dialog=LookupDialog,
    command=Command("tracuu", "lookup", lambda tr: tr._("Was I approved or paid?")),
    help=lambda tr: tr._("/tracuu: find out whether you are on an approved list and whether you have been paid."),
    menu=lambda tr: tr._("Was I approved or paid?"),
)
