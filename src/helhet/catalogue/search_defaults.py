"""Default search words for the citizens' page: everyday words (what people say) → the services they mean.

Data a municipality changes afterwards on «Søkeord»; this is only the starting point. The service names are
those of `defaults.SERVICES`; a word whose services a municipality has renamed or removed is left out.
"""

HELSESTASJON = "Helsestasjon"
SKOLE = "Skolehelsetjeneste"
JORDMOR = "Svangerskaps- og barselomsorg"
TRIO = "Triosamtaler"
FRISKLIV = "Frisklivssentral"
LAVTERSKEL = "Lavterskel samtaletilbud psykisk helse og rus"
FASTLEGE = "Fastlege"
LEGEVAKT = "Legevakt"
KRISE = "Psykososial beredskap"
FYSIO = "Fysioterapi"
ERGO = "Ergoterapi og hjelpemidler"
HVERDAGSREHAB = "Hverdagsrehabilitering"
ALARM = "Trygghetsalarm"
MAT = "Matombringing"
STOTTEKONTAKT = "Støttekontakt"
PRAKTISK = "Praktisk bistand – daglige gjøremål"
OPPLAERING = "Praktisk bistand – opplæring"
HJEMMESYKEPLEIE = "Helsetjenester i hjemmet"
DAGSENTER = "Dagaktivitetstilbud for hjemmeboende med demens"
OMSORGSSTONAD = "Omsorgsstønad"
PAARORENDE = "Opplæring og veiledning for pårørende"
AVLASTNING = "Avlastning utenfor institusjon"
BPA = "Brukerstyrt personlig assistanse (BPA)"
AVLASTNING_INST = "Avlastning i institusjon"
KORTTID = "Korttidsopphold i sykehjem"
REHAB = "Rehabiliteringsopphold i institusjon"
OYEBLIKKELIG = "Øyeblikkelig hjelp døgnopphold"
BOLIG = "Bolig med heldøgns tjenester"
LANGTID = "Langtidsopphold i sykehjem"
KOORDINATOR = "Koordinator og individuell plan"
SOSIALHJELP = "Økonomisk sosialhjelp"
RAD = "Opplysning, råd og veiledning, økonomisk rådgivning"
KVP = "Kvalifiseringsprogram"
BOTILBUD = "Midlertidig botilbud"

