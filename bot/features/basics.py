"""The features everyone has that are not dialogs: /start, /trogiup, /huy, /ngonngu."""

from __future__ import annotations

from bot.features.base import Action, Command, Feature

HOME = Feature(
    key="home", action=Action.HOME,
    command=Command("start", "start", lambda tr: tr._("Main menu")),
    help=lambda tr: tr._("/start: back to the main menu."),
)

HELP = Feature(
    key="help", action=Action.HELP,
    command=Command("trogiup", "help", lambda tr: tr._("What this bot can do")),
)

CANCEL = Feature(
    key="cancel", action=Action.CANCEL,
    command=Command("huy", "cancel", lambda tr: tr._("Cancel what you are doing")),
    help=lambda tr: tr._("/huy: stop what you are doing now. Your answers so far are forgotten."),
)

LANGUAGE = Feature(
    key="lang", action=Action.LANGUAGE,
    command=Command("ngonngu", "language", lambda tr: tr._("Language")),
    help=lambda tr: tr._("/ngonngu: choose the language."),
)
