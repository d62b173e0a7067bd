"""What `kkrbot hent` knows of each publication site: every meeting as last fetched, and each site's runs.

A meeting's row is written after each attempt, so an interrupted run resumes at the first
meeting it had not finished, and a failed one is tried again on the next run.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.state.db import Database, now_utc, utc_stamp

_COLUMNS = "agenda_id, committee, date, listing_sha, content_sha, etag, path, fetched_at, error"


@dataclass(frozen=True)
class Fetched:
    """One meeting of a site as the last attempt left it."""

    agenda_id: str
    committee: str | None
    date: str | None
    listing_sha: str
    content_sha: str | None  # the document last ingested; None when none was
    etag: str | None
    path: str | None
    fetched_at: str
    error: str | None  # the last attempt's problem; None when it worked

    @property
    def done(self) -> bool:
        """The last attempt ingested the document."""
        return self.error is None and self.content_sha is not None


def known_meetings(db: Database, site: str) -> dict[str, Fetched]:
    """Every meeting of `site` fetched before, by agenda id."""
    with db.transaction() as conn:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM fetched WHERE site = ?", (site,)).fetchall()
    return {r[0]: Fetched(*r) for r in rows}


def record_fetch(db: Database, site: str, fetched: Fetched) -> None:
    """Store the outcome of one attempt (replacing the meeting's earlier one)."""
    with db.transaction() as conn:
        conn.execute(f"INSERT OR REPLACE INTO fetched (site, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (site, fetched.agenda_id, fetched.committee, fetched.date, fetched.listing_sha,
                      fetched.content_sha, fetched.etag, fetched.path, fetched.fetched_at, fetched.error))


def start_run(db: Database, site: str, when: datetime | None = None) -> bool:
    """Note that a run of `site` starts; True when it is a backfill: no run of the site got through
    its list before (a first run, or one that only ever stopped half-way)."""
    with db.transaction() as conn:
        row = conn.execute("SELECT finished_at FROM fetch_runs WHERE site = ?", (site,)).fetchone()
        conn.execute("INSERT OR IGNORE INTO fetch_runs (site, started_at) VALUES (?, '')", (site,))
        conn.execute("UPDATE fetch_runs SET started_at = ? WHERE site = ?", (utc_stamp(when or now_utc()), site))
    return row is None or row[0] is None


def finish_run(db: Database, site: str, when: datetime | None = None) -> None:
    """Note that the run of `site` got through its list (whatever became of each meeting)."""
    with db.transaction() as conn:
        conn.execute("UPDATE fetch_runs SET finished_at = ? WHERE site = ?", (utc_stamp(when or now_utc()), site))


def last_run(db: Database, site: str) -> str | None:
    """When the last run of `site` started (UTC, ISO 8601), or None when it never ran."""
    with db.transaction() as conn:
        row = conn.execute("SELECT started_at FROM fetch_runs WHERE site = ?", (site,)).fetchone()
    return row[0] if row else None
