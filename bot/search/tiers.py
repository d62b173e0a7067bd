"""Three honest answers: Svar (confident), Nærmeste (relevant, not certainly what was asked),
Ikke fundet (nothing relevant).

An item's final score (bot/search/fusion.py) is lowered by CONSTRAINT_PENALTY for each
constraint of the question it doesn't meet (bot/search/constraints.py), so an item that has
them all goes first among alike ones. The best item is

- **svar** when it meets every constraint, its score reaches SVAR_THRESHOLD and it stands
  out: it leads the next item (of another case) by SVAR_LEAD, or both rankings are sure of
  it on their own (keyword score ≥ SURE_KEYWORD and dense cosine ≥ SURE_DENSE);
- **nærmeste** when it reaches NEAR_THRESHOLD (or would be svar but lacks a constraint:
  "intet om »2027«", or several items match it alike);
- otherwise nothing is found. An item found by the dense ranking alone (none of the
  question's words in it) is never svar, and nærmeste only above WORDLESS_DENSE.

The thresholds were calibrated on the question sets (docs/search.md, "Tiers").
"""
from __future__ import annotations

SVAR = "svar"
NEAR = "nærmeste"

SVAR_THRESHOLD = 0.85
SVAR_LEAD = 0.06
SURE_KEYWORD = 0.9
SURE_DENSE = 0.86
NEAR_THRESHOLD = 0.45
# An item that shares no word with the question ("skøjtehal", "kørekort til unge") is at most
# nærmeste, and only when the dense ranking is this sure of it.
WORDLESS = 0.05
WORDLESS_DENSE = 0.88
CONSTRAINT_PENALTY = 0.15  # the share of the score an unmet constraint takes off


def penalised(score: float, unmet: int) -> float:
    """The score of an item that misses `unmet` of the question's constraints."""
    return score * (1 - CONSTRAINT_PENALTY) ** unmet


def tier_of(score: float, unmet: int, lead: float = 1.0, keyword: float = 0.0,
            dense: float | None = None) -> str | None:
    """The tier of an item from its (penalised) score, how many constraints it misses, its
    lead over the next item, and its keyword score and dense cosine (None: no vectors)."""
    if keyword < WORDLESS:  # found by the dense ranking alone: no word of the question in it
        return NEAR if dense is not None and dense >= WORDLESS_DENSE and score >= NEAR_THRESHOLD else None
    sure = keyword >= SURE_KEYWORD and (dense is not None and dense >= SURE_DENSE)
    if score >= SVAR_THRESHOLD and unmet == 0 and (lead >= SVAR_LEAD or sure):
        return SVAR
    if score >= NEAR_THRESHOLD:
        return NEAR
    return None
