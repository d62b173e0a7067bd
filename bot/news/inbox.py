"""The inbox folder: a referat dropped there is ingested into the knowledge base, then moved away.

- read (`scan`), then once whole (`watch.InboxWatch`) ingested (`take_in`) like `kkrbot ingest`:
  PDF, FirstAgenda JSON or extracted text, with the config's `kommune`, and the public address
  from a `<name>.url` note beside it when there is one;
- then moved to `indlæst/` (with its note), and the meeting noted as an arrival for the bot to
  announce when it was new or changed (an identical one writes nothing);
- with an `embed` function, its passage vectors are brought up to date beside the knowledge file
  (only what changed is embedded; an identical file gets the ones it lacks) before the bot reloads,
  so it is searched semantically at once; vectors that can't be made are logged and cost nothing else;
- or, when it cannot be read, moved to `fejl/` beside `<name>.txt` saying why (in Danish).

Nothing is lost: a file is moved, never deleted, and a name already taken gets ` (2)`.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.ingest.lines import IngestError
from bot.knowledge.sources import ingest_file
from bot.knowledge.store import HandEditedError, KnowledgeError, atomic_write, dump_meeting, meeting_path, write_meeting
from bot.knowledge.vectors import Embed, Update, VectorError, refresh_vectors
from bot.model import Meeting
from bot.news.watch import URL_NOTE, Stat, is_candidate
from bot.state.db import Database
from bot.state.news import INBOX, add_arrival, meeting_key

log = logging.getLogger(__name__)

DONE_DIR = "indlæst"
FAILED_DIR = "fejl"
SUFFIXES = (".pdf", ".json", ".txt")
NEW, CHANGED, UNCHANGED, FAILED = "ny", "ændret", "uændret", "fejl"


@dataclass(frozen=True)
class Dropped:
    """What became of one file dropped into the inbox."""

    name: str
    status: str  # ny, ændret, uændret, fejl
    moved_to: Path | None  # where the file is now (None: it could not be moved)
    meeting: Meeting | None = None
    knowledge_file: Path | None = None
    reason: str | None = None  # why it failed (Danish)
    vectors: Update | None = None  # what became of its passage vectors (None: none made)
    vector_problem: str | None = None  # why they could not be made (Danish); the meeting is in all the same


def scan(inbox: Path) -> dict[str, Stat]:
    """The files directly in the inbox (not its folders), with their size and modification time."""
    found: dict[str, Stat] = {}
    try:
        entries = list(os.scandir(inbox))
    except FileNotFoundError:
        return found
    for entry in entries:
        try:
            if entry.is_file(follow_symlinks=False):
                info = entry.stat(follow_symlinks=False)
                found[entry.name] = Stat(info.st_size, info.st_mtime_ns)
        except OSError:  # gone between listing and stat: the next poll will tell
            continue
    return found


def free_name(folder: Path, name: str) -> Path:
    """`folder/name`, or `folder/stem (2).suffix`, (3), … when that is taken."""
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 2
    while target.exists() or target.with_name(target.name + ".txt").exists():
        target = folder / f"{stem} ({n}){suffix}"
        n += 1
    return target


def _url(note: Path) -> str | None:
    try:
        lines = note.read_text(encoding="utf-8-sig").split()
    except (OSError, UnicodeDecodeError):
        return None
    return lines[0] if lines and lines[0].startswith(("http://", "https://")) else None


def _move(source: Path, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    target = free_name(folder, source.name)
    os.replace(source, target)
    note = source.with_name(source.name + URL_NOTE)
    if note.exists():
        os.replace(note, target.with_name(target.name + URL_NOTE))
    return target


def _ingest(source: Path, knowledge: Path, kommune: str | None) -> tuple[str, Meeting, Path]:
    if source.suffix.lower() not in SUFFIXES:
        raise IngestError("kun PDF-, JSON- og tekstfiler (.pdf, .json, .txt) kan indlæses fra indbakken")
    meeting = ingest_file(source, url=_url(source.with_name(source.name + URL_NOTE)), municipality=kommune)
    target = meeting_path(knowledge, meeting)
    existed = target.exists()
    if existed and target.read_text(encoding="utf-8") == dump_meeting(meeting):
        return UNCHANGED, meeting, target
    try:
        write_meeting(knowledge, meeting)
    except HandEditedError:
        raise KnowledgeError(f"{target} er rettet i hånden, så den overskrives ikke; indlæs filen med "
                             "kkrbot ingest --force, hvis den nye udgave skal gælde") from None
    return (CHANGED if existed else NEW), meeting, target


def reason_text(name: str, reason: str, when: datetime | None = None) -> str:
    """The `.txt` beside a file in `fejl/`: what went wrong and what to do."""
    stamp = (when or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    return (f"Filen {name} kunne ikke indlæses ({stamp}):\n\n{reason}\n\n"
            "Ret filen (eller hent en ny udgave), og læg den i indbakken igen.\n")


def take_in(inbox: Path, name: str, knowledge: Path, db: Database, kommune: str | None = None,
            embed: Embed | None = None) -> Dropped:
    """Ingest one whole file from the inbox (and with `embed` its vectors) and move it to `indlæst/`, or to
    `fejl/` with the reason."""
    source = inbox / name
    if not is_candidate(name):
        raise ValueError(f"{name} is not a referat to take in")
    try:
        status, meeting, target = _ingest(source, knowledge, kommune)
        if status != UNCHANGED:
            add_arrival(db, meeting_key(meeting.identity), str(target), INBOX)
    except (IngestError, KnowledgeError) as exc:
        return _failed(inbox, source, str(exc))
    except OSError as exc:
        return _failed(inbox, source, f"kunne ikke skrive vidensbasen: {exc.strerror or exc}")
    # After the arrival: a bot killed while embedding still announces the meeting, and taking the file
    # in again (it was not moved yet) makes the vectors it lacks.
    vectors, problem = _vectors(meeting, target, embed) if embed is not None else (None, None)
    try:
        moved: Path | None = _move(source, inbox / DONE_DIR)
    except OSError as exc:
        log.error("inbox: %s was ingested but could not be moved to %s/: %s", name, DONE_DIR, exc)
        moved = None
    log.info("inbox: %s -> %s (%s)", name, target, status)
    return Dropped(name, status, moved, meeting, target, vectors=vectors, vector_problem=problem)


def _vectors(meeting: Meeting, target: Path, embed: Embed) -> tuple[Update | None, str | None]:
    try:
        update = refresh_vectors(meeting, target, embed)
    except VectorError as exc:
        log.warning("inbox: the vectors of %s could not be written (%s); it is searched with keywords until "
                    "`kkrbot vectors` makes them", target, exc)
        return None, str(exc)
    if update.written:
        log.info("inbox: vectors of %s: %d embedded, %d reused", target, update.embedded, update.reused)
    return update, None


def _failed(inbox: Path, source: Path, reason: str) -> Dropped:
    log.warning("inbox: %s could not be ingested: %s", source.name, reason)
    try:
        moved: Path | None = _move(source, inbox / FAILED_DIR)
        assert moved is not None
        atomic_write(moved.with_name(moved.name + ".txt"), reason_text(source.name, reason))
    except OSError as exc:
        log.error("inbox: could not move %s to %s/: %s", source.name, FAILED_DIR, exc)
        moved = None
    return Dropped(source.name, FAILED, moved, reason=reason)
