"""Features as declarations: the one list of everything the bot does, and what is derived from it.

``FEATURES`` is the order of the /start menu, the command menus and /trogiup.  Adding a feature:
write ``bot/features/<name>.py`` with a ``FEATURE``, its dialog and texts, and add it here.
"""

from __future__ import annotations

from bot.features import (
    apply, audit_log, basics, broadcasts, check, duplicates, list_import, lookup, officers, publication, review,
    statistics, supplement,
)
from bot.features.base import Action, Command, Feature
from bot.features.catalog import Catalog

FEATURES: tuple[Feature, ...] = (
    basics.HOME,
    check.FEATURE,
    apply.FEATURE,
    lookup.FEATURE,
    supplement.FEATURE,
    review.FEATURE,
    list_import.FEATURE,
    broadcasts.FEATURE,
    statistics.FEATURE,
    duplicates.FEATURE,
    publication.FEATURE,
    audit_log.FEATURE,
    officers.FEATURE,
    basics.CANCEL,
    basics.LANGUAGE,
    broadcasts.OFF,
    broadcasts.ON,
    basics.HELP,
)

__all__ = ["FEATURES", "Action", "Catalog", "Command", "Feature"]
