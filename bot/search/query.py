"""A member's question -> weighted query terms, each with the index keys it may match.

Every content word of the question becomes one QueryTerm. Its expansions are the
index keys that count as finding it, each with a weight in (0, 1]:

- exact: the word's own key (stemmed and folded), 1.0;
- acronym: an acronym the minutes define, or its definition, 1.0;
- synonym: a thesaurus word, 0.8;
- compound: a compound in the minutes whose head (0.7) or first part (0.6) the word is;
- split: an unknown compound split into two known words, both required, 0.5;
- noun: for an unknown verb only, the -ing noun the minutes use instead (saneres ->
  sanering, udbygget -> udbygning), 0.8;
- fuzzy: for an unknown word only, the closest keys by edit similarity, similarity²;
- dissent: for a question that asks only who disagreed ("Hvem stemte imod?"), the items
  whose decision records dissent (Item.dissent) or votes (Item.votes), 1.0;
- absence: for a question that asks only who was absent ("Hvem havde afbud?"), the items
  that record absence (Item.absent, Meeting.absent), 1.0.

Weights of synonyms and compounds are further scaled down when the key is more common
than the question's word, so an everyday word cannot borrow the weight of a rare one.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.search.compounds import split_compound
from bot.search.index import Index
from bot.search.normalize import (
    QUESTION_WORDS,
    Pair,
    fold,
    is_question_word,
    is_stop,
    term_key,
    words,
)
from bot.search.thesaurus import Thesaurus
from bot.search.weights import (
    ACRONYM_WEIGHT,
    DISSENT_WEIGHT,
    EXACT_WEIGHT,
    FUZZY_CUTOFF,
    NOUN_WEIGHT,
    ONLY_IN_COMPOUNDS_WEIGHT,
    SPLIT_WEIGHT,
    SYNONYM_WEIGHT,
)

# Bounds on the work per question.
MAX_TERMS = 32             # content words considered per question
MAX_EXPANSIONS = 16        # per question word, strongest first
FUZZY_LIMIT = 3            # closest keys of an unknown word
PREFIX_MIN = 6             # letters of an unknown word looked up as the start of longer compounds
PREFIX_REST_MIN = 4        # letters the compound has beyond it: a word, not an inflection
PREFIX_LIMIT = 3
_NOUN_ENDINGS = ("ing", "ning", "ering")  # udbyg-ning, san-ering (Snowball cuts -eres)
_NOUN_SUFFIXES = ("else", "elsen", "elser", "elserne", "hed", "heden", "heder", "ing", "ingen", "inger", "ingerne")
_ITEM_NUMBER_COMMA = re.compile(r"^\d{1,2},\d{1,2}$")
# Keys of words that ask who was appointed to what.
APPOINTMENT_KEYS = frozenset({"udpeg", "udpegning", "valg", "indstil", "reprasentant", "reprasent"})
APPOINTMENT_PHRASES = frozenset({("sidder", "i"), ("sidder", "pa"), ("medlem", "af")})
# Words (folded) that ask who disagreed or how the vote went: "uenige", "tog forbehold",
# "mindretalsudtalelse", "protokolleret", "undlod at stemme", "afstemningen". They frame the
# question rather than name its topic, and the minutes seldom use them, so they are not
# searched as words: the question ranks the items whose decision records dissent instead.
_DISSENT_WORD_RE = re.compile(
    r"uenig\w*|forbehold\w*|dissens\w*|mindretal\w*|protokol(?:ler|lat|bemark|tilfor)\w*|undlod|"
    r"modstand\w*|stem(?:te|t|me|mer|merne|mes)|afstemning\w*|nejstem\w*"
)
# Words (folded) that ask who was absent: "fraværende", "fravær", "afbud", "forfald" (and
# "ikke til stede", "deltog ikke", "mødte ikke": see absence_words).
_ABSENCE_WORD_RE = re.compile(r"frav(?:a|æ)r\w*|afbud\w*|forfald\w*")
_ABSENT_PAIRS = frozenset({("ikke", "tilstede"), ("deltog", "ikke"), ("ikke", "deltog"), ("modte", "ikke"),
                           ("ikke", "modte")})
# "imod" is dissent after these ("stemte imod", "var Enhedslisten imod", "var der nogen imod"),
# not after "tage" ("flygtninge, som kommunerne skal tage imod").
_AGAINST_AFTER = frozenset({"stemte", "stemt", "stemmer", "stemme", "var", "er", "varet", "nogen", "parti", "partier"})
_TAKE = frozenset({"tage", "tager", "tog", "taget", "modtage"})
# Verbs that go with a dissent word ("tog forbehold", "fik ført til protokol", "afgav en
# mindretalsudtalelse"): framing too, and "tog" would otherwise be searched as the train.
# What a vote question calls its topic ("stemte imod forslaget om motorveje"): framing there.
_PROPOSAL_WORDS = frozenset({"forslag", "forslaget", "forslagene", "indstilling", "indstillingen", "sagen"})
_DISSENT_VERBS = frozenset({"tog", "tager", "taget", "tage", "fort", "fore", "afgav", "afgive", "afgivet", "fremsatte"})


# Words that say what the question asks for rather than its topic, as members spell them,
# by kind: question framing ("besluttede"), dissent ("stemte", "forbehold") and appointment
# ("udpeget"). A question word one typo away from words of one kind only ("besluttde",
# "stemmte") is read as such a word, when the minutes don't know the word itself.
_DISSENT_SPELLINGS = (
    "stemte stemt stemme stemmer stemmerne afstemning afstemningen uenige uenig uenighed "
    "forbehold dissens mindretalsudtalelse protokolleret undlod modstand"
)
_APPOINTMENT_SPELLINGS = "udpeget udpegede udpegning indstillet indstillede valgte repræsentant repræsentanter"
_INTENT_KIND = {
    **{fold(w): "question" for w in QUESTION_WORDS if len(w) >= 5},
    **{fold(w): "dissent" for w in _DISSENT_SPELLINGS.split()},
    **{fold(w): "appointment" for w in _APPOINTMENT_SPELLINGS.split()},
}
_INTENT_WORDS = tuple(sorted(_INTENT_KIND))
INTENT_TYPO_MIN = 5  # letters: shorter words are too easily one typo from another word


@dataclass
class Expansion:
    """Index keys that count as finding a question word (all of them, for phrases)."""

    keys: tuple[str, ...]
    weight: float
    kind: str


@dataclass
class QueryTerm:
    """One content word (or phrase) of the question and how it may be found."""

    text: str
    idf: float
    expansions: list[Expansion] = field(default_factory=list)


@dataclass
class Query:
    """The parsed question."""

    text: str
    terms: list[QueryTerm] = field(default_factory=list)
    appointment: bool = False  # asks who was appointed, or what someone is appointed to
    dissent: bool = False      # asks who disagreed or how the vote went (voted against, had a note entered)
    absence: bool = False      # asks who was absent ("hvem var fraværende", "afbud")
    # Keys of neighbouring question words ("kasper damsgard"; across one small word, with it:
    # "energi på tværs"): items where they stand so are preferred over items that have them apart.
    pairs: list[Pair] = field(default_factory=list)


def _idf_of(index: Index, keys: tuple[str, ...]) -> float:
    """IDF of a key, or of the rarest key of a phrase (its upper bound)."""
    return max(float(index.idf(int(index.df[index.vocab[k]]))) for k in keys)


def _fuzzy(index: Index, key: str, cutoff: float) -> list[Expansion]:
    """The vocabulary keys closest to an unknown key (typos), weighted by similarity."""
    if len(key) < 5 or not key.isalpha():
        return []
    candidates: list[str] = []
    for length in range(len(key) - 2, len(key) + 3):
        candidates.extend(index.by_length.get(length, ()))
    found = process.extract(
        key, candidates, scorer=OSA.normalized_similarity, processor=None,
        score_cutoff=cutoff, limit=FUZZY_LIMIT,
    )
    return [Expansion((match,), score ** 2, "fuzzy") for match, score, _ in found]


def expand_word(index: Index, thesaurus: Thesaurus, word: str, cutoff: float = FUZZY_CUTOFF) -> QueryTerm | None:
    """The QueryTerm of one casefolded question word, or None for stop words."""
    key = term_key(word)
    if key is None:
        return None
    if key not in index.vocab and _ITEM_NUMBER_COMMA.match(key) and key.replace(",", ".") in index.vocab:
        key = key.replace(",", ".")  # "punkt 3,4": an item number written with a decimal comma
    known = key in index.vocab
    exps = _direct_expansions(index, thesaurus, key, known)
    exps += _compound_expansions(index, key, alone=not known and not exps)
    if not known:
        exps += _unknown_word_expansions(index, word, key, cutoff)
    return _term(index, word, key if known else None, exps)


def _direct_expansions(index: Index, thesaurus: Thesaurus, key: str, known: bool) -> list[Expansion]:
    """The key itself when the minutes use it, the acronyms it stands for, its synonyms."""
    exps = [Expansion((key,), EXACT_WEIGHT, "exact")] if known else []
    exps += [Expansion(definition, ACRONYM_WEIGHT, "acronym") for definition in index.acronyms.get(key, [])]
    exps += [Expansion(entry, SYNONYM_WEIGHT, "synonym") for entry in thesaurus.related(key)
             if all(k in index.vocab for k in entry)]
    return exps


def _compound_expansions(index: Index, key: str, alone: bool) -> list[Expansion]:
    """The compounds of the minutes a key is part of. When the word is `alone` (unknown,
    nothing else found) the compounds are how the minutes say it; failing any, the longer
    keys it starts."""
    compounds = index.components.get(key, [])
    if compounds:
        return [Expansion((index.keys[tid],), ONLY_IN_COMPOUNDS_WEIGHT if alone else weight, "compound")
                for tid, weight in compounds]
    if alone:
        return [Expansion((k,), ONLY_IN_COMPOUNDS_WEIGHT, "compound") for k in _longer_compounds(index, key)]
    return []


def _unknown_word_expansions(index: Index, word: str, key: str, cutoff: float) -> list[Expansion]:
    """For a word the minutes don't use: its -ing noun, its compound split, its typos."""
    if key[0].isdigit():
        return []
    exps: list[Expansion] = []
    if not word.endswith(_NOUN_SUFFIXES):  # already a noun: "rettelser" is no "retning"
        exps += [Expansion((noun,), NOUN_WEIGHT, "noun") for noun in _nouns(key, index.vocab)]
    split = split_compound(key, index.vocab)
    if split:
        exps.append(Expansion(split, SPLIT_WEIGHT, "split"))
    exps += _fuzzy(index, key, cutoff)
    return exps


