"""Loading ``facts.yaml`` and ``documents/*.yaml`` into a validated :class:`RuleBook`.

This is the only place that reads files.  Validation is strict because a wrong rule file means
wrong answers to citizens: every condition, amount, supplement and parameter carries a citation
with an article; money is integer đồng; every name a rule uses is declared, with a kind that
fits how it is used; every declared fact is used; texts are NFC Vietnamese.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import yaml

from bot.rules.derivations import DATE_ROLES, DERIVATIONS
from bot.rules.model import (
    AmountRule, Check, Combination, Condition, Deadline, Derivation, Document, Fact, FactKind, Filing, Group,
    LateFiling, Policy, RuleBook, Situation, Supplement, TierStep,
)
from bot.rules.params import REGIONS, UNITS, Citation, Parameter
from bot.rules.schema import Node, RulebookError

RULES_DIR = Path(__file__).parent
DOCUMENTS_DIR = RULES_DIR / "documents"
FACTS_PATH = RULES_DIR / "facts.yaml"
SITUATION_LABEL_MAX = 40
NUMERIC_KINDS = {FactKind.COUNT, FactKind.MONEY, FactKind.MONTHS}
NUMERIC_UNITS = {"vnd", "days", "months", "percent", "times", "count"}
PLACEHOLDER = re.compile(r"{([^{}]*)}")
# A citation shown to citizens is a bare legal reference: "Điều 13", "Mục II", "Điều 16, 20";
# "khoản 1", "điểm a khoản 2", "tiết 7", "khoản 1, 2".  Anything else belongs in ``note``.
# The patterns match the text folded to ASCII (see ``_ascii``): Python literals here stay ASCII.
_NUM = r"[0-9IVXLC]+[a-z]?"
ARTICLE = re.compile(rf"^(Dieu|Muc|Chuong|Mau so|Phu luc) {_NUM}(, {_NUM})*( va (Dieu|Muc) {_NUM})?$")
CLAUSE = re.compile(rf"^((diem [a-z]|tiet {_NUM}|khoan {_NUM}(, {_NUM})*|muc {_NUM}|diem {_NUM})( |$))+$")


def _ascii(text: str) -> str:
    """Vietnamese text without diacritics ("Điều" -> "Dieu"), to match the citation patterns."""
    text = text.replace(chr(0x111), "d").replace(chr(0x110), "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


BENEFIT_ROLES = {
    # role: (required, what it must be)
    "salary": (True, "fact:money"), "contribution_months": (True, "fact:months"), "region": (True, "fact:choice"),
    "pay_regime": (False, "fact:choice"), "percent": (True, "param"), "cap_multiplier": (True, "param"),
    "regional_wage": (True, "param"), "base_salary": (False, "param"), "min_months": (True, "param"),
    "first_band_until": (True, "param"), "base_months": (True, "param"), "step_months": (True, "param"),
    "max_months": (True, "param"), "wait": (True, "param"), "wait_unit": (True, "literal"),
    "filed_on": (False, "fact:date"), "wage_month": (False, "fact:date"),
}

__all__ = ["load_rulebook", "RulebookError", "DOCUMENTS_DIR", "FACTS_PATH", "RULES_DIR"]


def load_rulebook(documents_dir: Path | None = None, facts_path: Path | None = None) -> RuleBook:
    """Load and validate every rule file; raise :class:`RulebookError` naming the file and place."""
    documents_dir = documents_dir or DOCUMENTS_DIR
    facts_path = facts_path or FACTS_PATH
    facts_root = _read(facts_path)
    facts = _facts(facts_root)
    policies: dict[str, Policy] = {}
    documents = []
    for path in sorted(documents_dir.glob("*.yaml")):
        document, found = _DocumentLoader(_read(path), facts).load()
        documents.append(document)
        for policy in found:
            if policy.id in policies:
                raise RulebookError(f"{path.name}: policy {policy.id} is already defined in "
                                    f"{policies[policy.id].source.file}")
            policies[policy.id] = policy
    situations = _situations(facts_root, policies)
    _check_combinations(documents, policies)
    _check_every_fact_used(facts_root, facts, policies)
    return RuleBook(facts, situations, policies, tuple(documents))


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(path: Path) -> Node:
    try:
        # libyaml's loader when PyYAML has it: the pure-Python one took ~5 s of every start (and of
        # every `python -m bot import`) on the 2-core machine.
        return Node(yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER), path.name)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise RulebookError(f"{path.name}: not valid YAML: {error}") from error


# -- facts.yaml -------------------------------------------------------------------------------


def _facts(root: Node) -> dict[str, Fact]:
    root.mapping(("facts", "situations"))
    facts: dict[str, Fact] = {}
    for node in root.get("facts").elements():
        node.mapping(("id", "kind", "question"), ("help", "choices", "min", "max", "asked"))
        fact_id = node.get("id").ident()
        if fact_id in facts:
            node.fail(f"fact {fact_id} is declared twice")
        try:
            kind = FactKind(node.get("kind").value)
        except ValueError:
            node.get("kind").fail("kind must be one of " + ", ".join(k.value for k in FactKind))
        choices = tuple((c.mapping(("value", "label")).get("value").choice_value(), c.get("label").text())
                        for c in node.get("choices").elements())
        if (kind is FactKind.CHOICE) != bool(choices):
            node.fail("choices are needed for kind choice, and only for it")
        low = node.get("min").integer("min") if node.has("min") else None
        high = node.get("max").integer("max") if node.has("max") else None
        if kind in NUMERIC_KINDS and (low is None or high is None or low > high):
            node.fail("count, money and months facts need sane bounds: min <= max")
        if kind not in NUMERIC_KINDS and (low is not None or high is not None):
            node.fail("only count, money and months facts have bounds")
        question = node.get("question").text()
        help_text = node.get("help").text() if node.has("help") else None
        asked = node.get("asked").boolean() if node.has("asked") else True
        facts[fact_id] = Fact(fact_id, kind, question, help_text, choices, low, high, asked)
    return facts


def _situations(root: Node, policies: dict[str, Policy]) -> list[Situation]:
    situations: list[Situation] = []
    for node in root.get("situations").elements():
        node.mapping(("id", "label", "policies"))
        situation_id = node.get("id").ident()
        if any(s.id == situation_id for s in situations):
            node.fail(f"situation {situation_id} is declared twice")
        label = node.get("label").text()
        if len(label) > SITUATION_LABEL_MAX:
            node.get("label").fail(f"a button label has at most {SITUATION_LABEL_MAX} characters ({len(label)})")
        ids = tuple(n.ident() for n in node.get("policies").elements())
        for pid, n in zip(ids, node.get("policies").elements()):
            if pid not in policies:
                n.fail(f"unknown policy {pid}")
        if not ids:
            node.fail("a situation leads to at least one policy")
        situations.append(Situation(situation_id, label, ids))
    return situations


def _check_every_fact_used(root: Node, facts: dict[str, Fact], policies: dict[str, Policy]) -> None:
    used: set[str] = set()
    for policy in policies.values():
        used |= policy_fact_names(policy)
    unused = sorted(set(facts) - used)
    if unused:
        root.get("facts").fail(f"facts declared but used by no policy: {', '.join(unused)}")


def _check_combinations(documents: list[Document], policies: dict[str, Policy]) -> None:
    for document in documents:
        for rule in document.combinations:
            for pid in rule.policy_ids:
                if pid not in policies:
                    raise RulebookError(f"{document.file}: combinations.{rule.id}: unknown policy {pid}")
            for supplement_id in rule.once:
                if not any(s.id == supplement_id for pid in rule.policy_ids for s in policies[pid].supplements):
                    raise RulebookError(f"{document.file}: combinations.{rule.id}: no listed policy has a "
                                        f"supplement {supplement_id}")


def policy_fact_names(policy: Policy) -> set[str]:
    """Every fact a policy may read (directly or through its derived values)."""
    names: set[str] = set()

    def add(name: str | None) -> None:
        if not name:
            return
        derived = policy.source.derived.get(name)
        if derived is not None:
            for _, arg in derived.args:
                add(arg)
        elif name not in policy.parameters:
            names.add(name)

    for condition in policy.conditions:
        for test in _tests(condition.test):
            add(test.subject)
    rule = policy.amount
    for name in (rule.by, rule.count):
        add(name)
    for role, name in rule.inputs:
        if BENEFIT_ROLES.get(role, (False, ""))[1].startswith("fact"):
            add(name)
    for s in policy.supplements:
        for name in (s.when, s.per, s.unless):
            add(name)
    if policy.deadline:
        add(policy.deadline.derived)
        add(policy.deadline.filed_on)
    add(policy.reference_date)
    return names


def _tests(test: Check | Group) -> list[Check]:
    if isinstance(test, Check):
        return [test]
    return [t for item in test.items for t in _tests(item)]


# -- documents/*.yaml -------------------------------------------------------------------------


class _DocumentLoader:
    """Reads one rule file; ``load`` returns the document and its policies."""

    def __init__(self, root: Node, facts: dict[str, Fact]) -> None:
        self.root = root.mapping(("document", "sources", "parameters", "policies"),
                                 ("derived", "combinations", "scope"))
        self.facts = facts
        self.sources: dict[str, Citation] = {}
        self.params: dict[str, Parameter] = {}
        self.derived: dict[str, Derivation] = {}

    def load(self) -> tuple[Document, list[Policy]]:
        name = self.root.get("document").text()
        for key, node in self.root.get("sources").items():
            self.sources[self._new_name(key, node)] = self._citation(node)
        for key, node in self.root.get("parameters").items():
            self.params[self._new_name(key, node)] = self._parameter(key, node)
        for key, node in self.root.get("derived").items():
            self.derived[self._new_name(key, node)] = self._derivation(key, node)
        scope, scope_condition = self._scope()
        combinations = tuple(self._combination(n) for n in self.root.get("combinations").elements())
        document = Document(self.root.file, name, self.params, self.derived, combinations, scope)
        policies = [self._policy(n, document, scope_condition) for n in self.root.get("policies").elements()]
        if not policies:
            self.root.get("policies").fail("a document has at least one policy")
        return document, policies

    # -- names ----------------------------------------------------------------------------

    def _new_name(self, key: object, node: Node) -> str:
        name = Node(key, node.file, node.path).ident()
        if name in self.sources or name in self.params or name in self.derived or name in self.facts:
            node.fail(f"{name} is already the name of a source, parameter, derived value or fact")
        return name

    def _source(self, node: Node) -> Citation:
        key = node.value
        if key not in self.sources:
            node.fail(f"unknown source {key!r} (declare it under sources:)")
        return self.sources[key]

    def _param(self, node: Node, units: set[str] | None = None) -> str:
        name = node.value
        if name not in self.params:
            node.fail(f"unknown parameter {name!r}")
        if units is not None and self.params[name].unit not in units:
            node.fail(f"parameter {name} has unit {self.params[name].unit}; expected {'/'.join(sorted(units))}")
        return str(name)

    def _kind_of(self, name: str, node: Node) -> str:
        """'fact:<kind>', 'derived:<date|number>' or 'param:<unit>' for a name a rule uses."""
        if name in self.facts:
            return f"fact:{self.facts[name].kind.value}"
        if name in self.derived:
            function = self.derived[name].function
            return "derived:date" if function == "deadline_after_months" else "derived:number"
        if name in self.params:
            return f"param:{self.params[name].unit}"
        node.fail(f"{name!r} is not a fact, a derived value or a parameter")

    def _is_date(self, name: str, node: Node) -> bool:
        return self._kind_of(name, node) in ("fact:date", "derived:date", "param:date")

    def _is_number(self, name: str, node: Node) -> bool:
        kind = self._kind_of(name, node)
        return kind in ("fact:count", "fact:money", "fact:months", "derived:number") or \
            (kind.startswith("param:") and kind[6:] in NUMERIC_UNITS)

    # -- sources, parameters, derived -----------------------------------------------------

    def _citation(self, node: Node) -> Citation:
        """A source; ``article``/``clause`` must be clean references, doubts go to ``note``.

        A source may leave ``article`` out when we know the document but not the place: verified
        (a url quotes the fact, e.g. the 2025 law's start date) or not.
        """
        node.mapping(("document", "verified"), ("article", "clause", "url", "note"))
        verified = node.get("verified").boolean()
        article = node.get("article").text(optional=True)
        if not (article or node.get("clause").text(optional=True) or node.has("url")) and verified:
            node.fail("a verified source names its article or clause, or the url of a text quoting it")
        if article and not ARTICLE.match(_ascii(article)):
            node.get("article").fail(f"article must be a bare legal reference such as 'Dieu 13' (got {article!r});"
                                     " put explanations and doubts in note:")
        clause = node.get("clause").text(optional=True)
        if clause and not CLAUSE.match(_ascii(clause)):
            node.get("clause").fail(f"clause must be a bare legal reference such as 'khoan 1' or 'diem a khoan 2' "
                                    f"(got {clause!r}); put explanations and doubts in note:")
        return Citation(node.get("document").text(), article, clause, node.get("url").text(optional=True),
                        verified, node.get("note").text(optional=True))

    def _parameter(self, name: object, node: Node) -> Parameter:
        node.mapping(("unit", "source", "values"))
        unit = node.get("unit").value
        if unit not in UNITS:
            node.get("unit").fail(f"unit must be one of {', '.join(UNITS)}")
        default = self._source(node.get("source"))
        entries = []
        for start, entry in node.get("values").items():
            start_day = Node(start, entry.file, entry.path).day()
            citation = default
            value_node = entry
            if isinstance(entry.value, dict) and "value" in entry.value:
                entry.mapping(("value",), ("source",))
                value_node = entry.get("value")
                citation = self._source(entry.get("source")) if entry.has("source") else default
            entries.append((start_day, self._value(unit, value_node), citation))
        if not entries:
            node.get("values").fail("a parameter needs at least one dated value")
        entries.sort(key=lambda e: e[0])
        if entries[0][1] is None:
            node.get("values").fail("the first value cannot be null")
        if any(value is None for _, value, _ in entries[:-1]):
            node.get("values").fail("null ends a parameter and may only be its last value")
        return Parameter(str(name), unit, tuple(entries))

    def _value(self, unit: str, node: Node) -> object:
        if node.value is None:
            return None
        if unit == "date":
            return node.day()
        if unit == "vnd" and isinstance(node.value, dict):
            node.mapping(REGIONS)
            return {region: node.get(region).integer("money (an integer number of dong)") for region in REGIONS}
        value = node.integer("money (an integer number of dong)" if unit == "vnd" else "an integer")
        if value < 0:
            node.fail("a parameter value cannot be negative")
        return value

    def _derivation(self, name: object, node: Node) -> Derivation:
        node.mapping()
        if not isinstance(node.value, dict) or len(node.value) != 1:
            node.fail(f"one derivation expected: {', '.join(DERIVATIONS)}")
        (function, args_node), = node.items()
        if function not in DERIVATIONS:
            node.fail(f"unknown derivation {function!r}; known: {', '.join(DERIVATIONS)}")
        roles = DERIVATIONS[function][1]
        args_node.mapping(roles)
        args = []
        for role in roles:
            arg_node = args_node.get(role)
            arg = arg_node.ident()
            if arg == name:
                arg_node.fail("a derived value cannot use itself")
            if arg not in self.facts and arg not in self.derived and arg not in self.params:
                arg_node.fail(f"{arg!r} is not a fact, a parameter or an earlier derived value")
            if (role in DATE_ROLES) != self._is_date(arg, arg_node):
                arg_node.fail(f"{role} must be {'a date' if role in DATE_ROLES else 'a number'}")
            args.append((role, arg))
        return Derivation(str(name), str(function), tuple(args))

    # -- policies -------------------------------------------------------------------------

    def _scope(self) -> tuple[dict[str, str], Condition | None]:
        """A provincial document applies only to people of that province: an implicit first condition."""
        if not self.root.has("scope"):
            return {}, None
        node = self.root.get("scope").mapping(("province_code", "fact", "text", "source"))
        code = node.get("province_code").choice_value()
        fact = node.get("fact").ident()
        if fact not in self.facts or code not in {v for v, _ in self.facts[fact].choices}:
            node.get("province_code").fail(f"add the choice {code!r} to the fact {fact!r} in facts.yaml")
        condition = Condition("province", node.get("text").text(), self._source(node.get("source")),
                              Check(fact, in_=(code,)))
        return {"province_code": code, "fact": fact}, condition

    def _policy(self, node: Node, document: Document, scope_condition: Condition | None) -> Policy:
        node.mapping(("id", "title", "source", "conditions", "amount"),
                     ("aliases", "reference_date", "supplements", "filing", "deadline", "notes", "document"))
        conditions = tuple(self._condition(n) for n in node.get("conditions").elements())
        ids = [c.id for c in conditions]
        if len(ids) != len(set(ids)):
            node.get("conditions").fail("condition ids must be unique within a policy")
        if scope_condition is not None:
            conditions = (scope_condition, *conditions)
        reference = None
        if node.has("reference_date"):
            reference = node.get("reference_date").ident()
            if self._kind_of(reference, node.get("reference_date")) != "fact:date":
                node.get("reference_date").fail("the reference date must be a date fact")
        amount = self._amount(node.get("amount"))
        supplements = tuple(self._supplement(n) for n in node.get("supplements").elements())
        deadline = self._deadline(node.get("deadline")) if node.has("deadline") else None
        policy = Policy(
            id=node.get("id").ident(), title=node.get("title").text(),
            document=node.get("document").text() if node.has("document") else document.name,
            citation=self._source(node.get("source")), conditions=conditions, amount=amount,
            supplements=supplements, filing=self._filing(node.get("filing")) if node.has("filing") else None,
            deadline=deadline, notes=node.get("notes").texts(), aliases=node.get("aliases").texts(),
            reference_date=reference, span=(date.min, None), source=document,
        )
        return replace(policy, span=self._span(policy, node))

    def _condition(self, node: Node) -> Condition:
        node.mapping(("id", "text", "source"), ("fact", "is", "min", "max", "between", "in", "any", "all"))
        test = self._test(node, top=True)
        text = node.get("text").text()
        self._placeholders(text, node.get("text"))
        return Condition(node.get("id").ident(), text, self._source(node.get("source")), test)

    def _test(self, node: Node, top: bool = False) -> Check | Group:
        if not top:
            node.mapping((), ("fact", "is", "min", "max", "between", "in", "any", "all"))
        groups = [op for op in ("any", "all") if node.has(op)]
        if groups:
            if len(groups) > 1 or node.has("fact"):
                node.fail("use either fact + one test, or any:, or all:")
            items = tuple(self._test(n) for n in node.get(groups[0]).elements())
            if len(items) < 2:
                node.get(groups[0]).fail("a group needs at least two items")
            return Group(groups[0], items)
        if not node.has("fact"):
            node.fail("a test needs fact: (a fact or derived value) and one of is/min/max/between/in")
        subject_node = node.get("fact")
        subject = subject_node.ident()
        kind = self._kind_of(subject, subject_node)
        if kind.startswith("param:"):
            subject_node.fail("a test compares a fact or derived value, not a parameter")
        ops = [op for op in ("is", "min", "max", "between", "in") if node.has(op)]
        if len(ops) != 1:
            node.fail("exactly one of is, min, max, between, in is expected")
        op = ops[0]
        operand = node.get(op)
        if op == "is":
            if kind != "fact:bool":
                operand.fail(f"'is' tests a yes/no fact; {subject} is {kind}")
            return Check(subject, is_=operand.boolean())
        if op in ("min", "max"):
            is_date = self._is_date(subject, subject_node)
            if not is_date and not self._is_number(subject, subject_node):
                operand.fail(f"'{op}' tests a number or a date; {subject} is {kind}")
            param = self._param(operand, {"date"} if is_date else NUMERIC_UNITS)
            return Check(subject, min=param) if op == "min" else Check(subject, max=param)
        if op == "between":
            if not self._is_date(subject, subject_node):
                operand.fail(f"'between' tests a date; {subject} is {kind}")
            bounds = list(operand.elements())
            if len(bounds) != 2:
                operand.fail("between needs two date parameters: [from, to]")
            return Check(subject, between=(self._param(bounds[0], {"date"}), self._param(bounds[1], {"date"})))
        if kind != "fact:choice":
            operand.fail(f"'in' tests a choice fact; {subject} is {kind}")
        values = tuple(n.choice_value() for n in operand.elements())
        allowed = {v for v, _ in self.facts[subject].choices}
        if not values or not set(values) <= allowed:
            operand.fail(f"values must be among the choices of {subject}: {', '.join(sorted(allowed))}")
        return Check(subject, in_=values)

    def _placeholders(self, text: str, node: Node, extra: tuple[str, ...] = ()) -> None:
        for name in PLACEHOLDER.findall(text):
            if name not in self.params and name not in extra:
                node.fail(f"placeholder {{{name}}} is not a parameter of this document")

    def _amount(self, node: Node) -> AmountRule:
        kinds = ("fixed", "tiers", "per_unit", "unemployment_benefit")
        node.mapping(("label",), (*kinds, "label_capped"))
        present = [k for k in kinds if node.has(k)]
        if len(present) != 1:
            node.fail(f"exactly one of {', '.join(kinds)} is expected")
        kind = present[0]
        label = node.get("label").text()
        self._placeholders(label, node.get("label"), ("count",))
        capped = node.get("label_capped").text() if node.has("label_capped") else None
        spec = node.get(kind)
        if kind == "fixed":
            return AmountRule(kind, label, capped, amount=self._param(spec, {"vnd"}))
        if kind == "tiers":
            spec.mapping(("by", "steps"))
            by = spec.get("by").ident()
            if not self._is_number(by, spec.get("by")):
                spec.get("by").fail("tiers are chosen by a number")
            steps = []
            for index, step in enumerate(spec.get("steps").elements()):
                step.mapping(("amount",), ("from",))
                if (index == 0) == step.has("from"):
                    step.fail("the first step has no 'from'; every later step has one")
                steps.append(TierStep(self._param(step.get("amount"), {"vnd"}),
                                      self._param(step.get("from"), NUMERIC_UNITS) if step.has("from") else None))
            if not steps:
                spec.get("steps").fail("at least one step")
            return AmountRule(kind, label, capped, by=by, steps=tuple(steps))
        if kind == "per_unit":
            spec.mapping(("rate", "count"), ("max_count", "times"))
            count = spec.get("count").ident()
            if not self._is_number(count, spec.get("count")):
                spec.get("count").fail("count must be a number")
            return AmountRule(kind, label, capped, rate=self._param(spec.get("rate"), {"vnd"}), count=count,
                              max_count=self._param(spec.get("max_count"), NUMERIC_UNITS)
                              if spec.has("max_count") else None,
                              times=self._param(spec.get("times"), NUMERIC_UNITS) if spec.has("times") else None)
        return AmountRule(kind, label, capped, inputs=self._benefit_inputs(spec))

    def _benefit_inputs(self, spec: Node) -> tuple[tuple[str, str], ...]:
        spec.mapping(tuple(r for r, (req, _) in BENEFIT_ROLES.items() if req),
                     tuple(r for r, (req, _) in BENEFIT_ROLES.items() if not req))
        inputs = []
        for role, (_, what) in BENEFIT_ROLES.items():
            if not spec.has(role):
                continue
            n = spec.get(role)
            if what == "literal":
                if n.value not in ("calendar_days", "working_days"):
                    n.fail("wait_unit is calendar_days or working_days")
                inputs.append((role, str(n.value)))
            elif what == "param":
                inputs.append((role, self._param(n, NUMERIC_UNITS)))
            else:
                name = n.ident()
                if self._kind_of(name, n) != what:
                    n.fail(f"{role} must be a {what.replace(':', ' of kind ')}")
                inputs.append((role, name))
        return tuple(inputs)

    def _supplement(self, node: Node) -> Supplement:
        node.mapping(("id", "label", "amount", "source"), ("when", "when_in", "per", "unless"))
        label = node.get("label").text()
        self._placeholders(label, node.get("label"), ("count",))
        when = node.get("when").ident() if node.has("when") else None
        when_in = tuple(n.choice_value() for n in node.get("when_in").elements())
        if when is not None:
            expected = "fact:choice" if when_in else "fact:bool"
            if self._kind_of(when, node.get("when")) != expected:
                node.get("when").fail(f"when must be a {'choice fact with when_in' if when_in else 'yes/no fact'}")
            if when_in and not set(when_in) <= {v for v, _ in self.facts[when].choices}:
                node.get("when_in").fail(f"values must be among the choices of {when}")
        elif when_in:
            node.fail("when_in needs when")
        per = node.get("per").ident() if node.has("per") else None
        if per is not None and self._kind_of(per, node.get("per")) != "fact:count":
            node.get("per").fail("per must be a count fact")
        unless = node.get("unless").ident() if node.has("unless") else None
        if unless is not None and self._kind_of(unless, node.get("unless")) != "fact:bool":
            node.get("unless").fail("unless must be a yes/no fact")
        return Supplement(node.get("id").ident(), label, self._param(node.get("amount"), {"vnd"}),
                          self._source(node.get("source")), when, when_in, per, unless)

    def _filing(self, node: Node) -> Filing:
        node.mapping(("who", "where"), ("forms", "papers", "deadline_text", "source"))
        return Filing(node.get("who").text(), node.get("where").text(), node.get("forms").texts(),
                      node.get("papers").texts(),
                      node.get("deadline_text").text() if node.has("deadline_text") else None,
                      self._source(node.get("source")) if node.has("source") else None)

    def _deadline(self, node: Node) -> Deadline:
        node.mapping((), ("param", "derived", "filed_on", "late"))
        if node.has("param") == node.has("derived"):
            node.fail("a deadline is either param: or derived:")
        late = None
        if node.has("late"):
            spec = node.get("late").mapping(("text", "source"))
            late = LateFiling(spec.get("text").text(), self._source(spec.get("source")))
        if node.has("param"):
            return Deadline(param=self._param(node.get("param"), {"date"}), late=late)
        derived = node.get("derived").ident()
        if self._kind_of(derived, node.get("derived")) != "derived:date":
            node.get("derived").fail("must be a derived date")
        filed_on = node.get("filed_on").ident() if node.has("filed_on") else None
        if filed_on and self._kind_of(filed_on, node.get("filed_on")) != "fact:date":
            node.get("filed_on").fail("must be a date fact")
        return Deadline(derived=derived, filed_on=filed_on, late=late)

    def _combination(self, node: Node) -> Combination:
        node.mapping(("id", "text", "source", "policies"), ("once", "keep"))
        keep = str(node.get("keep").value) if node.has("keep") else "all"
        if keep not in ("all", "highest"):
            node.get("keep").fail("keep is all or highest")
        if keep == "highest" and node.has("once"):
            node.fail("a rule keeps the highest amount or pays supplements once, not both")
        return Combination(node.get("id").ident(), node.get("text").text(), self._source(node.get("source")),
                           tuple(n.ident() for n in node.get("policies").elements()),
                           tuple(n.ident() for n in node.get("once").elements()), keep)

    def _span(self, policy: Policy, node: Node) -> tuple[date, date | None]:
        """The reference dates at which every parameter the policy uses has a value."""
        first, last = date.min, None
        for name in sorted(policy_param_names(policy)):
            start, end = self.params[name].span()
            first = max(first, start)
            last = end if last is None else (last if end is None else min(last, end))
        if last is not None and last < first:
            node.fail("its parameters have no period in common; check their dates")
        return first, last


def policy_param_names(policy: Policy) -> set[str]:
    """Every parameter a policy uses: in tests, amounts, supplements, deadline, texts, derived values."""
    params = policy.parameters
    names: set[str] = set()

    def add(name: str | None) -> None:
        if not name:
            return
        if name in params:
            names.add(name)
        elif name in policy.source.derived:
            for _, arg in policy.source.derived[name].args:
                add(arg)

    for condition in policy.conditions:
        for test in _tests(condition.test):
            add(test.subject)
            for name in (test.min, test.max, *(test.between or ())):
                add(name)
        for name in PLACEHOLDER.findall(condition.text):
            add(name)
    rule = policy.amount
    for name in (rule.amount, rule.by, rule.rate, rule.count, rule.max_count, rule.times,
                 *(s.amount for s in rule.steps), *(s.from_ for s in rule.steps)):
        add(name)
    for role, name in rule.inputs:
        if BENEFIT_ROLES[role][1] == "param":
            add(name)
    for s in policy.supplements:
        add(s.amount)
    if policy.deadline:
        add(policy.deadline.param)
        add(policy.deadline.derived)
    return names
