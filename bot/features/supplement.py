"""/bosung: an applicant adds the paper an officer asked for; the application goes back to /duyet."""

from __future__ import annotations

from bot.dialogs.supplement import SupplementDialog
from bot.features.base import Action, Command, Feature

FEATURE = Feature(
    key="supplement", action=Action.DIALOG, dialog=SupplementDialog,
    command=Command("bosung", "supplement", lambda tr: tr._("Add a missing paper to your application")),
    help=lambda tr: tr._("/bosung: when the office sent your application back for a missing paper, send what it "
                         "asked for; the application goes back to the office at once."),
)
