"""Referat PDFs for the tests, drawn with fpdf2.

`kkr_referat_pdf` lays the real KKR Hovedstaden referat (its extracted text, read
with `read_text_layout`) out the way KL does: cover, a two-page table of contents
with page numbers, KL's mission/vision page, a running header on every page, bold
headings, the SOSU table drawn as a real table, and the document's links as link
annotations over their anchor words. Each text page lands on the physical page the
text reader assigns it, with the source's line wrapping, so ingesting the PDF must
give what the text gives.

`punkt_referat_pdf` is a municipal referat in the `Punkt N:` layout (tight bold
headings, a running footer, a heading outside the known vocabulary), and the other
builders make the bad inputs.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

from bot.dates import danish_date, parse_date
from bot.ingest.headings import (
    is_known_section,
    looks_like_heading,
    match_group,
    match_item,
)
from bot.ingest.lines import Document, Line
from bot.ingest.text import read_text_layout
from bot.sentences import is_bullet

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
PAGE_W, PAGE_H = 595.28, 841.89  # A4 in points
LEFT, RIGHT = 62.0, 539.0
TOP, BOTTOM = 92.0, 790.0
BODY = 10.0
LEADING = 1.25
PARA_GAP = 8.0
TABLE_SIZE = 8.5
# Where KL's links sit in the text: "læses her", "(link)", "Klimaaftale om grøn strøm og varme".
KL_LINK_ANCHORS = re.compile(r"\bher\b|\(link\)|Klimaaftale om|grøn strøm og varme")


@dataclass
class Entry:
    """One line to draw: text, size, bold, a paragraph gap before it."""

    text: str
    size: float = BODY
    bold: bool = False
    gap: float = 0.0


class Writer:
    """fpdf2 with one regular and one bold font that have the Danish letters.

    DejaVu Sans where the system has it; otherwise the core Helvetica in
    Windows-1252, which also covers æøå and the typographic quotes and dashes.
    """

    def __init__(self) -> None:
        pdf = FPDF(unit="pt", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_margins(0, 0, 0)
        pdf.set_creation_date(datetime(2022, 11, 25, tzinfo=UTC))
        if (DEJAVU / "DejaVuSans.ttf").exists() and (DEJAVU / "DejaVuSans-Bold.ttf").exists():
            pdf.add_font("dejavu", "", str(DEJAVU / "DejaVuSans.ttf"))
            pdf.add_font("dejavu", "B", str(DEJAVU / "DejaVuSans-Bold.ttf"))
            self.family = "dejavu"
        else:
            pdf.core_fonts_encoding = "windows-1252"
            self.family = "Helvetica"
        self.pdf = pdf

    def font(self, size: float, bold: bool) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def width(self, text: str, size: float, bold: bool) -> float:
        self.font(size, bold)
        return self.pdf.get_string_width(text)

    def text(self, x: float, baseline: float, text: str, size: float = BODY, bold: bool = False) -> None:
        self.font(size, bold)
        self.pdf.text(x, baseline, text)

    def right(self, x_right: float, baseline: float, text: str, size: float = BODY, bold: bool = False) -> None:
        self.text(x_right - self.width(text, size, bold), baseline, text, size, bold)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def wrap(writer: Writer, entry: Entry, width: float = RIGHT - LEFT) -> list[Entry]:
    """Split an entry too wide for the column at spaces; a piece never starts a list item."""
    words = entry.text.split(" ")
    pieces: list[str] = []
    while words:
        n = len(words)
        while n > 1 and writer.width(" ".join(words[:n]), entry.size, entry.bold) > width:
            n -= 1
        while 1 < n < len(words) and (is_bullet(" ".join(words[n:])) or words[n][:1].isdigit()):
            n -= 1
        pieces.append(" ".join(words[:n]))
        words = words[n:]
    return [Entry(p, entry.size, entry.bold, entry.gap if i == 0 else 0.0) for i, p in enumerate(pieces)]


@dataclass
class Placed:
    """A drawn line: where it is, for putting link annotations over its words."""

    entry: Entry
    x: float
    baseline: float


def draw_flow(writer: Writer, blocks: list[Entry | list[list[str | None]]], top: float = TOP) -> list[Placed]:
    """Draw lines (and tables: lists of rows) top-down; squeeze the spacing if the page is full."""
    laid: list[Entry | list[list[str | None]]] = []
    for block in blocks:
        laid.extend(wrap(writer, block) if isinstance(block, Entry) else [block])
    height = sum(_height(b) for b in laid)
    squeeze = min(1.0, (BOTTOM - top) / height) if height else 1.0
    placed: list[Placed] = []
    y = top
    for i, block in enumerate(laid):
        if isinstance(block, Entry):
            gap = block.gap if i else 0.0
            y += (gap + block.size * LEADING) * squeeze
            writer.text(LEFT, y, block.text, block.size, block.bold)
            placed.append(Placed(block, LEFT, y))
        else:
            y = draw_table(writer, block, y + PARA_GAP * squeeze)
    return placed


def _height(block: Entry | list[list[str | None]]) -> float:
    if isinstance(block, Entry):
        return block.gap + block.size * LEADING
    return PARA_GAP + sum(_row_height(row) for row in block)


def _row_height(row: list[str | None]) -> float:
    lines = max((cell.count("\n") + 1 for cell in row if cell), default=1)
    return lines * TABLE_SIZE * 1.3 + 6


def draw_table(writer: Writer, rows: list[list[str | None]], top: float) -> float:
    """Draw a ruled table; a None cell is covered by the cell to its left. Returns its bottom."""
    pdf = writer.pdf
    ncols = max(len(r) for r in rows)
    first = (RIGHT - LEFT) - 4 * 78.0 if ncols == 5 else (RIGHT - LEFT) / ncols
    widths = [first] + [((RIGHT - LEFT) - first) / (ncols - 1)] * (ncols - 1)
    pdf.set_line_width(0.6)
    y = top
    for row in rows:
        h = _row_height(row)
        x = LEFT
        col = 0
        while col < ncols:
            span = 1
            while col + span < ncols and row[col + span] is None:
                span += 1
            w = sum(widths[col:col + span])
            pdf.rect(x, y, w, h)
            for k, part in enumerate((row[col] or "").split("\n")):
                writer.text(x + 3, y + 3 + TABLE_SIZE * (1.05 + 1.3 * k), part, TABLE_SIZE, bold=False)
            x += w
            col += span
        y += h
    return y


def running_header(writer: Writer, body: str, date: str, page: int) -> None:
    """KL's header: `KKR Hovedstaden | 25-11-2022` and `SIDE | 7`, top right."""
    writer.right(RIGHT, 42, f"{body} | {date}", 8)
    writer.right(RIGHT, 54, f"SIDE | {page}", 8)


