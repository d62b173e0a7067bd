"""HTML (a publishing system's rich-text field) -> clean text blocks: headings, paragraphs, list items, table rows.

Pure: a string in, a list of `Block`s out. Parsing is selectolax's (the Lexbor HTML5 engine):
it reads the sloppy HTML that Word pastes into case systems (`<p>` around `<div>`, stray
`<b></b>`, `<span>` holding whole sections) as a browser would. What this module decides:

- block elements (`p`, `div`, `h1`–`h6`, `li`, `tr`, …) start and end a block; `<br>`
  is a line break inside one; everything else is inline, its text run into the block;
- whitespace inside a block collapses to one space (the source wraps lines at random),
  non-breaking and other Unicode spaces included; empty blocks are dropped;
- list items keep their marker: `- ` for `<ul>`, `1.`/`a.`/`i.` for `<ol>` (its
  `start`, `type` and `list-style-type`), two spaces of indent per nesting level; a
  paragraph that Word turned into a bullet (`·  text`, `•`, ``) becomes `- text`;
- a table row is one block, its cells joined with ` | ` (a cell's own blocks joined by
  a space); nested tables are flattened into their cell;
- links (`<a href="http…">`) are collected with their text.

`blocks_text` joins blocks the way knowledge files keep text: paragraphs apart by a blank
line, consecutive list items and table rows on lines of their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "blockquote",
    "center", "address", "figure", "figcaption", "form", "fieldset", "pre", "dl", "dt", "dd",
    "hr", "caption", "details", "summary", "body", "html",
})
SKIP_TAGS = frozenset({"script", "style", "head", "title", "img", "svg", "object", "iframe", "noscript", "template"})
LIST_TAGS = frozenset({"ul", "ol"})
_BR = "\x1e"  # a <br>: a line break kept inside a block (source newlines are only whitespace)
_SPACES = re.compile(r"[^\S\n\x1e]+|[\u200b\u200c\u200d\ufeff]")
_BULLET = re.compile(r"^[·•\uf0b7\uf0a7▪■●◦–-]\s+(?=\S)")
_ROMAN = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass
class Block:
    """One block of text: a heading (level 1–6), a paragraph, a list item or a table row."""

    kind: str  # "heading" | "para" | "item" | "row"
    text: str
    level: int = 0  # heading level; list nesting depth for items
    opens: bool = False  # the first item of a list or row of a table: set apart from a list or table before it


@dataclass
class HtmlText:
    """What an HTML field holds as text: its blocks and the links in it (url, anchor text)."""

    blocks: list[Block] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _marker(style: str, n: int) -> str:
    if style in ("a", "lower-alpha", "lower-latin"):
        return f"{chr(ord('a') + (n - 1) % 26)}."
    if style in ("A", "upper-alpha", "upper-latin"):
        return f"{chr(ord('A') + (n - 1) % 26)}."
    if style in ("i", "lower-roman"):
        return f"{_roman(n)}."
    if style in ("I", "upper-roman"):
        return f"{_roman(n).upper()}."
    return f"{n}."


def _list_style(node: LexborNode) -> str:
    attrs = node.attributes
    found = re.search(r"list-style-type\s*:\s*([\w-]+)", attrs.get("style") or "")
    if found:
        return found[1]
    return attrs.get("type") or "decimal"


def clean_line(text: str) -> str:
    """Collapse whitespace (non-breaking spaces, tabs, source newlines) to single spaces."""
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


@dataclass
class _ListState:
    ordered: bool
    style: str
    counter: int


@dataclass
class _ItemState:
    marker: str
    depth: int
    used: bool = False


class _Builder:
    """Walks the DOM once, collecting inline text into the open block."""

    def __init__(self) -> None:
        self.out = HtmlText()
        self.buf: list[str] = []
        self.lists: list[_ListState] = []
        self.items: list[_ItemState] = []
        self.opens = False  # the next list item starts a new top-level list

    def flush(self, kind: str = "para", level: int = 0) -> None:
        if not self.buf:
            return
        raw = "".join(self.buf)
        self.buf = []
        if kind == "heading":
            text = clean_line(raw.replace(_BR, " "))
            if text:
                self.out.blocks.append(Block("heading", text, level))
            return
        lines = [clean_line(line) for line in raw.replace("\n", " ").split(_BR)]
        lines = [line for line in lines if line]
        if not lines:
            return
        if self.items:
            item = self.items[-1]
            indent = "  " * item.depth
            if not item.used:
                item.used = True
                lines[0] = f"{indent}{item.marker} {lines[0]}"
                lines[1:] = [f"{indent}{' ' * (len(item.marker) + 1)}{line}" for line in lines[1:]]
            else:
                lines = [f"{indent}{' ' * (len(item.marker) + 1)}{line}" for line in lines]
            self.out.blocks.append(Block("item", "\n".join(lines), item.depth, opens=self.opens))
            self.opens = False
            return
        lines[0] = _BULLET.sub("- ", lines[0])
        self.out.blocks.append(Block("item" if lines[0].startswith("- ") else "para", "\n".join(lines)))

    def walk(self, node: LexborNode) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self.buf.append(child.text_content or "")
            elif tag is None or tag.startswith("-") or tag in SKIP_TAGS:
                continue
            elif tag == "br":
                self.buf.append(_BR)
            elif tag in HEADING_TAGS:
                self.flush()
                self.walk(child)
                self.flush("heading", HEADING_TAGS[tag])
            elif tag in LIST_TAGS:
                self.flush()
                start = child.attributes.get("start") or "1"
                first = int(start) if start.isdigit() else 1
                self.opens = self.opens or not self.lists
                self.lists.append(_ListState(tag == "ol", _list_style(child), first - 1))
                self.walk(child)
                self.flush()
                self.lists.pop()
            elif tag == "li":
                self.flush()
                self._item(child)
            elif tag == "table":
                self.flush()
                self._table(child)
            elif tag == "a":
                href = (child.attributes.get("href") or "").strip()
                if re.match(r"(?i)https?://", href):
                    self.out.links.append((href, clean_line(child.text(deep=True) or "")))
                self.walk(child)
            elif tag in BLOCK_TAGS:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)

    def _item(self, node: LexborNode) -> None:
        state = self.lists[-1] if self.lists else _ListState(False, "disc", 0)
        state.counter += 1
        value = node.attributes.get("value") or ""
        if value.isdigit():
            state.counter = int(value)
        marker = _marker(state.style, state.counter) if state.ordered else "-"
        self.items.append(_ItemState(marker, max(len(self.lists) - 1, 0)))
        self.walk(node)
        self.flush()
        self.items.pop()

    def _table(self, table: LexborNode) -> None:
        opens = True
        for row in _rows(table):
            cells = []
            for cell in row.iter():
                if cell.tag in ("td", "th"):
                    cells.append(_cell_text(cell))
            if any(cells):
                self.out.blocks.append(Block("row", " | ".join(cells), opens=opens))
                opens = False
            for cell in row.iter():  # links inside cells
                for a in cell.css("a[href]"):
                    href = (a.attributes.get("href") or "").strip()
                    if re.match(r"(?i)https?://", href):
                        self.out.links.append((href, clean_line(a.text(deep=True) or "")))


def _rows(table: LexborNode) -> list[LexborNode]:
    rows = []
    for child in table.iter():
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child.iter() if c.tag == "tr")
    return rows


def _cell_text(cell: LexborNode) -> str:
    """A table cell's text on one line: its blocks joined by a space."""
    builder = _Builder()
    builder.walk(cell)
    builder.flush()
    return " ".join(b.text.replace("\n", " ") for b in builder.out.blocks)


def html_blocks(html: str) -> HtmlText:
    """The text blocks and links of an HTML fragment."""
    if not html or not html.strip():
        return HtmlText()
    tree = LexborHTMLParser(html)
    builder = _Builder()
    if tree.body is not None:
        builder.walk(tree.body)
    builder.flush()
    return builder.out


def blocks_text(blocks: list[Block]) -> str:
    """Blocks as text: paragraphs apart by a blank line, list items and table rows one a line."""
    parts: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if previous is not None:
            tight = block.kind == previous.kind and block.kind in ("item", "row") and not block.opens
            parts.append("\n" if tight else "\n\n")
        parts.append(block.text)
        previous = block
    return "".join(parts)
