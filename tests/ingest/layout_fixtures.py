"""Referat PDFs in the layouts Danish municipalities publish, drawn with fpdf2.

The content is invented, in the councils' usual wording; the layouts follow what the
common systems (FirstAgenda, Prepare/SBSYS, eDoc, Acadre, Netpublicator) print:

- `okonomiudvalg_pdf`: single-number items `1. Godkendelse af dagsorden` … `14. Eventuelt`
  with no groups, a cover (`Referat` / `Økonomiudvalget` / `Mødedato: …` / attendance),
  a table of contents with dotted leaders, a logo line on every page and `Side N af M`
  at the bottom; decisions headed `Beslutning i Økonomiudvalget den 12-03-2024` with a
  `Fraværende:` note first; titles wrapped over two and three lines, numbered lists and a
  date at the start of a paragraph, an item heading at the very bottom of a page, closed
  items.
- `byraad_pdf`: no cover; a running header `Referat - Byrådet 27. marts 2024` and a page
  number alone at the bottom; each title printed above its number line `Sag nr. 45`;
  several decisions per item (`Beslutning i Økonomiudvalget den …`, `Beslutning i
  Byrådet den …`), `Indstilling/Beslutning`, `Afgørelse`; the meeting's end and the
  signatures after the last item.
- `kultur_pdf`: `Pkt. 42` on a line of its own with the title under it, a running header
  `Kultur- og Fritidsudvalget | 03-04-2024 | Side 1 af 2`, `Udvalgets beslutning`,
  `Beslutning: Godkendt.` inline, a `Fraværende:` paragraph after a decision, a
  `Lukket punkt`.
- `teknik_pdf`: sections as rows of a two-column layout (`Beslutning` in a left column,
  its text in the right one, on the same visual line), items `Punkt 3.`, a cover with the
  body's name above `Referat` and `Dato: 04.04.2024`.
- `dagsorden_pdf`: an agenda (dagsorden) with no decisions at all.
- `long_sections_pdf`: a Sagsfremstilling over four pages: a word hyphenated across a
  page break, a page with no text (only the logo line and `Side N af M`), a paragraph
  starting a page, and a decision that runs over a page break.

Each builder returns the PDF bytes; the expected items are written out in
`tests/ingest/test_layouts.py`, checked by hand against the source lists here.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.ingest.pdf_fixtures import (
    BODY,
    BOTTOM,
    LEADING,
    LEFT,
    PARA_GAP,
    RIGHT,
    TOP,
    Entry,
    Writer,
    split_pages,
    wrap,
)

# (kind, text); kinds are styled per layout. "page" starts a new page; "bottom" draws the
# entry at the very bottom of the page; "row" is `Label|text` in a label column layout;
# "toc" is `Title|page` with dotted leaders.
Source = list[tuple[str, str]]
Style = dict[str, tuple[float, bool, float]]  # kind -> (size, bold, gap before)
Furniture = Callable[[Writer, int, int], None]  # (writer, page, pages)

BASE_STYLE: Style = {
    "title": (24, True, 0.0), "subtitle": (18, True, 6.0), "field": (BODY, False, 4.0),
    "item": (13, True, 18.0), "head": (BODY, True, PARA_GAP), "text": (BODY, False, 0.0),
    "para": (BODY, False, PARA_GAP), "case": (BODY, False, 2.0), "number": (13, True, 18.0),
    "toctitle": (16, True, 0.0), "bottom": (13, True, 0.0),
}
LABEL_COLUMN = 120.0  # width of the label column in a row layout


@dataclass
class _Row:
    label: str
    pieces: list[str]
    gap: float


def _row(writer: Writer, text: str, gap: float) -> _Row:
    label, body = text.split("|", 1)
    pieces = [p.text for p in wrap(writer, Entry(body, BODY, False), RIGHT - LEFT - LABEL_COLUMN)]
    return _Row(label, pieces, gap)


def draw(source: Source, style: Style, furniture: Furniture) -> bytes:
    """Draw a referat from its source: pages of styled lines, rows and TOC entries."""
    writer = Writer()
    pages = split_pages(source)
    for number, page in enumerate(pages, start=1):
        writer.pdf.add_page()
        furniture(writer, number, len(pages))
        y = TOP
        for i, (kind, text) in enumerate(page):
            if kind == "bottom":
                size, bold, _ = style[kind]
                writer.text(LEFT, BOTTOM - 4, text, size, bold)
                continue
            if kind == "toc":
                title, page_no = text.split("|")
                y += BODY * 1.6
                writer.text(LEFT, y, title, BODY)
                dots_from = LEFT + writer.width(title + " ", BODY, False)
                dots_to = RIGHT - writer.width(" " + page_no, BODY, False)
                dots = "." * int((dots_to - dots_from) / writer.width(".", BODY, False))
                writer.text(dots_from, y, dots, BODY)
                writer.right(RIGHT, y, page_no, BODY)
                continue
            if kind == "row":
                row = _row(writer, text, PARA_GAP if i else 0.0)
                y += row.gap + BODY * LEADING
                writer.text(LEFT, y, row.label, BODY, True)
                for k, piece in enumerate(row.pieces):
                    writer.text(LEFT + LABEL_COLUMN, y + k * BODY * LEADING, piece, BODY)
                y += (len(row.pieces) - 1) * BODY * LEADING
                continue
            size, bold, gap = style[kind]
            for piece in wrap(writer, Entry(text, size, bold, gap if i else 0.0)):
                y += piece.gap + size * LEADING
                writer.text(LEFT, y, piece.text, size, bold)
        assert y < BOTTOM - 20, f"page {number} is too full ({y:.0f})"
    return writer.output()


# --- 1. Økonomiudvalget: single-number items, cover, TOC, logo line, "Side N af M" --------------

def _egeby_furniture(writer: Writer, page: int, pages: int) -> None:
    writer.text(LEFT, 40, "Egeby Kommune", 9, True)
    writer.right(RIGHT, 815, f"Side {page} af {pages}", 8)


OKONOMI_SOURCE: Source = [
    ("title", "Referat"),
    ("subtitle", "Økonomiudvalget"),
    ("field", "Mødedato: 12. marts 2024"),
    ("field", "Tidspunkt: 16:00"),
    ("field", "Mødested: Mødelokale 1, Egeby Rådhus"),
    ("field", "Medlemmer: Anne Holm (A), Bent Kjær (V), Carina Lund (A), Dorte Friis (C), Erik Vang (F)"),
    ("field", "Fraværende: Bent Kjær (V)"),
    ("page", ""),
    ("toctitle", "Indholdsfortegnelse"),
    ("toc", "1. Godkendelse af dagsorden|3"),
    ("toc", "2. Meddelelser|3"),
    ("toc", "3. Budgetopfølgning pr. 29. februar 2024|3"),
    ("toc", "4. Forslag til lokalplan nr. 212 og kommuneplantillæg nr. 7 for et nyt|4"),
    ("toc", "5. Anlægsbevilling til ny daginstitution i Egeby Nord|4"),
    ("toc", "6. Takster for vand og spildevand 2025|4"),
    ("toc", "7. Udbud af rengøring|5"),
    ("toc", "8. Høringssvar om den regionale udviklingsstrategi|5"),
    ("toc", "9. Ansøgning om kommunegaranti for lån til Egeby Fjernvarme A.m.b.a.|6"),
    ("toc", "10. Styrelsesvedtægt - 1. behandling|6"),
    ("toc", "11. Salg af erhvervsgrund på Industrivej 14|7"),
    ("toc", "12. Lukket punkt: Personalesag|7"),
    ("toc", "13. Køb af ejendom|7"),
    ("toc", "14. Eventuelt|7"),
    ("page", ""),
    ("item", "1. Godkendelse af dagsorden"),
    ("head", "Indstilling"),
    ("text", "Kommunaldirektøren indstiller, at dagsordenen godkendes."),
    ("head", "Beslutning i Økonomiudvalget den 12-03-2024"),
    ("text", "Fraværende: Bent Kjær (V)"),
    ("text", "Godkendt."),
    ("item", "2. Meddelelser"),
    ("head", "Sagsfremstilling"),
    ("text", "Borgmesteren orienterede om status på forhandlingerne om økonomiaftalen og om mødet med "
             "Vejdirektoratet om omfartsvejen."),
    ("head", "Beslutning i Økonomiudvalget den 12-03-2024"),
    ("text", "Fraværende: Bent Kjær (V)"),
    ("text", "Taget til efterretning."),
    ("item", "3. Budgetopfølgning pr. 29. februar 2024"),
    ("case", "Sagsnr.: 24/1234"),
    ("head", "Resume"),
    ("text", "Budgetopfølgningen viser et forventet merforbrug på 4,2 mio. kr. på serviceudgifterne, "
             "primært på det specialiserede børneområde."),
    ("head", "Indstilling"),
    ("text", "Direktionen indstiller,"),
    ("text", "1. at budgetopfølgningen tages til efterretning"),
    ("text", "2. at fagudvalgene anmodes om at anvise kompenserende besparelser."),
    ("head", "Beslutning i Økonomiudvalget den 12-03-2024"),
    ("text", "Fraværende: Bent Kjær (V)"),
    ("text", "Indstillingens punkt 1 blev taget til efterretning."),
    ("para", "Punkt 2 blev godkendt, idet Erik Vang (F) ikke kunne tiltræde."),
    ("page", ""),
    ("item", "4. Forslag til lokalplan nr. 212 og kommuneplantillæg nr. 7 for et nyt boligområde ved "
             "Skovvangen i Egeby Nord – godkendelse af forslag til offentlig høring"),
    ("case", "Sagsnr.: 24/2087"),
    ("head", "Sagsfremstilling"),
    ("text", "Lokalplanforslaget giver mulighed for op til 140 boliger i tæt-lav bebyggelse. Planen "
             "indeholder bestemmelser om:"),
    ("text", "1. Dels vejadgang fra Skovvangen,"),
    ("text", "2. Dels et grønt bælte mod skoven."),
    ("para", "1. januar 2024 trådte den nye planlov i kraft, og forslaget er udarbejdet efter de nye regler."),
    ("head", "Beslutning i Økonomiudvalget den 12-03-2024"),
    ("text", "Fraværende: Bent Kjær (V)"),
    ("text", "Anbefales over for Byrådet."),
    ("item", "5. Anlægsbevilling til ny daginstitution i Egeby Nord"),
    ("head", "Indstilling"),
    ("text", "Direktionen indstiller, at der gives en anlægsbevilling på 38,0 mio. kr."),
    ("head", "Beslutning i Økonomiudvalget den 12-03-2024"),
    ("text", "Fraværende: Bent Kjær (V)"),
    ("text", "Anbefales over for Byrådet med den bemærkning, at institutionen skal"),
    ("text", "kunne udvides med to grupper."),
    ("bottom", "6. Takster for vand og spildevand 2025"),
    ("page", ""),
    ("case", "Sagsnr.: 24/0311"),
    ("head", "Resume"),
    ("text", "Egeby Forsyning har fremsendt forslag til takster for 2025. Taksten for vand stiger med "
             "1,25 kr. pr. m³."),
    ("head", "Beslutning i Økonomiudvalget den 12-03-2024"),
    ("text", "Fraværende: Bent Kjær (V)"),
    ("text", "Anbefales godkendt."),
    ("item", "7. Udbud af rengøring"),
    ("head", "Indstilling"),
    ("text", "Direktionen indstiller, at rengøringen udbydes som et samlet udbud med opstart 1. januar "
             "2025."),
    ("head", "Beslutning i Økonomiudvalget den 12-03-2024"),
    ("text", "Fraværende: Bent Kjær (V)"),
    ("text", "Sagen blev udsat til næste møde."),
    ("item", "8. Høringssvar om den regionale udviklingsstrategi"),
    ("head", "Beslutning i Økonomiudvalget den 12-03-2024"),
    ("text", "Fraværende: Bent Kjær (V)"),
    ("text", "Godkendt med de bemærkninger, der fremkom på mødet."),
    ("page", ""),
    ("item", "9. Ansøgning om kommunegaranti for lån til Egeby Fjernvarme A.m.b.a."),
    ("head", "Sagsfremstilling"),
    ("text", "Egeby Fjernvarme A.m.b.a. søger om kommunegaranti for et lån på 25 mio. kr. til udskiftning "
             "af ledningsnettet."),
    ("head", "Beslutning i Økonomiudvalget den 12-03-2024"),
    ("text", "Fraværende: Bent Kjær (V)"),
    ("text", "Anbefales godkendt mod en garantiprovision på 0,5 pct."),
    ("item", "10. Styrelsesvedtægt - 1. behandling"),
    ("head", "Beslutning i Økonomiudvalget den 12-03-2024"),
    ("text", "Fraværende: Bent Kjær (V)"),
    ("text", "Oversendes til Byrådets 1. behandling."),
    ("page", ""),
    ("item", "11. Salg af erhvervsgrund på Industrivej 14"),
    ("head", "Beslutning i Økonomiudvalget den 12-03-2024"),
    ("text", "Fraværende: Bent Kjær (V)"),
    ("text", "Godkendt."),
    ("item", "12. Lukket punkt: Personalesag"),
    ("item", "13. Køb af ejendom"),
    ("text", "Lukket dagsordenspunkt"),
    ("item", "14. Eventuelt"),
    ("head", "Beslutning i Økonomiudvalget den 12-03-2024"),
    ("text", "Fraværende: Bent Kjær (V)"),
    ("text", "Intet."),
]


def okonomiudvalg_pdf() -> bytes:
    """Økonomiudvalget, 12 March 2024: 14 single-number items on 7 pages."""
    return draw(OKONOMI_SOURCE, BASE_STYLE, _egeby_furniture)


# --- 2. Byrådet: "Sag nr." under the title, several decisions, header + bare page numbers ------

def _byraad_furniture(writer: Writer, page: int, pages: int) -> None:
    writer.text(LEFT, 42, "Referat - Byrådet 27. marts 2024", 8)
    writer.text(295, 812, str(page), 8)


BYRAAD_SOURCE: Source = [
    ("item", "Godkendelse af dagsorden"),
    ("text", "Sag nr. 41"),
    ("head", "Beslutning i Byrådet den 27-03-2024"),
    ("text", "Godkendt."),
    ("item", "Spørgetid for borgerne"),
    ("text", "Sag nr. 42"),
    ("head", "Sagsfremstilling"),
    ("text", "Der var ingen spørgsmål fra borgerne."),
    ("item", "Forslag til lokalplan nr. 212 og kommuneplantillæg nr. 7 for et nyt boligområde ved "
             "Skovvangen – offentlig høring"),
    ("text", "Sag nr. 43"),
    ("head", "Resume"),
    ("text", "Forslagene giver mulighed for op til 140 boliger i Egeby Nord."),
    ("head", "Indstilling"),
    ("text", "Direktionen indstiller, at forslagene sendes i offentlig høring i otte uger."),
    ("head", "Beslutning i Økonomiudvalget den 12-03-2024"),
    ("text", "Anbefales over for Byrådet."),
    ("head", "Beslutning i Byrådet den 27-03-2024"),
    ("text", "Godkendt med 19 stemmer for og 6 imod."),
    ("para", "Enhedslisten og SF stemte imod med henvisning til trafikken på Skovvangen."),
    ("page", ""),
    ("item", "Anlægsbevilling til ny daginstitution i Egeby Nord"),
    ("text", "Sag nr. 44"),
    ("head", "Indstilling"),
    ("text", "Direktionen indstiller, at der gives en anlægsbevilling på 38,0 mio. kr."),
    ("head", "Beslutning i Børne- og Skoleudvalget den 5-03-2024"),
    ("text", "Anbefales."),
    ("head", "Beslutning i Økonomiudvalget den 12-03-2024"),
    ("text", "Anbefales over for Byrådet med den bemærkning, at institutionen skal kunne udvides med to "
             "grupper."),
    ("head", "Beslutning i Byrådet den 27-03-2024"),
    ("text", "Godkendt."),
    ("item", "Takster for vand og spildevand 2025"),
    ("text", "Sag nr. 45"),
    ("head", "Indstilling/Beslutning"),
    ("text", "Økonomiudvalget indstiller, at taksterne godkendes."),
    ("para", "Byrådet godkendte taksterne."),
    ("item", "Klage over afslag på dispensation fra lokalplan nr. 88"),
    ("text", "Sag nr. 46"),
    ("head", "Afgørelse"),
    ("text", "Byrådet fastholdt afslaget."),
    ("page", ""),
    ("item", "Eventuelt"),
    ("text", "Sag nr. 47"),
    ("head", "Beslutning i Byrådet den 27-03-2024"),
    ("text", "Borgmesteren ønskede god påske."),
    ("para", "Mødet hævet kl. 19.40."),
    ("head", "Underskrifter"),
    ("text", "Anne Holm (A), Bent Kjær (V), Carina Lund (A)"),
]


def byraad_pdf() -> bytes:
    """Byrådet, 27 March 2024: items 41-47 titled above `Sag nr. N`, on 3 pages."""
    return draw(BYRAAD_SOURCE, BASE_STYLE, _byraad_furniture)


# --- 3. Kultur- og Fritidsudvalget: "Pkt. 42" above the title, KL-like header with the page -----

def _kultur_furniture(writer: Writer, page: int, pages: int) -> None:
    writer.right(RIGHT, 42, f"Kultur- og Fritidsudvalget | 03-04-2024 | Side {page} af {pages}", 8)


KULTUR_SOURCE: Source = [
    ("number", "Pkt. 42"),
    ("item", "Godkendelse af dagsorden"),
    ("case", "Sagsnr. 24/4410"),
    ("head", "Udvalgets beslutning"),
    ("text", "Godkendt."),
    ("para", "Fraværende: Dorte Friis (C)"),
    ("number", "Pkt. 43"),
    ("item", "Meddelelser fra formanden"),
    ("text", "Beslutning: Taget til efterretning."),
    ("number", "Pkt. 44"),
    ("item", "Ny strategi for Egeby Bibliotekerne 2024-2027 med fokus på børns læsning og de mindre "
             "lokalbiblioteker"),
    ("case", "Sagsnr. 24/4411"),
    ("head", "Resume"),
    ("text", "Bibliotekerne har udarbejdet et udkast til ny strategi, som præsenteres for udvalget."),
    ("head", "Indstilling"),
    ("text", "Forvaltningen indstiller, at strategien drøftes."),
    ("head", "Udvalgets beslutning"),
    ("text", "Udvalget drøftede strategien og bad forvaltningen om at indarbejde udvalgets bemærkninger."),
    ("para", "Fraværende: Dorte Friis (C)"),
    ("page", ""),
    ("number", "Pkt. 45"),
    ("item", "Tilskud til Egeby Musikfestival"),
    ("case", "Sagsnr. 24/4412"),
    ("head", "Indstilling"),
    ("text", "Forvaltningen indstiller, at festivalen får et tilskud på 150.000 kr."),
    ("head", "Afgørelse"),
    ("text", "Bevilget med 150.000 kr. under forudsætning af, at festivalen holder åbent for alle aldre."),
    ("number", "Pkt. 46"),
    ("item", "Lukket punkt"),
    ("number", "Pkt. 47"),
    ("item", "Eventuelt"),
    ("text", "Beslutning: Intet."),
]


def kultur_pdf() -> bytes:
    """Kultur- og Fritidsudvalget, 3 April 2024: items 42-47 under `Pkt. N` lines, on 2 pages."""
    return draw(KULTUR_SOURCE, BASE_STYLE, _kultur_furniture)


# --- 4. Teknik- og Miljøudvalget: label column layout ------------------------------------------

def _teknik_furniture(writer: Writer, page: int, pages: int) -> None:
    writer.text(LEFT, 40, "EGEBY KOMMUNE", 9, True)
    writer.right(RIGHT, 815, f"Side {page} af {pages}", 8)


TEKNIK_SOURCE: Source = [
    ("subtitle", "Teknik- og Miljøudvalget"),
    ("title", "Referat"),
    ("field", "Dato: 04.04.2024"),
    ("field", "Tidspunkt: 15:00"),
    ("field", "Mødested: Mødelokale 3"),
    ("field", "Afbud: Carina Lund (A)"),
    ("page", ""),
    ("item", "Punkt 1. Godkendelse af dagsorden"),
    ("row", "Beslutning|Godkendt."),
    ("item", "Punkt 2. Vintertjeneste 2024-2025"),
    ("row", "Sagsfremstilling|Regulativet for vintervedligeholdelse skal revideres, så cykelstierne til "
            "skolerne ryddes før kl. 7."),
    ("row", "Indstilling|Forvaltningen indstiller, at det reviderede regulativ sendes i høring."),
    ("row", "Beslutning|Godkendt, idet udvalget ønsker en evaluering efter vinteren, herunder af "
            "omkostningerne ved den tidlige rydning af cykelstierne."),
    ("item", "Punkt 3. Trafiksikkerhedsplan"),
    ("row", "Indstilling|Forvaltningen indstiller, at trafiksikkerhedsplanen godkendes."),
    ("row", "Beslutning|Udsat."),
    ("row", "Bilag|Trafiksikkerhedsplan 2024-2028"),
]


def teknik_pdf() -> bytes:
    """Teknik- og Miljøudvalget, 4 April 2024: three items with label-column sections, 2 pages."""
    return draw(TEKNIK_SOURCE, BASE_STYLE, _teknik_furniture)


# --- 5. Børne- og Skoleudvalget: a dagsorden, no decisions ------------------------------------

def _dagsorden_furniture(writer: Writer, page: int, pages: int) -> None:
    writer.right(RIGHT, 815, f"Side {page} af {pages}", 8)


DAGSORDEN_SOURCE: Source = [
    ("title", "Dagsorden"),
    ("subtitle", "Børne- og Skoleudvalget"),
    ("field", "Mødedato: 15. maj 2024"),
    ("field", "Mødested: Egeby Rådhus, mødelokale 2"),
    ("item", "1. Godkendelse af dagsorden"),
    ("head", "Indstilling"),
    ("text", "Direktøren indstiller, at dagsordenen godkendes."),
    ("item", "2. Skoledistrikter fra skoleåret 2025/26"),
    ("head", "Sagsfremstilling"),
    ("text", "Elevtallet i Egeby Nord stiger, og Nordskolen har ikke plads til flere spor."),
    ("head", "Indstilling"),
    ("text", "Direktøren indstiller, at forslaget til nye skoledistrikter sendes i høring."),
    ("page", ""),
    ("item", "3. Eventuelt"),
]


def dagsorden_pdf() -> bytes:
    """Børne- og Skoleudvalget's agenda for 15 May 2024: three items, no decisions."""
    return draw(DAGSORDEN_SOURCE, BASE_STYLE, _dagsorden_furniture)


