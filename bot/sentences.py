"""Splitting Danish minutes text into verbatim sentences.

Sentences are returned exactly as they stand in the text (only surrounding
whitespace removed), so a fact quoting "the verbatim sentence" can be found in
the decision with a plain substring search.
"""
from __future__ import annotations

import re

# Abbreviations after which a full stop does not end the sentence, even before a capital
# ("jf. KL's notat", "bl.a. Region Hovedstaden").
ABBREVIATIONS = {
    "jf", "bl.a", "f.eks", "fx", "ca", "nr", "pkt", "kl", "hhv", "evt", "inkl", "ekskl",
    "vedr", "iht", "ift", "pga", "dvs", "mht", "ang", "mio", "mia", "kr", "stk", "tlf",
    "m.fl", "mfl", "sml", "ref", "afd", "att", "gl", "div",
}
# A candidate end: . ! or ? (maybe closed by a quote or parenthesis), whitespace, then a
# capital letter (maybe after an opening quote).
_END = re.compile(r"([.!?])[\"”’)]*\s+(?=[\"“”]?[A-ZÆØÅ])")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_BULLET_RE = re.compile(r"^(?:[–\-•▪●◦*·]|\d{1,2}[.)]|[a-z][.)])\s")


def is_bullet(text: str) -> bool:
    """True for list lines: dashes, bullets, `1.`/`a)` enumerations."""
    return bool(_BULLET_RE.match(text))


def _last_word(text: str, end: int) -> str:
    """The run of non-space characters ending at `end` (after any spaces before it), found by
    looking back from `end`: a long text costs no more than the word."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _is_abbreviation(text: str, dot: int) -> bool:
    word = _last_word(text, dot) if dot > 0 and not text[dot - 1].isspace() else ""
    word = word.lstrip("(\"“”")
    if word.casefold() in ABBREVIATIONS:
        return True
    # An initial inside a name: "Allan S. Andersen" (but not "… stemte imod: Ø. Det …").
    if len(word) == 1 and word.isupper():
        prev = _last_word(text, dot - 1)
        return prev[:1].isupper() and prev[-1:].isalpha()
    return False


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in text; paragraphs and list lines end one."""
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        start = block_start
        block = text[block_start:block_end]
        for m in _END.finditer(block):
            dot = m.start(1)
            if m[1] == "." and _is_abbreviation(block, dot):
                continue
            # The sentence keeps any closing quote or parenthesis after the stop.
            close = re.match(r"[.!?][\"”’)]*", block[dot:])
            assert close is not None  # `dot` is where _END matched a stop
            spans.append((start, block_start + dot + len(close[0])))
            start = block_start + m.end()
        spans.append((start, block_end))
    return [(s, e) for s, e in (_strip(text, s, e) for s, e in spans) if e > s]


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs, and each list line (a line starting with a dash or bullet) on its own."""
    blocks: list[tuple[int, int]] = []
    pos = 0
    for m in list(_PARAGRAPH.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        para_start = pos
        offset = pos
        for line in text[pos:end].split("\n"):
            if offset > para_start and is_bullet(line.strip()):
                blocks.append((para_start, offset - 1))
                para_start = offset
            offset += len(line) + 1
        blocks.append((para_start, end))
        pos = m.end() if m else len(text)
    return blocks


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[str]:
    """The sentences of text, verbatim, in order."""
    return [text[s:e] for s, e in sentence_spans(text)]
