"""Time from a referat dropped into the inbox to its highlights in the news channel, through the Discord stand-in.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/news.py [--poll 1.0] [--data ../shared/data/greve] [--greve 0]
        [--no-vectors]

Runs the real bot (discord.py against tests/discord/fake_discord.py on 127.0.0.1) with an inbox
polled every --poll seconds, drops a file the usual way (copied under a temporary name, then
renamed) and waits for the post: a FirstAgenda JSON meeting, the Ballerup PDF, and a meeting a
subscriber's topic matches (post and DM). First over the bundled knowledge base (one meeting), then,
unless --greve 0, over the real Greve meetings (all but the dropped ones, ingested first), where
the reload (YAML, index) is the larger part. Each line gives the whole time and its parts, from the
bot's own logs: until the file is ingested (two polls to see it whole, then reading it and, unless
--no-vectors, embedding its passages), the reload, the post, and (for the last) the subscriber's DM.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import parse_config  # noqa: E402
from bot.discord.client import KkrBot  # noqa: E402
from bot.knowledge.sources import ingest_file  # noqa: E402
from bot.knowledge.store import write_meeting  # noqa: E402
from bot.state.subscriptions import add_subscription  # noqa: E402
from tests.discord.fake_discord import FakeDiscord  # noqa: E402

TOKEN = "benchmark-token"
FIXTURES = ROOT / "tests" / "fixtures"
SWIMMING = FIXTURES / "greve" / "byraad-2022-2025_2022-12-12T1700_c3d666d4.json"
BUDGET = FIXTURES / "greve" / "byraad-2022-2025_2023-10-02T1900_b39ccd1c.json"
BALLERUP = FIXTURES / "referater" / "ballerup-sundheds-og-forebyggelsesudvalget-2012-12-04.pdf"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "greve"


class Stopwatch(logging.Handler):
    """When the bot logged the steps of taking a file in (ingested, reloaded, posted)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.marks: list[tuple[float, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        for step, prefix in (("ingested", "inbox: "), ("reloaded", "reloaded the knowledge base"),
                             ("posted", "posted the highlights"), ("notified", "notified ")):
            if message.startswith(prefix):
                self.marks.append((time.perf_counter(), step))

    def first(self, step: str, after: float) -> float | None:
        return next((t for t, s in self.marks if s == step and t >= after), None)


async def _start(fake: FakeDiscord, knowledge: Path, tmp: Path, poll: float, vectors: bool) -> KkrBot:
    config = parse_config({"guilds": [fake.guild_id], "database": str(tmp / "kkrbot.sqlite3"),
                           "inbox": str(tmp / "inbox"), "inbox_poll_seconds": poll,
                           "news_channel": fake.news_channel_id, "kommune": "Greve Kommune", "vectors": vectors})
    bot = KkrBot(config, knowledge)
    fake.ready.clear()
    task = asyncio.create_task(bot.start(TOKEN))
    await asyncio.wait_for(fake.ready.wait(), 60)
    await bot.newsroom.rounds_done(1)
    bot.benchmark_task = task  # type: ignore[attr-defined]
    return bot


async def _drop_and_wait(fake: FakeDiscord, bot: KkrBot, source: Path, watch: Stopwatch,
                         dm_user: str | None = None) -> str:
    inbox = bot.config.inbox
    assert inbox is not None
    before = len(fake.posts(fake.news_channel_id))
    dms = len(fake.dms(dm_user)) if dm_user else 0
    part = inbox / (source.name + ".part")
    shutil.copyfile(source, part)
    dropped = time.perf_counter()
    part.rename(inbox / source.name)
    while len(fake.posts(fake.news_channel_id)) == before or (dm_user and len(fake.dms(dm_user)) == dms):
        await asyncio.sleep(0.005)
    done = time.perf_counter()
    wanted = ("ingested", "reloaded", "posted") + (("notified",) if dm_user else ())
    for _ in range(200):  # the bot logs a step just after the stand-in has it
        if all(watch.first(s, dropped) for s in wanted):
            break
        await asyncio.sleep(0.005)
    marks = {s: watch.first(s, dropped) for s in wanted}
    parts = []
    last = dropped
    for step in wanted:
        if marks[step] is not None:
            parts.append(f"{step} +{marks[step] - last:5.2f}")  # type: ignore[operator]
            last = marks[step]  # type: ignore[assignment]
    return f"{done - dropped:6.2f} s  ({', '.join(parts)})"


async def run(knowledge: Path, tmp: Path, poll: float, label: str, vectors: bool = True) -> None:
    fake = FakeDiscord(token=TOKEN)
    await fake.start()
    discord.http.Route.BASE = fake.api_base
    async with aiohttp.ClientSession() as session, session.get(f"{fake.api_base}/gateway/bot") as response:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL((await response.json())["url"])
    watch = Stopwatch()
    logger = logging.getLogger("bot")
    logger.addHandler(watch)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the steps are timed, not printed
    started = time.perf_counter()
    bot = await _start(fake, knowledge, tmp, poll, vectors)
    print(f"{label}: {len(bot.kb.meetings)} meetings, bot ready in {time.perf_counter() - started:.1f} s, "
          f"poll {poll:g} s, {'with' if vectors else 'without'} vectors")
    reader = fake.next_id()
    await asyncio.to_thread(add_subscription, bot.db, int(reader), "budget 2024-27")
    timings = []
    for source, user in ((SWIMMING, None), (BALLERUP, None), (BUDGET, reader)):
        line = await _drop_and_wait(fake, bot, source, watch, user)
        timings.append(float(line.split()[0]))
        print(f"  {source.suffix[1:]:<4} {source.name[:52]:<52} {line}")
    print(f"  median {statistics.median(timings):.2f} s, max {max(timings):.2f} s from the drop to the post "
          "(the last: to the subscriber's DM)")
    await bot.close()
    await asyncio.wait_for(bot.benchmark_task, 10)  # type: ignore[attr-defined]
    await fake.stop()
    logging.getLogger("bot").removeHandler(watch)


def _greve_knowledge(data: Path, target: Path) -> int:
    held_out = {SWIMMING.name, BUDGET.name}
    count = 0
    for path in sorted(data.glob("*.json")):
        if path.name not in held_out:
            write_meeting(target, ingest_file(path, municipality="Greve Kommune", url="https://dagsordener.greve.dk"))
            count += 1
    return count


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--poll", type=float, default=1.0, help="inbox_poll_seconds (the default config has 10)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the Greve JSON files")
    parser.add_argument("--greve", type=int, default=1, help="0: skip the run over the Greve meetings")
    parser.add_argument("--no-vectors", action="store_true", help="the bot makes no vectors of the dropped files")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small"
        shutil.copytree(ROOT / "knowledge", small / "knowledge")
        asyncio.run(run(small / "knowledge", small, args.poll, "bundled knowledge base", not args.no_vectors))
        if args.greve and args.data.is_dir():
            big = Path(tmp) / "big"
            started = time.perf_counter()
            count = _greve_knowledge(args.data, big / "knowledge")
            print(f"(ingested {count} Greve meetings in {time.perf_counter() - started:.0f} s)")
            asyncio.run(run(big / "knowledge", big, args.poll, "the Greve meetings", not args.no_vectors))


if __name__ == "__main__":
    main()
