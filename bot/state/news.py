"""New meetings waiting to be served and announced (arrivals), and the meetings whose highlights were posted.

The inbox and `kkrbot hent` (the bot's, or one run by hand beside it) add an arrival for each
meeting they write; the bot reloads for the open ones, announces those meant to be announced (not
a backfill's) and marks them handled. A meeting's
highlights are posted once: the row is claimed before the post, so neither a restart nor a
second arrival of the same meeting posts it again.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.state.db import Database, now_utc, utc_stamp

INBOX = "indbakke"  # the source of a meeting dropped into the inbox


def meeting_key(identity: Iterable[str]) -> str:
    """A meeting's key in the database, from Meeting.identity: 'Greve Kommune|Greve Byråd|2025-09-08|17:30'."""
    return "|".join(identity)


@dataclass(frozen=True)
class Arrival:
    """A meeting written to the knowledge base and not yet announced."""

    id: int
    meeting: str
    path: str
    source: str
    arrived_at: str
    announce: bool = True  # False: only serve it (a backfill, `hent --stille`)


def add_arrival(db: Database, meeting: str, path: str, source: str, announce: bool = True,
                when: datetime | None = None) -> int:
    """Note a meeting written (new or changed), to be served (and, with `announce`, announced); returns its id."""
    with db.transaction() as conn:
        cursor = conn.execute("INSERT INTO arrivals (meeting, path, source, announce, arrived_at) "
                              "VALUES (?, ?, ?, ?, ?)", (meeting, path, source, int(announce),
                                                         utc_stamp(when or now_utc())))
        return int(cursor.lastrowid or 0)


def open_arrivals(db: Database) -> list[Arrival]:
    """The arrivals not yet handled, oldest first."""
    with db.transaction() as conn:
        rows = conn.execute("SELECT id, meeting, path, source, arrived_at, announce FROM arrivals "
                            "WHERE handled_at IS NULL ORDER BY id").fetchall()
    return [Arrival(r[0], r[1], r[2], r[3], r[4], announce=bool(r[5])) for r in rows]


def mark_arrivals_handled(db: Database, ids: Iterable[int], when: datetime | None = None) -> None:
    """Mark arrivals announced."""
    stamp = utc_stamp(when or now_utc())
    with db.transaction() as conn:
        conn.executemany("UPDATE arrivals SET handled_at = ? WHERE id = ?", [(stamp, i) for i in ids])


def claim_post(db: Database, meeting: str, channel_id: int, when: datetime | None = None) -> bool:
    """Claim the post of a meeting's highlights; False when it was posted (or tried) before."""
    with db.transaction() as conn:
        cursor = conn.execute("INSERT OR IGNORE INTO posted_meetings (meeting, posted_at, channel_id) VALUES (?, ?, ?)",
                              (meeting, utc_stamp(when or now_utc()), channel_id))
        return cursor.rowcount == 1


def record_post(db: Database, meeting: str, message_id: int) -> None:
    """The message a claimed post became."""
    with db.transaction() as conn:
        conn.execute("UPDATE posted_meetings SET message_id = ? WHERE meeting = ?", (message_id, meeting))


def posted(db: Database) -> dict[str, int | None]:
    """Every meeting posted (or tried): its key and the message id (None when the post failed)."""
    with db.transaction() as conn:
        return dict(conn.execute("SELECT meeting, message_id FROM posted_meetings").fetchall())
