"""Short, distinct names of the policies, for buttons.

Policy titles run to a hundred characters and differ only at the end ("… (NQ 68)", "… (NQ 42,
năm 2020)"), so cutting them to a button's width made several buttons read the same.  Each
policy has a short name here (English msgid, translated in the catalogs) that names its
resolution first; a policy added to the rule book without one falls back to its title cut short
with its id, which is at least distinct.
"""

from __future__ import annotations

from bot.i18n import Translator
from bot.rules import RuleBook

BUTTON_LIMIT = 48


def _short_names(tr: Translator) -> dict[str, str]:
    return {
        "nq68_unpaid_leave": tr._("NQ 68: suspended contract, unpaid leave"),
        "nq68_work_stoppage": tr._("NQ 68: work stoppage"),
        "nq68_termination": tr._("NQ 68: contract ended, no benefit"),
        "nq68_f0": tr._("NQ 68: meals during COVID treatment (F0)"),
        "nq68_f1": tr._("NQ 68: meals during quarantine (F1)"),
        "nq68_artist": tr._("NQ 68: performing artists"),
        "nq68_tour_guide": tr._("NQ 68: tour guides"),
        "nq68_household_business": tr._("NQ 68: household business closed"),
        "nq42_unpaid_leave": tr._("NQ 42 (2020): suspended contract, unpaid leave"),
        "nq42_household_business": tr._("NQ 42 (2020): household business closed"),
        "nq42_termination": tr._("NQ 42 (2020): contract ended, no benefit"),
        "nq42_freelance": tr._("NQ 42 (2020): lost work without a contract"),
        "nq42_merit": tr._("NQ 42: people of merit"),
        "nq42_social_protection": tr._("NQ 42: social-protection beneficiaries"),
        "nq42_poor_household": tr._("NQ 42: poor and near-poor households"),
        "nq116_participant": tr._("NQ 116: insured on 30/9/2021"),
        "nq116_stopped": tr._("NQ 116: insurance stopped, contract ended"),
        "hcm_freelance_2021": tr._("TP.HCM NQ 09/2021: freelance workers"),
        "tctn_2013": tr._("Unemployment benefit (2013 law)"),
        "tctn_2025": tr._("Unemployment benefit (2025 law)"),
    }


def policy_button_label(rules: RuleBook, policy_id: str, tr: Translator) -> str:
    """A short name for a button, distinct from every other policy's."""
    known = _short_names(tr).get(policy_id)
    if known:
        return known
    title = tr._(rules.policies[policy_id].title)
    suffix = f" ({policy_id})"
    room = BUTTON_LIMIT - len(suffix)
    return (title if len(title) <= room else title[: room - 1].rstrip() + "…") + suffix
