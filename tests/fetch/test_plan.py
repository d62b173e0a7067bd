"""The fetch plan: which listed meetings a run fetches, and why."""
from __future__ import annotations

import datetime

from bot.fetch.listing import Listed
from bot.fetch.plan import CHANGED, EVERYTHING, NEW, RECENT, UNFINISHED, plan_fetch, unknown_committees
from bot.state.fetched import Fetched

TODAY = datetime.date(2026, 12, 2)


def listed(agenda_id: str, date: str | None, committee: str = "Byråd 2022-2025", sha: str = "s1") -> Listed:
    return Listed(agenda_id, committee, "Aktuelle politiske udvalg", date, sha)


def fetched(agenda_id: str, sha: str = "s1", content: str | None = "c1", error: str | None = None) -> Fetched:
    return Fetched(agenda_id, "Byråd 2022-2025", None, sha, content, None, "k.yaml", "2026-11-01T00:00:00+00:00", error)


def reasons(plan) -> dict[str, str]:
    return {p.listed.agenda_id: p.reason for p in plan}


def test_new_unfinished_changed_and_recent_meetings_are_fetched_the_rest_left_alone():
    meetings = [
        listed("new", "2023-01-09"),
        listed("failed", "2023-02-01"),
        listed("interrupted", "2023-03-01"),  # a run stopped before its document was ingested
        listed("changed", "2023-04-01", sha="s2"),
        listed("recent", "2026-11-25"),
        listed("coming", "2027-01-11"),  # an agenda published before the meeting: its minutes come later
        listed("old", "2023-05-01"),
        listed("undated", None),
    ]
    known = {k.agenda_id: k for k in (
        fetched("failed", error="serveren svarede 500"), fetched("interrupted", content=None),
        fetched("changed"), fetched("recent"), fetched("coming"), fetched("old"), fetched("undated"))}
    plan = plan_fetch(meetings, known, TODAY, recheck_days=14)
    assert reasons(plan) == {"new": NEW, "failed": UNFINISHED, "interrupted": UNFINISHED, "changed": CHANGED,
                             "recent": RECENT, "coming": RECENT}
    assert [p.listed.agenda_id for p in plan] == ["new", "failed", "interrupted", "changed", "recent", "coming"]
    assert plan[1].known == known["failed"]
    everything = plan_fetch(meetings, known, TODAY, recheck_days=14, everything=True)
    assert reasons(everything)["old"] == reasons(everything)["undated"] == EVERYTHING
    assert [p.listed.agenda_id for p in everything][-1] == "undated"  # no date: last
    assert "recent" not in reasons(plan_fetch(meetings, known, TODAY, recheck_days=3))


def test_committees_and_a_start_date_narrow_the_plan():
    meetings = [listed("b1", "2023-01-09"), listed("b2", "2024-06-01"),
                listed("e1", "2024-06-02", committee="Beskæftigelses- og Erhvervsudvalget"), listed("u", None)]
    assert reasons(plan_fetch(meetings, {}, TODAY, 14, udvalg=["byråd"])) == {"b1": NEW, "b2": NEW, "u": NEW}
    assert reasons(plan_fetch(meetings, {}, TODAY, 14, siden="2024-01-01")) == {"b2": NEW, "e1": NEW}
    assert reasons(plan_fetch(meetings, {}, TODAY, 14, udvalg=["Byråd", "Beskæftigelses- og Erhvervsudvalget"],
                              siden="2024-06-02")) == {"e1": NEW}


def test_committees_the_site_does_not_list_are_named():
    meetings = [listed("b1", "2023-01-09"), listed("e1", "2024-06-02", committee="Økonomiudvalget")]
    assert unknown_committees(meetings, ["byråd", "Økonomiudvalget", "Skoleudvalget"]) == ["Skoleudvalget"]
    assert unknown_committees(meetings, []) == []
