"""Keyword and dense scores of every item -> one score on the fixed 0..1 scale."""
from __future__ import annotations

import numpy as np


def fuse(keyword: np.ndarray, dense: np.ndarray | None) -> np.ndarray:
    """The keyword score where there is no dense score; else (for now) the keyword score."""
    return keyword
