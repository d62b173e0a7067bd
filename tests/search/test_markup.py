"""Chat markup, terminal escapes and invisible characters are taken out of a question."""
from __future__ import annotations

import pytest

from bot.search.markup import strip_markup


@pytest.mark.parametrize("question, searched", [
    ("<@1300000000000000002> hvad blev besluttet om DK2020?", "hvad blev besluttet om DK2020?"),
    ("<@!123> <@&456> <#789> DK2020", "DK2020"),
    ("@everyone DK2020", "DK2020"),
    ("@here  DK2020 @kkrbot", "DK2020"),
    ("DK2020 <:klima:123456789> <a:dans:987654321>", "DK2020"),
    ("</beslutning:1234> DK2020 <t:1700000000:R>", "DK2020"),
    ("\x1b[31;1mDK2020\x1b[0m", "DK2020"),
    ("\x1b]0;titel\x07DK2020", "DK2020"),
    ("\x1b]8;;https://x.dk\x1b\\DK2020\x1b]8;;\x1b\\", "DK2020"),
    ("D\u200bK\u200b2\u200b0\u200b2\u200b0", "DK2020"),
    ("\u202eDK2020\u202c \u200fklima\u200e", "DK2020 klima"),
    ("klima\xadpartnerskab", "klimapartnerskab"),
    ("DK2020\x00klima\tfremme\r\n", "DK2020 klima fremme"),
    ("\ud800DK2020", "DK2020"),
])
def test_markup_is_not_words(question, searched):
    assert strip_markup(question) == searched


@pytest.mark.parametrize("question", [
    "Hvad blev besluttet om DK2020-klimapartnerskabet?",
    "Hvem er Kasper Damsgård (A), Glostrup Kommune?",
    "Skriv til kkr@kl.dk om 9.000 pladser: 50 % i 2023!",
    "Hvad koster det? 🙂",
    "<b>",  # no Discord markup: kept, it has no words anyway
])
def test_words_stay_as_written(question):
    assert strip_markup(question) == question


@pytest.mark.parametrize("question", ["", "   ", "@everyone", "<@123> <:x:1>", "\x1b[0m", "\u200b\u200b"])
def test_markup_only_leaves_nothing(question):
    assert strip_markup(question) == ""
