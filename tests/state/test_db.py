"""The bot's database: created in WAL mode, migrated in order, each step atomic, reopened unchanged."""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from bot.state.db import MIGRATIONS, Database, Migration, StateError, migrate


def test_a_new_database_is_created_in_wal_mode_at_the_latest_version(tmp_path: Path) -> None:
    path = tmp_path / "state" / "kkrbot.sqlite3"  # the directory is created too
    db = Database.open(path)
    assert db.version == len(MIGRATIONS) == 2
    with db.transaction() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"schema_version", "answers", "reports"} <= tables
    db.close()
    again = Database.open(path)  # reopening runs nothing twice
    assert again.version == 2
    again.close()


def test_a_later_migration_extends_an_existing_database(tmp_path: Path) -> None:
    path = tmp_path / "kkrbot.sqlite3"
    Database.open(path, MIGRATIONS[:1]).close()  # a database from before reports existed
    subscriptions = Migration(3, "subscriptions", "CREATE TABLE subscriptions (user_id INTEGER PRIMARY KEY);")
    db = Database.open(path, (*MIGRATIONS, subscriptions))
    assert db.version == 3
    with db.transaction() as conn:
        conn.execute("INSERT INTO reports (reported_at, user_id, text) VALUES ('x', 1, 'y')")
        conn.execute("INSERT INTO subscriptions VALUES (1)")
    db.close()


def test_a_failing_migration_leaves_the_database_at_the_version_before(tmp_path: Path) -> None:
    path = tmp_path / "kkrbot.sqlite3"
    broken = Migration(3, "broken", "CREATE TABLE half (x INTEGER);\nINSERT INTO nowhere VALUES (1);")
    with pytest.raises(StateError, match="kkrbot.sqlite3: databasen kan ikke åbnes: no such table: nowhere"):
        Database.open(path, (*MIGRATIONS, broken))
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == 2
    assert not conn.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchall()
    conn.close()


def test_a_database_from_a_newer_kkrbot_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "kkrbot.sqlite3"
    Database.open(path, (*MIGRATIONS, Migration(3, "later", "CREATE TABLE later (x INTEGER);"))).close()
    with pytest.raises(StateError, match=r"kkrbot.sqlite3: databasen er fra en nyere kkrbot \(version 3; denne kender 2\)"):
        Database.open(path)


def test_migrations_must_be_numbered_in_order(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="numbered"):
        migrate(sqlite3.connect(":memory:"), (MIGRATIONS[1],))


def test_a_path_that_cannot_be_a_database_is_named(tmp_path: Path) -> None:
    (tmp_path / "fil").write_text("ikke en mappe")
    with pytest.raises(StateError, match="fil/kkrbot.sqlite3: databasen kan ikke åbnes"):
        Database.open(tmp_path / "fil" / "kkrbot.sqlite3")


def test_a_failed_transaction_is_rolled_back_and_threads_share_the_connection(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "kkrbot.sqlite3")
    with pytest.raises(RuntimeError), db.transaction() as conn:
        conn.execute("INSERT INTO reports (reported_at, user_id, text) VALUES ('x', 1, 'y')")
        raise RuntimeError("midt i det hele")

    def insert(n: int) -> None:
        for _ in range(50):
            with db.transaction() as conn:
                conn.execute("INSERT INTO reports (reported_at, user_id, text) VALUES ('x', ?, 'y')", (n,))

    threads = [threading.Thread(target=insert, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with db.transaction() as conn:
        assert conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 200
    db.close()