_sorted_keys: dict[int, tuple[Index, list[str]]] = {}


def _longer_compounds(index: Index, key: str) -> list[str]:
    """Keys of the minutes that start with an unknown word and go on with at least
    another word ("brændstofpriser" -> brændstofprisstigninger): the word is used only as
    the first part of compounds there. Binary search in the sorted vocabulary."""
    if len(key) < PREFIX_MIN or not key.isalpha():
        return []
    cached = _sorted_keys.get(id(index))
    if cached is None or cached[0] is not index:
        cached = (index, sorted(k for k in index.vocab if k.isalpha()))
        _sorted_keys.clear()  # one index at a time in practice; don't keep old ones alive
        _sorted_keys[id(index)] = cached
    ordered = cached[1]
    found: list[str] = []
    for k in ordered[bisect_left(ordered, key):]:
        if not k.startswith(key) or len(found) == PREFIX_LIMIT:
            break
        if len(k) - len(key) >= PREFIX_REST_MIN:
            found.append(k)
    return found


def _nouns(key: str, vocab: dict[str, int]) -> list[str]:
    """The -ing nouns of a verb's key that are in the index: the minutes say "sanering",
    "udbygning", "fordeling" where a member asks whether something "saneres", is
    "udbygget" or "fordeles" (Snowball leaves -ing on, and cuts -eres to nothing)."""
    if len(key) < 3 or not key.isalpha():
        return []
    bases = {key, key + key[-1]}  # rekrut-t-ering
    if key[-1] in "ln" and key[-2] not in "aeiouyæøå":
        bases.add(key[:-1] + "e" + key[-1])  # fordl -> fordel-ing (stem dropped the e)
    return sorted(base + end for base in bases for end in _NOUN_ENDINGS if base + end in vocab)


