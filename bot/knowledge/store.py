"""Reading, validating and atomically writing the YAML knowledge files.

One file per meeting: `<knowledge>/<body-slug>/<YYYY-MM-DD>.yaml`, or with a municipality and a
start time `<knowledge>/<municipality-slug>/<body-slug>/<YYYY-MM-DD>T<HHMM>.yaml` (`meeting_path`). The first line
is a comment carrying the SHA-256 of the rest of the file as ingest wrote it, so
a later ingest can tell a hand-corrected file from its own output and never
overwrites a correction silently.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.schema import InvalidDocument, read_document
from bot.model import Item, Meeting, meeting_to_dict

log = logging.getLogger(__name__)

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

HEADER_PREFIX = "# kkrbot ingest output; content sha256: "


class KnowledgeLoader(Loader):  # type: ignore[misc,valid-type]
    """YAML as PyYAML reads it, except that a date or a time typed without quotes stays text
    (`date: 2023-02-08`, `time: 10:00`): the schema checks it and names the field, where
    YAML 1.1 would build a date (or fail on 2022-13-45) or read 10:00 as the number 600."""


_SEXAGESIMAL = {  # YAML 1.1's int and float patterns without their base-60 forms
    "tag:yaml.org,2002:int": re.compile(
        r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    "tag:yaml.org,2002:float": re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
}
KnowledgeLoader.yaml_implicit_resolvers = {
    first: [(tag, _SEXAGESIMAL.get(tag, regexp)) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in Loader.yaml_implicit_resolvers.items()
}


class KnowledgeError(Exception):
    """A knowledge file that cannot be read or is not valid."""


class HandEditedError(KnowledgeError):
    """Refusing to overwrite a knowledge file that was corrected by hand."""


@dataclass
class KnowledgeBase:
    """All meetings loaded from a knowledge directory, newest first."""

    meetings: list[Meeting] = field(default_factory=list)
    paths: dict[tuple[str, ...], Path] = field(default_factory=dict)  # Meeting.identity -> its file

    def __post_init__(self) -> None:
        self.meetings.sort(key=lambda m: (m.date, m.body), reverse=True)

    def items(self) -> Iterator[tuple[Meeting, Item]]:
        """Every (meeting, item) pair, newest meeting first."""
        for meeting in self.meetings:
            for item in meeting.items:
                yield meeting, item

    def find_meeting(self, date: str | None = None, body: str | None = None) -> Meeting | None:
        """The newest meeting matching date and/or body (case-insensitive body)."""
        for meeting in self.meetings:
            if date and meeting.date != date:
                continue
            if body and meeting.body.casefold() != body.casefold():
                continue
            return meeting
        return None


def slugify(text: str) -> str:
    """ASCII file-name slug: 'KKR Hovedstaden' -> 'kkr-hovedstaden', æøå folded."""
    text = text.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "ukendt"


def meeting_path(knowledge: Path, meeting: Meeting) -> Path:
    """Where a meeting's file lives: `<body>/<date>.yaml`, under `<municipality>/` when the meeting
    names one, and `<date>T<HHMM>.yaml` when its start time is known (a body may meet twice a day)."""
    folder = knowledge / slugify(meeting.body)
    if meeting.municipality:
        folder = knowledge / slugify(re.sub(r"(?i)\s+kommune$", "", meeting.municipality.strip())) / folder.name
    name = f"{meeting.date}T{meeting.time.replace(':', '')}" if meeting.time else meeting.date
    return folder / f"{name}.yaml"


class _BlockDumper(Dumper):  # type: ignore[misc,valid-type]
    pass


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    # Long and multi-line texts as literal blocks: what a reviewer reads and edits.
    style = "|" if "\n" in data or (len(data) > 80 and " " in data) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _list_presenter(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    # Lists of numbers (page_breaks) on one line: `page_breaks: [1364, 4022]`.
    flow = bool(data) and all(isinstance(x, int) and not isinstance(x, bool) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow or None)


_BlockDumper.add_representer(str, _str_presenter)
_BlockDumper.add_representer(list, _list_presenter)


def dump_meeting(meeting: Meeting) -> str:
    """The exact text of a meeting's knowledge file, hash header included."""
    body = yaml.dump(
        meeting_to_dict(meeting),
        Dumper=_BlockDumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    return f"{HEADER_PREFIX}{_sha(body)}\n{body}"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_hand_edited(text: str) -> bool:
    """True when a file's content no longer matches the hash ingest wrote."""
    first, _, rest = text.partition("\n")
    if not first.startswith(HEADER_PREFIX):
        return True
    return first[len(HEADER_PREFIX):].strip() != _sha(rest)


def current_umask() -> int:
    """The process's umask (Linux shows it in /proc; elsewhere it can only be read by setting it)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def atomic_write(path: Path, text: str | bytes | bytearray) -> None:
    """Write text (or bytes) to path via a temporary file in the same directory and a rename.

    The file gets the mode any new file gets (0644 with umask 022), not mkstemp's 0600, so a bot
    running as another user can read it. The temporary file's name carries this process's id,
    so a later run can tell one left by a killed run from one being written (remove_stray_temp_files).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~current_umask())
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(r"\..+?\.(?:(?P<pid>\d+)\.)?[^.]+\.tmp")


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_stray_temp_files(directory: Path) -> list[Path]:
    """Remove the temporary files atomic_write left under directory when its run was killed
    (those of a process still running stay); returns what was removed."""
    removed = []
    for path in sorted(directory.rglob(f".*{TEMP_SUFFIX}")):
        m = _TEMP_NAME.fullmatch(path.name)
        if m is None or not path.is_file() or (m["pid"] and _running(int(m["pid"]))):
            continue
        try:
            path.unlink()
        except OSError as exc:
            log.warning("could not remove stray temporary file %s: %s", path, exc)
            continue
        removed.append(path)
    return removed


