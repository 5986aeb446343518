"""Everything derived from the feature declarations: commands, menus, help, dialogs, rights."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.dialogs.core import Dialog
from bot.dialogs.menu import Menu, MenuEntry
from bot.domain.areas import OfficerScope
from bot.features.base import Action, Feature
from bot.i18n import Translator


@dataclass(frozen=True)
class CommandLine:
    """One line of a Telegram command menu."""

    command: str
    description: str


class Catalog:
    """The features of this bot, looked up by command, dialog, menu button or person."""

    def __init__(self, features: Sequence[Feature]) -> None:
        self.features = tuple(features)
        self._by_command: dict[str, Feature] = {}
        self._dialogs: dict[str, Dialog] = {}
        self._by_dialog: dict[str, Feature] = {}
        for feature in self.features:
            if feature.command is not None:
                for name in {feature.command.name, feature.command.alias}:
                    if name in self._by_command:
                        raise ValueError(f"command /{name} is declared twice")
                    self._by_command[name] = feature
            if feature.dialog is not None:
                dialog = feature.dialog()
                self._dialogs[dialog.name] = dialog
                self._by_dialog[dialog.name] = feature

    def by_command(self, command: str) -> Feature | None:
        return self._by_command.get(command.lower())

    def by_key(self, key: str) -> Feature | None:
        return next((f for f in self.features if f.key == key), None)

    def by_menu_callback(self, data: str) -> Feature | None:
        return next((f for f in self.features if f.menu is not None and f.menu_callback == data), None)

    def for_dialog(self, dialog_name: str) -> Feature | None:
        return self._by_dialog.get(dialog_name)

    def dialog_name(self, feature: Feature) -> str:
        return next(name for name, f in self._by_dialog.items() if f is feature)

    @property
    def dialogs(self) -> dict[str, Dialog]:
        return dict(self._dialogs)

    @property
    def command_names(self) -> list[str]:
        """Every command name and alias (the handler map registers them all, allowed or not)."""
        return list(self._by_command)

    def visible(self, scope: OfficerScope | None) -> list[Feature]:
        return [f for f in self.features if f.allows(scope)]

    def commands(self, tr: Translator, scope: OfficerScope | None) -> list[CommandLine]:
        """The Telegram command menu of a person: citizens get the default, officers their own."""
        return [CommandLine(f.command.name, f.command.description(tr)) for f in self.visible(scope)
                if f.command is not None]

    def help_lines(self, tr: Translator, scope: OfficerScope | None) -> tuple[list[str], list[str]]:
        """(everyone's lines, officer lines) of /trogiup for this person."""
        visible = self.visible(scope)
        general = [f.help(tr) for f in visible if f.help is not None and not f.for_officers]
        officer = [f.help(tr) for f in visible if f.help is not None and f.for_officers]
        return general, officer

    def menu(self, scope: OfficerScope | None) -> Menu:
        """The /start menu entries this person may use, in declaration order."""
        return Menu(tuple(MenuEntry(f.key, f.menu_callback, f.menu) for f in self.visible(scope)
                          if f.menu is not None))

    def document_feature(self) -> Feature | None:
        return next((f for f in self.features if f.action is Action.DOCUMENT), None)
