"""PDF reader (pdfplumber): pages -> visual Lines with bold/size, links and tables.

Two steps. `_extract` is the only part that touches pdfplumber: per page it takes the
words (with font name and size), ruled tables, link annotations and the number of
images, and turns every failure of the PDF library into an `IngestError` with a
Danish reason. `build_document` is pure: words -> visual lines, running headers and
footers removed, table rows and link lines put in reading order, paragraph breaks
from the vertical spacing.
"""
from __future__ import annotations

import io
import logging
import re
import statistics
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from bot.ingest.clean import mid_sentence_page_break
from bot.ingest.headings import is_known_section, match_group, match_item
from bot.ingest.lines import (
    BARE_PAGE_NUMBER_RE,
    PAGE_NUMBER_RE,
    RUNNING_HEADER_RE,
    Document,
    IngestError,
    Line,
)
from bot.model import Link

log = logging.getLogger(__name__)

# Font names of bold faces: "Arial-BoldMT", "ABCDEF+DejaVuSans-Bold", "Calibri,Bold",
# "Helvetica-Black", "SegoeUI-Semibold", "Arial,B".
_BOLD_FONT_RE = re.compile(r"(?i:bold|black|heavy|demi(?!light))|,BI?$")
HEADER_BAND = 0.12  # the top 12% of a page holds running headers
FOOTER_BAND = 0.90  # lines starting below 90% of the height are footers
FURNITURE_DRIFT = 0.03  # share of the page height a repeated header may move between pages
FURNITURE_EDGE_LINES = 6  # furniture is looked for among this many lines at the top and at the bottom of a page

# Tolerances, named the way pdfplumber names DEFAULT_X_TOLERANCE. "× size" is the font size
# of the word or line concerned, so the same rule holds for 8-point footers and 14-point titles.
WORD_GAP_TOLERANCE = 0.18  # × size: a wider gap between two characters starts a new word
CHAR_BACKTRACK_TOLERANCE = 0.1  # points: a character this far left of the one before starts a new word
WORD_BASELINE_TOLERANCE = 0.5  # × size: a character this far above or below the one before starts a new word
LINE_OVERLAP = 0.5  # share of the smaller height two words overlap vertically to share a visual line
TOUCHING_TOLERANCE = 0.1  # × size: words closer than this were split only by a change of font
SEGMENT_GAP = 4.0  # × size: a gap this wide splits a line into parts (a header's left and right)
LABEL_COLUMN_GAP = 1.5  # × size: a gap this wide after a section name sets it apart as a label column
LABEL_MAX_WORDS = 5  # a label in a label column has at most this many words
PARAGRAPH_GAP_MIN = 1.5  # points: a paragraph gap is at least this much wider than the usual line gap
PARAGRAPH_GAP_FACTOR = 0.4  # × size: … or this much, whichever is more
DEFAULT_LINE_GAP = 0.2  # × size: the usual line gap when a document has too few lines to measure it
MIN_GAPS_FOR_MEDIAN = 5  # fewer line gaps than this on a page: use the document's usual gap
INDENT_TOLERANCE = 0.8  # × size: a first line starting this far right of the line before is indented
INDENT_RETURN_TOLERANCE = 0.3  # × size: … when the line after it is back at the margin within this
BLOCK_GAP_RATIO = 1.5  # a gap this many times the paragraph gap sets a block (a field) apart
BLOCK_GAP_MIN = 0.5  # × size: … and it is at least this much wider than the paragraph gap
LINK_TOLERANCE = 1.0  # points: a word whose centre lies this close outside a link's box is under it

NOT_PDF = "filen er ikke en PDF (mangler %PDF-signaturen)"
CORRUPT = "PDF-filen er beskadiget og kan ikke læses; hent eller gem den igen"
TRUNCATED = "PDF-filen er afkortet (slutningen mangler, fx efter en afbrudt download); hent den igen"
ENCRYPTED = "PDF-filen er krypteret med en adgangskode; gem en udgave uden adgangskode og prøv igen"
SCANNED = (
    "PDF-filen har intet tekstlag (kun billeder, fx en skanning); "
    "kør tekstgenkendelse (OCR, fx ocrmypdf) på den og prøv igen"
)
NO_TEXT = "PDF-filen indeholder ingen tekst"


