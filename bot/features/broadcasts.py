"""Announcements: officers broadcast to the citizens of their area (/thongbao); citizens stop and
restart them (/tatthongbao, /batthongbao) while personal notices (paid, decided) still reach them."""

from __future__ import annotations

from bot.dialogs.broadcast import BroadcastDialog
from bot.features.base import DATA_OFFICERS, Action, Command, Feature

FEATURE = Feature(
    key="broadcast", action=Action.DIALOG, dialog=BroadcastDialog, roles=DATA_OFFICERS,
    command=Command("thongbao", "broadcast", lambda tr: tr._("Send an announcement to your area")),
    help=lambda tr: tr._("/thongbao: write an announcement (bold, italics, links), choose who in your area gets it, "
                         "see how many chats and a preview, send now or at a set time; follow, pause or stop it; "
                         "the list of past announcements with their figures."),
)

OFF = Feature(
    key="announcements_off", action=Action.ANNOUNCEMENTS_OFF,
    command=Command("tatthongbao", "mute", lambda tr: tr._("Stop announcements")),
    help=lambda tr: tr._("/tatthongbao: stop officers' announcements (news about your own application or payment "
                         "still reaches you); /batthongbao: receive them again."),
)

ON = Feature(
    key="announcements_on", action=Action.ANNOUNCEMENTS_ON,
    command=Command("batthongbao", "unmute", lambda tr: tr._("Receive announcements again")),
)
