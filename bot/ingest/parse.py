"""Turn a document's lines into a Meeting: items, sections and the verbatim decision.

Pure: no file I/O. The readers (`pdf.py`, `text.py`) produce the lines.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from bot.dates import parse_date
from bot.decision_text import decision_heading_parts, is_decision_heading, join_decisions, normalise_heading
from bot.ingest.body_date import find_body_and_date
from bot.ingest.clean import join_wrapped, text_and_page_breaks
from bot.ingest.headings import (
    TOC_LEADER_RE,
    TOC_TITLE_RE,
    find_case_number,
    is_absence_label,
    is_attachment_heading,
    is_attendance_label,
    is_known_section,
    is_section_line,
    looks_like_heading,
    match_group,
    match_item,
    split_inline_label,
)
from bot.ingest.lines import Document, Line, is_larger, style
from bot.ingest.numbering import (
    ItemStart,
    Numbering,
    heading_on_line,
    titles_before_numbers,
)
from bot.model import Item, Link, Meeting, PriorDecision, Section

log = logging.getLogger(__name__)

UNTITLED = "Tekst"
MEETING_END = "Mødets afslutning"
# "Mødet hævet kl. 19.40.", "Mødet sluttede kl. 21.33": the meeting ends; never part of a decision.
_MEETING_END_RE = re.compile(
    r"^mødet\s+(?:blev\s+)?(?:hævet|hæves|sluttede|slut|afsluttet|afsluttedes)\b", re.IGNORECASE
)
_TOC_PAGE_NUMBER_RE = re.compile(r"\s(\d{1,3})$")
_SPLIT_WORD_RE = re.compile(r"[a-zæøå]-$")  # a line that ends inside a word: `hovedstadsom-`


class ParseError(Exception):
    """The document holds no recognisable referat structure."""


@dataclass
class _Draft:
    item: Item
    heading_style: tuple[bool | None, float | None]
    sections: list[tuple[str, int, list[Line]]] = field(default_factory=list)


@dataclass(frozen=True)
class _MeetingContext:
    """What is known of the meeting while its items are read: who met, and when (YYYY-MM-DD)."""

    body: str | None
    date: str | None


def parse_document(doc: Document, body: str | None = None, date: str | None = None) -> Meeting:
    """Parse lines into a Meeting; `body`/`date` override what the document says."""
    lines = _drop_toc(doc.lines, doc.pages)
    found_body, found_date = find_body_and_date(doc, _cover(doc.lines))
    meeting = Meeting(body=body or found_body or "", date=(parse_date(date) if date else found_date) or "")
    meeting.pages = doc.pages
    meeting.items = _items(lines, doc, _MeetingContext(meeting.body or None, meeting.date or None))
    if not meeting.items:
        raise ParseError(
            "ingen dagsordenspunkter fundet (som '3.4. Titel', '7. Titel' eller 'Punkt 7: Titel'); er det et referat?"
        )
    return meeting


def _cover(lines: list[Line]) -> list[Line]:
    """The lines before the first thing that looks like an agenda item: cover and first lines."""
    for i, line in enumerate(lines[:60]):
        text = line.text.strip()
        if i and line.para_break and (match_item(text) or match_group(text)):
            return lines[:i]
    return lines[:60]


def _drop_toc(lines: list[Line], pages: int) -> list[Line]:
    """Remove table-of-contents pages and dotted-leader TOC entries.

    A TOC page has a TOC title and is mostly entries (three or more, and at most a third
    as many other paragraphs), or dotted leaders, or (a TOC page without its title, e.g.
    the second one) several item/group entries ending in the number of a later page. An
    untitled list without page numbers is caught later, when its items come again.
    """
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    toc_pages = set()
    for page, page_lines in by_page.items():
        titled = any(TOC_TITLE_RE.match(line.text) for line in page_lines)
        entries = sum(1 for line in page_lines if match_item(line.text) or match_group(line.text))
        sections = sum(1 for line in page_lines if is_known_section(line.text))
        leaders = sum(1 for line in page_lines if TOC_LEADER_RE.search(line.text))
        numbered = sum(1 for line in page_lines if _toc_entry(line, pages))
        # A titled page is a TOC when it is mostly entries: a dagsorden's first page is also
        # titled "Dagsorden", but its items come with paragraphs of their own.
        listed = entries >= 3 and _paragraphs_besides_entries(page_lines) * 3 <= entries
        if (titled and listed and sections == 0) or leaders >= 3 or (numbered >= 3 and sections == 0):
            toc_pages.add(page)
    if toc_pages:
        log.debug("table of contents on pages %s", sorted(toc_pages))
    return [
        line
        for line in lines
        if line.page not in toc_pages and not (TOC_LEADER_RE.search(line.text) and match_item(line.text))
    ]


def _paragraphs_besides_entries(page_lines: list[Line]) -> int:
    """Lines that start something other than an entry: not an entry, a TOC title or a wrapped entry."""
    count = 0
    for prev, line in zip([None, *page_lines], page_lines, strict=False):
        text = line.text.strip()
        if not text or line.is_link or TOC_TITLE_RE.match(text) or match_item(text) or match_group(text):
            continue
        wrapped = prev is not None and not line.para_break and style(prev) == style(line)
        if not wrapped:
            count += 1
    return count


def _toc_entry(line: Line, pages: int) -> bool:
    """`3.6. Title 20`: an item or group heading followed by the number of a later page."""
    m = _TOC_PAGE_NUMBER_RE.search(line.text)
    return m is not None and line.page < int(m[1]) <= pages and bool(match_item(line.text) or match_group(line.text))


class _ItemBuilder:
    """Opens an item at each heading that fits the numbering and collects its lines.

    `7. Title` opens a "single" item that turns into a group when `7.1` follows (KL's
    `3. Regionalpolitiske sager`); otherwise it is an item with its own sections.
    """

    def __init__(self, meeting: _MeetingContext) -> None:
        self.meeting = meeting
        self.items: list[Item] = []
        self.draft: _Draft | None = None
        self.single_draft = False  # the draft was opened by `7. Title`
        self.group: tuple[str, str, int] | None = None  # number, title, page
        self.numbering = Numbering()
        self.title_line: Line | None = None  # the last line of the title, while it may wrap
        self.attendance_open = False  # an attendance note inside a decision is being read
        self.link_run = False  # the item's last line was a link line

    def close(self) -> None:
        if self.draft is not None:
            self.items.append(_finish(self.draft, self.meeting))
        self.draft = None
        self.single_draft = False

    def fits(self, head: ItemStart, line: Line) -> bool:
        """Does the heading continue the numbering so far?"""
        open_single = self.draft.item.number if self.single_draft and self.draft is not None else None
        return self.numbering.fits(head, line, open_single)

    def listed_before(self, head: ItemStart) -> bool:
        """Was this heading already seen in a run of bare headings (an untitled table of contents)?

        A contents list without a title or page numbers looks like items with no text;
        when the same number and title come again, that run was the list.
        """
        seen = [*self.items, *([self.draft.item] if self.draft else [])]
        if self.draft is not None and self.draft.sections:
            return False
        if any(item.sections or item.decision for item in seen):
            return False
        title = head.title.casefold()
        return bool(title) and any(
            item.number == head.number
            and (title.startswith(item.title.casefold()) or item.title.casefold().startswith(title))
            for item in seen
        )

    def open(self, head: ItemStart, line: Line) -> None:
        """Start the item the heading opens (after `fits`)."""
        group = None
        if head.style == "kl":
            major = head.number.split(".")[0]
            if self.single_draft and self.draft is not None and self.draft.item.number == major:
                # `3. Regionalpolitiske sager` followed by 3.1: a group; its own text is an introduction.
                self.group = (self.draft.item.number, self.draft.item.title, self.draft.item.page)
                self.draft = None
                self.single_draft = False
            elif self.group is None or self.group[0] != major:
                self.group = None
            group = f"{self.group[0]}. {self.group[1]}" if self.group else None
        else:
            self.group = None
        self.close()
        self.numbering.advance(head, line)
        self.single_draft = head.style == "single"
        item = Item(number=head.number, title=head.title, page=line.page, group=group, added=head.added)
        self.draft = _Draft(item=item, heading_style=style(line))
        self.title_line = None if head.title_lines else line
        self.attendance_open = False
        self.link_run = False

    def add_table_row(self, line: Line) -> None:
        """A table row joins the current section; `Beslutning | Godkendt.` is a section of its own."""
        draft = self.draft
        if draft is None:
            return
        label_row = _label_row(line.text.strip())
        if label_row:
            draft.sections.append((label_row[0], line.page, []))
            draft.sections[-1][2].append(Line(text=label_row[1], page=line.page, para_break=True, bold=False,
                                              size=line.size))
            return
        if not draft.sections:
            draft.sections.append((UNTITLED, line.page, []))
        draft.sections[-1][2].append(line)

    def add(self, line: Line, prev: Line | None, nxt: Line | None, body_size: float | None) -> None:
        """A line of the open item: its title going on, case number, a section heading or text."""
        draft = self.draft
        assert draft is not None
        if line.is_link:
            self._add_link(line, draft)
            return
        self.link_run = False
        if self._add_to_title(line, draft) or self._add_case_number(line, draft):
            return
        if self.attendance_open and self._add_to_attendance(line, prev, nxt, draft, body_size):
            return
        text = line.text.strip()
        if _MEETING_END_RE.match(text):
            draft.sections.append((MEETING_END, line.page, [line]))
            return
        in_decision = bool(draft.sections) and is_decision_heading(draft.sections[-1][0])
        inline = split_inline_label(text)
        if inline is None and text.endswith(":") and is_attendance_label(text):
            inline = (text, "")  # "Fraværende:" with the names on the lines after it
        if inline:
            label, rest = inline
            rest_lines = [Line(text=rest, page=line.page, para_break=True, bold=line.bold, size=line.size)]
            draft.sections.append((normalise_heading(label), line.page, rest_lines if rest else []))
            self.attendance_open = in_decision and is_attendance_label(label)
            return
        if _is_section_heading(line, prev, nxt, draft, body_size):
            heading = normalise_heading(text)
            draft.sections.append((heading, line.page, []))
            self.attendance_open = in_decision and is_attendance_label(heading)
            return
        if in_decision and line.block_break and not text[:1].islower():
            # Set apart like a new field (FirstAgenda prints an untitled field after the decision):
            # the decision ends here. A sentence going on in lower case is no new field.
            draft.sections.append((UNTITLED, line.page, [line]))
            return
        if not draft.sections:
            draft.sections.append((UNTITLED, line.page, []))
        draft.sections[-1][2].append(line)

    def _add_link(self, line: Line, draft: _Draft) -> None:
        """A link line: the item's next link, or the rest of the one before (a wrapped anchor)."""
        text = line.text.strip()
        links = draft.item.links
        if self.link_run and links and (links[-1].url, links[-1].page) == (text, line.page):
            # One link set over a wrapped anchor comes as two annotations with one URL.
            if line.link_text:
                links[-1].text = f"{links[-1].text} {line.link_text}" if links[-1].text else line.link_text
            return
        links.append(Link(url=text, page=line.page, text=line.link_text))
        self.link_run = True

    def _add_to_title(self, line: Line, draft: _Draft) -> bool:
        """The title wraps onto this line, or (`Pkt. 42`) this line is the title."""
        text = line.text.strip()
        if self.title_line is not None and _continues_title(line, self.title_line, draft):
            draft.item.title = join_wrapped(draft.item.title, text)
            self.title_line = line
            return True
        self.title_line = None
        if not draft.item.title:  # `Pkt. 42` with the title on the line after it
            draft.item.title = text
            draft.heading_style = style(line)
            self.title_line = line
            return True
        return False

    def _add_case_number(self, line: Line, draft: _Draft) -> bool:
        """A short line with the case number, before any section."""
        if draft.item.case_number is not None or draft.sections:
            return False
        text = line.text.strip()
        case = find_case_number(text)
        if case and len(text) < 60:
            draft.item.case_number = case
            return True
        return False

    def _add_to_attendance(
        self, line: Line, prev: Line | None, nxt: Line | None, draft: _Draft, body_size: float | None
    ) -> bool:
        """Inside an attendance note in a decision: a names line joins it; other text resumes the decision."""
        if not line.para_break and _names_line(line.text.strip()):
            draft.sections[-1][2].append(line)
            return True
        self.attendance_open = False
        if line.para_break and _is_section_heading(line, prev, nxt, draft, body_size):
            return False
        if line.block_break and not line.text[:1].islower():  # a new field, not the decision going on
            draft.sections.append((UNTITLED, line.page, [line]))
            return True
        # The decision goes on after the attendance note.
        decision = next(hd for hd, _, _ in reversed(draft.sections) if is_decision_heading(hd))
        draft.sections.append((decision, line.page, [line]))
        return True