def _term(index: Index, text: str, known_key: str | None, exps: list[Expansion]) -> QueryTerm:
    """Weigh a term by its rarity and damp expansions more common than it."""
    if known_key is not None:
        idf = _idf_of(index, (known_key,))
    elif exps:
        idf = max(_idf_of(index, e.keys) for e in exps)
    else:
        idf = float(index.idf(0))  # a word the minutes never use: as rare as can be
    for e in exps:
        if e.kind in ("synonym", "compound"):
            e.weight *= min(1.0, _idf_of(index, e.keys) / idf)
    return QueryTerm(text, idf, _dedupe(exps))


def _dedupe(exps: list[Expansion]) -> list[Expansion]:
    best: dict[tuple[str, ...], Expansion] = {}
    for e in exps:
        if e.keys not in best or e.weight > best[e.keys].weight:
            best[e.keys] = e
    return sorted(best.values(), key=lambda e: -e.weight)[:MAX_EXPANSIONS]


def _joined_term(index: Index, thesaurus: Thesaurus, first: str, second: str, cutoff: float) -> QueryTerm | None:
    """Two neighbouring words the minutes write as one ("resultat kontrakten"), or None.

    The pair may be found joined or, when both are words of the minutes, as both words;
    it weighs as the more common of the two forms, so "KKR Hovedstaden" (joined once in
    the minutes) stays a common phrase. A part that is no word of its own (a stop word,
    a single letter: "e u", "K L") leaves only the joined form.
    """
    joined = next((j for j in (first + second, first + "s" + second) if term_key(j) in index.vocab), None)
    if joined is None:
        return None
    term = expand_word(index, thesaurus, joined, cutoff)
    if term is None:
        return None
    both = (term_key(first), term_key(second))
    if all(k is not None and k in index.vocab for k in both):
        keys = tuple(k for k in both if k is not None)
        term.expansions.append(Expansion(keys, EXACT_WEIGHT, "exact"))
        term.idf = min(term.idf, _idf_of(index, keys))
    return _renamed(term, f"{first} {second}")


