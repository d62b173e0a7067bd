"""Calibration figures for the name-matching cutoff of `kkrbot udpegninger` (prints, asserts nothing).

For every word of every appointed person's name in the bundled knowledge base it scores
(a) misspellings a user makes: one letter dropped, a doubled letter undone, æøå
written without them, and (b) the words of other people named in the referat and of
common Danish names. A good WORD_CUTOFF lies above (b) and below most of (a).

Run: .venv/bin/python benchmarks/appointments_threshold.py
"""
from __future__ import annotations

import re
from pathlib import Path

from rapidfuzz import fuzz

from bot.knowledge.store import load_knowledge
from bot.search.appointments import MIN_FUZZY_LEN, WORD_CUTOFF, fold

ROOT = Path(__file__).resolve().parent.parent
COMMON = ("Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen Petersen "
          "Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen Møller Mortensen Frederiksen Mette Anne "
          "Kirsten Hanne Susanne Lene Peter Michael Lars Henrik Thomas Søren Jan Niels Anders Morten Jesper Kasper")


def typos(word: str) -> set[str]:
    out = {word[:i] + word[i + 1:] for i in range(len(word))}
    out |= {re.sub(r"(.)\1", r"\1", word)}
    out |= {word.replace("ø", "o").replace("æ", "ae").replace("å", "a"), word.replace("aa", "å")}
    return {w for w in out if w != word and len(w) >= MIN_FUZZY_LEN}


def main() -> None:
    kb, _ = load_knowledge(ROOT / "knowledge")
    appointed = {a.person for _, i in kb.items() for a in i.appointments}
    words = {w for p in appointed for w in p.split() if len(fold(w)) >= MIN_FUZZY_LEN}
    referat = (ROOT / "data/referater/kkr-hovedstaden-2022-11-25-referat.txt").read_text(encoding="utf-8")
    mentioned = set(re.findall(r"\b[A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?\b", referat)) | set(COMMON.split())
    others = {w for w in mentioned if fold(w) not in {fold(x) for x in words} and len(fold(w)) >= MIN_FUZZY_LEN}

    typo_scores = sorted(
        (max(fuzz.ratio(fold(t), fold(w), processor=None) for w in words), t, w)
        for w in words for t in typos(w)
    )
    other_scores = sorted(
        ((max(fuzz.ratio(fold(o), fold(w), processor=None) for w in words), o,
          max(words, key=lambda w: fuzz.ratio(fold(o), fold(w), processor=None))) for o in others),
        reverse=True,
    )
    found = sum(1 for s, _, _ in typo_scores if s >= WORD_CUTOFF)
    wrong = [x for x in other_scores if x[0] >= WORD_CUTOFF]
    print(f"cutoff {WORD_CUTOFF}: {found}/{len(typo_scores)} misspellings of {len(words)} name words match; "
          f"{len(wrong)}/{len(other_scores)} other words would match")
    print("weakest misspellings:", ", ".join(f"{t}~{w} {s:.0f}" for s, t, w in typo_scores[:5]))
    print("closest other words: ", ", ".join(f"{o}~{w} {s:.0f}" for s, o, w in other_scores[:5]))
    # Note: a match also needs every other word of the query to match the same appointment.


if __name__ == "__main__":
    main()
