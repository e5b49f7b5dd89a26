"""Default catalogue data: the seven-step care ladder, IPLOS variables, and the statutory service list.

Everything here is data a municipality can change afterwards; it is only the starting point.
"""

import datetime
from collections.abc import Iterable
from typing import Any

# domain.md §4 (Eigersund's ladder), bottom to top.
CARE_LADDER = (
    ("Klarer meg selv", "Egenomsorg, fastlege og tilbud til alle."),
    ("Klarer meg ganske godt selv", "Lavterskeltilbud, frisklivssentral og forebyggende tilbud."),
    (
        "Litt hjelp",
        "Fysio- og ergoterapi, hjelpemidler, trygghetsalarm og velferdsteknologi, "
        "hverdagsrehabilitering, støttekontakt.",
    ),
    ("Hjelp hjemme", "Dagsenter, praktisk bistand, omsorgsstønad, BPA og helsetjenester i hjemmet."),
    ("Mer hjelp i perioder", "Korttidsopphold, avlastning og øyeblikkelig hjelp døgnopphold."),
    ("Mye av tiden", "Bolig med heldøgns tjenester."),
    ("Hele døgnet", "Langtidsopphold i sykehjem."),
)

# domain.md §3.1: (code, name, noun in "trenger hjelp med …" / "har nedsatt …", kind)
FUNCTIONAL_VARIABLES = (
    ("sosial_deltakelse", "Sosial deltakelse", "sosial deltakelse", "help"),
    ("beslutninger", "Beslutninger i dagliglivet", "beslutninger i dagliglivet", "help"),
    ("styre_atferd", "Styre atferd", "å styre egen atferd", "help"),
    ("husarbeid", "Alminnelig husarbeid", "alminnelig husarbeid", "help"),
    ("skaffe_varer", "Skaffe seg varer og tjenester", "å skaffe seg varer og tjenester", "help"),
    ("lage_mat", "Lage mat", "å lage mat", "help"),
    ("egen_helse", "Ivareta egen helse", "å ivareta egen helse", "help"),
    ("personlig_hygiene", "Personlig hygiene", "personlig hygiene", "help"),
    ("kle_seg", "Kle av og på seg", "av- og påkledning", "help"),
    ("spise", "Spise", "å spise", "help"),
    ("toalett", "Toalett", "toalettbesøk", "help"),
    ("bevege_innendors", "Bevege seg innendørs", "å bevege seg innendørs", "help"),
    ("bevege_utendors", "Bevege seg utendørs", "å bevege seg utendørs", "help"),
    ("hukommelse", "Hukommelse", "hukommelse", "impairment"),
    ("kommunikasjon", "Kommunikasjon", "evne til kommunikasjon", "impairment"),
    ("syn", "Syn", "syn", "impairment"),
    ("horsel", "Hørsel", "hørsel", "impairment"),
)
VARIABLES_VALID_FROM = datetime.date(2017, 1, 1)

LIFE_SITUATIONS = (
    "Eldre som bor hjemme",
    "Sykdom, skade eller funksjonsnedsettelse",
    "Barn, unge og familie",
    "Psykisk helse og rus",
    "Pårørende",
    "Økonomi, arbeid og bolig (NAV)",
)
EL, SY, BA, PS, PA, NA = LIFE_SITUATIONS

HOW_TO_APPLY = (
    "Søk på ett felles skjema til tjenestekontoret, digitalt eller på papir, eller ring oss. Du trenger ikke "
    "vite hva tjenesten heter: beskriv hva du trenger hjelp til, så finner vi riktig hjelp sammen med deg."
)
NO_APPLICATION = "Ingen søknad eller henvisning: ta kontakt direkte."
NAV_APPLY = "Søk hos NAV-kontoret, digitalt eller ved å møte opp. Mottaket hjelper deg videre."


def v(code, low=None, high=None):
    condition = {"variable": code}
    if low is not None:
        condition["min"] = low
    if high is not None:
        condition["max"] = high
    return condition


