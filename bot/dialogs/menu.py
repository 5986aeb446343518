"""The bot's fixed screens: welcome menu, help, language choice, and short notices.

Pure functions of a translator; the handlers send what they return.  Menu buttons carry global
callback values (``m:…``) that work whatever dialog the chat is in.
"""

from __future__ import annotations

import html

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass

from bot.dialogs.core import Button, Screen
from bot.i18n import SUPPORTED_LOCALES, Translator

MENU_CHECK = "m:check"
MENU_APPLY = "m:apply"
MENU_LOOKUP = "m:lookup"
MENU_HELP = "m:help"
MENU_RESUME = "m:resume"
MENU_HOME = "m:home"
MENU_LANGUAGE = "m:lang"


@dataclass(frozen=True)
class MenuEntry:
    """A /start menu button, as a feature declares it (``bot.features``)."""

    key: str
    callback: str
    label: Callable[[Translator], str]


@dataclass(frozen=True)
class Menu:
    """The menu entries one person may use, in order; ``"apply" in menu`` asks by feature key."""

    entries: tuple[MenuEntry, ...] = ()

    def __contains__(self, key: object) -> bool:
        return any(entry.key == key for entry in self.entries)

    def __iter__(self) -> Iterator[str]:
        return iter(entry.key for entry in self.entries)

    def __bool__(self) -> bool:
        return bool(self.entries)


def menu_buttons(tr: Translator, *, features: Menu | Collection[str] = Menu(),
                 resume: bool = False) -> tuple[tuple[Button, ...], ...]:
    """The /start buttons: the person's features (from their declarations), then help and language."""
    rows: list[tuple[Button, ...]] = []
    if resume:
        rows.append((Button(tr._("Continue where I left off"), MENU_RESUME),))
    if isinstance(features, Menu):
        rows += [(Button(entry.label(tr), entry.callback),) for entry in features.entries]
    rows.append((Button(tr._("Help"), MENU_HELP), Button(tr._("Language / Ngôn ngữ"), MENU_LANGUAGE)))
    return tuple(rows)


def welcome(tr: Translator, first_name: str, *, features: Menu | Collection[str] = Menu(), resume: bool) -> Screen:
    greeting = tr._("Hello {name}!").format(name=html.escape(first_name)) if first_name else tr._("Hello!")
    text = "\n\n".join([
        greeting,
        tr._("I help you with social-support policies: whether you qualify, how much you may receive, "
             "and the legal basis of each condition."),
        tr._("Choose what you want to do:"),
    ])
    return Screen(text, menu_buttons(tr, features=features, resume=resume))


def help_screen(tr: Translator, *, features: Menu | Collection[str] = Menu(), lines: Sequence[str] = (),
                officer_lines: Sequence[str] = ()) -> Screen:
    """/trogiup: only what this person may do (the lines come from the feature declarations)."""
    text = [tr._("<b>What this bot can do</b>"), *lines,
            tr._("You can answer with the buttons or by typing: dates like 15/7/2021, yes/no as \"có\" or \"không\"."),
            tr._("The result is an estimate to help you; the competent authority makes the decision.")]
    if officer_lines:
        text += [tr._("<b>For officers</b>"), *officer_lines]
    return Screen("\n\n".join(text), menu_buttons(tr, features=features))


def language_screen(tr: Translator) -> Screen:
    labels = {"vi": "Tiếng Việt", "en": "English"}
    return Screen(tr._("Choose a language:"),
                  (tuple(Button(labels[code], f"{MENU_LANGUAGE}:{code}") for code in SUPPORTED_LOCALES),))


def language_changed(tr: Translator) -> Screen:
    # TRANSLATORS: shown in the newly chosen language; name that language (e.g. "tiếng Việt").
    return Screen(tr._("From now on I will answer in English."), ())


def cancelled(tr: Translator, *, had_dialog: bool, features: Menu | Collection[str] = Menu()) -> Screen:
    text = tr._("Cancelled. Nothing was sent anywhere.") if had_dialog else tr._("There is nothing to cancel.")
    return Screen(text + "\n\n" + tr._("Choose what you want to do:"), menu_buttons(tr, features=features))


def not_understood(tr: Translator, *, features: Menu | Collection[str] = Menu()) -> Screen:
    return Screen(tr._("I did not understand. Please choose one of these:"), menu_buttons(tr, features=features))


def no_longer_allowed(tr: Translator, *, features: Menu | Collection[str] = Menu()) -> Screen:
    """An officer removed (or moved) while in an officer dialog: it stops at their next step."""
    return Screen(tr._("You can no longer do this: your officer account was changed or removed. Nothing more "
                       "was done."), menu_buttons(tr, features=features))


def invite_accepted(tr: Translator, role: str, area: str) -> Screen:
    return Screen(tr._("Welcome! You are now a {role} of {area}. Send /trogiup to see what you can do.").format(
        role=role, area=html.escape(area)), ())


def invite_refused(tr: Translator, reason: str, *, features: Menu | Collection[str] = Menu()) -> Screen:
    texts = {
        "invite_used": tr._("This invitation link has already been used. Ask the officer who sent it for a new one."),
        "invite_expired": tr._("This invitation link has expired (links work for 48 hours). Ask the officer who "
                               "sent it for a new one."),
    }
    return Screen(texts.get(reason, tr._("This invitation link is not valid. Ask the officer who sent it for a "
                                          "new one.")), menu_buttons(tr, features=features))


def stale_button(tr: Translator) -> str:
    return tr._("That button belongs to an earlier question. Here is the current one.")


def expired_button(tr: Translator) -> str:
    return tr._("That button has expired.")


def error_screen(tr: Translator) -> Screen:
    return Screen(tr._("Sorry, something went wrong on our side. Your answers are saved; please try again "
                       "in a moment or send /start."), ())
