"""The next meeting announced under *Punkter til næste møde*."""
from __future__ import annotations

from bot.facts.next_meeting import find_next_meeting, parse_next_meeting, parse_topics
from bot.model import Item, Meeting, Section


def test_real_referat(meeting):
    nxt = find_next_meeting(meeting)
    assert nxt.date == "2023-02-08"
    assert nxt.time == "fra kl. 10 til kl. 12"
    assert nxt.sentence == (
        "Næste møde i KKR Hovedstaden planlægges afholdt den 8. februar 2023 fra kl. 10 til kl. 12."
    )
    assert nxt.topics == [
        "Strategisk oplæg til fælleskommunale prioriteringer på sundhedsområdet",
        "Input til kommende erhvervsfremmestrategi 2024-2027",
        "Input til evaluering af erhvervsfremmereformen",
        "Fælles prioriterede infrastrukturprojekter",
        "DK2020-samarbejdet fremadrettet",
    ]
    assert (nxt.number, nxt.page) == ("6.1", 31)


def _item(text: str, title: str = "Næste møde") -> Item:
    return Item(number="9", title=title, page=4, sections=[Section("Indstilling", text, 4)])


def test_other_wording_without_year_and_bullets():
    item = _item(
        "Mødet den 12. januar blev aflyst.\n\n"
        "Næste møde afholdes onsdag den 14. marts kl. 9.00-11.00 på rådhuset.\n\n"
        "Forventede emner:\n• Budget 2024\n• Trafikplan;\n\nØvrige bemærkninger."
    )
    nxt = parse_next_meeting(item, "2023-02-08")
    assert (nxt.date, nxt.time) == ("2023-03-14", "kl. 9.00-11.00")
    assert nxt.topics == ["Budget 2024", "Trafikplan"]


def test_a_past_date_is_not_the_next_meeting():
    assert parse_next_meeting(_item("Næste møde var den 1. januar 2020."), "2022-11-25") is None


def test_found_in_another_item_when_there_is_no_such_item():
    meeting = Meeting(body="X", date="2023-01-10", items=[
        _item("Ingen bemærkninger.", "Eventuelt"),
        _item("Næste møde holdes den 7. februar 2023.", "Meddelelser"),
    ])
    assert find_next_meeting(meeting).date == "2023-02-07"
    assert parse_topics("Ingen liste her.") == []


def test_the_page_is_where_the_announcing_sentence_stands():
    opening = "Udvalget drøftede planlægningen af foråret."
    text = f"{opening}\n\nNæste møde holdes den 8. februar 2023 kl. 10."
    # The Indstilling starts on page 4; a page break falls before the announcement.
    item = Item(number="9", title="Næste møde", page=4,
                sections=[Section("Baggrund", "Ingen bemærkninger.", 4),
                          Section("Indstilling", text, 4, page_breaks=[len(opening) + 2])])
    assert parse_next_meeting(item, "2022-11-25").page == 5
    # Announced in the decision: the decision's page.
    in_decision = Item(number="9", title="Næste møde", page=4, decision_page=6,
                       decision="Næste møde holdes den 8. februar 2023.",
                       sections=[Section("Indstilling", "Ingen bemærkninger.", 4)])
    assert parse_next_meeting(in_decision, "2022-11-25").page == 6
