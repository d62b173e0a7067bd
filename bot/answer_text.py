"""Answers as plain Danish text (the CLI) and as JSON-ready dicts (scripts, eval)."""
from __future__ import annotations

import textwrap
from typing import Any

from bot.dates import danish_date
from bot.decision_text import NO_DECISION
from bot.model import Section, page_at
from bot.search import Answer, Hit


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
    return f"{hit.meeting.body}, møde {danish_date(hit.meeting.date)}"


def _one_line(hit: Hit) -> str:
    """'3.3 KKR Hovedstadens VIP-klimaprojekter (KKR Hovedstaden, 25. november 2022, s. 14)'."""
    title = " ".join(hit.item.label.split())
    return f"{title} ({hit.meeting.body}, {danish_date(hit.meeting.date)}, s. {hit.page})"


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


def format_hit(hit: Hit) -> str:
    """The best answer in full: meeting, item, verbatim decision, source, matched words."""
    item = hit.item
    lines = [_meeting_line(hit), f"Punkt {' '.join(item.label.split())}", ""]
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
    lines.append("")
    source = hit.url or f"{hit.meeting.source_file or 'referatet'}, s. {hit.page}"
    lines.append(f"Kilde: {source}" + (f" (s. {hit.page})" if hit.url else ""))
    if passage and passage.page != hit.page and (passage_url := hit.meeting.page_url(passage.page)):
        lines.append(f"Uddraget: {passage_url} (s. {passage.page})")  # the quote stands on another page
    lines.append(f"Fundet på: {matched_words(hit)} (relevans {_score(hit.score)})")
    return "\n".join(lines)


def format_answer(answer: Answer) -> str:
    """The plain-text reply to one question (Danish)."""
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
        lines = [f"Jeg fandt ikke noget i {where}, der svarer på: {answer.question.strip()}"]
        if answer.suggestions:
            lines.append("Mente du:")
            lines += [f"  - {_one_line(h)}" for h in answer.suggestions]
        else:
            lines.append("Prøv med andre ord, fx navnet på en sag, et udvalg eller en person.")
        return "\n".join(lines)
    best, others = answer.hits[0], answer.hits[1:]
    text = format_hit(best)
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
    }
    if hit.passage is not None:  # the quoted paragraph's own page (the answer's is `page`)
        data["passage_page"] = hit.passage.page
        data["passage_url"] = hit.meeting.page_url(hit.passage.page)
    return data


def answer_dict(answer: Answer) -> dict[str, Any]:
    """One question's result as JSON; `suggestions` only when nothing was found, `scope`
    only when the question named a meeting."""
    data: dict[str, Any] = {"question": answer.question, "answers": [hit_dict(h) for h in answer.hits]}
    if not answer.hits:
        data["suggestions"] = [hit_dict(h) for h in answer.suggestions]
    if answer.scope:  # the question named a meeting: what was searched (or is missing)
        data["scope"] = {"meetings": answer.scope, "missing": answer.scope_missing}
    return data
