"""What a question carries that is no words: chat markup, terminal escapes, invisible characters.

A question pasted from Discord or a terminal may hold user, role and channel mentions
(`<@123>`, `<@!123>`, `<@&123>`, `<#123>`), `@everyone`/`@here` and other `@names`, custom
emoji (`<:name:id>`, `<a:name:id>`), command mentions and timestamps (`</cmd:id>`,
`<t:1700000000:R>`), ANSI escape sequences, control characters and invisible format
characters (zero-width spaces and joiners, direction marks, soft hyphens). Searched as
words they find nothing, or keep a question from being answered: an unknown word weighs
as much as the rarest word there is (docs/search.md). `strip_markup` takes them out.
"""
from __future__ import annotations

import re
import unicodedata

# CSI (colours, cursor), OSC (window titles, links; ended by BEL or ESC \) and two-character escapes.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -~]?)|\x9b[0-?]*[ -/]*[@-~]?")
_DISCORD = re.compile(
    r"<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|/[^<>\n]+:\d+|t:-?\d+(?::[tTdDfFR])?|id:\w+)>"
)
# "@everyone", "@here", "@kkrbot": addressed to someone, never the topic; an e-mail address stays.
_AT_NAME = re.compile(r"(?<![\w@.])@[\w.-]*\w")
_REMOVED = frozenset({"Cf", "Cs", "Cn", "Co"})  # format (zero-width, bidi), surrogates, unassigned, private use


def _char(c: str) -> str:
    category = unicodedata.category(c)
    if category == "Cc":
        return " "  # a control character (NUL, tab, newline) parts words
    return "" if category in _REMOVED else c


def strip_markup(text: str) -> str:
    """The question without mentions, custom emoji, ANSI escapes and invisible or control
    characters, its spaces collapsed: '<@123> @everyone DK2020' -> 'DK2020'."""
    text = _ANSI.sub("", text)
    if not text.isprintable() or not text.isascii():
        # Invisible characters join what they stood between ('D\u200bK2020' -> 'DK2020').
        text = "".join(map(_char, text))
    text = _DISCORD.sub(" ", text)
    text = _AT_NAME.sub(" ", text)
    return " ".join(text.split())
