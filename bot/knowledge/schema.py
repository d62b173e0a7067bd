"""The knowledge file's schema: every field of bot.model, with its type and its checks.

One pydantic class per model dataclass, one line per field, in the model's order and under
the model's names; the field types below say what a value may be (a page, an ISO date, a
URL, a word of the outcome vocabulary), and a few validators check what depends on another
field (page breaks inside their text, pages within `meeting.pages`, unique item numbers).
To add a field to the model, add the same line to its class here (a test compares the two).

`read_document(data)` validates one parsed YAML document and builds the model's Meeting; a
document that fails raises InvalidDocument with one Danish line per problem, each naming
the item and the field: "punkt 3.4: sections[2].page_breaks: skal være sorteret stigende".

pydantic rather than msgspec: both validate a 50 MB knowledge base in a fraction of the time
YAML takes to parse it (docs/ingest.md has the figures), and pydantic reports every problem
as data (kind, place, value), which is what a Danish message naming item and field needs.
"""
from __future__ import annotations

import datetime
import re
import reprlib
from collections.abc import Callable, Iterable
from typing import Annotated, Any, ClassVar
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from bot.dates import is_iso_date
from bot.decision_text import decision_page_at
from bot.model import (
    APPOINTMENT_STATUSES,
    OUTCOMES,
    STAGES,
    VOTE_POSITIONS,
    Appointment,
    Dissent,
    Item,
    Link,
    Meeting,
    PriorDecision,
    Section,
    Vote,
)

_URL_SCHEMES = ("http", "https", "file")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class InvalidDocument(Exception):
    """A knowledge document that does not fit the schema; `problems` has one Danish line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] + (f" (og {len(problems) - 1} fejl mere)" if len(problems) > 1 else ""))
        self.problems = problems


def _problem(text: str, at: str | None = None) -> PydanticCustomError:
    """A problem in Danish; `at` names the place when it isn't where the validator stands."""
    # The text goes in as context: a value quoted in it may hold braces of its own.
    return PydanticCustomError("kkrbot", "{problem}", {"problem": text, "at": at})


_repr = reprlib.Repr()
_repr.maxstring = _repr.maxother = 60
_repr.maxlist = _repr.maxdict = 4
_shown = _repr.repr  # a value quoted in a message: short, on one line, whatever its size


def _item(number: object) -> str:
    """'punkt 3.4', its number cut short when an edit made it long."""
    text = " ".join(str(number).split())
    return f"punkt {text if len(text) <= 40 else text[:39] + '…'}"


# --- what a value may be --------------------------------------------------------------

def _none_is(default: Callable[[], Any]) -> BeforeValidator:
    """A field left empty (`decision:`, `links:`) takes its default."""
    return BeforeValidator(lambda value: default() if value is None else value)


