"""Which policy a list row means, from what the office wrote in its "Chính sách"/"Đối tượng" column.

Offices write the policy in many ways ("Tạm hoãn HĐLĐ", "NLĐ ngừng việc", "F0 điều trị"); each
policy's id, title and the aliases in its rule file are compared ignoring case and diacritics.
The longest alias found in the text wins, so "ngừng việc" does not swallow a longer, more
specific alias.  No match means the officer picks the policy with buttons.
"""

from __future__ import annotations

from bot.parsing import match_key
from bot.rules import RuleBook


class PolicyResolver:
    def __init__(self, rules: RuleBook) -> None:
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
