"""Denmark's 98 municipalities, by name: a question naming one names a place the minutes
must be from or about ("Hvad har Køge Kommune besluttet …", "Roskilde Byråd")."""
from __future__ import annotations

from bot.search.normalize import fold

_NAMES = """
København Frederiksberg Albertslund Ballerup Brøndby Dragør Gentofte Gladsaxe Glostrup Herlev
Hvidovre Høje-Taastrup Ishøj Lyngby-Taarbæk Rødovre Tårnby Vallensbæk Allerød Egedal Fredensborg
Frederikssund Furesø Gribskov Halsnæs Helsingør Hillerød Hørsholm Rudersdal Bornholm Greve Køge
Lejre Roskilde Solrød Faxe Guldborgsund Holbæk Kalundborg Lolland Næstved Odsherred Ringsted
Slagelse Sorø Stevns Vordingborg Assens Faaborg-Midtfyn Kerteminde Middelfart Nordfyns Nyborg
Odense Svendborg Ærø Langeland Billund Esbjerg Fanø Fredericia Haderslev Kolding Sønderborg
Tønder Varde Vejen Vejle Aabenraa Favrskov Hedensted Horsens Norddjurs Odder Randers Samsø
Silkeborg Skanderborg Syddjurs Aarhus Herning Holstebro Ikast-Brande Lemvig Ringkøbing-Skjern
Skive Struer Viborg Brønderslev Frederikshavn Hjørring Jammerbugt Læsø Mariagerfjord Morsø
Rebild Thisted Vesthimmerlands Aalborg
""".split()

# Folded name ('kobenhavn', 'hoje-tastrup') -> the name as written.
MUNICIPALITIES: dict[str, str] = {fold(name): name for name in _NAMES}
MUNICIPALITIES[fold("Københavns")] = "København"
assert len(_NAMES) == 98


def municipality_key(name: str | None) -> str | None:
    """A municipality as compared: 'Greve Kommune' -> 'greve'; None when it is none of the 98."""
    if not name:
        return None
    words = name.split()
    if words and fold(words[-1]) in ("kommune", "kommunes"):
        words = words[:-1]
    key = fold(" ".join(words))
    return key if key in MUNICIPALITIES else None
