"""/thongke: figures of the officer's area by policy and commune, a chart and a report-form .xlsx."""

from __future__ import annotations

from bot.dialogs.statistics import StatisticsDialog
from bot.features.base import ALL_OFFICERS, Action, Command, Feature

FEATURE = Feature(
    key="statistics", action=Action.DIALOG, dialog=StatisticsDialog, roles=ALL_OFFICERS,
    command=Command("thongke", "stats", lambda tr: tr._("Statistics and report of your area")),
    help=lambda tr: tr._("/thongke: figures of your area for a period (applications, approved, paid, share paid, "
                         "support in kind) by policy and commune, with a chart and the report form as .xlsx."),
)
