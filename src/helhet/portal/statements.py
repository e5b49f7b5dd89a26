"""Default texts for the privacy and accessibility statements, until the municipality writes its own.

The text format is plain: paragraphs separated by a blank line, a line starting with «## » is a heading,
lines starting with «- » are a list. A default is shown marked «Standardtekst – ikke gjennomgått av kommunen»
(the pages and the profile form) until the municipality saves a text of its own.

The privacy default covers what personvernforordningen articles 13 and 14 ask a controller to tell: who is
responsible and how to reach them and the data protection officer, purposes and legal bases, recipients,
sources, consent and its withdrawal, whether giving the data is required, automated decisions, storage and
deletion, access to the journal and the access log, the rights and the complaint to Datatilsynet.

The accessibility default is honest about its state: the municipality makes its statement in Digdir's
uustatus solution (uustatus.no); until it has, the default says the statement is not yet made and keeps the
feedback channel and enforcement. With the link to the municipality's uustatus statement it points there.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhet.core.models import Municipality

UNREVIEWED = gettext_lazy("Standardtekst – ikke gjennomgått av kommunen")
UUSTATUS = "https://uustatus.no"


def _contact(profile) -> str:
    parts = []
    if profile is not None:
        if profile.contact_name:
            parts.append(profile.contact_name)
        if profile.address_line:
            parts.append(profile.address_line)
        if profile.phone:
            parts.append(_("telefon %(phone)s") % {"phone": profile.phone})
        if profile.email:
            parts.append(_("e-post %(email)s") % {"email": profile.email})
        if profile.website:
            parts.append(profile.website)
    return ", ".join(parts)


def _controller(name: str, profile) -> str:
    contact = _contact(profile)
    if contact:
        return _("Kontakt: %(name)s, %(contact)s.") % {"name": name, "contact": contact}
    return _(
        "Kommunen har ikke lagt inn kontaktopplysninger her ennå; bruk kontaktopplysningene på kommunens nettsted."
    )


def _officer(profile) -> str:
    officer = (profile.privacy_officer if profile is not None else "").strip()
    if officer:
        return _("Kommunens personvernombud: %(officer)s.") % {"officer": officer}
    return _("Kommunen har ikke lagt inn kontakten til personvernombudet her ennå; spør kommunen om den.")


def default_privacy_statement(municipality: Municipality, profile) -> str:
    name = municipality.name
    return "\n\n".join(
        [
            _("## Hvem er ansvarlig"),
            _(
                "%(name)s er behandlingsansvarlig for opplysningene i Helhet, kommunens system for helse-, "
                "omsorgs- og velferdstjenester. Kommunedirektøren har det daglige ansvaret."
            )
            % {"name": name},
            _controller(name, profile),
            _officer(profile),
            _("## Hvilke opplysninger vi behandler"),
            _(
                "Når du søker om eller mottar tjenester, registrerer vi navn, fødselsnummer, adresse og "
                "kontaktinformasjon, pårørende, opplysninger om helse og funksjon som trengs for å gi deg "
                "riktig hjelp, vedtak, brev og hva tjenestene gjør hos deg."
            ),
            _("## Hvorfor vi gjør det, og hvilke lover som gir oss lov"),
            _(
                "Vi behandler opplysningene for å utrede, vedta og gi tjenester du har rett til. Grunnlaget er "
                "personvernforordningen artikkel 6 nr. 1 bokstav c og e og artikkel 9 nr. 2 bokstav h, med "
                "helse- og omsorgstjenesteloven, pasient- og brukerrettighetsloven, pasientjournalloven, "
                "helsepersonelloven, sosialtjenesteloven og forvaltningsloven."
            ),
            _(
                "Opplysninger deles mellom helse- og omsorgstjenesten og NAV bare når du har samtykket til det "
                "(personvernforordningen artikkel 6 nr. 1 bokstav a og artikkel 9 nr. 2 bokstav a). Du kan når "
                "som helst trekke samtykket tilbake. Da deles ikke mer, men det som alt er delt, blir ikke "
                "ugyldig."
            ),
            _("## Må du gi oss opplysningene?"),
            _(
                "Du må ikke, men uten opplysningene kan vi ofte ikke vurdere søknaden din eller gi deg riktig "
                "hjelp. Helsepersonell har plikt til å føre journal om helsehjelpen de gir."
            ),
            _("## Hvor vi får opplysningene fra"),
            _(
                "- Fra deg selv.\n"
                "- Fra Folkeregisteret (navn, adresse, fødselsnummer og familie).\n"
                "- Fra fastlegen din og sykehuset, når de henviser deg eller vi trenger opplysninger for å gi "
                "riktig hjelp.\n"
                "- Fra pårørende, når du har sagt ja til det eller de melder fra på dine vegne.\n"
                "- Fra andre som tar kontakt med kommunen fordi de er bekymret for deg, for eksempel naboer, "
                "hjemmetjenesten eller politiet."
            ),
            _("## Hvem vi gir opplysninger til"),
            _(
                "- Statsforvalteren, når du klager på et vedtak eller når Statsforvalteren fører tilsyn.\n"
                "- Kommunalt pasient- og brukerregister (KPR) hos Helsedirektoratet, som loven krever.\n"
                "- Fastlegen din, sykehuset og NAV, når du har samtykket eller loven gir grunnlag for det.\n"
                "- Leverandører som drifter systemet for kommunen (databehandlere). De har avtale med "
                "kommunen og får ikke bruke opplysningene til noe annet."
            ),
            _("## Automatiske avgjørelser"),
            _(
                "Ingen avgjørelser om deg tas automatisk. Helhet kan foreslå hvilke tjenester som kan passe, "
                "men det er alltid en saksbehandler som vurderer behovet ditt og fatter vedtaket."
            ),
            _("## Hvem som kan se opplysningene dine"),
            _(
                "Bare ansatte som trenger opplysningene for å hjelpe deg, får se dem. Hver gang noen åpner "
                "opplysningene dine, blir det logget: hvem, når og hvorfor. Loggen kan ikke endres i etterkant."
            ),
            _("## Hvor lenge vi tar vare på opplysningene"),
            _(
                "Journal og saksdokumenter skal bevares etter arkivloven og pasientjournalloven. Helhet sletter "
                "ingenting av seg selv: opplysninger slettes eller avleveres til arkiv etter kommunens "
                "bevaringsplan, av kommunens arkivansvarlige. Tilgangsloggen oppbevares så lenge kommunens "
                "bevaringsplan sier, og slettes deretter på samme måte."
            ),
            _("## Informasjonskapsler"),
            _(
                "Denne siden bruker bare informasjonskapsler som trengs for innlogging og for å sikre skjemaer. "
                "Vi bruker ingen analyseverktøy og deler ikke opplysninger med annonsører."
            ),
            _("## Dine rettigheter"),
            _(
                "- Du kan få se journalen din (pasientjournalloven § 18 og pasient- og "
                "brukerrettighetsloven § 5-1) og dokumentene i saken din (forvaltningsloven § 18).\n"
                "- Du kan få se tilgangsloggen: hvem som har åpnet opplysningene dine, og når "
                "(pasientjournalloven § 18).\n"
                "- Du kan be oss rette opplysninger som er feil.\n"
                "- Du kan be oss slette eller begrense opplysninger når lovene tillater det.\n"
                "- Du kan protestere mot behandling som bygger på allmennhetens interesse.\n"
                "- Du kan trekke tilbake et samtykke du har gitt."
            ),
            _(
                "Be om innsyn eller bruk de andre rettighetene ved å ta kontakt med kommunen eller "
                "personvernombudet (se over). Vi svarer innen en måned."
            ),
            _("## Klage"),
            _(
                "Mener du at vi behandler opplysningene dine i strid med reglene, kan du klage til Datatilsynet "
                "(datatilsynet.no)."
            ),
        ]
    )


def default_accessibility_statement(municipality: Municipality, profile, today: datetime.date) -> str:
    name = municipality.name
    contact = _contact(profile) or _("kommunen (se kontaktopplysningene nederst på siden)")
    uustatus_url = (profile.uustatus_url if profile is not None else "").strip()
    if uustatus_url:
        status = _(
            "Kommunen har laget tilgjengelighetserklæringen i Digdirs løsning uustatus. Der står hva som er "
            "kontrollert, og hva som ikke er i samsvar med kravene: %(url)s"
        ) % {"url": uustatus_url}
    else:
        status = _(
            "Per %(day)s har kommunen ikke laget tilgjengelighetserklæringen for disse sidene ennå. Den skal "
            "lages i Digdirs løsning uustatus (uustatus.no). Vi kan derfor ikke si hvor godt sidene følger "
            "kravene, eller hvilke brudd det er."
        ) % {"day": date_format(today, "j. F Y")}
    return "\n\n".join(
        [
            _(
                "%(name)s ønsker at alle skal kunne bruke sidene våre. Denne erklæringen gjelder Helhet, "
                "kommunens sider for helse-, omsorgs- og velferdstjenester. Offentlige virksomheter skal følge "
                "kravene i forskrift om universell utforming av IKT-løsninger."
            )
            % {"name": name},
            _("## Status"),
            status,
            _("## Innhold som ikke er tilgjengelig"),
            _(
                "Dette står i erklæringen på uustatus når den er laget. Finner du noe som ikke virker for deg, "
                "vil vi gjerne vite det."
            ),
            _("## Tilbakemelding og kontakt"),
            _(
                "Får du ikke brukt en side, eller trenger du innholdet i en annen form? Ta kontakt med "
                "%(contact)s, så hjelper vi deg og retter feilen. Du får svar innen to uker."
            )
            % {"contact": contact},
            _("## Tilsyn"),
            _(
                "Tilsynet for universell utforming av ikt i Digitaliseringsdirektoratet (uutilsynet) fører "
                "tilsyn med at offentlige nettsider følger kravene. Får du ikke svar fra oss, eller er du ikke "
                "fornøyd med svaret, kan du melde fra til tilsynet på uutilsynet.no."
            ),
        ]
    )
