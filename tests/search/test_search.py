"""Searcher.ask on the real referat: what members type, and what they must get back."""
from __future__ import annotations

import copy

import numpy as np
import pytest

from bot.knowledge.store import KnowledgeBase
from bot.model import Appointment
from bot.search import MAX_QUESTION_CHARS, Answer, Hit, Searcher
from bot.search.rank import ANSWER_THRESHOLD, SUGGESTION_MIN, neighbour_share, score_query
from tests.conftest import KL_URL


def top(searcher: Searcher, question: str, **kw) -> str | None:
    answer = searcher.ask(question, **kw)
    return answer.hits[0].item.number if answer.hits else None


def test_interface_and_fields(searcher):
    answer = searcher.ask("Hvad blev besluttet om DK2020-klimapartnerskabet?")
    assert isinstance(answer, Answer) and answer.hits and not answer.suggestions
    hit = answer.hits[0]
    assert isinstance(hit, Hit)
    assert hit.item.number == "3.4"
    assert 0 < hit.score <= 1
    assert hit.matched == ["dk2020", "klimapartnerskabet"]
    # The link points at the page where the decision stands, not where the item starts.
    assert hit.item.page == 14 and hit.page == 17
    assert hit.url == KL_URL  # KL's listing page has no page to open; a PDF's link does (test_answer_text)
    assert all(0 < h.score <= 1 for h in answer.hits)
    assert [h.score for h in answer.hits] == sorted((h.score for h in answer.hits), reverse=True)
    assert answer.words == ["dk2020", "klimapartnerskabet"]


@pytest.mark.parametrize("question, item", [
    # inflections, missing æøå, compounds
    ("Blev dagsordenen godkendt?", "1.1"),
    ("referatet fra mødet den 9. september", "1.2"),
    ("Kobenhavns Professionshojskole", "2.1"),
    ("klimapartnerskab", "3.4"),
    ("resultat kontrakten", "3.1"),
    ("uddannelses strategien", "3.7"),
    # typos
    ("klimaparnterskab", "3.4"),
    ("erhvervsfremmestratgi", "3.2"),
    ("Trebien", "4.1"),
    # names, numbers, codes, item numbers
    ("Kasper Damsgaard", "4.1"),
    ("Søren Friis Trebbien", "4.1"),
    ("fossilfri energisektor 2035", "3.4"),
    ("SOSU", "3.8"),
    ("DK2020 efter 2023", "3.4"),
    ("punkt 3.9", "3.9"),
    # an acronym the referat defines, asked both ways
    ("SSU", "2.1"),
    ("Hvem er næstformand i sundhedssamarbejdsudvalget?", "2.1"),
    # chat and time framing is not searched for
    ("hvad tid starter næste møde", "6.1"),
    ("kan du give mig et overblik over lærepladserne", "3.8"),
    ("hvor kan jeg finde referatet fra sidste møde", "1.2"),
    ("vis mig beslutningen om dk2020", "3.4"),
    ("jeg vil gerne se hvad der blev sagt om støj", "3.6"),
])
def test_members_questions_find_the_item(searcher, question, item):
    assert top(searcher, question) == item


def test_item_without_decision_is_found_by_its_text(searcher):
    answer = searcher.ask("Hvad orienterede Movia om?")
    hit = answer.hits[0]
    assert hit.item.number == "2.1" and not hit.item.decision
    # The paragraph that answers is quoted, with its own page (after the `SIDE | 7` header;
    # the item and its Baggrund start on page 6, where the answer's link still points).
    assert hit.passage is not None and "Movia" in hit.passage.text and hit.passage.page == 7
    assert hit.page == 6 and hit.url == KL_URL


def test_typos_say_what_they_matched(searcher):
    hit = searcher.ask("klimaparnterskab").hits[0]
    assert hit.matched == ["klimaparnterskab"]
    assert "klimapartnerskab" in hit.via["klimaparnterskab"]


def test_thesaurus_bridges_everyday_words(searcher):
    # "valgt"/"sidder i" are thesaurus words for the minutes' "udpeget"/"indstillede".
    hit = searcher.ask("hvem sidder i opgaveudvalget for bus og tog").hits[0]
    assert hit.item.number == "4.1"
    assert "sidder i" in hit.matched


