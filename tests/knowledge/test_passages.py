"""Which passages of an item are embedded (bot.knowledge.passages): pure, on the bundled meeting and small items."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.passages import (
    DEFAULT,
    STRATEGIES,
    Strategy,
    chunk_words,
    item_passages,
    passage_hash,
    word_count,
)
from bot.knowledge.store import parse_meeting
from bot.model import Item, Meeting, Section
from tests.conftest import BUNDLED_KNOWLEDGE

BUNDLED = BUNDLED_KNOWLEDGE / "kkr-hovedstaden" / "2022-11-25.yaml"


@pytest.fixture(scope="module")
def kkr() -> Meeting:
    return parse_meeting(Path(BUNDLED).read_text(encoding="utf-8"), str(BUNDLED))


def _item(**sections: str) -> Item:
    return Item(
        number="7",
        title="Renovering af   svømmehallen",
        page=1,
        decision="Godkendt.\n\nAfbud: Jens Hansen",
        sections=[Section(heading.replace("_", " "), text, 1) for heading, text in sections.items()],
    )


def test_title_passage_is_title_and_decision_with_whitespace_collapsed():
    passages = item_passages(_item(), STRATEGIES["title"])
    assert passages == [passages[0]]
    assert passages[0].id == "title"
    assert passages[0].text == "Renovering af svømmehallen\nGodkendt. Afbud: Jens Hansen"


def test_item_without_decision_is_its_title():
    item = Item(number="3", title="Lukket: Salg af grund", page=1)
    assert [p.text for p in item_passages(item, STRATEGIES["chunks"])] == ["Lukket: Salg af grund"]


def test_summary_joins_resume_and_indstilling_and_skips_procedure_and_bilag():
    item = _item(Sagsprocedure="Byrådet.", Resume="Hallen er slidt.", Indstilling="Det indstilles, at den renoveres.",
                 Bilag="Bilag 1: tegninger", Sagsbeskrivelse="Taget er utæt.\n\nBassinet lækker.")
    passages = item_passages(item, STRATEGIES["chunks"])
    assert [p.id for p in passages] == ["title", "summary", "text-0"]
    assert passages[1].text == "Renovering af svømmehallen\nHallen er slidt. Det indstilles, at den renoveres."
    assert passages[2].text == "Renovering af svømmehallen\nTaget er utæt. Bassinet lækker."
    assert not any("Byrådet." in p.text or "tegninger" in p.text for p in passages)


def test_strategies_nest_cheapest_first():
    item = _item(Resume="Kort.", Sagsbeskrivelse="\n\n".join(f"Afsnit {i} " + "ord " * 100 for i in range(8)))
    title, summary, chunks = (item_passages(item, STRATEGIES[name]) for name in ("title", "summary", "chunks"))
    assert [p.id for p in title] == ["title"]
    assert [p.id for p in summary] == ["title", "summary"]
    assert [p.id for p in chunks] == ["title", "summary", "text-0", "text-1", "text-2"]
    assert chunks[:2] == summary and summary[:1] == title  # same texts: their vectors are shared


def test_chunks_are_capped_per_item_and_in_size():
    body = "\n\n".join(f"Afsnit {i} " + "ord " * 50 for i in range(30))
    strategy = Strategy(summary=False, chunks=4, chunk_words=120)
    passages = item_passages(_item(Sagsfremstilling=body), strategy)
    chunks = [p for p in passages if p.id.startswith("text-")]
    assert [p.id for p in chunks] == ["text-0", "text-1", "text-2", "text-3"]
    title_words = word_count("Renovering af svømmehallen")
    assert all(word_count(p.text) - title_words <= 120 for p in chunks)
    assert chunks[1].text.split("\n", 1)[1].startswith("Afsnit 2 ")  # cut at a paragraph end


def test_chunk_words_cuts_long_paragraphs_and_keeps_every_word():
    text = "kort afsnit\n\n" + " ".join(f"w{i}" for i in range(250)) + "\n\nslut"
    chunks = chunk_words(text, 100)
    assert all(word_count(c) <= 100 for c in chunks)
    assert " ".join(chunks).split() == text.split()
    assert chunks[0] == "kort afsnit"


def test_long_decision_is_cut_to_max_words():
    item = Item(number="1", title="Budget", page=1, decision=" ".join(["ord"] * 1000))
    (passage,) = item_passages(item, Strategy(summary=False, max_words=250))
    assert word_count(passage.text) == 1 + 250


def test_bundled_meeting_passages(kkr):
    for item in kkr.items:
        passages = item_passages(item, STRATEGIES["chunks"])
        assert passages[0].id == "title" and passages[0].text.startswith(item.title)
        assert len({p.id for p in passages}) == len(passages)
        assert all(p.text.startswith(" ".join(item.title.split())) for p in passages)
        assert len([p for p in passages if p.id.startswith("text-")]) <= STRATEGIES["chunks"].chunks
    dk2020 = next(i for i in kkr.items if i.number == "3.4")
    summary = next(p for p in item_passages(dk2020, DEFAULT) if p.id == "summary")
    assert "fortsat geografisk organisering" in summary.text  # its Indstilling


def test_ids_and_texts_are_stable(kkr):
    again = parse_meeting(Path(BUNDLED).read_text(encoding="utf-8"))
    for a, b in zip(kkr.items, again.items, strict=True):
        assert item_passages(a, STRATEGIES["chunks"]) == item_passages(b, STRATEGIES["chunks"])


def test_passage_hash_keys_text_model_and_prefix():
    base = passage_hash("Budget 2024\nGodkendt.", "model-a")
    assert base == passage_hash("Budget 2024\nGodkendt.", "model-a")
    assert len(base) == 64
    assert base != passage_hash("Budget 2024\nGodkendt!", "model-a")
    assert base != passage_hash("Budget 2024\nGodkendt.", "model-b")
    assert base != passage_hash("Budget 2024\nGodkendt.", "model-a", prefix="query: ")


def test_rewrapping_a_text_by_hand_keeps_its_passages():
    one = _item(Resume="Hallen er slidt og skal renoveres.")
    two = _item(Resume="Hallen er slidt\n  og skal   renoveres.")
    assert item_passages(one) == item_passages(two)
