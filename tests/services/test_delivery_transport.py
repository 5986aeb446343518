"""Bot API answers become the engine's outcomes the way Telegram means them."""

from __future__ import annotations

from bot.delivery.transport import SendKind, classify


def test_answers_map_to_what_the_engine_must_do() -> None:
    assert classify({"ok": True, "result": {"message_id": 7}}).message_id == 7
    flood = classify({"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 3",
                      "parameters": {"retry_after": 3}})
    assert flood.kind is SendKind.RETRY_AFTER and flood.retry_after == 3
    assert classify({"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}).kind \
        is SendKind.UNREACHABLE
    assert classify({"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}).kind \
        is SendKind.UNREACHABLE
    assert classify({"ok": False, "error_code": 400, "description": "Bad Request: message is too long"}).kind \
        is SendKind.REFUSED
    assert classify({"ok": False, "error_code": 502, "description": "Bad Gateway"}).kind is SendKind.PASSING
