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
    found_body, found_date = find_body_and_date(doc)
    meeting = Meeting(body=body or found_body or "", date=(parse_date(date) if date else found_date) or "")
    meeting.pages = doc.pages
    meeting.items = _items(lines, doc)
    if not meeting.items:
        raise ParseError("ingen dagsordenspunkter fundet (som '3.4. Titel' eller 'Punkt 7: Titel'); er det et referat?")
    return meeting


def _drop_toc(lines: list[Line], pages: int) -> list[Line]:
    """Remove table-of-contents pages and dotted-leader TOC entries.

    A TOC page has a TOC title and entries, or dotted leaders, or (a TOC page
    without its title, e.g. the second one) several item/group entries ending in
    the number of a later page.
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
        if (titled and entries >= 3 and sections == 0) or leaders >= 3 or (numbered >= 3 and sections == 0):
            toc_pages.add(page)
    if toc_pages:
        log.debug("table of contents on pages %s", sorted(toc_pages))
    return [l for l in lines if l.page not in toc_pages and not (h.TOC_LEADER_RE.search(l.text) and h.match_item(l.text))]


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


def _items(lines: list[Line], doc: Document) -> list[Item]:
    items: list[Item] = []
    draft: _Draft | None = None
    group: tuple[str, str, int] | None = None  # number, title, page
    group_used = False
    last_group = 0
    last_item: tuple[int, int] = (0, 0)
    last_punkt = 0
    last_title_line: Line | None = None

    def close() -> None:
        nonlocal draft
        if draft is not None:
            items.append(_finish(draft))
        draft = None

    def close_group() -> None:
        # A group with no items of its own (`5. KKR`, `7. Eventuelt`) is an item.
        nonlocal group
        if group is not None and not group_used:
            items.append(Item(number=group[0], title=group[1], page=group[2]))
        group = None

    texts = [i for i, l in enumerate(lines) if l.text.strip() and not l.is_link]
    neighbours = {i: (lines[a] if a is not None else None, lines[b] if b is not None else None)
                  for a, i, b in zip([None, *texts], texts, [*texts[1:], None])}
    for index, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            continue
        if line.table:  # a table row is never a heading; it stays in the current section
            if draft is not None:
                if not draft.sections:
                    draft.sections.append((UNTITLED, line.page, []))
                draft.sections[-1][2].append(line)
            continue
        headlike = _is_heading_line(line, doc.body_size)
        item_head = h.match_item(text) if headlike and not line.is_link else None
        if item_head:
            number = item_head.number
            if item_head.style == "kl":
                major, minor = (int(x) for x in number.split("."))
                ok = (major == last_item[0] and minor > last_item[1]) or (last_item[0] < major <= last_item[0] + 3)
                ok = ok and major >= last_group
            else:
                major, minor = int(float(number)), 0
                ok = last_punkt < float(number) <= last_punkt + 30
            if ok:
                close()
                if item_head.style == "kl" and (group is None or int(group[0]) != major):
                    close_group()
                    group_used = False
                if item_head.style == "punkt":
                    last_punkt = int(float(number))
                last_item = (major, minor)
                group_used = True
                item = Item(
                    number=number,
                    title=item_head.title,
                    page=line.page,
                    group=f"{group[0]}. {group[1]}" if group and item_head.style == "kl" else None,
                    added=item_head.added,
                )
                draft = _Draft(item=item, heading_style=_style(line))
                last_title_line = line
                continue
        group_head = h.match_group(text) if headlike and line.bold is not False else None
        if group_head and last_group < int(group_head[0]) <= last_group + 3 and int(group_head[0]) > last_item[0]:
            close()
            close_group()
            group = (group_head[0], group_head[1], line.page)
            group_used = False
            last_group = int(group_head[0])
            last_title_line = None
            continue
        if draft is None:
            continue  # cover, mission page, text between a group heading and its first item
        if line.is_link:
            draft.item.links.append(Link(url=text, page=line.page, text=line.link_text))
            continue
        if last_title_line is not None and _continues_title(line, last_title_line, draft):
            draft.item.title = join_wrapped(draft.item.title, text)
            last_title_line = line
            continue
        last_title_line = None
        if not draft.item.title:
            draft.item.title = text
            continue
        if draft.item.case_number is None and not draft.sections:
            case = h.find_case_number(text)
            if case and len(text) < 60:
                draft.item.case_number = case
                continue
        if _is_section_heading(line, *neighbours[index], draft, doc.body_size):
            draft.sections.append((h.normalise_heading(text), line.page, []))
            continue
        if not draft.sections:
            draft.sections.append((UNTITLED, line.page, []))
        draft.sections[-1][2].append(line)
    close()
    close_group()
    items.sort(key=lambda i: (_sort_key(i.number), i.page))
    return items


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
    decisions: list[tuple[str, int, str]] = []
    for heading, page, sec_lines in draft.sections:
        text = lines_to_text(sec_lines)
        if h.is_decision_heading(heading):
            first_page = sec_lines[0].page if sec_lines else page
            decisions.append((heading, first_page, text))
        else:
            item.sections.append(Section(heading=heading, text=text, page=page))
    if decisions:
        if len(decisions) == 1:
            item.decision = decisions[0][2]
        else:  # e.g. "Beslutning i Økonomiudvalget …" then "Beslutning i Byrådet …"
            item.decision = "\n\n".join(f"{hd}:\n{tx}" if tx else f"{hd}:" for hd, _, tx in decisions)
        item.decision_page = decisions[-1][1]
    return item

