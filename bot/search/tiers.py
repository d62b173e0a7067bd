"""Three honest answers: Svar (confident), Nærmeste (relevant, not certainly what was asked),
Ikke fundet (nothing relevant).

An item's final score (bot/search/fusion.py) is lowered by CONSTRAINT_PENALTY for each
constraint of the question it doesn't meet (bot/search/constraints.py), so an item that has
them all goes first among alike ones. The best item is

- **svar** when its score reaches SVAR_THRESHOLD and it meets every constraint;
- **nærmeste** when it reaches NEAR_THRESHOLD (or would be svar but lacks a constraint:
  "intet om »2027«");
- otherwise nothing is found.

The thresholds were calibrated on the question sets (docs/search.md, "Tiers").
"""
from __future__ import annotations

SVAR = "svar"
NEAR = "nærmeste"

SVAR_THRESHOLD = 0.5
NEAR_THRESHOLD = 0.35
CONSTRAINT_PENALTY = 0.15  # the share of the score an unmet constraint takes off


def penalised(score: float, unmet: int) -> float:
    """The score of an item that misses `unmet` of the question's constraints."""
    return score * (1 - CONSTRAINT_PENALTY) ** unmet


def tier_of(score: float, unmet: int, svar: float = SVAR_THRESHOLD, near: float = NEAR_THRESHOLD) -> str | None:
    """The tier of the best item, from its (penalised) score and how many constraints it misses."""
    if score >= svar and unmet == 0:
        return SVAR
    if score >= near:
        return NEAR
    return None
