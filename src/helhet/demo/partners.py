"""External partners of the demo municipality (domain.md §0 C): GPs, the hospital, school, police,
volunteers, users and relatives and the neighbour municipality, with the links the workshop named.
They are external parties, never units: they stay out of the org chart, span of control and routing."""

import datetime

from helhet.organisation import services
from helhet.organisation.collaboration import collaboration_import
from helhet.organisation.models import CollaborationLink, ExternalParty

SOURCE = "Workshop 2018, eksterne parter (demo)"
PARTIES = (
    ("Fastlegene", "gp"),
    ("Sykehuset", "hospital"),
    ("Skolene og barnehagene", "school"),
    ("Politiet", "police"),
    ("Frivilligsentralen", "volunteers"),
    ("Brukere og pårørende", "users_relatives"),
    ("Nabo kommune", "municipality"),
)
LINKS = """enhet;samarbeidspartner;hyppighet;formål
Tjenestekontoret;Sykehuset;daglig;Utskrivningsklare pasienter
Hjemmesykepleien sone Nord;Fastlegene;ukentlig;Medisinsk oppfølging
Hjemmesykepleien sone Sør;Fastlegene;ukentlig;Medisinsk oppfølging
Helsestasjon og skolehelsetjeneste;Skolene og barnehagene;ukentlig;Skolehelsetjenesten
Psykisk helse og rus;Politiet;ved behov;Akutte situasjoner
Dagsenter;Frivilligsentralen;månedlig;Aktiviteter og besøksvenner
Demo sykehjem;Brukere og pårørende;halvårlig;Pårørendemøter
NAV Demo;Nabo kommune;månedlig;Interkommunalt samarbeid
"""


def load(municipality, today: datetime.date) -> None:
    if CollaborationLink.objects.filter(municipality=municipality, source=SOURCE).exists():
        return
    for name, kind in PARTIES:
        if not ExternalParty.objects.filter(municipality=municipality, name=name).exists():
            services.external_party_create(
                municipality=municipality, name=name, kind=kind, valid_from=today, actor=None
            )
    collaboration_import(municipality=municipality, csv_text=LINKS, source=SOURCE, on=today, actor=None)
