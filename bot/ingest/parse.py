"""Turn a document's lines into a Meeting: items, sections and the verbatim decision.

Pure: no file I/O. The readers (`pdf.py`, `text.py`) produce the lines.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from bot.ingest import headings as h
from bot.ingest.clean import join_wrapped, lines_to_text
from bot.ingest.dates import find_body_and_date, parse_date
from bot.ingest.lines import Document, Line
from bot.model import Item, Link, Meeting, Section

log = logging.getLogger(__name__)

UNTITLED = "Tekst"
MEETING_END = "Mødets afslutning"
# "Mødet hævet kl. 19.40.", "Mødet sluttede kl. 21.33": the meeting ends; never part of a decision.
_MEETING_END_RE = re.compile(r"^mødet\s+(?:blev\s+)?(?:hævet|hæves|sluttede|slut|afsluttet|afsluttedes)\b", re.IGNORECASE)
_TOC_PAGE_NUMBER_RE = re.compile(r"\s(\d{1,3})$")


class ParseError(Exception):
    """The document holds no recognisable referat structure."""


@dataclass
class _Draft:
    item: Item
    heading_style: tuple[bool | None, float | None]
    sections: list[tuple[str, int, list[Line]]] = field(default_factory=list)


def parse_document(doc: Document, body: str | None = None, date: str | None = None) -> Meeting:
    """Parse lines into a Meeting; `body`/`date` override what the document says."""
    lines = _drop_toc(doc.lines, doc.pages)
    found_body, found_date = find_body_and_date(doc, _cover(doc.lines))
    meeting = Meeting(body=body or found_body or "", date=(parse_date(date) if date else found_date) or "")
    meeting.pages = doc.pages
    meeting.items = _items(lines, doc)
    if not meeting.items:
        raise ParseError("ingen dagsordenspunkter fundet (som '3.4. Titel' eller 'Punkt 7: Titel'); er det et referat?")
    return meeting


def _cover(lines: list[Line]) -> list[Line]:
    """The lines before the first thing that looks like an agenda item: cover and first lines."""
    for i, line in enumerate(lines[:60]):
        text = line.text.strip()
        if i and line.para_break and (h.match_item(text) or h.match_group(text)):
            return lines[:i]
    return lines[:60]


def _drop_toc(lines: list[Line], pages: int) -> list[Line]:
    """Remove table-of-contents pages and dotted-leader TOC entries.

    A TOC page has a TOC title and entries making up a third of its lines or more, or
    dotted leaders, or (a TOC page without its title, e.g. the second one) several
    item/group entries ending in the number of a later page.
    """
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    toc_pages = set()
    for page, page_lines in by_page.items():
        titled = any(h.TOC_TITLE_RE.match(l.text) for l in page_lines)
        entries = sum(1 for l in page_lines if h.match_item(l.text) or h.match_group(l.text))
        sections = sum(1 for l in page_lines if h.is_known_section(l.text))
        leaders = sum(1 for l in page_lines if h.TOC_LEADER_RE.search(l.text))
        numbered = sum(1 for l in page_lines if _toc_entry(l, pages))
        # A titled page is a TOC when it is mostly entries: a dagsorden's first page is also
        # titled "Dagsorden", but its items come with paragraphs of their own.
        listed = entries >= 3 and _paragraphs_besides_entries(page_lines) * 3 <= entries
        if (titled and listed and sections == 0) or leaders >= 3 or (numbered >= 3 and sections == 0):
            toc_pages.add(page)
    if toc_pages:
        log.debug("table of contents on pages %s", sorted(toc_pages))
    return [l for l in lines if l.page not in toc_pages and not (h.TOC_LEADER_RE.search(l.text) and h.match_item(l.text))]


def _paragraphs_besides_entries(page_lines: list[Line]) -> int:
    """Lines that start something other than an entry: not an entry, a TOC title or a wrapped entry."""
    count = 0
    for prev, line in zip([None, *page_lines], page_lines):
        text = line.text.strip()
        if not text or line.is_link or h.TOC_TITLE_RE.match(text) or h.match_item(text) or h.match_group(text):
            continue
        wrapped = prev is not None and not line.para_break and _style(prev) == _style(line)
        if not wrapped:
            count += 1
    return count


def _toc_entry(line: Line, pages: int) -> bool:
    """`3.6. Title 20`: an item or group heading followed by the number of a later page."""
    m = _TOC_PAGE_NUMBER_RE.search(line.text)
    return bool(m) and line.page < int(m[1]) <= pages and bool(h.match_item(line.text) or h.match_group(line.text))


def _style(line: Line) -> tuple[bool | None, float | None]:
    return (line.bold, round(line.size, 1) if line.size else None)


def _is_heading_line(line: Line, body_size: float | None) -> bool:
    """Could this line be a heading at all, by its look (where the reader knows it)?"""
    if line.bold is False and not (line.size and body_size and line.size > body_size + 0.5):
        # Known not bold and not larger: only a heading at the start of a paragraph.
        return line.para_break and not line.text[:1].islower()
    return line.para_break or bool(line.bold)


@dataclass
class _Heading:
    """An item heading found on a line: number, title and how it is printed."""

    number: str
    title: str
    style: str  # "kl" (3.4), "punkt" (Punkt 7, Pkt. 42, Sag nr. 129) or "single" (7. Title)
    added: bool = False
    title_lines: list[int] = field(default_factory=list)  # a title printed before its number line


class _ItemBuilder:
    """Walks the lines once, opening an item at each heading that fits the numbering so far.

    `7. Title` opens a "single" item that turns into a group when `7.1` follows (KL's
    `3. Regionalpolitiske sager`); otherwise it is an item with its own sections.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.items: list[Item] = []
        self.draft: _Draft | None = None
        self.single_draft = False  # the draft was opened by `7. Title`
        self.group: tuple[str, str, int] | None = None  # number, title, page
        self.last_kl: tuple[int, int] = (0, 0)
        self.last_single = 0
        self.last_punkt = 0
        self.single_style: tuple[bool | None, float | None] | None = None
        self.title_line: Line | None = None  # the last line of the title, while it may wrap

    def close(self) -> None:
        if self.draft is not None:
            self.items.append(_finish(self.draft))
        self.draft = None
        self.single_draft = False

    def listed_before(self, head: _Heading) -> bool:
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
        return any(
            item.number == head.number and title and (title.startswith(item.title.casefold()) or
                                                      item.title.casefold().startswith(title))
            for item in seen
        )

    def fits(self, head: _Heading, line: Line) -> bool:
        """Does the heading continue the numbering (numbers go forward, by a plausible step)?"""
        if head.style == "kl":
            major, minor = (int(x) for x in head.number.split("."))
            last_major, last_minor = self.last_kl
            if self.single_draft and self.draft is not None and self.draft.item.number == str(major):
                return minor >= 1
            ok = (major == last_major and minor > last_minor) or (last_major < major <= last_major + 3)
            return ok and major >= self.last_single
        number = int(float(head.number))
        if head.style == "punkt":
            return self.last_punkt < number and (not self.last_punkt or number <= self.last_punkt + 30)
        if number <= max(self.last_single, self.last_kl[0]):
            return False
        if self.last_single and number > self.last_single + 30:
            return False
        # Every item heading of a document is set alike; a numbered bold line in the text is not one.
        if self.single_style is not None and line.bold is not None and _style(line) != self.single_style:
            return False
        return True

    def open(self, head: _Heading, line: Line, page: int) -> None:
        number = head.number
        if head.style == "kl":
            major = int(number.split(".")[0])
            if self.single_draft and self.draft is not None and self.draft.item.number == str(major):
                # `3. Regionalpolitiske sager` followed by 3.1: a group; its own text is an introduction.
                self.group = (self.draft.item.number, self.draft.item.title, self.draft.item.page)
                self.draft = None
                self.single_draft = False
            elif self.group is None or int(self.group[0]) != major:
                self.group = None
            self.close()
            self.last_kl = (major, int(number.split(".")[1]))
            group = f"{self.group[0]}. {self.group[1]}" if self.group else None
        else:
            self.close()
            self.group = None
            group = None
            if head.style == "punkt":
                self.last_punkt = int(float(number))
            else:
                self.last_single = int(number)
                self.single_draft = True
                if self.single_style is None:
                    self.single_style = _style(line)
        item = Item(number=number, title=head.title, page=page, group=group, added=head.added)
        self.draft = _Draft(item=item, heading_style=_style(line))
        self.title_line = None if head.title_lines else line