@dataclass
class Word:
    """A word as the PDF places it (top/bottom measured from the top of the page)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass
class Table:
    """A ruled table: its box and its rows (top of the row, cell texts; None = spanned)."""

    bbox: tuple[float, float, float, float]
    rows: list[tuple[float, list[str | None]]]


@dataclass
class Annotation:
    """A link annotation: its URI and rectangle."""

    uri: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class RawPage:
    """What the PDF library gives for one page; `number` is physical and 1-based."""

    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    links: list[Annotation] = field(default_factory=list)
    images: int = 0


@dataclass
class _VLine:
    """A visual line while the page is assembled."""

    words: list[Word]
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float | None = None
    bold: bool | None = None
    table: bool = False
    link: Annotation | None = None
    link_text: str | None = None
    label: bool = False  # a section label from a left label column (`Beslutning` | text)


def read_pdf(data: bytes) -> Document:
    """Read a PDF's text layer into lines; bad PDFs raise IngestError with a Danish reason."""
    if not data.lstrip().startswith(b"%PDF-"):
        raise IngestError(NOT_PDF)
    # Some systems pad a complete file with NUL bytes after its `%%EOF` (SBSYS): still a whole PDF.
    if b"%%EOF" not in data.rstrip(b"\x00\r\n\t\f ")[-2048:]:
        raise IngestError(TRUNCATED)
    pages = _extract(data)
    if not any(p.words or p.tables for p in pages):
        raise IngestError(SCANNED if any(p.images for p in pages) else NO_TEXT)
    scanned = [p.number for p in pages if p.images and not p.words]
    if scanned:
        # Said to the user, so in Danish.
        log.warning("side %s er kun billeder uden tekstlag (skannet?); deres indhold kommer ikke med",
                    ", ".join(map(str, scanned)))
    return build_document(pages)


@contextmanager
def _quiet() -> Iterator[None]:
    """Keep pdfminer's log chatter and library warnings out of the user's terminal."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _extract(data: bytes) -> list[RawPage]:
    """Open the PDF with pdfplumber and take out words, tables, links and images per page."""
    try:
        with _quiet(), pdfplumber.open(io.BytesIO(data)) as pdf:
            return [_extract_page(page) for page in pdf.pages]
    except (PdfminerException, MalformedPDFException, PSException) as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise IngestError(ENCRYPTED) from exc
        log.debug("pdfminer failed: %r", cause)
        raise IngestError(CORRUPT) from exc
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, EOFError, OSError) as exc:
        # Broken streams and object tables surface as plain Python errors deep in pdfminer.
        log.debug("PDF library failed: %r", exc)
        raise IngestError(CORRUPT) from exc


_Char = tuple[str, float, float, float, float, float, str]  # text, x0, x1, top, bottom, size, font name


def _extract_page(page: Page) -> RawPage:
    """Words, tables, links and images of one page."""
    raw = RawPage(number=page.page_number, width=float(page.width), height=float(page.height))
    chars, rules = _walk_layout(page, raw)
    raw.words = _words(chars)
    if rules:
        raw.tables = _tables(page)
    for link in page.hyperlinks:
        uri = link.get("uri")
        if uri:
            raw.links.append(Annotation(uri.strip(), link["x0"], link["x1"], link["top"], link["bottom"]))
    return raw


def _walk_layout(page: Page, raw: RawPage) -> tuple[list[_Char], bool]:
    """The page's upright characters (counting its images into `raw`), and whether it has rules.

    Characters come straight from pdfminer's layout objects: pdfplumber's own char
    dictionaries cost several times more, and only a page with rules needs them
    (for `find_tables`).
    """
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    chars: list[_Char] = []
    horizontal = vertical = 0
    stack = [iter(page.layout)]
    while stack:
        obj = next(stack[-1], None)
        if obj is None:
            stack.pop()
        elif isinstance(obj, LTChar):
            if obj.upright:
                top = raw.height - obj.y1 + mb_top
                chars.append(
                    (obj.get_text(), obj.x0 + mb_x0, obj.x1 + mb_x0, top, top + obj.height, obj.size, obj.fontname)
                )
        elif isinstance(obj, LTImage):
            raw.images += 1
        elif isinstance(obj, LTContainer):
            stack.append(iter(obj))
        elif isinstance(obj, LTCurve):
            wide, tall = obj.width > obj.height, obj.height > obj.width
            if isinstance(obj, LTLine):
                horizontal, vertical = horizontal + wide, vertical + tall
            else:  # a rectangle or path: its sides may be rules
                horizontal, vertical = horizontal + 2, vertical + 2
    # Only a page with rules both ways can hold a ruled table.
    return chars, horizontal >= 2 and vertical >= 2


def _tables(page: Page) -> list[Table]:
    """The page's ruled tables (a framed box of one cell or one row is no table)."""
    tables = []
    for table in page.find_tables():
        cells = table.extract()
        if len(cells) < 2 or max(len(r) for r in cells) < 2:
            continue
        tops = [row.bbox[1] for row in table.rows]
        tables.append(Table(bbox=table.bbox, rows=list(zip(tops, cells, strict=True))))
    return tables


