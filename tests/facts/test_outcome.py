"""Decision facts: every decision of the real referat, and variants in the usual forms."""
from __future__ import annotations

import pytest

from bot.facts.outcome import add_decision_facts, classify_decision, find_dissent, is_follow_up, is_formal
from bot.model import OUTCOMES, STAGES

# Checked by hand against data/referater/kkr-hovedstaden-2022-11-25-referat.txt:
# number -> (outcome, stage, formal, dissenters, follow-up sentence openings)
REAL = {
    "1.1": ("godkendt", "endelig", True, [], []),
    "1.2": ("godkendt", "endelig", True, [], []),
    "2.1": ("ingen beslutning", None, False, [], []),
    "3.1": ("godkendt", "endelig", False, [], []),
    "3.2": ("taget til efterretning", "endelig", False, [], ["Sagen behandles på KKR-mødet i februar 2023"]),
    "3.3": ("taget til efterretning", "endelig", False, [], []),
    "3.4": ("tiltrådt", "endelig", False, [], []),
    "3.5": ("taget til efterretning", "endelig", False, [], []),
    "3.6": ("tiltrådt", "endelig", False, ["Enhedslisten"], [
        "KKR vil på KKR-mødet i februar 2023 fortsætte drøftelserne",
        "KKR vil på den baggrund få fremlagt en justeret udgave af visionsnotatet på KKR-mødet i februar 2023",
    ]),
    "3.7": ("godkendt", "endelig", False, [], []),
    "3.8": ("tiltrådt", "endelig", False, [], []),
    "3.9": ("taget til efterretning", "endelig", False, [], []),
    "4.1": ("udpeget", "indstilling", False, [], []),
    "5": ("ingen beslutning", None, False, [], []),
    "6.1": ("taget til efterretning", "endelig", False, [], []),
    "7": ("ingen beslutning", None, False, [], []),
}


def test_every_item_of_the_real_referat_is_covered(meeting):
    assert [i.number for i in meeting.items] == list(REAL)


@pytest.mark.parametrize("number", list(REAL))
def test_real_decision_facts(meeting, number):
    item = next(i for i in meeting.items if i.number == number)
    outcome, stage, formal, who, follow_up = REAL[number]
    assert (item.outcome, item.stage, item.formal) == (outcome, stage, formal)
    assert [d.who for d in item.dissent] == who
    assert len(item.follow_up) == len(follow_up)
    for sentence, opening in zip(item.follow_up, follow_up, strict=True):
        assert sentence.startswith(opening)
        assert sentence in item.decision  # verbatim
    for d in item.dissent:
        assert d.text in item.decision


def test_enhedslisten_dissent_is_the_verbatim_sentence(meeting):
    item = next(i for i in meeting.items if i.number == "3.6")
    assert item.dissent[0].text == (
        "Enhedslisten bad for en ordens skyld at få protokolleret, at partiet stadig ikke bakker op "
        "om de infrastrukturprojekter, som indebærer udbygning af motorvejsnettet."
    )


def test_facts_use_only_the_shared_vocabulary(meeting):
    for item in meeting.items:
        assert item.outcome in OUTCOMES
        assert item.stage is None or item.stage in STAGES


def test_operative_sentence_wins_over_discussion_and_presentation(meeting):
    by_number = {i.number: i for i in meeting.items}
    facts = classify_decision(by_number["3.1"].decision, body=meeting.body, meeting_date=meeting.date)
    assert facts.operative == ["KKR Hovedstaden godkendte resultatkontrakten."]
    facts = classify_decision(by_number["3.6"].decision, body=meeting.body, meeting_date=meeting.date)
    assert [s[:30] for s in facts.operative] == ["KKR tiltrådte indstillingen om", "KKR Hovedstaden tiltrådte desu"]
    # 3.4: "tiltrådte indstillingen …: Indstillingen godkendes" – the first operative verb wins.
    assert classify_decision(by_number["3.4"].decision).outcome == "tiltrådt"


