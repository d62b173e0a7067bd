"""What the three real referat PDFs say (tests/fixtures/referater/), from the shared data's ground truth.

The ground truth (shared data README, which the systems' own XML exports agree with) gives
every item's number, title and decision and the meeting's body and date; the pages were
checked by hand against the PDFs, and so was the full text where the README shortens it
(`…`). Shared by the tests and `benchmarks/ingest_layouts.py`.

ITEMS: (number, title, start page, decision page, decision).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "referater"


@dataclass(frozen=True)
class Expected:
    """One real referat: its file, system, body, date, pages and items."""

    file: str
    system: str
    body: str
    date: str
    pages: int
    items: list[tuple[str, str, int, int | None, str]]

    @property
    def path(self) -> Path:
        return FIXTURES / self.file


GODKENDT = "Indstillingen godkendt"

BALLERUP = Expected(
    file="ballerup-sundheds-og-forebyggelsesudvalget-2012-12-04.pdf",
    system="eDoc",
    body="Sundheds- og Forebyggelsesudvalget",
    date="2012-12-04",
    pages=15,
    items=[
        ("1", "Meddelelser", 3, 3, "Taget til efterretning"),
        ("2", "Bygningsvedligeholdelse 2013 - anlægsbevilling", 3, 5, GODKENDT),
        ("3", "Kvalitetsstandarder for stof- og alkoholbehandling 2012-2013", 6, 7, "Indstilles til godkendelse"),
        ("4", "Takstreduktion på aflastningstilbuddet Torvevej i Skovlunde i 2013", 7, 8, GODKENDT),
        ("5", "KL's opfølgningsproces vedrørende det nære sundhedsvæsen", 9, 10, GODKENDT),
        ("6", "Prioritering af midler til kronisk syge borgere og hverdagsrehabilitering for ældre", 10, 12,
         GODKENDT),
        ("7", "Etablering af aktivitetscenter på Solvej 6 i Ballerup", 12, 13,
         "Indstillingen godkendt med denne bemærkning: Gruppen af unge i Ballerup Kommune også får adgang til at "
         "bruge lokalerne på Solvej 6."),
        ("8", "Evaluering af rygestopkurser", 14, 15, "Taget til efterretning"),
    ],
)

PUK = "Udvalget for plan, udvikling og kultur (PUK)"

SYDDJURS = Expected(
    file="syddjurs-plan-udvikling-kultur-2013-06-20.pdf",
    system="Acadre",
    body=PUK,
    date="2013-06-20",
    pages=5,
    items=[
        ("715", "Kulturkommune 2017. Politiske fokusområder", 3, 4,
         "Punktet blev drøftet.\n\n"
         "Sagen genoptages på det kommende ordinære møde i udvalget, hvor der vil foreligge et 1. oplæg til strategi "
         "med udgangspunkt i udvalgets hidtidige drøftelser."),
    ],
)
# The case's earlier decisions at this committee: (heading, date, text).
SYDDJURS_HISTORY = [
    (f"Beslutning i {PUK} den 10-04-2013", "2013-04-10",
     "Der indkaldes til et ekstraordinært møde d. 24. april 2013 kl. 13.30, hvor udvalget arbejder med en "
     "konkretisering af planerne for kulturkommunen.\n\n"
     "Grundstrukturen i oplægget foreslås suppleret med den ”regionale/nationale/internationale arena”, ligesom "
     "indsatserne foreslås suppleret med ”eksperimenter/træningsbanen”."),
    (f"Beslutning i {PUK} den 24-04-2013", "2013-04-24",
     "Punktet genoptages.\n\nTidspunkt herfor fastlægges på det ordinære PUK-møde den 8. maj 2013"),
]

AARHUS = Expected(
    file="aarhus-moedesystemgruppen-2016-10-06.pdf",
    system="SBSYS",
    body="Mødesystemgruppen",
    date="2016-10-06",
    pages=4,
    items=[
        ("1.1", "Status siden sidst", 1, 1,
         "Alle skal have indhold. Byrådsmedlemmer der ikke kan skifte kodeord fordi de ikke har en administrativ "
         "PC – hvordan håndterer vi dem? Skal de være eksterne brugere?\n\n"
         "Eksterne brugere vil logge ind som hidtil.\n\n"
         "First Agenda kan godt hjælpe med udtræk i forhold til brugernavn, sidste login,\n\n"
         "First Agenda tager med hjem at man kan søge på listen, når man tilknytter til et udvalg."),
        ("1.2", "Status på udviklingsønsker", 2, None, ""),
        ("1.3", "Besøg af First Agenda", 2, None, ""),
        ("1.4", "Plan for resten af året", 2, None, ""),
        ("2.1", "Status siden sidst", 3, None, ""),
        ("2.2", "Plan for resten af året", 3, None, ""),
        ("2.3", "Status over udviklingsønsker", 4, None, ""),
        ("3", "Eventuelt", 4, None, ""),
    ],
)
AARHUS_GROUPS = {"1.1": "1. First Agenda", "2.3": "2. GetOrganized", "3": None}

ALL = [BALLERUP, SYDDJURS, AARHUS]