_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\u00a0": " "}
)


def _words(chars: list[_Char]) -> list[Word]:
    """Characters (in content-stream order) joined into words at spaces and gaps."""
    bold_font: dict[str, bool] = {}
    words: list[Word] = []
    run: list[_Char] = []

    def flush() -> None:
        if not run:
            return
        text = "".join(c[0] for c in run).translate(_LIGATURES).strip()
        if text:
            sizes = Counter(round(c[5], 1) for c in run)
            for c in run:
                if c[6] not in bold_font:
                    bold_font[c[6]] = bool(_BOLD_FONT_RE.search(c[6] or ""))
            bold = sum(1 for c in run if bold_font[c[6]])
            words.append(
                Word(
                    text=text, x0=min(c[1] for c in run), x1=max(c[2] for c in run),
                    top=min(c[3] for c in run), bottom=max(c[4] for c in run),
                    size=sizes.most_common(1)[0][0], bold=bold * 2 > len(run),
                )
            )
        run.clear()

    for char in chars:
        if not char[0].strip():
            flush()
            continue
        if run:
            last = run[-1]
            size = max(char[5], 1.0)
            if (
                char[1] - last[2] > WORD_GAP_TOLERANCE * size
                or char[1] < last[1] - CHAR_BACKTRACK_TOLERANCE
                or abs(char[3] - last[3]) > WORD_BASELINE_TOLERANCE * size
            ):
                flush()
        run.append(char)
    flush()
    return words


def build_document(pages: list[RawPage]) -> Document:
    """Assemble extracted pages into a Document (pure: no PDF library here)."""
    by_page = {p.number: _visual_lines(p) for p in pages}
    headers, furniture = _strip_furniture(pages, by_page)
    for number, vlines in by_page.items():
        by_page[number] = _split_label_columns(vlines)
    lines: list[Line] = []
    gaps: list[float | None] = []  # per line: the white space above it on its page (None: none measured)
    links: list[Link] = []
    previous: Line | None = None  # the last text line before this page
    placed = {p.number: _place_tables_and_links(p, by_page[p.number]) for p in pages}
    all_gaps = [g for vlines in placed.values() for g in _line_gaps(vlines)]
    # Too few lines to know the usual spacing: assume a leading of about 1.2.
    usual = statistics.median(all_gaps) if len(all_gaps) >= MIN_GAPS_FOR_MEDIAN else None
    for page in pages:
        vlines = placed[page.number]
        breaks = _paragraph_breaks(vlines, usual)
        first = True
        above: _VLine | None = None  # the text line above on this page
        for vl, para_break in zip(vlines, breaks, strict=True):
            if vl.link is not None:
                links.append(Link(url=vl.link.uri, page=page.number, text=vl.link_text))
                lines.append(
                    Line(text=vl.link.uri, page=page.number, para_break=True, is_link=True, link_text=vl.link_text)
                )
                gaps.append(None)
                continue
            if first and not vl.table:
                para_break = not _runs_on(previous, vl)
            first = False
            line = Line(text=vl.text, page=page.number, para_break=para_break or vl.label, bold=vl.bold,
                        size=vl.size, table=vl.table)
            lines.append(line)
            text_above = above is not None and not above.table and not vl.table
            gaps.append(vl.top - above.bottom if above is not None and text_above else None)
            above = vl
            previous = line
    body_size = _body_size(lines)
    _mark_block_breaks(lines, gaps, body_size)
    return Document(
        lines=lines, pages=len(pages), links=links, headers=headers, furniture=furniture, body_size=body_size
    )


