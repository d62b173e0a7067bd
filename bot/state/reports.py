"""Reports of wrong answers ("Rapportér fejl"): stored with the question and the answer shown,
listed for admins (`/rapporter`, `kkrbot rapporter`) and marked handled."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from bot.state.answers import Shown
from bot.state.db import Database, now_utc, utc_stamp

_COLUMNS = "id, reported_at, user_id, text, question, body, date, item, title, tier, handled_at, handled_by"


@dataclass(frozen=True)
class Report:
    """One member's report: what was wrong, about which question and answer, and whether it is handled."""

    id: int
    reported_at: str
    user_id: int
    text: str
    question: str | None
    shown: Shown
    handled_at: str | None = None
    handled_by: str | None = None

    @property
    def open(self) -> bool:
        """Not handled yet."""
        return self.handled_at is None


def add_report(db: Database, user_id: int, text: str, question: str | None, shown: Shown,
               when: datetime | None = None) -> int:
    """Store a report; returns its number."""
    with db.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO reports (reported_at, user_id, text, question, body, date, item, title, tier) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (utc_stamp(when or now_utc()), user_id, text, question, shown.body, shown.date, shown.item, shown.title,
             shown.tier))
        return int(cursor.lastrowid or 0)


def list_reports(db: Database, include_handled: bool = False, limit: int | None = None) -> list[Report]:
    """Reports, newest first: the open ones, or all."""
    where = "" if include_handled else "WHERE handled_at IS NULL"
    with db.transaction() as conn:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM reports {where} ORDER BY id DESC LIMIT ?",
                            (-1 if limit is None else limit,)).fetchall()
    return [Report(r[0], r[1], r[2], r[3], r[4], Shown(*r[5:10]), r[10], r[11]) for r in rows]


def count_open(db: Database) -> int:
    """How many reports are not handled yet."""
    with db.transaction() as conn:
        return int(conn.execute("SELECT COUNT(*) FROM reports WHERE handled_at IS NULL").fetchone()[0])


def mark_handled(db: Database, ids: Iterable[int], by: str, when: datetime | None = None) -> list[int]:
    """Mark open reports handled by `by`; returns the ids that were open (others are left as they were)."""
    wanted = sorted(set(ids))
    stamp = utc_stamp(when or now_utc())
    done = []
    with db.transaction() as conn:
        for report_id in wanted:
            cursor = conn.execute(
                "UPDATE reports SET handled_at = ?, handled_by = ? WHERE id = ? AND handled_at IS NULL",
                (stamp, by, report_id))
            if cursor.rowcount:
                done.append(report_id)
    return done


def report_to_dict(report: Report) -> dict[str, Any]:
    """A JSON-ready dict of one report."""
    data = asdict(report)
    data["open"] = report.open
    return data
