"""One case across meetings (bot/search/cases.py): its stages, the path shown, and the latest
stage answering a question that names no meeting, on the real Greve fixture meetings."""
from __future__ import annotations

from dataclasses import replace

from bot.answer_text import answer_dict, format_answer
from bot.discord.replies import decision_reply
from bot.knowledge.store import KnowledgeBase
from bot.model import Item, Meeting
from bot.search import Searcher
from bot.search.build import case_ids
from bot.search.cases import case_path, latest_stages, path_text, stages_of
from tests.case_fixtures import committee_year, journal_number


def _doc(searcher, date: str, number: str) -> int:
    return next(d for d, (m, item) in enumerate(searcher.index.docs) if m.date == date and item.number == number)


def test_a_number_every_item_of_a_meeting_shares_is_no_case(fixture_searcher):
    index = fixture_searcher.index
    kkr = [d for d, (m, _) in enumerate(index.docs) if m.body == "KKR Hovedstaden"]
    assert all(index.docs[d][1].case_number in (None, "SAG-2022-03934") for d in kkr)
    assert (index.doc_case[kkr] == -1).all()
    # Formal items have no case either ("Godkendelse af dagsorden" under one number for years).
    assert index.doc_case[_doc(fixture_searcher, "2023-03-06", "1")] == -1


def test_a_standing_item_is_no_case(fixture_searcher):
    docs = list(fixture_searcher.index.docs)
    signatures = [(m, item) for m, item in docs if item.title == "Underskriftsark"]
    assert len(signatures) == 2 and len({item.case_number for _, item in signatures}) == 1
    ids = case_ids(docs)
    two = [ids[d] for d, (_, item) in enumerate(docs) if item.title == "Underskriftsark"]
    assert two[0] == two[1] >= 0  # on two meetings: a case (too few to call it standing)
    five = [signatures[0]] + [(replace(m, date=f"202{k}-01-09", items=[]), i) for k, (m, i) in enumerate(signatures * 2)]
    assert (case_ids(five) == -1).all()  # on five meetings of one body: its standing item


def test_a_case_back_at_one_committee_is_one_case_as_on_sag():
    # Search and /sag agree on which numbers are cases: five meetings of one committee are no
    # standing item when the committee met ten times meanwhile.
    meetings = committee_year()
    docs = [(m, item) for m in reversed(meetings) for item in m.items]
    ids = case_ids(docs)
    energy = {int(ids[d]) for d, (_, item) in enumerate(docs) if item.case_number == "22-011409"}
    assert len(energy) == 1 and energy.pop() >= 0
    assert (ids[[d for d, (_, item) in enumerate(docs) if item.title == "Underskriftsark"]] == -1).all()
    answer = Searcher(KnowledgeBase(list(reversed(meetings)))).ask("energibesparelser")
    # The path is the decision's: the meetings under its title ('Opfølgning på energibesparelser'
    # under the same number is another decision).
    assert answer.hits[0].meeting.date == "2023-09-01" and len(answer.hits[0].path) == 3


def test_the_path_adds_earlier_decisions_the_base_lacks(fixture_searcher):
    index = fixture_searcher.index
    doc = _doc(fixture_searcher, "2023-03-06", "19")  # Input til anlægslov for modernisering af …
    path = case_path(index, doc)
    assert [s.doc for s in path][-1] == doc and all(s.doc is None for s in path[:-1])
    assert path_text(path) == ("Plan- og Tryghedsudvalget 10.01.2023 → Klima-, Teknik- og Miljøudvalget 16.01.2023"
                               " → Plan- og Tryghedsudvalget 07.02.2023 → Klima-, Teknik- og Miljøudvalget "
                               "09.02.2023 → Økonomiudvalget 27.02.2023 → Greve Byråd 06.03.2023")
    assert case_path(index, _doc(fixture_searcher, "2022-11-25", "3.4")) == []  # no case


