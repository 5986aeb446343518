"""The bot's fixed screens: welcome menu, help, language choice, and short notices.

Pure functions of a translator; the handlers send what they return.  Menu buttons carry global
callback values (``m:…``) that work whatever dialog the chat is in.
"""

from __future__ import annotations

import html

from bot.dialogs.core import Button, Screen
from bot.dialogs.import_texts import limits_text
from bot.i18n import SUPPORTED_LOCALES, Translator

MENU_CHECK = "m:check"
MENU_APPLY = "m:apply"
MENU_LOOKUP = "m:lookup"
MENU_HELP = "m:help"
MENU_RESUME = "m:resume"
MENU_HOME = "m:home"
MENU_LANGUAGE = "m:lang"


def menu_buttons(tr: Translator, *, features: frozenset[str], resume: bool = False) -> tuple[tuple[Button, ...], ...]:
    rows: list[tuple[Button, ...]] = []
    if resume:
        rows.append((Button(tr._("Continue where I left off"), MENU_RESUME),))
    rows.append((Button(tr._("Check if I qualify"), MENU_CHECK),))
    if "apply" in features:
        rows.append((Button(tr._("Apply for support"), MENU_APPLY),))
    if "lookup" in features:
        rows.append((Button(tr._("Was I approved or paid?"), MENU_LOOKUP),))
    rows.append((Button(tr._("Help"), MENU_HELP), Button(tr._("Language / Ngôn ngữ"), MENU_LANGUAGE)))
    return tuple(rows)


def welcome(tr: Translator, first_name: str, *, features: frozenset[str], resume: bool) -> Screen:
    greeting = tr._("Hello {name}!").format(name=html.escape(first_name)) if first_name else tr._("Hello!")
    text = "\n\n".join([
        greeting,
        tr._("I help you with social-support policies: whether you qualify, how much you may receive, "
             "and the legal basis of each condition."),
        tr._("Choose what you want to do:"),
    ])
    return Screen(text, menu_buttons(tr, features=features, resume=resume))


def help_screen(tr: Translator, *, features: frozenset[str], officer: bool = False) -> Screen:
    lines = [
        tr._("<b>What this bot can do</b>"),
        tr._("/kiemtra: check whether you qualify for a support policy (COVID-19 support under "
             "Resolutions 42 and 68, support from the unemployment-insurance fund, unemployment benefit, "
             "and your province's own policies), with the estimated amount and the legal basis."),
    ]
    if "apply" in features:
        lines.append(tr._("/nophoso: fill in an application, check it, and submit it to get a reference code."))
    if "lookup" in features:
        lines.append(tr._("/tracuu: find out whether you are on an approved list and whether you have been paid."))
    lines += [
        tr._("/huy: stop what you are doing now. Your answers so far are forgotten."),
        tr._("/ngonngu: choose the language."),
        tr._("/start: back to the main menu."),
        tr._("You can answer with the buttons or by typing: dates like 15/7/2021, yes/no as \"có\" or \"không\"."),
        tr._("The result is an estimate to help you; the competent authority makes the decision."),
    ]
    if officer:
        lines += [
            tr._("<b>For officers</b>"),
            tr._("Send an approved or paid list as a file (.xlsx, .xls or .csv): you will see a preview and the "
                 "rows that cannot be imported, and nothing changes until you press \"Xác nhận\"."),
            limits_text(tr),
            tr._("/duyet: review submitted applications one by one."),
        ]
    return Screen("\n\n".join(lines), menu_buttons(tr, features=features))


def language_screen(tr: Translator) -> Screen:
    labels = {"vi": "Tiếng Việt", "en": "English"}
    return Screen(tr._("Choose a language:"),
                  (tuple(Button(labels[code], f"{MENU_LANGUAGE}:{code}") for code in SUPPORTED_LOCALES),))


def language_changed(tr: Translator) -> Screen:
    # TRANSLATORS: shown in the newly chosen language; name that language (e.g. "tiếng Việt").
    return Screen(tr._("From now on I will answer in English."), ())


def cancelled(tr: Translator, *, had_dialog: bool, features: frozenset[str]) -> Screen:
    text = tr._("Cancelled. Nothing was sent anywhere.") if had_dialog else tr._("There is nothing to cancel.")
    return Screen(text + "\n\n" + tr._("Choose what you want to do:"), menu_buttons(tr, features=features))


def not_understood(tr: Translator, *, features: frozenset[str]) -> Screen:
    return Screen(tr._("I did not understand. Please choose one of these:"), menu_buttons(tr, features=features))


def officers_only(tr: Translator, *, features: frozenset[str]) -> Screen:
    return Screen(tr._("This is for officers of the labour and social-affairs offices only."),
                  menu_buttons(tr, features=features))


def stale_button(tr: Translator) -> str:
    return tr._("That button belongs to an earlier question. Here is the current one.")


def expired_button(tr: Translator) -> str:
    return tr._("That button has expired.")


def error_screen(tr: Translator) -> Screen:
    return Screen(tr._("Sorry, something went wrong on our side. Your answers are saved; please try again "
                       "in a moment or send /start."), ())
