"""`kkrbot --help`, each subcommand's help and argparse's own errors are in Danish."""
from __future__ import annotations

import pytest

from bot.cli import COMMANDS, build_parser, main

ENGLISH = ("usage:", "options:", "positional arguments", "show this help", "error:", "required",
           "invalid choice", "unrecognized")


def subcommands() -> list[str]:
    return list(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def help_of(args: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as stop:
        main(args)
    assert stop.value.code == 0
    return capsys.readouterr().out


def test_every_command_is_listed_with_examples(capsys):
    text = help_of(["--help"], capsys)
    assert text.startswith("brug: kkrbot")
    for name in subcommands():
        assert name in text
    assert 'kkrbot ask "Hvad blev besluttet om DK2020?"' in text
    assert not any(word in text for word in ENGLISH)
    assert len(COMMANDS) >= 7


@pytest.mark.parametrize("command", ["ask", "ingest", "check", "vectors", "udpegninger", "highlights", "sag", "eval", "run", "sync",
                                     "rapporter"])
def test_each_command_help_is_danish(command, capsys):
    text = help_of([command, "--help"], capsys)
    assert text.startswith(f"brug: kkrbot {command}") and "vis denne hjælp og afslut" in text
    assert not any(word in text for word in ENGLISH)
    for metavar in ("BODY", "DATE", "PATH", "QUESTIONS"):
        assert metavar not in text


@pytest.mark.parametrize("args, message", [
    ([], "kkrbot: fejl: disse argumenter mangler: KOMMANDO"),
    (["spørg"], "kkrbot: fejl: argument KOMMANDO: ugyldigt valg: 'spørg'"),
    (["ask", "--limit", "mange", "DK2020"], "kkrbot ask: fejl: argument --limit: ugyldig værdi: 'mange'"),
    (["highlights", "--format", "pdf"], "kkrbot highlights: fejl: argument --format: ugyldigt valg: 'pdf'"),
    (["check", "--hurtigt"], "kkrbot: fejl: ukendte argumenter: --hurtigt"),
])
def test_argument_errors_are_danish(args, message, capsys):
    with pytest.raises(SystemExit) as stop:
        main(args)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("brug: kkrbot")