def _joinable(first: str, second: str) -> bool:
    """Whether two neighbouring words may be one the minutes write joined."""
    if first.isalpha():
        return second.isalpha() or second.isdigit()
    return first.isdigit() and second.isalpha()


def _renamed(term: QueryTerm, text: str) -> QueryTerm:
    term.text = text
    return term


def dissent_words(folded: list[str]) -> list[int]:
    """Positions of the (folded) question words that ask about dissent, or []."""
    found = [i for i, w in enumerate(folded) if _DISSENT_WORD_RE.fullmatch(w)]
    for i, w in enumerate(folded):
        if w == "imod" and i and folded[i - 1] not in _TAKE:
            before = [j for j in range(max(0, i - 3), i) if folded[j] in _AGAINST_AFTER]
            if before:
                found += [i, *before]
        elif (
            w == "protokol" and i and folded[i - 1] == "til" or w in ("bakkede", "bakker") and "ikke" in folded
        ):  # "fik ført til protokol"
            found.append(i)
    found += [j for i in found for j in range(max(0, i - 3), i) if folded[j] in _DISSENT_VERBS]
    return sorted(set(found))


def _fact_term(index: Index, text: str, kind: str) -> QueryTerm:
    """The term of a question that asks only for a recorded fact (who disagreed, who was
    absent): the items that record it."""
    df = int(fact_items(index, kind).sum())
    return QueryTerm(text, float(index.idf(df)), [Expansion((), DISSENT_WEIGHT, kind)])


