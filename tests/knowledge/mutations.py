"""Mutations of the bundled knowledge file, generated from the schema's fields.

For every schema class (Meeting, Item, Section, Link, Appointment, Dissent, Vote,
PriorDecision) and each of its fields, each kind of damage an editor can do by hand: a value of
the wrong type, null, the key left out, an empty list, a huge string, and for lists an element of
the wrong type. A mutation changes the field in every place the class occurs in the document, so
every command meets it whichever item it shows.
"""
from __future__ import annotations

import copy
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel

from bot.knowledge.schema import DocumentSchema, ItemSchema, MeetingSchema
from bot.knowledge.store import KnowledgeLoader
from tests.conftest import BUNDLED_KNOWLEDGE

BUNDLED_FILE = BUNDLED_KNOWLEDGE / "kkr-hovedstaden" / "2022-11-25.yaml"
# Real Danish prose, long: 25,000 characters, past every Discord limit, ending in a word of 5,000 letters.
HUGE = "Klimapartnerskabet blev drøftet, og KKR Hovedstaden tiltrådte indstillingen. " * 250 + "x" * 5000

# The bundled referat records no votes and no earlier decisions: one of each, as FirstAgenda gives them.
SAMPLES: dict[str, list[dict[str, Any]]] = {
    "votes": [{"position": "imod", "parties": ["Ø"], "text": "Imod stemte: Ø"}],
    "history": [{"heading": "Beslutning i Økonomiudvalget den 10-11-2022", "text": "Anbefales.",
                 "date": "2022-11-10", "body": "Økonomiudvalget"}],
}


def nested(cls: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """The fields of a schema class that hold other schema classes (lists of them or one)."""
    found = {}
    for name, info in cls.model_fields.items():
        todo = [info.annotation]
        while todo:
            kind = todo.pop()
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                found[name] = kind
            todo.extend(typing.get_args(kind))
    return found


def places(data: Any, cls: type[BaseModel] = DocumentSchema) -> Iterator[tuple[type[BaseModel], dict[str, Any]]]:
    """Every mapping in the document with the schema class it is validated as."""
    if not isinstance(data, dict):
        return
    yield cls, data
    for name, sub in nested(cls).items():
        value = data.get(name)
        for element in value if isinstance(value, list) else [value]:
            yield from places(element, sub)


def complete_document() -> dict[str, Any]:
    """The bundled file, with a vote and an earlier decision added to its first item with a decision."""
    data = yaml.load(BUNDLED_FILE.read_text(encoding="utf-8"), Loader=KnowledgeLoader)
    item = next(i for i in data["items"] if i["decision"])
    item.update(copy.deepcopy(SAMPLES))
    return data


def classes() -> list[type[BaseModel]]:
    """Every schema class reachable from the document."""
    seen: list[type[BaseModel]] = []
    todo: list[type[BaseModel]] = [DocumentSchema]
    while todo:
        cls = todo.pop(0)
        if cls not in seen:
            seen.append(cls)
            todo.extend(nested(cls).values())
    return seen


@dataclass
class Mutation:
    """One field of one class damaged in one way, everywhere the class occurs."""

    cls: type[BaseModel]
    field: str
    kind: str
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.cls.__name__.removesuffix('Schema')}.{self.field}: {self.kind}"


def _damages(current: Any) -> list[tuple[str, Any]]:
    damages = [
        ("wrong type", 7 if current is None or isinstance(current, str) else "ikke rigtig"),
        ("null", None),
        ("missing", KeyError),
        ("empty list", []),
        ("huge string", HUGE),
    ]
    if isinstance(current, list):
        element = current[0] if current else None
        damages.append(("wrong element", [7] if element is None or isinstance(element, str) else ["tekst"]))
    return damages


def mutations() -> Iterator[Mutation]:
    """Every mutation of the complete document, class by class and field by field."""
    base = complete_document()
    for cls in classes():
        instances = [d for c, d in places(base) if c is cls]
        for name in cls.model_fields:
            current = next((d[name] for d in instances if d.get(name) not in (None, [], "")),
                           next((d.get(name) for d in instances), None))
            for kind, value in _damages(current):
                data = copy.deepcopy(base)
                for c, place in places(data):
                    if c is not cls:
                        continue
                    if value is KeyError:
                        place.pop(name, None)
                    else:
                        place[name] = copy.deepcopy(value)
                yield Mutation(cls, name, kind, data)


# Where a damaged field is reported at a field that depends on it (the page breaks of a text).
DEPENDENTS = {
    (ItemSchema, "decision"): ("decision_page_breaks",),
    (ItemSchema, "decision_page"): ("decision_page_breaks",),
    (ItemSchema, "number"): ("number",),
    (MeetingSchema, "pages"): ("pages",),
}


def named_fields(mutation: Mutation) -> tuple[str, ...]:
    """The field names a rejection of the mutation may name: the field, or one that depends on it."""
    extra = DEPENDENTS.get((mutation.cls, mutation.field), ())
    if mutation.field in ("text", "page"):  # a section's page breaks lie within its text and pages
        extra += ("page_breaks",)
    return (mutation.field, *extra)
