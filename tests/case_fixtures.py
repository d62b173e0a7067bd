"""Later stages of a case, built beside the bundled KKR meeting: the same case number in an
Økonomiudvalget and a Byråd meeting (as FirstAgenda gives them), plus the agenda approvals a
municipality files under one number for years. Facts (outcome, formal, …) come from bot.facts."""
from __future__ import annotations

from bot.facts import enrich_meeting
from bot.model import Item, Meeting, PriorDecision, Section

DK2020_CASE = "22-012345"  # the DK2020 case's number in the municipality's system
AGENDA_CASE = "21-014439"  # the number every agenda approval of Økonomiudvalget is filed under
GREVE_URL = "https://greve.dk/politik/dagsordener-og-referater/"
DK2020 = "DK2020-klimapartnerskabet efter 2023"


def _meeting(body: str, date: str, items: list[Item]) -> Meeting:
    meeting = Meeting(body=body, date=date, source_url=f"{GREVE_URL}{body.lower()}-{date}.pdf", pages=10,
                      items=items, municipality="Greve Kommune")
    for item in items:  # each item's own page on the publishing site
        item.url = f"{GREVE_URL}{body.lower()}-{date}/punkt-{item.number}"
    enrich_meeting(meeting)
    return meeting


def _item(number: str, title: str, case: str | None, decision: str, text: str, page: int) -> Item:
    return Item(number=number, title=title, page=page, decision=decision, decision_page=page, case_number=case,
                sections=[Section("Sagsfremstilling", text, page)])


def later_stages() -> list[Meeting]:
    """Økonomiudvalget recommends the DK2020 case (and approves its agenda twice); the Byråd approves it."""
    agenda = "Dagsordenen blev godkendt."
    climate = ("Kommunens deltagelse i DK2020-klimapartnerskabet efter 2023 og den regionale organisering "
               "af klimaplanarbejdet.")
    first = _meeting("Økonomiudvalget", "2023-01-16", [
        _item("1", "Godkendelse af dagsorden", AGENDA_CASE, agenda, "Dagsordenen forelægges til godkendelse.", 1),
        _item("2", DK2020, DK2020_CASE, "Anbefales over for Byrådet.", climate, 2),
        _item("3", "Budgetopfølgning pr. 31. december 2022", "23-000017", "Taget til efterretning.",
              "Budgetopfølgningen viser et mindreforbrug på driften.", 4),
    ])
    council = _meeting("Byrådet", "2023-01-30", [
        _item("1", "Godkendelse af dagsorden", "21-014440", agenda, "Dagsordenen forelægges til godkendelse.", 1),
        # The same case, its number written with a space as some systems print it.
        _item("7", DK2020, "22 012345", "Godkendt.", climate, 6),
    ])
    second = _meeting("Økonomiudvalget", "2023-02-13", [
        _item("1", "Godkendelse af dagsorden", AGENDA_CASE, agenda, "Dagsordenen forelægges til godkendelse.", 1),
        _item("2", "Anlægsregnskab for Hundige Strandvej", "22-004711", "Godkendt.",
              "Regnskabet for anlægget af Hundige Strandvej forelægges.", 3),
    ])
    return [first, council, second]


def committee_year() -> list[Meeting]:
    """Ten meetings of one committee: its signature sheet under one number at each, and a real
    case back every other meeting under alike titles."""
    meetings = [Meeting("Økonomiudvalget", f"2023-{n:02d}-01", items=[
        Item("1", "Underskriftsark", 1, "Underskrevet.", case_number="21-014501"),
        Item("2", f"Anlægsregnskab {n}", 1, "Godkendt.", case_number=f"23-00{n:04d}")]) for n in range(1, 11)]
    for n, m in enumerate(meetings[::2]):
        m.items.append(Item("3", ["Energibesparelser", "Opfølgning på energibesparelser"][n % 2], 1, "Godkendt.",
                            case_number="22-011409"))
    return meetings


def journal_number() -> list[Meeting]:
    """Greve's Bugtskolen SFO case (21-011591) as the base has it: one decision through Skole-,
    Børne- og Ungeudvalget, Økonomiudvalget and the Byråd in spring 2022, then another one under
    the same number in August; and a decision whose title changed on its way (23-004209), which
    the Byråd's item joins by printing Økonomiudvalget's meeting in its history. Newest first."""
    def stage(body: str, date: str, number: str, title: str, case: str, *earlier: tuple[str, str]) -> Meeting:
        history = [PriorDecision(f"{d[8:]}-{d[5:7]}-{d[:4]} {b}", "Anbefales.", d, b) for b, d in earlier]
        return Meeting(body, date, items=[Item(number, title, 1, "Godkendt.", case_number=case, history=history)],
                       municipality="Greve Kommune")
    price = "Forældrebetaling på Bugtskolen SFO og Havana SFO"
    suspension = ("Orientering om suspension af forældelsesfristen vedrørende forældrebetaling til Bugtskolen og "
                  "Havana SFO og Havana")
    sbu, ou, br = "Skole-, Børne- og Ungeudvalget", "Økonomiudvalget", "Greve Byråd"
    return [
        stage(br, "2023-05-15", "45", "Afklaring af hvad kommunen må stille til rådighed for medlemmer af byrådet, "
              "der har været udsat for vold eller trusler", "23-004209", (ou, "2023-05-08")),
        stage(ou, "2023-05-08", "41", "Mulighed for hjælp til byrådsmedlemmer der har været udsat for vold eller "
              "trusler", "23-004209"),
        stage(br, "2022-09-05", "30", suspension, "21-011591", (sbu, "2022-08-16")),
        stage(ou, "2022-08-29", "28", suspension, "21-011591"),
        stage(sbu, "2022-08-16", "13", suspension, "21-011591"),
        stage(br, "2022-05-23", "27", price, "21-011591", (sbu, "2022-04-26"), (ou, "2022-05-09")),
        stage(ou, "2022-05-09", "19", price, "21-011591"),
        stage(sbu, "2022-04-26", "3", price, "21-011591"),
    ]