# Variants written from the usual forms in Danish minutes.
VARIANTS = [
    ("Godkendt.", "godkendt", "endelig"),
    ("Indstillingen blev godkendt.", "godkendt", "endelig"),
    ("Økonomiudvalget godkendte indstillingen.", "godkendt", "endelig"),
    ("Tiltrådt.", "tiltrådt", "endelig"),
    ("Indstillingen tiltrædes.", "tiltrådt", "endelig"),
    ("Udvalget tiltrådte indstillingen med de faldne bemærkninger.", "tiltrådt", "endelig"),
    ("Taget til efterretning.", "taget til efterretning", "endelig"),
    ("Orienteringen blev taget til efterretning.", "taget til efterretning", "endelig"),
    ("KKR tog oplægget til efterretning.", "taget til efterretning", "endelig"),
    ("Sagen blev taget til orientering.", "taget til efterretning", "endelig"),
    ("Drøftet.", "drøftet", "endelig"),
    ("KKR Hovedstaden drøftede sagen og de faldne synspunkter.", "drøftet", "endelig"),
    ("Udsat.", "udsat", "endelig"),
    ("Punktet blev udsat.", "udsat", "endelig"),
    ("Sagen behandles på et senere møde.", "udsat", "endelig"),
    ("KKR drøftede sagen, som genoptages på næste møde.", "udsat", "endelig"),
    ("KKR besluttede at udsætte punktet til næste møde.", "udsat", "endelig"),
    ("Sagen oversendes til KL's bestyrelse til orientering.", "oversendt", "endelig"),
    ("Sagen oversendes til Byrådet.", "oversendt", "indstilling"),
    ("KKR udpegede borgmester Jens Hansen (V), Furesø Kommune.", "udpeget", "endelig"),
    ("KKR valgte Region Hovedstaden som vært for konferencen.", "andet", "endelig"),
    ("Mette Jensen (A) blev udpeget som formand.", "udpeget", "endelig"),
    ("KKR Hovedstaden indstillede Anne Berg (F), Gladsaxe Kommune.", "udpeget", "indstilling"),
    ("Økonomiudvalget indstiller til Byrådet, at indstillingen godkendes.", "godkendt", "indstilling"),
    ("Udvalget anbefaler over for Kommunalbestyrelsen, at forslaget vedtages.", "tiltrådt", "indstilling"),
    ("Indstillingen godkendes og sendes til endelig godkendelse i Regionsrådet.", "godkendt", "indstilling"),
    ("Besluttet som indstillet.", "godkendt", "endelig"),  # decided as recommended: final
    ("Anbefales.", "tiltrådt", "indstilling"),  # a committee recommending to the council
    ("Indstillingen blev ikke godkendt.", "ikke godkendt", "endelig"),
    ("Udvalget kunne ikke tiltræde indstillingen.", "ikke godkendt", "endelig"),
    ("Forslaget blev forkastet.", "ikke godkendt", "endelig"),
    ("Formanden takkede for oplægget.", "andet", "endelig"),
    ("Borgmesteren orienterede om, at bestyrelsen havde godkendt budgettet.", "andet", "endelig"),
    ("I overensstemmelse med den godkendte strategi blev sagen drøftet.", "drøftet", "endelig"),
    ("", "ingen beslutning", None),
    ("   \n", "ingen beslutning", None),
]


@pytest.mark.parametrize("decision, outcome, stage", VARIANTS)
def test_outcome_and_stage_variants(decision, outcome, stage):
    facts = classify_decision(decision, body="KKR Hovedstaden", meeting_date="2022-11-25")
    assert (facts.outcome, facts.stage) == (outcome, stage)


DISSENT = [
    ("Indstillingen blev godkendt. Morten Hansen (Ø) stemte imod.", "godkendt", ["Morten Hansen (Ø)"]),
    ("Indstillingen blev godkendt, idet Enhedslisten stemte imod.", "godkendt", ["Enhedslisten"]),
    ("Socialdemokratiets byrådsgruppe kunne ikke tiltræde indstillingen. Indstillingen blev i øvrigt godkendt.",
     "godkendt", ["Socialdemokratiets byrådsgruppe"]),
    ("Tiltrådt. Dansk Folkeparti tog forbehold.", "tiltrådt", ["Dansk Folkeparti"]),
    ("Tiltrådt. Liberal Alliance ønskede sin mindretalsudtalelse ført til protokol.", "tiltrådt", ["Liberal Alliance"]),
    ("Enhedslisten bad om at få protokolleret, at partiet er imod projektet. Godkendt.", "godkendt", ["Enhedslisten"]),
    ("Godkendt. Imod stemte: Ø og F.", "godkendt", ["Ø og F"]),
    ("Indstillingen godkendt med undtagelse af Ø, der stemte imod.", "godkendt", ["Ø"]),
    ("Anbefales. Venstres gruppe undlod at stemme.", "tiltrådt", ["Venstres gruppe"]),
    # The body's own reservation is a condition of its decision, not dissent.
    ("KKR tog forbehold for finansieringen og godkendte indstillingen.", "godkendt", []),
    ("Udvalget kunne ikke tiltræde indstillingen.", "ikke godkendt", []),
    # Others' views reported in the decision are not dissent in the minutes.
    ("KKR Hovedstaden drøftede sagen og bemærkede, at regionen er imod forslaget.", "drøftet", []),
    ("Godkendt, idet et mindretal (Ø) stemte imod.", "godkendt", ["et mindretal (Ø)"]),
]


