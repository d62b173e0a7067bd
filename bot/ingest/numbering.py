"""Which lines open agenda items: item headings by their words and look, numbers that go forward.

Pure helpers for `parse.py`. A heading is `3.4. Title` (KL), `Punkt 7: Title`, `Pkt. 42` or
`Sag nr. 129` with the title on the line after or before it, or `7. Title` ("single",
which `parse.py` turns into a group when `7.1` follows). `Numbering` accepts a heading
only when its number goes forward by a plausible step from the last one, so a stray
`2.1` or `4.` in the text after item 3.4 is not an item.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.ingest.clean import join_wrapped
from bot.ingest.headings import (
    NumberStyle,
    clean_title,
    find_case_number,
    is_known_section,
    match_bare_number,
    match_group,
    match_item,
    match_single,
    split_inline_label,
)
from bot.ingest.lines import Line, is_larger, style


@dataclass
class ItemStart:
    """A line that may open an agenda item: its number, title and how the number is printed."""

    number: str
    title: str
    style: NumberStyle
    added: bool = False
    title_lines: list[int] = field(default_factory=list)  # a title printed before its number line


def is_heading_line(line: Line, body_size: float | None) -> bool:
    """Could this line be a heading at all, by its look (where the reader knows it)?"""
    if line.bold is False and not is_larger(line, body_size):
        # Known not bold and not larger: only a heading at the start of a paragraph.
        return line.para_break and not line.text[:1].islower()
    return line.para_break or bool(line.bold)


def heading_on_line(
    line: Line, text: str, body_size: float | None, under_heading: bool = False
) -> ItemStart | None:
    """The item heading a line could be, by its words and its look.

    `under_heading`: the line right before opened an item that may be a group (`1 First
    Agenda`); its first sub-item (`1.1 Status siden sidst`) may follow with no gap, in body type.
    """
    if line.is_link:
        return None
    head = match_item(text)
    if head and under_heading and head.style == "kl":
        return ItemStart(head.number, head.title, head.style, head.added)
    if not is_heading_line(line, body_size):
        return None
    if head:
        return ItemStart(head.number, head.title, head.style, head.added)
    if line.bold is None:
        single = match_group(text) if line.para_break else None  # no font: short headings only
    elif line.bold or is_larger(line, body_size):
        single = match_single(text) or match_bare_number(text)
    else:
        single = None
    if single:
        return ItemStart(single[0], single[1], "single")
    return None


def title_like(line: Line | None, body_size: float | None, first: bool = True) -> bool:
    """Could the line be (the `first` line of) an item title on a line of its own (by `Sag nr. 129`)?"""
    if line is None or line.is_link or line.table:
        return False
    text = line.text.strip()
    if not text or (first and text[0].islower()) or re.search(r"[.,;:]$", text) or len(text) > 200:
        return False
    if is_known_section(text) or find_case_number(text) or match_item(text) or split_inline_label(text):
        return False
    if line.bold is None:
        return line.para_break or not first
    return bool(line.bold) or is_larger(line, body_size)


def titles_before_numbers(lines: list[Line], body_size: float | None) -> dict[int, ItemStart]:
    """Items printed as a title line with the number line under it (`Spørgetid` / `Sag nr. 129`).

    A number line on its own (`Pkt. 42`, `Sag nr. 129`) has its title either right after it
    or right before it; the document decides by majority, since a council prints them alike.
    The result maps the index of the title's first line to the heading.
    """
    text_index = [i for i, line in enumerate(lines) if line.text.strip() and not line.is_link]
    candidates = []
    for pos, i in enumerate(text_index):
        head = match_item(lines[i].text)
        if head is None or head.style != "punkt" or head.title:
            continue
        prev = lines[text_index[pos - 1]] if pos else None
        nxt = lines[text_index[pos + 1]] if pos + 1 < len(text_index) else None
        before = prev is not None and prev.page == lines[i].page and title_like(prev, body_size, first=False)
        candidates.append((pos, head, before, title_like(nxt, body_size)))
    votes_before = sum(1 for _, _, before, after in candidates if before and not after)
    votes_after = sum(1 for _, _, before, after in candidates if after and not before)
    if votes_before <= votes_after:
        return {}
    found: dict[int, ItemStart] = {}
    for pos, head, before, _ in candidates:
        if not before:
            continue
        first = pos - 1
        # A wrapped title: lines in the same style with no paragraph gap between them.
        while (
            first > 0
            and not lines[text_index[first]].para_break
            and style(lines[text_index[first - 1]]) == style(lines[text_index[first]])
            and title_like(lines[text_index[first - 1]], body_size, first=False)
        ):
            first -= 1
        if not title_like(lines[text_index[first]], body_size):
            continue
        title_lines = [text_index[k] for k in range(first, pos + 1)]  # the title lines and the number line
        title = ""
        for k in title_lines[:-1]:
            title = join_wrapped(title, lines[k].text)
        found[title_lines[0]] = ItemStart(head.number, clean_title(title), "punkt", head.added, title_lines)
    return found


class Numbering:
    """The numbers seen so far; a heading fits when its number goes forward by a plausible step."""

    def __init__(self) -> None:
        self.last_kl: tuple[int, int] = (0, 0)
        self.last_single = 0
        self.last_punkt = 0
        self.single_style: tuple[bool | None, float | None] | None = None

    def fits(self, head: ItemStart, line: Line, open_single: str | None = None) -> bool:
        """Does the heading continue the numbering? `open_single`: the number of an open `7. Title`."""
        if head.style == "kl":
            major, minor = (int(x) for x in head.number.split("."))
            if open_single == str(major):
                return minor >= 1  # `7.1` under `7. Title`: the single item was a group
            last_major, last_minor = self.last_kl
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
        return self.single_style is None or line.bold is None or style(line) == self.single_style

    def advance(self, head: ItemStart, line: Line) -> None:
        """Record an accepted heading."""
        if head.style == "kl":
            major, minor = (int(x) for x in head.number.split("."))
            self.last_kl = (major, minor)
        elif head.style == "punkt":
            self.last_punkt = int(float(head.number))
        else:
            self.last_single = int(head.number)
            if self.single_style is None:
                self.single_style = style(line)