def put_links(writer: Writer, placed: list[Placed], urls: list[str], anchors: re.Pattern[str]) -> None:
    """A link annotation over each anchor in reading order (the last line if none is left)."""
    spots = [(p, m) for p in placed for m in anchors.finditer(p.entry.text)]
    for i, url in enumerate(urls):
        if i < len(spots):
            p, m = spots[i]
            x = p.x + writer.width(p.entry.text[: m.start()], p.entry.size, p.entry.bold)
            w = writer.width(m.group(), p.entry.size, p.entry.bold)
        else:
            p = placed[-1]
            x, w = p.x, writer.width(p.entry.text, p.entry.size, p.entry.bold)
        writer.pdf.link(x, p.baseline - p.entry.size, w, p.entry.size * 1.2, url)


# --- the KL referat -------------------------------------------------------------------


def kl_style(line: Line, nxt: Line | None, plain_headings: bool = False) -> Entry:
    """How KL sets a line: groups 14pt bold, items 12pt bold, section and sub-headings bold.

    `plain_headings`: section and sub-headings in the body type, set apart by their gap only.
    """
    text = line.text
    gap = PARA_GAP if line.para_break else 0.0
    if line.para_break and match_item(text):
        return Entry(text, 12, True, gap + 6)
    if line.para_break and match_group(text):
        return Entry(text, 14, True, gap + 8)
    if line.para_break and is_known_section(text):
        return Entry(text, BODY, not plain_headings, gap)
    stands_alone = nxt is not None and nxt.page == line.page and not nxt.para_break
    if line.para_break and stands_alone and looks_like_heading(text) and not text.endswith(":"):
        return Entry(text, BODY, not plain_headings, gap)  # a sub-heading over its paragraph
    return Entry(text, BODY, False, gap)