SEARCH_TERMS: dict[str, tuple[str, ...]] = {
    # Help at home
    "hjemmehjelp": (PRAKTISK,),
    "vaske": (PRAKTISK,),
    "vaskehjelp": (PRAKTISK,),
    "rengjøring": (PRAKTISK,),
    "vaske huset": (PRAKTISK,),
    "støvsuge": (PRAKTISK,),
    "husarbeid": (PRAKTISK, OPPLAERING),
    "handle": (PRAKTISK,),
    "handle mat": (PRAKTISK, MAT),
    "innkjøp": (PRAKTISK,),
    "klesvask": (PRAKTISK,),
    "lære å klare meg selv": (OPPLAERING, HVERDAGSREHAB),
    "hjemmesykepleie": (HJEMMESYKEPLEIE,),
    "hjemmetjeneste": (HJEMMESYKEPLEIE, PRAKTISK),
    "sykepleier hjemme": (HJEMMESYKEPLEIE,),
    "medisiner": (HJEMMESYKEPLEIE,),
    "dosett": (HJEMMESYKEPLEIE,),
    "sårstell": (HJEMMESYKEPLEIE,),
    "dusje": (HJEMMESYKEPLEIE, BPA),
    "dusj": (HJEMMESYKEPLEIE, ERGO),
    "vaske meg": (HJEMMESYKEPLEIE,),
    "personlig stell": (HJEMMESYKEPLEIE, BPA),
    "kle på meg": (HJEMMESYKEPLEIE,),
    "påkledning": (HJEMMESYKEPLEIE,),
    "insulin": (HJEMMESYKEPLEIE,),
    "middag": (MAT,),
    "mat levert": (MAT,),
    "matombringing": (MAT,),
    "lage mat": (MAT, PRAKTISK),
    "trygghetsalarm": (ALARM,),
    "alarm": (ALARM,),
    "falle": (ALARM, FYSIO, HVERDAGSREHAB),
    "falt": (ALARM, FYSIO),
    "velferdsteknologi": (ALARM, ERGO),
    "utrygg hjemme": (ALARM,),
    "hjelpemidler": (ERGO,),
    "rullator": (ERGO,),
    "rullestol": (ERGO,),
    "seng": (ERGO,),
    "tilpasse boligen": (ERGO,),
    "ergoterapeut": (ERGO,),
    "fysioterapeut": (FYSIO,),
    "trening": (FYSIO, HVERDAGSREHAB, FRISKLIV),
    "opptrening": (HVERDAGSREHAB, REHAB, FYSIO),
    "rehabilitering": (HVERDAGSREHAB, REHAB),
    "vondt i ryggen": (FYSIO,),
    # Places to stay
    "sykehjem": (LANGTID, KORTTID),
    "sykehjemsplass": (LANGTID, KORTTID),
    "aldershjem": (LANGTID, BOLIG),
    "gamlehjem": (LANGTID,),
    "institusjon": (LANGTID, KORTTID),
    "omsorgsbolig": (BOLIG,),
    "bofellesskap": (BOLIG,),
    "heldøgns omsorg": (BOLIG, LANGTID),
    "korttidsplass": (KORTTID,),
    "etter sykehuset": (KORTTID, HVERDAGSREHAB, HJEMMESYKEPLEIE),
    "utskrevet": (KORTTID, HJEMMESYKEPLEIE),
    "demens": (DAGSENTER, LANGTID, PAARORENDE),
    "glemsk": (DAGSENTER, ALARM),
    "hukommelse": (DAGSENTER,),
    "dagsenter": (DAGSENTER,),
    "dagtilbud": (DAGSENTER,),
    "glemmer": (DAGSENTER, PAARORENDE, HJEMMESYKEPLEIE),
    "glemmer ting": (DAGSENTER, PAARORENDE),
    "alzheimer": (DAGSENTER, PAARORENDE, LANGTID),
    "gammel": (PRAKTISK, HJEMMESYKEPLEIE, ALARM, HVERDAGSREHAB, DAGSENTER),
    "eldre": (PRAKTISK, HJEMMESYKEPLEIE, ALARM, HVERDAGSREHAB, DAGSENTER),
    "pensjonist": (PRAKTISK, HJEMMESYKEPLEIE, ALARM, HVERDAGSREHAB),
    # Relatives, disability, coordination
    "avlastning": (AVLASTNING, AVLASTNING_INST, DAGSENTER),
    "avlaster": (AVLASTNING,),
    "pårørende": (PAARORENDE, AVLASTNING, OMSORGSSTONAD),
    "sliten pårørende": (AVLASTNING, PAARORENDE),
    "omsorgslønn": (OMSORGSSTONAD,),
    "omsorgsstønad": (OMSORGSSTONAD,),
    "betalt for å hjelpe mamma": (OMSORGSSTONAD,),
    "pleie foreldre": (OMSORGSSTONAD, AVLASTNING),
    "funksjonshemmet barn": (AVLASTNING, KOORDINATOR, STOTTEKONTAKT),
    "sliten": (LAVTERSKEL, AVLASTNING, FRISKLIV),
    "utslitt": (LAVTERSKEL, AVLASTNING),
    "kreft": (HJEMMESYKEPLEIE, KOORDINATOR, PAARORENDE, LAVTERSKEL),
    "alvorlig syk": (HJEMMESYKEPLEIE, KOORDINATOR, PAARORENDE),
    "adhd": (LAVTERSKEL, SKOLE, STOTTEKONTAKT, KOORDINATOR),
    "autisme": (AVLASTNING, KOORDINATOR, STOTTEKONTAKT, BPA),
    "autist": (AVLASTNING, KOORDINATOR, STOTTEKONTAKT, BPA),
    "bpa": (BPA,),
    "assistent": (BPA,),
    "personlig assistent": (BPA,),
    "støttekontakt": (STOTTEKONTAKT,),
    "fritid": (STOTTEKONTAKT,),
    "ensom": (STOTTEKONTAKT, LAVTERSKEL, DAGSENTER),
    "alene": (STOTTEKONTAKT, ALARM),
    "koordinator": (KOORDINATOR,),
    "individuell plan": (KOORDINATOR,),
    "mange tjenester": (KOORDINATOR,),
    "kontaktperson": (KOORDINATOR,),
    # Mental health and addiction
    "psykolog": (LAVTERSKEL,),
    "psykiatri": (LAVTERSKEL,),
    "psykisk": (LAVTERSKEL,),
    "psykisk helse": (LAVTERSKEL,),
    "samtale": (LAVTERSKEL, TRIO),
    "noen å snakke med": (LAVTERSKEL,),
    "deprimert": (LAVTERSKEL,),
    "depresjon": (LAVTERSKEL,),
    "angst": (LAVTERSKEL,),
    "nedstemt": (LAVTERSKEL,),
    "selvmordstanker": (LAVTERSKEL, LEGEVAKT),
    "selvmord": (LAVTERSKEL, LEGEVAKT, KRISE),
    "ta livet mitt": (LAVTERSKEL, LEGEVAKT, KRISE),
    "vold": (KRISE, LAVTERSKEL, LEGEVAKT),
    "overgrep": (KRISE, LAVTERSKEL, LEGEVAKT),
    "voldtatt": (LEGEVAKT, KRISE),
    "sorg": (LAVTERSKEL, KRISE),
    "krise": (KRISE,),
    "ulykke": (KRISE, LEGEVAKT),
    "rus": (LAVTERSKEL, HJEMMESYKEPLEIE, STOTTEKONTAKT, KOORDINATOR, BOTILBUD),
    "rusproblemer": (LAVTERSKEL, HJEMMESYKEPLEIE, STOTTEKONTAKT, KOORDINATOR),
    "alkohol": (LAVTERSKEL,),
    "drikker for mye": (LAVTERSKEL,),
    "narkotika": (LAVTERSKEL,),
    "avhengighet": (LAVTERSKEL,),
    "spilleavhengighet": (LAVTERSKEL, RAD),
    # Money, work and housing (NAV)
    "husleie": (SOSIALHJELP, RAD, BOTILBUD),
    "bostøtte": (RAD, SOSIALHJELP),
    "strømregning": (SOSIALHJELP, RAD),
    "strøm": (SOSIALHJELP, RAD),
    "regninger": (RAD, SOSIALHJELP),
    "gjeld": (RAD,),
    "inkasso": (RAD,),
    "penger": (SOSIALHJELP, RAD),
    "sosialhjelp": (SOSIALHJELP,),
    "nav": (SOSIALHJELP, RAD, KVP, BOTILBUD),
    "sosialkontor": (SOSIALHJELP, RAD, KVP),
    "mat": (SOSIALHJELP, MAT),
    "sulten": (SOSIALHJELP, MAT),
    "sosialstønad": (SOSIALHJELP,),
    "økonomisk stønad": (SOSIALHJELP,),
    "nødhjelp": (SOSIALHJELP, BOTILBUD),
    "mat på bordet": (SOSIALHJELP,),
    "budsjett": (RAD,),
    "økonomisk rådgivning": (RAD,),
    "jobb": (KVP,),
    "arbeid": (KVP,),
    "arbeidsledig": (KVP, SOSIALHJELP),
    "bolig": (BOTILBUD, BOLIG),
    "bostedsløs": (BOTILBUD,),
    "uten bolig": (BOTILBUD,),
    "kastet ut": (BOTILBUD, SOSIALHJELP),
    "husløs": (BOTILBUD,),
    "sted å bo": (BOTILBUD,),
    # Children, families, health
    "gravid": (JORDMOR,),
    "jordmor": (JORDMOR,),
    "vaksine": (HELSESTASJON, SKOLE),
    "helsesykepleier": (SKOLE, HELSESTASJON),
    "helsesøster": (SKOLE, HELSESTASJON),
    "baby": (HELSESTASJON, JORDMOR),
    "barn": (HELSESTASJON, SKOLE, TRIO),
    "familie": (TRIO, HELSESTASJON),
    "bekymret for barnet": (TRIO, HELSESTASJON, SKOLE),
    # The default catalogue has no child welfare service (barnevernet is its own act); these words lead to
    # the family and child services, and the citizens' page shows the crisis numbers above them.
    "barnevern": (TRIO, HELSESTASJON, SKOLE),
    "barnevernet": (TRIO, HELSESTASJON, SKOLE),
    "redd for barnet": (TRIO, HELSESTASJON, SKOLE, KRISE),
    "lege": (FASTLEGE, LEGEVAKT),
    "legekontor": (FASTLEGE,),
    "akutt": (LEGEVAKT, OYEBLIKKELIG),
    "syk om natta": (LEGEVAKT,),
    "slanke": (FRISKLIV,),
    "røykeslutt": (FRISKLIV,),
    "livsstil": (FRISKLIV,),
    "søvn": (FRISKLIV,),
}
