"""Which files in the inbox are whole: the polling state machine. Pure (the caller reads the folder).

A file is ready when two polls in a row see it with the same size and modification time, so a
file still being copied in is never read half-way. A file is offered once; it is offered again
only if it changes (a new version written over one that could not be moved away). Names a
copy in progress uses (`.part`, `.crdownload`, `~$…`, hidden files) and `.url` notes (read with
their file) are never offered.
"""
from __future__ import annotations

from dataclasses import dataclass

STABLE_POLLS = 2
_IN_PROGRESS = (".part", ".partial", ".tmp", ".crdownload", ".download", ".filepart")
URL_NOTE = ".url"  # `referat.pdf.url` beside `referat.pdf`: the referat's public address


@dataclass(frozen=True)
class Stat:
    """What a poll sees of a file."""

    size: int
    mtime_ns: int


def is_candidate(name: str) -> bool:
    """Whether a file name in the inbox is a referat to consider (not a copy in progress, hidden or a note)."""
    lower = name.casefold()
    return not (name.startswith((".", "~$")) or lower.endswith(_IN_PROGRESS) or lower.endswith(URL_NOTE))


class InboxWatch:
    """The inbox as the polls saw it: each file's last stat and how many polls in a row saw it so."""

    def __init__(self, stable_polls: int = STABLE_POLLS) -> None:
        self.stable_polls = stable_polls
        self._seen: dict[str, tuple[Stat, int]] = {}
        self._offered: dict[str, Stat] = {}

    def poll(self, files: dict[str, Stat]) -> list[str]:
        """One poll's view of the folder (name -> stat); returns the files that are now ready, by name."""
        ready = []
        for name, stat in files.items():
            if not is_candidate(name) or self._offered.get(name) == stat:
                continue
            before = self._seen.get(name)
            polls = before[1] + 1 if before is not None and before[0] == stat else 1
            self._seen[name] = (stat, polls)
            if polls >= self.stable_polls:
                ready.append(name)
                self._offered[name] = stat
                del self._seen[name]
        for gone in [n for n in self._seen if n not in files]:
            del self._seen[gone]
        for gone in [n for n in self._offered if n not in files]:
            del self._offered[gone]
        return sorted(ready)

    @property
    def waiting(self) -> list[str]:
        """Files seen but not yet stable."""
        return sorted(self._seen)