def _items(lines: list[Line], doc: Document, meeting: _MeetingContext) -> list[Item]:
    builder = _ItemBuilder(meeting)
    titles_before = titles_before_numbers(lines, doc.body_size)
    consumed: set[int] = set()
    texts = [i for i, line in enumerate(lines) if line.text.strip() and not line.is_link]
    neighbours = {
        i: (lines[before] if before is not None else None, lines[after] if after is not None else None)
        for before, i, after in zip([None, *texts], texts, [*texts[1:], None], strict=False)
    }
    under_heading = False  # the line before opened an item that may be a group (`1 First Agenda`)
    for index, line in enumerate(lines):
        if not line.text.strip() or index in consumed:
            continue
        if line.table:  # a table row is never a heading; it stays in the current section
            builder.add_table_row(line)
            under_heading = False
            continue
        head = titles_before.get(index) or heading_on_line(line, line.text.strip(), doc.body_size, under_heading)
        under_heading = False
        if head and not builder.fits(head, line) and builder.listed_before(head):
            log.debug("items before line %d were a table of contents", index)
            builder = _ItemBuilder(meeting)  # forget the list
        if head and builder.fits(head, line):
            builder.open(head, line)
            consumed.update(head.title_lines)
            under_heading = head.style == "single" and not line.is_link
        elif builder.draft is not None:  # else: cover, attendance list, table of contents leftovers
            builder.add(line, *neighbours.get(index, (None, None)), doc.body_size)
    builder.close()
    items = builder.items
    items.sort(key=lambda i: (_sort_key(i.number), i.page))
    return items


