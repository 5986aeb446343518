"""/congkhai: a province or commune officer shows their area's figures on the public web page
(``python -m bot web``) or hides them; audited, checked in ``bot.services.publication``."""

from __future__ import annotations

from bot.dialogs.publication import PublicationDialog
from bot.features.base import DATA_OFFICERS, Action, Command, Feature

FEATURE = Feature(
    key="publication", action=Action.DIALOG, dialog=PublicationDialog, roles=DATA_OFFICERS,
    command=Command("congkhai", "publish", lambda tr: tr._("Show your area's figures on the public page")),
    help=lambda tr: tr._("/congkhai: publish or hide your area's figures (approved, paid, share paid) on the "
                         "public web page; no personal data is ever shown there."),
)
