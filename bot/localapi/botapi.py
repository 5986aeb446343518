"""The Bot API methods, answered from the :class:`World` the way Telegram answers them.

Strict where Telegram is strict: over-long texts, empty texts, callback data over 64 bytes,
edits that change nothing, unknown chats and users who blocked the bot get Telegram's own
error descriptions, so the bot's error handling is exercised for real.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from bot.localapi.state import Chat, World


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after


Params = dict[str, Any]
Method = Callable[[World, Params], Awaitable[Any]]
_TAG = re.compile(r"</?([a-zA-Z-]+)(?:\s[^>]*)?>")
_ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a", "tg-spoiler",
                 "span", "blockquote"}


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _chat_for_send(world: World, params: Params) -> Chat:
    chat = world.chat(int(params.get("chat_id", 0)))
    if chat is None:
        raise ApiError(400, "Bad Request: chat not found")
    if chat.blocked:
        raise ApiError(403, "Forbidden: bot was blocked by the user")
    return chat


def _visible_text(text: str, parse_mode: str | None) -> str:
    """The text as the user sees it (entities parsed), validating HTML like Telegram does."""
    if (parse_mode or "").upper() != "HTML":
        return text
    stack: list[str] = []
    for match in _TAG.finditer(text):
        tag = match.group(1).lower()
        if tag not in _ALLOWED_TAGS:
            raise ApiError(400, f"Bad Request: can't parse entities: unsupported start tag \"{tag}\"")
        if match.group(0).startswith("</"):
            if not stack or stack[-1] != tag:
                raise ApiError(400, f"Bad Request: can't parse entities: can't find end tag corresponding to "
                                    f"start tag \"{stack[-1] if stack else tag}\"")
            stack.pop()
        elif not match.group(0).endswith("/>"):
            stack.append(tag)
    if stack:
        raise ApiError(400, f"Bad Request: can't parse entities: can't find end tag corresponding to start tag "
                            f"\"{stack[-1]}\"")
    return html.unescape(_TAG.sub("", text))


_CHAT_ACTIONS = {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
                 "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note"}


def _markup(params: Params) -> dict[str, Any] | None:
    """The inline keyboard of a message (a reply keyboard is kept by :func:`_keep_keyboard`)."""
    markup = _json(params.get("reply_markup"))
    if not markup:
        return None
    for row in markup.get("inline_keyboard", []) or []:
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup if "inline_keyboard" in markup else None


def _keep_keyboard(chat: Chat, params: Params) -> None:
    """A reply keyboard (``keyboard``) stays under the input field until removed, as in Telegram's clients."""
    markup = _json(params.get("reply_markup"))
    if isinstance(markup, dict) and "keyboard" in markup:
        chat.keyboard = [[b if isinstance(b, str) else str(b.get("text", "")) for b in row]
                         for row in markup["keyboard"] or []]
    elif isinstance(markup, dict) and markup.get("remove_keyboard"):
        chat.keyboard = []


async def send_chat_action(world: World, params: Params) -> Any:
    """Recorded, so a client (the demo page) can show "typing…" as Telegram's apps do."""
    chat = _chat_for_send(world, params)
    action = str(params.get("action") or "")
    if action not in _CHAT_ACTIONS:
        raise ApiError(400, "Bad Request: wrong parameter action in request")
    world.record_action(chat, action)
    await world.notify()
    return True


async def get_me(world: World, params: Params) -> Any:
    return world.bot


async def get_updates(world: World, params: Params) -> Any:
    offset = int(params.get("offset") or 0)
    limit = max(1, min(int(params.get("limit") or 100), 100))
    timeout = float(params.get("timeout") or 0)
    if offset:
        world.updates = [u for u in world.updates if u["update_id"] >= offset]
    if not world.updates and timeout > 0:
        async with world.changed:
            try:
                await asyncio.wait_for(world.changed.wait_for(lambda: bool(world.updates)), timeout)
            except asyncio.TimeoutError:
                pass
    return world.updates[:limit]


async def ok_true(world: World, params: Params) -> Any:
    return True


async def get_webhook_info(world: World, params: Params) -> Any:
    return {"url": "", "has_custom_certificate": False, "pending_update_count": len(world.updates)}


def commands_key(scope: Any, language_code: str = "") -> str:
    """Where a command list is kept: its scope (``default``, ``chat:<id>``…) and language, as Telegram does."""
    scope = _json(scope) or {}
    kind = str(scope.get("type") or "default") if isinstance(scope, dict) else "default"
    if isinstance(scope, dict) and scope.get("chat_id") is not None:
        kind += f":{scope['chat_id']}"
    return f"{kind}|{language_code}" if language_code else kind


async def set_my_commands(world: World, params: Params) -> Any:
    key = commands_key(params.get("scope"), str(params.get("language_code") or ""))
    world.commands[key] = _json(params.get("commands")) or []
    return True


async def get_my_commands(world: World, params: Params) -> Any:
    return world.commands.get(commands_key(params.get("scope"), str(params.get("language_code") or "")), [])


async def delete_my_commands(world: World, params: Params) -> Any:
    world.commands.pop(commands_key(params.get("scope"), str(params.get("language_code") or "")), None)
    return True


