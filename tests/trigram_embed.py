"""A real, tiny passage embedding for tests: character trigrams hashed into a few dimensions."""
from __future__ import annotations

import hashlib

import numpy as np


class TrigramEmbed:
    """Character trigrams hashed into `dim` dimensions, L2-normalised; counts its calls and keeps the texts."""

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.calls = 0
        self.texts: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.texts += texts
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text.casefold()} "
            for i in range(len(padded) - 2):
                bucket = int.from_bytes(hashlib.blake2b(padded[i:i + 3].encode(), digest_size=4).digest(), "little")
                out[row, bucket % self.dim] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)