def _identifier(value: Any) -> Any:
    """A number typed without quotes (`case_number: 2022`) is its digits; a decimal would lose
    its zeros (3.10 reads as 3.1), so it must be quoted."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        raise _problem(f"skriv værdien i anførselstegn ('{value}'), ellers læses den som et tal")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise _problem("mangler (er tom)")
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, datetime.date):  # a dict built by code, not read from YAML
        return value.isoformat()
    return value


def _real_date(value: str) -> str:
    if not is_iso_date(value):
        raise _problem(f"ugyldig dato {_shown(value)}; skriv ÅÅÅÅ-MM-DD, fx '2022-11-25'")
    return value


def _time(value: str) -> str:
    if not _TIME.match(value):
        raise _problem(f"ugyldigt klokkeslæt {_shown(value)}; skriv TT:MM, fx '10:00'")
    return value


def _url(value: str) -> str:
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in _URL_SCHEMES or not (parts.netloc or parts.path) or " " in value:
        raise _problem(f"ikke en URL: {_shown(value)} (skal begynde med https://, http:// eller file://)")
    return value


def _one_of(words: Iterable[str], what: str) -> AfterValidator:
    allowed = tuple(words)

    def check(value: str) -> str:
        if value not in allowed:
            raise _problem(f"ukendt {what} {_shown(value)}; brug et af: {', '.join(allowed)}")
        return value

    return AfterValidator(check)


def _meeting_pages(info: ValidationInfo) -> int | None:
    return (info.context or {}).get("pages")


def _at_least(least: int, what: str) -> AfterValidator:
    def check(value: int) -> int:
        if value < least:
            raise _problem(f"skal være {what} ≥ {least}, fik {value}")
        return value

    return AfterValidator(check)


def _within_meeting(page: int, info: ValidationInfo) -> int:
    pages = _meeting_pages(info)
    if pages is not None and page > pages:
        raise _problem(f"side {page}, men mødet har kun {pages} sider (meeting.pages)")
    return page


Text = str
Name = Annotated[str, AfterValidator(_not_blank)]
Texts = Annotated[list[str], _none_is(list)]
Flag = Annotated[bool, _none_is(bool)]
Decision = Annotated[str, _none_is(str)]
Identifier = Annotated[str, BeforeValidator(_identifier), AfterValidator(_not_blank)]
IsoDate = Annotated[str, BeforeValidator(_iso_date), AfterValidator(_real_date)]
Time = Annotated[str, AfterValidator(_time)]
Url = Annotated[str, AfterValidator(_url)]
PageCount = Annotated[int, _at_least(1, "et antal sider")]
Page = Annotated[int, _at_least(1, "et sidetal"), AfterValidator(_within_meeting)]  # a page of this meeting
Offsets = Annotated[list[Annotated[int, _at_least(0, "en tegnposition")]], _none_is(list)]  # where pages start
Outcome = Annotated[str, _one_of(OUTCOMES, "udfald")]
Stage = Annotated[str, _one_of(STAGES, "stadie")]
Position = Annotated[str, _one_of(VOTE_POSITIONS, "stemmeafgivning")]
Status = Annotated[str, _one_of(APPOINTMENT_STATUSES, "status")]


def _breaks_in(breaks: list[int], text: str, what: str) -> list[int]:
    """Page breaks (`page_breaks`, `decision_page_breaks`): sorted offsets inside the text."""
    if breaks != sorted(breaks):
        raise _problem(f"skal være sorteret stigende, fik {_shown(breaks)}")
    outside = [b for b in breaks if b >= len(text)]
    if outside:
        raise _problem(f"{_shown(outside)} ligger uden for {what} ({len(text)} tegn)")
    return breaks


# --- the schema: one class per model dataclass, one line per field ----------------------

class _Schema(BaseModel):
    """Strict types (a page is an int, not '5'); unknown keys are named, so a misspelt field
    in a hand correction is reported instead of silently dropped."""

    model_config = ConfigDict(strict=True, extra="forbid")
    MODEL: ClassVar[type]

    def to_model(self) -> Any:
        """The model dataclass with the same fields."""
        return self.MODEL(**{name: _model_value(value) for name, value in self.__dict__.items()})


def _model_value(value: Any) -> Any:
    if isinstance(value, _Schema):
        return value.to_model()
    if isinstance(value, list) and value and isinstance(value[0], _Schema):
        return [v.to_model() for v in value]
    return value


class SectionSchema(_Schema):
    MODEL = Section
    heading: Text
    text: Text
    page: Page
    page_breaks: Offsets = []

    @field_validator("page_breaks")
    @classmethod
    def _pages_of_text(cls, breaks: list[int], info: ValidationInfo) -> list[int]:
        if "text" not in info.data or "page" not in info.data:
            return breaks  # reported at its own field
        _breaks_in(breaks, info.data["text"], "afsnittets tekst")
        page, pages = info.data["page"], _meeting_pages(info)
        if breaks and pages is not None and page + len(breaks) > pages:
            raise _problem(f"afsnittet står på side {page}–{page + len(breaks)}, "
                           f"men mødet har kun {pages} sider (meeting.pages)")
        return breaks


class LinkSchema(_Schema):
    MODEL = Link
    url: Name  # as found in the document (mailto: too), shown nowhere as a link of ours
    page: Page
    text: Text | None = None


class AppointmentSchema(_Schema):
    MODEL = Appointment
    person: Name
    party: Text | None = None
    municipality: Text | None = None
    body: Text | None = None
    role: Text | None = None
    verb: Text | None = None
    status: Annotated[Status, _none_is(lambda: "besluttet")] = "besluttet"
    page: Page | None = None


class DissentSchema(_Schema):
    MODEL = Dissent
    who: Name
    text: Text
    page: Page | None = None


class VoteSchema(_Schema):
    MODEL = Vote
    position: Position
    parties: Texts = []
    text: Text = ""


class PriorDecisionSchema(_Schema):
    MODEL = PriorDecision
    heading: Text
    text: Text
    date: IsoDate | None = None
    body: Text | None = None


class ItemSchema(_Schema):
    MODEL = Item
    number: Identifier | None = None  # an item the referat gives no number may leave it out
    title: Name
    page: Page
    decision: Decision = ""
    decision_page: Page | None = None
    decision_page_breaks: Offsets = []
    group: Text | None = None
    case_number: Identifier | None = None
    added: Flag = False
    sections: Annotated[list[SectionSchema], _none_is(list)] = []
    links: Annotated[list[LinkSchema], _none_is(list)] = []
    outcome: Outcome | None = None
    stage: Stage | None = None
    formal: Flag = False
    dissent: Annotated[list[DissentSchema], _none_is(list)] = []
    follow_up: Texts = []
    appointments: Annotated[list[AppointmentSchema], _none_is(list)] = []
    closed: Flag = False
    votes: Annotated[list[VoteSchema], _none_is(list)] = []
    absent: Texts = []
    history: Annotated[list[PriorDecisionSchema], _none_is(list)] = []
    source_id: Identifier | None = None
    url: Url | None = None

    @field_validator("decision_page_breaks")
    @classmethod
    def _pages_of_decision(cls, breaks: list[int], info: ValidationInfo) -> list[int]:
        if not breaks or "decision" not in info.data or "decision_page" not in info.data:
            return breaks
        decision, page = info.data["decision"], info.data["decision_page"]
        _breaks_in(breaks, decision, "beslutningens tekst")
        if page is None:
            raise _problem("kræver et decision_page (siden, hvor beslutningen står)")
        first = decision_page_at(decision, page, breaks, 0)
        last = decision_page_at(decision, page, breaks, len(decision) - 1)
        pages = _meeting_pages(info)
        if first is not None and last is not None and (first < 1 or (pages is not None and last > pages)):
            raise _problem(f"beslutningen står på side {first}–{last}, men mødet har sider 1–{pages or '?'}")
        return breaks


class MeetingSchema(_Schema):
    """The `meeting:` mapping: a Meeting without its items (they are the document's `items:`)."""

    MODEL = Meeting
    body: Name
    date: IsoDate
    source_url: Url | None = None
    source_sha256: Text | None = None
    source_file: Text | None = None
    pages: PageCount | None = None
    municipality: Text | None = None
    body_source: Text | None = None
    time: Time | None = None
    location: Text | None = None
    absent: Texts = []
    source_id: Identifier | None = None


def _unique_numbers(items: list[ItemSchema]) -> list[ItemSchema]:
    seen: set[str] = set()
    for item in items:
        if item.number is not None and item.number in seen:
            raise _problem("optræder to gange (hvert punkt har sit eget nummer)", at=f"{_item(item.number)}: number")
        if item.number is not None:
            seen.add(item.number)
    return items


class DocumentSchema(BaseModel):
    """One knowledge file: `meeting:` and `items:`."""

    model_config = ConfigDict(strict=True, extra="forbid")
    meeting: MeetingSchema
    items: Annotated[list[ItemSchema], AfterValidator(_unique_numbers)]


# --- problems in Danish -----------------------------------------------------------------

# What a pydantic error kind means, for an editor (https://docs.pydantic.dev/latest/errors/validation_errors/).
MESSAGES = {
    "missing": "mangler",
    "extra_forbidden": "ukendt felt (stavefejl?)",
    "string_type": "skal være tekst, fik {value}",
    "int_type": "skal være et heltal, fik {value}",
    "bool_type": "skal være true eller false, fik {value}",
    "list_type": "skal være en liste, fik {value}",
    "model_type": "skal være en mapping (felt: værdi), fik {value}",
    "dict_type": "skal være en mapping (felt: værdi), fik {value}",
}


def _message(error: ErrorDetails) -> str:
    ctx = error.get("ctx") or {}
    if error["type"] == "kkrbot":
        return str(ctx["problem"])
    template = MESSAGES.get(error["type"])
    if template is None:
        return error["msg"]
    return template.format(value=_shown(error.get("input")), **ctx)


def _item_name(data: Any, index: int) -> str:
    """'punkt 3.4', or where an item without a (usable) number stands in the file."""
    items = data.get("items") if isinstance(data, dict) else None
    item = items[index] if isinstance(items, list) and index < len(items) else None
    if not isinstance(item, dict):
        return f"items: punkt nr. {index + 1} i filen"
    number = item.get("number")
    if isinstance(number, (str, int, float)) and not isinstance(number, bool) and str(number).strip():
        return _item(number)
    return f"punkt nr. {index + 1} i filen (uden nummer)"


def _field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def problem_line(error: ErrorDetails, data: Any) -> str:
    """One problem as '<where>: <field>: <what>', e.g. 'punkt 7: page: skal være et heltal, fik '7''."""
    loc = tuple(error["loc"])
    at = (error.get("ctx") or {}).get("at")
    if at:
        return f"{at}: {_message(error)}"
    if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
        where, loc = _item_name(data, loc[1]), loc[2:]
    elif loc and loc[0] == "meeting":
        where, loc = "meeting", loc[1:]
    else:
        where = "(dokument)" if not loc else ""
    parts = [p for p in (where, _field_path(loc), _message(error)) if p]
    return ": ".join(parts)


def validate_document(data: Any) -> DocumentSchema:
    """The validated document; InvalidDocument (Danish, naming item and field) if it doesn't fit."""
    if not isinstance(data, dict):
        raise InvalidDocument(["(dokument): skal være en mapping med 'meeting:' og 'items:'"])
    head = data.get("meeting")
    pages = head.get("pages") if isinstance(head, dict) else None
    valid_pages = pages if isinstance(pages, int) and not isinstance(pages, bool) and pages >= 1 else None
    try:
        return DocumentSchema.model_validate(data, context={"pages": valid_pages})
    except ValidationError as exc:
        raise InvalidDocument([problem_line(e, data) for e in exc.errors()]) from None


def read_document(data: Any) -> Meeting:
    """Validate one parsed knowledge document and build its Meeting."""
    document = validate_document(data)
    meeting: Meeting = document.meeting.to_model()
    meeting.items = [item.to_model() for item in document.items]
    return meeting
