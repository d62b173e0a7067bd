"""What the subcommands share: the --knowledge option and loading the knowledge base."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bot.knowledge.store import KnowledgeBase, KnowledgeError, load_knowledge


def default_knowledge() -> Path:
    """The knowledge directory: $KKRBOT_KNOWLEDGE or ./knowledge."""
    return Path(os.environ.get("KKRBOT_KNOWLEDGE", "knowledge"))


def add_knowledge_arg(parser: argparse.ArgumentParser) -> None:
    """The --knowledge DIR option every command that reads or writes the base takes."""
    parser.add_argument(
        "--knowledge", type=Path, default=None, metavar="DIR",
        help="vidensbasens mappe (standard: $KKRBOT_KNOWLEDGE eller ./knowledge)",
    )


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
