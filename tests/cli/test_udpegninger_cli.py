"""`kkrbot udpegninger` as a user runs it, on the bundled knowledge base."""
from __future__ import annotations

import json
from pathlib import Path

from bot.cli import main
from tests.conftest import BUNDLED_KNOWLEDGE, KL_URL


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["udpegninger", *args, "--knowledge", str(BUNDLED_KNOWLEDGE)])
    out, err = capsys.readouterr()
    return code, out, err


def test_by_person_with_a_typo(capsys):
    code, out, _ = run(capsys, "Kasper", "Damsgård")
    assert code == 0
    assert out.splitlines()[0] == "1 udpegning for »Kasper Damsgård«:"
    assert "Kasper Damsgaard (A), Glostrup Kommune" in out
    assert 'Organ: Region Hovedstadens opgaveudvalg "Rejsen med bus, tog og cykler i Region Hovedstaden"' in out
    assert "Status: indstillet af KKR Hovedstaden (besluttet på mødet)" in out
    assert "Møde: KKR Hovedstaden 25. november 2022" in out
    assert f"Kilde: referatet på kl.dk, s. 29: {KL_URL}" in out


def test_all_appointments_without_a_query(capsys):
    code, out, _ = run(capsys)
    assert code == 0 and out.startswith("7 udpegninger:")
    # Appointments the meeting made come before those it only reports.
    assert out.index("Søren Friis Trebbien") < out.index("Kasper Damsgaard") < out.index("Lars Gaardhøj")
    assert "omtalt i referatet, ikke besluttet på mødet" in out


def test_json(capsys):
    code, out, _ = run(capsys, "Hvidovre", "--json")
    assert code == 0
    data = json.loads(out)
    assert [d["person"] for d in data] == ["Søren Friis Trebbien"]
    assert data[0]["meeting_date"] == "2022-11-25" and data[0]["item_number"] == "4.1"


def test_no_match_says_so_in_danish(capsys):
    code, out, _ = run(capsys, "Mette Frederiksen")
    assert code == 0 and out.strip() == "Ingen udpegninger fundet for »Mette Frederiksen«."
    code, out, _ = run(capsys, "Mette Frederiksen", "--json")
    assert json.loads(out) == []


def test_missing_knowledge_directory(tmp_path: Path, capsys):
    assert main(["udpegninger", "x", "--knowledge", str(tmp_path / "mangler")]) == 1
    assert "vidensbasen findes ikke" in capsys.readouterr().err


def test_source_is_the_page_the_appointment_stands_on(capsys, tmp_path: Path, decision_on_page_30):
    from bot.knowledge.store import write_meeting

    write_meeting(tmp_path, decision_on_page_30)
    code = main(["udpegninger", "Marianne", "Frederik", "--knowledge", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0 and f"Kilde: referatet på kl.dk, s. 29: {KL_URL}" in out  # reported on page 29
    code = main(["udpegninger", "Kasper", "--json", "--knowledge", str(tmp_path)])
    (hit,) = json.loads(capsys.readouterr().out)
    assert code == 0 and (hit["page"], hit["url"]) == (30, KL_URL)  # decided on page 30


def test_an_empty_knowledge_base_says_it_has_no_referater_yet(tmp_path, capsys):
    assert main(["udpegninger", "Hvidovre", "--knowledge", str(tmp_path)]) == 0
    assert capsys.readouterr().out == (f"Vidensbasen i {tmp_path} er tom: der er ingen referater indlæst endnu "
                                       "(indlæs et med 'kkrbot ingest FIL').\n")
