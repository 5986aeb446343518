"""/kiemtra: does a citizen qualify for a support policy (the eligibility dialog)."""

from __future__ import annotations

from bot.dialogs.eligibility import EligibilityDialog
from bot.features.base import Action, Command, Feature

FEATURE = Feature(
    key="check", action=Action.DIALOG, dialog=EligibilityDialog,
    command=Command("kiemtra", "check", lambda tr: tr._("Check whether you qualify for support")),
    help=lambda tr: tr._("/kiemtra: check whether you qualify for a support policy (COVID-19 support under "
                         "Resolutions 42 and 68, support from the unemployment-insurance fund, unemployment "
                         "benefit, and your province's own policies), with the estimated amount and the legal "
                         "basis."),
    menu=lambda tr: tr._("Check if I qualify"),
)
