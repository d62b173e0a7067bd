"""What the subcommands share: the --knowledge and --config options, loading the knowledge base and the config."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bot.config import Config, load_config
from bot.knowledge.store import KnowledgeBase, KnowledgeError, load_knowledge
from bot.search import Searcher

DEFAULT_CONFIG = Path("config.yaml")


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


def load_searcher(knowledge: Path, use_cache: bool = True) -> Searcher | None:
    """The searcher over a command's knowledge base, skipping bad files; None (reported) if unusable."""
    try:
        searcher = Searcher.from_knowledge(knowledge, use_cache=use_cache)
    except KnowledgeError as exc:
        print(f"fejl: {exc}", file=sys.stderr)
        return None
    warn_skipped(searcher.errors)
    return searcher


def add_config_arg(parser: argparse.ArgumentParser) -> None:
    """The --config FILE option of the commands that read config.yaml (the bot's, and its database's)."""
    parser.add_argument("--config", type=Path, default=None, metavar="FIL",
                        help="konfigurationsfil (standard: ./config.yaml hvis den findes)")


def load_cli_config(path: Path | None) -> Config:
    """The config a command runs with: --config, else ./config.yaml when there is one, else the defaults
    (ConfigError, in Danish, when the file is bad)."""
    if path is None and DEFAULT_CONFIG.exists():
        path = DEFAULT_CONFIG
    return load_config(path)