def fact_items(index: Index, kind: str) -> np.ndarray:
    """Per item: whether it records the fact a question asks for ("dissent": votes or
    dissent; "absence": who was absent)."""
    if kind == "absence":
        return index.absence if len(index.absence) == index.size else np.zeros(index.size, dtype=bool)
    if len(index.voting) == index.size:
        return index.voting | index.dissenting
    return index.dissenting


def absence_words(folded: list[str]) -> list[int]:
    """Positions of the (folded) question words that ask who was absent, or []."""
    found = [i for i, w in enumerate(folded) if _ABSENCE_WORD_RE.fullmatch(w)]
    for i in range(len(folded) - 1):
        pair = tuple(folded[i:i + 2])
        if pair in _ABSENT_PAIRS:
            found += [i, i + 1]
        elif pair == ("ikke", "til") and i + 2 < len(folded) and folded[i + 2] == "stede":
            found += [i, i + 1, i + 2]
    return sorted(set(found))


def intent_typo(word: str, vocab: dict[str, int]) -> str | None:
    """The framing, dissent or appointment word a question word misspells by one typo
    ("besluttde" -> besluttede, "stemmte" -> stemte), when that is unambiguous: the word
    is unknown to the minutes and one typo from words of one kind only."""
    if len(word) < INTENT_TYPO_MIN or not word.isalpha() or is_stop(word) or is_question_word(word):
        return None
    key = term_key(word)
    if key is None or key in vocab or _DISSENT_WORD_RE.fullmatch(fold(word)):
        return None
    found = process.extract(fold(word), _INTENT_WORDS, scorer=OSA.distance, processor=None,
                            score_cutoff=1, limit=None)
    # Words of one kind (stemte/stemme) mean the same to the search: no ambiguity.
    kinds = {_INTENT_KIND[match] for match, _, _ in found}
    return found[0][0] if len(kinds) == 1 else None


def parse_question(question: str, index: Index, thesaurus: Thesaurus, cutoff: float = FUZZY_CUTOFF) -> Query:
    """Split a question into weighted terms (stop words and question framing dropped)."""
    raw = [intent_typo(w, index.vocab) or w for w in words(question)]
    folded = [fold(w) for w in raw]
    query = Query(question)
    used = [False] * len(raw)
    dissent = _mark_dissent(query, folded, used)
    for i in absence_words(folded):
        query.absence = True
        used[i] = True
    terms = _phrase_terms(query, raw, folded, used, index, thesaurus)
    if any(tuple(folded[i:i + 2]) in APPOINTMENT_PHRASES for i in range(len(raw) - 1)):
        query.appointment = True
    content = [(i, w) for i, w in enumerate(raw)
               if not used[i] and not is_stop(w) and not is_question_word(w)]
    terms += _word_terms(query, content, raw, index, thesaurus, cutoff)
    absent = absence_words(folded)
    if query.dissent and not terms:
        terms.append((dissent[0], _fact_term(index, " ".join(raw[i] for i in dissent), "dissent")))
    elif query.absence and not terms:
        terms.append((absent[0], _fact_term(index, " ".join(raw[i] for i in absent), "absence")))
    terms.sort(key=lambda t: t[0])
    seen: set[str] = set()
    for _, term in terms:
        if term.text not in seen and len(query.terms) < MAX_TERMS:
            seen.add(term.text)
            query.terms.append(term)
    return query


