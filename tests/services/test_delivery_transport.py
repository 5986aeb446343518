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


async def test_sends_in_flight_shrink_when_the_loop_is_late_and_grow_only_when_they_hold_sending_back() -> None:
    import asyncio

    from bot.delivery.inflight import InFlight

    slots = InFlight(floor=4, ceiling=40, start=16)
    slots.adjust(0.030)  # the loop woke 30 ms late: work queues in this process
    assert slots.limit == 12
    for _ in range(10):
        slots.adjust(0.050)
    assert slots.limit == 4  # never below the floor
    slots.adjust(0.001)
    assert slots.limit == 4  # on time, but nothing waited for a slot: no reason to grow
    for _ in range(4):
        await slots.acquire()
    waiting = asyncio.create_task(slots.acquire())  # a fifth send waits: the limit holds sending back
    await asyncio.sleep(0.01)
    assert not waiting.done()
    slots.adjust(0.001)
    assert slots.limit == 5
    await asyncio.wait_for(waiting, 1)  # the grown limit lets it start
    for _ in range(40):
        await slots.release()
        await slots.acquire()
        slots._bound = True
        slots.adjust(0.001)
    assert slots.limit == 40  # never above the ceiling
