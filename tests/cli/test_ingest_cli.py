"""`kkrbot ingest` and `kkrbot check` as a user runs them."""
from __future__ import annotations

import errno
import io
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import BUNDLED_KNOWLEDGE, KL_URL, PDF_URL, REFERAT_TXT


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
    assert lines[-1].startswith("4 filer: 1 møder (1 nye/ændrede, 0 uændrede), 16 punkter, 13 beslutninger, 3 fejl; ")
    lines = lines[:-1]
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
    *problems, summary = err.strip().splitlines()
    assert summary.startswith("6 filer: 1 møder") and "5 fejl" in summary
    for line in problems:
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
    (folder / "noter.md").write_text("ikke et referat", encoding="utf-8")  # not .pdf/.txt/.json: ignored
    (tmp_path / "tom-mappe").mkdir()
    kb = tmp_path / "kb"
    code = main(["ingest", str(folder), str(tmp_path / "mangler.pdf"), str(tmp_path / "tom-mappe"),
                 "--knowledge", str(kb)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.startswith("KKR Hovedstaden\t2022-11-25\t16 punkter")
    assert err.splitlines() == [f"fejl: {tmp_path / 'mangler.pdf'}: filen findes ikke",
                                f"fejl: {tmp_path / 'tom-mappe'}: mappen indeholder ingen .pdf-, .txt- eller .json-filer"]


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


# --- FirstAgenda Publication JSON -----------------------------------------------------------------

GREVE_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "greve"
GREVE_SITE = "https://dagsordener.greve.dk"


def _greve_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "greve"
    shutil.copytree(GREVE_FIXTURES, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def test_a_directory_of_firstagenda_json_is_ingested_and_checked(tmp_path: Path, capsys):
    folder, kb = _greve_dir(tmp_path), tmp_path / "kb"
    code = main(["ingest", str(folder), "--kommune", "Greve Kommune", "--url", GREVE_SITE, "--knowledge", str(kb)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert len(out.splitlines()) == 8
    assert "Greve Byråd\t2025-09-08\t1 punkter\t1 beslutninger\t" in out
    assert err.strip().startswith("8 filer: 8 møder (8 nye/ændrede, 0 uændrede), 21 punkter, 18 beslutninger, 0 fejl; ")
    files = sorted(str(p.relative_to(kb)) for p in kb.rglob("*.yaml"))
    assert "greve/greve-byraad/2025-09-08T1715.yaml" in files and "greve/greve-byraad/2025-09-08T1730.yaml" in files
    assert "greve/beskaeftigelses-og-erhvervsudvalget/2023-01-09T0800.yaml" in files and len(files) == 8
    text = (kb / "greve" / "greve-byraad" / "2023-03-06T1900.yaml").read_text(encoding="utf-8")
    assert "municipality: Greve Kommune\n  body_source: Byråd 2022-2025\n  time: '19:00'\n" in text
    assert f"url: {GREVE_SITE}/Vis/Pdf/bilag/" in text
    assert main(["check", "--knowledge", str(kb)]) == 0
    assert "8 møder, 21 punkter, 18 beslutninger" in capsys.readouterr().out


def test_reingesting_unchanged_files_rewrites_nothing(tmp_path: Path, capsys):
    folder, kb = _greve_dir(tmp_path), tmp_path / "kb"
    args = ["ingest", str(folder), "--kommune", "Greve Kommune", "--knowledge", str(kb)]
    assert main(args) == 0
    before = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in kb.rglob("*.yaml")}
    capsys.readouterr()
    assert main(args) == 0
    assert "(0 nye/ændrede, 8 uændrede)" in capsys.readouterr().err
    assert {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in kb.rglob("*.yaml")} == before


def test_broken_json_files_are_named_and_the_rest_ingested(tmp_path: Path, capsys):
    folder = _greve_dir(tmp_path)
    good = next(folder.glob("byraad-2022-2025_2023-03-06*.json")).read_bytes()
    (folder / "afkortet.json").write_bytes(good[: len(good) // 2])
    (folder / "ikke-json.json").write_text("dette er ikke JSON", encoding="utf-8")
    (folder / "andet.json").write_text('{"navn": "et andet JSON-dokument"}', encoding="utf-8")
    (folder / "tom.json").write_bytes(b"")
    kb = tmp_path / "kb"
    code = main(["ingest", str(folder), "--kommune", "Greve Kommune", "--knowledge", str(kb)])
    out, err = capsys.readouterr()
    assert code == 1
    *problems, summary = err.strip().splitlines()
    reasons = dict(line[len(f"fejl: {folder}/"):].split(": ", 1) for line in problems)
    assert sorted(reasons) == ["afkortet.json", "andet.json", "ikke-json.json", "tom.json"]
    assert "afkortet" in reasons["afkortet.json"]
    assert "ikke et FirstAgenda-referat" in reasons["andet.json"]
    assert "tom" in reasons["tom.json"]
    assert "begynder ikke med '{'" in reasons["ikke-json.json"]
    assert summary.startswith("12 filer: 8 møder") and "4 fejl" in summary
    assert len(list(kb.rglob("*.yaml"))) == 8 and "Traceback" not in err


def test_the_municipality_comes_from_the_config(tmp_path: Path, capsys, monkeypatch):
    folder, kb = _greve_dir(tmp_path), tmp_path / "kb"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.yaml").write_text("kommune: Greve Kommune\n", encoding="utf-8")
    one = str(next(folder.glob("byraad-2022-2025_2025-09-08T1715*.json")))
    assert main(["ingest", one, "--knowledge", str(kb)]) == 0
    assert (kb / "greve" / "greve-byraad" / "2025-09-08T1715.yaml").exists()
    assert main(["ingest", one, "--knowledge", str(kb), "--kommune", "Solrød Kommune"]) == 0  # the option wins
    assert (kb / "solroed" / "solroed-byraad" / "2025-09-08T1715.yaml").exists()
    bad = tmp_path / "anden.yaml"
    bad.write_text("kommune: [1, 2]\n", encoding="utf-8")
    assert main(["ingest", one, "--knowledge", str(kb), "--config", str(bad)]) == 2
    assert "kommune: skal være kommunens navn" in capsys.readouterr().err


def test_without_a_municipality_the_council_keeps_its_own_name(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder, kb = _greve_dir(tmp_path), tmp_path / "kb"
    one = str(next(folder.glob("byraad-2022-2025_2025-09-08T1730*.json")))
    assert main(["ingest", one, "--knowledge", str(kb)]) == 0
    assert capsys.readouterr().out.startswith("Byråd\t2025-09-08\t1 punkter\t1 beslutninger\t")
    assert (kb / "byraad" / "2025-09-08T1730.yaml").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_only_on_a_terminal_and_only_for_several_files(monkeypatch):
    from bot.cli.ingest import _Progress, _Tally

    terminal = _Terminal()
    progress = _Progress(3, stream=terminal)
    tally = _Tally(files=3, items=17)
    progress.step(tally)
    progress.close()
    shown = terminal.getvalue()
    assert "1/3 møder" in shown and "17 punkter" in shown and "tilbage" in shown
    quiet = _Terminal()
    single = _Progress(1, stream=quiet)
    single.step(tally)
    single.close()
    assert quiet.getvalue() == ""
    assert _Progress(3, stream=io.StringIO()).bar.disable  # not a terminal: the summary line only


# --- the stored URL, file modes, unwritable places, killed runs --------------------------------

def _second_meeting(tmp_path: Path) -> Path:
    """The real referat as the meeting of the next day: a second knowledge file in the same run."""
    text = REFERAT_TXT.read_text(encoding="utf-8")
    other = tmp_path / "kkr-hovedstaden-2022-11-26-referat.txt"
    other.write_text(text.replace("25-11-2022", "26-11-2022").replace("25. november 2022", "26. november 2022"),
                     encoding="utf-8")
    return other


def test_reingesting_without_url_keeps_the_stored_url_and_says_so(tmp_path: Path, capsys):
    kb = tmp_path / "kb"
    written = kb / "kkr-hovedstaden" / "2022-11-25.yaml"
    assert main(["ingest", str(REFERAT_TXT), "--knowledge", str(kb), "--url", PDF_URL]) == 0
    before = written.read_bytes()
    capsys.readouterr()
    assert main(["ingest", str(REFERAT_TXT), "--knowledge", str(kb)]) == 0
    assert f"bemærk: beholder den gemte adresse {PDF_URL} (--url skifter den)" in capsys.readouterr().err
    assert written.read_bytes() == before  # the same document, the same file
    assert main(["ingest", str(REFERAT_TXT), "--knowledge", str(kb), "--url", KL_URL]) == 0
    assert "beholder" not in capsys.readouterr().err
    assert f"source_url: {KL_URL}\n" in written.read_text(encoding="utf-8")


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_knowledge_files_get_the_mode_the_umask_gives(tmp_path: Path, capsys, umask, mode):
    """A bot running as another user must be able to read what an admin ingested (mkstemp makes 0600)."""
    old = os.umask(umask)
    try:
        assert main(["ingest", str(REFERAT_TXT), "--knowledge", str(tmp_path)]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "kkr-hovedstaden" / "2022-11-25.yaml").stat().st_mode) == mode


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a read-only directory (see the test below)")
def test_a_read_only_knowledge_dir_names_each_file(tmp_path: Path, capsys):
    kb = tmp_path / "kb"
    (kb / "kkr-hovedstaden").mkdir(parents=True)
    other = _second_meeting(tmp_path)
    (kb / "kkr-hovedstaden").chmod(0o555)
    try:
        assert main(["ingest", str(REFERAT_TXT), str(other), "--knowledge", str(kb)]) == 1
    finally:
        (kb / "kkr-hovedstaden").chmod(0o755)
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [f"fejl: {path}: intet skrevet: ingen skriveadgang til {kb / 'kkr-hovedstaden'}"
                       for path in (REFERAT_TXT, other)]
    assert err[2:] == [line for line in err[2:] if line.startswith("2 filer: 0 møder")]
    assert list(kb.rglob("*")) == [kb / "kkr-hovedstaden"]


def test_a_knowledge_dir_that_cannot_be_written_names_each_file(tmp_path: Path, capsys):
    """Root ignores file permissions, so unwritable is made another way: the knowledge dir lies under a file."""
    blocker = tmp_path / "en-fil"
    blocker.write_text("ikke en mappe", encoding="utf-8")
    kb = blocker / "kb"
    other = _second_meeting(tmp_path)
    assert main(["ingest", str(REFERAT_TXT), str(other), "--knowledge", str(kb)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 3 and lines[2].startswith("2 filer: 0 møder") and "uventet fejl" not in err
    for path, line in zip((REFERAT_TXT, other), lines[:2], strict=True):
        assert line.startswith(f"fejl: {path}: intet skrevet: ") and "er en fil, ikke en mappe" in line


def test_a_full_disk_names_the_file_writes_the_others_and_leaves_nothing_half_written(
        tmp_path: Path, capsys, monkeypatch):
    kb = tmp_path / "kb"
    other = _second_meeting(tmp_path)
    assert main(["ingest", str(other), "--knowledge", str(kb), "--url", KL_URL]) == 0
    target = kb / "kkr-hovedstaden" / "2022-11-26.yaml"
    before = target.read_bytes()
    capsys.readouterr()
    real_replace = os.replace

    def full_disk(src, dst, *args, **kwargs):
        if Path(dst).name == "2022-11-26.yaml":
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full_disk)
    # The same meeting from a changed document (one more line), and the meeting of the day before.
    other.write_text(other.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert main(["ingest", str(other), str(REFERAT_TXT), "--knowledge", str(kb)]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines()[0] == f"fejl: {other}: intet skrevet: disken er fuld"
    assert err.splitlines()[1].startswith("2 filer: 1 møder") and len(err.splitlines()) == 2
    assert out.startswith("KKR Hovedstaden\t2022-11-25\t")
    assert target.read_bytes() == before  # the old file, whole
    assert sorted(p.name for p in kb.rglob("*")) == ["2022-11-25.yaml", "2022-11-26.yaml", "kkr-hovedstaden"]


KILLED_WRITER = """
import os, sys, time
from pathlib import Path
from bot.knowledge import store
os.replace = lambda *a, **k: (print("written", flush=True), time.sleep(60))  # killed before the rename
store.atomic_write(Path(sys.argv[1]), "halvt skrevet")
"""


def test_a_run_killed_while_writing_leaves_the_file_whole_and_the_next_run_removes_its_temporary_file(
        tmp_path: Path, capsys):
    kb = tmp_path / "kb"
    assert main(["ingest", str(REFERAT_TXT), "--knowledge", str(kb)]) == 0
    target = kb / "kkr-hovedstaden" / "2022-11-25.yaml"
    before = target.read_bytes()
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(target)], stdout=subprocess.PIPE,
                              text=True, cwd=Path(__file__).resolve().parents[2])
    assert writer.stdout is not None and writer.stdout.readline() == "written\n"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    (stray,) = target.parent.glob(".*.tmp")
    assert target.read_bytes() == before and stray.read_text(encoding="utf-8") == "halvt skrevet"
    # A temporary file of a process still writing stays.
    alive = target.parent / f".2022-11-26.yaml.{os.getpid()}.abcdefgh.tmp"
    alive.write_text("skrives netop nu", encoding="utf-8")
    capsys.readouterr()
    assert main(["ingest", str(REFERAT_TXT), "--knowledge", str(kb)]) == 0
    assert "fjernede 1 halvskrevne midlertidige filer fra en afbrudt kørsel" in capsys.readouterr().err
    assert not stray.exists() and alive.exists() and target.read_bytes() == before
