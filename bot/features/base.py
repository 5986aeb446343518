"""What a feature declares, once: its commands, who may use it, its dialog, help line and menu entry.

Everything else is derived from these declarations (``bot.features.catalog``): the handler map,
the Telegram command menus per chat, the /trogiup text, the /start menu and the rights checks of
the dialog service.  A feature module holds one :data:`FEATURE`; see README "Where things are".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.dialogs.core import Dialog
from bot.domain.areas import OfficerScope, Role
from bot.i18n import Translator

Text = Callable[[Translator], str]

ALL_OFFICERS: frozenset[Role] = frozenset(Role)
DATA_OFFICERS: frozenset[Role] = frozenset({Role.PROVINCE, Role.COMMUNE})  # not read-only supervisors


class Action(StrEnum):
    """What the feature's command (or menu button) does; the handlers map each to one function."""

    DIALOG = "dialog"      # start the feature's dialog
    HOME = "home"          # the /start menu (and invitation links)
    HELP = "help"
    CANCEL = "cancel"
    LANGUAGE = "language"
    DOCUMENT = "document"  # no command: the feature is reached by sending a file
    ANNOUNCEMENTS_OFF = "announcements_off"  # the person stops officers' announcements
    ANNOUNCEMENTS_ON = "announcements_on"


@dataclass(frozen=True)
class Command:
    """A command: Vietnamese name first (shown in menus and help), English alias accepted too."""

    name: str
    alias: str
    description: Text


@dataclass(frozen=True)
class Feature:
    """One thing the bot does, declared in one place.

    ``roles`` None means everyone (citizens and officers); otherwise only officers whose role is
    in the set, checked by the dialog service before every step (not only at the start).
    """

    key: str
    action: Action
    command: Command | None = None
    roles: frozenset[Role] | None = None
    dialog: Callable[[], Dialog] | None = None
    help: Text | None = None
    menu: Text | None = None

    @property
    def for_officers(self) -> bool:
        return self.roles is not None

    def allows(self, scope: OfficerScope | None) -> bool:
        """Whether a person with ``scope`` (None: a citizen) may use this feature right now."""
        if self.roles is None:
            return True
        return scope is not None and scope.role in self.roles

    @property
    def menu_callback(self) -> str:
        return f"m:{self.key}"
