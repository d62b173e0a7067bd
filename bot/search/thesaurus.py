"""The curated thesaurus (thesaurus.yaml): everyday words -> the minutes' words."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from bot.search.normalize import fold, is_stop, term_key, text_keys, words

THESAURUS_PATH = Path(__file__).with_name("thesaurus.yaml")

Entry = tuple[str, ...]  # the keys of one word or phrase; a phrase matches when all are present


@dataclass
class Thesaurus:
    """Groups of near-synonyms, looked up by key (words) or by word sequence (phrases)."""

    groups: list[list[Entry]] = field(default_factory=list)
    by_key: dict[str, list[int]] = field(default_factory=dict)
    phrases: list[tuple[tuple[str, ...], Entry, int]] = field(default_factory=list)

    def related(self, key: str | None = None, group: int | None = None) -> list[Entry]:
        """The entries to look for in the minutes for a question word (by key) or phrase (by group)."""
        gids = self.by_key.get(key, []) if key is not None else [group] if group is not None else []
        seen: dict[Entry, None] = {}
        for gid in gids:
            for other in self.groups[gid]:
                if other != (key,):
                    seen[other] = None
        return list(seen)


def build_thesaurus(groups: list[list[str]]) -> Thesaurus:
    """A Thesaurus from groups of words and phrases as written in thesaurus.yaml."""
    thesaurus = Thesaurus()
    for raw_group in groups:
        gid = len(thesaurus.groups)
        group: list[Entry] = []
        for text in raw_group:
            sequence_words = words(str(text))
            sequence = tuple(fold(w) for w in sequence_words)
            keys = text_keys(str(text)) if len(sequence) == 1 else [term_key(w) for w in sequence_words]
            entry = tuple(dict.fromkeys(k for k in keys if k))
            if not entry or entry in group:
                continue
            if len(sequence) > 1:
                thesaurus.phrases.append((sequence, entry, gid))
                if any(is_stop(w) for w in sequence):
                    # "sidder i" means more than "sidder": recognised in questions only,
                    # never looked for in the minutes as its remaining word.
                    continue
            group.append(entry)
            if len(entry) == 1 and len(sequence) == 1:
                thesaurus.by_key.setdefault(entry[0], [])
                if gid not in thesaurus.by_key[entry[0]]:
                    thesaurus.by_key[entry[0]].append(gid)
        thesaurus.groups.append(group)
    return thesaurus


def thesaurus_text() -> str:
    """The bundled thesaurus file's text (also part of the index cache key)."""
    return THESAURUS_PATH.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_thesaurus() -> Thesaurus:
    """The bundled thesaurus, parsed once."""
    data = yaml.safe_load(thesaurus_text()) or {}
    return build_thesaurus([list(g) for g in data.get("groups") or []])