# Payment notes (domain.md §5, S36). Egenandelsforskriften (forskrift om egenandel for kommunale helse- og
# omsorgstjenester) § 10: a household with income under 2 G pays at most a nationally set monthly maximum
# for practical help; above 2 G the municipality sets its own caps. The figure changes every year and is not
# printed here (domain.md §5: verify before printing); personal care and health care at home are free.
PRACTICAL_HELP_PAYMENT = (
    "Egenandel per måned etter husstandens inntekt. Har husstanden inntekt under 2 G, betaler dere høyst "
    "et fastsatt maksimumsbeløp per måned (egenandelsforskriften § 10); over 2 G setter kommunen tak "
    "etter inntekt."
)
BPA_PAYMENT = (
    "Egenandel bare for den delen som er praktisk bistand, etter husstandens inntekt; under 2 G høyst et "
    "fastsatt maksimumsbeløp per måned (egenandelsforskriften § 10). Personlig stell er gratis."
)
# Trygghetsalarm may be charged (domain.md §5); a reduction by income would be the municipality's own choice,
# which the default catalogue cannot promise.
ALARM_PAYMENT = "Kommunen fastsetter prisen per måned."
# BPA: a right under 67 with a long and large need, measured in hours (pbrl § 2-1 d: as a rule 32 hours a week,
# or 25–32 unless BPA is much dearer); the municipality must also offer BPA to others (hol § 3-8).
BPA_DESCRIPTION = (
    "Du styrer selv hvem som hjelper deg, når og hvordan. Er du under 67 år og har et langvarig og stort "
    "behov, har du rett til BPA: som hovedregel når du trenger minst 32 timer hjelp i uken, og ofte også ved "
    "25–32 timer. Kommunen skal også tilby BPA til andre som trenger praktisk bistand."
)
BPA_WHO_FOR = "Personer som trenger praktisk bistand og personlig assistanse i hverdagen, også over 67 år."
# sosialtjenesteloven § 18 also tops up an income too low to live on.
SOCIAL_ASSISTANCE_WHO_FOR = (
    "Alle som oppholder seg i kommunen og ikke kan sørge for livsoppholdet sitt selv. Du kan få hjelp også "
    "når du har inntekt, hvis den ikke er nok å leve av."
)
# sosialtjenesteloven § 27: the stay may be charged; who cannot pay may get economic assistance for it.
TEMPORARY_HOUSING_PAYMENT = (
    "Du kan måtte betale for oppholdet. Har du ikke penger til det, vurderer NAV om du kan få økonomisk "
    "sosialhjelp."
)


def fact(name, **rule):
    return {"fact": name, **rule}