def _label_row(text: str) -> tuple[str, str] | None:
    """A two-cell table row `Beslutning | Godkendt.`: a section label and its text."""
    cells = text.split(" | ")
    if len(cells) == 2 and cells[1].strip() and is_known_section(cells[0]):
        return normalise_heading(cells[0]), cells[1].strip()
    return None


_NAME_TOKEN_RE = re.compile(r"^\(?[A-ZÆØÅ]")


def _names_line(text: str) -> bool:
    """A line of a list of people: `Anne Holm (A), Bent Kjær (V) og Carina Lund (A)`.

    Each part (between commas, `og` and dashes) starts with two capitalised words (a
    first and a last name) and is mostly capitalised words.
    """
    parts = [p for p in re.split(r",\s*|\s+og\s+|\s+-\s+", text.strip().rstrip(".")) if p]
    if not parts:
        return False
    for part in parts:
        words = part.split()
        capitals = sum(1 for w in words if _NAME_TOKEN_RE.match(w))
        if len(words) < 2 or not all(_NAME_TOKEN_RE.match(w) for w in words[:2]):
            return False
        if capitals < len(words) - capitals:
            return False
    return True


def _sort_key(number: str | None) -> tuple[float, ...]:
    return tuple(float(x) for x in re.findall(r"\d+", number or "")) or (0.0,)


