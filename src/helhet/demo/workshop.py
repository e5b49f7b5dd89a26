"""The demo's workshop (domain.md §0 C): two groups' considerations for «Mestring og helse», grouped into
themes and ranked, closed, so the result page and its report have something to show."""

import datetime

from helhet.organisation import services
from helhet.organisation.models import Workshop, WorkshopPhase

TITLE = "Mestring og helse i den nye kommunen"
CONSIDERATIONS = {
    "Gruppe 1": [
        ("Tydelige roller og robuste fagmiljøer", "Roller og fagmiljø"),
        ("En tjenesteleder bør ikke ha mer enn 40 ansatte", "Ledelse og lederspenn"),
        ("Få ledernivåer, flat struktur", "Ledelse og lederspenn"),
        ("Hverdagsrehabilitering som ett team av hjemmesykepleie, fysio og ergo", "Tverrfaglig samarbeid"),
        ("Én dør inn: de som tar imot henvendelser vet hvor de skal sende", "Én dør inn"),
    ],
    "Gruppe 2": [
        ("Heltidskultur og rekruttering", "Attraktiv arbeidsgiver"),
        ("Faste møtepunkter mellom tjenestekontoret og avdelingene", "Tverrfaglig samarbeid"),
        ("Lik tjeneste uansett hvor man bor", "Én dør inn"),
        ("Støttefunksjoner og nærhet til lederen", "Ledelse og lederspenn"),
        ("Samlokalisering av rus/psykisk helse og demensomsorg", "Roller og fagmiljø"),
    ],
}
# Each group's places (1 = most important); Gruppe 2 ranked only three of the five themes.
PLACES = {
    "Gruppe 1": {
        "Ledelse og lederspenn": 1,
        "Tverrfaglig samarbeid": 2,
        "Én dør inn": 3,
        "Roller og fagmiljø": 4,
        "Attraktiv arbeidsgiver": 5,
    },
    "Gruppe 2": {"Tverrfaglig samarbeid": 1, "Attraktiv arbeidsgiver": 2, "Ledelse og lederspenn": 3},
}


def load(municipality) -> None:
    if Workshop.objects.filter(municipality=municipality, title=TITLE).exists():
        return
    workshop = services.workshop_create(
        municipality=municipality,
        title=TITLE,
        question="Hva må den nye organisasjonen for mestring og helse ta hensyn til?",
        held_on=datetime.date(2018, 3, 15),
        actor=None,
    )
    themes = {}
    for group_name, rows in CONSIDERATIONS.items():
        group = services.workshop_group_add(workshop=workshop, name=group_name, actor=None)
        for text, theme_name in rows:
            if theme_name not in themes:
                themes[theme_name] = services.workshop_theme_create(
                    workshop=workshop, name=theme_name, actor=None
                )
            consideration = services.consideration_add(group=group, text=text, actor=None)
            services.considerations_group(
                workshop=workshop, themes={consideration.pk: themes[theme_name].pk}, actor=None
            )
    services.workshop_phase_set(workshop=workshop, phase=WorkshopPhase.RANKING, actor=None)
    for group in workshop.groups.all():
        places: dict[int, int | None] = {themes[name].pk: place for name, place in PLACES[group.name].items()}
        services.group_ranking_save(group=group, places=places, actor=None)
    services.workshop_phase_set(workshop=workshop, phase=WorkshopPhase.CLOSED, actor=None)