# --- 6. Plan- og Miljøudvalget: sections and a decision running over page breaks ---------------

LONG_SECTIONS_SOURCE: Source = [
    ("title", "Referat"),
    ("subtitle", "Plan- og Miljøudvalget"),
    ("field", "Mødedato: 8. maj 2024"),
    ("item", "1. Helhedsplan for Egeby Bymidte"),
    ("case", "Sagsnr.: 24/3310"),
    ("head", "Sagsfremstilling"),
    ("text", "Helhedsplanen samler byens ønsker til bymidten i ét dokument. Planen er udarbejdet "
             "efter tre borgermøder i efteråret 2023, hvor over 300 borgere deltog."),
    ("para", "Planen peger på tre indsatser: flere boliger over butikkerne, et nyt torv ved "
             "stationen og bedre forbindelser for cyklister. Den skal samtidig styrke handel og be-"),
    ("page", ""),
    ("text", "skæftigelse i bymidten, så flere arbejdspladser kommer tæt på stationen."),
    ("para", "Forvaltningen har vurderet planens økonomi. Anlægsudgifterne skønnes til 48 mio. kr. "
             "over fem år."),
    ("page", ""),  # page 3: only the logo line and the page number
    ("page", ""),
    ("para", "Anden fase omfatter torvet ved stationen og skal besluttes i 2025."),
    ("head", "Indstilling"),
    ("text", "Direktøren indstiller, at helhedsplanen godkendes."),
    ("head", "Beslutning"),
    ("text", "Godkendt med den bemærkning, at torvet ved stationen skal have flere træer, og at "
             "cykelparkeringen"),
    ("page", ""),
    ("text", "flyttes tættere på perronerne."),
    ("item", "2. Eventuelt"),
    ("head", "Beslutning"),
    ("text", "Intet."),
]


def long_sections_pdf() -> bytes:
    """Plan- og Miljøudvalget, 8 May 2024: two items on 5 pages, long sections over page breaks."""
    return draw(LONG_SECTIONS_SOURCE, BASE_STYLE, _egeby_furniture)
