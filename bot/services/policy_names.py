"""Which policy a list row means, from what the office wrote in its "Chính sách"/"Đối tượng" column.

Offices write the policy in many ways ("Tạm hoãn HĐLĐ", "NLĐ ngừng việc", "F0 điều trị"); each
policy's id, title and the aliases in its rule file are compared ignoring case and diacritics.
The longest alias found in the text wins, so "ngừng việc" does not swallow a longer, more
specific alias.  No match means the officer picks the policy with buttons.
"""

from __future__ import annotations

import re

from bot.parsing import match_key
from bot.parsing.text import fold
from bot.rules import RuleBook

# "NQ 68", "Nghị quyết số 68/NQ-CP", "QĐ 23/2021", "Quyết định 15": the document a list title names.
_DOCUMENT = re.compile(r"\b(nq|nghi quyet|qd|quyet dinh)\s*(?:so\s*)?(\d{1,3})\b")


class PolicyResolver:
    def __init__(self, rules: RuleBook) -> None:
        self._documents: dict[tuple[str, str], list[str]] = {}
        for policy_id, policy in rules.policies.items():
            for kind, number in _DOCUMENT.findall(fold(policy.document).lower()):
                self._documents.setdefault((kind[0], number), []).append(policy_id)
        self._aliases: list[tuple[str, str]] = []
        for policy_id, policy in rules.policies.items():
            names = [policy_id, policy.title, *getattr(policy, "aliases", ())]
            for name in names:
                key = match_key(str(name))
                if key:
                    self._aliases.append((key, policy_id))
        self._aliases.sort(key=lambda pair: len(pair[0]), reverse=True)
        self._cache: dict[str, str | None] = {}

    def resolve(self, text: str | None) -> str | None:
        if not text:
            return None
        if text in self._cache:
            return self._cache[text]
        key = match_key(text)
        found = next((policy for alias, policy in self._aliases if alias == key), None)
        if found is None:
            found = next((policy for alias, policy in self._aliases if len(alias) >= 4 and alias in key), None)
        if len(self._cache) < 10_000:
            self._cache[text] = found
        return found

    def from_title(self, title: str) -> tuple[str | None, tuple[str, ...]]:
        """What a list's title says about its policy: (the policy, when the title names one) and the
        policies of the documents it names ("NQ 68" alone narrows the choice to NQ 68's policies)."""
        if not title.strip():
            return None, ()
        named: list[str] = []
        for kind, number in _DOCUMENT.findall(fold(title).lower()):
            for policy_id in self._documents.get((kind[0], number), []):
                if policy_id not in named:
                    named.append(policy_id)
        policy = self.resolve(title)
        if policy is not None and (not named or policy in named):
            return policy, (policy,)
        return None, tuple(named)
