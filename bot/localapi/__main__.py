"""``python -m bot.localapi --port 8081``: the local Bot API server on its own, for manual use."""

from __future__ import annotations

import argparse
import asyncio

from bot.localapi.server import LocalBotApi


async def _serve(port: int) -> None:
    async with LocalBotApi(port=port) as api:
        print(f"Local Bot API at {api.base_url}<token>/<method>; files at {api.base_file_url}", flush=True)
        await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.localapi")
    parser.add_argument("--port", type=int, default=8081)
    asyncio.run(_serve(parser.parse_args().port))


if __name__ == "__main__":
    main()
