"""Re-drawn pages of real referater whose files the project cannot carry, drawn with fpdf2.

The three real PDFs of the shared data set (eDoc, Acadre, SBSYS) are small enough to be
test fixtures themselves (`tests/fixtures/referater/`). These builders redraw what a
held-back file shows, as described where it was measured (issue 12), with invented text
in the councils' wording:

- `firstagenda_pdf`: an Aarhus Byråd referat as FirstAgenda prints it. Under `Beslutninger`
  the decision (one or more paragraphs, the usual paragraph gap between them), then, set
  further apart than any paragraph (a gap wider than the line spacing), an untitled field: a
  one-line summary, a lone `.`, or a party's whole proposal (`BESLUTNINGSFORSLAG FRA DD …`,
  `INDSTILLING FRA MAGISTRATSAFDELINGEN …`); then the titled fields (`Resume`, …).
- `kl_wrapped_title_pdf`: a KL/KKR page whose item title breaks a word over two lines
  (`3.6. Fælles prioriterede infrastrukturprojekter i hovedstadsom-` / `rådet (VIP)`), the
  second line indented under the title's text and set with the heading's wider leading.
- `edoc_single_item_pdf`: one eDoc item printed alone (no cover): the body is named only in
  the decision heading (`Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012
  Punkt 2`) or, with `decision_names_body=False`, only under `Beslutningen træffes af`.
"""
from __future__ import annotations

from tests.ingest.layout_fixtures import Source, Style, draw
from tests.ingest.pdf_fixtures import BODY, LEFT, RIGHT, TOP, Writer, wrap
from tests.ingest.pdf_fixtures import Entry as _Entry

# --- FirstAgenda (Aarhus Byråd) ----------------------------------------------------------------

PARAGRAPH = 5.0  # extra space between the paragraphs of a field: less than a line
FIELD = 14.0  # extra space between fields: more than a line (10 pt type, 12.5 pt line spacing)

FIRSTAGENDA_STYLE: Style = {
    "title": (16, True, 0.0), "meta": (BODY, False, 0.0), "item": (13, True, 20.0),
    "head": (BODY, True, FIELD), "text": (BODY, False, 0.0), "para": (BODY, False, PARAGRAPH),
    "field": (BODY, False, FIELD), "caps": (BODY, False, FIELD),
}


def _aarhus_furniture(writer: Writer, page: int, pages: int) -> None:
    writer.text(LEFT, 40, "Aarhus Kommune", 8)
    writer.right(RIGHT, 815, f"Side {page} af {pages}", 8)