def _continues_title(line: Line, title_line: Line, draft: _Draft) -> bool:
    """A wrapped title: the next line in the same style, with no paragraph gap.

    A title that breaks a word (`… i hovedstadsom-` / `rådet (VIP)`) goes on even when its
    second line stands a little apart (indented under the title, or set with a wider
    leading): a word cut by a hyphen never ends a heading. A label (`Oplæg:`, `Referat:
    …`) ends the title.
    """
    if draft.sections or draft.item.case_number or line.block_break:
        return False
    text = line.text.strip()
    split_word = bool(_SPLIT_WORD_RE.search(title_line.text)) and text[:1].islower()
    if line.para_break and not split_word:
        return False
    if line.bold is None or line.bold != title_line.bold:
        return False
    if is_known_section(text) or find_case_number(text) or split_inline_label(text):
        return False
    return style(line) == draft.heading_style


def _is_section_heading(
    line: Line, prev: Line | None, nxt: Line | None, draft: _Draft, body_size: float | None
) -> bool:
    """A section heading: a known name on its own line, or a line that looks like one.

    The look counts where the reader knows it: bold or larger than the body, short,
    on a line of its own (after a paragraph gap, or set apart from the lines around
    it by its style); without font information, a short line in capitals after a gap.
    Inside a decision only strong evidence counts (a known name, or a bold/larger line
    set apart, in a style the decision text does not use), so a decision is never
    cut short by a short line of its own text.
    """
    text = line.text.strip()
    in_decision = bool(draft.sections) and is_decision_heading(draft.sections[-1][0])
    larger = is_larger(line, body_size)
    styled = bool(line.bold) or larger
    own_line = line.para_break or (styled and _set_apart(line, prev, nxt))
    if is_known_section(text) and (own_line or line.bold or _label_alone(text)):
        return True
    if line.bold is None and is_section_line(text):
        # Without font information a known name alone on its line is a heading even when the
        # text marks no paragraph before it: a sentence never wraps to a line of one such name.
        return True
    if not looks_like_heading(normalise_heading(text)):
        return False
    if in_decision:
        body_lines = draft.sections[-1][2]
        return styled and own_line and bool(body_lines) and not any(style(other) == style(line) for other in body_lines)
    if styled and own_line:
        return True
    # Capitals: a short line in capitals after a gap, when the text before is not in capitals.
    return (
        line.para_break
        and _capitals(text)
        and (line.bold is None or prev is None or not _capitals(prev.text))
    )


