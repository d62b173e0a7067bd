"""`kkrbot ingest PATH...`: referat PDFs or extracted text -> knowledge files."""
from __future__ import annotations

import argparse
import datetime
import logging
import os
import sys
from pathlib import Path

from bot.cli.common import add_knowledge_arg
from bot.cli.danish import write_reason
from bot.dates import parse_date
from bot.ingest.lines import IngestError
from bot.knowledge.sources import ingest_file
from bot.knowledge.store import (
    KnowledgeError,
    meeting_path,
    parse_meeting,
    remove_stray_temp_files,
    write_meeting,
)
from bot.model import Meeting

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `ingest` subcommand."""
    p = sub.add_parser("ingest", help="indlæs referater (PDF eller udtrukket tekst) i vidensbasen")
    p.add_argument("paths", nargs="+", type=Path, metavar="FIL",
                   help="referat-filer (.pdf eller .txt), eller mapper med dem")
    add_knowledge_arg(p)
    p.add_argument("--body", metavar="NAVN", help="mødets organ, fx 'KKR Hovedstaden' (ellers fundet i dokumentet)")
    p.add_argument("--date", metavar="ÅÅÅÅ-MM-DD", help="mødedato (ellers fundet i dokumentet)")
    p.add_argument("--url", help="dokumentets offentlige adresse (en PDF's sider linkes som URL#page=N); "
                                 "uden --url beholdes den adresse, en tidligere indlæsning gemte")
    p.add_argument("--force", action="store_true", help="overskriv en håndrettet fil (den gamle gemmes som .bak)")
    p.set_defaults(func=run)


SUFFIXES = (".pdf", ".txt")


def expand_paths(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The files to ingest (a directory gives its .pdf and .txt files, sorted) and one
    Danish problem line per path that gives none."""
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                problems.append(f"{path}: mappen indeholder ingen .pdf- eller .txt-filer")
            files.extend(found)
        elif not path.exists():
            problems.append(f"{path}: filen findes ikke")
        elif not os.access(path, os.R_OK):
            problems.append(f"{path}: ingen adgang til filen")
        else:
            files.append(path)
    return files, problems


def check_date(date: str | None) -> str | None:
    """A Danish problem with --date (not a real calendar day), or None."""
    if date is None:
        return None
    iso = parse_date(date)
    try:
        datetime.date.fromisoformat(iso or "")
    except ValueError:
        return f"--date: {date!r} er ikke en gyldig dato; brug ÅÅÅÅ-MM-DD, fx 2022-11-25"
    return None


def run(args: argparse.Namespace) -> int:
    """Ingest every path; bad files are reported and skipped, the rest still written."""
    problem = check_date(args.date)
    if problem:
        print(f"fejl: {problem}", file=sys.stderr)
        return 2
    files, problems = expand_paths(args.paths)
    for line in problems:
        print(f"fejl: {line}", file=sys.stderr)
    if args.knowledge.is_dir():
        stray = remove_stray_temp_files(args.knowledge)
        if stray:
            print(f"  bemærk: fjernede {len(stray)} halvskrevne midlertidige filer fra en afbrudt kørsel",
                  file=sys.stderr)
    failed = len(problems)
    written: dict[Path, Path] = {}  # knowledge file -> the source file it came from in this run
    for path in files:
        try:
            _ingest_one(path, args, written)
        except (IngestError, KnowledgeError, OSError) as exc:
            failed += 1
            print(f"fejl: {_failure(path, exc)}", file=sys.stderr)
            if args.debug:
                log.exception("ingest failed for %s", path)
    return 1 if failed else 0


def _failure(path: Path, exc: Exception) -> str:
    """One line naming the source file and why it failed."""
    if isinstance(exc, OSError):
        target = Path(exc.filename) if exc.filename else path
        return f"{path}: intet skrevet: {write_reason(exc, target)}"
    message = str(exc)
    return message if message.startswith(str(path)) else f"{path}: {message}"


def _ingest_one(path: Path, args: argparse.Namespace, written: dict[Path, Path]) -> None:
    """Read one referat and write its knowledge file, printing one line (and any notes)."""
    meeting = ingest_file(path, body=args.body, date=args.date, url=args.url)
    target = meeting_path(args.knowledge, meeting)
    if target in written:
        raise IngestError(
            f"samme møde ({meeting.body} {meeting.date}) som {written[target]}; intet skrevet for "
            "denne fil (angiv --date/--body for hver fil for sig)")
    old = _stored(target)
    kept_url = args.url is None and old is not None and old.source_url
    if kept_url:  # re-ingesting without --url must not drop the links every answer gives
        meeting.source_url = old.source_url if old else None
    target, backup = write_meeting(args.knowledge, meeting, force=args.force)
    written[target] = path
    if old and old.source_sha256 and meeting.source_sha256 and old.source_sha256 != meeting.source_sha256:
        print(f"  bemærk: {target} var indlæst fra et andet dokument ({old.source_file or 'ukendt fil'}); "
              "det er nu erstattet", file=sys.stderr)
    decisions = sum(1 for item in meeting.items if item.decision)
    print(f"{meeting.body}\t{meeting.date}\t{len(meeting.items)} punkter\t{decisions} beslutninger\t{target}")
    if kept_url:
        print(f"  bemærk: beholder den gemte adresse {meeting.source_url} (--url skifter den)", file=sys.stderr)
    if backup:
        print(f"  bemærk: håndrettet udgave gemt som {backup}", file=sys.stderr)


def _stored(target: Path) -> Meeting | None:
    """The meeting already in the knowledge file, if there is a readable one."""
    try:
        return parse_meeting(target.read_text(encoding="utf-8"), str(target))
    except (OSError, UnicodeDecodeError, KnowledgeError):
        return None
