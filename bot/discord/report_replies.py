"""What members and admins see of reports: the thanks after 'Rapportér fejl', and /rapporter. Pure."""
from __future__ import annotations

from bot.dates import danish_date
from bot.discord.controls import OPTION_TEXT, Option, Select, label
from bot.discord.custom_ids import MarkHandled, encode
from bot.discord.replies import FIELD_NAME, FIELD_VALUE, TOTAL, Reply, build_embed, fit, one_line, text_reply
from bot.state.reports import Report

REPORTS_SHOWN = 10  # per /rapporter; marking them handled shows the next ones
REPORT_TEXT = 1000  # the longest "Hvad var forkert?" the form takes


def thanks_reply(number: int) -> Reply:
    """The private thanks after a report is stored."""
    return text_reply(f"Tak! Din rapport (nr. {number}) er gemt, og en administrator kigger på den.")


def _date(stamp: str) -> str:
    return danish_date(stamp[:10]) if len(stamp) >= 10 else stamp


def _field(report: Report, room: int) -> tuple[str, str, bool]:
    name = fit(f"Nr. {report.id} · {_date(report.reported_at)}", FIELD_NAME)
    question = one_line(report.question, 300) if report.question else "(ikke gemt længere)"
    head = (f"**Fra:** <@{report.user_id}>\n**Spørgsmål:** {fit(question, 320)}\n"
            f"**Svaret viste:** {fit(report.shown.describe(), 300)}\n**Hvad var forkert:** ")
    space = min(FIELD_VALUE, room) - len(head)
    return name, head + fit(report.text, max(space, 20)), False


def reports_reply(reports: list[Report], open_count: int) -> Reply:
    """The open reports, newest first, with a menu to mark them handled (only admins see it)."""
    if not reports:
        return text_reply("Der er ingen åbne rapporter om fejl. Tak til alle, der har rapporteret!")
    shown = reports[:REPORTS_SHOWN]
    title = f"Rapporter om fejl: {open_count} åbne"
    more = open_count > len(shown)
    footer = f"Viser de {len(shown)} nyeste; kkrbot rapporter viser dem alle." if more else ""
    room = (TOTAL - len(title) - len(footer)) // len(shown) - 60  # 60: a field's name
    fields = [_field(r, room) for r in shown]
    options = tuple(Option(label(f"Nr. {r.id}: {one_line(r.text, 80)}", OPTION_TEXT), str(r.id),
                           label(r.shown.describe(), OPTION_TEXT)) for r in shown)
    menu = Select(encode(MarkHandled()), "Markér som behandlet …", options, min_values=1, max_values=len(options),
                  row=0)
    return Reply(embed=build_embed(title, None, "", fields, footer), ephemeral=True, controls=[menu])