FIRSTAGENDA_SOURCE: Source = [
    ("title", "REFERAT Aarhus Byråd d. 24-09-2025"),
    ("meta", "Mødested: Aarhus Rådhus, byrådssalen"),
    ("item", "Punkt 1: Godkendelse af dagsorden"),
    ("head", "Beslutninger"),
    ("text", "Godkendt."),
    ("field", "."),
    ("item", "Punkt 2: Forslag til lokalplan nr. 1187 for boliger ved Lystrup Syd – endelig vedtagelse"),
    ("head", "Beslutninger"),
    ("text", "Indstillingen blev vedtaget med 27 stemmer for og 4 imod."),
    ("para", "Dansk Folkeparti og Danmarksdemokraterne stemte imod med henvisning til trafikken på"),
    ("text", "Lystrup Ringvej."),
    ("field", "Byrådet vedtog lokalplan nr. 1187 endeligt."),
    ("head", "Resume"),
    ("text", "Lokalplanforslaget har været i offentlig høring i otte uger. Der er kommet 14 høringssvar, som primært "
             "handler om trafikken på Lystrup Ringvej, stiforbindelsen til skolen og de grønne områder mellem den nye "
             "bebyggelse og det eksisterende parcelhuskvarter. Forvaltningen foreslår mindre ændringer i "
             "lokalplanens bestemmelser om beplantning og om placeringen af fælleshuset."),
    ("para", "Lokalplanen giver mulighed for op til 320 boliger i tæt-lav og etagebebyggelse i op til fire etager. "
             "Bebyggelsen skal opføres i tre etaper, og vejadgangen sker fra en ny rundkørsel på Lystrup Ringvej, "
             "som anlægges i forbindelse med første etape."),
    ("head", "Beslutningspunkter"),
    ("text", "At 1) lokalplan nr. 1187 vedtages endeligt med de ændringer, der fremgår af høringsnotatet, og"),
    ("text", "At 2) forvaltningen bemyndiges til at foretage mindre redaktionelle rettelser i planen."),
    ("head", "Sagsforløb"),
    ("text", "Byrådet vedtog forslaget til lokalplan den 12. marts 2025 og sendte det i offentlig høring fra den "
             "20. marts til den 15. maj 2025. Der blev holdt et borgermøde i Lystrup Fritidscenter den 8. april "
             "2025 med omkring 90 deltagere, hvor trafikken og de grønne områder fyldte mest i debatten."),
    ("page", ""),
    ("item", "Punkt 3: Beslutningsforslag fra DD om gratis parkering i Midtbyen i december"),
    ("head", "Beslutninger"),
    ("text", "Forslaget blev forkastet med 4 stemmer for og 27 imod."),
    ("caps", "BESLUTNINGSFORSLAG FRA DD OM GRATIS PARKERING I MIDTBYEN I DECEMBER"),
    ("para", "Danmarksdemokraterne foreslår, at parkering på kommunens pladser i Midtbyen er gratis"),
    ("text", "på lørdage i december 2025."),
    ("para", "Forslaget skal styrke handelslivet i Midtbyen i julemåneden, hvor mange butikker har"),
    ("text", "en stor del af deres omsætning. Udgiften på 1,2 mio. kr. finansieres af kassebeholdningen."),
    ("para", "Med venlig hilsen"),
    ("text", "Danmarksdemokraterne"),
    ("head", "Resume"),
    ("text", "Beslutningsforslaget er stillet af Danmarksdemokraterne efter styrelseslovens § 11, stk. 2, og er "
             "sat på dagsordenen for byrådets møde uden forudgående behandling i Magistraten. Forvaltningen har "
             "vurderet, at forslaget vil medføre en mindreindtægt på ca. 1,2 mio. kr., og at den forventede "
             "effekt på handelslivet er usikker, da de fleste besøgende i december kommer med bus og letbane."),
    ("item", "Punkt 4: Anlægsbevilling til renovering af Frederiksbjerg Skole"),
    ("head", "Beslutninger"),
    ("text", "Godkendt som indstillet."),
    ("para", "Byrådet bad samtidig om en status på tidsplanen, når udbuddet er afsluttet."),
    ("caps", "INDSTILLING FRA MAGISTRATSAFDELINGEN FOR BØRN OG UNGE"),
    ("text", "Den 3. september 2025"),
    ("para", "Magistratsafdelingen indstiller, at der gives en anlægsbevilling på 48,5 mio. kr. til"),
    ("text", "renovering af Frederiksbjerg Skole."),
    ("head", "Sagsforløb"),
    ("text", "Magistraten behandlede sagen den 8. september 2025. Renoveringen omfatter klimaskærmen, ventilation "
             "og akustik i alle undervisningslokaler samt en ny indskolingsbygning, og den gennemføres i to etaper, "
             "så skolen kan holde åbent undervejs."),
    ("page", ""),
    ("page", ""),
    ("item", "Punkt 5: Orientering om budgetopfølgning pr. 30. juni 2025"),
    ("head", "Beslutninger"),
    ("text", "Taget til efterretning."),
    ("head", "Resume"),
    ("text", "Budgetopfølgningen viser et forventet mindreforbrug på 12 mio. kr. på driftsområdet, som primært skyldes "
             "færre udgifter til forsikrede ledige og et mindreforbrug på ældreområdet. På anlægsområdet forventes "
             "en forskydning af udgifter på 85 mio. kr. til 2026, blandt andet til skoleudbygning og letbanen."),
]
FIRSTAGENDA_PAGES = 4


def firstagenda_pdf() -> bytes:
    """Aarhus Byråd, 24 September 2025, as FirstAgenda prints it: 5 items on 4 pages."""
    return draw(FIRSTAGENDA_SOURCE, FIRSTAGENDA_STYLE, _aarhus_furniture)


# --- KL/KKR: an item title that breaks a word over two lines ----------------------------------

KL_TITLE = ("3.6. Fælles prioriterede infrastrukturprojekter i hovedstadsom-", "rådet (VIP)")


BACKGROUND = {
    1: "Med klimaaftalen for energi og industri fra juni 2022 skal kommunerne senest ved udgangen af 2022 "
       "udarbejde en plan for udfasning af gas til opvarmning og levere en tidsplan for udbygning af "
       "fjernvarmen. KKR Hovedstaden har på den baggrund bedt sekretariatet om en status på arbejdet i "
       "kommunerne og på samarbejdet med forsyningsselskaberne om den kollektive varmeforsyning.",
    2: "KKR Hovedstaden besluttede på mødet den 11. november 2021 at arbejde for en fælles vision og nogle "
       "fælles pejlemærker for fremtidige infrastrukturprojekter i hovedstadsområdet. Arbejdet skal skabe "
       "bedre sammenhæng og nedbringe trængsel på tværs af kommunegrænserne, og det skal danne grundlag for "
       "kommunernes input til den kommende infrastrukturplan og til regionens trafikplan.",
}


