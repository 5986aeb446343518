"""``python -m bot import approved|paid FILE``: bulk loads from the command line, with a progress bar.

Same service as the chat flow: the file is read into staging, the preview is printed, and the
lists change only after confirmation (``--yes`` confirms without asking).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from tqdm import tqdm

from bot.config import Settings
from bot.dialogs.import_texts import refusal_text, row_error_message
from bot.i18n import DEFAULT_LOCALE, Translator
from bot.parsing import ParseError, parse_date
from bot.services.imports import ImportOptions, ImportRefused


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=["approved", "paid"], help="which list the file is")
    parser.add_argument("file", type=Path, help=".xlsx, .xls or .csv file")
    parser.add_argument("--policy", default="", help="policy id for rows that do not say it (see `python -m bot policies`)")
    parser.add_argument("--decision-number", default="", help="approval decision number, when the file has none")
    parser.add_argument("--decision-date", default="", help="approval decision date (dd/mm/yyyy), when the file has none")
    parser.add_argument("--payer", default="", help="payer, when a paid list has no payer column")
    parser.add_argument("--paid-date", default="", help="payment date (dd/mm/yyyy), when a paid list has no such column")
    parser.add_argument("--yes", action="store_true", help="import without asking for confirmation")
    parser.add_argument("--officer-id", type=int, default=None, help="Telegram id recorded in the audit trail")


async def run_import(settings: Settings, args: argparse.Namespace, ask: Callable[[str], str] = input) -> int:
    from bot.app import build_services, close_services

    tr = Translator(DEFAULT_LOCALE)
    if not args.file.is_file():
        print(tr._("File not found: {path}").format(path=args.file), file=sys.stderr)
        return 2
    services = await build_services(settings)
    try:
        if args.policy and args.policy not in services.rules.policies:
            print(tr._("Unknown policy {policy}. Known: {known}").format(
                policy=args.policy, known=", ".join(services.rules.policies)), file=sys.stderr)
            return 2
        try:
            decided = parse_date(args.decision_date, today=services.clock.today()) if args.decision_date else None
        except ParseError:
            print(tr._("Cannot read the decision date {value}; use dd/mm/yyyy.").format(value=args.decision_date),
                  file=sys.stderr)
            return 2
        try:
            paid_on = parse_date(args.paid_date, today=services.clock.today()) if args.paid_date else None
        except ParseError:
            print(tr._("Cannot read the payment date {value}; use dd/mm/yyyy.").format(value=args.paid_date),
                  file=sys.stderr)
            return 2
        options = ImportOptions(args.kind, args.policy, args.decision_number, decided, args.payer, paid_on)
        assert services.imports is not None
        bar = tqdm(unit=tr._(" rows"), unit_scale=True, desc=args.file.name, file=sys.stderr)

        async def progress(rows: int) -> None:
            bar.update(rows - bar.n)

        try:
            if args.yes:  # confirmed before reading: a new list is written once, straight into the live list
                preview, done = await services.imports.import_confirmed(
                    args.file, args.file.name, options, args.officer_id, progress)
            else:
                preview, done = await services.imports.stage(
                    args.file, args.file.name, options, args.officer_id, progress), None
        except ImportRefused as refused:
            bar.close()
            text = refusal_text(tr, refused.code, refused.params)
            if refused.code == "paid_date_needed":
                text = tr._("This paid list has no payment-date column: give the date with --paid-date dd/mm/yyyy. "
                            "Nothing was changed.")
            print(_plain(text), file=sys.stderr)
            return 1
        bar.close()
        _print_preview(tr, preview.as_dict())
        if preview.valid == 0:
            if not args.yes:
                await services.imports.cancel(preview.batch_id, args.officer_id)
            print(tr._("No row can be imported; nothing was changed."))
            return 1
        if done is None:
            if ask(tr._("Import these rows? [y/N] ")).strip().lower() not in ("y", "yes", "c", "co", "có"):
                await services.imports.cancel(preview.batch_id, args.officer_id)
                print(tr._("Import cancelled. Nothing was changed."))
                return 1
            try:
                done = await services.imports.commit(preview.batch_id, args.officer_id)
            except ImportRefused as refused:
                print(_plain(refusal_text(tr, refused.code, refused.params)), file=sys.stderr)
                return 1
        if done.stale:
            print(tr._("Another import changed these lists after the preview, so nothing was imported. "
                       "The preview as the lists are now:"), file=sys.stderr)
            _print_preview(tr, done.summary)
            await services.imports.cancel(preview.batch_id, args.officer_id)
            print(tr._("Run the import again to import this file."), file=sys.stderr)
            return 1
        print(tr._("Imported. {new} new, {changed} updated, {unchanged} already present.").format(
            new=done.summary.get("new", 0), changed=done.summary.get("changed", 0),
            unchanged=done.summary.get("unchanged", 0)))
        return 0
    finally:
        await close_services(services)


def _print_preview(tr: Translator, p: dict[str, object]) -> None:
    print(tr._("Rows read: {n}").format(n=p["read"]))
    print(tr._("Valid: {n}").format(n=p["valid"]))
    print(tr._("Invalid: {n}").format(n=p["invalid"]))
    print(tr._("New: {n}").format(n=p["new"]))
    print(tr._("Changed: {n}").format(n=p["changed"]))
    print(tr._("Already present: {n}").format(n=p["unchanged"]))
    for code, count in dict(p.get("errors_by_code") or {}).items():  # type: ignore[call-overload]
        print(f"  {count} × {row_error_message(tr, code, {})}")
    if p.get("error_report"):
        print(tr._("Invalid rows with their reasons: {path}").format(path=p["error_report"]))


def _plain(text: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", text)


__all__ = ["add_arguments", "run_import"]