def test_starting_in_everyday_words_finds_the_minutes_igangsaettelse(searcher):
    # "gå i gang" is the minutes' "igangsættelse af en mobilitetsanalyse" (3.6); "gå" and "gang"
    # alone are words no item has, which kept every item from covering the question.
    query = searcher.parse("Hvornår kan den fælles trafikanalyse gå i gang?")
    assert [t.text for t in query.terms] == ["fælles", "trafikanalyse", "gå i gang"]
    assert ("igangsat",) in [e.keys for e in query.terms[-1].expansions]
    hits = searcher.ask("Hvornår kan den fælles trafikanalyse gå i gang?", threshold=0).hits
    assert "gå i gang" in next(h for h in hits if h.item.number == "3.6").matched


def test_who_steers_is_the_steering_group(searcher):
    # 3.3: "Embedsmandsudvalget for Klima og Infrastruktur er programstyregruppe" for the seven projects.
    hits = searcher.ask("Hvem står for styringen af de syv fælles klimaprojekter?", threshold=0).hits
    assert hits[0].item.number == "3.3" and hits[0].via["styringen"] == "programstyregruppe"


def test_the_regional_labour_market_council_is_rar(searcher):
    # 2.1: "aktiviteterne i RAR var lukket ned"; the minutes never spell RAR out.
    hit = searcher.ask("Hvad skete der i arbejdsmarkedsrådet?", threshold=0).hits[0]
    assert hit.item.number == "2.1" and hit.via["arbejdsmarkedsrådet"].casefold() == "rar"


@pytest.mark.parametrize("question", [
    "Hvem blev udpeget til opgaveudvalget Rejsen med bus, tog og cykler?",
    "Hvad er Kasper Damsgaard udpeget til?",
    "Hvem blev valgt fra Hvidovre Kommune?",
])
def test_appointment_questions_rank_the_appointing_item_first(searcher, question):
    assert top(searcher, question) == "4.1"


def test_appointments_field_is_searched_and_marks_the_item(kb):
    base = copy.deepcopy(kb)
    item = next(i for _, i in base.items() if i.number == "3.7")
    item.appointments = [Appointment(person="Testa Testesen", party="B", municipality="Gribskov Kommune",
                                     body="Uddannelsesudvalget", role="formand", verb="udpegede")]
    searcher = Searcher(base)
    assert top(searcher, "Hvad er Testa Testesen udpeget til?") == "3.7"
    assert bool(
        searcher.index.appointing[searcher.index.docs.index(next(d for d in searcher.index.docs if d[1] is item))]
    )


@pytest.mark.parametrize("question", [
    "Hvem stemte imod?",
    "Var der nogen der stemte imod forslaget om motorveje?",
    "Hvilke partier var uenige om infrastrukturen?",
    "tog nogen forbehold",
    "hvad fik enhedslisten fort til protokol",
])
def test_dissent_questions_rank_the_item_with_dissent_first(searcher, question):
    # 3.6 is the only item whose decision records dissent (Enhedslisten's note).
    hit = searcher.ask(question).hits[0]
    assert hit.item.number == "3.6" and hit.item.dissent


def test_a_dissent_question_is_driven_by_its_topic(searcher):
    # The resultatkontrakt item records no dissent, but it is what the question is about.
    assert top(searcher, "Var der nogen der stemte imod resultatkontrakten?") == "3.1"
    # An off-topic item with dissent is no answer by its dissent alone.
    # Nor is an item that mentions the topic only in passing in its body text (3.7 and
    # 3.8 name schools; no decision is about them).
    for question in ("Hvem stemte imod skolereformen?", "Hvem tog forbehold for letbanen?",
                     "Var der uenighed om daginstitutioner?", "hvem stemte for forslaget om skoler"):
        assert searcher.ask(question).hits == [], question


def test_dissent_questions_on_a_base_without_dissent_find_nothing(kb):
    base = copy.deepcopy(kb)
    for _, item in base.items():
        item.dissent = []
    assert Searcher(base).ask("Hvem stemte imod?").hits == []


@pytest.mark.parametrize("question", [
    "Hvem stemte imod?", "Hvilke partier var uenige?", "Hvad er Kasper Damsgaard udpeget til?",
    "kollektive transportmuligheder", "Søren Friis Trebbien", "Region Hovedstaden",
])
def test_the_score_never_exceeds_the_coverage(searcher, question):
    scores = score_query(searcher.index, searcher.parse(question))
    assert (scores.score <= scores.coverage + 1e-6).all()


