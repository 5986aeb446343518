"""Eligibility rules as cited data (``documents/*.yaml``, ``facts.yaml``) and the pure engine.

No Telegram, no database, no clock, no environment: the caller passes the answers and the
"as of" date.  The only I/O is reading the YAML files in :func:`load_rulebook`.
"""

from bot.rules.engine import evaluate_policy, evaluate_situation
from bot.rules.loader import load_rulebook
from bot.rules.model import (
    AmountLine, ConditionResult, ConditionStatus, Fact, FactKind, Filing, LateFiling, Policy, PolicyVerdict,
    RuleBook, Situation, SituationResult, Status,
)
from bot.rules.params import Citation
from bot.rules.schema import RulebookError

__all__ = [
    "AmountLine", "Citation", "ConditionResult", "ConditionStatus", "Fact", "FactKind", "Filing", "LateFiling",
    "Policy",
    "PolicyVerdict", "RuleBook", "RulebookError", "Situation", "SituationResult", "Status", "evaluate_policy",
    "evaluate_situation", "load_rulebook",
]
