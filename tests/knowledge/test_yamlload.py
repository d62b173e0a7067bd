"""The fast YAML loader gives exactly what yaml.load with the C loader gives, errors included."""
from __future__ import annotations

import pytest
import yaml

from bot.knowledge.store import dump_meeting, knowledge_files, load_knowledge
from bot.knowledge.yamlload import Loader, load
from tests.conftest import BUNDLED_KNOWLEDGE

DOCUMENTS = [
    "",
    "---\n",
    "a: 1\nb: -2\nc: 0x1f\nd: 0o17\ne: 1_000\nf: 3.5\ng: .inf\nh: 1e3\ni: 1:30\n",
    "yes: no\non: off\nTrue: FALSE\n~: null\nempty:\n",
    "date: 2022-11-25\nwhen: 2022-11-25 10:30:00\nquoted: '2022-11-25'\nnumber: '3.4'\nplain: 3.4\n",
    "text: |\n  line one\n  line two\nfolded: >\n  a\n  b\nq: \"tab\\there\"\n",
    "list: [1, two, 3.0, null, [nested, list], {k: v}]\n",
    "dup: 1\ndup: 2\nother: 3\n",
    "base: &b {x: 1, y: 2}\nuse: *b\n",
    "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n",
    "tagged: !!str 123\nbinary: !!binary aGVsbG8=\nset: !!set {a, b}\n",
    "? [complex, key]\n: value\n",
    "= : value\n",
    "first: doc\n---\nsecond: doc\n",
    "- a\n- b: c\n  d: [e]\n",
    "plain scalar document",
    "unicode: Søren Friis Trebbien – København\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_same_value_or_same_error_as_yaml_load(text):
    try:
        expected = yaml.load(text, Loader=Loader)
    except yaml.YAMLError as exc:
        with pytest.raises(type(exc)) as raised:
            load(text)
        assert str(raised.value) == str(exc)
    else:
        assert load(text) == expected


@pytest.mark.parametrize("text", ["a: [1, 2\n", "a: b: c\n", "a: *missing\n", "key: 'unterminated\n", "a:\n\t- tab\n"])
def test_broken_documents_raise_what_yaml_load_raises(text):
    with pytest.raises(yaml.YAMLError) as expected:
        yaml.load(text, Loader=Loader)
    with pytest.raises(type(expected.value)) as raised:
        load(text)
    assert str(raised.value) == str(expected.value)


def test_knowledge_files_load_the_same():
    for path in knowledge_files(BUNDLED_KNOWLEDGE):
        text = path.read_text(encoding="utf-8")
        assert load(text) == yaml.load(text, Loader=Loader)
    kb, errors = load_knowledge(BUNDLED_KNOWLEDGE)
    assert not errors
    for meeting in kb.meetings:
        text = dump_meeting(meeting)
        assert load(text) == yaml.load(text, Loader=Loader)


def test_plain_documents_never_fall_back(monkeypatch):
    text = next(iter(knowledge_files(BUNDLED_KNOWLEDGE))).read_text(encoding="utf-8")
    expected = yaml.load(text, Loader=Loader)

    def no_fallback(*args, **kwargs):
        raise AssertionError("the fast path should have read this document")

    monkeypatch.setattr(yaml, "load", no_fallback)
    assert load(text) == expected
