"""`kkrbot ingest` and `kkrbot check` as a user runs them."""
from __future__ import annotations

import shutil
from pathlib import Path

from bot.cli import main
from tests.conftest import BUNDLED_KNOWLEDGE, KL_URL, REFERAT_TXT


def test_bundled_knowledge_is_exactly_what_ingest_writes(tmp_path: Path, capsys):
    assert main(["ingest", str(REFERAT_TXT), "--knowledge", str(tmp_path), "--url", KL_URL]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("KKR Hovedstaden\t2022-11-25\t16 punkter\t13 beslutninger\t")
    written = tmp_path / "kkr-hovedstaden" / "2022-11-25.yaml"
    assert written.read_bytes() == (BUNDLED_KNOWLEDGE / "kkr-hovedstaden" / "2022-11-25.yaml").read_bytes()


def test_body_and_date_overrides(tmp_path: Path, capsys):
    code = main(
        ["ingest", str(REFERAT_TXT), "--knowledge", str(tmp_path), "--body", "KKR Test", "--date", "2023-02-08"]
    )
    assert code == 0
    assert (tmp_path / "kkr-test" / "2023-02-08.yaml").exists()


def test_bad_files_are_reported_and_the_rest_ingested(tmp_path: Path, capsys):
    empty = tmp_path / "tom.pdf"
    empty.write_bytes(b"")
    not_pdf = tmp_path / "billede.pdf"
    not_pdf.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    no_items = tmp_path / "noter.txt"
    no_items.write_text("Bare nogle noter\n\nuden punkter\n", encoding="utf-8")
    kb = tmp_path / "kb"
    code = main(["ingest", str(empty), str(not_pdf), str(no_items), str(REFERAT_TXT), "--knowledge", str(kb)])
    out, err = capsys.readouterr()
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 3
    assert "tom.pdf" in lines[0] and "tom" in lines[0]
    assert "billede.pdf" in lines[1] and "PDF" in lines[1]
    assert "noter.txt" in lines[2] and "dagsordenspunkter" in lines[2]
    assert "Traceback" not in err
    assert [p.name for p in kb.rglob("*.yaml")] == ["2022-11-25.yaml"]


def test_check_reports_file_and_field(tmp_path: Path, capsys):
    shutil.copytree(BUNDLED_KNOWLEDGE, tmp_path / "kb")
    broken = tmp_path / "kb" / "kkr-hovedstaden" / "2023-02-08.yaml"
    broken.write_text("meeting: {body: KKR Hovedstaden, date: 2023-02-08}\nitems:\n  - {title: X, page: -1}\n")
    assert main(["check", "--knowledge", str(tmp_path / "kb")]) == 1
    err = capsys.readouterr().err
    assert err == f"fejl: {broken}: punkt nr. 1 i filen (uden nummer): page: skal være et sidetal ≥ 1, fik -1\n"


def test_check_on_bundled_base(capsys):
    assert main(["check", "--knowledge", str(BUNDLED_KNOWLEDGE)]) == 0
    assert "1 møde, 16 punkter, 13 beslutninger" in capsys.readouterr().out


def test_bad_pdfs_are_reported_and_the_good_pdf_ingested(tmp_path: Path, capsys):
    import os

    from tests.ingest.pdf_fixtures import punkt_referat_pdf, scanned_pdf, text_pdf

    good = punkt_referat_pdf()
    files = {
        "referat.pdf": good,
        "beskadiget.pdf": b"%PDF-1.7\n" + os.urandom(2000) + b"\n%%EOF\n",
        "afkortet.pdf": good[: len(good) // 2],
        "laast.pdf": text_pdf(["Punkt 1: Godkendelse"], owner_password="a", user_password="b"),
        "skannet.pdf": scanned_pdf(1),
        "tom.pdf": b"",
    }
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    kb = tmp_path / "kb"
    code = main(["ingest", *paths, "--knowledge", str(kb)])
    out, err = capsys.readouterr()
    assert code != 0
    assert out.startswith("Aarhus Byråd\t2025-08-27\t4 punkter\t3 beslutninger\t")
    reasons = {}
    for line in err.strip().splitlines():
        assert line.startswith(f"fejl: {tmp_path}/"), line
        name, reason = line[len(f"fejl: {tmp_path}/"):].split(": ", 1)
        reasons[name] = reason
    assert sorted(reasons) == sorted(set(files) - {"referat.pdf"})
    assert "beskadiget" in reasons["beskadiget.pdf"] and "afkortet" in reasons["afkortet.pdf"]
    assert "krypteret" in reasons["laast.pdf"] and "OCR" in reasons["skannet.pdf"] and "tom" in reasons["tom.pdf"]
    assert "Traceback" not in err
    assert [p.name for p in kb.rglob("*.yaml")] == ["2025-08-27.yaml"]


def test_a_directory_is_ingested_file_by_file_and_a_missing_path_is_named(tmp_path: Path, capsys):
    folder = tmp_path / "referater"
    folder.mkdir()
    shutil.copy(REFERAT_TXT, folder / "referat.txt")
    (folder / "noter.md").write_text("ikke et referat", encoding="utf-8")  # not .pdf/.txt: ignored
    (tmp_path / "tom-mappe").mkdir()
    kb = tmp_path / "kb"
    code = main(["ingest", str(folder), str(tmp_path / "mangler.pdf"), str(tmp_path / "tom-mappe"),
                 "--knowledge", str(kb)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.startswith("KKR Hovedstaden\t2022-11-25\t16 punkter")
    assert err.splitlines() == [f"fejl: {tmp_path / 'mangler.pdf'}: filen findes ikke",
                                f"fejl: {tmp_path / 'tom-mappe'}: mappen indeholder ingen .pdf- eller .txt-filer"]


def test_an_impossible_date_is_refused_before_anything_is_written(tmp_path: Path, capsys):
    assert main(["ingest", str(REFERAT_TXT), "--knowledge", str(tmp_path), "--date", "2023-02-30"]) == 2
    assert "'2023-02-30' er ikke en gyldig dato" in capsys.readouterr().err
    assert not list(tmp_path.rglob("*.yaml"))


def test_two_files_of_one_run_never_overwrite_each_other(tmp_path: Path, capsys):
    copy = tmp_path / "kopi.txt"
    copy.write_text(REFERAT_TXT.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # another document
    kb = tmp_path / "kb"
    assert main(["ingest", str(REFERAT_TXT), str(copy), "--knowledge", str(kb), "--date", "2023-02-08"]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1
    assert f"{copy}: samme møde (KKR Hovedstaden 2023-02-08) som {REFERAT_TXT}" in err
    written = (kb / "kkr-hovedstaden" / "2023-02-08.yaml").read_text(encoding="utf-8")
    assert "source_file: kkr-hovedstaden-2022-11-25-referat.txt" in written
    # A later run with another document for the same meeting replaces it, and says so.
    assert main(["ingest", str(copy), "--knowledge", str(kb), "--date", "2023-02-08"]) == 0
    assert "var indlæst fra et andet dokument (kkr-hovedstaden-2022-11-25-referat.txt)" in capsys.readouterr().err


def test_check_names_undecodable_files_and_impossible_dates_in_danish(tmp_path: Path, capsys):
    shutil.copytree(BUNDLED_KNOWLEDGE, tmp_path / "kb")
    folder = tmp_path / "kb" / "kkr-hovedstaden"
    (folder / "2023-01-02.yaml").write_text("meeting: {body: KKR Hovedstaden, date: 2023-13-01}\nitems: []\n")
    (folder / "binær.yaml").write_bytes(b"\xff\xfe\x00 ikke tekst")
    assert main(["check", "--knowledge", str(tmp_path / "kb")]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("1 møde, 16 punkter, 13 beslutninger") and "2 filer med fejl" in out
    assert err.splitlines() == [
        f"fejl: {folder / '2023-01-02.yaml'}: meeting: date: ugyldig dato '2023-13-01'; skriv ÅÅÅÅ-MM-DD, "
        "fx '2022-11-25'",
        f"fejl: {folder / 'binær.yaml'}: filen er ikke UTF-8-tekst",
    ]