@pytest.mark.parametrize("question, item, scattered", [
    # "gode kollektive transportmuligheder" in 3.6; 4.1 has "kollektive trafik" and
    # "transportmuligheder i både land- og byområder" apart.
    ("kollektive transportmuligheder", "3.6", "4.1"),
    # "de lokale uddannelsesudvalg" in 3.8; 3.7 has both words apart.
    ("lokale uddannelsesudvalg", "3.8", "3.7"),
    ("strategisk oplæg", "6.1", "3.6"),
])
def test_words_next_to_each_other_beat_the_same_words_apart(searcher, question, item, scattered):
    hits = [h.item.number for h in searcher.ask(question, threshold=0).hits]
    assert hits[0] == item and scattered in hits


def test_a_pair_across_a_small_word_counts_only_where_an_item_has_it_as_a_name(searcher):
    index = searcher.index
    docs = np.array([d for d, (_, item) in enumerate(index.docs) if item.number in ("3.4", "3.5")])
    number = [index.docs[d][1].number for d in docs]
    # 3.4 names ”Energi på Tværs”: that pair counts, and only 3.4 has it.
    share = dict(zip(number, neighbour_share(index, searcher.parse("energi på tværs").pairs, docs), strict=True))
    assert share == {"3.4": 1.0, "3.5": 0.0}
    # 3.5's "Klimaaftale om grøn strøm og varme" is no name: "grøn strøm" alone counts.
    pairs = searcher.parse("grøn strøm og varme").pairs
    assert pairs == [("gron", "strom"), ("strom", "varm", "og")]
    share = dict(zip(number, neighbour_share(index, pairs, docs), strict=True))
    assert share == {"3.4": 0.0, "3.5": 1.0}


@pytest.fixture(scope="module")
def scattered_names(kb):
    """The real meeting, and a later one whose 4.1 names the same words in another order
    ("Søren Damsgaard Friis", "Kasper Trebbien"): every word as often, in items of the
    same length, so the two tie but for the names no longer being side by side."""
    real = kb.meetings[0]
    later = copy.deepcopy(real)
    later.date = "2023-02-08"
    item = next(i for i in later.items if i.number == "4.1")
    swap = {"Søren Friis Trebbien": "Søren Damsgaard Friis", "Kasper Damsgaard": "Kasper Trebbien"}
    for old, new in swap.items():
        item.decision = item.decision.replace(old, new)
        for appointment in item.appointments:
            appointment.person = appointment.person.replace(old, new)
    assert "Kasper Trebbien" in item.decision and set(swap.values()) <= {a.person for a in item.appointments}
    return KnowledgeBase([copy.deepcopy(real), later])


@pytest.mark.parametrize("question", ["Kasper Damsgaard", "Søren Friis Trebbien", "Kasper Damsgård udpeget"])
def test_a_name_prefers_the_item_where_it_is_written_whole(scattered_names, question):
    hits = Searcher(scattered_names).ask(question, threshold=0).hits
    # The newer meeting would win the tie; the name written whole wins instead.
    assert (hits[0].meeting.date, hits[0].item.number) == ("2022-11-25", "4.1")
    assert (hits[1].meeting.date, hits[1].item.number) == ("2023-02-08", "4.1")


def test_a_word_known_only_inside_compounds_is_found(searcher):
    # "assistent" stands alone nowhere: assistentelever, SOSU-assistentuddannelsen.
    assert top(searcher, "sosu assistent") == "3.8"
    # The compounds are how the minutes say it: an answer, not a near miss.
    assert top(searcher, "hvor mange assistenter") == "3.8"


@pytest.mark.parametrize("question, item", [
    ("hvor mange mia skal erhvervsstøtten saneres med", "3.2"),  # the minutes: "sanering"
    ("hvornår skal fjernvarmen være udbygget", "3.5"),            # the minutes: "udbygning"
])
def test_a_verb_finds_the_noun_the_minutes_use(searcher, question, item):
    hit = searcher.ask(question).hits[0]
    assert hit.item.number == item and any(w in hit.via for w in ("saneres", "udbygget"))


def test_a_past_tense_is_not_read_as_a_noun(searcher):
    # Snowball made "vandt" (won) the noun "vand" (water), found in 3.5.
    answer = searcher.ask("Hvem vandt valget?", threshold=0)
    assert all("vandt" not in h.matched for h in answer.hits)


