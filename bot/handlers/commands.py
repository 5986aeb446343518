"""Commands and menu buttons, dispatched from the feature declarations (``bot.features``).

Every declared command (Vietnamese name and English alias) reaches :func:`command`; a command
the person may not use gets exactly the answer of an unknown command, so a citizen cannot even
tell that an officer command exists.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.dialogs import broadcast as broadcast_texts, menu
from bot.handlers import broadcasts
from bot.dialogs.officers import role_label
from bot.features.base import Action, Feature
from bot.handlers.context import Caller, CallerInStep, caller_of, services_of
from bot.handlers.menus import refresh_changed_menus
from bot.handlers.render import send_screens
from bot.parsing.area_names import area_name
from bot.services.officers import AccountError


async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any declared command: run its feature if this person may use it, else the neutral answer."""
    message = update.effective_message
    name = (message.text or "").split()[0].lstrip("/").split("@")[0].lower() if message and message.text else ""
    feature = services_of(context).catalog.by_command(name)
    if feature is not None and feature.action is Action.DIALOG:
        await _start_dialog_in_step(update, context, feature)
        return
    caller = await caller_of(update, context)
    if caller is None:
        return
    if feature is None or not feature.allows(caller.scope):
        await unknown_command(update, context)
        return
    await _run(update, context, caller, feature)


async def _run(update: Update, context: ContextTypes.DEFAULT_TYPE, caller: Caller, feature: Feature) -> None:
    if feature.action is Action.HOME:
        await start(update, context)
    elif feature.action is Action.HELP:
        await help_command(update, context)
    elif feature.action is Action.CANCEL:
        await cancel(update, context)
    elif feature.action is Action.LANGUAGE:
        await language(update, context)
    elif feature.action is Action.DIALOG:
        await _start_dialog(update, context, caller, feature)
    elif feature.action is Action.ANNOUNCEMENTS_OFF:
        await broadcasts.announcements_off(update, context)
    elif feature.action is Action.ANNOUNCEMENTS_ON:
        await broadcasts.announcements_on(update, context)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet and show the menu, offering to resume an unfinished dialog; ``/start <code>`` joins as an officer."""
    caller = await caller_of(update, context)
    if caller is None:
        return
    services = services_of(context)
    if context.args and update.effective_message and (update.effective_message.text or "").startswith("/start"):
        await _redeem(update, context, caller, context.args[0])
        return
    resume = await services.dialogs.current(caller.chat_id) is not None
    screen = menu.welcome(caller.tr, caller.first_name, features=caller.menu, resume=resume)
    await send_screens(context.bot, caller.chat_id, [screen])


async def _redeem(update: Update, context: ContextTypes.DEFAULT_TYPE, caller: Caller, code: str) -> None:
    services = services_of(context)
    try:
        record = await services.officers.redeem(code[:64], caller.user_id)
    except AccountError as error:
        await send_screens(context.bot, caller.chat_id,
                           [menu.invite_refused(caller.tr, error.reason.value, features=caller.menu)])
        return
    await refresh_changed_menus(context.bot, services)
    caller = await caller_of(update, context)
    assert caller is not None
    await send_screens(context.bot, caller.chat_id, [
        menu.invite_accepted(caller.tr, role_label(caller.tr, record.role), area_name(record.area)),
        menu.welcome(caller.tr, caller.first_name, features=caller.menu, resume=False)])


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/trogiup: only what this person may do."""
    caller = await caller_of(update, context)
    if caller is None:
        return
    lines, officer_lines = services_of(context).catalog.help_lines(caller.tr, caller.scope)
    await send_screens(context.bot, caller.chat_id, [menu.help_screen(
        caller.tr, features=caller.menu, lines=lines, officer_lines=officer_lines)])


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    caller = await caller_of(update, context)
    if caller is None:
        return
    services = services_of(context)
    had_dialog = await services.dialogs.cancel(caller.chat_id)
    await send_screens(context.bot, caller.chat_id,
                       [menu.cancelled(caller.tr, had_dialog=had_dialog, features=caller.menu)])


async def language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    caller = await caller_of(update, context)
    if caller is None:
        return
    await send_screens(context.bot, caller.chat_id, [menu.language_screen(caller.tr)])


async def _start_dialog(update: Update, context: ContextTypes.DEFAULT_TYPE, caller: Caller, feature: Feature) -> None:
    services = services_of(context)
    outcome = await services.dialogs.start(caller.chat_id, caller.user_id, services.catalog.dialog_name(feature),
                                           caller.ctx)
    if outcome.denied:  # the rights changed between the command and the step
        await send_screens(context.bot, caller.chat_id, [menu.not_understood(caller.tr, features=caller.menu)])
        return
    await send_screens(context.bot, caller.chat_id, outcome.screens, outcome.seq)
    await refresh_changed_menus(context.bot, services)


async def _start_dialog_in_step(update: Update, context: ContextTypes.DEFAULT_TYPE, feature: Feature) -> None:
    """A dialog's command: the sender is read in the first step's own transaction (one unit of work).

    The step's guard checks the feature's rights on that very read; a person who may not use it
    gets the answer of an unknown command, as :func:`command` gives.
    """
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    services = services_of(context)
    sender = CallerInStep(update, context)
    outcome = await services.dialogs.start(chat.id, user.id, services.catalog.dialog_name(feature), sender)
    caller = sender.caller
    assert caller is not None
    if outcome.denied:
        await send_screens(context.bot, caller.chat_id, [menu.not_understood(caller.tr, features=caller.menu)])
        return
    await send_screens(context.bot, caller.chat_id, outcome.screens, outcome.seq)
    await refresh_changed_menus(context.bot, services)


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
    if data == menu.MENU_RESUME:
        await resume(update, context)
        return
    if data.startswith(menu.MENU_LANGUAGE + ":"):
        await _set_language(update, context, data.rsplit(":", 1)[1])
        return
    caller = await caller_of(update, context)
    if caller is None:
        return
    catalog = services_of(context).catalog
    feature = catalog.by_menu_callback(data) or catalog.by_key(data.partition(":")[2])
    if feature is None or not feature.allows(caller.scope):
        await unknown_command(update, context)
        return
    await _run(update, context, caller, feature)


async def resume(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    caller = await caller_of(update, context)
    if caller is None:
        return
    services = services_of(context)
    outcome = await services.dialogs.render(caller.chat_id, caller.ctx)
    if outcome is None or outcome.denied:
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
    """Unknown and forbidden commands get the same neutral answer."""
    caller = await caller_of(update, context)
    if caller is None:
        return
    await send_screens(context.bot, caller.chat_id, [menu.not_understood(caller.tr, features=caller.menu)])
