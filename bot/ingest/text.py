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
    reader = _TextReader(text.replace("\r\n", "\n").split("\n"))
    for i in range(len(reader.raw)):
        reader.feed(i)
    return reader.document()


class _TextReader:
    """The state while the raw lines are read one by one."""

    def __init__(self, raw: list[str]) -> None:
        self.raw = raw
        self.lines: list[Line] = []
        self.links: list[Link] = []
        self.headers: list[tuple[str, str]] = []
        self.printed: list[tuple[int, int]] = []  # (page index, printed number)
        self.page = 1
        self.page_has_text = False
        self.para_break = True
        self.blank_run = 0
        self.prev_content = False  # the previous raw line was content (not a separator)

    def feed(self, i: int) -> None:
        """Read raw line `i`."""
        line = self.raw[i]
        if line == "":
            self.blank_run += 1
            self.prev_content = False
            if self.blank_run >= 3:  # separator, empty line, separator: a gap
                self.para_break = True
            return
        adjacent = self.prev_content
        # A lone space marks a paragraph: the line right after it is no wrapped continuation.
        self.prev_content = bool(line.strip())
        self.blank_run = 0
        if not line.strip():
            self.para_break = True
        elif not self._furniture(line, i):
            self._content(line, adjacent)

    def _furniture(self, line: str, i: int) -> bool:
        """A running header or the page number under it: noted, and no text."""
        header = RUNNING_HEADER_RE.match(line)
        number = PAGE_NUMBER_RE.match(line) if header is None and _near_header(self.raw, i) else None
        if header:
            if self.page_has_text:
                self.page += 1
                self.page_has_text = False
            self.headers.append((header["body"].strip(), header["date"]))
        elif number:
            self.printed.append((self.page, int(number["n"])))
        else:
            return False
        self.para_break = False  # the blank lines around a header are page furniture
        return True

    def _content(self, line: str, adjacent: bool) -> None:
        """A line of text, a link URL, or the wrapped continuation of the line before."""
        marked_gap = self.para_break
        if adjacent and line.startswith(" ") and self.page_has_text:
            self.page += 1
            self.page_has_text = False
        if not self.page_has_text:
            # A page starts a paragraph unless the break falls mid-sentence. The links listed
            # after the previous page are not its text: the sentence is judged on its last line.
            last = next((ln for ln in reversed(self.lines) if not ln.is_link), None)
            continues = last is not None and mid_sentence_page_break(last.text, line)
            self.para_break = marked_gap or not continues
        elif adjacent and self.lines and not line.startswith(" ") and not URL_RE.match(line):
            self.lines[-1].text = join_wrapped(self.lines[-1].text, line.strip())
            return
        url = URL_RE.match(line)
        if url:
            self.links.append(Link(url=url[1], page=self.page))
            self.lines.append(Line(text=url[1], page=self.page, para_break=True, is_link=True))
        else:
            self.lines.append(Line(text=line.strip(), page=self.page, para_break=self.para_break))
        self.page_has_text = True
        self.para_break = False

    def document(self) -> Document:
        """The lines read, renumbered by the printed page numbers."""
        offset = _page_offset(self.printed)
        if offset:
            for ln in self.lines:
                ln.page += offset
            for link in self.links:
                link.page += offset
        return Document(lines=self.lines, pages=self.page + offset, links=self.links, headers=self.headers)


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
