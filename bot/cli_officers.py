"""``python -m bot officers add|list|remove``: manage officer accounts from the server (the first one)."""

from __future__ import annotations

import argparse

from bot.config import Settings
from bot.domain.areas import Role
from bot.parsing.area_names import area_name, resolve_area
from bot.services.clock import Clock
from bot.services.officers import AccountError, OfficerService


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="officers_action", required=True)
    add = sub.add_parser("add", help="make a Telegram user an officer of an area")
    add.add_argument("--user-id", type=int, required=True)
    add.add_argument("--role", choices=[r.value for r in Role], required=True)
    add.add_argument("--area", required=True, help='"Tỉnh Khánh Hòa", "Xã Nam Cam Ranh, Tỉnh Khánh Hòa" or a code')
    sub.add_parser("list", help="active officers")
    remove = sub.add_parser("remove", help="remove a user's officer account")
    remove.add_argument("--user-id", type=int, required=True)


async def run_officers(settings: Settings, args: argparse.Namespace) -> int:
    from storage.database import make_engine, make_session_factory
    from storage.migrate import upgrade_to_head

    engine = make_engine(settings.database_url)
    await upgrade_to_head(engine)
    service = OfficerService(make_session_factory(engine), Clock(settings.timezone), settings.admin_ids,
                             settings.province)
    try:
        if args.officers_action == "add":
            area = resolve_area(args.area)
            if area is None:
                print(f"Unknown area {args.area!r}: name a province or a commune of today's map, e.g. "
                      '"Tỉnh Khánh Hòa" or "Xã Nam Cam Ranh, Tỉnh Khánh Hòa".')
                return 2
            try:
                record = await service.add(args.user_id, Role(args.role), area)
            except AccountError:
                print("A commune officer needs a commune (\"Xã X, Tỉnh Y\"); a province officer a province.")
                return 2
            print(f"officer {record.user_id}: {record.role.value}, {area_name(record.area)}")
            return 0
        if args.officers_action == "list":
            for entry in await service.all_active():
                print(f"{entry.user_id}\t{entry.role.value}\t{area_name(entry.area)}")
            if settings.province is not None:
                for user_id in sorted(settings.admin_ids):
                    print(f"{user_id}\tprovince\t{area_name(settings.province)}\t(BOT_ADMIN_IDS)")
            return 0
        if not await service.remove_user(args.user_id):
            print(f"{args.user_id} has no officer account (BOT_ADMIN_IDS are changed in the configuration).")
            return 1
        print(f"removed {args.user_id}")
        return 0
    finally:
        await engine.dispose()
