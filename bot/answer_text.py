"""Answers as plain Danish text (the CLI) and as JSON-ready dicts (scripts, eval)."""
from __future__ import annotations

import textwrap
from typing import Any

from bot.dates import danish_date
from bot.decision_text import NO_DECISION
from bot.model import Item, Meeting, Section, is_pdf_url, page_at, site_of
from bot.search import Answer, Hit
from bot.search.cases import path_text
from bot.search.display import body_name
from bot.search.markup import strip_markup
from bot.search.tiers import NEAR
from bot.search.upcoming import Announced


def _score(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _quote(text: str, indent: str = "  ") -> str:
    """Verbatim text, each line indented (paragraphs kept, nothing re-wrapped)."""
    return "\n".join(indent + line if line.strip() else "" for line in text.strip().splitlines())


def matched_words(hit: Hit) -> str:
    """The question's words an item matched, with what they matched as where it differs:
    'klimaparnterskab (≈ klimapartnerskabet), 2023'."""
    words = [f"{w} (≈ {hit.via[w]})" if w in hit.via else w for w in hit.matched]
    return ", ".join(words) if words else "–"


def _meeting_line(hit: Hit) -> str:
    return f"{body_name(hit.meeting)}, møde {danish_date(hit.meeting.date)}"


NOT_SURE = "Jeg er ikke sikker på, at det er det, du spørger om. Det nærmeste, jeg fandt:"


def missing_text(missing: list[str]) -> str:
    """'intet om »2027« eller »Risskov«' (what the question asked that the item doesn't contain)."""
    return "intet om " + " eller ".join(f"»{m}«" for m in missing)


def _one_line(hit: Hit) -> str:
    """'3.3 KKR Hovedstadens VIP-klimaprojekter (KKR Hovedstaden, 25. november 2022, s. 14)'."""
    title = " ".join(hit.item.label.split())
    page = f", s. {hit.page}" if hit.meeting.pages else ""  # a source without pages: every item is on "page 1"
    return f"{title} ({body_name(hit.meeting)}, {danish_date(hit.meeting.date)}{page})"


def section_pages(section: Section) -> str:
    """The pages a section's text stands on: '14', or '15–17' when it runs over page breaks."""
    if not section.text:
        return str(section.page)
    first, last = page_at(section, 0), page_at(section, len(section.text) - 1)
    return str(first) if first == last else f"{first}–{last}"


def _wrap(text: str, width: int = 100) -> str:
    """Paragraphs re-wrapped to width (PDF line breaks dropped), list lines ('– …') kept
    on lines of their own, blank lines between paragraphs."""
    out = []
    for paragraph in text.split("\n\n"):
        blocks: list[str] = []
        for line in paragraph.splitlines():
            line = " ".join(line.split())
            if not line:
                continue
            if line[0] in "–-•" or not blocks or blocks[-1][0] in "–-•":
                blocks.append(line)
            else:
                blocks[-1] += " " + line
        wrapped = [textwrap.fill(b, width, subsequent_indent="  " if b[0] in "–-•" else "") for b in blocks]
        if wrapped:
            out.append("\n".join(wrapped))
    return "\n\n".join(out)


def source_line(meeting: Meeting, page: int, item: Item | None = None) -> str:
    """Where a page of the referat is: 'https://…/referat.pdf#page=17 (s. 17)' for a PDF (the
    link opens the page), 'referatet på kl.dk, s. 17: https://…/' for a web page (it can't);
    an item with a page of its own on the publishing site links there, without page numbers."""
    if item is not None and item.url:
        site = site_of(item.url)
        return f"punktet{f' på {site}' if site else ''}: {item.url}"
    url = meeting.page_url(page)
    at = f", s. {page}" if meeting.paged else ""
    if url is None:
        return f"{meeting.source_file or 'referatet'}{at}"
    if is_pdf_url(url):
        return f"{url} (s. {page})"
    site = site_of(url)
    return f"referatet{f' på {site}' if site else ''}{at}: {url}"


def format_hit(hit: Hit) -> str:
    """The best answer in full: meeting, item, verbatim decision, source, matched words."""
    item = hit.item
    lines = [_meeting_line(hit), f"Punkt {' '.join(item.label.split())}"]
    if hit.path:
        lines.append(f"Sagens forløb: {path_text(hit.path)}")
    lines.append("")
    if item.decision:
        lines += ["Beslutning:", _quote(item.decision)]
    else:
        lines.append(NO_DECISION)
        if hit.passage is None and item.sections:  # show what the referat reports instead
            for section in item.sections:
                lines += ["", f"{section.heading} (s. {section_pages(section)}):", _quote(_wrap(section.text))]
    passage = hit.passage
    if passage:
        lines += [
            "",
            f"Fra punktets tekst ({passage.heading}, s. {passage.page}):",
            _quote(textwrap.fill(passage.text, 100)),
        ]
    lines += ["", f"Kilde: {source_line(hit.meeting, hit.page, hit.item)}"]
    if passage and passage.page != hit.page:  # the quote stands on another page
        lines.append(f"Uddraget: {source_line(hit.meeting, passage.page)}")
    lines.append(f"Fundet på: {matched_words(hit)} (relevans {_score(hit.score)})")
    return "\n".join(lines)


def is_announcement(hit: Hit, announced: Announced) -> bool:
    """Whether a hit is the item that announces the next meeting (shown as that already)."""
    nxt = announced.next
    return (nxt is not None and hit.meeting is announced.meeting
            and (hit.item.number, hit.item.title) == (nxt.number, nxt.title))


def format_next_meeting(announced: Announced) -> str:
    """The next meeting as the newest referat announces it: date, time, topics, source."""
    meeting, nxt = announced.meeting, announced.next
    where = f"{meeting.body}, møde {danish_date(meeting.date)}"
    if nxt is None:
        return f"Referatet fra {where} (det nyeste) nævner ikke, hvornår næste møde er."
    when = " ".join(x for x in (danish_date(nxt.date) if nxt.date else None, nxt.time) if x)
    item = f"punkt {nxt.number} {nxt.title}" if nxt.number else nxt.title
    lines = [f"Næste møde: {when}", f"Referatet fra {where} ({item}, s. {nxt.page}):", _quote(nxt.sentence)]
    if nxt.topics:
        lines += ["", "Forventede punkter på dagsordenen:", *(f"  - {t}" for t in nxt.topics)]
    lines += ["", f"Kilde: {source_line(meeting, nxt.page or 1)}"]
    return "\n".join(lines)


def format_answer(answer: Answer) -> str:
    """The plain-text reply to one question (Danish)."""
    if answer.next_meeting is not None and not answer.scope_missing:
        text = format_next_meeting(answer.next_meeting)
        others = [h for h in answer.hits if not is_announcement(h, answer.next_meeting)]
        if others:
            text += "\n\nAndre relevante punkter:\n" + "\n".join(
                f"  - {_one_line(h)} – relevans {_score(h.score)}" for h in others
            )
        return text
    if answer.scope_missing:
        return (f"Jeg har ikke referatet fra {answer.scope} i vidensbasen. "
                "Stil spørgsmålet uden at nævne mødet for at søge i alle de møder, jeg kender.")
    if not answer.words:
        if answer.scope:
            return (f"Skriv hvad du vil vide om {answer.scope}, fx \"Hvad blev besluttet om DK2020 på "
                    "seneste møde?\". Et mødes hovedpunkter får du med: kkrbot highlights [DATO]")
        return ("Jeg kan ikke finde et emne i spørgsmålet. Skriv hvad det handler om, "
                'fx "Hvad blev besluttet om DK2020?" eller "Hvem blev udpeget til opgaveudvalget?"')
    if not answer.hits:
        where = f"referatet fra {answer.scope}" if answer.scope else "referaterne"
        lines = [f"Jeg fandt ikke noget i {where}, der svarer på: {strip_markup(answer.question)}"]
        if answer.suggestions:
            lines.append("Mente du:")
            lines += [f"  - {_one_line(h)}" for h in answer.suggestions]
        else:
            lines.append("Prøv med andre ord, fx navnet på en sag, et udvalg eller en person.")
        return "\n".join(lines)
    best, others = answer.hits[0], answer.hits[1:]
    text = format_hit(best)
    if answer.tier == NEAR:
        note = NOT_SURE + (f" ({missing_text(best.missing)})" if best.missing else "")
        text = note + "\n\n" + text
    if others:
        text += "\n\nAndre relevante punkter:\n" + "\n".join(
            f"  - {_one_line(h)} – relevans {_score(h.score)}" for h in others
        )
    return text


def hit_dict(hit: Hit) -> dict[str, Any]:
    """One answer as JSON: meeting (body, municipality, date, time), item, verbatim decision, link and why it matched;
    `passage_page`/`passage_url` when a paragraph of the item's text is quoted."""
    data: dict[str, Any] = {
        "body": hit.meeting.body,
        "body_source": hit.meeting.body_source,  # the source's own name ("Byråd 2022-2025"), or null
        "municipality": hit.meeting.municipality,
        "meeting_date": hit.meeting.date,
        "time": hit.meeting.time,  # HH:MM where the source gives it: a body may meet twice a day
        "item": hit.item.number,
        "title": hit.item.title,
        "decision": hit.item.decision,
        "url": hit.url,
        "page": hit.page,
        "score": hit.score,
        "matched": hit.matched,
        "tier": hit.tier,
        "missing": hit.missing,  # what the question asked that the item doesn't contain: ["2027"]
    }
    if hit.path:  # the case's stages, oldest first
        data["path"] = [{"body": s.body, "date": s.date, "item": s.number} for s in hit.path]
    if hit.passage is not None:  # the quoted paragraph's own page (the answer's is `page`)
        data["passage_page"] = hit.passage.page
        data["passage_url"] = hit.meeting.page_url(hit.passage.page)
    return data


def answer_dict(answer: Answer) -> dict[str, Any]:
    """One question's result as JSON: `answers` and `suggestions` always (either may be empty;
    suggestions only come when nothing was found), `scope` only when the question named a meeting,
    `next_meeting` only when it asked about it."""
    data: dict[str, Any] = {
        "question": answer.question,
        "tier": answer.tier,  # "svar", "nærmeste", or null when nothing was found
        "answers": [hit_dict(h) for h in answer.hits],
        "suggestions": [hit_dict(h) for h in answer.suggestions],
    }
    if answer.scope:  # the question named a meeting: what was searched (or is missing)
        data["scope"] = {"meetings": answer.scope, "missing": answer.scope_missing}
    if answer.next_meeting is not None:
        data["next_meeting"] = next_meeting_dict(answer.next_meeting)
    return data


def next_meeting_dict(announced: Announced) -> dict[str, Any]:
    """The next meeting as JSON: date, time, topics and where the newest referat says so
    (`date` and the rest null when it names no next meeting)."""
    nxt = announced.next
    return {
        "body": announced.meeting.body,
        "announced_in": announced.meeting.date,
        "date": nxt.date if nxt else None,
        "time": nxt.time if nxt else None,
        "topics": list(nxt.topics) if nxt else [],
        "sentence": nxt.sentence if nxt else None,
        "item": nxt.number if nxt else None,
        "page": nxt.page if nxt else None,
        "url": announced.url,
    }
