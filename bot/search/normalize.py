"""Danish text normalisation for search: words -> index keys.

A key is what the index stores and a question is matched on: the casefolded word,
Snowball-stemmed (Danish), then folded so that æ/ø/å and their ASCII spellings
meet (`København`, `Koebenhavn` and `Kobenhavn` all give `kobenhavn`). Numbers
keep their digits (`3.9`, `2035`; thousand separators dropped: `9.000` -> `9000`).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import Stemmer

# Words and numbers; a point or comma between digits stays inside ("3.9", "9.000").
WORD_RE = re.compile(r"(?:\w|(?<=\d)[.,](?=\d))+")
# Hyphenated compounds ("DK2020-klimapartnerskabet"): also indexed joined together.
HYPHENATED_RE = re.compile(r"(?<![\w-])\w+(?:-\w+)+")
# A word broken across a line by the PDF ("for-\nhold"), but not "Klima-\nog energi".
_LINE_HYPHEN_RE = re.compile(r"-(?<=\w-)[ \t]*\n(?:[ \t]*\n)?[ \t]*(?!(?:og|eller)\b)(?=[a-zæøå])")
_THOUSANDS_RE = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_CODE_AND_WORD_RE = re.compile(r"^(\w*\d)([^\W\d_]{4,})$")

# Snowball's Danish stop list plus a few words that never carry a topic.
STOP_WORDS = frozenset("""
og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi
min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle
vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit også
under have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive mange
ad bliver hendes været thi jer sådan uden
hvem hvornår hvordan hvorfor hvilke hvilken hvilket hvorledes hvorhen hvortil hvormed
ja nej mon lige bare så nogen ingen kan får fik få hver samt mv bl dvs fx jf ift hhv
""".split())
# Stop words only as spelt: folded, "andre" (others) would be "ændre" (change), a topic.
EXACT_STOP_WORDS = frozenset({"andre", "andet"})

# Words that frame a question ("Hvad blev besluttet om …?", "punkt 3.9", "på sidste møde",
# "næste møde dato", "hvad tid starter …", "kan du give mig et overblik over …", "hvor kan
# jeg finde …") rather than name its topic.
# Ignored in questions only; the minutes' own use of them is still indexed.
QUESTION_WORDS = frozenset("""
besluttet besluttede beslutte beslutning beslutningen beslutninger beslutningerne
vedtaget vedtog skete sket ske sker sagt sagde siger står stod
vide gerne fortæl fortælle fortalt info oplysninger
angående vedrørende ang vedr omkring mht egentlig
punkt punktet pkt sidste seneste forrige
dato datoen datoer datoerne tidspunkt tidspunktet tidspunkter tid klokken klokkeslæt dag dagen ugedag
starter begynder overblik oversigt opsummering opsummere resume resumé sammenfatning sammendrag
se vis vise find finde læse læs give hjælpe
""".split())


_STEMMER = Stemmer.Stemmer("danish")
_VOWELS = frozenset("aeiouyæøå")
_FOLD = str.maketrans({
    "æ": "a", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ü": "u", "é": "e", "è": "e", "á": "a",
    "à": "a", "ó": "o", "í": "i", "ú": "u", "ñ": "n", "ç": "c",
})


def fold(text: str) -> str:
    """Fold Danish letters and their ASCII spellings together: 'Kø'/'Koe'/'Ko' -> 'ko'."""
    text = text.casefold().translate(_FOLD)
    return text.replace("ae", "a").replace("oe", "o").replace("aa", "a")


def may_have_line_hyphen(text: str) -> bool:
    """False when dehyphenate() would certainly leave the text as it is (cheap test)."""
    return "-\n" in text or "- \n" in text


def dehyphenate(text: str) -> str:
    """Join words the PDF hyphenated across a line break ('for-\\nhold' -> 'forhold')."""
    if not may_have_line_hyphen(text):
        return text  # the common case, checked without a regex
    return _LINE_HYPHEN_RE.sub("", text)


_HYPHEN_HINT_RE = re.compile(r"- ?\n")  # what may_have_line_hyphen() looks for


def dehyphenate_joined(joined: str, starts: np.ndarray, ends: np.ndarray) -> tuple[str, np.ndarray]:
    """dehyphenate() of every text joined[starts[i]:ends[i]] at once: the new string and
    where each text now starts (texts must be apart by three line breaks or more, which
    no hyphen joins across). Returns its arguments when nothing changes."""
    # dehyphenate() only touches a text with "-\n" or "- \n" inside it.
    hints = np.array([m.span() for m in _HYPHEN_HINT_RE.finditer(joined)], dtype=np.int64).reshape(-1, 2)
    if not len(hints):
        return joined, starts
    at = np.searchsorted(starts, hints[:, 0], side="right") - 1
    hinted = np.unique(at[ends[at] >= hints[:, 1]]).tolist()
    removed = [m.span() for i in hinted
               for m in _LINE_HYPHEN_RE.finditer(joined, int(starts[i]), int(ends[i]))]
    if not removed:
        return joined, starts
    pieces, done = [], 0
    for a, b in removed:
        pieces.append(joined[done:a])
        done = b
    pieces.append(joined[done:])
    cut = np.array(removed, dtype=np.int64)
    shift = np.concatenate(([0], np.cumsum(cut[:, 1] - cut[:, 0])))
    return "".join(pieces), starts - shift[np.searchsorted(cut[:, 0], starts)]


# The past tense of the strong verbs vinde, finde, binde, spinde, rinde, svinde, tvinde
# ("vandt", "fandt", "forsvandt"): Snowball drops the t of -dt and so makes them the nouns
# vand, fand, band, spand, rand ("Hvem vandt valget?" would find "el, varme og vand").
# They are kept whole: the verbs' other forms differ anyway (vinde -> vind, vundet -> vund).
_STRONG_PAST_RE = re.compile(r"(?:v|f|b|sp|r)andt$")


# The verbs kende, sende, vende and their compounds (godkende, oversende, anvende): Snowball
# cuts their infinitive and passive as if -ende/-endes were a participle ending, so
# "godkendes" became godk and "oversende" over, apart from "godkendt" (godkend) and
# "oversendt". Here those forms keep the stem. Only these verbs: "passende", "levende" are
# participles of passe, leve.
_END_VERB_RE = re.compile(
    r"((?:god|aner|er|be|til|fra)?kend|(?:over|ud|frem|ind|til|af|videre|gen)?send|"
    r"(?:an|hen|ind|om|til|ud|tilbage)?vend)(?:e|es|ende|endes)"
)


def stem(word: str) -> str:
    """Danish Snowball stem, applied until stable so 'lærepladser' and 'læreplads' agree."""
    if word.endswith("andt") and _STRONG_PAST_RE.search(word):
        return word
    if "end" in word:  # cheap test first
        verb = _END_VERB_RE.fullmatch(word)
        if verb:
            return verb[1]
    # Snowball leaves the past tense "-ede" as "-ed" (udpegede -> udpeged); treat it as -e.
    if len(word) >= 7 and word.endswith("ede"):
        word = word[:-2]
    for _ in range(3):
        shorter = _STEMMER.stemWord(word)
        if shorter == word:
            break
        word = shorter
    # Nouns in -el/-en lose the e when inflected (mangel/manglen, cykel/cykler, åben/åbne);
    # Snowball keeps it, so drop it here: all agree on mangl, cykl, åbn.
    if len(word) >= 4 and word[-2:] in ("el", "en") and word[-3] not in _VOWELS:
        word = word[:-2] + word[-1]
    return word


_FOLDED_STOP = frozenset(fold(w) for w in STOP_WORDS)
_FOLDED_QUESTION = frozenset(fold(w) for w in QUESTION_WORDS)


def is_stop(word: str) -> bool:
    """True for a casefolded word that never drives ranking (Danish stop words)."""
    return word in STOP_WORDS or word in EXACT_STOP_WORDS or fold(word) in _FOLDED_STOP


def is_question_word(word: str) -> bool:
    """True for a casefolded word that frames a question ('besluttet', 'skete')."""
    return word in QUESTION_WORDS or fold(word) in _FOLDED_QUESTION


def term_key(word: str) -> str | None:
    """The index key of one casefolded word, or None for stop words and noise."""
    if word.isdigit():
        return word  # numbers are many and all different: no cache, no stemming
    return _word_key(word)


@lru_cache(maxsize=200_000)
def _word_key(word: str) -> str | None:
    if not word or is_stop(word):
        return None
    if word[0].isdigit() and word.replace(".", "").replace(",", "").isdigit():
        return word.replace(".", "") if _THOUSANDS_RE.match(word) else word
    if word.isalpha():
        return fold(stem(word)) if len(word) >= 2 else None
    if "_" in word or not any(c.isdigit() for c in word):
        return None
    # Codes such as dk2020, co2, k29 are not stemmed; a word joined on is.
    m = _CODE_AND_WORD_RE.match(word)
    return fold(m[1] + stem(m[2])) if m else fold(word)


def words(text: str) -> list[str]:
    """The casefolded words and numbers of a text, in order."""
    return WORD_RE.findall(dehyphenate(text).casefold())


def hyphen_joins(text: str) -> list[str]:
    """Hyphenated compounds of a casefolded text joined up ('sosu-området' -> 'sosuområdet')."""
    if "-" not in text:
        return []
    joined = []
    for chunk in HYPHENATED_RE.findall(text):
        parts = chunk.split("-")
        if not all(p.isdigit() for p in parts):
            joined.append("".join(parts))
    return joined


def token_keys(token: str) -> list[str]:
    """The index keys of one casefolded whitespace-separated token ('(dk2020-klimaet),')."""
    if token.isalpha() or token.isdigit():  # most tokens: one plain word or number
        key = term_key(token)
        return [key] if key else []
    found = WORD_RE.findall(token)
    if "-" in token:
        found += hyphen_joins(token)
    return [k for k in map(term_key, found) if k]


_cached_token_keys = lru_cache(maxsize=100_000)(lambda token: tuple(token_keys(token)))


def text_keys(text: str) -> list[str]:
    """All index keys of a text, token by token (a hyphenated compound: parts, then joined)."""
    return [k for token in dehyphenate(text).casefold().split() for k in _cached_token_keys(token)]


_BETWEEN_RE = re.compile(r"[ \t\r\n-]+")  # what may stand between two neighbouring words
_WORD_AT_RE = re.compile(r"\w+")
TEXT_BREAK = "\n|\n"  # joins texts that adjacent_pairs() must not read as one


Pair = tuple[str, ...]  # (first key, second key) or (first, second, the small word between them)


def adjacent_pairs(text: str, pairs: Sequence[Pair], spellings: dict[str, str]) -> set[Pair]:
    """The pairs of keys whose words stand next to each other in a text, in that order
    ('Kasper Damsgaard', 'Region Hovedstaden'), only spaces or a hyphen between them; a pair
    with a third element has that word between them, the two written as a name ('Energi på Tværs').

    `spellings` gives, per key, a word as the text's author writes it (the index's surface
    form: damsgard -> "damsgaard"). Two such words' letters after the first, as they stand
    (in lower or upper case), are found together by one literal regex search; each pair of
    words found that way is then checked with term_key.
    """
    text = dehyphenate(text)
    return {pair for pair in pairs
            if _adjacent(text, pair, spellings.get(pair[0], pair[0]), spellings.get(pair[1], pair[1]))}


def _inner(key: str, spelling: str) -> str:
    """The letters every word with this key has after its first one, as `spelling` writes
    them: up to the key's last (mangel/manglen -> mangl: the stem may lose an e before it)."""
    return spelling[1:max(2, min(len(key) - 1, len(spelling)))]


