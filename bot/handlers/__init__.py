"""Telegram glue.  ``register`` is the map of the bot: which update goes to which handler.

The commands themselves are not listed here: they come from the feature declarations
(``bot.features``), with the rights each feature declares.

Handlers only translate updates into service calls and screens back into messages; every
decision lives in ``bot.dialogs`` (pure) or ``bot.services``.
"""

from __future__ import annotations

from telegram.ext import (
    Application, CallbackQueryHandler, ChatMemberHandler, CommandHandler, MessageHandler, filters,
)

from bot.handlers import commands, dialog, documents, errors, membership
from bot.handlers.context import SERVICES_KEY

PRIVATE = filters.ChatType.PRIVATE


def register(application: Application) -> None:  # type: ignore[type-arg]
    catalog = application.bot_data[SERVICES_KEY].catalog
    # Commands first: they work whatever dialog the chat is in.  Every declared command (name and
    # alias) goes to one handler that checks the person's rights against the feature declaration.
    application.add_handler(CommandHandler(catalog.command_names, commands.command, filters=PRIVATE))
    # Buttons: global menu buttons (m:…) and dialog buttons (d:<seq>:…).
    application.add_handler(CallbackQueryHandler(commands.menu_button, pattern=r"^m:"))
    application.add_handler(CallbackQueryHandler(dialog.dialog_button))
    # Everything typed (not a command) answers the current question.
    application.add_handler(MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, dialog.text_message))
    # Files: officers' approved and paid lists.
    application.add_handler(MessageHandler(PRIVATE & filters.Document.ALL, documents.document))
    # Photos: an officer's announcement in /thongbao.
    application.add_handler(MessageHandler(PRIVATE & filters.PHOTO, documents.photo))
    # Any other command: say what the bot understands.
    application.add_handler(MessageHandler(PRIVATE & filters.COMMAND, commands.unknown_command))
    application.add_handler(ChatMemberHandler(membership.my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_error_handler(errors.on_error)
