"""The whole Greve corpus (shared/data/greve, 373 meetings), when it is there: every item read, every
decision that has text found. Skipped on a machine without the shared data."""
from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pytest

from bot.ingest.firstagenda import read_publication

GREVE = Path(os.environ.get("KKRBOT_GREVE_DATA", Path(__file__).resolve().parents[3] / "shared" / "data" / "greve"))

pytestmark = pytest.mark.skipif(not GREVE.is_dir(), reason=f"{GREVE} not here (the shared Greve data)")

_TAG = re.compile(r"<[^>]+>")
_ATTENDANCE_ONLY = re.compile(r"^(?:afbud|fraværende|ikke til stede)\b[^.]*$", re.IGNORECASE)


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def decision_text(raw: dict) -> str:
    """The decision an item's HTML holds, found the crude way (tags stripped, by string position), to check
    the parser against: under the Beslutning heading; a closed item's whole text; or the older form's text
    between the repeated title and the first heading."""
    field = raw["Felter"][0]["Html"] or ""
    if raw["Navn"].startswith("Lukket"):
        text = _plain(field)
    elif "<h3>Beslutning</h3>" in field:
        text = _plain(field.split("<h3>Beslutning</h3>", 1)[1].split("<h3>", 1)[0])
    else:
        before = re.split(r"<h[1-6][^>]*>", field, maxsplit=1)[0]
        text = _plain(before)
        title = " ".join(raw["Navn"].split())
        text = text[len(title):].strip() if text.startswith(title) else text
    text = text.strip(" .-–")  # placeholders: ".", "-"
    if text == "Beslutning ikke frigivet" or _ATTENDANCE_ONLY.match(text):
        return ""
    return text


@pytest.fixture(scope="module")
def corpus():
    out = []
    for path in sorted(GREVE.glob("*.json")):
        data = path.read_bytes()
        out.append((json.loads(data), read_publication(data, "Greve Kommune", "https://dagsordener.greve.dk")))
    return out


def test_every_item_is_read(corpus):
    assert len(corpus) == 373
    assert sum(len(m.items) for _, m in corpus) == 5553
    for doc, meeting in corpus:
        assert [i.source_id for i in meeting.items] == [r["Id"] for r in doc["Dagsordenpunkter"]]
        assert all(i.title == " ".join(r["Navn"].split()) for i, r in zip(meeting.items, doc["Dagsordenpunkter"],
                                                                              strict=True))


def test_every_decision_with_text_is_found(corpus):
    missing = [(m.date, m.body, i.number) for doc, m in corpus
               for i, r in zip(m.items, doc["Dagsordenpunkter"], strict=True) if decision_text(r) and not i.decision]
    assert missing == []
    invented = [(m.date, m.body, i.number) for doc, m in corpus
                for i, r in zip(m.items, doc["Dagsordenpunkter"], strict=True) if i.decision and not decision_text(r)]
    assert invented == []


def test_closed_items_and_the_two_meetings_of_one_day(corpus):
    items = [i for _, m in corpus for i in m.items]
    assert sum(i.closed for i in items) == 385
    assert all(not i.sections for i in items if i.closed)
    byraad_days = [(m.date, m.time) for _, m in corpus if m.body == "Greve Byråd" and m.date == "2025-09-08"]
    assert sorted(byraad_days) == [("2025-09-08", "17:15"), ("2025-09-08", "17:30")]


def test_votes_and_absences_are_facts(corpus):
    items = [i for _, m in corpus for i in m.items]
    assert sum(bool(i.votes) for i in items) > 300
    assert sum(bool(i.absent) for i in items) > 1500
    for i in items:  # a tally never stays as the decision's last line
        last = i.decision.rsplit("\n", 1)[-1]
        assert not re.match(r"(?i)(?:afbud|fraværende|ikke til stede)\s*:", last), (i.title, last)
