"""The answers the bot showed: the question and the item shown, so a later report can name them.

Kept for `KEEP_DAYS` (a button on an older answer still reports, without the question).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.dates import danish_date
from bot.state.db import Database, now_utc, utc_stamp

KEEP_DAYS = 90


@dataclass(frozen=True)
class Shown:
    """What an answer showed: the item (meeting body and date, item number, title) and the search's tier."""

    body: str | None = None
    date: str | None = None
    item: str | None = None
    title: str | None = None
    tier: str | None = None

    def describe(self) -> str:
        """'3.4 DK2020-klimapartnerskabet efter 2023 (KKR Hovedstaden, 25. november 2022; svar)'."""
        item = " ".join(x for x in (self.item, self.title) if x) or "ukendt punkt"
        where = ", ".join(x for x in (self.body, danish_date(self.date) if self.date else None) if x)
        details = "; ".join(x for x in (where, self.tier) if x)
        return f"{item} ({details})" if details else item


@dataclass(frozen=True)
class ShownAnswer:
    """One answer the bot gave."""

    id: int
    asked_at: str
    question: str
    shown: Shown


def record_answer(db: Database, question: str, shown: Shown, when: datetime | None = None) -> int:
    """Keep an answer; returns its id (for the buttons under it)."""
    with db.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO answers (asked_at, question, body, date, item, title, tier) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (utc_stamp(when or now_utc()), question, shown.body, shown.date, shown.item, shown.title, shown.tier))
        return int(cursor.lastrowid or 0)


def get_answer(db: Database, answer_id: int) -> ShownAnswer | None:
    """The answer with this id, or None (never recorded, or forgotten)."""
    with db.transaction() as conn:
        row = conn.execute("SELECT id, asked_at, question, body, date, item, title, tier FROM answers WHERE id = ?",
                           (answer_id,)).fetchone()
    return _answer(row) if row else None


def _answer(row: sqlite3.Row | tuple) -> ShownAnswer:
    return ShownAnswer(row[0], row[1], row[2], Shown(*row[3:8]))


def forget_old_answers(db: Database, days: int = KEEP_DAYS, when: datetime | None = None) -> int:
    """Delete answers older than `days`; returns how many."""
    cutoff = utc_stamp((when or now_utc()) - timedelta(days=days))
    with db.transaction() as conn:
        return conn.execute("DELETE FROM answers WHERE asked_at < ?", (cutoff,)).rowcount
