"""The referat layouts ingest knows, as data: the words each publishing system prints.

Every rule of the parser applies to every document, so a referat is read without knowing
which system made it; what differs between councils and their systems is mostly their
words. Each `Layout` lists what one system prints, learnt from a real referat (its
fixture is named in `learnt_from`); `headings.py` builds its recognisers from the union.

Adding a council's layout usually means an entry here (or a few words added to one) and a
fixture (docs/ingest.md, "Adding a council's layout"). What a decision heading may look
like is shared with the knowledge files and lives in `bot.decision_text`; the examples
listed here are checked against it by the tests.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    """What one publishing system (or family of councils) prints in its referater.

    Names are matched casefolded, without a trailing colon.
    """

    system: str
    learnt_from: str  # the referat (or fixture) the entry was made from
    sections: tuple[str, ...] = ()  # section headings
    labels: tuple[str, ...] = ()  # names that head a section only as a label: `Referat:` (not the title `Referat`)
    absence: tuple[str, ...] = ()  # notes of who did not take part (-> Item.absent); a few words may follow
    presence: tuple[str, ...] = ()  # lists of who took part: attendance, never a decision
    deciding_body: tuple[str, ...] = ()  # a section whose text names the body that decides the item
    decision_headings: tuple[str, ...] = ()  # examples as printed (bot.decision_text recognises them)
    item_headings: tuple[str, ...] = ()  # examples of group and item headings as printed


# Section headings many councils use, whatever their system.
COMMON = Layout(
    system="common",
    learnt_from="the councils' usual wording (tests/ingest/layout_fixtures.py)",
    sections=(
        "baggrund", "sagens baggrund", "indstilling", "indstillinger", "indstilling fra administrationen",
        "administrationens indstilling", "direktionens indstilling", "forvaltningens indstilling",
        "sagsfremstilling", "supplerende sagsfremstilling", "sagsbeskrivelse", "sagen", "bilag", "bilagsliste",
        "relevante bilag", "beslutning", "beslutninger", "beslutning(er)", "resume", "resumé",
        "beslutningspunkter", "sagsforløb", "økonomi", "økonomiske konsekvenser", "økonomi og finansiering",
        "finansiering", "bevillingsmæssige konsekvenser", "tidsplan", "videre proces", "det videre forløb",
        "proces", "høring", "kommunikation", "lovgrundlag", "retsgrundlag", "forslag", "forslag til beslutning",
        "vurdering", "konsekvenser", "personalemæssige konsekvenser", "miljømæssige konsekvenser",
        "borgerinddragelse", "inddragelse", "bemærkninger", "protokol", "protokoltilførsel", "afgørelse",
        "problemstilling", "formål", "tidligere beslutninger", "kompetence", "kompetenceforhold", "indhold",
        "læsevejledning", "udvalgets bemærkninger", "administrationens bemærkninger", "sagsresumé", "orientering",
        "punktet", "historik", "status", "lovgivning", "sammenfatning", "resultat",
        # Attendance and signatures: never part of a decision.
        "afbud", "fraværende", "medlemmer", "deltagere", "mødedeltagere", "til stede", "tilstede",
        "underskrifter", "underskriftsblad", "underskriftsside", "fraværende med afbud", "fraværende uden afbud",
    ),
    absence=("fraværende", "fravær", "afbud", "ikke til stede", "deltog ikke", "inhabil", "inhabilitet"),
    presence=("til stede", "tilstede", "deltagere", "mødedeltagere", "medlemmer"),
)

LAYOUTS: tuple[Layout, ...] = (
    COMMON,
    Layout(
        system="KL/KKR",
        learnt_from="data/referater/kkr-hovedstaden-2022-11-25-referat.txt",
        item_headings=("3. Regionalpolitiske sager", "3.4. DK2020-klimapartnerskabet efter 2023",
                       "3.9 (tilføjet): Den aktive beskæftigelsesindsats"),
        decision_headings=("Beslutning",),
    ),
    Layout(
        system="eDoc",
        learnt_from="tests/fixtures/referater/ballerup-sundheds-og-forebyggelsesudvalget-2012-12-04.pdf",
        sections=("sammendrag", "økonomiske konsekvenser og finansiering", "beslutningen træffes af"),
        absence=("følgende deltog ikke i behandlingen af punktet",),
        deciding_body=("beslutningen træffes af",),
        decision_headings=("Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 1",),
        item_headings=("1. Meddelelser",),
    ),
    Layout(
        system="Acadre",
        learnt_from="tests/fixtures/referater/syddjurs-plan-udvikling-kultur-2013-06-20.pdf",
        sections=("sagen afgøres i", "økonomi og organisatoriske konsekvenser"),
        deciding_body=("sagen afgøres i",),
        decision_headings=("Beslutning i Udvalget for plan, udvikling og kultur (PUK) den 20-06-2013",),
        item_headings=("715. Kulturkommune 2017. Politiske fokusområder",),
    ),
    Layout(
        system="SBSYS",
        learnt_from="tests/fixtures/referater/aarhus-moedesystemgruppen-2016-10-06.pdf",
        # `Oplæg:` is what was presented; `Referat:` is the minutes' record of the item.
        labels=("oplæg", "referat"),
        decision_headings=("Referat:",),
        item_headings=("1 First Agenda", "1.1 Status siden sidst", "3 Eventuelt"),
    ),
    Layout(
        system="FirstAgenda",
        learnt_from="tests/ingest/layout_fixtures.py firstagenda_pdf (a held-back Aarhus Byråd referat, re-drawn)",
        sections=("beslutninger", "beslutningspunkter", "sagsforløb", "resume", "bilag"),
        decision_headings=("Beslutninger", "Beslutning(er)"),
        item_headings=("Punkt 2: Forslag til budget 2026",),
    ),
    Layout(
        system="FirstAgenda Publication JSON",
        learnt_from="tests/fixtures/greve/ (Greve Kommune, 373 meetings; bot/ingest/firstagenda.py)",
        # The case templates' headings in the HTML field; "fremstilling" wraps them, "sagens forløb" heads
        # the case's earlier decisions.
        sections=("sagsprocedure", "fremstilling", "lovhjemmel", "høringspligt", "øvrige konsekvenser",
                  "øvrige forhold", "yderligere forhold", "øvrig information", "supplerende indstilling",
                  "supplerende sagsbeskrivelse", "miljøvurdering", "sagsproces", "sagens forløb"),
        decision_headings=("Beslutning",),
    ),
)


def _names(field: str) -> frozenset[str]:
    return frozenset(name for layout in LAYOUTS for name in getattr(layout, field))


SECTION_NAMES = _names("sections")
LABEL_NAMES = _names("labels")
ABSENCE_NAMES = _names("absence")
PRESENCE_NAMES = _names("presence")
DECIDING_BODY_NAMES = _names("deciding_body")
