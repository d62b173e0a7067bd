"""The three tiers (bot/search/tiers.py) and the parties (bot/search/parties.py)."""
from __future__ import annotations

from bot.search.parties import party_letter, party_mentions, vote_parties
from bot.search.tiers import NEAR, NEAR_THRESHOLD, SVAR, SVAR_THRESHOLD, penalised, tier_of


def test_tiers():
    assert tier_of(SVAR_THRESHOLD, 0, lead=0.1, keyword=0.6, dense=0.85) == SVAR
    assert tier_of(0.99, 1, lead=0.5, keyword=1.0, dense=0.95) == NEAR  # it lacks what the question pins down
    assert tier_of(0.99, 0, lead=0.01, keyword=0.7, dense=0.87) == NEAR  # another item matches alike
    assert tier_of(0.99, 0, lead=0.01, keyword=0.95, dense=0.9) == SVAR  # ... but both rankings are sure
    assert tier_of(NEAR_THRESHOLD, 0, keyword=0.3, dense=0.85) == NEAR
    assert tier_of(NEAR_THRESHOLD - 0.01, 0, keyword=0.3, dense=0.85) is None
    # No word of the question in the item: the dense ranking alone, never svar.
    assert tier_of(0.9, 0, lead=0.5, keyword=0.0, dense=0.87) is None
    assert tier_of(0.9, 0, lead=0.5, keyword=0.0, dense=0.9) == NEAR
    assert penalised(0.8, 0) == 0.8 and penalised(0.8, 2) < penalised(0.8, 1) < 0.8


def test_parties_by_name_and_letter():
    assert [letter for *_, letter in party_mentions("Hvorfor stemte Enhedslisten og de konservative imod?")] == [
        "Ø", "C"]
    assert [letter for *_, letter in party_mentions("hvorfor stemte SF imod, og hvad sagde (V)?")] == ["F", "V"]
    assert party_mentions("Hvornår åbner S-togsstationen, og kom sf med?") == []  # "sf" in lower case is no party
    assert party_letter("Liselott Blixt (UP-1)") is None and party_letter("Mehmet Zeki Dogru (Ø)") == "Ø"
    assert vote_parties(["Ø", "Liselott Blixt (UP-1)", "(V)", "Mehmet Zeki Dogru (Ø)", "F"]) == ["Ø", "V", "F"]
