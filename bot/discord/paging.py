"""Long text as pages that each fit an embed: cut between paragraphs, else sentences, else words.

Pure. Each page is escaped (bot.discord.replies.escape) and within the limit; together the
pages hold the whole text, nothing left out.
"""
from __future__ import annotations

import re

from bot.discord.replies import escape
from bot.sentences import sentence_spans

_PARAGRAPH_END = re.compile(r"\n[ \t]*\n\s*")
_WORD_END = re.compile(r"\s+")


def _fits(text: str, limit: int) -> bool:
    return len(escape(text.strip())) <= limit


def _cut(text: str, ends: list[int]) -> list[str]:
    """text cut at the offsets `ends` (each piece keeps the whitespace that follows it)."""
    starts = [0, *ends]
    return [text[a:b] for a, b in zip(starts, [*ends, len(text)], strict=True) if text[a:b]]


def _hard_pieces(text: str, limit: int) -> list[str]:
    """One unbroken run of characters, in the longest raw pieces whose escape fits."""
    pieces = []
    while text:
        size = min(len(text), limit)
        while size > 1 and not _fits(text[:size], limit):
            size -= 1
        pieces.append(text[:size])
        text = text[size:]
    return pieces


def _pieces(text: str, limit: int, level: int = 0) -> list[str]:
    """text as pieces that each fit: paragraphs, then (for a paragraph too long) sentences, then words."""
    if _fits(text, limit):
        return [text]
    if level == 0:
        parts = _cut(text, [m.end() for m in _PARAGRAPH_END.finditer(text)])
    elif level == 1:
        parts = _cut(text, [start for start, _ in sentence_spans(text)][1:])
    elif level == 2:
        parts = _cut(text, [m.end() for m in _WORD_END.finditer(text)])
    else:
        return _hard_pieces(text, limit)
    if len(parts) <= 1:
        return _pieces(text, limit, level + 1)
    return [piece for part in parts for piece in _pieces(part, limit, level + 1)]


def paginate(text: str, limit: int) -> list[str]:
    """The text as escaped pages of at most `limit` characters (one empty page for empty text)."""
    pages: list[str] = []
    current = ""
    for piece in _pieces(text.strip(), limit):
        if current and not _fits(current + piece, limit):
            pages.append(escape(current.strip()))
            current = piece
        else:
            current += piece
    if current.strip():
        pages.append(escape(current.strip()))
    return pages or [""]


def clamp(page: int, pages: int) -> int:
    """A page number within 1..pages (a stale button may ask for one that is gone)."""
    return min(max(page, 1), max(pages, 1))
