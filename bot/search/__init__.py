"""Search over the knowledge base: the interface every caller (CLI, Discord) uses.

`Searcher(kb).ask(question)` returns an `Answer`: relevant hits best first (empty
when nothing relevant was found: the bot then says so) and, in that case, the
closest items as suggestions ("mente du …?").
"""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.knowledge.store import KnowledgeBase
from bot.model import Item, Meeting


@dataclass
class Hit:
    """One item that answers a question."""

    meeting: Meeting
    item: Item
    score: float  # on a fixed 0..1 scale, comparable across knowledge bases
    matched: list[str] = field(default_factory=list)  # the question's words the item matched

    @property
    def url(self) -> str | None:
        """Link to the page where the decision stands (or the item starts)."""
        return self.meeting.page_url(self.item.decision_page or self.item.page)


@dataclass
class Answer:
    """The result of one question."""

    question: str
    hits: list[Hit] = field(default_factory=list)
    suggestions: list[Hit] = field(default_factory=list)


class Searcher:
    """Baseline search (replaced by the index of issue 3; same interface)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def ask(self, question: str, limit: int = 5, meeting: str | None = None, body: str | None = None) -> Answer:
        """Answer a question: hits best first, or suggestions when nothing is relevant."""
        from rapidfuzz import fuzz, process, utils

        pairs = [
            (m, i) for m, i in self.kb.items()
            if (not meeting or m.date == meeting) and (not body or m.body.casefold() == body.casefold())
        ]
        choices = [f"{i.label} {i.decision}" for _, i in pairs]
        found = process.extract(
            question, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit
        )
        hits = [Hit(pairs[idx][0], pairs[idx][1], score / 100) for _, score, idx in found if score >= 60]
        return Answer(question, hits=hits)
