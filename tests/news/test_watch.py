"""The inbox's polling state machine: a file is ready when two polls in a row see it unchanged."""
from __future__ import annotations

from bot.news.watch import InboxWatch, Stat, is_candidate


def test_a_file_is_ready_after_two_polls_with_the_same_size_and_time():
    watch = InboxWatch()
    assert watch.poll({"a.pdf": Stat(100, 1)}) == []
    assert watch.waiting == ["a.pdf"]
    assert watch.poll({"a.pdf": Stat(100, 1)}) == ["a.pdf"]
    assert watch.waiting == []


def test_a_file_still_being_written_is_not_ready_until_it_stops_changing():
    watch = InboxWatch()
    for size in (10, 20, 30, 40):
        assert watch.poll({"a.pdf": Stat(size, size)}) == []
    assert watch.poll({"a.pdf": Stat(40, 40)}) == ["a.pdf"]
    # Touched without growing (a new modification time) also counts as a change.
    watch2 = InboxWatch()
    watch2.poll({"b.json": Stat(5, 1)})
    assert watch2.poll({"b.json": Stat(5, 2)}) == []
    assert watch2.poll({"b.json": Stat(5, 2)}) == ["b.json"]


def test_a_file_is_offered_once_and_again_only_when_it_changes():
    watch = InboxWatch()
    watch.poll({"a.pdf": Stat(1, 1)})
    assert watch.poll({"a.pdf": Stat(1, 1)}) == ["a.pdf"]
    assert watch.poll({"a.pdf": Stat(1, 1)}) == []  # could not be moved away: not taken again and again
    assert watch.poll({"a.pdf": Stat(2, 2)}) == []  # a new version …
    assert watch.poll({"a.pdf": Stat(2, 2)}) == ["a.pdf"]  # … once whole
    assert watch.poll({}) == []
    watch.poll({"a.pdf": Stat(2, 2)})  # gone, then dropped again (as before): a new file
    assert watch.poll({"a.pdf": Stat(2, 2)}) == ["a.pdf"]


def test_several_files_are_tracked_apart_and_returned_sorted():
    watch = InboxWatch()
    watch.poll({"b.pdf": Stat(1, 1), "a.json": Stat(1, 1)})
    assert watch.poll({"b.pdf": Stat(1, 1), "a.json": Stat(1, 1), "c.pdf": Stat(1, 1)}) == ["a.json", "b.pdf"]
    assert watch.poll({"c.pdf": Stat(1, 1)}) == ["c.pdf"]


def test_copies_in_progress_hidden_files_and_notes_are_never_offered():
    names = ["referat.pdf.part", "referat.pdf.crdownload", ".referat.pdf.swp", "~$referat.docx", "referat.pdf.url",
             "x.TMP"]
    assert not any(is_candidate(n) for n in names)
    assert all(is_candidate(n) for n in ["referat.pdf", "møde.json", "notat.docx", "referat.txt"])
    watch = InboxWatch()
    files = {n: Stat(1, 1) for n in names}
    watch.poll(files)
    assert watch.poll(files) == [] and watch.waiting == []
