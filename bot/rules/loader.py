"""Loading and validating the rule files: ``facts.yaml`` and ``documents/*.yaml``.

Validation is strict and names the file and the place of the mistake, because a wrong rule
file means wrong answers to citizens: every condition, amount and date carries a citation with
an article; money is integer đồng (a float is refused); every fact a rule uses is declared.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.rules.model import (
    Citation, Condition, Fact, FactKind, Filing, Parameter, Policy, Situation, Supplement,
)

RULES_DIR = Path(__file__).parent
DOCUMENTS_DIR = RULES_DIR / "documents"
TESTS = {"is", "min", "max", "between", "before", "after", "in"}
DERIVATIONS = {"days", "days_in_window", "add_months", "full_months"}
AMOUNT_KINDS = {"fixed", "tiers", "per_day", "per_month", "per_unit", "calculator"}


class RulebookError(ValueError):
    """A rule file is malformed; the message says which file and where."""


@dataclass(frozen=True)
class RuleBook:
    facts: dict[str, Fact]
    situations: list[Situation]
    policies: dict[str, Policy]
    files: tuple[Path, ...]

    def texts(self) -> Iterator[tuple[str, str]]:
        """Every citizen-facing string, with where it comes from (for the translators)."""
        for fact in self.facts.values():
            yield fact.question, f"fact {fact.id}"
            if fact.help:
                yield fact.help, f"fact {fact.id} help"
            for _, label in fact.choices:
                yield label, f"fact {fact.id} choice"
        for situation in self.situations:
            yield situation.label, f"situation {situation.id}"
        for policy in self.policies.values():
            yield policy.title, f"policy {policy.id}"
            yield policy.document, f"policy {policy.id} document"
            for condition in policy.conditions:
                yield condition.text, f"policy {policy.id} condition {condition.id}"


def _fail(where: str, message: str) -> RulebookError:
    return RulebookError(f"{where}: {message}")


def _citation(raw: Any, named: dict[str, Citation], where: str) -> Citation:
    if isinstance(raw, str):
        if raw not in named:
            raise _fail(where, f"unknown citation {raw!r}")
        return named[raw]
    if not isinstance(raw, dict) or not raw.get("article") or not raw.get("document"):
        raise _fail(where, "a citation needs a document and an article")
    return Citation(str(raw["document"]), str(raw["article"]), str(raw.get("clause", "")),
                    str(raw.get("point", "")), str(raw.get("url", "")), bool(raw.get("verified", True)))


def _parameter(name: str, raw: dict[str, Any], named: dict[str, Citation], where: str) -> Parameter:
    citation = _citation(raw.get("citation"), named, f"{where}.citation")
    if "value" in raw:
        values: list[tuple[date, Any]] = [(date.min, raw["value"])]
    else:
        values = sorted(((start, value) for start, value in (raw.get("values") or {}).items()), key=lambda x: x[0])
    if not values:
        raise _fail(where, "a parameter needs value or values")
    for start, value in values:
        if not isinstance(start, date):
            raise _fail(where, f"{start!r} is not a date")
        if raw.get("unit") == "VND":
            if isinstance(value, float) or (value is not None and not isinstance(value, (int, dict))):
                raise _fail(where, f"money must be integer đồng, got {value!r}")
    return Parameter(name, tuple(values), citation)


def _load_facts(path: Path) -> tuple[dict[str, Fact], list[dict[str, Any]]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    facts: dict[str, Fact] = {}
    for item in raw["facts"]:
        where = f"{path.name}: fact {item.get('id')}"
        try:
            kind = FactKind(item["kind"])
        except (KeyError, ValueError) as error:
            raise _fail(where, "kind must be one of " + ", ".join(k.value for k in FactKind)) from error
        choices = tuple((str(c["value"]), str(c["label"])) for c in item.get("choices", []))
        if kind is FactKind.CHOICE and not choices:
            raise _fail(where, "a choice needs choices")
        facts[item["id"]] = Fact(item["id"], kind, item["question"], item.get("help"), choices,
                                 item.get("min"), item.get("max"))
    return facts, raw["situations"]


def _load_document(path: Path, facts: dict[str, Fact]) -> list[Policy]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = path.name
    named: dict[str, Citation] = {}
    for key, value in (raw.get("citations") or {}).items():
        named[key] = _citation(value, {}, f"{where}: citations.{key}")
    params = {name: _parameter(name, spec, named, f"{where}: parameters.{name}")
              for name, spec in (raw.get("parameters") or {}).items()}
    derived = dict(raw.get("derived") or {})
    for name, spec in derived.items():
        if not isinstance(spec, dict) or len(spec) != 1 or next(iter(spec)) not in DERIVATIONS:
            raise _fail(f"{where}: derived.{name}", f"one of {sorted(DERIVATIONS)} expected")
    policies = []
    for item in raw["policies"]:
        pwhere = f"{where}: policy {item.get('id')}"
        conditions = []
        for c in item.get("conditions", []):
            cwhere = f"{pwhere} condition {c.get('id')}"
            if c["subject"] not in facts and c["subject"] not in derived:
                raise _fail(cwhere, f"subject {c['subject']!r} is neither a fact nor a derived value")
            if not set(c["test"]) <= TESTS:
                raise _fail(cwhere, f"unknown test {sorted(set(c['test']) - TESTS)}")
            for value in c["test"].values():
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, str) and v.startswith("param:") and v[6:] not in params:
                        raise _fail(cwhere, f"unknown parameter {v}")
            conditions.append(Condition(c["id"], c["text"], c["subject"], dict(c["test"]),
                                        _citation(c.get("citation"), named, cwhere)))
        amount = dict(item.get("amount") or {})
        if amount and not set(amount) & AMOUNT_KINDS:
            raise _fail(pwhere, f"amount must be one of {sorted(AMOUNT_KINDS)}")
        supplements = tuple(
            Supplement(s["id"], s["label"], s["amount"], s.get("when"), s.get("per"), s.get("unless"),
                       _citation(s.get("citation"), named, f"{pwhere} supplement {s['id']}") if s.get("citation") else None)
            for s in item.get("supplements", []))
        for s in supplements:
            if s.amount not in params:
                raise _fail(pwhere, f"supplement {s.id}: unknown parameter {s.amount}")
            for ref in (s.when, s.per, s.unless):
                if ref and ref not in facts:
                    raise _fail(pwhere, f"supplement {s.id}: unknown fact {ref}")
        filing = None
        if item.get("filing"):
            f = item["filing"]
            filing = Filing(f["who"], f["where"], tuple(f.get("forms", [])), tuple(f.get("papers", [])),
                            f.get("deadline_text"), _citation(f["citation"], named, pwhere) if f.get("citation") else None)
        policies.append(Policy(
            id=item["id"], title=item["title"], document=item.get("document", raw["document"]),
            citation=_citation(item.get("citation"), named, pwhere), conditions=tuple(conditions), amount=amount,
            supplements=supplements, filing=filing, reference_date=item.get("reference_date"),
            deadline=item.get("deadline"), notes=tuple(item.get("notes", [])), aliases=tuple(item.get("aliases", [])),
            parameters=params, derived=derived, source_file=path.name,
        ))
    return policies


def load_rulebook(documents_dir: Path = DOCUMENTS_DIR, facts_path: Path = RULES_DIR / "facts.yaml") -> RuleBook:
    facts, raw_situations = _load_facts(facts_path)
    policies: dict[str, Policy] = {}
    files = tuple(sorted(documents_dir.glob("*.yaml")))
    for path in files:
        for policy in _load_document(path, facts):
            if policy.id in policies:
                raise _fail(path.name, f"policy {policy.id} is defined twice")
            policies[policy.id] = policy
    situations = []
    for item in raw_situations:
        missing = [p for p in item["policies"] if p not in policies]
        if missing:
            raise _fail(f"{facts_path.name}: situation {item['id']}", f"unknown policies {missing}")
        situations.append(Situation(item["id"], item["label"], tuple(item["policies"])))
    return RuleBook(facts, situations, policies, files)
