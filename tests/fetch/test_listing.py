"""The site's list of committees and meetings, read tolerantly."""
from __future__ import annotations

import json
import re

import pytest

from bot.fetch.listing import (
    ListingError,
    base_name,
    committee_matches,
    decode_listing,
    fingerprint,
    parse_listing,
)
from tests.fetch.conftest import FILES
from tests.fetch.firstagenda_site import FirstAgendaSite


def test_the_list_the_site_serves_gives_every_real_meeting_with_its_committee_and_date():
    listing = FirstAgendaSite.from_files(FILES).listing()
    meetings, problems = parse_listing(decode_listing(json.dumps(listing).encode()))
    assert problems == []
    assert len(meetings) == 8
    by_id = {m.agenda_id: m for m in meetings}
    swim = by_id["c3d666d4-220b-43f3-9615-e68f9e9f4046"]
    assert (swim.committee, swim.group, swim.date) == ("Byråd 2022-2025", "Aktuelle politiske udvalg", "2022-12-12")
    assert {m.committee for m in meetings} == {"Byråd 2022-2025", "Beskæftigelses- og Erhvervsudvalget"}


def test_extra_fields_unknown_groups_odd_shapes_and_duplicates_are_tolerated():
    entry = {"Id": "a1", "Dato": "2024-05-06T16:00:00+02:00", "Nyt felt": {"x": 1}}
    doc = {
        "Udvalg": {
            "Aktuelle politiske udvalg": [{"Id": "u1", "Navn": "Økonomiudvalget", "Moeder": [entry, {"Navn": "uden id"}],
                                           "Farve": "blå"}],
            "Tidligere udvalg": {"Id": "u2", "Navn": "Teknik- og Miljøudvalget 2018-2021",  # one, not a list
                                 "Moeder": [dict(entry), {"Id": "b2", "MeetingBeginUtc": "2019-03-01T07:00:00Z"}]},
            "Noget helt andet": "ikke en liste",
            "Uden møder": [{"Id": "u3", "Navn": "Et råd"}],
            "Forkerte møder": [{"Id": "u4", "Navn": "Et udvalg", "Moeder": {"Id": "c3"}}],
        },
        "Version": 7,
    }
    meetings, problems = parse_listing(doc)
    assert [(m.agenda_id, m.committee, m.date) for m in meetings] == [
        ("a1", "Økonomiudvalget", "2024-05-06"), ("b2", "Teknik- og Miljøudvalget 2018-2021", "2019-03-01")]
    assert problems == ["Økonomiudvalget: møde nr. 2 i listen har intet 'Id'; det er sprunget over",
                        "Et udvalg: 'Moeder' er ikke en liste; udvalget er sprunget over"]
    # A group given directly as a list of committees is read too.
    flat, _ = parse_listing({"Udvalg": [{"Navn": "Byrådet", "Moeder": [{"Id": 42, "Dato": "2025-01-27"}]}]})
    assert [(m.agenda_id, m.committee, m.group, m.date) for m in flat] == [("42", "Byrådet", "", "2025-01-27")]


def test_a_changed_list_entry_changes_its_fingerprint_and_key_order_does_not():
    entry = {"Id": "a1", "Dato": "2024-05-06T16:00:00+02:00", "ReleasedDate": None}
    assert fingerprint(entry) == fingerprint(dict(reversed(list(entry.items()))))
    assert fingerprint(entry) != fingerprint(dict(entry, ReleasedDate="2024-05-08T10:00:00"))


@pytest.mark.parametrize(("body", "message"), [
    (b'{"Udvalg": {"Aktuelle', "udvalgslisten er ikke gyldig JSON (linje 1"),
    (b"<html>Log ind</html>", "udvalgslisten er ikke gyldig JSON"),
    (b'{"Dagsordenpunkter": []}', "svaret er ikke en FirstAgenda-udvalgsliste (mangler 'Udvalg')"),
    (b'{"Udvalg": 7}', "listen mangler 'Udvalg'"),
    (b"\xff\xfe", "udvalgslisten er ikke UTF-8-tekst"),
])
def test_what_is_no_list_is_named(body, message):
    with pytest.raises(ListingError, match=re.escape(message)):
        decode_listing(body)


def test_a_committee_is_named_with_or_without_its_election_period_ignoring_case():
    assert base_name("Byråd 2022-2025") == "Byråd"
    assert base_name("Kommunalbestyrelsen 2018-21") == "Kommunalbestyrelsen"
    assert base_name("Økonomiudvalget") == "Økonomiudvalget"
    assert committee_matches("Byråd 2022-2025", "byråd")
    assert committee_matches("Byråd 2022-2025", "Byråd 2022-2025")
    assert committee_matches("Beskæftigelses- og Erhvervsudvalget", "beskæftigelses- og  erhvervsudvalget")
    assert not committee_matches("Byråd 2022-2025", "Byrådet")
    assert not committee_matches("Økonomiudvalget", "udvalget")
