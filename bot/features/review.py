"""/duyet: officers decide submitted applications of their area, one at a time."""

from __future__ import annotations

from bot.dialogs.officer_review import OfficerReviewDialog
from bot.features.base import DATA_OFFICERS, Action, Command, Feature

FEATURE = Feature(
    key="review", action=Action.DIALOG, dialog=OfficerReviewDialog, roles=DATA_OFFICERS,
    command=Command("duyet", "review", lambda tr: tr._("Review submitted applications")),
    help=lambda tr: tr._("/duyet: review submitted applications one by one."),
)
