"""Small pieces the subcommands share: loading the knowledge base for a command."""
from __future__ import annotations

import sys
from pathlib import Path

from bot.knowledge.store import KnowledgeBase, KnowledgeError, load_knowledge


def warn_skipped(errors: list[str]) -> None:
    """Tell the user, one line each, which knowledge files were skipped and why."""
    for line in errors:
        print(f"advarsel: {line} (filen er sprunget over)", file=sys.stderr)


def load_kb(knowledge: Path) -> KnowledgeBase | None:
    """The knowledge base for a command, skipping bad files; None (reported) if unusable."""
    try:
        kb, errors = load_knowledge(knowledge, strict=False)
    except KnowledgeError as exc:
        print(f"fejl: {exc}", file=sys.stderr)
        return None
    warn_skipped(errors)
    return kb