@pytest.mark.parametrize("question", [
    "Hvad blev besluttet om karakterer i folkeskolen?",
    "Hvornår åbner den nye skøjtehal?",
    "Hvornår åbner den nye metro til Hvidovre?",
    "Har KKR Hovedstaden besluttet noget om hjemløse?",
])
def test_honest_not_found_with_suggestions(searcher, question):
    answer = searcher.ask(question)
    assert answer.hits == []
    assert all(h.score < ANSWER_THRESHOLD for h in answer.suggestions)


def test_not_found_suggests_the_closest_items(searcher):
    answer = searcher.ask("klimapartnerskaber og skøjtehaller og vinterbadning")
    assert answer.hits == [] and answer.suggestions
    assert answer.suggestions[0].item.number == "3.4"


@pytest.mark.parametrize("question", [
    "Hvornår åbner den nye skøjtehal?",       # shares only "nye" (in a third of the items)
    "hvornår kommer letbanen",                # only "kommer"
    "besluttede de noget om skolereformen",   # only a chance split: skole + form
    "plastik affald",                         # only far-fetched typos: praktik, aftalen
])
def test_no_suggestion_without_a_telling_word_in_common(searcher, question):
    answer = searcher.ask(question)
    assert answer.hits == [] and answer.suggestions == []


def test_suggestions_share_a_telling_word(searcher):
    answer = searcher.ask("Skal der bygges en ny motorvej til Hillerød?")
    assert answer.hits == []
    assert answer.suggestions[0].item.number == "3.6" and "motorvej" in answer.suggestions[0].matched
    assert all(h.score >= SUGGESTION_MIN for h in answer.suggestions)


