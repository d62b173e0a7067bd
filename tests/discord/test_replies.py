"""The Discord formatter on the real referat: every limit, escaping, cutting."""
from __future__ import annotations

import copy
import dataclasses

import discord
import pytest

from bot.cases import CaseIndex, find_timeline
from bot.discord import replies as fmt
from bot.discord.help import HELP_EXAMPLES, CommandHelp, help_reply
from bot.knowledge.store import KnowledgeBase
from bot.model import Appointment, Meeting
from bot.search import Answer, Hit, Searcher
from bot.search.appointments import find_appointments
from bot.search.normalize import text_keys
from bot.search.passage import Passage, best_passage
from tests.conftest import PDF_URL


@pytest.fixture
def real(meeting: Meeting) -> Meeting:
    """A private copy of the real meeting that a test may change."""
    return copy.deepcopy(meeting)


def item(meeting: Meeting, number: str):
    return next(i for i in meeting.items if i.number == number)


def all_text(meeting: Meeting) -> str:
    """Every section of the real referat: long, real Danish prose."""
    return "\n\n".join(i.section_text() for i in meeting.items if i.section_text())


def size(embed: discord.Embed) -> int:
    return len(embed)  # discord.py counts title, description, fields, footer and author


def check_limits(reply: fmt.Reply) -> None:
    if reply.content is not None:
        assert len(reply.content) <= fmt.CONTENT
    embed = reply.embed
    if embed is not None:
        assert len(embed.title or "") <= fmt.TITLE
        assert len(embed.description or "") <= fmt.DESCRIPTION
        assert len(embed.fields) <= fmt.FIELDS
        for f in embed.fields:
            assert 0 < len(f.name or "") <= fmt.FIELD_NAME
            assert 0 < len(f.value or "") <= fmt.FIELD_VALUE
        assert len(embed.footer.text or "") <= fmt.FOOTER
        assert size(embed) <= fmt.TOTAL


# --- escaping ------------------------------------------------------------------------

@pytest.mark.parametrize("raw, forbidden", [
    ("Til @everyone i kommunerne", "@everyone"),
    ("Gælder @here", "@here"),
    ("Spørg <@123> eller <@!123>", "<@"),
    ("Rolle <@&4567> og kanal <#890>", "<#"),
    ("Kommando </beslutning:1234>", "</"),
    ("Emoji <:kkr:1234> <a:kkr:1234> tid <t:1700000000:F>", "<:"),
])
def test_mentions_are_defused(raw: str, forbidden: str) -> None:
    assert forbidden not in fmt.escape(raw)
    assert fmt.escape(raw).replace("\u200b", "").replace("\\", "") == raw.replace("\\", "")


def test_markdown_from_a_pdf_is_shown_literally() -> None:
    raw = "**fed** __understreg__ `kode` ~~streg~~ ||spoiler||\n# Overskrift\n> citat\n- punkt\n[klik](https://x.dk)"
    escaped = fmt.escape(raw)
    for token in ("\\*\\*fed\\*\\*", "\\_\\_understreg\\_\\_", "\\`kode\\`", "\\~\\~streg", "\\|\\|spoiler",
                  "\\# Overskrift", "\\> citat", "\\- punkt", "\\[klik](https://x.dk)"):
        assert token in escaped


def test_real_text_without_markdown_is_unchanged(real: Meeting) -> None:
    decision = item(real, "3.4").decision
    assert fmt.escape(decision) == decision


# --- cutting ----------------------------------------------------------------------------

def test_long_real_text_is_cut_at_a_sentence_with_the_page(real: Meeting) -> None:
    it = item(real, "3.6")
    it.decision = it.decision + "\n\n" + all_text(real)
    body = fmt.decision_body(it, fmt.DESCRIPTION)
    ending = f"… læs hele beslutningen i referatet (s. {it.decision_page})"
    assert len(body) <= fmt.DESCRIPTION and body.endswith(ending)
    head = body[: -len(ending)].rstrip()
    assert head.endswith((".", "!", "?", "»", ")", "”"))
    assert it.decision.startswith(head.replace("\\", ""))
    assert len(head) > fmt.DESCRIPTION - 600  # not cut needlessly short


