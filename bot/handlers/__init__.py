"""Telegram glue.  ``register`` is the map of the bot: which update goes to which handler.

Handlers only translate updates into service calls and screens back into messages; every
decision lives in ``bot.dialogs`` (pure) or ``bot.services``.
"""

from __future__ import annotations

from telegram.ext import (
    Application, CallbackQueryHandler, ChatMemberHandler, CommandHandler, MessageHandler, filters,
)

from bot.handlers import broadcasts, commands, dialog, documents, errors, membership

PRIVATE = filters.ChatType.PRIVATE


def register(application: Application) -> None:  # type: ignore[type-arg]
    # Commands first: they work whatever dialog the chat is in.
    application.add_handler(CommandHandler("start", commands.start, filters=PRIVATE))
    application.add_handler(CommandHandler(["trogiup", "help"], commands.help_command, filters=PRIVATE))
    application.add_handler(CommandHandler(["huy", "cancel"], commands.cancel, filters=PRIVATE))
    application.add_handler(CommandHandler(["ngonngu", "language"], commands.language, filters=PRIVATE))
    application.add_handler(CommandHandler(list(commands.DIALOG_COMMANDS), commands.start_dialog_command,
                                           filters=PRIVATE))
    application.add_handler(CommandHandler("tatthongbao", broadcasts.announcements_off, filters=PRIVATE))
    application.add_handler(CommandHandler("batthongbao", broadcasts.announcements_on, filters=PRIVATE))
    # Buttons: global menu buttons (m:…) and dialog buttons (d:<seq>:…).
    application.add_handler(CallbackQueryHandler(commands.menu_button, pattern=r"^m:"))
    application.add_handler(CallbackQueryHandler(dialog.dialog_button))
    # Everything typed (not a command) answers the current question.
    application.add_handler(MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, dialog.text_message))
    # Files: officers' approved and paid lists.
    application.add_handler(MessageHandler(PRIVATE & filters.Document.ALL, documents.document))
    # Any other command: say what the bot understands.
    application.add_handler(MessageHandler(PRIVATE & filters.COMMAND, commands.unknown_command))
    application.add_handler(ChatMemberHandler(membership.my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_error_handler(errors.on_error)