@lru_cache(maxsize=4096)
def _pair_re(first: str, second: str, between: bool) -> re.Pattern[str]:
    # Starts with a literal, so the engine jumps from one occurrence to the next at C speed.
    gap = r"[ \t\r\n-]+\w+[ \t\r\n-]+" if between else r"[ \t\r\n-]+"
    return re.compile(re.escape(first) + r"\w*(?=" + gap + r"\w" + re.escape(second) + ")")


def _adjacent(text: str, pair: Pair, first_spelling: str, second_spelling: str) -> bool:
    first, second, *between = pair
    inner = _inner(first, first_spelling), _inner(second, second_spelling)
    for a, b in dict.fromkeys((inner, (inner[0].upper(), inner[1].upper()))):
        if a not in text:
            continue
        for m in _pair_re(a, b, bool(between)).finditer(text, 1):
            start = m.start() - 1  # the first word's first letter, in any case
            if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue  # inside a longer word
            words = _words_from(text, start, 3 if between else 2)
            if (len(words) == len(pair) and term_key(words[0].casefold()) == first
                    and term_key(words[-1].casefold()) == second
                    and (not between or (fold(words[1]) == fold(between[0]) and _a_name(words)))):
                return True
    return False


def _a_name(words: list[str]) -> bool:
    """Whether words around a small one are written as a name: ”Energi på Tværs”, not "energi på tværs"."""
    return words[0][:1].isupper() and words[-1][:1].isupper()


def _words_from(text: str, start: int, n: int) -> list[str]:
    """The words from `start` on, up to n, while only spaces or a hyphen part them."""
    found: list[str] = []
    at = start
    while len(found) < n:
        word = _WORD_AT_RE.match(text, at)
        if not word:
            break
        found.append(word[0])
        gap = _BETWEEN_RE.match(text, word.end())
        if not gap:
            break
        at = gap.end()
    return found


def adjacent(text: str, first: str, second: str, spellings: dict[str, str] | None = None) -> bool:
    """Whether words with these two keys stand next to each other in a text, in this order
    (`spellings`: how the text writes words with the keys, where not as the keys)."""
    return bool(adjacent_pairs(text, [(first, second)], spellings or {}))