@pytest.mark.parametrize("decision, outcome, who", DISSENT)
def test_dissent_forms(decision, outcome, who):
    facts = classify_decision(decision, body="KKR Hovedstaden", meeting_date="2022-11-25")
    assert facts.outcome == outcome
    assert [d.who for d in facts.dissent] == who
    for d in facts.dissent:
        assert d.text in decision  # the verbatim sentence


def test_find_dissent_returns_where_the_clause_starts():
    sentence = "Indstillingen blev godkendt, idet Enhedslisten stemte imod."
    dissent, start = find_dissent(sentence)
    assert sentence[start:].startswith("Enhedslisten stemte imod")
    assert dissent.who == "Enhedslisten" and dissent.text == sentence
    assert find_dissent("KKR Hovedstaden godkendte indstillingen.") is None


@pytest.mark.parametrize("sentence, expected", [
    ("Sagen behandles på KKR-mødet i februar 2023.", True),
    ("Sagen behandles på KKR-mødet i februar.", True),  # the next February
    ("Sagen genoptages på et senere tidspunkt.", True),
    ("Punktet drøftes igen på næste møde.", True),
    ("Forslaget forelægges på mødet den 8. februar 2023.", True),
    ("Sagen blev drøftet på mødet i september 2022.", False),
    ("KKR Hovedstaden tog orienteringen til efterretning.", False),
    ("Der holdes et arrangement den 14. december.", False),  # a date, but not a meeting
])
def test_follow_up(sentence, expected):
    assert is_follow_up(sentence, "2022-11-25") is expected


@pytest.mark.parametrize("title, decision, expected", [
    ("Godkendelse af dagsorden", "Dagsordenen blev godkendt.", True),
    ("Godkendelse af referat", "Referatet blev godkendt.", True),
    ("Godkendelse af referat fra sidste møde", "", True),
    ("Underskrift af beslutningsprotokol", "Underskrevet.", True),
    ("Dagsorden", "Dagsordenen blev godkendt med en tilføjelse.", True),
    ("Erhvervshus Hovedstadens resultatkontrakt 2023", "KKR Hovedstaden godkendte resultatkontrakten.", False),
    ("Godkendelse af regnskab 2022", "Godkendt.", False),
])
def test_formal(title, decision, expected):
    assert is_formal(title, decision) is expected


def test_decision_text_is_never_changed(meeting):
    from tests.ingest import expected_kkr_2022_11_25 as expected

    assert [i.decision for i in meeting.items] == [row[4] for row in expected.ITEMS]


def test_decision_in_several_stages_is_judged_by_the_final_body():
    decision = (
        "Beslutning i Økonomiudvalget den 12-03-2024:\nAnbefales over for Byrådet.\n\n"
        "Beslutning i Byrådet den 27-03-2024:\nGodkendt med 19 stemmer for og 6 imod.\n\n"
        "Enhedslisten og SF stemte imod."
    )
    facts = classify_decision(decision, "Lokalplan nr. 212", "Byrådet", "2024-03-27")
    assert (facts.outcome, facts.stage) == ("godkendt", "endelig")
    assert facts.operative == ["Godkendt med 19 stemmer for og 6 imod."]
    assert [d.who for d in facts.dissent] == ["Enhedslisten og SF"]
    # The committee stage alone is a recommendation.
    committee = classify_decision("Anbefales over for Byrådet.", "Lokalplan nr. 212", "Økonomiudvalget")
    assert (committee.outcome, committee.stage) == ("tiltrådt", "indstilling")


