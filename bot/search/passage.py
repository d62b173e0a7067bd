"""The paragraph of an item that best shows why it matched (for items without a decision,
or whose decision doesn't contain the question's words)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.model import Item
from bot.search.normalize import text_keys

MAX_CHARS = 500
_PARAGRAPH_RE = re.compile(r"\n\s*\n|\n(?=\s*[–•-] )")


@dataclass
class Passage:
    """A paragraph quoted from an item, with where it stands."""

    heading: str
    text: str
    page: int


def _trim(text: str, limit: int) -> str:
    """Cut a paragraph at a sentence (or word) boundary within limit characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    if end >= limit // 2:
        return cut[: end + 1] + " …"
    return cut[: cut.rfind(" ")].rstrip(",;:") + " …"


def best_passage(item: Item, keys: set[str], limit: int = MAX_CHARS) -> Passage | None:
    """The section paragraph containing most of the matched keys (None if none does)."""
    best: tuple[int, int, Passage] | None = None
    for section in item.sections:
        for n, paragraph in enumerate(_PARAGRAPH_RE.split(section.text)):
            if not paragraph.strip():
                continue
            hits = len(keys & set(text_keys(paragraph)))
            # Most matched keys first; among equals the earlier paragraph.
            if hits and (best is None or hits > best[0]):
                best = (hits, n, Passage(section.heading, _trim(paragraph, limit), section.page))
    return best[2] if best else None


def decision_covers(item: Item, keys: set[str]) -> bool:
    """True when the decision itself contains every matched key."""
    return bool(item.decision) and keys <= set(text_keys(item.decision))
