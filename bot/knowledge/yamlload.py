"""Loading a YAML document about 2.5x faster than `yaml.load(text, Loader=CSafeLoader)`,
with the same result.

PyYAML's C loader parses in C but builds every node, resolves every scalar's tag and
constructs every value in Python; that is three quarters of its time on the knowledge
files. `load` reads the C parser's events and builds dicts, lists and strings straight
away; a plain (unquoted) scalar goes through the loader's own resolver and constructor,
once per distinct value. Anything else that YAML allows (tags, anchors and aliases,
merge keys, complex keys, several documents, a scalar the constructor rejects) makes it
start over with `yaml.load`, so results and errors stay exactly PyYAML's.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

import yaml
from yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"


class _Unusual(Exception):
    """A construct the fast path leaves to yaml.load."""


def load(text: str) -> Any:
    """The document in text, as yaml.load(text, Loader=Loader) returns it (or raises)."""
    loader = Loader(text)
    try:
        return _document(loader.get_event)
    except (_Unusual, RecursionError):
        pass
    finally:
        loader.dispose()
    return yaml.load(text, Loader=Loader)


def _document(get: Callable[[], Any]) -> Any:
    get()  # the stream's start
    event = get()
    if type(event) is StreamEndEvent:
        return None  # no document at all
    value = _value(get(), get)
    get()  # the document's end
    if type(get()) is not StreamEndEvent:
        raise _Unusual  # a second document: yaml.load says it expected a single one
    return value


def _value(event: Any, get: Callable[[], Any]) -> Any:
    kind = type(event)
    if event.anchor is not None or getattr(event, "tag", None) is not None:
        raise _Unusual
    if kind is ScalarEvent:
        return _plain(event.value) if event.implicit[0] else event.value
    if kind is MappingStartEvent:
        mapping = {}
        while True:
            event = get()
            if type(event) is MappingEndEvent:
                return mapping
            if type(event) is not ScalarEvent:
                raise _Unusual  # a mapping or list as a key
            key = _value(event, get)
            mapping[key] = _value(get(), get)
    if kind is SequenceStartEvent:
        items = []
        while True:
            event = get()
            if type(event) is SequenceEndEvent:
                return items
            items.append(_value(event, get))
    raise _Unusual  # an alias


_RESOLVER = Loader("")


@lru_cache(maxsize=65536)
def _plain(value: str) -> Any:
    """A plain scalar's value: its tag by the loader's implicit resolvers (bool, int, null,
    timestamp …), then the loader's constructor for that tag (values are immutable)."""
    tag = _RESOLVER.resolve(ScalarNode, value, (True, False))
    if tag == _STR:
        return value
    construct = Loader.yaml_constructors.get(tag)
    if construct is None or tag in ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"):
        raise _Unusual
    try:
        return construct(_RESOLVER, ScalarNode(tag, value))
    except Exception:
        raise _Unusual from None  # let yaml.load raise it, with the line it stands on