async def send_message(world: World, params: Params) -> Any:
    chat = _chat_for_send(world, params)
    _keep_keyboard(chat, params)
    text = str(params.get("text") or "")
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    visible = _visible_text(text, params.get("parse_mode"))
    if len(visible) > 4096:
        raise ApiError(400, "Bad Request: message is too long")
    message: dict[str, Any] = {"from": world.bot, "text": visible, "_html": text, "_method": "sendMessage",
                               "_parse_mode": str(params.get("parse_mode") or "")}
    markup = _markup(params)
    if markup:
        message["reply_markup"] = markup
    world.add_message(chat, message)
    world.record_output(chat, message["message_id"])
    await world.notify()
    return _public(message)


async def send_document(world: World, params: Params) -> Any:
    chat = _chat_for_send(world, params)
    _keep_keyboard(chat, params)
    document = params.get("document")
    if isinstance(document, tuple):  # uploaded: (name, mime, bytes)
        name, mime, data = document
        stored = world.store_file(data, name, mime)
    else:
        stored = world.files.get(str(document))
        if stored is None:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
    message: dict[str, Any] = {"from": world.bot, "document": world.document_dict(stored), "_method": "sendDocument",
                               "_parse_mode": str(params.get("parse_mode") or "")}
    if params.get("caption"):
        message["caption"] = _visible_text(str(params["caption"]), params.get("parse_mode"))
        message["_html"] = str(params["caption"])
    markup = _markup(params)
    if markup:
        message["reply_markup"] = markup
    world.add_message(chat, message)
    world.record_output(chat, message["message_id"])
    await world.notify()
    return _public(message)


async def send_photo(world: World, params: Params) -> Any:
    """A photo by file id (or an upload, stored like a document), with an optional HTML caption."""
    chat = _chat_for_send(world, params)
    photo = params.get("photo")
    if isinstance(photo, tuple):
        name, mime, data = photo
        stored = world.store_file(data, name, mime)
    else:
        stored = world.files.get(str(photo))
        if stored is None:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
    message: dict[str, Any] = {"from": world.bot, "photo": [{"file_id": stored.file_id,
                                                             "file_unique_id": stored.unique_id,
                                                             "width": 1, "height": 1}],
                               "_method": "sendPhoto", "_parse_mode": str(params.get("parse_mode") or "")}
    if params.get("caption"):
        message["caption"] = _visible_text(str(params["caption"]), params.get("parse_mode"))
        message["_html"] = str(params["caption"])
    world.add_message(chat, message)
    world.record_output(chat, message["message_id"])
    await world.notify()
    return _public(message)


def _bot_message(world: World, params: Params) -> tuple[Chat, dict[str, Any]]:
    chat = world.chat(int(params.get("chat_id", 0)))
    if chat is None:
        raise ApiError(400, "Bad Request: chat not found")
    message = chat.messages.get(int(params.get("message_id", 0)))
    if message is None or message.get("from", {}).get("id") != world.bot["id"]:
        raise ApiError(400, "Bad Request: message to edit not found")
    return chat, message


async def edit_message_text(world: World, params: Params) -> Any:
    chat, message = _bot_message(world, params)
    text = str(params.get("text") or "")
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    visible = _visible_text(text, params.get("parse_mode"))
    markup = _markup(params)
    if visible == message.get("text") and markup == message.get("reply_markup"):
        raise ApiError(400, "Bad Request: message is not modified: specified new message content and reply "
                            "markup are exactly the same as a current content and reply markup of the message")
    message["text"], message["_html"] = visible, text
    _set_markup(message, markup)
    message["edit_date"] = world.now()
    world.record_output(chat, message["message_id"])
    await world.notify()
    return _public(message)


async def edit_message_reply_markup(world: World, params: Params) -> Any:
    chat, message = _bot_message(world, params)
    markup = _markup(params)
    if markup == message.get("reply_markup"):
        raise ApiError(400, "Bad Request: message is not modified: specified new message content and reply "
                            "markup are exactly the same as a current content and reply markup of the message")
    _set_markup(message, markup)
    message["edit_date"] = world.now()
    world.record_output(chat, message["message_id"])
    await world.notify()
    return _public(message)


def _set_markup(message: dict[str, Any], markup: dict[str, Any] | None) -> None:
    if markup:
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)


async def delete_message(world: World, params: Params) -> Any:
    chat, message = _bot_message(world, params)
    message["deleted"] = True
    world.record_output(chat, message["message_id"])
    await world.notify()
    return True


async def answer_callback_query(world: World, params: Params) -> Any:
    query = world.callbacks.get(str(params.get("callback_query_id")))
    if query is None or query["answered"]:
        raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
    query["answered"] = True
    query["answer_text"] = params.get("text")
    return True


async def get_file(world: World, params: Params) -> Any:
    stored = world.files.get(str(params.get("file_id")))
    if stored is None:
        raise ApiError(400, "Bad Request: invalid file_id")
    return {"file_id": stored.file_id, "file_unique_id": stored.unique_id, "file_size": len(stored.data),
            "file_path": stored.path}


def _public(message: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in message.items() if not k.startswith("_") and k != "deleted"}


METHODS: dict[str, Method] = {
    "getme": get_me, "getupdates": get_updates, "deletewebhook": ok_true, "setwebhook": ok_true,
    "getwebhookinfo": get_webhook_info, "logout": ok_true, "close": ok_true,
    "setmycommands": set_my_commands, "getmycommands": get_my_commands, "deletemycommands": delete_my_commands,
    "setchatmenubutton": ok_true, "sendchataction": send_chat_action, "sendmessage": send_message,
    "senddocument": send_document, "sendphoto": send_photo, "editmessagetext": edit_message_text,
    "editmessagereplymarkup": edit_message_reply_markup, "deletemessage": delete_message,
    "answercallbackquery": answer_callback_query, "getfile": get_file,
}
