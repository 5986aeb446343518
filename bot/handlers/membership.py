"""Telegram tells us when a user blocks or unblocks the bot; broadcasts skip blocked users."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.ext import ContextTypes

from bot.handlers.context import services_of


async def my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    blocked = change.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT)
    await services_of(context).users.mark_blocked(change.chat.id, blocked)
