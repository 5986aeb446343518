"""Eligibility rules as cited data (``documents/*.yaml``, ``facts.yaml``) and the pure engine.

No Telegram, no database, no clock: the caller passes the facts and the "as of" date.
"""

from bot.rules.engine import evaluate_policy, evaluate_situation
from bot.rules.loader import RuleBook, RulebookError, load_rulebook
from bot.rules.model import (
    AmountLine, Citation, ConditionResult, Fact, FactKind, Filing, Policy, PolicyVerdict, Situation,
    SituationResult, Status,
)

__all__ = [
    "evaluate_policy", "evaluate_situation", "RuleBook", "RulebookError", "load_rulebook", "AmountLine",
    "Citation", "ConditionResult", "Fact", "FactKind", "Filing", "Policy", "PolicyVerdict", "Situation",
    "SituationResult", "Status",
]
