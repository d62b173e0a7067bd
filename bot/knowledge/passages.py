"""Which texts of an agenda item are embedded for semantic search, and their cache keys.

An item gives up to three kinds of passage, each beginning with the item's title so that
a passage read alone still says what case it is about:

- `title`: the title and the decision;
- `summary`: the title and the summary sections (Resume, Sammendrag, Indstilling, …);
- `text-0`, `text-1`, …: the title and a chunk of the case text (the other sections, in
  order, cut at paragraph ends into chunks of at most `chunk_words` words), at most
  `chunks` of them.

A passage's id is stable for the same item text, and its hash (`passage_hash`) is the
cache key of its vector: the same text embedded by the same model gives the same vector.
Whitespace is collapsed first, so re-wrapping a text by hand re-embeds nothing.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.model import Item

# Sections that sum the case up: embedded as one `summary` passage.
SUMMARY_HEADINGS = frozenset({
    "resume", "resumé", "sagsresumé", "sagsresume", "sammendrag", "sammenfatning", "indstilling",
    "indstillinger", "indstilling fra administrationen", "administrationens indstilling",
    "direktionens indstilling", "forvaltningens indstilling",
})
# Sections that say nothing about the case itself (who decides, attachments, attendance).
SKIPPED_HEADINGS = frozenset({
    "sagsprocedure", "beslutningen træffes af", "sagen afgøres i", "kompetence", "kompetenceforhold",
    "bilag", "bilagsliste", "relevante bilag", "afbud", "fraværende", "deltagere", "mødedeltagere",
    "medlemmer", "til stede", "tilstede", "underskrifter", "underskriftsblad", "underskriftsside",
})


@dataclass(frozen=True)
class Strategy:
    """What to embed per item: the summary passage or not, and how many case-text chunks of what size."""

    summary: bool = True
    chunks: int = 0
    chunk_words: int = 120
    # The longest a title, decision or summary passage gets (words); the rest is cut.
    max_words: int = 250


# Named strategies, cheapest first (benchmarks/embedding.py measures their cost). The
# default embeds case-text chunks too: on paraphrased questions it found the item first
# far more often than title and summary alone (see docs/vectors.md), for about 3.8
# passages per item; twice as many chunks gained little more.
STRATEGIES = {
    "title": Strategy(summary=False, chunks=0),
    "summary": Strategy(summary=True, chunks=0),
    "chunks": Strategy(summary=True, chunks=3),
}
DEFAULT = STRATEGIES["chunks"]


@dataclass(frozen=True)
class Passage:
    """One embedded text of an item: its id within the item ('title', 'summary', 'text-0', …) and its text."""

    id: str
    text: str


def item_passages(item: Item, strategy: Strategy = DEFAULT) -> list[Passage]:
    """The passages of an item to embed under a strategy, in a stable order."""
    title = _collapse(item.title)
    passages = [Passage("title", _join(title, _cut(_collapse(item.decision), strategy.max_words)))]
    summary: list[str] = []
    body: list[str] = []
    for section in item.sections:
        heading = _heading(section.heading)
        if heading in SKIPPED_HEADINGS or not section.text.strip():
            continue
        (summary if heading in SUMMARY_HEADINGS else body).append(section.text)
    if strategy.summary and summary:
        text = _cut(" ".join(_collapse(t) for t in summary), strategy.max_words)
        passages.append(Passage("summary", _join(title, text)))
    if strategy.chunks > 0 and body:
        chunks = chunk_words("\n\n".join(body), strategy.chunk_words)[: strategy.chunks]
        passages += [Passage(f"text-{i}", _join(title, chunk)) for i, chunk in enumerate(chunks)]
    return passages


def chunk_words(text: str, size: int) -> list[str]:
    """Cut a text into chunks of at most `size` words, at paragraph ends where one fits."""
    chunks: list[str] = []
    current: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        words = paragraph.split()
        if current and len(current) + len(words) > size:
            chunks.append(" ".join(current))
            current = []
        while len(words) > size:  # a paragraph longer than a chunk: cut it by words
            chunks.append(" ".join(words[:size]))
            words = words[size:]
        current += words
    if current:
        chunks.append(" ".join(current))
    return chunks


def passage_hash(text: str, model: str, prefix: str = "passage: ") -> str:
    """The cache key of a passage's vector: sha256 of the model name and the exact text the model reads."""
    return hashlib.sha256(f"{model}\n{prefix}{text}".encode()).hexdigest()


def word_count(text: str) -> int:
    """Words in a text, as chunking counts them."""
    return len(text.split())


def _heading(heading: str) -> str:
    return _collapse(heading).rstrip(":").strip().casefold()


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _cut(text: str, words: int) -> str:
    parts = text.split(" ")
    return text if len(parts) <= words else " ".join(parts[:words])


def _join(title: str, text: str) -> str:
    return f"{title}\n{text}" if text else title
