"""`kkrbot ask` and `kkrbot eval` as a user and a script run them."""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import BUNDLED_KNOWLEDGE, KL_URL

KB = ["--knowledge", str(BUNDLED_KNOWLEDGE)]
DEV = Path(__file__).resolve().parent.parent / "search" / "questions-dev.yaml"


def test_plain_answer(capsys):
    assert main(["ask", "Hvad blev besluttet om DK2020?", *KB]) == 0
    out = capsys.readouterr().out
    assert "Punkt 3.4 DK2020-klimapartnerskabet efter 2023" in out
    assert "KKR Hovedstaden tiltrådte indstillingen" in out
    assert "Kilde: referatet på kl.dk, s. 17: https://www.kl.dk/" in out and "#page=" not in out


def test_unquoted_words_are_one_question(capsys):
    assert main(["ask", "resultat", "kontrakten", *KB]) == 0
    assert "Punkt 3.1 Erhvervshus Hovedstadens resultatkontrakt 2023" in capsys.readouterr().out


def test_not_found(capsys):
    assert main(["ask", "Hvornår åbner den nye skøjtehal?", *KB]) == 0
    assert capsys.readouterr().out.startswith("Jeg fandt ikke noget i referaterne")


def test_json_one_object(capsys):
    assert main(["ask", "--json", "klimaparnterskab", *KB]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["question"] == "klimaparnterskab" and data["answers"][0]["item"] == "3.4"


def test_stdin_one_json_line_per_question_loading_once(capsys, monkeypatch):
    loads = []
    import bot.search as search

    original = search.Searcher.from_knowledge.__func__

    def counting(cls, *args, **kwargs):
        loads.append(1)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(search.Searcher, "from_knowledge", classmethod(counting))
    questions = ["Hvem er Kasper Damsgaard?", "", "Hvornår åbner den nye skøjtehal?", "x" * 5000, "SSU"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(questions) + "\n"))
    assert main(["ask", "--json", "-", *KB]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(questions) and loads == [1]
    data = [json.loads(line) for line in lines]
    assert data[0]["answers"][0]["item"] == "4.1"
    assert data[1]["answers"] == [] and "error" in data[1]
    assert data[2]["answers"] == [] and "suggestions" in data[2]
    assert data[3]["answers"] == [] and "for langt" in data[3]["error"]
    assert data[4]["answers"][0]["item"] == "2.1"


def test_stdin_plain_text(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("SSU\nskøjtehal\n"))
    assert main(["ask", "-", *KB]) == 0
    out = capsys.readouterr().out
    assert "Spørgsmål: SSU" in out and "Spørgsmål: skøjtehal" in out and "Jeg fandt ikke" in out


@pytest.mark.parametrize("args, message", [
    (["ask", *KB], "Skriv et spørgsmål"),
    (["ask", "   ", *KB], "Skriv et spørgsmål"),
    (["ask", "ord " * 400, *KB], "for langt"),
    (["ask", "DK2020", "--meeting", "25-13-2022", *KB], "skal være en dato"),
    (["ask", "DK2020", "--meeting", "i går", *KB], "skal være en dato"),
    (["ask", "DK2020", "--meeting", "2030-01-01", *KB], "intet møde"),
    (["ask", "DK2020", "--body", "KKR Fyn", *KB], "intet møde"),
    (["ask", "DK2020", "--limit", "0", *KB], "--limit"),
])
def test_bad_input_gets_a_clear_message(args, message, capsys):
    assert main(args) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("date", ["2022-11-25", "25-11-2022", "25.11.2022", "25. november 2022"])
def test_meeting_takes_the_dates_discord_takes(date, capsys):
    assert main(["ask", "--json", "DK2020", "--meeting", date, *KB]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {a["meeting_date"] for a in data["answers"]} == {"2022-11-25"}


def test_filters_and_limit(capsys):
    assert main(["ask", "--json", "klima", "--meeting", "2022-11-25", "--body", "KKR Hovedstaden",
                 "--limit", "2", *KB]) == 0
    data = json.loads(capsys.readouterr().out)
    assert 1 <= len(data["answers"]) <= 2


def test_missing_knowledge_dir(tmp_path, capsys):
    assert main(["ask", "DK2020", "--knowledge", str(tmp_path / "nope")]) == 1
    assert "findes ikke" in capsys.readouterr().err


def test_eval_prints_misses_and_totals(capsys):
    assert main(["eval", str(DEV), *KB, "--calibrate"]) == 0
    out = capsys.readouterr().out
    last = out.strip().splitlines()[-1]
    assert last.startswith("top-1 ") and "MRR@5" in last and "korrekt 'ikke fundet' 2/2" in last
    assert "tærskel" in out


def test_eval_bad_question_file(tmp_path, capsys):
    bad = tmp_path / "q.yaml"
    bad.write_text("cases: [{q: hej}]\n", encoding="utf-8")
    assert main(["eval", str(bad), *KB]) == 2
    assert "item" in capsys.readouterr().err
    assert main(["eval", str(tmp_path / "none.yaml"), *KB]) == 2


def test_questions_naming_a_meeting_in_a_base_of_several(tmp_path, capsys):
    """A second and third meeting made from the real referat with --date/--body overrides."""
    from tests.conftest import REFERAT_TXT

    kb = tmp_path / "kb"
    for extra in ([], ["--date", "2023-02-08"], ["--date", "2023-01-10", "--body", "KKR Sjælland"]):
        assert main(["ingest", str(REFERAT_TXT), "--url", KL_URL, "--knowledge", str(kb), *extra]) == 0
    capsys.readouterr()
    questions = [
        "Hvad blev besluttet om DK2020 på mødet den 25. november 2022?",
        "Hvad blev besluttet om DK2020 på seneste møde?",
        "Hvad besluttede KKR Sjælland om DK2020?",
        "Hvad blev besluttet om DK2020?",
    ]
    found = []
    for question in questions:
        assert main(["ask", "--json", question, "--knowledge", str(kb)]) == 0
        best = json.loads(capsys.readouterr().out)["answers"][0]
        found.append((best["item"], best["body"], best["meeting_date"]))
    assert found == [("3.4", "KKR Hovedstaden", "2022-11-25"), ("3.4", "KKR Hovedstaden", "2023-02-08"),
                     ("3.4", "KKR Sjælland", "2023-01-10"), ("3.4", "KKR Hovedstaden", "2023-02-08")]
    assert main(["ask", "DK2020 på mødet den 3. marts 2021", "--knowledge", str(kb)]) == 0
    assert capsys.readouterr().out.startswith("Jeg har ikke referatet fra mødet 3. marts 2021")


def test_an_empty_knowledge_base_is_said_so(tmp_path, capsys):
    assert main(["ask", "DK2020", "--knowledge", str(tmp_path)]) == 1
    assert "er tom: indlæs et referat med 'kkrbot ingest FIL' først" in capsys.readouterr().err


@pytest.mark.parametrize("content, reason", [
    (None, "filen findes ikke"),
    ("cases: [\n", "ugyldig YAML (linje 2)"),
    ("cases: 5\n", "filen skal have en liste 'cases'"),
])
def test_eval_explains_a_bad_question_file_in_danish(tmp_path, capsys, content, reason):
    path = tmp_path / "spørgsmål.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["eval", str(path), *KB]) == 2
    assert capsys.readouterr().err.startswith(f"fejl: {path}: {reason}")


def test_a_bad_file_is_named_in_one_line_and_the_others_are_served(tmp_path, capsys):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE, knowledge)
    good = knowledge / "kkr-hovedstaden" / "2022-11-25.yaml"
    bad = good.with_name("2023-02-08.yaml")
    bad.write_text(good.read_text(encoding="utf-8").replace("date: '2022-11-25'", "date: '2022-13-45'")
                   .replace("case_number: SAG-2022-03934", "case_number: 2022"), encoding="utf-8")
    for command in (["ask", "Hvad blev besluttet om DK2020?", "--no-cache"], ["highlights"], ["udpegninger"]):
        assert main([*command, "--knowledge", str(knowledge)]) == 0
        out, err = capsys.readouterr()
        assert err == f"advarsel: {bad}: meeting: date: ugyldig dato '2022-13-45'; skriv ÅÅÅÅ-MM-DD, fx '2022-11-25' " \
                      "(filen er sprunget over)\n"
        assert "KKR Hovedstaden" in out


# --- questions never crash the search (issue 10) ----------------------------------------

CRASHED = ["Hvad sagde K L om klima?", "e u", "D\u200bK\u200b2\u200b0\u200b2\u200b0"]


@pytest.mark.parametrize("question", CRASHED)
def test_questions_that_crashed_are_answered(question, capsys):
    assert main(["ask", question, *KB]) == 0
    assert capsys.readouterr().out.strip()


def test_stdin_goes_on_after_a_question_fails(capsys, monkeypatch):
    import bot.search as search

    real_ask = search.Searcher.ask

    def failing(self, question, **kwargs):
        if question == "sprænger søgningen":
            raise RuntimeError("en fejl i søgningen")
        return real_ask(self, question, **kwargs)

    monkeypatch.setattr(search.Searcher, "ask", failing)
    questions = ["DK2020", "sprænger søgningen", *CRASHED, "SSU"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(questions) + "\n"))
    assert main(["ask", "--json", "-", *KB]) == 1  # every line answered, and the failure told
    data = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(data) == len(questions)
    assert data[0]["answers"][0]["item"] == "3.4" and data[-1]["answers"][0]["item"] == "2.1"
    assert data[1]["answers"] == [] and "gik noget galt" in data[1]["error"]
    assert all("error" not in d for n, d in enumerate(data) if n != 1)
    monkeypatch.setattr("sys.stdin", io.StringIO("sprænger søgningen\nSSU\n"))
    assert main(["ask", "-", *KB]) == 1
    out = capsys.readouterr().out
    assert "gik noget galt" in out and "Punkt 2.1 Siden sidst" in out


