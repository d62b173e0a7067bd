"""Reader for referat text in the extracted-text layout of `data/referater/*.txt`.

That layout (pdfplumber text, one file per document): lines are separated by a
blank line; a line holding a lone space marks a paragraph break; two lines with
no blank between are one wrapped line (a heading over two lines), unless the
second begins with a space, which starts a new page. Link annotations follow
their page as bare URLs. Running headers (`KKR Hovedstaden | 25-11-2022`,
`SIDE | 7`) start a page too and carry the printed page number, which fixes the
page numbering when pages without text were dropped from the file.
"""
from __future__ import annotations

import logging
from collections import Counter

from bot.ingest.clean import join_wrapped, mid_sentence_page_break
from bot.ingest.lines import PAGE_NUMBER_RE, RUNNING_HEADER_RE, URL_RE, Document, Line
from bot.model import Link

log = logging.getLogger(__name__)


def read_text_layout(text: str) -> Document:
    """Split extracted referat text into pages and lines."""
    raw = text.replace("\r\n", "\n").split("\n")
    lines: list[Line] = []
    links: list[Link] = []
    headers: list[tuple[str, str]] = []
    printed: list[tuple[int, int]] = []  # (page index, printed number)
    page = 1
    page_has_text = False
    para_break = True
    blank_run = 0
    prev_content = False  # the previous raw line was content (not a separator)
    i = 0
    while i < len(raw):
        line = raw[i]
        i += 1
        if line == "":
            blank_run += 1
            prev_content = False
            if blank_run >= 3:  # separator, empty line, separator: a gap
                para_break = True
            continue
        adjacent = prev_content
        # A lone space marks a paragraph: the line right after it is no wrapped continuation.
        prev_content = bool(line.strip())
        blank_run = 0
        if not line.strip():
            para_break = True
            continue
        header = RUNNING_HEADER_RE.match(line)
        if header or (PAGE_NUMBER_RE.match(line) and _near_header(raw, i - 1)):
            if header:
                if page_has_text:
                    page += 1
                    page_has_text = False
                headers.append((header["body"].strip(), header["date"]))
            else:
                number = PAGE_NUMBER_RE.match(line)
                assert number is not None  # a page-number line, or the header branch above
                printed.append((page, int(number["n"])))
            para_break = False  # the blank lines around a header are page furniture
            continue
        marked_gap = para_break
        if adjacent and line.startswith(" ") and page_has_text:
            page += 1
            page_has_text = False
        if not page_has_text:
            # A page starts a paragraph unless the break falls mid-sentence. The links listed
            # after the previous page are not its text: the sentence is judged on its last line.
            last = next((ln for ln in reversed(lines) if not ln.is_link), None)
            continues = last is not None and mid_sentence_page_break(last.text, line)
            para_break = marked_gap or not continues
        elif adjacent and lines and not line.startswith(" ") and not URL_RE.match(line):
            lines[-1].text = join_wrapped(lines[-1].text, line.strip())
            continue
        url = URL_RE.match(line)
        if url:
            links.append(Link(url=url[1], page=page))
            lines.append(Line(text=url[1], page=page, para_break=True, is_link=True))
        else:
            lines.append(Line(text=line.strip(), page=page, para_break=para_break))
        page_has_text = True
        para_break = False
    offset = _page_offset(printed)
    if offset:
        for ln in lines:
            ln.page += offset
        for link in links:
            link.page += offset
    return Document(lines=lines, pages=page + offset, links=links, headers=headers)


def _near_header(raw: list[str], index: int) -> bool:
    """A page-number line counts only right after a running header (within 3 raw lines)."""
    return any(RUNNING_HEADER_RE.match(raw[j]) for j in range(max(0, index - 3), index))


def _page_offset(printed: list[tuple[int, int]]) -> int:
    """Printed minus counted page number, by majority; 0 when the text prints none."""
    if not printed:
        return 0
    offsets = Counter(number - index for index, number in printed)
    offset, votes = offsets.most_common(1)[0]
    if len(offsets) > 1:
        log.warning("printed page numbers disagree (%s); using offset %d", dict(offsets), offset)
    return offset if offset >= 0 else 0
