"""/duyet: officers decide the submitted applications of their area, oldest first, on time."""

from __future__ import annotations

from bot.dialogs.review import ReviewDialog
from bot.features.base import DATA_OFFICERS, Action, Command, Feature

FEATURE = Feature(
    key="review", action=Action.DIALOG, dialog=ReviewDialog, roles=DATA_OFFICERS,
    command=Command("duyet", "review", lambda tr: tr._("Review submitted applications")),
    help=lambda tr: tr._("/duyet: the applications waiting in your area, oldest first, with the days left before "
                         "their time limit; approve, refuse with a reason or send back for a missing paper."),
)
