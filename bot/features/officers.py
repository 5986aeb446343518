"""/canbo: officer accounts of one's area: list, invite with a one-time link, remove."""

from __future__ import annotations

from bot.dialogs.officers import OfficersDialog
from bot.features.base import ALL_OFFICERS, Action, Command, Feature

FEATURE = Feature(
    key="officers", action=Action.DIALOG, dialog=OfficersDialog, roles=ALL_OFFICERS,
    command=Command("canbo", "officers", lambda tr: tr._("Officers of your area")),
    help=lambda tr: tr._("/canbo: the officers of your area; invite a new one with a one-time link, or remove one."),
)