def test_markup_is_not_a_question_and_is_not_echoed(capsys, monkeypatch):
    assert main(["ask", "@everyone <@123>", *KB]) == 2
    assert "Skriv et spørgsmål" in capsys.readouterr().err
    assert main(["ask", "<@123> \x1b[31mskøjtehal\x1b[0m", *KB]) == 0
    out = capsys.readouterr().out
    assert "der svarer på: skøjtehal" in out and "\x1b" not in out and "<@123>" not in out
    monkeypatch.setattr("sys.stdin", io.StringIO("\x1b]0;hacked\x07DK2020\n"))
    assert main(["ask", "-", *KB]) == 0
    out = capsys.readouterr().out
    assert "Spørgsmål: DK2020\n" in out and "\x1b" not in out and "\x07" not in out


@pytest.mark.parametrize("question", ["@kkrbot <@1300000000000000002> hvad blev besluttet om DK2020?",
                                      "@everyone DK2020", "<@123> DK2020"])
def test_mentions_are_not_searched(question, capsys):
    assert main(["ask", "--json", question, *KB]) == 0
    assert json.loads(capsys.readouterr().out)["answers"][0]["item"] == "3.4"


def test_the_next_meeting_in_text_and_json(capsys):
    assert main(["ask", "Hvornår er næste møde?", *KB]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Næste møde: 8. februar 2023 fra kl. 10 til kl. 12\n")
    assert "  - DK2020-samarbejdet fremadrettet" in out and f"Kilde: referatet på kl.dk, s. 31: {KL_URL}" in out
    assert "tog orienteringen til efterretning" not in out
    assert main(["ask", "--json", "Hvornår er næste møde?", *KB]) == 0
    data = json.loads(capsys.readouterr().out)["next_meeting"]
    assert (data["date"], data["time"], data["announced_in"], data["page"]) == (
        "2023-02-08", "fra kl. 10 til kl. 12", "2022-11-25", 31)
    assert len(data["topics"]) == 5 and data["url"] == KL_URL  # KL's listing page: no page to open


def test_eval_goes_on_when_the_search_fails(tmp_path, capsys, monkeypatch):
    questions = tmp_path / "q.yaml"
    cases = [{"q": q, "item": None} for q in CRASHED] + [{"q": "DK2020", "item": "3.4"}]
    questions.write_text(json.dumps({"meeting": "2022-11-25", "cases": cases}), encoding="utf-8")
    assert main(["eval", str(questions), *KB]) == 0
    assert "top-1 1/1" in capsys.readouterr().out
    import bot.search as search

    real_ask = search.Searcher.ask
    monkeypatch.setattr(search.Searcher, "ask", lambda self, q, **kw: (1 / 0) if q == "e u" else real_ask(self, q, **kw))
    assert main(["eval", str(questions), *KB]) == 1
    out = capsys.readouterr().out
    assert "fejl i søgningen: 'e u': ZeroDivisionError" in out and "top-1 1/1" in out and "FEJL 1" in out
