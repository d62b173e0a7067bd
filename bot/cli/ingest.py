"""`kkrbot ingest PATH...`: referat PDFs, extracted text or FirstAgenda JSON -> knowledge files."""
from __future__ import annotations

import argparse
import datetime
import logging
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from bot.cli.common import add_knowledge_arg
from bot.cli.danish import write_reason
from bot.config import ConfigError, load_config
from bot.dates import parse_date
from bot.ingest.lines import IngestError
from bot.knowledge.sources import ingest_file
from bot.knowledge.store import (
    KnowledgeError,
    dump_meeting,
    meeting_path,
    parse_meeting,
    remove_stray_temp_files,
    write_meeting,
)
from bot.model import Meeting

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `ingest` subcommand."""
    p = sub.add_parser("ingest", help="indlæs referater (PDF, udtrukket tekst eller FirstAgenda-JSON) i vidensbasen")
    p.add_argument("paths", nargs="+", type=Path, metavar="FIL",
                   help="referat-filer (.pdf, .txt eller .json), eller mapper med dem")
    add_knowledge_arg(p)
    p.add_argument("--body", metavar="NAVN", help="mødets organ, fx 'KKR Hovedstaden' (ellers fundet i dokumentet)")
    p.add_argument("--date", metavar="ÅÅÅÅ-MM-DD", help="mødedato (ellers fundet i dokumentet)")
    p.add_argument("--url", help="dokumentets offentlige adresse; en PDF's sider linkes som URL#page=N "
                                 "(FirstAgenda-JSON: publiceringssidens adresse, fx https://dagsordener.greve.dk); "
                                 "uden --url beholdes den adresse, en tidligere indlæsning gemte")
    p.add_argument("--kommune", metavar="NAVN",
                   help="kommunen, fx 'Greve Kommune', for kilder der ikke selv nævner den (FirstAgenda-JSON); "
                        "ellers config'ens kommune")
    p.add_argument("--config", type=Path, default=None, metavar="FIL",
                   help="konfigurationsfil med kommune (standard: ./config.yaml hvis den findes)")
    p.add_argument("--force", action="store_true", help="overskriv en håndrettet fil (den gamle gemmes som .bak)")
    p.set_defaults(func=run)


SUFFIXES = (".pdf", ".txt", ".json")
DEFAULT_CONFIG = Path("config.yaml")


def expand_paths(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The files to ingest (a directory gives its .pdf, .txt and .json files, sorted) and one
    Danish problem line per path that gives none."""
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                problems.append(f"{path}: mappen indeholder ingen .pdf-, .txt- eller .json-filer")
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