def _label_alone(text: str) -> bool:
    """`Oplæg:`, `Referat:`: a known name with its colon alone on a line is a label, gap or no gap."""
    return text.endswith(":") and is_section_line(text)


def _set_apart(line: Line, prev: Line | None, nxt: Line | None) -> bool:
    """The line's style differs from the lines before and after it (or it starts/ends a page)."""
    before = prev is None or prev.page != line.page or style(prev) != style(line)
    after = nxt is None or nxt.page != line.page or nxt.para_break or style(nxt) != style(line)
    return before and after


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


def _finish(draft: _Draft, meeting: _MeetingContext) -> Item:
    item = draft.item
    item.title = item.title.strip()
    # heading -> its text chunks (page of the heading, text, breaks counted from that page, page of
    # its first line); one decision may be interrupted by an attendance note: its chunks are joined.
    decisions: dict[str, list[tuple[int, str, list[int], int]]] = {}
    for heading, page, sec_lines in draft.sections:
        text, breaks = text_and_page_breaks(sec_lines, page, entries=is_attachment_heading(heading))
        if is_decision_heading(heading):
            if text:
                decisions.setdefault(heading, []).append((page, text, breaks, sec_lines[0].page))
            continue
        if is_absence_label(heading):
            item.absent += _names(text)
        if text or not is_attendance_label(heading):
            item.sections.append(Section(heading=heading, text=text, page=page, page_breaks=breaks))
    for heading in _earlier_decisions(list(decisions), meeting):
        body, when = decision_heading_parts(heading)
        text = "\n\n".join(t for _, t, _, _ in decisions.pop(heading))
        item.history.append(PriorDecision(heading=heading, text=text, date=when, body=body))
    if decisions:
        item.decision, item.decision_page_breaks = _joined_decision(decisions)
        item.decision_page = list(decisions.values())[-1][0][3]
    return item