def test_empty_huge_and_junk_questions_never_crash(searcher):
    assert searcher.ask("").hits == [] and searcher.ask("").words == []
    assert searcher.ask("   ?!  ").hits == []
    assert searcher.ask("hvad blev der besluttet?").words == []
    huge = "klimapartnerskab " * (MAX_QUESTION_CHARS // 4)
    assert searcher.ask(huge).hits[0].item.number == "3.4"
    assert searcher.ask("💥 \x00 ¤¤¤ ---").hits == []


def test_limit(searcher):
    assert len(searcher.ask("KKR Hovedstaden klima", limit=1, threshold=0).hits) == 1
    assert len(searcher.ask("KKR Hovedstaden klima", limit=3, threshold=0).hits) == 3


def test_ties_go_to_the_newer_meeting_and_filters_apply(two_meetings):
    searcher = Searcher(two_meetings)
    hits = searcher.ask("DK2020-klimapartnerskabet", limit=3).hits
    assert [h.meeting.date for h in hits] == ["2023-06-01", "2023-02-08", "2022-11-25"]
    assert len({h.score for h in hits}) == 1
    hit = searcher.ask("DK2020-klimapartnerskabet", meeting="2022-11-25").hits[0]
    assert hit.meeting.date == "2022-11-25"
    hits = searcher.ask("DK2020-klimapartnerskabet", body="kkr hovedstaden").hits
    assert {h.meeting.body for h in hits} == {"KKR Hovedstaden"} and hits[0].meeting.date == "2023-02-08"
    assert searcher.ask("DK2020-klimapartnerskabet", meeting="1999-01-01").hits == []


def test_scores_do_not_depend_on_the_size_of_the_knowledge_base(kb, two_meetings):
    small = Searcher(kb).ask("klimaparnterskab").hits[0].score
    large = Searcher(two_meetings).ask("klimaparnterskab").hits[0].score
    assert small == pytest.approx(large, abs=0.02)


def test_empty_knowledge_base():
    answer = Searcher(KnowledgeBase([])).ask("DK2020")
    assert answer.hits == [] and answer.suggestions == []


@pytest.mark.parametrize("question", ["dk 2020", "DK-2020", "Hvad blev besluttet om DK 2020?"])
def test_a_code_written_apart_is_found_joined(searcher, question):
    assert searcher.ask(question).hits[0].item.number == "3.4"


def test_two_numbers_are_never_joined(searcher):
    assert [t.text for t in searcher.parse("lærepladser 2023 9 000").terms] == ["lærepladser", "2023", "9", "000"]


def test_an_item_number_with_a_decimal_comma(searcher):
    assert searcher.ask("punkt 3,4").hits[0].item.number == "3.4"
    assert searcher.ask("3,5 mia. kr. erhvervsstøtte").hits[0].item.number == "3.2"  # the amount stays an amount


# --- questions never crash the search (issue 10) ----------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyzæøå"


@pytest.mark.parametrize("question", [
    "Hvad sagde K L om klima?",
    "e u",
    "D\u200bK\u200b2\u200b0\u200b2\u200b0",
    "K L",
    "s o s u",
])
def test_single_letters_the_minutes_write_joined_are_answered(searcher, question):
    answer = searcher.ask(question)
    assert isinstance(answer, Answer)


def test_no_pair_of_single_letters_crashes(searcher):
    joined = [f"{a} {b}" for a in LETTERS for b in LETTERS if a + b in searcher.index.vocab]
    assert len(joined) >= 10  # "k l", "e u", "d k", …: each was a crash
    for question in [f"{a} {b}" for a in LETTERS for b in LETTERS]:
        searcher.ask(question)
        searcher.ask(f"Hvad sagde {question.upper()} om klima?")


def test_zero_width_spaces_do_not_split_a_word(searcher):
    assert top(searcher, "D\u200bK\u200b2\u200b0\u200b2\u200b0") == "3.4"
    assert top(searcher, "klima\u200bpartnerskab") == "3.4"


@pytest.mark.parametrize("question", [
    "@kkrbot <@1300000000000000002> hvad blev besluttet om DK2020?",
    "@everyone DK2020",
    "<@123> DK2020",
    "<@&42> <#77> DK2020 <:klima:123456> <a:fest:654321>",
    "\x1b[1;31mDK2020\x1b[0m",
])
def test_mentions_and_markup_are_not_words(searcher, question):
    answer = searcher.ask(question)
    assert answer.hits and answer.hits[0].item.number == "3.4"
    assert answer.words == ["dk2020"]
    assert answer.question == question  # echoed as asked; callers show it escaped


def test_a_question_of_markup_only_has_no_words(searcher):
    answer = searcher.ask("<@123> @everyone <:x:1>")
    assert answer.words == [] and answer.hits == [] and answer.suggestions == []


# --- the next meeting ------------------------------------------------------------------

@pytest.mark.parametrize("question", [
    "Hvornår er næste møde?",
    "hvornår er det næste kkr møde",
    "Hvad skal der ske på næste møde?",
    "naeste mode dato",
    "Hvornår mødes KKR Hovedstaden igen?",
    "Hvornår er næste møde i KKR Hovedstaden?",
])
def test_a_question_about_the_next_meeting_gets_its_date_time_and_topics(searcher, question):
    announced = searcher.ask(question).next_meeting
    assert announced is not None and announced.meeting.date == "2022-11-25"
    nxt = announced.next
    assert (nxt.date, nxt.time) == ("2023-02-08", "fra kl. 10 til kl. 12")
    assert nxt.topics[-1] == "DK2020-samarbejdet fremadrettet" and len(nxt.topics) == 5
    assert nxt.page == 31 and announced.url == KL_URL  # KL's listing page: no page to open


@pytest.mark.parametrize("question", [
    "Hvad blev besluttet om DK2020?", "Hvad skete der på seneste møde?", "næste år", "mødet den 25. november 2022",
])
def test_other_questions_do_not_ask_about_the_next_meeting(searcher, question):
    assert searcher.ask(question).next_meeting is None


def test_the_next_meeting_is_the_newest_referats(kb):
    older = copy.deepcopy(kb.meetings[0])
    newest = copy.deepcopy(kb.meetings[0])
    newest.date = "2023-02-08"
    newest.items = [i for i in newest.items if i.number != "6.1"]  # announces no next meeting
    searcher = Searcher(KnowledgeBase([older, newest]))
    announced = searcher.ask("Hvornår er næste møde?").next_meeting
    assert announced.meeting.date == "2023-02-08" and announced.next is None  # not the older referat's
    other = copy.deepcopy(kb.meetings[0])
    other.body = "KKR Sjælland"
    other.date = "2023-03-01"
    searcher = Searcher(KnowledgeBase([older, other]))
    announced = searcher.ask("Hvornår er næste møde i KKR Hovedstaden?").next_meeting
    assert announced.meeting.body == "KKR Hovedstaden" and announced.next.date == "2023-02-08"
    assert searcher.ask("Hvornår er næste møde?", body="KKR Hovedstaden").next_meeting.meeting is older