def test_fit_keeps_text_that_fits_whole(real: Meeting) -> None:
    decision = item(real, "3.1").decision
    assert fmt.fit(decision, fmt.DESCRIPTION, "x") == fmt.escape(decision)


@pytest.mark.parametrize("text", [
    "ord " * 3000,                       # no sentence boundary: cut at a word
    "x" * 9000,                          # no boundary at all: hard cut
    "*_`|~" * 2000,                      # escaping doubles the length
    "Sætning. " * 1000,
    "@everyone " * 800,
])
@pytest.mark.parametrize("limit", [fmt.CONTENT, fmt.FIELD_VALUE, fmt.DESCRIPTION, 60])
def test_fit_never_exceeds_the_limit(text: str, limit: int) -> None:
    cut = fmt.fit(text, limit, "… læs hele beslutningen i referatet (s. 3)")
    assert len(cut) <= limit
    assert "@everyone" not in cut
    assert not cut.split("\n\n")[0].endswith("\\") or cut.split("\n\n")[0].endswith("\\\\")


def test_word_cut_does_not_split_a_word() -> None:
    cut = fmt.fit("klimapartnerskabet " * 40, 100)
    assert cut.endswith("klimapartnerskabet…") and len(cut) <= 100


# --- the decision embed -------------------------------------------------------------------

def test_decision_embed_fields(real: Meeting) -> None:
    hit = Hit(real, item(real, "3.4"), 0.9)
    reply = fmt.decision_reply(hit, [Hit(real, item(real, "3.3"), 0.5), Hit(real, item(real, "6.1"), 0.4)])
    embed = reply.embed
    assert embed.title == "3.4 DK2020-klimapartnerskabet efter 2023"
    assert embed.description == item(real, "3.4").decision
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Møde"] == "KKR Hovedstaden · 25. november 2022"
    # KL's listing page has no pages to open: linked as it is, the page said beside the link.
    assert fields["Kilde"] == f"[Referatet på kl.dk]({real.source_url}), s. 17"
    assert fields["Se også"].splitlines() == [
        f"• [3.3 KKR Hovedstadens VIP-klimaprojekter]({real.source_url})",
        f"• [6.1 Punkter til næste møde]({real.source_url})",
    ]
    assert not reply.ephemeral
    check_limits(reply)


def test_a_pdf_source_links_the_page(real: Meeting) -> None:
    real.source_url = PDF_URL
    reply = fmt.decision_reply(Hit(real, item(real, "3.4"), 0.9), [Hit(real, item(real, "3.3"), 0.5)])
    fields = {f.name: f.value for f in reply.embed.fields}
    assert fields["Kilde"] == f"[Referat, s. 17]({PDF_URL}#page=17)" and reply.embed.url == f"{PDF_URL}#page=17"
    assert fields["Se også"] == f"• [3.3 KKR Hovedstadens VIP-klimaprojekter]({PDF_URL}#page=14)"
    (field,) = fmt.appointments_reply("Hvidovre", find_appointments(KnowledgeBase([real]), "Hvidovre")).embed.fields
    assert field.value.splitlines()[-1] == f"[Referat, s. 29]({PDF_URL}#page=29)"


def test_item_without_decision_shows_what_was_reported(real: Meeting) -> None:
    reply = fmt.decision_reply(Hit(real, item(real, "2.1"), 0.8))
    assert reply.embed.description.startswith(f"*{fmt.NO_DECISION} Referatet skriver:*\n\n")
    assert "Kirsten Jensen orienterede om, at bestyrelsen i Movia" in reply.embed.description
    check_limits(reply)