def table_rows(block: list[Line]) -> list[list[str | None]]:
    """The SOSU table as drawn: a caption row over column pairs, a header row, data rows.

    The text has the rows flattened, the captions last: `Dimensionering, 2022 …`,
    `Hele landet 3.000 3.000 5.997 5.997`, …, `Social- og sundhedshjælpere Social- …`.
    """
    *body, caption = block
    words = caption.text.split()
    half = len(words) // 2
    rows: list[list[str | None]] = [["", " ".join(words[:half]), None, " ".join(words[half:]), None]]
    header = re.findall(r"\D+?\d{4}", body[0].text)
    rows.append([""] + [h.strip().replace(", ", ",\n") for h in header])
    for line in body[1:]:
        m = re.match(r"^(\D+?) ((?:[\d.]+ ?){4})$", line.text)
        assert m, line.text
        rows.append([m[1], *m[2].split()])
    return rows


_DATA_ROW = re.compile(r"^\D+?(?: [\d.]+){4}$")


def _table_block(lines: list[Line]) -> tuple[int, int] | None:
    """Where the flattened table sits in a page's lines: header, data rows, then the caption."""
    rows = [i for i, line in enumerate(lines) if _DATA_ROW.match(line.text)]
    if not rows:
        return None
    return rows[0] - 1, rows[-1] + 2


def toc_entries(doc: Document, first_page: int) -> list[tuple[str, bool, int]]:
    """(printed heading, is a group, page) for every group and item, as a TOC lists them."""
    out = []
    for line in doc.lines:
        if line.page >= first_page and line.para_break and not line.is_link:
            if match_item(line.text):
                out.append((line.text, False, line.page))
            elif match_group(line.text):
                out.append((line.text, True, line.page))
    return out


