"""``python -m bot export thongke|trunglap``: the /thongke and /trunglap files for scheduled reports.

    python -m bot export thongke --area "Tỉnh Khánh Hòa" --from 2021-07-01 --to 2021-12-31 --out report.xlsx

Runs as a province (or commune) officer of ``--area`` with the same services as the chat, so the
figures, the file and the audit entry ("channel": "cli") are the same.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from bot.config import Settings
from bot.domain.areas import Area, OfficerScope, Role
from bot.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, Translator
from bot.parsing import area_names
from bot.reports.figures import GroupBy, Period

CLI_ACTOR = 0  # the audit log's "who" for scheduled exports (no Telegram user)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("report", choices=["thongke", "trunglap"], help="statistics or duplicates")
    parser.add_argument("--area", required=True,
                        help='"Tỉnh Khánh Hòa", or a commune of today: "Phường Nha Trang, Tỉnh Khánh Hòa"')
    parser.add_argument("--from", dest="start", default="", help="first day, YYYY-MM-DD (default: the beginning)")
    parser.add_argument("--to", dest="end", default="", help="last day, YYYY-MM-DD (default: today)")
    parser.add_argument("--by", choices=["commune", "old-district"], default="commune",
                        help="rows per commune of today, or per old district named in the lists")
    parser.add_argument("--supervisor", action="store_true", help="as a supervisor: ID numbers masked")
    parser.add_argument("--lang", choices=sorted(SUPPORTED_LOCALES), default=DEFAULT_LOCALE)
    parser.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")


def parse_area(text: str) -> Area | None:
    """ "Tỉnh Khánh Hòa" -> the province; "Phường Nha Trang, Tỉnh Khánh Hòa" -> that commune."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        return None
    province = area_names.find_province(parts[-1])
    if province is None:
        return None
    if len(parts) == 1:
        return Area(province)
    ward = area_names.find_ward(parts[0], province)
    return Area(province, ward) if ward else None


async def run_export(settings: Settings, args: argparse.Namespace) -> int:
    tr = Translator(args.lang)
    area = parse_area(args.area)
    if area is None:
        print(tr._("Unknown area {area}: write a province of today, or \"commune, province\".").format(
            area=args.area), file=sys.stderr)
        return 2
    try:
        period = Period(date.fromisoformat(args.start) if args.start else None,
                        date.fromisoformat(args.end) if args.end else None)
    except ValueError:
        print(tr._("Dates are written YYYY-MM-DD, and --to is not before --from."), file=sys.stderr)
        return 2
    from bot.app import build_services, close_services
    from bot.services.duplicates import DuplicatesService
    from bot.services.statistics import StatisticsService

    services = await build_services(settings)
    names = {pid: p.title for pid, p in services.rules.policies.items()}
    role = Role.SUPERVISOR if args.supervisor else (Role.PROVINCE if area.is_province else Role.COMMUNE)
    scope = OfficerScope(CLI_ACTOR, role, area)
    try:
        if args.report == "thongke":
            group_by = GroupBy.OLD_DISTRICT if args.by == "old-district" else GroupBy.COMMUNE
            export = await StatisticsService(services.sessions, services.clock, names).export(
                scope, period, tr, group_by=group_by, channel="cli", chart=False)
            content, total = export.xlsx, export.report.total
            summary = tr._("{people} people approved, {paid} paid").format(
                people=tr.number(total.people_approved), paid=tr.number(total.people_paid))
        else:
            found = await DuplicatesService(services.sessions, services.clock, names).export(
                scope, tr, channel="cli")
            content = found.xlsx
            summary = tr._("{count} possible duplicates").format(count=tr.number(len(found.report.findings)))
    finally:
        await close_services(services)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(content)
    print(tr._("Wrote {path}: {summary}").format(path=args.out, summary=summary))
    return 0
