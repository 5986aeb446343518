"""Commands and menu buttons: /start, /trogiup, /huy, /ngonngu and the ``m:…`` callbacks."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.dialogs import broadcast as broadcast_texts, menu
from bot.handlers import broadcasts
from bot.handlers.context import caller_of, services_of
from bot.handlers.render import send_screens

DIALOG_COMMANDS = {"kiemtra": "eligibility", "nophoso": "apply", "tracuu": "lookup", "duyet": "officer_review",
                   "thongbao": "broadcast"}
OFFICER_DIALOGS = frozenset({"officer_review", "officer_import", "broadcast"})
MENU_DIALOGS = {menu.MENU_CHECK: "eligibility", menu.MENU_APPLY: "apply", menu.MENU_LOOKUP: "lookup"}


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet and show the menu, offering to resume an unfinished dialog."""
    caller = await caller_of(update, context)
    if caller is None:
        return
    services = services_of(context)
    resume = await services.dialogs.current(caller.chat_id) is not None
    screen = menu.welcome(caller.tr, caller.first_name, features=services.features, resume=resume)
    await send_screens(context.bot, caller.chat_id, [screen])


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    caller = await caller_of(update, context)
    if caller is None:
        return
    services = services_of(context)
    await send_screens(context.bot, caller.chat_id, [menu.help_screen(
        caller.tr, features=services.features, officer=services.is_admin(caller.user_id))])


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    caller = await caller_of(update, context)
    if caller is None:
        return
    services = services_of(context)
    had_dialog = await services.dialogs.cancel(caller.chat_id)
    await send_screens(context.bot, caller.chat_id,
                       [menu.cancelled(caller.tr, had_dialog=had_dialog, features=services.features)])


async def language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    caller = await caller_of(update, context)
    if caller is None:
        return
    await send_screens(context.bot, caller.chat_id, [menu.language_screen(caller.tr)])


async def start_dialog_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/kiemtra, /nophoso, /tracuu: start that dialog from its first question."""
    message = update.effective_message
    command = (message.text or "").split()[0].lstrip("/").split("@")[0].lower() if message else ""
    await _start_dialog(update, context, DIALOG_COMMANDS[command])


async def _start_dialog(update: Update, context: ContextTypes.DEFAULT_TYPE, name: str) -> None:
    caller = await caller_of(update, context)
    if caller is None:
        return
    services = services_of(context)
    if name in OFFICER_DIALOGS and not services.is_admin(caller.user_id):
        await send_screens(context.bot, caller.chat_id, [menu.officers_only(caller.tr, features=services.features)])
        return
    if not services.dialogs.has_dialog(name):
        await send_screens(context.bot, caller.chat_id,
                           [menu.not_understood(caller.tr, features=services.features)])
        return
    outcome = await services.dialogs.start(caller.chat_id, caller.user_id, name, caller.ctx)
    await send_screens(context.bot, caller.chat_id, outcome.screens, outcome.seq)


async def menu_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press on a global ``m:…`` button, valid whatever the chat is doing."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    data = query.data
    if data.startswith(broadcast_texts.CONTROL_PREFIX):
        await broadcasts.control(update, context)
        return
    await query.answer()
    if data in MENU_DIALOGS:
        await _start_dialog(update, context, MENU_DIALOGS[data])
    elif data == menu.MENU_HELP:
        await help_command(update, context)
    elif data == menu.MENU_HOME:
        await start(update, context)
    elif data == menu.MENU_RESUME:
        await resume(update, context)
    elif data == menu.MENU_LANGUAGE:
        await language(update, context)
    elif data.startswith(menu.MENU_LANGUAGE + ":"):
        await _set_language(update, context, data.rsplit(":", 1)[1])


async def resume(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    caller = await caller_of(update, context)
    if caller is None:
        return
    services = services_of(context)
    outcome = await services.dialogs.render(caller.chat_id, caller.ctx)
    if outcome is None:
        await start(update, context)
        return
    await send_screens(context.bot, caller.chat_id, outcome.screens, outcome.seq)


async def _set_language(update: Update, context: ContextTypes.DEFAULT_TYPE, locale: str) -> None:
    caller = await caller_of(update, context)
    if caller is None:
        return
    services = services_of(context)
    try:
        await services.users.set_locale(caller.user_id, locale)
    except ValueError:
        return
    caller = await caller_of(update, context)
    assert caller is not None
    await send_screens(context.bot, caller.chat_id, [menu.language_changed(caller.tr)])
    await start(update, context)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    caller = await caller_of(update, context)
    if caller is None:
        return
    await send_screens(context.bot, caller.chat_id,
                       [menu.not_understood(caller.tr, features=services_of(context).features)])