def test_item_without_decision_shows_the_matching_passage_labelled(real: Meeting) -> None:
    paragraph = next(p for p in item(real, "2.1").sections[0].text.split("\n\n") if "Movia havde" in p)
    passage = best_passage(item(real, "2.1"), set(text_keys("orienterede Movia")))
    hit = Hit(real, item(real, "2.1"), 0.8, matched=["movia"], passage=passage)
    description = fmt.decision_reply(hit).embed.description
    # The Baggrund starts on page 6; this paragraph stands on page 7.
    assert description.startswith(f"*{fmt.NO_DECISION} Fra punktets tekst (Baggrund, s. 7):*\n\n")
    assert description.endswith(fmt.escape(paragraph))


def test_a_cut_excerpt_points_at_the_page_its_text_starts_on(real: Meeting) -> None:
    undecided = item(real, "3.7")  # starts on page 23; its text (after a page break) on page 24
    undecided.decision = ""
    body = fmt.decision_body(undecided, 600)
    assert undecided.page == 23 and body.endswith("læs mere i referatet (s. 24)")


def test_a_list_after_a_blank_line_is_escaped_not_a_bullet() -> None:
    escaped = fmt.escape("kommunalbestyrelserne.\n\n- KKR Hovedstaden har lavet en folder")
    assert escaped == "kommunalbestyrelserne.\n\n\\- KKR Hovedstaden har lavet en folder"


def test_the_decision_embed_says_which_words_matched(real: Meeting) -> None:
    hit = Hit(real, item(real, "3.4"), 0.9, matched=["klimaparnterskab", "2023"],
              via={"klimaparnterskab": "klimapartnerskabet"})
    embed = fmt.decision_reply(hit).embed
    assert embed.footer.text == "Fundet på: klimaparnterskab (≈ klimapartnerskabet), 2023"
    assert embed.description == item(real, "3.4").decision  # still the verbatim decision


def test_a_passage_that_shows_the_match_gets_its_own_field(real: Meeting) -> None:
    text = "Region Hovedstaden har ydermere afsat midler til den tværgående analyse i 2023."
    hit = Hit(real, item(real, "3.6"), 0.9, matched=["midler"], passage=Passage("Sagsfremstilling", text, 22))
    fields = {f.name: f.value for f in fmt.decision_reply(hit).embed.fields}
    assert fields["Fra punktets tekst (Sagsfremstilling, s. 22)"] == text


def test_every_limit_at_once(real: Meeting) -> None:
    """Huge title, decision and 'Se også' list: still within every limit."""
    big = item(real, "3.6")
    big.title = " ".join([big.title] * 10)
    big.decision = all_text(real)
    others = []
    for n in range(30):
        other = dataclasses.replace(item(real, "4.1"), number=f"9.{n}")
        others.append(Hit(real, other, 0.5))
    reply = fmt.decision_reply(Hit(real, big, 1.0), others)
    check_limits(reply)
    assert reply.embed.title.endswith("…")
    see_also = reply.embed.fields[-1].value
    assert see_also.splitlines()[-1].startswith("… og ") and see_also.endswith("flere")


def test_total_limit_shrinks_the_description(real: Meeting) -> None:
    big = item(real, "3.6")
    big.decision = all_text(real)
    big.title = "x" * 300
    real.body = "B" * 3000  # an absurd body name fills the meeting field
    reply = fmt.decision_reply(Hit(real, big, 1.0), [Hit(real, item(real, "3.4"), 0.5)])
    check_limits(reply)
    assert reply.embed.description.endswith(f"(s. {big.decision_page})")


# --- short replies ---------------------------------------------------------------------------

def test_not_found_with_suggestions(real: Meeting) -> None:
    answer = Answer("klimapartner", hits=[], suggestions=[Hit(real, item(real, "3.4"), 0.3),
                                                          Hit(real, item(real, "3.3"), 0.2)])
    reply = fmt.not_found_reply(answer)
    assert reply.ephemeral and reply.embed is None
    assert reply.content.endswith(
        "Mente du 3.4 DK2020-klimapartnerskabet efter 2023 eller 3.3 KKR Hovedstadens VIP-klimaprojekter?")


def test_not_found_quotes_the_question_escaped_once() -> None:
    content = fmt.not_found_reply(Answer("**fed** _skrå_ skøjtehal", words=["skøjtehal"])).content
    assert "»\\*\\*fed\\*\\* \\_skrå\\_ skøjtehal«" in content  # one backslash each, not three


