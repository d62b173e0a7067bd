"""What the 25 Nov 2022 KKR Hovedstaden referat says, checked by hand against the source text.

Shared by the text and PDF ingest tests: (number, title, start page, decision page, decision).
"""

BODY = "KKR Hovedstaden"
DATE = "2022-11-25"
PAGES = 32

ITEMS = [
    ('1.1', 'Godkendelse af dagsorden', 5, 5,
     (
         'Dagsordenen blev godkendt med tilføjelse af et punkt 3.9 om den aktive '
         'beskæftigelsesindsats.'
     )),
    ('1.2', 'Godkendelse af referat', 5, 5,
     (
         'Referatet blev godkendt.'
     )),
    ('2.1', 'Siden sidst', 6, None,
     ""),
    ('3.1', 'Erhvervshus Hovedstadens resultatkontrakt 2023', 9, 10,
     (
         'Formand for bestyrelsen Henrik Rasmussen bemærkede indledningsvist, at '
         'resultatkontrakten havde et strategisk fokus på, at Erhvervshusets indsatser målrettes '
         'områder og virksomheder, hvor der kan opnås mest effekt med afsæt i virksomhederne '
         'behov og med fokus på virksomheder med vækstpotentiale. Direktør Katrine Paaby Joensen '
         'præsenterede Erhvervshusets strategiske indsatser og opgaver med at tilbyde '
         'specialiseret vejledning og gav et indblik i virksomhedernes behov i Hovedstaden som '
         'afsæt for præsentation af resultat-kontrakten, jf. slides.\n\nKKR Hovedstaden drøftede '
         'perspektiver for Erhvervshusets opgaver, blandt andet i forhold til digitalisering, '
         'grøn omstilling, arbejdskraftsbehov og partnerskaber, der understøtter indsatserne. '
         'KKR-formandskabet bemærkede, at Erhvervshuset har til opgave at understøtte det '
         'sammenhængende arbejdsmarked og bosætning i hele hovedstadsområdet. KKR Hovedstaden '
         'godkendte resultatkontrakten.'
     )),
    ('3.2', 'Kommende erhvervsfremmestrategi 2024-2027', 10, 12,
     (
         'Sagen behandles på KKR-mødet i februar 2023, herunder med en proces for inddragelse af '
         'aktører i forhold til udarbejdelse af strategiens regionale kapitel. KKR Hovedstaden '
         'tog orienteringen til efterretning.'
     )),
    ('3.3', 'KKR Hovedstadens VIP-klimaprojekter', 12, 14,
     (
         'KKR Hovedstaden tog orienteringen til efterretning.'
     )),
    ('3.4', 'DK2020-klimapartnerskabet efter 2023', 14, 17,
     (
         'KKR Hovedstaden tiltrådte indstillingen med en supplerende indstilling på anmodning fra '
         'den konservative gruppe: Indstillingen godkendes, med præcisering af, at der med '
         'indstillingspunkt 2 og 3 gives tilsagn til en forsættelse af en regional organisering '
         'på samme niveau som i dag, i et fornyet klimapartnerskab mellem KL, regionerne og '
         'Realdania, idet det forudsættes at hvile på en stærk decentral forankring.'
     )),
    ('3.5', 'Klimaaftale og energiforsyningsområdet', 17, 19,
     (
         'KKR Hovedstaden tog orienteringen til efterretning.'
     )),
    ('3.6', 'Fælles prioriterede infrastrukturprojekter i hovedstadsområdet (VIP)', 20, 23,
     (
         'Morten Winge introducerede status ift. hovedstadsprojekterne i Infrastrukturplan 2035 '
         'samt oplægget til vision, pejlemærker samt mobilitetsanalyse, jf. slides. KKR '
         'Hovedstaden drøftede oplægget med synspunkter om især behovet for støjreduktion samt '
         'blandt andet anlæggelse af motorveje, klima og investeringer i cyklisme samt en '
         'opmærksomhed på, at arbejdskraftmanglen kunne få betydning for igangsættelse af '
         'infrastrukturprojekter. Flere KKR-medlemmer pegede på behovet for kompromisser for at '
         'kunne nå til enighed om en fælles retning for fremtidige fælles infrastrukturprojekter. '
         'KKR vil på KKR-mødet i februar 2023 fortsætte drøftelserne om fælles prioriterede '
         'infrastrukturprojekter. KKR vil på den baggrund få fremlagt en justeret udgave af '
         'visionsnotatet på KKR-mødet i februar 2023.\n\nKKR tiltrådte indstillingen om vision og '
         'pejlemærker med en justering i forhold til støjudfordringer. KKR Hovedstaden tiltrådte '
         'desuden indstillingen om igangsættelse af en mobilitetsanalyse med en styregruppe, hvor '
         'KKR-formanden er formand.\n\nEnhedslisten bad for en ordens skyld at få protokolleret, at '
         'partiet stadig ikke bakker op om de infrastrukturprojekter, som indebærer udbygning af '
         'motorvejsnettet.'
     )),
    ('3.7', 'Justering af KKR Hovedstadens fælles uddannelsesstrategi', 23, 25,
     (
         'KKR Hovedstaden godkendte indstillingen.'
     )),
    ('3.8', 'Dimensionering på SOSU-området for 2023', 25, 27,
     (
         'KKR Hovedstaden drøftede kort kommunernes udfordringer med rekruttering og fastholdelse '
         'af elever på området og bemærkede, at dette var relevant at arbejde med i regi af '
         'embedsmandsudvalget. KKR Hovedstaden tiltrådte indstillingen.'
     )),
    ('3.9', 'Den aktive beskæftigelsesindsats', 27, 27,
     (
         'Allan S. Andersen, medlem af KL’s Arbejdsmarkeds- og Borgerserviceudvalg, præsenterede '
         'KL’s position i forhold til aktive beskæft igelsesindsats, jf. slides. KKR Hovedstaden '
         'tog oplægget til efterretning.'
     )),
    ('4.1', 'Udpegning af repræsentanter til Regions Hovedstadens opgaveudvalg ”Rejsen med bus, tog og cykler i Region Hovedstaden”', 28, 29,
     (
         'KKR Hovedstaden indstillede Søren Friis Trebbien (C), Hvidovre Kommune og Kasper '
         'Damsgaard (A), Glostrup Kommune.'
     )),
    ('5', 'KKR', 30, None,
     ""),
    ('6.1', 'Punkter til næste møde', 31, 31,
     (
         'KKR Hovedstaden tog orienteringen til efterretning.'
     )),
    ('7', 'Eventuelt', 32, None,
     ""),
]
