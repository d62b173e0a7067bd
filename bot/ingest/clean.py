"""Text clean-up shared by the readers: undoing line-end hyphenation, paragraphs."""
from __future__ import annotations

import re

from bot.ingest.headings import is_section_line, match_group, match_item
from bot.ingest.lines import Line
from bot.sentences import is_bullet

# Words after which a line-end hyphen is a real one: "sundheds- og omsorgs…".
_ELLIPSIS_NEXT = {"og", "eller", "samt", "til", "som", "m.fl.", "&"}


def join_wrapped(left: str, right: str) -> str:
    """Join two wrapped lines, undoing line-end hyphenation where it is only typography.

    `be-` + `skæftigelsesindsats` -> `beskæftigelsesindsats`, `Infrastruktur -` + `plan`
    -> `Infrastrukturplan`; but `KKR-` + `formanden` keeps its hyphen, and so does
    `sundheds-` + `og`.
    """
    left = left.rstrip()
    right = right.strip()
    if not left:
        return right
    if not right:
        return left
    if left.endswith("-") and not left.endswith("--"):
        stem = left[:-1].rstrip()
        tail = stem.split()[-1] if stem.split() else ""
        first = right.split()[0]
        if first.casefold() in _ELLIPSIS_NEXT or not tail:
            return f"{left} {right}"
        # After a capital, a digit or another hyphen the hyphen belongs to the word
        # (SOSU-området, DK2020-planerne, KKR-formanden); a lowercase start after a
        # lowercase letter is typographic hyphenation.
        last = stem[-1]
        if last.islower() and first[0].islower():
            return stem + right
        return left + right
    return f"{left} {right}"


_NUMBER_TOKEN_RE = re.compile(r"^[-+]?\d[\d.,]*%?$")


def is_table_row(text: str) -> bool:
    """A line of a table flattened to text: three or more numeric cells, most of the line.

    A sentence with a few numbers in it ("… 2016. På mødet den 11. november 2022 …")
    is not a row.
    """
    tokens = text.split()
    numbers = sum(1 for tok in tokens if _NUMBER_TOKEN_RE.match(tok))
    return numbers >= 3 and numbers * 5 >= len(tokens) * 2


def _is_sub_heading(first: str, following: str, width: int) -> bool:
    """A short unpunctuated line opening a paragraph, then a capital: a sub-heading.

    Up to 55 characters any such line; up to 70 (`Politisk møde om tværgående klimaindsatser
    den 14. december 2022`) only a line of at most nine words with no sentence punctuation
    inside, and only when the next word would have fit on it: a paragraph's first full line
    has more words, a comma, or no room left.
    """
    if re.search(r"[.,;:!?\-–]$", first) or not (first[:1].isupper() and following[:1].isupper()):
        return False
    if len(first) < 55:
        return True
    return (
        len(first) < 70
        and len(first.split()) <= 9
        and not re.search(r"[,;:!?]|\.\s+[A-ZÆØÅ]", first)
        and len(first) + 1 + len(following.split()[0]) <= width
    )


# A line ending this far short of the column, before a capital, ends where the writer ended it.
_SHORT_LINE = 0.75


def _column_width(lines: list[Line]) -> int:
    """The text column's width in characters: the 90th percentile of the lines' lengths."""
    lengths = sorted(len(line.text.strip()) for line in lines if not line.table and not line.is_link)
    return lengths[(len(lengths) * 9) // 10] if lengths else 0


def _ends_line(previous: str, text: str, width: int, entries: bool) -> bool:
    """The previous line was ended by the writer, not by wrapping, before a capitalised word.

    Ragged-right text wraps a line only when the next word does not fit, so a short line
    ends a list entry or a heading (`– Internationalisering` / `Dertil kommer …`, a
    wrapped sub-heading's `ter` / `KKR Hovedstadens …`). In a list of entries (`Bilag`)
    every capital starts an entry. A hyphenated line end is always a wrap, and so is a
    colon outside a list: the sentence goes on after it (`Indstillingen godkendt med denne
    bemærkning:` / `Gruppen af unge …`; a list after a colon is told by its bullets).
    """
    first = text.split()[0]
    if not first[:1].isupper() or previous.endswith("-") or (previous.endswith(":") and not entries):
        return False
    return entries or (width > 0 and len(previous) + 1 + len(first) <= _SHORT_LINE * width)


def continues_across_page(previous: str, text: str) -> bool:
    """True when a page break falls mid-sentence, so no paragraph starts there."""
    previous = previous.rstrip()
    return bool(previous) and not re.search(r"[.:!?;)”\"]$", previous) and not is_bullet(text)


def mid_sentence_page_break(previous: str, line: str) -> bool:
    """True when a page break falls mid-sentence, so the paragraph goes on.

    Never before a heading at the top of the page: an item or group heading, or a known
    section name standing alone on its line (`Baggrund` after a case number that has no
    full stop is a heading, not the sentence going on).
    """
    text = line.strip()
    return continues_across_page(previous, text) and not (
        match_item(text) or match_group(text) or is_section_line(text)
    )


def lines_to_text(lines: list[Line], entries: bool = False) -> str:
    """Assemble lines into text: wrapped lines joined, paragraphs separated by a blank line.

    List items, table rows, sub-headings and lines the writer ended short stay on lines of
    their own; a table is a paragraph. `entries`: the lines are a list (`Bilag`), so every
    line starting with a capital is an entry of its own.
    """
    return text_and_page_breaks(lines, lines[0].page if lines else 1, entries)[0]


def text_and_page_breaks(lines: list[Line], first_page: int, entries: bool = False) -> tuple[str, list[int]]:
    """The text `lines_to_text` makes, and the offsets in it where a page after `first_page` starts.

    An offset points at the first character of the new page's first line as it stands in
    the final text (after dehyphenation, joining and paragraphing), so it may fall inside
    a word that was hyphenated across the break. It is listed once per page crossed: a
    page without text for these lines repeats the offset.
    """
    paragraphs: list[list[str]] = []
    previous = ""  # the previous physical line, before joining
    previous_table = False
    breaks: list[int] = []
    page = first_page
    done = 0  # characters of the text before the current paragraph, separators included
    width = _column_width(lines)
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        if not paragraphs or line.para_break or line.table != previous_table:
            if paragraphs:
                done += len("\n".join(paragraphs[-1])) + 2
            paragraphs.append([text])
        elif (
            line.table
            or is_bullet(text)
            or is_table_row(text)
            or is_table_row(previous)
            or (len(paragraphs[-1]) == 1 and paragraphs[-1][0] == previous and _is_sub_heading(previous, text, width))
            or _ends_line(previous, text, width, entries)
        ):
            paragraphs[-1].append(text)
        else:
            paragraphs[-1][-1] = join_wrapped(paragraphs[-1][-1], text)
        if line.page > page:
            # join_wrapped keeps the new line's text whole at the end of the joined line.
            start = done + len("\n".join(paragraphs[-1])) - len(text)
            breaks += [start] * (line.page - page)
            page = line.page
        previous = text
        previous_table = line.table
    return "\n\n".join("\n".join(p) for p in paragraphs), breaks
