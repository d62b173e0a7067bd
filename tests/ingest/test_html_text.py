"""HTML fields as clean text: blocks, whitespace, lists, tables, links."""
from __future__ import annotations

from bot.ingest.html_text import blocks_text, html_blocks


def text(html: str) -> str:
    return blocks_text(html_blocks(html).blocks)


def test_paragraphs_and_headings():
    blocks = html_blocks("<h4>Økonomiske\r\nkonsekvenser</h4><p>Sagen har&nbsp;ingen\n økonomiske   konsekvenser.</p>"
                         "<div>Anden <b>del</b>.</div>").blocks
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("heading", 4, "Økonomiske konsekvenser"),
        ("para", 0, "Sagen har ingen økonomiske konsekvenser."),
        ("para", 0, "Anden del."),
    ]


def test_sloppy_word_html_reads_as_a_browser_would():
    # <p> around <div>, a <span> holding whole sections, empty tags and paragraphs.
    html = ("<span class='ukendt'><p class='x'><div><h2>Resume</h2></div><p>Tekst.</p><p>&nbsp;</p><b></b>"
            "<h2></h2><h2><div> </div></h2></span>")
    assert [(b.kind, b.text) for b in html_blocks(html).blocks] == [("heading", "Resume"), ("para", "Tekst.")]


def test_line_breaks_stay_inside_a_block():
    assert text("<p>Første linje<br>anden linje<br><br></p>") == "Første linje\nanden linje"


def test_lists_keep_their_markers():
    html = ("<p>Følgende:</p><ul><li>en</li><li><p>to</p><p>fortsat</p></li></ul>"
            "<ol><li>første</li><li>anden<ol type='a'><li>under</li></ol></li></ol>"
            "<ol start='3' style='list-style-type: lower-roman;'><li>tre</li></ol>")
    assert text(html) == ("Følgende:\n\n- en\n- to\n  fortsat\n\n1. første\n2. anden\n  a. under\n\niii. tre")


def test_word_bullets_become_list_items():
    assert text("<p>·&nbsp;&nbsp;&nbsp;Første</p><p>•  Anden</p><p>- Tredje</p>") == "- Første\n- Anden\n- Tredje"
    assert text("<p>§ 17, stk. 4 gælder.</p>") == "§ 17, stk. 4 gælder."


def test_tables_are_rows_of_cells():
    html = ("<table><tbody><tr><td><div>Placering</div></td><td><p>2020</p><p>(1. kvt.)</p></td></tr>"
            "<tr><td>Alle</td><td></td></tr><tr><td> </td><td> </td></tr></tbody></table><p>Efter.</p>")
    assert text(html) == "Placering | 2020 (1. kvt.)\nAlle | \n\nEfter."


def test_links_are_collected():
    result = html_blocks('<p>Se <a href="https://greve.dk/x">siden</a> og <a href="mailto:a@b.dk">mail</a>.</p>'
                         '<table><tr><td><a href="http://www.greve.dk/">greve.dk</a></td></tr></table>')
    assert result.links == [("https://greve.dk/x", "siden"), ("http://www.greve.dk/", "greve.dk")]
    assert blocks_text(result.blocks) == "Se siden og mail.\n\ngreve.dk"


def test_empty_and_blank_html():
    assert html_blocks("").blocks == [] and html_blocks("  \r\n ").blocks == []
    assert text("<div><div id='sagsfremstillingContainer'>\r\n\r\n\r\n</div></div>") == ""


def test_scripts_styles_and_images_carry_no_text():
    assert text("<style>p {color: red}</style><p>Tekst<img src='x.png' alt='logo'></p><script>x()</script>") == "Tekst"