def test_the_latest_close_stage_answers(fixture_searcher):
    index = fixture_searcher.index
    old, new = _doc(fixture_searcher, "2022-01-10", "9"), _doc(fixture_searcher, "2023-01-09", "9")
    assert stages_of(index, old) == [old, new]
    scores = {old: 0.8, new: 0.75}
    assert latest_stages(index, [old], lambda d: scores.get(d, -1.0)) == [new]
    scores[new] = 0.6  # a later stage that scores clearly less is another decision
    assert latest_stages(index, [old, new], lambda d: scores.get(d, -1.0)) == [old]
    assert latest_stages(index, [old], lambda d: {old: 0.8}.get(d, -1.0)) == [old]  # outside the mask


def test_a_question_naming_no_meeting_gets_the_latest_stage(fixture_searcher):
    answer = fixture_searcher.ask("underskriftsark")
    assert [(h.meeting.date, h.item.number) for h in answer.hits][:1] == [("2023-01-09", "9")]
    assert path_text(answer.hits[0].path) == ("Beskæftigelses- og Erhvervsudvalget 10.01.2022 → "
                                              "Beskæftigelses- og Erhvervsudvalget 09.01.2023")
    # Named: that meeting's.
    answer = fixture_searcher.ask("underskriftsark i januar 2022")
    assert [(h.meeting.date, h.item.number) for h in answer.hits][:1] == [("2022-01-10", "9")]


def test_the_answer_shows_the_path_and_the_municipality(fixture_searcher):
    answer = fixture_searcher.ask("underskriftsark")
    text = format_answer(answer)
    assert text.splitlines()[0] == "Beskæftigelses- og Erhvervsudvalget, Greve Kommune, møde 9. januar 2023"
    assert ("Sagens forløb: Beskæftigelses- og Erhvervsudvalget 10.01.2022 → "
            "Beskæftigelses- og Erhvervsudvalget 09.01.2023") in text
    assert answer_dict(answer)["answers"][0]["path"] == [
        {"body": "Beskæftigelses- og Erhvervsudvalget", "date": "2022-01-10", "item": "9"},
        {"body": "Beskæftigelses- og Erhvervsudvalget", "date": "2023-01-09", "item": "9"}]


def test_the_discord_embed_shows_the_path_and_the_nearest(fixture_searcher):
    hit = fixture_searcher.ask("underskriftsark").hits[0]
    fields = {f.name: f.value for f in decision_reply(hit).embed.fields}
    assert fields["Sagens forløb"].startswith("Beskæftigelses- og Erhvervsudvalget 10.01.2022 →")
    assert fields["Møde"] == "Beskæftigelses- og Erhvervsudvalget, Greve Kommune · 9. januar 2023"
    hit.tier, hit.missing = "nærmeste", ["2027"]
    fields = {f.name: f.value for f in decision_reply(hit).embed.fields}
    assert fields["Nærmeste svar"].startswith("Jeg er ikke sikker på, at det er det, du spørger om.")
    assert "intet om »2027«" in fields["Nærmeste svar"]


def _budget_and_accounts() -> tuple[Searcher, dict[tuple[str, str], int]]:
    """Beredskab 4K's budget and accounts under one number at Økonomiudvalget, then at the Byråd,
    as Greve files them (18 and 25 June 2025)."""
    def meeting(body: str, date: str, first: int) -> Meeting:
        return Meeting(body, date, items=[
            Item(str(first), "Beredskab 4K - godkendelse af budget 2026-29", 1, "Godkendt.", case_number="25-004411"),
            Item(str(first + 1), "Beredskab 4K - godkendelse af regnskab 2024", 1, "Godkendt.",
                 case_number="25-004411"),
            Item(str(first + 2), "Anlægsregnskab for Hundige Strandvej", 1, "Godkendt.", case_number="22-004711")])
    searcher = Searcher(KnowledgeBase([meeting("Greve Byråd", "2025-06-25", 20),
                                       meeting("Økonomiudvalget", "2025-06-18", 12)]))
    docs = {(m.body, item.number): d for d, (m, item) in enumerate(searcher.index.docs)}
    return searcher, docs


