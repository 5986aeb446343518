"""Rights from the feature declarations: may this person take a step of this dialog right now?

The dialog service asks :meth:`FeatureRights.permission` before every step, so an officer removed
(or a feature's roles changed) is stopped at their next message, not only at the next start.
"""

from __future__ import annotations

from bot.domain.areas import OfficerScope
from bot.features.catalog import Catalog
from bot.services.dialogs import FreshScope, Permission
from bot.services.officers import OfficerService


class FeatureRights:
    def __init__(self, catalog: Catalog, officers: OfficerService) -> None:
        self._catalog = catalog
        self._officers = officers

    async def permission(self, user_id: int, dialog_name: str, *, known: FreshScope | None = None) -> Permission:
        """``known``: the scope read in the step's own transaction (this moment's rights), not read again."""
        feature = self._catalog.for_dialog(dialog_name)
        if feature is None or not feature.for_officers:
            return Permission(True, None)  # citizens' dialogs cost no extra query
        scope = known.scope if known is not None else await self._officers.scope(user_id)
        return Permission(feature.allows(scope), scope)

    async def scope(self, user_id: int) -> OfficerScope | None:
        return await self._officers.scope(user_id)