def test_bevilget_is_approval():
    assert classify_decision("Bevilget med 150.000 kr.").outcome == "godkendt"


def test_dissent_in_a_subordinate_clause():
    facts = classify_decision("Punkt 2 blev godkendt, idet Erik Vang (F) ikke kunne tiltræde.")
    assert facts.outcome == "godkendt"
    assert [d.who for d in facts.dissent] == ["Erik Vang (F)"]


def test_dissent_has_the_page_of_its_sentence(meeting, referat_text):
    from bot.knowledge.sources import ingest_bytes
    from tests.ingest.text_variants import decision_over_two_pages

    (real,) = next(i for i in meeting.items if i.number == "3.6").dissent
    assert real.page == 23  # the decision stands on page 23
    moved = next(i for i in ingest_bytes(decision_over_two_pages(referat_text).encode(), "kkr.txt").items
                 if i.number == "3.6")
    (dissent,) = moved.dissent
    assert (moved.decision_page, dissent.page, dissent.text) == (23, 24, real.text)


# FirstAgenda's usual decisions (Greve Kommune's minutes).
@pytest.mark.parametrize("decision, outcome, stage", [
    ("Godkendt.", "godkendt", "endelig"),
    ("Anbefales.", "tiltrådt", "indstilling"),
    ("1.-3. Anbefales.", "tiltrådt", "indstilling"),
    ("1. Godkendt\n\n2.-4. Anbefales", "godkendt", "indstilling"),  # the committee decides 1, recommends 2-4
    ("Oversendes til Byrådet.", "oversendt", "indstilling"),
    ("Oversendes til Økonomiudvalget og Byrådet med anbefaling.", "oversendt", "indstilling"),
    ("Udsat.", "udsat", "endelig"),
    ("Sagen blev taget af dagsordenen.", "udsat", "endelig"),
    ("Taget til efterretning.", "taget til efterretning", "endelig"),
    ("Orienteringen blev taget til efterretningen.", "taget til efterretning", "endelig"),
    ("Ikke godkendt.", "ikke godkendt", "endelig"),
    ("1-4 Ikke godkendt. Sagen sendes tilbage til fornyet behandling i fagudvalg.", "ikke godkendt", "endelig"),
    ("Byrådet godkendte Økonomiudvalgets indstilling.", "godkendt", "endelig"),
    ("Økonomiudvalget anbefaler overfor Byrådet, at administrationens indstilling godkendes.", "tiltrådt",
     "indstilling"),
    ("Byrådet sendte sagen til realitetsbehandling i Økonomiudvalget.", "oversendt", "endelig"),
    ("Sagen sendes tilbage til fornyet behandling i fagudvalg.", "oversendt", "endelig"),
    ("Udvalget beslutter, at administrationen genfremlægger sagen.", "godkendt", "endelig"),
])
def test_firstagenda_decisions(decision, outcome, stage):
    facts = classify_decision(decision, body="Økonomiudvalget", meeting_date="2024-03-12")
    assert (facts.outcome, facts.stage) == (outcome, stage)


def test_votes_read_at_ingest_are_dissent_named_by_party():
    from bot.model import Item, Meeting, Vote

    item = Item(number="1", title="X", page=1, decision="Godkendt.",
                votes=[Vote("for", ["V", "A"], "For stemte (V) og (A)."), Vote("imod", ["Ø"], "Imod stemte: Ø"),
                       Vote("undlod", ["F"], "(F) undlod at stemme.")])
    add_decision_facts(Meeting(body="Greve Byråd", date="2024-01-29", items=[item]))
    assert [(d.who, d.text) for d in item.dissent] == [("Ø", "Imod stemte: Ø"), ("F", "(F) undlod at stemme.")]


def test_a_vote_in_the_decision_is_one_dissent_named_by_the_vote():
    from bot.model import Item, Meeting, Vote

    text = "Imod stemte:\n(F) med bemærkning om, ”at SF stemmer imod, da vi ønsker åbent”"
    item = Item(number="1", title="X", page=1, decision="Godkendt.\n\n" + text.replace("\n", "\n\n"),
                votes=[Vote("imod", ["F"], text)])
    add_decision_facts(Meeting(body="Greve Byråd", date="2024-01-29", items=[item]))
    assert [d.who for d in item.dissent] == ["F"]