def _runs_on(previous: Line | None, first: _VLine) -> bool:
    """A sentence runs on over the page break only in the same type (not after a heading)."""
    if previous is None or previous.table:
        return False
    same_type = (previous.bold, previous.size) == (first.bold, first.size)
    return same_type and mid_sentence_page_break(previous.text, first.text)


def _body_size(lines: list[Line]) -> float | None:
    """The font size most of the text is set in."""
    sizes: Counter[float] = Counter()
    for line in lines:
        if not line.table and not line.is_link and line.size:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else None


def _mark_block_breaks(lines: list[Line], gaps: list[float | None], body_size: float | None) -> None:
    """Mark the paragraph gaps clearly wider than the document's paragraph gap (`Line.block_break`).

    Systems that print an item as fields (FirstAgenda: the decision, then an untitled field)
    set the fields further apart than the paragraphs inside them. The paragraph gap is the
    narrowest common gap above a paragraph of body text, so headings and fields do not
    raise it; a document whose paragraphs are all set alike has no block breaks.
    """
    if body_size is None:
        return
    body = [
        gap for line, gap in zip(lines, gaps, strict=True)
        if gap is not None and line.para_break and not line.bold and line.size == body_size
    ]
    if len(body) < MIN_GAPS_FOR_MEDIAN:
        return
    body.sort()
    paragraph = body[len(body) // 4]  # the lower quartile: the narrowest gap paragraphs commonly have
    for line, gap in zip(lines, gaps, strict=True):
        if gap is not None and line.para_break:
            size = line.size or body_size
            line.block_break = gap > paragraph * BLOCK_GAP_RATIO and gap - paragraph > BLOCK_GAP_MIN * size


def _visual_lines(page: RawPage) -> list[_VLine]:
    """Words outside tables grouped into lines, top to bottom, each left to right.

    A word joins the line above when they overlap vertically by half the smaller
    height, so a larger first word or a superscript stays on its line.
    """
    words = [w for w in page.words if not any(_inside(w, t.bbox) for t in page.tables)]
    words.sort(key=lambda w: (w.top, w.x0))
    lines: list[_VLine] = []
    for word in words:
        current = lines[-1] if lines else None
        overlap = min(current.bottom, word.bottom) - max(current.top, word.top) if current else 0.0
        if current and overlap >= LINE_OVERLAP * min(current.bottom - current.top, word.bottom - word.top):
            current.words.append(word)
            current.top, current.bottom = min(current.top, word.top), max(current.bottom, word.bottom)
        else:
            lines.append(_VLine(words=[word], top=word.top, bottom=word.bottom))
    for line in lines:
        _finish_line(line)
    return lines


def _finish_line(line: _VLine) -> None:
    line.words.sort(key=lambda w: w.x0)
    parts: list[str] = []
    for prev, word in zip([None, *line.words], line.words, strict=False):
        # Words that touch were split only by a change of font ("KKR" bold + "-formanden").
        touching = prev is not None and word.x0 - prev.x1 < TOUCHING_TOLERANCE * word.size
        if parts and touching:
            parts[-1] += word.text
        else:
            parts.append(word.text)
    line.text = " ".join(parts)
    line.x0, line.x1 = line.words[0].x0, max(w.x1 for w in line.words)
    weight: Counter[float] = Counter()
    bold = 0
    for word in line.words:
        weight[word.size] += len(word.text)
        bold += len(word.text) if word.bold else 0
    line.size = weight.most_common(1)[0][0]
    line.bold = bold * 2 > sum(weight.values())


def _inside(word: Word, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _segments(line: _VLine) -> list[list[Word]]:
    """Runs of words on a line split at wide gaps (a header's left and right parts)."""
    runs: list[list[Word]] = [[line.words[0]]]
    for prev, word in pairwise(line.words):
        if word.x0 - prev.x1 > SEGMENT_GAP * word.size:
            runs.append([])
        runs[-1].append(word)
    return runs


def _band(line: _VLine, page: RawPage) -> str | None:
    if line.bottom <= page.height * HEADER_BAND:
        return "top"
    if line.top >= page.height * FOOTER_BAND:
        return "bottom"
    return None


# A segment of page furniture: which half of the page, its text with digits as '#', its size.
_FurnitureKey = tuple[str, str, float]


def _furniture_key(seg: list[Word], page: RawPage) -> _FurnitureKey:
    text = re.sub(r"\d+", "#", " ".join(w.text for w in seg))
    side = "top" if seg[0].top < page.height / 2 else "bottom"
    return (side, text, round(seg[0].size, 1))


def _repeated_furniture(
    pages: list[RawPage], by_page: dict[int, list[_VLine]]
) -> dict[_FurnitureKey, tuple[float, int]]:
    """Texts printed on most pages in the same type and place: their key, usual height and number of pages.

    Only the first and last lines of a page count. Digits are ignored (`Side 3`, `Dato:
    04.12.2012`), and so is a small shift of the height, since a system may place its
    header a little differently on some pages.
    """
    seen: dict[_FurnitureKey, dict[int, float]] = defaultdict(dict)
    for page in pages:
        lines = by_page[page.number]
        edges = lines[:FURNITURE_EDGE_LINES] + lines[FURNITURE_EDGE_LINES:][-FURNITURE_EDGE_LINES:]
        for line in edges:
            for seg in _segments(line):
                seen[_furniture_key(seg, page)].setdefault(page.number, seg[0].top)
    with_text = sum(1 for p in pages if by_page[p.number])
    return {
        key: (statistics.median(on.values()), len(on))
        for key, on in seen.items()
        if len(on) >= 2 and len(on) * 2 > with_text
    }


def _strip_furniture(
    pages: list[RawPage], by_page: dict[int, list[_VLine]]
) -> tuple[list[tuple[str, str]], list[str]]:
    """Remove running headers/footers in place; return KL-style (body, date) pairs and the texts removed.

    Removed: `KKR Hovedstaden | 25-11-2022` (also with `| Side 3 af 24`) anywhere; page
    numbers (`SIDE | 7`, `Side 3 af 12`, a number alone) and text repeated at about the same
    height on most pages, digits ignored (`Aarhus Kommune`, `Referat - Byrådet 27. marts
    2024`), wherever they stand at the top or bottom edge of a page's text: in the top or
    bottom band, or in a block of several such lines further in (eDoc prints a five-line
    header 10-16 % down the page). Item, group and section headings are never furniture.
    """
    repeated = _repeated_furniture(pages, by_page)
    headers: list[tuple[str, str]] = []
    furniture: list[str] = []
    for page in pages:
        page_furniture = _PageFurniture(page, repeated)
        kept = [page_furniture.strip(line, edge) for line, edge in _with_edges(by_page[page.number], page_furniture)]
        by_page[page.number] = [line for line in kept if line is not None]
        headers += page_furniture.headers
        furniture += [text for text in page_furniture.texts if text not in furniture]
    return headers, furniture


def _with_edges(lines: list[_VLine], furniture: _PageFurniture) -> list[tuple[_VLine, bool]]:
    """Each line, and whether it stands in the run of furniture lines at the top or bottom of the page.

    The run goes on from the page's edge while its lines are furniture; a line repeated on only
    two pages joins it when the line before it in the run is furniture already (a header block
    hanging from the band).
    """
    def whole(line: _VLine, expected: bool) -> bool:
        return all(furniture.is_furniture(seg, expected) for seg in _segments(line))

    edge = [False] * len(lines)
    for order in (range(len(lines)), range(len(lines) - 1, -1, -1)):
        in_run = False
        for i in order:
            if not whole(lines[i], furniture.in_band(lines[i]) or in_run):
                break
            edge[i] = in_run = True
    return list(zip(lines, edge, strict=True))


class _PageFurniture:
    """Which parts of one page's lines are furniture; collects the headers and texts removed."""

    def __init__(self, page: RawPage, repeated: dict[_FurnitureKey, tuple[float, int]]) -> None:
        self.page = page
        self.repeated = repeated
        self.headers: list[tuple[str, str]] = []
        self.texts: list[str] = []

    def in_band(self, line: _VLine) -> bool:
        """In the top or bottom band, where running headers and footers are expected."""
        return _band(line, self.page) is not None

    def is_furniture(self, seg: list[Word], expected: bool) -> bool:
        """A page number, or text repeated in this place on most pages (never a heading).

        Where furniture is not `expected` (outside the bands and not next to other furniture)
        the repetition must be seen on at least three pages: two pages of a short referat may
        well end alike.
        """
        text = " ".join(w.text for w in seg)
        if RUNNING_HEADER_RE.match(text):
            return True
        if text.endswith(":") or is_known_section(text) or match_item(text) or match_group(text):
            return False  # a label or a heading
        if PAGE_NUMBER_RE.match(text) or BARE_PAGE_NUMBER_RE.match(text):
            return True
        repeated = self.repeated.get(_furniture_key(seg, self.page))
        if repeated is None:
            return False
        usual, pages = repeated
        return abs(seg[0].top - usual) <= FURNITURE_DRIFT * self.page.height and (expected or pages >= 3)

    def strip(self, line: _VLine, edge: bool) -> _VLine | None:
        """The line without its furniture (None when nothing is left)."""
        in_band = self.in_band(line)
        keep: list[Word] = []
        for seg in _segments(line):
            text = " ".join(w.text for w in seg)
            header = RUNNING_HEADER_RE.match(text)
            if header:
                self.headers.append((header["body"].strip(), header["date"]))
            elif (edge or in_band) and self.is_furniture(seg, True):
                if not (PAGE_NUMBER_RE.match(text) or BARE_PAGE_NUMBER_RE.match(text)):
                    self.texts.append(text)
            else:
                keep.extend(seg)
        if not keep:
            return None
        if len(keep) == len(line.words):
            return line
        part = _VLine(words=keep)
        part.top, part.bottom = min(w.top for w in keep), max(w.bottom for w in keep)
        _finish_line(part)
        return part


def _split_label_columns(lines: list[_VLine]) -> list[_VLine]:
    """`Beslutning      Godkendt som indstillet.`: a label column beside the text becomes two lines.

    Some councils print each section as a row: its name in a left column and its text
    in a right one, so the name and the first line of text share a visual line. The
    name (a known section heading, before a gap of over 1.5 times the type size) is
    split off as a line of its own.
    """
    out: list[_VLine] = []
    for line in lines:
        split = None
        for k in range(1, min(len(line.words), LABEL_MAX_WORDS + 1)):
            prev, word = line.words[k - 1], line.words[k]
            if word.x0 - prev.x1 > LABEL_COLUMN_GAP * word.size:
                if is_known_section(" ".join(w.text for w in line.words[:k])):
                    split = k
                break
        if split is None:
            out.append(line)
            continue
        for words, is_label in ((line.words[:split], True), (line.words[split:], False)):
            part = _VLine(words=list(words), label=is_label)
            part.top, part.bottom = min(w.top for w in words), max(w.bottom for w in words)
            _finish_line(part)
            out.append(part)
    return out


def _place_tables_and_links(page: RawPage, lines: list[_VLine]) -> list[_VLine]:
    """Table rows as lines at their height; each link right after the line it covers."""
    for table in page.tables:
        for top, cells in table.rows:
            text = _row_text(cells)
            if text:
                lines.append(_VLine(words=[], text=text, top=top, bottom=top, table=True, bold=False))
    lines.sort(key=lambda line: line.top)
    placed: list[tuple[int, _VLine]] = []
    for annot in page.links:
        index, covered = _link_anchor(annot, lines)
        link = _VLine(words=[], top=annot.top, bottom=annot.bottom, link=annot, link_text=covered)
        previous = placed[-1][1].link if placed else None
        if previous is not None and previous.uri == annot.uri and index in (placed[-1][0], placed[-1][0] + 1):
            # One link set over two lines ("Klimaaftale om" / "grøn strøm og varme").
            prev = placed[-1][1]
            prev.link_text = " ".join(t for t in (prev.link_text, covered) if t) or None
            placed[-1] = (index, prev)
            continue
        placed.append((index, link))
    # Insert from the end so indices stay valid; links on one line keep their order.
    for _, (index, link) in sorted(enumerate(placed), key=lambda p: (p[1][0], p[0]), reverse=True):
        lines.insert(index + 1, link)
    return lines


def _row_text(cells: list[str | None]) -> str:
    """Cells joined with ' | '; cells covered by a spanning cell (None) are left out."""
    texts = [re.sub(r"\s+", " ", c).strip() for c in cells if c is not None]
    while texts and not texts[0]:
        texts.pop(0)
    while texts and not texts[-1]:
        texts.pop()
    return " | ".join(texts)


def _link_anchor(annot: Annotation, lines: list[_VLine]) -> tuple[int, str | None]:
    """The line an annotation covers most (or the last line above it) and the words under it."""
    best, best_overlap = -1, 0.0
    for i, line in enumerate(lines):
        if line.link is not None:
            continue
        overlap = min(line.bottom, annot.bottom) - max(line.top, annot.top)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    if best < 0:
        above = [i for i, line in enumerate(lines) if line.top <= annot.top]
        return (above[-1] if above else -1), None
    words = [
        w.text for w in lines[best].words
        if annot.x0 - LINK_TOLERANCE <= (w.x0 + w.x1) / 2 <= annot.x1 + LINK_TOLERANCE
    ]
    return best, " ".join(words).rstrip(",.;:") or None


def _line_gaps(lines: list[_VLine]) -> list[float]:
    """Vertical gaps between consecutive text lines (not tables or links)."""
    text = [line for line in lines if line.link is None and not line.table]
    return [b.top - a.bottom for a, b in pairwise(text)]


def _paragraph_breaks(lines: list[_VLine], doc_usual: float | None) -> list[bool]:
    """A paragraph starts after a gap clearly wider than the usual line gap, or at an indent.

    The usual gap is the page's median or the document's, whichever is smaller (the
    document's when the page has few lines).
    """
    text_lines = [i for i, line in enumerate(lines) if line.link is None]
    gaps = _line_gaps(lines)
    usual = statistics.median(gaps) if len(gaps) >= MIN_GAPS_FOR_MEDIAN else doc_usual
    if usual is not None and doc_usual is not None:
        usual = min(usual, doc_usual)  # a page of short paragraphs has a paragraph gap as its median
    breaks = [False] * len(lines)
    prev: _VLine | None = None
    for pos, i in enumerate(text_lines):
        line = lines[i]
        if prev is None:
            breaks[i] = True
        elif line.table:
            breaks[i] = not prev.table
        elif prev.table:
            breaks[i] = True
        else:
            size = min(line.size or 10.0, prev.size or 10.0)
            gap = line.top - prev.bottom
            usual_gap = usual if usual is not None else DEFAULT_LINE_GAP * size
            nxt = lines[text_lines[pos + 1]] if pos + 1 < len(text_lines) else None
            wide = gap > usual_gap + max(PARAGRAPH_GAP_MIN, PARAGRAPH_GAP_FACTOR * size)
            breaks[i] = wide or _indented_start(prev, line, nxt, size)
        prev = line
    return breaks


def _indented_start(prev: _VLine, line: _VLine, nxt: _VLine | None, size: float) -> bool:
    """A first-line indent: the line starts right of the previous one, the next goes back."""
    if nxt is None or nxt.table or line.x0 <= prev.x0 + INDENT_TOLERANCE * size:
        return False
    return abs(nxt.x0 - prev.x0) < INDENT_RETURN_TOLERANCE * size and bool(re.search(r"[.:!?]$", prev.text))