def _heading(line: Line, text: str, body_size: float | None) -> _Heading | None:
    """The item heading a line could be, by its words and its look."""
    if line.is_link or not _is_heading_line(line, body_size):
        return None
    head = h.match_item(text)
    if head:
        return _Heading(head.number, head.title, head.style, head.added)
    styled = bool(line.bold) or _larger(line, body_size)
    if line.bold is None:
        single = h.match_group(text) if line.para_break else None  # no font: short headings only
    else:
        single = h.match_single(text) if styled else None
    if single:
        return _Heading(single[0], single[1], "single")
    return None


def _larger(line: Line, body_size: float | None) -> bool:
    return bool(line.size and body_size and line.size > body_size + 0.5)


def _title_like(line: Line | None, body_size: float | None, first: bool = True) -> bool:
    """Could the line be (the `first` line of) an item title on a line of its own (by `Sag nr. 129`)?"""
    if line is None or line.is_link or line.table:
        return False
    text = line.text.strip()
    if not text or (first and text[0].islower()) or re.search(r"[.,;:]$", text) or len(text) > 200:
        return False
    if h.is_known_section(text) or h.find_case_number(text) or h.match_item(text) or h.split_inline_label(text):
        return False
    if line.bold is None:
        return line.para_break or not first
    return bool(line.bold) or _larger(line, body_size)