def _mark_dissent(query: Query, folded: list[str], used: list[bool]) -> list[int]:
    """Mark the words that ask about dissent (and, then, the words naming "the proposal")
    as used; returns the dissent words' positions."""
    dissent = dissent_words(folded)
    query.dissent = bool(dissent)
    for i in dissent:
        used[i] = True
    if dissent:
        for i, w in enumerate(folded):
            used[i] = used[i] or w in _PROPOSAL_WORDS
    return dissent


def _phrase_terms(query: Query, raw: list[str], folded: list[str], used: list[bool],
                  index: Index, thesaurus: Thesaurus) -> list[tuple[int, QueryTerm]]:
    """The thesaurus phrases of the question ("næste møde", "sidder i") as terms, by
    position; their words are marked used."""
    found: list[tuple[int, QueryTerm]] = []
    for sequence, entry, gid in thesaurus.phrases:
        size = len(sequence)
        for i in range(len(raw) - size + 1):
            if tuple(folded[i:i + size]) != sequence or any(used[i:i + size]):
                continue
            if sequence in APPOINTMENT_PHRASES:
                query.appointment = True
            exps = _phrase_expansions(index, thesaurus, entry, gid)
            if exps:
                used[i:i + size] = [True] * size
                found.append((i, _term(index, " ".join(raw[i:i + size]), None, exps)))
    return found


def _phrase_expansions(index: Index, thesaurus: Thesaurus, entry: tuple[str, ...], gid: int) -> list[Expansion]:
    """A thesaurus phrase's group words, and the phrase's own words unless what is left of
    it is one word that means something else alone ("sidder i" -> "sidder")."""
    exps = [Expansion(e, SYNONYM_WEIGHT, "synonym") for e in thesaurus.related(group=gid)
            if all(k in index.vocab for k in e)]
    own = entry in thesaurus.groups[gid] or len(entry) > 1
    if own and all(k in index.vocab for k in entry):
        exps.append(Expansion(entry, EXACT_WEIGHT, "exact"))
    return exps


def _word_terms(query: Query, content: list[tuple[int, str]], raw: list[str], index: Index, thesaurus: Thesaurus,
                cutoff: float) -> list[tuple[int, QueryTerm]]:
    """The content words (position, word) as terms, neighbours the minutes write as one
    joined; sets the query's appointment intent and its neighbouring word pairs."""
    terms: list[tuple[int, QueryTerm]] = []
    single: dict[int, str] = {}  # position -> key of a question word searched as itself
    n = 0
    while n < len(content):
        i, w = content[n]
        n += 1
        key = term_key(w)
        if key in APPOINTMENT_KEYS:
            query.appointment = True
        # "resultat kontrakten" -> resultatkontrakt, "DK 2020" -> DK2020: join neighbours the
        # minutes write as one word (two words, or a code's letters and number; never two numbers).
        if n < len(content) and content[n][0] == i + 1 and _joinable(w, content[n][1]):
            joined = _joined_term(index, thesaurus, w, content[n][1], cutoff)
            if joined:
                terms.append((i, joined))
                n += 1
                continue
        term = expand_word(index, thesaurus, w, cutoff)
        if term:
            term.text = w
            terms.append((i, term))
            if key is not None and key in index.vocab and key.isalpha():
                single[i] = key
    query.pairs = _pairs(single, raw)
    return terms


def _pairs(single: dict[int, str], raw: list[str]) -> list[Pair]:
    """The neighbouring question words' keys as pairs: side by side, or with one stop word
    between them ("energi på tværs"), which the text must have too, in a name ("Energi på Tværs")."""
    pairs: list[Pair] = []
    for i, key in single.items():
        if i + 1 in single:
            pairs.append((key, single[i + 1]))
        elif i + 2 in single and is_stop(raw[i + 1]):
            pairs.append((key, single[i + 2], raw[i + 1]))
    return pairs