def write_meeting(knowledge: Path, meeting: Meeting, force: bool = False) -> tuple[Path, Path | None]:
    """Write a meeting's file atomically; returns (path, backup path if one was kept).

    A file that was corrected by hand is not overwritten unless `force` is set, and
    then its old content is kept beside it as `<name>.yaml.bak`.
    """
    path = meeting_path(knowledge, meeting)
    text = dump_meeting(meeting)
    try:  # what ingest writes, every command must be able to read: the same schema checks it
        parse_meeting(text, str(path))
    except KnowledgeError as exc:
        raise KnowledgeError(f"intet skrevet, for resultatet passer ikke til vidensbasens skema: {exc}") from None
    backup = None
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if old == text:
            return path, None
        if is_hand_edited(old):
            if not force:
                raise HandEditedError(
                    f"{path}: filen er rettet i hånden; brug --force for at overskrive "
                    "(den gamle udgave gemmes som .bak)"
                )
            backup = path.with_name(path.name + ".bak")
            atomic_write(backup, old)
    atomic_write(path, text)
    return path, backup


def parse_meeting(text: str, source: str = "<tekst>") -> Meeting:
    """Parse and validate one knowledge file's text; KnowledgeError names file and field."""
    try:
        data = yaml.load(text, Loader=KnowledgeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (linje {mark.line + 1})" if mark else ""
        raise KnowledgeError(f"{source}{where}: ugyldig YAML: {getattr(exc, 'problem', exc)}") from None
    try:
        return read_document(data)
    except InvalidDocument as exc:
        raise KnowledgeError(f"{source}: {exc}") from None


def knowledge_files(knowledge: Path) -> list[Path]:
    """All knowledge files under a directory, in a stable order."""
    return sorted(p for p in knowledge.rglob("*.yaml") if not p.name.startswith("."))


def load_knowledge(knowledge: Path, strict: bool = True) -> tuple[KnowledgeBase, list[str]]:
    """Load every knowledge file; returns the base and one problem line per bad file.

    With `strict`, any bad file raises KnowledgeError instead (used by reload, so a
    broken file never replaces a good knowledge base).
    """
    if not knowledge.is_dir():
        raise KnowledgeError(f"{knowledge}: vidensbasen findes ikke (mappe mangler)")
    meetings: list[Meeting] = []
    paths: dict[tuple[str, ...], Path] = {}
    errors: list[str] = []
    for path in knowledge_files(knowledge):
        try:
            meeting = parse_meeting(path.read_text(encoding="utf-8"), str(path))
        except KnowledgeError as exc:
            errors.append(str(exc))
            continue
        except UnicodeDecodeError:
            errors.append(f"{path}: filen er ikke UTF-8-tekst")
            continue
        except OSError as exc:
            errors.append(f"{path}: kan ikke læse filen ({exc.strerror or exc})")
            continue
        if meeting.identity in paths:
            errors.append(f"{path}: samme møde som {paths[meeting.identity]}")
            continue
        meetings.append(meeting)
        paths[meeting.identity] = path
    if errors and strict:
        raise KnowledgeError("\n".join(errors))
    for line in errors:  # callers show them to the user; logged for the record only
        log.info("skipping knowledge file: %s", line)
    return KnowledgeBase(meetings, paths), errors