def test_not_found_with_a_meeting_we_do_not_have() -> None:
    answer = Answer("DK2020 på mødet den 3. marts 2021", words=["dk2020"], scope="mødet 3. marts 2021",
                    scope_missing=True)
    assert fmt.not_found_reply(answer).content == (
        "Jeg har ikke referatet fra mødet 3. marts 2021. Brug /møder for at se de møder, jeg kender.")


def test_not_found_within_content_limit() -> None:
    reply = fmt.not_found_reply(Answer("@everyone " + "spørgsmål " * 900))
    assert len(reply.content) <= fmt.CONTENT and "@everyone" not in reply.content


def test_reload_reply_names_the_file_and_fits() -> None:
    kb = KnowledgeBase([])
    error = "knowledge/kkr/2023-02-24.yaml (linje 3): ugyldig YAML: @everyone\n" * 200
    reply = fmt.reload_reply(kb, error)
    assert len(reply.content) <= fmt.CONTENT and "2023-02-24.yaml" in reply.content
    assert "@everyone" not in reply.content
    assert fmt.reload_reply(kb, None).content == "Vidensbasen er genindlæst: 0 møder, 0 punkter."


def _meetings(real: Meeting, count: int) -> list[Meeting]:
    out = []
    for n in range(count):
        m = copy.copy(real)
        m.date = f"{2000 + n // 12:04d}-{n % 12 + 1:02d}-15"
        m.body = "Kommunekontaktrådet for Region Hovedstaden og omegn, ekstraordinært møde nr. " + str(n)
        out.append(m)
    return out


def test_meetings_list_newest_first_within_limits(real: Meeting) -> None:
    reply = fmt.meetings_reply(_meetings(real, 300))
    check_limits(reply)
    lines = reply.embed.description.splitlines()
    assert "december 2024" in lines[0]
    assert lines[-1].startswith("… og ") and lines[-1].endswith("møder mere")
    assert fmt.meetings_reply([]).content.startswith("Vidensbasen er tom")


def test_meeting_choices_at_most_25_names_at_most_100(real: Meeting) -> None:
    choices = fmt.meeting_choices(_meetings(real, 60), "")
    assert len(choices) == fmt.CHOICES
    assert all(len(name) <= 100 and len(value) <= 100 for name, value in choices)
    assert fmt.meeting_choices([real], "25. nov") == [("KKR Hovedstaden · 25. november 2022",
                                                     "2022-11-25 KKR Hovedstaden")]
    assert fmt.meeting_choices([real], "2021") == []


def test_help_fits() -> None:
    commands = [CommandHelp(f"kommando{n}", "Beskrivelse " * 8, [("valg", True), ("andet", False)]) for n in range(25)]
    check_limits(help_reply(commands))


# --- /udpegning and /highlights ------------------------------------------------------------------

def test_appointments_reply_lists_person_body_role_meeting_and_link(real: Meeting) -> None:
    kb = KnowledgeBase([real])
    reply = fmt.appointments_reply("Hvidovre", find_appointments(kb, "Hvidovre"))
    (field,) = reply.embed.fields
    assert field.name == "Søren Friis Trebbien (C), Hvidovre Kommune"
    lines = field.value.splitlines()
    assert lines[0].startswith("**Organ:** Region Hovedstadens opgaveudvalg")
    assert "**Rolle:** " in field.value and "**Møde:** KKR Hovedstaden 25. november 2022" in field.value
    assert lines[-1] == f"[Referatet på kl.dk]({real.source_url}), s. 29"
    check_limits(reply)
    assert fmt.appointments_reply("ingen", []).ephemeral


def test_appointments_reply_limits(real: Meeting) -> None:
    it = item(real, "4.1")
    it.appointments = [Appointment(f"Person {n} " + "Navn " * 60, "A", "Kommune " * 30, "Organ " * 80, "medlem")
                       for n in range(100)]
    hits = find_appointments(KnowledgeBase([real]), "")
    assert len(hits) > fmt.FIELDS
    reply = fmt.appointments_reply("@everyone", hits)
    check_limits(reply)
    assert reply.embed.footer.text.endswith("søg mere præcist")
    assert "@everyone" not in reply.embed.title