def kkr_referat_pdf(text: str, plain_headings: bool = False) -> bytes:
    """The real referat text laid out as KL's PDF (32 pages, content from page 5).

    `plain_headings`: section headings in the body type (not bold), as some councils print them.
    """
    doc = read_text_layout(text)
    body, date = doc.headers[0]
    first = min(line.page for line in doc.lines)  # the mission page
    writer = Writer()
    pdf = writer.pdf

    # Page 1: cover.
    pdf.add_page()
    running_header(writer, body, date, 1)
    writer.text(LEFT, 300, "Referat", 28, True)
    writer.text(LEFT, 336, body, 20, True)
    writer.text(LEFT, 362, danish_date(parse_date(date) or ""), 14)

    # Pages 2 .. first-1: the table of contents, page numbers right-aligned, no leaders.
    entries = toc_entries(doc, first + 1)
    toc_pages = first - 2
    per_page = -(-len(entries) // toc_pages)
    for k in range(toc_pages):
        pdf.add_page()
        running_header(writer, body, date, 2 + k)
        y = TOP + 20
        if k == 0:
            writer.text(LEFT, y, "Indholdsfortegnelse", 16, True)
            y += 34
        for heading, is_group, page in entries[k * per_page:(k + 1) * per_page]:
            size = 11 if is_group else BODY
            y += 8 if is_group else 0
            pieces = wrap(writer, Entry(heading, size, is_group), RIGHT - LEFT - 40)
            for piece in pieces:
                writer.text(LEFT, y, piece.text, size, is_group)
                y += size * 1.6
            writer.right(RIGHT, y - size * 1.6, str(page), size, is_group)

    # The text's pages, each on its own physical page.
    for page in range(first, doc.pages + 1):
        pdf.add_page()
        running_header(writer, body, date, page)
        lines = [line for line in doc.lines if line.page == page and not line.is_link]
        urls = [line.text for line in doc.lines if line.page == page and line.is_link]
        table = _table_block(lines)
        blocks: list[Entry | list[list[str | None]]] = []
        for i, line in enumerate(lines):
            if table and table[0] <= i < table[1]:
                if i == table[0]:
                    blocks.append(table_rows(lines[table[0]:table[1]]))
                continue
            blocks.append(kl_style(line, lines[i + 1] if i + 1 < len(lines) else None, plain_headings))
        placed = draw_flow(writer, blocks)
        if urls:
            put_links(writer, placed, urls, KL_LINK_ANCHORS)
    return writer.output()


# --- a municipal referat in the Punkt layout ----------------------------------------------

# (kind, text): "title" the first line, "item" a Punkt heading, "head" a section heading,
# "case" the case number, "text" a line of a paragraph, "para" the first line of a
# paragraph, "page" a page break, "toc" a TOC entry `title|page`, "link" a link annotation
# over the last word of the line before.
PUNKT_SOURCE: list[tuple[str, str]] = [
    ("title", "REFERAT Aarhus Byråd d. 27-08-2025"),
    ("para", "Mødested: Aarhus Rådhus, byrådssalen"),
    ("text", "Mødetidspunkt: kl. 16.00 – 19.30"),
    ("head", "Indholdsfortegnelse"),
    ("toc", "Punkt 7: Forslag til kommuneplantillæg nr. 12 og lokalplan nr. 1187 for boliger|2"),
    ("toc", "Punkt 8: Anlægsbevilling til renovering af Frederiksbjerg Skole|3"),
    ("toc", "Punkt 9: Orientering om budgetopfølgning pr. 30. juni 2025|4"),
    ("toc", "Punkt 10: Eventuelt|4"),
    ("page", ""),
    (
        "item",
        "Punkt 7: Forslag til kommuneplantillæg nr. 12 og lokalplan nr. 1187 for boliger ved Lystrup Syd – endelig vedtagelse",
    ),
    ("case", "EMN-2025-01234"),
    ("head", "Resume"),
    ("text", "Planforslagene har været i offentlig høring i otte uger. Der er kommet 14 hø-"),
    ("text", "ringssvar, som primært handler om trafik og grønne områder. Forvaltningen fo-"),
    ("text", "reslår mindre ændringer i lokalplanen."),
    ("head", "Beslutningspunkter"),
    ("text", "At 1) kommuneplantillæg nr. 12 vedtages endeligt med de ændringer, der"),
    ("text", "fremgår af bilag 2, og"),
    ("text", "At 2) lokalplan nr. 1187 vedtages endeligt."),
    ("head", "Sagsforløb"),
    ("text", "Byrådet vedtog planforslagene den 12. marts 2025. Høringssvarene kan læses her."),
    ("link", "https://aarhus.dk/demokrati/hoeringer/lystrup-syd"),
    ("head", "Beslutning(er)"),
    ("text", "Indstillingen blev vedtaget med 29 stemmer for og 2 imod."),
    ("para", "Dansk Folkeparti stemte imod med henvisning til trafikken på Lystrup"),
    ("text", "Ringvej."),
    ("head", "Bilag"),
    ("text", "Bilag 1: Kommuneplantillæg nr. 12"),
    ("text", "Bilag 2: Høringsnotat"),
    ("page", ""),
    ("item", "Punkt 8: Anlægsbevilling til renovering af Frederiksbjerg Skole"),
    ("case", "EMN-2025-02345"),
    ("head", "Resume"),
    ("text", "Frederiksbjerg Skole trænger til en gennemgribende renovering af klimaskær-"),
    ("text", "men og indeklimaet. Projektet er udbudsklart."),
    ("head", "Beslutningspunkter"),
    ("text", "At 1) der gives en anlægsbevilling på 48,5 mio. kr. til renovering af Frederiks-"),
    ("text", "bjerg Skole."),
    ("head", "Beslutning(er)"),
    ("text", "Godkendt som indstillet. Byrådet bad samtidig om en status på tidsplanen, når"),
    ("text", "udbuddet er"),
    ("page", ""),
    ("text", "afsluttet."),
    ("head", "Opfølgning"),
    ("text", "Rådmanden for Børn og Unge orienterer Børn og Unge-udvalget om udbuddet"),
    ("text", "i november."),
    ("item", "Punkt 9: Orientering om budgetopfølgning pr. 30. juni 2025"),
    ("case", "EMN-2025-03456"),
    ("head", "Resume"),
    ("text", "Budgetopfølgningen viser et forventet mindreforbrug på 12 mio. kr. på drifts-"),
    ("text", "området. Opfølgningen kan læses på kommunens hjemmeside."),
    ("link", "https://aarhus.dk/demokrati/budget/budgetopfoelgning-2025"),
    ("head", "Sagsforløb"),
    ("text", "Magistraten behandlede budgetopfølgningen den 11. august 2025."),
    ("head", "Bilag"),
    ("text", "Bilag 1: Budgetopfølgning pr. 30. juni 2025"),
    ("item", "Punkt 10: Eventuelt"),
    ("head", "Beslutning(er)"),
    ("text", "Ingen bemærkninger."),
]
PUNKT_PAGES = 4


def split_pages(source: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """A fixture source's (kind, text) entries, cut into pages at each ("page", …) entry."""
    pages: list[list[tuple[str, str]]] = [[]]
    for kind, text in source:
        if kind == "page":
            pages.append([])
        else:
            pages[-1].append((kind, text))
    return pages


def punkt_referat_pdf() -> bytes:
    """A 4-page municipal referat: `Punkt N:` items, tight bold headings, footer `Side N af M`."""
    writer = Writer()
    pages = split_pages(PUNKT_SOURCE)
    for number, page in enumerate(pages, start=1):
        writer.pdf.add_page()
        writer.text(LEFT, 40, "Aarhus Kommune", 8)
        writer.text(LEFT, 815, "Aarhus Byråd – referat 27. august 2025", 8)
        writer.right(RIGHT, 815, f"Side {number} af {len(pages)}", 8)
        blocks: list[Entry | list[list[str | None]]] = []
        urls: list[tuple[int, str]] = []
        for kind, text in page:
            if kind == "link":
                urls.append((len(blocks) - 1, text))
            elif kind == "toc":
                title, page_no = text.split("|")
                blocks.append(Entry(f"{title} {page_no}"))
            else:
                size, bold, gap = {
                    "title": (16, True, 0.0), "item": (13, True, 18.0), "head": (BODY, True, 0.0),
                    "case": (BODY, False, 0.0), "text": (BODY, False, 0.0), "para": (BODY, False, PARA_GAP),
                }[kind]
                blocks.append(Entry(text, size, bold, gap))
        placed = draw_flow(writer, blocks)
        for index, url in urls:  # over the last word of the line before the link
            anchor = blocks[index]
            assert isinstance(anchor, Entry)
            last_word = re.compile(re.escape(anchor.text.split()[-1].rstrip(".")) + r"(?=\.?$)")
            spot = next(p for p in placed if p.entry.text and anchor.text.endswith(p.entry.text))
            put_links(writer, [spot], [url], last_word)
    return writer.output()


# --- bad inputs ---------------------------------------------------------------------------


def text_pdf(paragraphs: list[str], **encryption: str) -> bytes:
    """A plain one-page PDF with some text (optionally encrypted: owner_password, user_password)."""
    writer = Writer()
    writer.pdf.add_page()
    draw_flow(writer, [Entry(p, gap=PARA_GAP) for p in paragraphs])
    if encryption:
        writer.pdf.set_encryption(**encryption)
    return writer.output()


def scanned_pdf(pages: int = 2) -> bytes:
    """A PDF of page images only, like a scan without OCR."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 840), 255)
    draw = ImageDraw.Draw(image)
    for y in range(80, 760, 24):  # grey bars where the lines of text were
        draw.rectangle((60, y, 540, y + 10), fill=90)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    writer = Writer()
    for _ in range(pages):
        writer.pdf.add_page()
        writer.pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=PAGE_W, h=PAGE_H)
    return writer.output()


def noisy_pdf() -> bytes:
    """A small referat with a malformed drawing operand, which pdfminer logs a warning about."""
    writer = Writer()
    writer.pdf.set_compression(False)
    writer.pdf.add_page()
    writer.pdf.set_line_width(0.57)
    writer.pdf.line(LEFT, 60, RIGHT, 60)
    draw_flow(writer, [Entry(t, gap=PARA_GAP) for t in (
        "REFERAT Aarhus Byråd d. 27-08-2025", "Punkt 1: Godkendelse af dagsorden", "Beslutning", "Godkendt.",
    )])
    data = writer.output()
    assert b"0.57 w" in data
    return data.replace(b"0.57 w", b"/abc w", 1)  # same length: the xref offsets stay right
