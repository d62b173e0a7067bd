"""Variants of the real referat's extracted text, for layouts the real document does not have.

In the text layout a page starts at a line that begins with a space right after the line
before (no blank line between); moving that mark moves the page break, and the page count
stays the same, so the printed `SIDE | N` headers still agree with it.
"""
from __future__ import annotations


def move_page_start(text: str, old: str, new: str, after: str = "") -> str:
    """The text with the page that starts at the line `old` starting at the line `new` instead.

    `old` then opens a paragraph on the page before; `new` (the first line of that text after
    `after`, a line of its own after a blank line) opens the page, right after the line of
    text before it.
    """
    old_at = text.index("\n " + old)
    text = text[:old_at] + "\n\n \n\n" + old + text[old_at + 2 + len(old):]
    new_at = text.index("\n\n" + new, text.index(after))
    # Right after the last line of text: the blank and lone-space lines between go.
    return text[:new_at].rstrip(" \n") + " \n " + new + text[new_at + 2 + len(new):]


def decision_over_two_pages(text: str) -> str:
    """The real referat with item 3.6's decision running from page 23 onto page 24.

    The page break moves from above 3.7's `Baggrund` into 3.6's decision, inside the word
    `for-hold` of its second paragraph, so that paragraph's end and Enhedslisten's protocol
    note stand on page 24, and so do item 3.7's heading and case number.
    """
    return move_page_start(text, "Baggrund", "hold til støjudfordringer.")


def decision_on_the_next_page(text: str) -> str:
    """The real referat with item 4.1's `Beslutning` opening page 30 (and item 5 after it there).

    The appointments the decision makes then stand on page 30, the ones its Sagsfremstilling
    reports on page 29.
    """
    return move_page_start(text, "5. KKR", "Beslutning", after="./. Kommissorium for opgaveudvalg")
