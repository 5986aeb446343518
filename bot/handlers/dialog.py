"""Free text and dialog buttons, routed to the chat's current dialog."""

from __future__ import annotations

from telegram import Message, MessageEntity, Update
from telegram.ext import ContextTypes

from bot.dialogs import menu
from bot.dialogs.core import ButtonPress, MediaInput, TextInput, parse_callback_data
from bot.handlers.context import Caller, CallerInStep, caller_of, services_of
from bot.services.dialogs import Outcome
from bot.handlers.menus import refresh_changed_menus
from bot.handlers.render import label_of_pressed, send_screens


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Typed text is an answer to the current question, or (outside a dialog) a request for the menu."""
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    if user is None or chat is None or message is None or message.text is None:
        return
    sender = CallerInStep(update, context)  # the sender is read in the step's own transaction
    outcome = await services_of(context).dialogs.handle(chat.id, user.id,
                                                        TextInput(message.text, formatted_html(message)), sender)
    assert sender.caller is not None
    await _show(context, sender.caller, outcome)


async def media_input(context: ContextTypes.DEFAULT_TYPE, caller: Caller, event: MediaInput) -> None:
    """A photo or document for the current dialog (the handlers of files ask ``accepts_media`` first)."""
    outcome = await services_of(context).dialogs.handle(caller.chat_id, caller.user_id, event, caller.ctx)
    await _show(context, caller, outcome)


def formatted_html(message: Message, *, caption: bool = False) -> str:
    """The text (or caption) as Telegram HTML when it carries formatting entities, else "".

    PTB renders the entities (bold, italics, text links, code, spoilers, quotes) as the HTML
    Telegram accepts back with ``parse_mode=HTML``; the typed text is escaped on the way.
    """
    entities = message.caption_entities if caption else message.entities
    if not any(entity.type in FORMATTING for entity in entities or ()):
        return ""
    return (message.caption_html if caption else message.text_html) or ""


FORMATTING = frozenset({
    MessageEntity.BOLD, MessageEntity.ITALIC, MessageEntity.UNDERLINE, MessageEntity.STRIKETHROUGH,
    MessageEntity.SPOILER, MessageEntity.CODE, MessageEntity.PRE, MessageEntity.TEXT_LINK,
    MessageEntity.BLOCKQUOTE, MessageEntity.EXPANDABLE_BLOCKQUOTE,
})


async def _show(context: ContextTypes.DEFAULT_TYPE, caller: Caller, outcome: Outcome | None) -> None:
    services = services_of(context)
    if outcome is None:
        await send_screens(context.bot, caller.chat_id, [menu.not_understood(caller.tr, features=caller.menu)])
        return
    if outcome.denied:
        await send_screens(context.bot, caller.chat_id, [menu.no_longer_allowed(caller.tr, features=caller.menu)])
        return
    await send_screens(context.bot, caller.chat_id, outcome.screens, outcome.seq)
    await refresh_changed_menus(context.bot, services)


async def dialog_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A dialog button: apply it, mark the choice on the question, or explain that it is stale."""
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    if query is None or user is None or chat is None:
        return
    decoded = parse_callback_data(query.data or "")
    services = services_of(context)
    if decoded is None:
        caller = await caller_of(update, context)
        assert caller is not None
        await query.answer(menu.expired_button(caller.tr))
        return
    seq, value = decoded
    sender = CallerInStep(update, context)  # the sender is read in the step's own transaction
    outcome = await services.dialogs.handle(chat.id, user.id, ButtonPress(value), sender, pressed_seq=seq)
    caller = sender.caller
    assert caller is not None
    if outcome is None:
        await query.answer(menu.expired_button(caller.tr))
        await query.edit_message_reply_markup(reply_markup=None)
        return
    if outcome.denied:
        await query.answer()
        await query.edit_message_reply_markup(reply_markup=None)
        await send_screens(context.bot, caller.chat_id, [menu.no_longer_allowed(caller.tr, features=caller.menu)])
        return
    if outcome.stale:
        await query.answer(menu.stale_button(caller.tr))
    else:
        await query.answer()
        await _mark_choice(query, query.data or "")
    await send_screens(context.bot, caller.chat_id, outcome.screens, outcome.seq)
    await refresh_changed_menus(context.bot, services)


async def _mark_choice(query, data: str) -> None:  # type: ignore[no-untyped-def]
    """Leave the answered question in the chat with the chosen label, without buttons."""
    message = query.message
    label = label_of_pressed(message, data)
    if message is None or label is None or not getattr(message, "text_html", None):
        return
    await query.edit_message_text(f"{message.text_html}\n\n<i>➜ {label}</i>", reply_markup=None)