def _titles_before_numbers(lines: list[Line], body_size: float | None) -> dict[int, _Heading]:
    """Items printed as a title line with the number line under it (`Spørgetid` / `Sag nr. 129`).

    A number line on its own (`Pkt. 42`, `Sag nr. 129`) has its title either right after it
    or right before it; the document decides by majority, since a council prints them alike.
    The result maps the index of the title's first line to the heading.
    """
    text_index = [i for i, l in enumerate(lines) if l.text.strip() and not l.is_link]
    candidates = []
    for pos, i in enumerate(text_index):
        head = h.match_item(lines[i].text)
        if head is None or head.style != "punkt" or head.title:
            continue
        prev = lines[text_index[pos - 1]] if pos else None
        nxt = lines[text_index[pos + 1]] if pos + 1 < len(text_index) else None
        before = prev is not None and prev.page == lines[i].page and _title_like(prev, body_size, first=False)
        candidates.append((pos, head, before, _title_like(nxt, body_size)))
    votes_before = sum(1 for _, _, before, after in candidates if before and not after)
    votes_after = sum(1 for _, _, before, after in candidates if after and not before)
    if votes_before <= votes_after:
        return {}
    found: dict[int, _Heading] = {}
    for pos, head, before, _ in candidates:
        if not before:
            continue
        first = pos - 1
        # A wrapped title: lines in the same style with no paragraph gap between them.
        while (
            first > 0
            and not lines[text_index[first]].para_break
            and _style(lines[text_index[first - 1]]) == _style(lines[text_index[first]])
            and _title_like(lines[text_index[first - 1]], body_size, first=False)
        ):
            first -= 1
        if not _title_like(lines[text_index[first]], body_size):
            continue
        title_lines = [text_index[k] for k in range(first, pos + 1)]  # the title lines and the number line
        title = ""
        for k in title_lines[:-1]:
            title = join_wrapped(title, lines[k].text)
        found[title_lines[0]] = _Heading(head.number, h._clean_title(title), "punkt", head.added, title_lines)
    return found


def _items(lines: list[Line], doc: Document) -> list[Item]:
    b = _ItemBuilder(doc)
    titles_before = _titles_before_numbers(lines, doc.body_size)
    consumed: set[int] = set()
    attendance_open = False  # an attendance block inside a decision is being read

    texts = [i for i, l in enumerate(lines) if l.text.strip() and not l.is_link]
    neighbours = {i: (lines[a] if a is not None else None, lines[b_] if b_ is not None else None)
                  for a, i, b_ in zip([None, *texts], texts, [*texts[1:], None])}
    for index, line in enumerate(lines):
        text = line.text.strip()
        if not text or index in consumed:
            continue
        draft = b.draft
        if line.table:  # a table row is never a heading; it stays in the current section
            if draft is not None:
                label_row = _label_row(text)
                if label_row:
                    draft.sections.append((label_row[0], line.page, []))
                    text_line = Line(text=label_row[1], page=line.page, para_break=True, bold=False, size=line.size)
                    draft.sections[-1][2].append(text_line)
                    continue
                if not draft.sections:
                    draft.sections.append((UNTITLED, line.page, []))
                draft.sections[-1][2].append(line)
            continue
        head = titles_before.get(index) or _heading(line, text, doc.body_size)
        if head and not b.fits(head, line) and b.listed_before(head):
            log.debug("items before line %d were a table of contents", index)
            b = _ItemBuilder(doc)  # forget the list
        if head and b.fits(head, line):
            b.open(head, line, line.page)
            consumed.update(head.title_lines)
            attendance_open = False
            continue
        if draft is None:
            continue  # cover, attendance list, table of contents leftovers
        if line.is_link:
            draft.item.links.append(Link(url=text, page=line.page, text=line.link_text))
            continue
        if b.title_line is not None and _continues_title(line, b.title_line, draft):
            draft.item.title = join_wrapped(draft.item.title, text)
            b.title_line = line
            continue
        b.title_line = None
        if not draft.item.title:
            # `Pkt. 42` with the title on the line after it.
            draft.item.title = text
            draft.heading_style = _style(line)
            b.title_line = line
            continue
        if draft.item.case_number is None and not draft.sections:
            case = h.find_case_number(text)
            if case and len(text) < 60:
                draft.item.case_number = case
                continue
        in_decision = bool(draft.sections) and h.is_decision_heading(draft.sections[-1][0])
        if attendance_open:
            if not line.para_break and _names_line(text):
                draft.sections[-1][2].append(line)
                continue
            # The decision goes on after the attendance note.
            attendance_open = False
            decision = next(hd for hd, _, _ in reversed(draft.sections) if h.is_decision_heading(hd))
            if not (line.para_break and _is_section_heading(line, *neighbours[index], draft, doc.body_size)):
                draft.sections.append((decision, line.page, []))
                draft.sections[-1][2].append(line)
                continue
        if _MEETING_END_RE.match(text):
            draft.sections.append((MEETING_END, line.page, [line]))
            continue
        inline = h.split_inline_label(text)
        if inline is None and text.endswith(":") and h.is_attendance_label(text):
            inline = (text, "")  # "Fraværende:" with the names on the lines after it
        if inline:
            label, rest = inline
            attendance = h.is_attendance_label(label)
            draft.sections.append((h.normalise_heading(label), line.page, []))
            if rest:
                draft.sections[-1][2].append(Line(
                    text=rest, page=line.page, para_break=True, bold=line.bold, size=line.size,
                ))
            attendance_open = attendance and in_decision
            continue
        if _is_section_heading(line, *neighbours[index], draft, doc.body_size):
            heading = h.normalise_heading(text)
            draft.sections.append((heading, line.page, []))
            attendance_open = in_decision and h.is_attendance_label(heading)
            continue
        if not draft.sections:
            draft.sections.append((UNTITLED, line.page, []))
        draft.sections[-1][2].append(line)
    b.close()
    items = b.items
    items.sort(key=lambda i: (_sort_key(i.number), i.page))
    return items


