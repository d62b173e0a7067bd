"""Acronyms the referat defines itself become aliases."""
from __future__ import annotations

from bot.search.acronyms import find_acronyms


def test_acronyms_defined_in_the_real_referat(referat_text):
    found = {acronym: definition for acronym, definition in find_acronyms(referat_text)}
    # The raw text breaks "Sundhedssamarbejds-" over two lines once; that is joined too.
    assert ("SSU", ["Sundhedssamarbejdsudvalget"]) in find_acronyms(referat_text[referat_text.index("Sisse Marie"):])
    assert found["SSU"] == ["Sundhedssamarbejdsudvalget"]
    assert found["DEB"] == ["Danmarks", "Erhvervsfremmebestyrelses"]
    assert found["VUB"] == ["Vækst", "Uddannelse", "og", "Beskæftigelse"]
    assert found["NOST"] == ["Nationale", "Operative", "Stab"]
    assert found["FEVU"] == ["Fællesudvalget", "for", "Erhvervsrettede", "Velfærdsuddannelser"]
    # "(VIP)" is not spelled out by the words before it; party letters are not acronyms.
    assert "VIP" not in found and "C" not in found and "A" not in found


def test_no_definition_from_unrelated_words():
    assert find_acronyms("Hus (HUS) og møde i Glostrup (SSU)") == []
    assert find_acronyms("ingen parenteser her") == []
    assert find_acronyms("(ufærdig") == []