def test_items_of_one_case_at_one_meeting_are_separate_decisions():
    searcher, docs = _budget_and_accounts()
    index = searcher.index
    accounts, budget = docs["Greve Byråd", "21"], docs["Greve Byråd", "20"]
    scores = {docs["Økonomiudvalget", "13"]: 0.9, docs["Økonomiudvalget", "12"]: 0.5, budget: 0.85, accounts: 0.88}
    # The accounts at Økonomiudvalget answer with the accounts at the Byråd, not the budget beside them.
    assert latest_stages(index, [docs["Økonomiudvalget", "13"]], scores.__getitem__) == [accounts]
    scores[budget] = 0.89
    # ... even when the budget scores higher: it is another decision (its path is its own).
    assert latest_stages(index, [docs["Økonomiudvalget", "13"]], scores.__getitem__) == [accounts]
    # At the meeting answered, the other item of the case stays: it is another decision.
    assert latest_stages(index, [accounts, budget, docs["Økonomiudvalget", "12"]], scores.__getitem__) == [
        accounts, budget]
    path = case_path(index, accounts)
    assert path_text(path) == "Økonomiudvalget 18.06.2025 → Greve Byråd 25.06.2025" and path[-1].doc == accounts


def test_a_long_path_keeps_its_first_and_latest_stages_within_discords_field():
    # A case three years on the agendas, as Greve's 'Renovering af Tune Skole' (22-012933, 26 meetings).
    bodies = ["Skole-, Børne- og Ungeudvalget", "Klima-, Teknik- og Miljøudvalget", "Økonomiudvalget", "Greve Byråd"]
    meetings = [Meeting(bodies[n % 4], f"{2022 + n // 12}-{n % 12 + 1:02d}-15", items=[
        Item("1", "Godkendelse af dagsorden", 1, "Godkendt."),
        Item("2", "Renovering af Tune Skole", 1, "Godkendt.", case_number="22-012933"),
        Item("3", f"Anlægsregnskab {n}", 1, "Godkendt.", case_number=f"23-00{n:04d}")]) for n in range(30)]
    searcher = Searcher(KnowledgeBase(list(reversed(meetings))))
    hit = searcher.ask("renovering af Tune Skole").hits[0]
    assert len(hit.path) == 30 and len(path_text(hit.path)) > 1024
    short = path_text(hit.path, 1024)
    assert len(short) <= 1024
    assert short.startswith("Skole-, Børne- og Ungeudvalget 15.01.2022 → … (")
    assert short.endswith("Skole-, Børne- og Ungeudvalget 15.05.2024 → Klima-, Teknik- og Miljøudvalget 15.06.2024")
    assert "møder udeladt) →" in short
    field = next(f.value for f in decision_reply(hit).embed.fields if f.name == "Sagens forløb")
    assert field == short


def _journal_number() -> tuple[Searcher, dict[tuple[str, str], int]]:
    searcher = Searcher(KnowledgeBase(journal_number()))
    return searcher, {(m.date, item.number): d for d, (m, item) in enumerate(searcher.index.docs)}


def test_a_journal_number_with_two_decisions_gives_each_its_own_path():
    searcher, docs = _journal_number()
    index = searcher.index
    assert len({int(index.doc_case[d]) for d in docs.values()}) == 2  # two case numbers
    spring, autumn = docs["2022-05-23", "27"], docs["2022-09-05", "30"]
    assert path_text(case_path(index, spring)) == (
        "Skole-, Børne- og Ungeudvalget 26.04.2022 → Økonomiudvalget 09.05.2022 → Greve Byråd 23.05.2022")
    assert path_text(case_path(index, autumn)) == (
        "Skole-, Børne- og Ungeudvalget 16.08.2022 → Økonomiudvalget 29.08.2022 → Greve Byråd 05.09.2022")
    # Økonomiudvalget's recommendation in May answers with the Byråd's decision on it, not with the
    # later decision under the same number; that one stays a separate answer.
    alike = {d: 0.9 for d in docs.values()}.__getitem__
    assert latest_stages(index, [docs["2022-05-09", "19"], docs["2022-08-29", "28"]], alike) == [spring, autumn]


def test_a_stage_whose_title_changed_is_joined_by_the_history_it_prints():
    searcher, docs = _journal_number()
    council, committee = docs["2023-05-15", "45"], docs["2023-05-08", "41"]
    assert stages_of(searcher.index, committee) == [committee, council]
    assert latest_stages(searcher.index, [committee], {committee: 0.9, council: 0.85}.__getitem__) == [council]