def municipality(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """The municipality for meetings whose source doesn't name it: --kommune, else the config's
    `kommune`; and a Danish problem line (a config given with --config that can't be read)."""
    if args.kommune and args.kommune.strip():
        return args.kommune.strip(), None
    path = args.config or (DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None)
    if path is None:
        return None, None
    try:
        return load_config(path).kommune, None
    except ConfigError as exc:
        if args.config is None:  # an unreadable ./config.yaml does not stop an ingest that needs no kommune
            print(f"advarsel: {exc} (kommune fra config'en bruges ikke)", file=sys.stderr)
            return None, None
        return None, str(exc)


@dataclass
class _Tally:
    """What a run did, for its summary line."""

    files: int = 0
    written: int = 0
    unchanged: int = 0
    failed: int = 0
    items: int = 0
    decisions: int = 0
    started: float = field(default_factory=time.perf_counter)

    def summary(self) -> str:
        """`373 filer: 373 møder (12 nye/ændrede, 361 uændrede), 5553 punkter, 5179 beslutninger, 0 fejl; 14,2 s`"""
        seconds = f"{time.perf_counter() - self.started:.1f}".replace(".", ",")
        return (f"{self.files} filer: {self.written + self.unchanged} møder ({self.written} nye/ændrede, "
                f"{self.unchanged} uændrede), {self.items} punkter, {self.decisions} beslutninger, "
                f"{self.failed} fejl; {seconds} s")


class _Progress:
    """A progress bar on stderr (meetings done, items, time left) when stderr is a terminal and there is
    more than one file; per-file lines and problems are printed around it."""

    FORMAT = "{desc}: {n_fmt}/{total_fmt} møder |{bar}| {postfix} [{elapsed}, {remaining} tilbage]"

    def __init__(self, total: int, stream: TextIO = sys.stderr) -> None:
        self.bar = tqdm(total=total, desc="indlæser", file=stream, dynamic_ncols=True,
                        disable=total < 2 or not stream.isatty(), bar_format=self.FORMAT)
        # With a bar on the terminal, the per-file lines are left out unless stdout goes elsewhere.
        self.quiet = not self.bar.disable and sys.stdout.isatty()

    def line(self, text: str) -> None:
        if not self.quiet:
            self.write(text, sys.stdout)

    def problem(self, text: str) -> None:
        self.write(text, sys.stderr)

    def write(self, text: str, stream: TextIO) -> None:
        if self.bar.disable:
            print(text, file=stream)
        else:
            self.bar.write(text, file=stream)

    def step(self, tally: _Tally) -> None:
        self.bar.set_postfix_str(f"{tally.items} punkter", refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def run(args: argparse.Namespace) -> int:
    """Ingest every path; bad files are reported and skipped, the rest still written."""
    problem = check_date(args.date)
    kommune, config_problem = municipality(args)
    if problem or config_problem:
        print(f"fejl: {problem or config_problem}", file=sys.stderr)
        return 2
    files, problems = expand_paths(args.paths)
    for line in problems:
        print(f"fejl: {line}", file=sys.stderr)
    _remove_stray_temp_files(args.knowledge)
    tally = _Tally(files=len(files), failed=len(problems))
    progress = _Progress(len(files))
    written: dict[Path, Path] = {}  # knowledge file -> the source file it came from in this run
    try:
        for path in files:
            _ingest_one(path, args, kommune, written, tally, progress)
            progress.step(tally)
    finally:
        progress.close()
    if len(files) > 1:
        print(tally.summary(), file=sys.stderr)
    return 1 if tally.failed else 0


def _remove_stray_temp_files(knowledge: Path) -> None:
    """Remove what a killed run left half-written (its temporary files), saying so."""
    stray = remove_stray_temp_files(knowledge) if knowledge.is_dir() else []
    if stray:
        print(f"  bemærk: fjernede {len(stray)} halvskrevne midlertidige filer fra en afbrudt kørsel", file=sys.stderr)


@dataclass
class _Written:
    """What ingesting one file did to its knowledge file."""

    meeting: Meeting
    target: Path
    unchanged: bool
    replaced: str | None = None  # the source file of the document it replaced
    backup: Path | None = None
    kept_url: str | None = None  # the stored source_url kept for want of --url


def _write(path: Path, args: argparse.Namespace, kommune: str | None, written: dict[Path, Path]) -> _Written:
    """Ingest one file and write its knowledge file unless it is unchanged."""
    meeting = ingest_file(path, body=args.body, date=args.date, url=args.url, municipality=kommune)
    target = meeting_path(args.knowledge, meeting)
    if target in written:
        raise IngestError(
            f"samme møde ({meeting.body} {meeting.date}) som {written[target]}; intet skrevet for "
            "denne fil (angiv --date/--body for hver fil for sig)")
    old = _stored(target)
    kept_url = None
    if args.url is None and not meeting.source_url and old is not None and old.source_url:
        meeting.source_url = kept_url = old.source_url  # without --url, the links every answer gives stay
    done = _Written(meeting, target, _unchanged(target, meeting), kept_url=kept_url)
    if not done.unchanged:
        done.replaced = _other_source(old, meeting)
        done.target, done.backup = write_meeting(args.knowledge, meeting, force=args.force)
    written[done.target] = path
    return done


def _ingest_one(path: Path, args: argparse.Namespace, kommune: str | None, written: dict[Path, Path],
                tally: _Tally, progress: _Progress) -> None:
    """Ingest one file and write its knowledge file unless it is unchanged; problems are reported."""
    try:
        done = _write(path, args, kommune, written)
    except (IngestError, KnowledgeError) as exc:
        tally.failed += 1
        message = str(exc)
        if not message.startswith(str(path)):
            message = f"{path}: {message}"
        progress.problem(f"fejl: {message}")
        if args.debug:
            log.exception("ingest failed for %s", path)
        return
    except OSError as exc:  # a read-only or full knowledge directory: this file fails, the others go on
        tally.failed += 1
        where = Path(exc.filename) if isinstance(exc.filename, str) else args.knowledge / "x"
        progress.problem(f"fejl: {path}: intet skrevet: {write_reason(exc, where)}")
        return
    meeting = done.meeting
    tally.unchanged += done.unchanged
    tally.written += not done.unchanged
    decisions = sum(1 for item in meeting.items if item.decision)
    tally.items += len(meeting.items)
    tally.decisions += decisions
    if done.replaced:
        progress.problem(f"  bemærk: {done.target} var indlæst fra et andet dokument ({done.replaced}); "
                         "det er nu erstattet")
    progress.line(f"{meeting.body}\t{meeting.date}\t{len(meeting.items)} punkter\t{decisions} beslutninger\t"
                  f"{done.target}")
    if done.kept_url:
        progress.problem(f"  bemærk: beholder den gemte adresse {done.kept_url} (--url skifter den)")
    if done.backup:
        progress.problem(f"  bemærk: håndrettet udgave gemt som {done.backup}")


def _unchanged(target: Path, meeting: Meeting) -> bool:
    """True when the knowledge file already holds exactly what ingest would write (nothing to rewrite)."""
    try:
        return target.read_text(encoding="utf-8") == dump_meeting(meeting)
    except (OSError, UnicodeDecodeError):
        return False


def _stored(target: Path) -> Meeting | None:
    """The meeting already in the knowledge file, if there is a readable one."""
    try:
        return parse_meeting(target.read_text(encoding="utf-8"), str(target))
    except (OSError, UnicodeDecodeError, KnowledgeError):
        return None


def _other_source(old: Meeting | None, meeting: Meeting) -> str | None:
    """The source file name of the stored meeting when it was made from another document."""
    if old and old.source_sha256 and meeting.source_sha256 and old.source_sha256 != meeting.source_sha256:
        return old.source_file or "ukendt fil"
    return None
