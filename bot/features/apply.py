"""/nophoso: a citizen fills in and submits an application."""

from __future__ import annotations

from bot.dialogs.apply import ApplyDialog
from bot.features.base import Action, Command, Feature

FEATURE = Feature(
    key="apply", action=Action.DIALOG, dialog=ApplyDialog,
    command=Command("nophoso", "apply", lambda tr: tr._("Apply for support")),
    help=lambda tr: tr._("/nophoso: fill in an application, check it, and submit it to get a reference code."),
    menu=lambda tr: tr._("Apply for support"),
)