def _earlier_decisions(headings: list[str], meeting: _MeetingContext) -> list[str]:
    """The decisions this body made at earlier meetings in the same case (`… den 10-04-2013`): history.

    Acadre prints every decision of the case under the item; the one dated this meeting is the
    decision, and only when there is one are the earlier ones history (a wrong meeting date must
    not hide every decision). Earlier decisions by other bodies (a committee's recommendation to
    the Byråd) stay in the decision, each under its heading, as the path the case took here.
    """
    if not (meeting.body and meeting.date):
        return []
    parts = [(heading, *decision_heading_parts(heading)) for heading in headings]
    ours = [(heading, when) for heading, body, when in parts if body and when and _same_body(body, meeting.body)]
    if not any(when == meeting.date for _, when in ours):
        return []
    return [heading for heading, when in ours if when is not None and when < meeting.date]


def _same_body(a: str, b: str) -> bool:
    """`Udvalget for plan, udvikling og kultur (PUK)` is `Udvalget for Plan, udvikling og kultur`."""
    def forms(name: str) -> set[str]:
        name = re.sub(r"\s+", " ", name).strip().casefold()
        return {name, re.sub(r"\s*\([^)]*\)", "", name).strip()}

    return bool(forms(a) & forms(b))


def _names(text: str) -> list[str]:
    """The people of an attendance note, one per name: `Anne Holm (A), Bent Kjær (V) og Carina Lund`."""
    parts = re.split(r"\n+|,\s*|\s+og\s+", text)
    return [part.strip().rstrip(".").strip() for part in parts if part.strip().rstrip(".").strip()]


def _joined_decision(decisions: dict[str, list[tuple[int, str, list[int], int]]]) -> tuple[str, list[int]]:
    """The decision text as `headings.join_decisions` makes it, and the offsets where its pages change.

    The decision's first character starts the count; a part whose heading or text stands on a
    later page than the text before it starts that page at its label or its text.
    """
    labelled = len(decisions) > 1
    starts: list[tuple[int, int]] = []  # (offset, page that starts there)
    pos = 0
    for n, (heading, chunks) in enumerate(decisions.items()):
        pos += 2 if n else 0
        if labelled:
            starts.append((pos, chunks[0][0]))
            pos += len(heading) + 2  # "Heading:\n"
        for k, (page, text, chunk_breaks, _) in enumerate(chunks):
            pos += 2 if k else 0
            starts.append((pos, page))
            starts += [(pos + b, page + i + 1) for i, b in enumerate(chunk_breaks)]
            pos += len(text)
    text = join_decisions([(hd, "\n\n".join(t for _, t, _, _ in chunks)) for hd, chunks in decisions.items()])
    assert len(text) == pos, "decision offsets follow join_decisions"
    breaks: list[int] = []
    current = max(page for offset, page in starts if offset == 0)  # the page of the first character
    for offset, page in starts:
        if page > current:
            breaks += [offset] * (page - current)
            current = page
    return text, breaks
