"""`kkrbot rapporter`: the members' reports of wrong answers, from the bot's database; mark them handled."""
from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from bot.cli.common import add_config_arg, load_cli_config
from bot.config import ConfigError
from bot.state.db import Database, StateError
from bot.state.reports import Report, list_reports, mark_handled, report_to_dict


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `rapporter` subcommand."""
    p = sub.add_parser("rapporter", help="medlemmernes rapporter om forkerte svar (og markér dem behandlet)")
    add_config_arg(p)
    p.add_argument("--database", type=Path, default=None, metavar="FIL",
                   help="bottens database (standard: config'ens database, ellers ./kkrbot.sqlite3)")
    p.add_argument("--alle", action="store_true", help="også de behandlede")
    p.add_argument("--json", action="store_true", help="som JSON (én liste)")
    p.add_argument("--behandlet", type=int, nargs="+", metavar="NR", help="markér disse rapporter som behandlet")
    p.set_defaults(func=run)


def format_report(report: Report) -> str:
    """One report as plain text, a few lines."""
    state = "åben" if report.open else f"behandlet {report.handled_at} af {report.handled_by}"
    return "\n".join([
        f"Nr. {report.id} · {report.reported_at} · bruger {report.user_id} · {state}",
        f"  Spørgsmål: {report.question or '(ikke gemt længere)'}",
        f"  Svaret viste: {report.shown.describe()}",
        f"  Hvad var forkert: {report.text}",
    ])


def run(args: argparse.Namespace) -> int:
    """List the reports (open ones, or --alle), or mark some handled (--behandlet)."""
    try:
        path = args.database or load_cli_config(args.config).database
        if not path.exists():
            raise StateError(f"{path}: databasen findes ikke (botten opretter den, første gang den starter)")
        db = Database.open(path)
    except (ConfigError, StateError) as exc:
        print(f"kkrbot: {exc}", file=sys.stderr)
        return 1
    try:
        if args.behandlet:
            done = mark_handled(db, args.behandlet, f"{getpass.getuser()} (kkrbot rapporter)")
            left = sorted(set(args.behandlet) - set(done))
            if done:
                print(f"Markeret som behandlet: {', '.join(f'nr. {n}' for n in done)}.")
            if left:
                print(f"Ikke åbne (allerede behandlet eller ukendte): {', '.join(f'nr. {n}' for n in left)}.",
                      file=sys.stderr)
            return 0 if done else 1
        reports = list_reports(db, include_handled=args.alle)
        if args.json:
            print(json.dumps([report_to_dict(r) for r in reports], ensure_ascii=False, indent=2))
        elif not reports:
            print("Ingen åbne rapporter." if not args.alle else "Ingen rapporter.")
        else:
            print("\n\n".join(format_report(r) for r in reports))
        return 0
    finally:
        db.close()