def _label_row(text: str) -> tuple[str, str] | None:
    """A two-cell table row `Beslutning | Godkendt.`: a section label and its text."""
    cells = text.split(" | ")
    if len(cells) == 2 and cells[1].strip() and h.is_known_section(cells[0]):
        return h.normalise_heading(cells[0]), cells[1].strip()
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
    """A wrapped title: the next line in the same style, with no paragraph gap."""
    if draft.sections or draft.item.case_number or line.para_break:
        return False
    if line.bold is None or line.bold != title_line.bold:
        return False
    if h.is_known_section(line.text) or h.find_case_number(line.text):
        return False
    return _style(line) == draft.heading_style


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
    in_decision = bool(draft.sections) and h.is_decision_heading(draft.sections[-1][0])
    larger = bool(line.size and body_size and line.size > body_size + 0.5)
    styled = bool(line.bold) or larger
    own_line = line.para_break or (styled and _set_apart(line, prev, nxt))
    if h.is_known_section(text) and (own_line or line.bold):
        return True
    if not h.looks_like_heading(h.normalise_heading(text)):
        return False
    if in_decision:
        body_lines = draft.sections[-1][2]
        return styled and own_line and bool(body_lines) and not any(_style(l) == _style(line) for l in body_lines)
    if styled and own_line:
        return True
    # Capitals: a short line in capitals after a gap, when the text before is not in capitals.
    return (
        line.para_break
        and _capitals(text)
        and (line.bold is None or prev is None or not _capitals(prev.text))
    )


def _set_apart(line: Line, prev: Line | None, nxt: Line | None) -> bool:
    """The line's style differs from the lines before and after it (or it starts/ends a page)."""
    before = prev is None or prev.page != line.page or _style(prev) != _style(line)
    after = nxt is None or nxt.page != line.page or nxt.para_break or _style(nxt) != _style(line)
    return before and after


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


def _finish(draft: _Draft) -> Item:
    item = draft.item
    item.title = item.title.strip()
    decisions: dict[str, tuple[int, list[str]]] = {}  # heading -> (page of its first text, texts)
    for heading, page, sec_lines in draft.sections:
        text = lines_to_text(sec_lines)
        if h.is_decision_heading(heading):
            # One decision may be interrupted by an attendance note: its parts are joined.
            first_page = sec_lines[0].page if sec_lines else page
            if text:
                decisions.setdefault(heading, (first_page, []))[1].append(text)
        elif text or not h.is_attendance_label(heading):
            item.sections.append(Section(heading=heading, text=text, page=page))
    if decisions:
        item.decision = h.join_decisions([(hd, "\n\n".join(texts)) for hd, (_, texts) in decisions.items()])
        item.decision_page = list(decisions.values())[-1][0]
    return item
