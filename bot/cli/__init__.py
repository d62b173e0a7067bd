"""The `kkrbot` command line: one subcommand per module in this package."""
from __future__ import annotations

import argparse
import logging
import sys

from bot.cli import ask, check, eval_questions, highlights, ingest, rapporter, run, sag, udpegninger, vectors
from bot.cli.common import default_knowledge
from bot.cli.danish import use_danish

# Each module exposes `register(subparsers)`; its parser sets `func(args) -> int`.
COMMANDS = [ask, ingest, check, vectors, udpegninger, highlights, sag, eval_questions, run, rapporter]

log = logging.getLogger("bot")


EXAMPLES = """eksempler:
  kkrbot ask "Hvad blev besluttet om DK2020?"
  kkrbot ask "Hvem repræsenterer Hvidovre?" --json
  kkrbot udpegninger "Kasper Damsgaard"
  kkrbot highlights 2022-11-25 --format text
  kkrbot sag "DK2020-klimapartnerskabet"
  kkrbot ingest referat.pdf --url https://eksempel.dk/referat.pdf
  kkrbot check
  kkrbot vectors

'kkrbot KOMMANDO --help' viser en kommandos tilvalg."""


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every subcommand (help and errors in Danish)."""
    use_danish()
    parser = argparse.ArgumentParser(
        prog="kkrbot", description="Svar på 'hvad blev besluttet?' ud fra referater fra KKR og kommuner.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--debug", action="store_true", help="vis fejlspor og debug-log")
    sub = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO", title="kommandoer")
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `kkrbot` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",  # a bot runs for weeks: say when
        stream=sys.stderr,
    )
    if getattr(args, "knowledge", "absent") is None:
        args.knowledge = default_knowledge()
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # last resort: one clear line, traceback only with --debug
        if args.debug:
            raise
        print(f"kkrbot: uventet fejl: {exc} (kør med --debug for detaljer)", file=sys.stderr)
        return 1
