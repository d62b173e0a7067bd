"""The Discord commands against every mutation of the bundled file (tests/knowledge/mutations.py), through
/genindlæs on the running bot: a file the schema rejects keeps the old knowledge base and is named in the
reply; a file it accepts is served, and every command answers it without the error message."""
from __future__ import annotations

import json

import yaml
from discord.utils import escape_markdown

from bot.discord.respond import FRIENDLY_ERROR
from bot.knowledge.store import Dumper
from tests.knowledge.mutations import mutations, named_fields

RELOADED = "Vidensbasen er genindlæst"
KEPT = "Genindlæsningen mislykkedes, så jeg bruger stadig den gamle vidensbase"


async def _answers(run, fake) -> list[str]:
    """What every command says: the text of each answer (content and embeds)."""
    said = []
    for name, options in [
        ("beslutning", {"spørgsmål": "Hvad blev besluttet om DK2020?"}),
        ("beslutning", {"spørgsmål": "Hvad stemte Ø imod?", "møde": "25. november 2022"}),
        ("highlights", {}),
        ("highlights", {"møde": "2022-11-25"}),
        ("udpegning", {"søg": "Hvidovre"}),
        ("møder", {}),
        ("hjælp", {}),
    ]:
        answer = await run.ask(name, **options)
        said.append(json.dumps(answer.data, ensure_ascii=False))
    said.append(json.dumps(await run.autocomplete("beslutning", "møde", ""), ensure_ascii=False))
    said.append(json.dumps(await run.autocomplete("udpegning", "søg", "sø"), ensure_ascii=False))
    said.append(json.dumps((await run.say(f"<@{fake.app_id}> hvad blev besluttet om klima?")).json))
    return said


async def test_every_mutation_is_refused_by_genindlaes_or_served_by_every_command(start_bot, knowledge_copy, fake):
    run = await start_bot()
    path = knowledge_copy / "kkr-hovedstaden" / "2022-11-25.yaml"
    admin = {"roles": [fake.admin_role_id]}
    problems = []
    for mutation in mutations():
        path.write_text(yaml.dump(mutation.data, Dumper=Dumper, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        reloaded = (await run.answer(await run.slash("genindlæs", **admin))).content
        if reloaded.startswith(KEPT):
            if escape_markdown(str(path)) not in reloaded or not any(
                    escape_markdown(name) in reloaded for name in named_fields(mutation)):
                problems.append(f"{mutation.name}: the refusal does not name file and field: {reloaded}")
            continue
        if not reloaded.startswith(RELOADED):
            problems.append(f"{mutation.name}: /genindlæs said {reloaded!r}")
            continue
        failed = [said for said in await _answers(run, fake) if FRIENDLY_ERROR[:20] in said]
        if failed:
            problems.append(f"{mutation.name}: {len(failed)} commands failed, e.g. {failed[0][:200]}")
    assert problems == []
