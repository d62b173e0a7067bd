"""The bot's SQLite database: one file in WAL mode, a schema version, and ordered migrations.

Each feature that keeps state adds its tables as the next `Migration` in `MIGRATIONS` (never
by editing an earlier one: a database in use has run it already). `Database.open` creates
the file if needed and runs the migrations it has not run yet, each in one transaction, so
a failure leaves the database at the version before.
"""
from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000  # another process (`kkrbot rapporter`) may hold the write lock briefly


class StateError(Exception):
    """The database cannot be opened or migrated (the message is Danish and names the file)."""


@dataclass(frozen=True)
class Migration:
    """One step of the schema: its version (1, 2, …), what it adds, and the SQL that adds it."""

    version: int
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "answers shown", """
        -- The answers the bot showed, so a report made later can name the question. Kept 90 days.
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            asked_at TEXT NOT NULL,          -- UTC, ISO 8601
            question TEXT NOT NULL,
            body TEXT, date TEXT, item TEXT, -- the item shown first: meeting body and date, item number
            title TEXT, tier TEXT            -- its title; the search's tier, when it gives one
        );
        CREATE INDEX answers_asked_at ON answers (asked_at);
    """),
    Migration(2, "reports", """
        -- "Rapportér fejl": what a member said was wrong about an answer, until an admin handles it.
        CREATE TABLE reports (
            id INTEGER PRIMARY KEY,
            reported_at TEXT NOT NULL,       -- UTC, ISO 8601
            user_id INTEGER NOT NULL,        -- the member who reported
            text TEXT NOT NULL,              -- "Hvad var forkert?"
            question TEXT,                   -- the question answered (NULL when no longer known)
            body TEXT, date TEXT, item TEXT, title TEXT, tier TEXT,  -- the answer shown
            handled_at TEXT, handled_by TEXT -- NULL while open
        );
        CREATE INDEX reports_open ON reports (handled_at, id);
    """),
)


def now_utc() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def utc_stamp(when: datetime) -> str:
    """A time as the database stores it: UTC, ISO 8601 to the second ('2024-05-01T12:00:00+00:00')."""
    return when.astimezone(UTC).isoformat(timespec="seconds")


def schema_version(conn: sqlite3.Connection) -> int:
    """The version the database is at (0 for a new one)."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    if row is None:
        conn.execute("INSERT INTO schema_version (version) VALUES (0)")
        return 0
    return int(row[0])


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Run the migrations the database has not run yet, in order, each atomically; returns the version."""
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migrations must be numbered 1, 2, … in order, not {versions}")
    current = schema_version(conn)
    if current > len(migrations):
        raise StateError(f"databasen er fra en nyere kkrbot (version {current}; denne kender {len(migrations)})")
    for migration in migrations[current:]:
        try:
            # executescript runs the whole step; BEGIN … COMMIT makes it one transaction.
            conn.executescript(f"BEGIN IMMEDIATE;\n{migration.sql}\n"
                               f"UPDATE schema_version SET version = {migration.version};\nCOMMIT;")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        log.info("database migrated to version %d (%s)", migration.version, migration.name)
    return max(current, len(migrations))


class Database:
    """One connection, shared by the event loop and worker threads (a lock serialises them)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self.path = path

    @classmethod
    def open(cls, path: Path, migrations: Sequence[Migration] = MIGRATIONS) -> Database:
        """Open (creating it and its directory if needed) and migrate the database at `path`."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit: transactions are explicit (`transaction`), so none is left open by accident.
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal" and str(path) != ":memory:":
                log.warning("%s: SQLite kept journal mode %s (WAL needs a local file system)", path, mode)
            conn.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable at each checkpoint, never corrupt
            migrate(conn, migrations)
        except (sqlite3.Error, OSError) as exc:
            raise StateError(f"{path}: databasen kan ikke åbnes: {exc}") from None
        except StateError as exc:
            raise StateError(f"{path}: {exc}") from None
        return cls(conn, path)

    @property
    def version(self) -> int:
        """The schema version."""
        with self._lock:
            return schema_version(self._conn)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The connection inside one transaction: committed on success, rolled back on an exception."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed into the file)."""
        with self._lock:
            self._conn.close()