def test_help_examples_work_on_the_real_referat(real: Meeting) -> None:
    searcher = Searcher(KnowledgeBase([real]))
    questions = [example for cmd, example in HELP_EXAMPLES if cmd.startswith("/beslutning")]
    assert [searcher.ask(q).hits[0].item.number for q in questions] == ["3.4", "3.8"]
    people = [example for cmd, example in HELP_EXAMPLES if cmd.startswith("/udpegning")]
    assert all(find_appointments(KnowledgeBase([real]), q) for q in people)
    cases = [example for cmd, example in HELP_EXAMPLES if cmd.startswith("/sag")]
    assert [find_timeline(CaseIndex(searcher.kb), searcher, q).stages[0].number for q in cases] == ["3.4"]


def test_every_limit_with_footer_and_passage(real: Meeting) -> None:
    big = item(real, "3.6")
    big.decision = all_text(real)
    words = all_text(real).split()[:900]
    hit = Hit(real, big, 1.0, matched=words, via={w: w * 3 for w in words[:100]},
              passage=Passage("Sagsfremstilling " * 30, all_text(real), 22))
    others = [Hit(real, dataclasses.replace(item(real, "4.1"), number=f"9.{n}"), 0.5) for n in range(30)]
    reply = fmt.decision_reply(hit, others)
    check_limits(reply)
    assert reply.embed.description.endswith(f"(s. {big.decision_page})")
    assert reply.embed.footer.text.startswith("Fundet på: ")


def test_appointments_reply_links_the_page_the_appointment_stands_on(decision_on_page_30: Meeting) -> None:
    kb = KnowledgeBase([decision_on_page_30])
    reply = fmt.appointments_reply("Marianne", find_appointments(kb, "Marianne Frederik"))
    (field,) = reply.embed.fields
    # Reported in the Sagsfremstilling on page 29; the decision stands on page 30.
    assert field.value.splitlines()[-1] == f"[Referatet på kl.dk]({decision_on_page_30.source_url}), s. 29"
    check_limits(reply)


# --- the next meeting ------------------------------------------------------------------

def _announcement(real: Meeting, **changes: object):
    from bot.facts.next_meeting import find_next_meeting
    from bot.search.upcoming import Announced

    nxt = find_next_meeting(real)
    return Announced(real, dataclasses.replace(nxt, **changes) if changes else nxt)


def test_next_meeting_reply_within_every_limit_and_escaped(real: Meeting) -> None:
    reply = fmt.next_meeting_reply(_announcement(real), [])
    check_limits(reply)
    assert reply.embed.title == "Næste møde: 8. februar 2023 fra kl. 10 til kl. 12"
    huge = _announcement(real, sentence="Næste møde @everyone **holdes** " + "meget langt " * 900,
                         topics=[f"<@123> punkt {n} " + "ord " * 100 for n in range(200)], time="kl. 10 " * 80)
    reply = fmt.next_meeting_reply(huge, [])
    check_limits(reply)
    assert "@everyone" not in reply.embed.description and "<@123>" not in reply.embed.description
    assert "\\*\\*holdes\\*\\*" in reply.embed.description and "punkter mere" in reply.embed.description


def test_next_meeting_reply_when_the_newest_referat_names_none(real: Meeting) -> None:
    from bot.search.upcoming import Announced

    reply = fmt.next_meeting_reply(Announced(real, None), [])
    assert reply.content == "Referatet fra KKR Hovedstaden · 25. november 2022 (det nyeste) nævner ikke, hvornår næste møde er."


def test_an_item_with_its_own_page_links_there_without_page_numbers(greve_byraad) -> None:
    item = next(i for i in greve_byraad.items if i.url and i.decision)
    source = fmt.source_link(greve_byraad, item)
    assert source == f"[Punktet]({item.url})"
