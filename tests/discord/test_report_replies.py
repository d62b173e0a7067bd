"""Reports as members and admins see them (bot.discord.report_replies): within every limit."""
from __future__ import annotations

from bot.discord.controls import Select
from bot.discord.custom_ids import MarkHandled, decode
from bot.discord.report_replies import REPORTS_SHOWN, reports_reply, thanks_reply
from bot.state.answers import Shown
from bot.state.reports import Report
from tests.discord.test_replies import check_limits

SHOWN = Shown("KKR Hovedstaden", "2022-11-25", "3.4", "DK2020-klimapartnerskabet efter 2023", "svar")


def report(n: int, text: str = "Forkert punkt", question: str | None = "Hvad med DK2020?") -> Report:
    return Report(n, "2024-05-01T09:00:00+00:00", 1234567890123456789, text, question, SHOWN)


def test_the_admins_list_names_member_question_answer_and_what_was_wrong() -> None:
    reply = reports_reply([report(2), report(1, question=None)], open_count=2)
    assert reply.ephemeral and reply.embed.title == "Rapporter om fejl: 2 åbne"
    first, second = reply.embed.fields
    assert first.name == "Nr. 2 · 1. maj 2024"
    assert first.value == ("**Fra:** <@1234567890123456789>\n**Spørgsmål:** Hvad med DK2020?\n"
                           "**Svaret viste:** 3.4 DK2020-klimapartnerskabet efter 2023 (KKR Hovedstaden, "
                           "25. november 2022; svar)\n**Hvad var forkert:** Forkert punkt")
    assert "**Spørgsmål:** (ikke gemt længere)" in second.value
    (menu,) = reply.controls
    assert isinstance(menu, Select) and decode(menu.custom_id) == MarkHandled()
    assert [o.value for o in menu.options] == ["2", "1"] and menu.max_values == 2


def test_many_long_reports_fit_and_the_rest_are_counted() -> None:
    many = [report(n, "@everyone **fejl** " * 80, "spørgsmål " * 60) for n in range(40, 0, -1)]
    reply = reports_reply(many, open_count=40)
    check_limits(reply)
    assert len(reply.embed.fields) == REPORTS_SHOWN and len(reply.controls[0].options) == REPORTS_SHOWN
    assert reply.embed.footer.text.startswith("Viser de 10 nyeste")
    assert all(len(o.label) <= 100 and len(o.description or "") <= 100 for o in reply.controls[0].options)
    assert "@everyone" not in str(reply.embed.to_dict())


def test_no_reports_and_the_thanks() -> None:
    assert reports_reply([], 0).content.startswith("Der er ingen åbne rapporter")
    assert thanks_reply(7).content == "Tak! Din rapport (nr. 7) er gemt, og en administrator kigger på den."
    assert thanks_reply(7).ephemeral
    assert Shown(date="2022-11-25", item="#3").describe() == "#3 (25. november 2022)"
    assert Shown().describe() == "ukendt punkt"
