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

from bot.decision_text import decision_page_at
from bot.model import (
    OUTCOMES,
    STAGES,
    Item,
    Meeting,
    meeting_from_dict,
    meeting_to_dict,
)

log = logging.getLogger(__name__)

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

HEADER_PREFIX = "# kkrbot ingest output; content sha256: "
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


def atomic_write(path: Path, text: str | bytes | bytearray) -> None:
    """Write text (or bytes) to path via a temporary file in the same directory and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_meeting(knowledge: Path, meeting: Meeting, force: bool = False) -> tuple[Path, Path | None]:
    """Write a meeting's file atomically; returns (path, backup path if one was kept).

    A file that was corrected by hand is not overwritten unless `force` is set, and
    then its old content is kept beside it as `<name>.yaml.bak`.
    """
    path = meeting_path(knowledge, meeting)
    text = dump_meeting(meeting)
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


# --- validation -------------------------------------------------------------

def _problem(where: str, message: str) -> str:
    return f"{where}: {message}"


def validate(data: Any) -> list[str]:
    """Problems in a parsed knowledge document, each naming the field; [] when valid."""
    if not isinstance(data, dict):
        return [_problem("(dokument)", "skal være en mapping med 'meeting' og 'items'")]
    problems: list[str] = []
    head = data.get("meeting")
    if not isinstance(head, dict):
        problems.append(_problem("meeting", "mangler eller er ikke en mapping"))
    else:
        if not isinstance(head.get("body"), str) or not head["body"].strip():
            problems.append(_problem("meeting.body", "mangler"))
        if not DATE_RE.match(str(head.get("date", ""))):
            problems.append(_problem("meeting.date", f"skal være ÅÅÅÅ-MM-DD, fik {head.get('date')!r}"))
        url = head.get("source_url")
        if url is not None and not (isinstance(url, str) and re.match(r"^(https?|file)://", url)):
            problems.append(_problem("meeting.source_url", f"ikke en URL: {url!r}"))
    items = data.get("items")
    if not isinstance(items, list):
        problems.append(_problem("items", "mangler eller er ikke en liste"))
        return problems
    pages = head.get("pages") if isinstance(head, dict) else None
    pages = pages if _is_page(pages) else None
    seen: set[str] = set()
    for i, item in enumerate(items):
        where = f"items[{i}]"
        if not isinstance(item, dict):
            problems.append(_problem(where, "skal være en mapping"))
            continue
        number = item.get("number")
        if number is not None:
            where = f"items[{i}] (punkt {number})"
            if str(number) in seen:
                problems.append(_problem(where + ".number", "optræder to gange"))
            seen.add(str(number))
        if not isinstance(item.get("title"), str) or not item["title"].strip():
            problems.append(_problem(where + ".title", "mangler"))
        page = item.get("page")
        if not isinstance(page, int) or isinstance(page, bool) or page < 1:
            problems.append(_problem(where + ".page", f"skal være et sidetal ≥ 1, fik {page!r}"))
        if not isinstance(item.get("decision", ""), (str, type(None))):
            problems.append(_problem(where + ".decision", "skal være tekst"))
        dpage = item.get("decision_page")
        if dpage is not None and (not isinstance(dpage, int) or dpage < 1):
            problems.append(_problem(where + ".decision_page", f"skal være et sidetal, fik {dpage!r}"))
        outcome = item.get("outcome")
        if outcome is not None and outcome not in OUTCOMES:
            problems.append(_problem(where + ".outcome", f"ukendt udfald {outcome!r}"))
        stage = item.get("stage")
        if stage is not None and stage not in STAGES:
            problems.append(_problem(where + ".stage", f"ukendt stadie {stage!r}"))
        for key in ("sections", "links", "dissent", "follow_up", "appointments"):
            if not isinstance(item.get(key) or [], list):
                problems.append(_problem(f"{where}.{key}", "skal være en liste"))
        sections = item.get("sections")
        for j, section in enumerate(sections if isinstance(sections, list) else []):
            problems += _section_problems(section, f"{where}.sections[{j}]", pages)
        problems += _decision_problems(item, where, pages)
        for j, appt in enumerate(item.get("appointments") or []):
            if not isinstance(appt, dict) or not str(appt.get("person") or "").strip():
                problems.append(_problem(f"{where}.appointments[{j}].person", "mangler"))
        for key in ("appointments", "dissent"):  # the page a quoted sentence stands on
            for j, fact in enumerate(item.get(key) or []):
                fact_page = fact.get("page") if isinstance(fact, dict) else None
                if fact_page is not None and not (_is_page(fact_page) and (pages is None or fact_page <= pages)):
                    problems.append(_problem(f"{where}.{key}[{j}].page",
                                             f"skal være et sidetal i mødet, fik {fact_page!r}"))
    return problems


def _is_page(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _break_problems(breaks: Any, text: Any, where: str, what: str) -> tuple[list[str], list[int]]:
    """Page breaks (`page_breaks`, `decision_page_breaks`): a sorted list of offsets inside the text."""
    if breaks is None:
        breaks = []
    if not isinstance(breaks, list) or not all(isinstance(b, int) and not isinstance(b, bool) for b in breaks):
        return [_problem(where, f"skal være en liste af tegnpositioner (heltal), fik {breaks!r}")], []
    length = len(text) if isinstance(text, str) else 0
    problems = []
    if breaks != sorted(breaks):
        problems.append(_problem(where, f"skal være sorteret stigende, fik {breaks}"))
    outside = [b for b in breaks if not 0 <= b < length]
    if outside:
        problems.append(_problem(where, f"{outside} ligger uden for {what} ({length} tegn)"))
    return problems, breaks


def _section_problems(section: Any, where: str, pages: int | None) -> list[str]:
    """A section's page and page breaks: breaks sorted, inside its text, its pages within the meeting's."""
    if not isinstance(section, dict):
        return [_problem(where, "skal være en mapping")]
    page = section.get("page")
    if not _is_page(page):
        return [_problem(where + ".page", f"skal være et sidetal ≥ 1, fik {page!r}")]
    problems, breaks = _break_problems(section.get("page_breaks"), section.get("text"),
                                       where + ".page_breaks", "afsnittets tekst")
    if problems:
        return problems
    last = page + len(breaks)
    if pages is not None and last > pages:
        span = f"side {page}–{last}" if breaks else f"side {page}"
        problems.append(_problem(where + (".page_breaks" if breaks else ".page"),
                                 f"afsnittet står på {span}, men mødet har kun {pages} sider (meeting.pages)"))
    return problems


def _decision_problems(item: dict[str, Any], where: str, pages: int | None) -> list[str]:
    """An item's decision page breaks: sorted, inside the decision, its pages within the meeting's."""
    where += ".decision_page_breaks"
    decision = item.get("decision") or ""
    problems, breaks = _break_problems(item.get("decision_page_breaks"), decision, where, "beslutningens tekst")
    if problems or not breaks:
        return problems
    dpage = item.get("decision_page")
    if not _is_page(dpage):
        return [_problem(where, "kræver et decision_page (siden, hvor beslutningen står)")]
    first = decision_page_at(decision, dpage, breaks, 0)
    last = decision_page_at(decision, dpage, breaks, len(decision) - 1)
    if first is not None and last is not None and (first < 1 or (pages is not None and last > pages)):
        return [_problem(where, f"beslutningen står på side {first}–{last}, men mødet har sider 1–{pages or '?'}")]
    return []


def parse_meeting(text: str, source: str = "<tekst>") -> Meeting:
    """Parse and validate one knowledge file's text; KnowledgeError names file and field."""
    try:
        data = yaml.load(text, Loader=Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (linje {mark.line + 1})" if mark else ""
        raise KnowledgeError(f"{source}{where}: ugyldig YAML: {getattr(exc, 'problem', exc)}") from None
    except ValueError:  # a value YAML can't build: a date that doesn't exist (2023-13-01)
        raise KnowledgeError(f"{source}: ugyldig YAML: en dato, der ikke findes (brug ÅÅÅÅ-MM-DD)") from None
    problems = validate(data)
    if problems:
        raise KnowledgeError("\n".join(f"{source}: {p}" for p in problems))
    return meeting_from_dict(data)


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