def kl_wrapped_title_pdf() -> bytes:
    """Two KL pages: a group, item 3.5, and item 3.6 whose title runs over two lines."""
    writer = Writer()
    decisions = {
        1: ["KKR Hovedstaden tog orienteringen om klimaaftalen og energiforsyningsområdet til efterretning og "
            "drøftede den kommende varmeplanlægning i kommunerne.",
            "KKR Hovedstaden bad sekretariatet om at følge op på mødet i februar 2023."],
        2: ["Morten Winge introducerede status ift. hovedstadsprojekterne i Infrastrukturplan 2035 samt oplægget "
            "til vision, pejlemærker samt mobilitetsanalyse, jf. slides. KKR Hovedstaden drøftede oplægget med "
            "synspunkter om især behovet for støjreduktion.",
            "KKR tiltrådte indstillingen om vision og pejlemærker med en justering i forhold til støjudfordringer."],
    }
    for page in (1, 2):
        writer.pdf.add_page()
        writer.right(RIGHT, 42, "KKR Hovedstaden | 25-11-2022", 8)
        writer.right(RIGHT, 54, f"SIDE | {19 + page}", 8)
        y = TOP
        if page == 1:
            y += 14 * 1.25
            writer.text(LEFT, y, "3. Regionalpolitiske sager", 14, True)
            y += 26
            writer.text(LEFT, y, "3.5. Klimaaftale og energiforsyningsområdet", 12, True)
        else:
            y += 12 * 1.25
            writer.text(LEFT, y, KL_TITLE[0], 12, True)
            # KL's headings: the title's second line hangs under the title's text, at a wider leading.
            y += 12 * 1.9
            writer.text(LEFT + writer.width("3.6. ", 12, True), y, KL_TITLE[1], 12, True)
        y += 22
        writer.text(LEFT, y, f"SAG-2022-0393{page + 3} gitb", BODY)
        y += 24
        writer.text(LEFT, y, "Baggrund", BODY, True)
        for piece in wrap(writer, _Entry(BACKGROUND[page])):
            y += BODY * 1.25
            writer.text(LEFT, y, piece.text, BODY)
        y += 8 + BODY * 1.25
        writer.text(LEFT, y, "Beslutning", BODY, True)
        for k, text in enumerate(decisions[page]):
            y += 8 if k else 0  # a paragraph gap
            for piece in wrap(writer, _Entry(text)):
                y += BODY * 1.25
                writer.text(LEFT, y, piece.text, BODY)
    return writer.output()


# --- eDoc: one item printed alone ---------------------------------------------------------------

EDOC_DECISION_HEADING = "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2"


def edoc_single_item_pdf(decision_names_body: bool = True) -> bytes:
    """One eDoc item on one page, its body named in the decision heading or under `Beslutningen træffes af`."""
    source: Source = [
        ("item", "2. Bygningsvedligeholdelse 2013 - anlægsbevilling"),
        ("text", "Sagsnr.: 2012-28504"),
        ("head", "Sammendrag"),
        ("text", "Det årlige bygningssyn er nu afsluttet, og der er foretaget en prioritering af"),
        ("text", "aktiviteter for bygningsvedligeholdelse 2013."),
        ("head", "Beslutningen træffes af"),
        ("text", "Sundheds- og Forebyggelsesudvalget"),
        ("head", "Indstilling"),
        ("text", "Center for Ejendomme indstiller, at de foreslåede arbejder godkendes."),
    ]
    if decision_names_body:
        source += [("para", EDOC_DECISION_HEADING), ("text", "Indstillingen godkendt")]
    else:
        source = [("meta", "Dato: 04.12.2012"), *source, ("head", "Beslutning"), ("text", "Indstillingen godkendt")]
    source.append(("para", "Følgende deltog ikke i behandlingen af punktet:"))
    source.append(("text", "Per Mortensen (A)"))
    style: Style = {
        "item": (11, True, 0.0), "head": (BODY, True, 12.0), "text": (BODY, False, 0.0),
        "para": (BODY, False, 12.0), "meta": (8, False, 0.0),
    }
    return draw(source, style, lambda writer, page, pages: None)
