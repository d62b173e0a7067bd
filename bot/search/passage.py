"""The paragraph of an item that best shows why it matched (for items without a decision,
or whose title and decision don't contain the question's words), and the page it is on."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.model import Item, page_at
from bot.search.normalize import text_keys

MAX_CHARS = 500
_PARAGRAPH_RE = re.compile(r"\n\s*\n")
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9–-])")


@dataclass
class Passage:
    """A paragraph quoted from an item, with where it stands: the page its quote starts on."""

    heading: str
    text: str
    page: int


def _window(units: list[str], hits: list[int], limit: int) -> tuple[str, int]:
    """The best unit (line or sentence) plus its neighbours, earlier ones first, within limit;
    and the index of the first unit quoted."""
    best = max(range(len(units)), key=lambda i: (hits[i], -i))
    lo = hi = best
    size = len(units[best])
    while True:
        grown = False
        for i in (lo - 1, hi + 1):
            if 0 <= i < len(units) and size + 1 + len(units[i]) <= limit:
                size += 1 + len(units[i])
                lo, hi = min(lo, i), max(hi, i)
                grown = True
        if not grown:
            break
    text = " ".join(units[lo:hi + 1])
    return ("… " if lo > 0 else "") + text + (" …" if hi < len(units) - 1 else ""), lo


def _units(paragraph: str, limit: int) -> tuple[list[str], list[int]]:
    """The paragraph's lines (whitespace collapsed; a line longer than limit split into
    sentences), each with the offset in the paragraph where it starts."""
    units: list[str] = []
    starts: list[int] = []
    for line in re.finditer(r"[^\n]+", paragraph):
        words = list(re.finditer(r"\S+", line[0]))
        if not words:
            continue
        flat = " ".join(w[0] for w in words)
        pieces = _SENTENCE_RE.split(flat) if len(flat) > limit else [flat]
        first = 0  # index of the piece's first word: a sentence split only falls between words
        for piece in pieces:
            units.append(piece)
            starts.append(line.start() + words[first].start())
            first += len(piece.split())
    return units, starts


def _quote(paragraph: str, keys: set[str], limit: int) -> tuple[str, int]:
    """A paragraph cut to limit characters around the part that matches, and the offset
    in the paragraph where the quoted text starts."""
    units, starts = _units(paragraph, limit)
    if sum(len(u) + 1 for u in units) <= limit + 1:
        return " ".join(units), starts[0]
    units = [u if len(u) <= limit else u[: limit - 2].rsplit(" ", 1)[0] + " …" for u in units]
    text, first = _window(units, [len(keys & set(text_keys(u))) for u in units], limit)
    return text, starts[first]


def _span(sequence: list[str], keys: set[str]) -> int:
    """Fewest consecutive keys of the sequence that hold all of `keys` found in it."""
    wanted = keys & set(sequence)
    best, lo = len(sequence), 0
    seen: dict[str, int] = {}
    for hi, key in enumerate(sequence):
        if key in wanted:
            seen[key] = seen.get(key, 0) + 1
        while len(seen) == len(wanted) and lo <= hi:
            best = min(best, hi - lo + 1)
            if sequence[lo] in seen:
                seen[sequence[lo]] -= 1
                if not seen[sequence[lo]]:
                    del seen[sequence[lo]]
            lo += 1
    return best


def _listed_only(paragraph: str, keys: set[str]) -> bool:
    """True when the matched words stand only in list lines ("– Movia"), not in prose."""
    lines = [line.strip() for line in paragraph.splitlines() if keys & set(text_keys(line))]
    return bool(lines) and all(line[:1] in "–-•" for line in lines)


def best_passage(item: Item, keys: set[str], limit: int = MAX_CHARS) -> Passage | None:
    """The section paragraph that holds most matched keys, closest together, in prose
    rather than in a list (None if no paragraph holds any)."""
    best: tuple[tuple[int, int, int, int], Passage] | None = None
    order = 0
    for section in item.sections:
        start = 0
        for separator in [*_PARAGRAPH_RE.finditer(section.text), None]:
            end = separator.start() if separator else len(section.text)
            paragraph, at = section.text[start:end], start
            start = separator.end() if separator else end
            sequence = text_keys(paragraph)
            hits = len(keys & set(sequence))
            if not hits:
                continue
            rank = (hits, not _listed_only(paragraph, keys), -_span(sequence, keys), -order)
            order += 1
            if best is None or rank > best[0]:
                text, offset = _quote(paragraph, keys, limit)
                best = (rank, Passage(section.heading, text, page_at(section, at + offset)))
    return best[1] if best else None


def heading_and_decision_cover(item: Item, keys: set[str]) -> bool:
    """True when the item has a decision and every matched key stands in it or the title
    (what the answer shows anyway), so no passage is needed."""
    return bool(item.decision) and keys <= set(text_keys(f"{item.number or ''} {item.title}\n{item.decision}"))