# fmt: off
# (name, KPR code, care ladder step or None, requires decision, prevention, payment, payment note, legal basis,
#  description, who it is for, life situations, apply text, provider units in the demo, threshold criteria or None)
SERVICES: tuple[tuple[Any, ...], ...] = (
    ("Helsestasjon", None, 1, False, "universal", "free", "",
     ["hol § 3-2 første ledd nr. 1 bokstav b"],
     "Helsekontroller, vaksiner og veiledning for barn fra 0 til 5 år og deres foreldre.",
     "Alle barn og foreldre i kommunen.", [BA], NO_APPLICATION, ["Helsestasjon og skolehelsetjeneste"], None),
    ("Skolehelsetjeneste", None, 1, False, "universal", "free", "",
     ["hol § 3-2 første ledd nr. 1 bokstav a"],
     "Helsesykepleier på skolen: samtaler, vaksiner og hjelp med det som er vanskelig.",
     "Alle elever i grunnskole og videregående skole.", [BA], NO_APPLICATION,
     ["Helsestasjon og skolehelsetjeneste"], None),
    ("Svangerskaps- og barselomsorg", None, 1, False, "universal", "free", "",
     ["hol § 3-2 første ledd nr. 2"],
     "Jordmor følger deg gjennom svangerskapet og tiden etter fødselen.",
     "Alle gravide og nybakte foreldre.", [BA], NO_APPLICATION, ["Helsestasjon og skolehelsetjeneste"], None),
    ("Triosamtaler", None, 1, False, "selective", "free", "",
     ["hol § 3-2 første ledd nr. 1"],
     "Samtaler med familien, helsesykepleier og familietjenesten sammen, tidlig, før problemene vokser. "
     "Inntil tre samtaler uten henvisning; deretter trengs en henvisning.",
     "Familier med barn som trenger litt ekstra støtte.", [BA], NO_APPLICATION,
     ["Helsestasjon og skolehelsetjeneste", "Barnevern og familietjeneste"], {"all": [fact("age", max=17)]}),
    ("Frisklivssentral", None, 1, False, "selective", "free", "",
     ["hol § 3-2 første ledd nr. 1", "hol § 3-3"],
     "Hjelp til å endre levevaner: fysisk aktivitet, kosthold, søvn og tobakk.",
     "Voksne som vil endre levevaner, med eller uten henvisning.", [SY], NO_APPLICATION,
     ["Fysio- og ergoterapitjenesten"], None),
    ("Lavterskel samtaletilbud psykisk helse og rus", None, 1, False, "indicated", "free", "",
     ["hol § 3-2 første ledd nr. 4", "hol § 3-1"],
     "Samtaler og oppfølging uten henvisning og uten ventetid, for deg som strever psykisk eller med rus.",
     "Alle over 16 år som strever med psykisk helse eller rus.", [PS], NO_APPLICATION,
     ["Psykisk helse og rus"],
     {"any": [fact("diagnosis_group", **{"in": ["psykisk_lidelse", "rus"]}), v("sosial_deltakelse", 3)]}),
    ("Fastlege", None, 0, False, "", "free", "Egenandel etter statlige satser.",
     ["hol § 3-2 første ledd nr. 4"],
     "Din faste lege for utredning, behandling og henvisning videre.", "Alle som bor i kommunen.", [SY],
     "Velg eller bytt fastlege på helsenorge.no.", [], None),
    ("Legevakt", None, 4, False, "", "free", "Egenandel etter statlige satser.",
     ["hol § 3-2 første ledd nr. 3 bokstav a"],
     "Hjelp når det haster og fastlegen er stengt. Ring 116 117.", "Alle som oppholder seg i kommunen.", [SY],
     "Ring legevakten på 116 117. Ved fare for liv, ring 113.", [], None),
    ("Psykososial beredskap", None, 4, False, "", "free", "",
     ["hol § 3-2 første ledd nr. 3 bokstav d"],
     "Støtte etter ulykker, kriser og katastrofer.", "Alle som rammes av en krise.", [PS],
     "Ring legevakten på 116 117.", ["Psykisk helse og rus"], None),
    ("Fysioterapi", None, 2, False, "", "free", "Egenandel etter statlige satser hos avtalefysioterapeut.",
     ["hol § 3-2 første ledd nr. 4", "hol § 3-2 første ledd nr. 5"],
     "Undersøkelse, behandling og trening når kroppen ikke fungerer som før.",
     "Alle som trenger det; barn og eldre hjemme prioriteres i kommunens egen tjeneste.", [SY, EL],
     HOW_TO_APPLY, ["Fysio- og ergoterapitjenesten"], {"any": [v("bevege_innendors", 2), v("bevege_utendors", 2)]}),
    ("Ergoterapi og hjelpemidler", None, 2, False, "", "free", "",
     ["hol § 3-2 første ledd nr. 5", "folketrygdloven § 10-5"],
     "Tilrettelegging av hjemmet og hjelpemidler, så du klarer mer selv.",
     "Alle som har vansker med daglige gjøremål på grunn av sykdom, skade eller alder.", [SY, EL],
     HOW_TO_APPLY, ["Fysio- og ergoterapitjenesten"],
     {"any": [v("bevege_innendors", 2), v("personlig_hygiene", 2), v("kle_seg", 2)]}),
    ("Hverdagsrehabilitering", None, 2, False, "", "free", "",
     ["hol § 3-2 første ledd nr. 5"],
     "Tidsavgrenset trening i ditt eget hjem, med det som er viktig for deg som mål.",
     "Hjemmeboende som har fått funksjonsfall, men som kan trene seg opp igjen.", [EL, SY], HOW_TO_APPLY,
     ["Hverdagsrehabilitering"],
     {"all": [fact("age", min=18)],
      "any": [v("bevege_innendors", 2, 3), v("bevege_utendors", 2, 4), v("husarbeid", 2, 3), v("personlig_hygiene", 2, 3)]}),
    ("Trygghetsalarm", 6, 2, False, "", "fixed_price", ALARM_PAYMENT,
     ["hol § 3-1"],
     "En alarm du bærer på deg, som varsler hjemmetjenesten hvis du faller eller blir syk.",
     "Hjemmeboende som er utrygge eller kan falle.", [EL], HOW_TO_APPLY, ["Hjemmebaserte tjenester"],
     {"all": [fact("lives_alone", equals=True)], "any": [v("bevege_innendors", 2), v("hukommelse", 2), v("egen_helse", 3)]}),
    ("Matombringing", 5, 2, False, "", "per_day", "Pris per porsjon.",
     ["hol § 3-1"],
     "Ferdig middag levert hjem.", "Hjemmeboende som ikke klarer å lage middag selv.", [EL], HOW_TO_APPLY,
     ["Praktisk bistand"], {"all": [v("lage_mat", 3)]}),
    ("Støttekontakt", 9, 2, True, "", "free", "",
     ["hol § 3-2 første ledd nr. 6 bokstav b"],
     "En person som hjelper deg å delta i fritidsaktiviteter og være sammen med andre.",
     "Barn, unge og voksne som trenger hjelp for å ha en meningsfull fritid.", [SY, PS, BA], HOW_TO_APPLY,
     ["Tjenester for personer med funksjonsnedsettelser"], {"all": [v("sosial_deltakelse", 3)]}),
    ("Praktisk bistand – daglige gjøremål", 1, 3, True, "", "income_capped",
     PRACTICAL_HELP_PAYMENT,
     ["hol § 3-2 første ledd nr. 6 bokstav b"],
     "Hjelp med husarbeid, innkjøp og andre praktiske oppgaver du ikke klarer selv.",
     "Hjemmeboende som ikke klarer daglige gjøremål.", [EL, SY], HOW_TO_APPLY, ["Praktisk bistand"],
     {"any": [v("husarbeid", 3), v("skaffe_varer", 3), v("lage_mat", 3)]}),
    ("Praktisk bistand – opplæring", 2, 3, True, "", "income_capped", PRACTICAL_HELP_PAYMENT,
     ["hol § 3-2 første ledd nr. 6 bokstav b"],
     "Opplæring i daglige gjøremål, så du kan klare dem selv.",
     "Personer som kan lære å mestre daglige gjøremål.", [SY], HOW_TO_APPLY, ["Ambulante tjenester"],
     {"all": [v("husarbeid", 2, 4), fact("age", min=16, max=66)]}),
    ("Helsetjenester i hjemmet", 15, 3, True, "", "free", "",
     ["hol § 3-2 første ledd nr. 6 bokstav a", "pbrl § 2-1 a andre ledd"],
     "Hjemmesykepleie: hjelp med personlig stell, medisiner, sårstell og annen helsehjelp der du bor.",
     "Alle som trenger helsehjelp hjemme, uansett alder.", [EL, SY, PS], HOW_TO_APPLY,
     ["Hjemmesykepleien sone Nord", "Hjemmesykepleien sone Sør", "Nattpatruljen"],
     {"any": [v("personlig_hygiene", 3), v("kle_seg", 3), v("egen_helse", 3), v("toalett", 3)]}),
    ("Dagaktivitetstilbud for hjemmeboende med demens", 4, 3, False, "", "per_day", "Pris per dag, med mat.",
     ["hol § 3-2 første ledd nr. 7"],
     "Et trygt og meningsfullt dagtilbud som også gir pårørende avlastning.",
     "Hjemmeboende personer med demens.", [EL, PA], HOW_TO_APPLY, ["Dagsenter"],
     {"all": [fact("diagnosis_group", **{"in": ["demens"]}), v("hukommelse", 2)]}),
    ("Omsorgsstønad", 11, 3, True, "", "free", "",
     ["hol § 3-6 første ledd nr. 3", "pbrl § 2-8"],
     "Økonomisk godtgjøring til deg som har særlig tyngende omsorgsarbeid for en av dine nærmeste.",
     "Pårørende med særlig tyngende omsorgsarbeid.", [PA], HOW_TO_APPLY, ["Tjenestekontoret"],
     {"all": [fact("relatives_help", equals=True)],
      "any": [v("personlig_hygiene", 4), v("styre_atferd", 4), v("hukommelse", 4)]}),
    ("Opplæring og veiledning for pårørende", None, 1, True, "selective", "free", "",
     ["hol § 3-6 første ledd nr. 1"],
     "Kurs, samtaler og veiledning for deg som er pårørende.", "Pårørende med tyngende omsorgsarbeid.", [PA],
     HOW_TO_APPLY, ["Tjenestekontoret"], {"all": [fact("relatives_help", equals=True)]}),
    ("Avlastning utenfor institusjon", 7, 3, True, "", "free", "",
     ["hol § 3-6 første ledd nr. 2"],
     "Avlastning hjemme eller i en avlastningsbolig, så pårørende får fri.",
     "Pårørende med særlig tyngende omsorgsarbeid.", [PA, BA], HOW_TO_APPLY, ["Institusjon og avlastning"],
     {"all": [fact("relatives_help", equals=True)], "any": [v("styre_atferd", 3), v("personlig_hygiene", 4)]}),
    ("Brukerstyrt personlig assistanse (BPA)", 3, 3, True, "", "income_capped",
     BPA_PAYMENT,
     ["hol § 3-8", "pbrl § 2-1 d"],
     BPA_DESCRIPTION,
     BPA_WHO_FOR, [SY], HOW_TO_APPLY,
     ["Tjenester for personer med funksjonsnedsettelser"],
     {"any": [v("personlig_hygiene", 4), v("kle_seg", 4), v("bevege_innendors", 4),
                                            v("husarbeid", 4)], "min_any": 2, "review": True}),
    ("Avlastning i institusjon", 8, 4, True, "", "free", "",
     ["hol § 3-6 første ledd nr. 2"],
     "Opphold i institusjon i perioder, så pårørende får hvile.",
     "Pårørende med særlig tyngende omsorgsarbeid.", [PA], HOW_TO_APPLY, ["Institusjon og avlastning"],
     {"all": [fact("relatives_help", equals=True), v("personlig_hygiene", 4)], "review": True}),
    ("Korttidsopphold i sykehjem", 18, 4, True, "", "per_day",
     "Egenandel per døgn; etter 60 døgn i kalenderåret som langtidsopphold.",
     ["hol § 3-2 første ledd nr. 6 bokstav c"],
     "Et tidsavgrenset opphold for utredning, behandling eller opptrening.",
     "Personer som for en periode trenger mer hjelp enn de kan få hjemme.", [EL, SY], HOW_TO_APPLY,
     ["Korttids- og rehabiliteringsavdelingen"],
     {"any": [v("personlig_hygiene", 4), v("bevege_innendors", 4), v("toalett", 4)], "review": True}),
    ("Rehabiliteringsopphold i institusjon", 19, 4, True, "", "per_day", "",
     ["hol § 3-2 første ledd nr. 5", "hol § 3-2 første ledd nr. 6 bokstav c"],
     "Intensiv opptrening i institusjon etter sykdom eller skade.",
     "Personer som trenger opptrening døgnet rundt for en periode.", [SY], HOW_TO_APPLY,
     ["Korttids- og rehabiliteringsavdelingen"],
     {"all": [v("bevege_innendors", 3, 4)], "any": [v("personlig_hygiene", 3), v("kle_seg", 3)], "review": True}),
    ("Øyeblikkelig hjelp døgnopphold", 25, 4, False, "", "free", "",
     ["hol § 3-5 tredje ledd"],
     "Innleggelse for observasjon og behandling når du ikke trenger sykehus.",
     "Pasienter som fastlege eller legevakt legger inn.", [SY], "Fastlege eller legevakt legger deg inn.",
     ["Korttids- og rehabiliteringsavdelingen"], None),
    ("Bolig med heldøgns tjenester", 29, 5, True, "", "income_capped", "Husleie, og egenandel for praktisk bistand.",
     ["hol § 3-2 første ledd nr. 6", "hol § 3-2 a", "pbrl § 2-1 e"],
     "Egen bolig med personale tilgjengelig hele døgnet.",
     "Personer som trenger hjelp gjennom hele døgnet, men ikke sykehjem.", [SY, EL], HOW_TO_APPLY,
     ["Bofellesskap Solsiden"],
     {"any": [v("styre_atferd", 4), v("beslutninger", 4), v("personlig_hygiene", 4), v("hukommelse", 4)], "min_any": 2, "review": True}),
    ("Langtidsopphold i sykehjem", 21, 6, True, "", "income_capped", "Vederlag etter inntekt.",
     ["hol § 3-2 første ledd nr. 6 bokstav c", "hol § 3-2 a", "pbrl § 2-1 e"],
     "Fast plass i sykehjem når det er det eneste som gir deg trygge og gode tjenester.",
     "Personer med omfattende behov for hjelp hele døgnet.", [EL], HOW_TO_APPLY,
     ["Langtidsavdelingen", "Skjermet enhet for personer med demens"],
     {"any": [v("personlig_hygiene", 5), v("bevege_innendors", 4), v("hukommelse", 4), v("toalett", 4),
              v("spise", 4)], "min_any": 3, "review": True}),
    ("Koordinator og individuell plan", None, 2, False, "", "free", "",
     ["hol § 7-1", "hol § 7-2", "hol § 7-2 a", "pbrl § 2-5"],
     "En fast kontaktperson som samordner tjenestene dine, og en plan for målene dine på tvers av tjenester. "
     "Du får koordinator selv om du ikke vil ha individuell plan.",
     "Personer og familier med langvarige og sammensatte behov.", [SY, BA, PS], HOW_TO_APPLY,
     ["Koordinerende enhet"], None),
    ("Økonomisk sosialhjelp", None, None, True, "", "free", "",
     ["sosialtjenesteloven § 18"],
     "Penger til livsopphold når du ikke kan forsørge deg selv, helt eller delvis, med arbeid, trygd eller "
     "andre inntekter.",
     SOCIAL_ASSISTANCE_WHO_FOR, [NA], NAV_APPLY,
     ["NAV Demo"], None),
    ("Opplysning, råd og veiledning, økonomisk rådgivning", None, None, False, "selective", "free", "",
     ["sosialtjenesteloven § 17"],
     "Hjelp til å få oversikt over økonomien, gjeld og muligheter.", "Alle som trenger det.", [NA],
     NO_APPLICATION, ["Økonomi- og serviceteam"], None),
    ("Kvalifiseringsprogram", None, None, True, "", "free", "",
     ["sosialtjenesteloven § 29"],
     "Et program med arbeidstrening og oppfølging, med kvalifiseringsstønad.",
     "Personer mellom 18 og 67 år med vesentlig nedsatt arbeids- og inntektsevne.", [NA], NAV_APPLY,
     ["NAV Demo"], None),
    ("Midlertidig botilbud", None, None, True, "", "may_cost", TEMPORARY_HOUSING_PAYMENT,
     ["sosialtjenesteloven § 27"],
     "Et sted å bo for en kort periode når du står uten bolig.", "Alle som ikke klarer å skaffe seg bolig selv.",
     [NA], NAV_APPLY, ["NAV Demo"], None),
)
# fmt: on
DEMO_THRESHOLDS_FROM = datetime.date(2020, 1, 1)

