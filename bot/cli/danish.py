"""argparse in Danish: usage, help headings and error messages of the `kkrbot` command line.

argparse looks its own words up through `gettext` at the moment it uses them; there is no
Danish catalogue installed with Python, so `use_danish()` points argparse's lookup at the
table below (anything not in it stays as argparse wrote it).
"""
from __future__ import annotations

import argparse
import errno
from pathlib import Path

DANISH = {
    "usage: ": "brug: ",
    "positional arguments": "argumenter",
    "options": "tilvalg",
    "show this help message and exit": "vis denne hjælp og afslut",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fejl: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "disse argumenter mangler: %s",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ugyldigt valg: %(value)r (vælg mellem %(choices)s)",
    "invalid %(type)s value: %(value)r": "ugyldig værdi: %(value)r",
    "expected one argument": "mangler en værdi",
    "expected at most one argument": "højst én værdi",
    "expected at least one argument": "mindst én værdi",
    "ambiguous option: %(option)s could match %(matches)s": "tvetydigt tilvalg: %(option)s kan være %(matches)s",
    "not allowed with argument %s": "kan ikke bruges sammen med %s",
    "one of the arguments %s is required": "et af argumenterne %s skal angives",
    "unexpected option string: %s": "uventet tilvalg: %s",
    "ignored explicit argument %r": "værdien %r passer ikke til tilvalget",
    "can't open '%(filename)s': %(error)s": "kan ikke åbne '%(filename)s': %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "ukendt kommando %(parser_name)r (vælg mellem %(choices)s)",
}


def _gettext(message: str) -> str:
    return DANISH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "forventede %s værdi" if n == 1 else "forventede %s værdier"
    return _gettext(singular if n == 1 else plural)


def use_danish() -> None:
    """Make argparse speak Danish (idempotent)."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]


def os_reason(exc: OSError) -> str:
    """Why a file couldn't be read, in Danish (the OS's own text is English)."""
    if isinstance(exc, FileNotFoundError):
        return "filen findes ikke"
    if isinstance(exc, IsADirectoryError):
        return "er en mappe, ikke en fil"
    if isinstance(exc, PermissionError):
        return "ingen adgang til filen"
    return f"kan ikke læse filen ({exc.strerror or exc})"


def write_reason(exc: OSError, path: Path) -> str:
    """Why a knowledge file couldn't be written to path, in Danish."""
    if exc.errno == errno.ENOSPC:
        return "disken er fuld"
    if exc.errno == errno.EDQUOT:
        return "diskkvoten er brugt op"
    if exc.errno == errno.EROFS:
        return "filsystemet er skrivebeskyttet"
    if isinstance(exc, PermissionError):
        return f"ingen skriveadgang til {path.parent}"
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        return f"{exc.filename or path.parent} er en fil, ikke en mappe"
    return f"kan ikke skrive filen ({exc.strerror or exc})"