# Legal regimes (domain.md §1.3, §2 and §6.1). Each value is data a municipality can version; the letters,
# receipts and deadlines read every statute reference from here.
HEALTH_CARE_REGIME: dict[str, Any] = {
    "code": "health_care",
    "name": "Helse- og omsorgstjenester",
    "service_area": "health_care",
    "valid_from": datetime.date(2012, 1, 1),  # helse- og omsorgstjenesteloven in force
    "acts": {
        "hol": "helse- og omsorgstjenesteloven",
        "pbrl": "pasient- og brukerrettighetsloven",
        "fvl": "forvaltningsloven",
        "hpl": "helsepersonelloven",
    },
    "deciding_office": "Tjenestekontoret",
    "appeal_weeks": 4,
    "appeal_deadline_rule": "pasient- og brukerrettighetsloven § 7-5",
    "appeal_deadline_start": "fra du fikk eller burde ha fått kjennskap til vedtaket",
    "appeal_lodged_with": "Tjenestekontoret",
    "appeal_body": "Statsforvalteren",
    "appeal_body_rule": "pasient- og brukerrettighetsloven § 7-2",
    "appeal_form_rule": "pasient- og brukerrettighetsloven § 7-3",
    "names_ombud": True,
    "ombud_text": "Pasient- og brukerombudet kan hjelpe deg gratis med å klage.",
    "interim_rule": "forvaltningsloven § 11 a",
    "advance_notice_rule": "forvaltningsloven § 16",
    "document_access_rule": "forvaltningsloven §§ 18 og 19",
    "reasons_rule": "forvaltningsloven §§ 24 og 25",
    "office_name": "Tjenestekontoret",
    "sources": (
        "pasient- og brukerrettighetsloven § 7-2 (Statsforvalteren), § 7-3 (krav til klagen, veiledning og frist "
        "til å rette), § 7-5 (fire uker): Helsedirektoratets rundskriv til pasient- og brukerrettighetsloven "
        "(helsedirektoratet.no). Forvaltningsloven § 11 a, § 16, §§ 24–25 og 27 (jusinfo.no, forvaltningsrett). "
        "Pasient- og brukerombudet dekker den kommunale helse- og omsorgstjenesten (pasient- og "
        "brukerrettighetsloven kapittel 8)."
    ),
    # The acts' names in nynorsk as Lovdata gives them; the other texts as a nynorsk letter prints them.
    "nynorsk": {
        "acts": {
            "hol": "helse- og omsorgstenestelova",
            "pbrl": "pasient- og brukarrettslova",
            "fvl": "forvaltningslova",
            "hpl": "helsepersonellova",
        },
        "deciding_office": "Tenestekontoret",
        "appeal_deadline_start": "frå du fekk eller burde ha fått kjennskap til vedtaket",
        "appeal_lodged_with": "Tenestekontoret",
        "ombud_text": "Pasient- og brukarombodet kan hjelpe deg gratis med å klage.",
        "office_name": "Tenestekontoret",
    },
}
SOCIAL_REGIME: dict[str, Any] = {
    "code": "social",
    "name": "Sosiale tjenester i NAV",
    "service_area": "social",
    "valid_from": datetime.date(2010, 1, 1),  # sosialtjenesteloven in force
    "acts": {"sotjl": "sosialtjenesteloven", "fvl": "forvaltningsloven", "navl": "NAV-loven"},
    "deciding_office": "NAV-kontoret",
    "appeal_weeks": 3,
    "appeal_deadline_rule": "forvaltningsloven § 29",
    "appeal_deadline_start": "fra vedtaket kom fram til deg",
    "appeal_lodged_with": "NAV-kontoret som fattet vedtaket",
    "appeal_body": "Statsforvalteren",
    "appeal_body_rule": "sosialtjenesteloven kapittel 5 og forvaltningsloven § 28",
    "appeal_form_rule": "forvaltningsloven § 32",
    "names_ombud": False,
    "ombud_text": "",
    "interim_rule": "forvaltningsloven § 11 a",
    "advance_notice_rule": "forvaltningsloven § 16",
    "document_access_rule": "forvaltningsloven §§ 18 og 19",
    "reasons_rule": "forvaltningsloven §§ 24 og 25",
    "office_name": "NAV-kontoret",
    "sources": (
        "Forvaltningsloven § 28 (klagerett), § 29 (tre uker fra underretningen kom fram), § 30 (rettidig når "
        "postlagt før fristen), § 32 (klagen sendes organet som fattet vedtaket), § 33 (NAV-kontoret kan omgjøre, "
        "ellers til Statsforvalteren); sosialtjenesteloven kapittel 5 (Helsetilsynet, Veileder i behandling av "
        "klagesaker etter sosialtjenesteloven, Internserien 2023, punkt 4 og 6). Pasient- og brukerombudet dekker "
        "ikke NAV (helsetilsynet.no, rettigheter og klagemuligheter, sosiale tjenester i NAV)."
    ),
    "nynorsk": {
        "acts": {"sotjl": "sosialtenestelova", "fvl": "forvaltningslova", "navl": "NAV-lova"},
        "appeal_deadline_start": "frå vedtaket kom fram til deg",
        "appeal_lodged_with": "NAV-kontoret som gjorde vedtaket",
    },
}
LEGAL_REGIMES = (HEALTH_CARE_REGIME, SOCIAL_REGIME)


def regime_code_for(legal_basis: Iterable[str] | str) -> str:
    """Services decided under sosialtjenesteloven belong to NAV's regime; the rest to health and care."""
    return (
        "social"
        if any(str(ref).startswith(("sosialtjenesteloven", "sotjl")) for ref in legal_basis)
        else "health_care"
    )
