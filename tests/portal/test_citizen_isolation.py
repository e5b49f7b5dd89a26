"""The citizen never sees another person's data: every route of Min side, with another person's ids, is 404.

The walk finds the routes itself (every pattern in the `citizen` namespace), so a new page is covered the
day it is added; a URL argument the walk does not know how to fill fails the test, so it must be taught
(OBJECTS below) rather than skipped. Each route is asked for with GET and POST:
- as the other person (person_id of someone the citizen may not act for, with that person's objects);
- as the citizen's own person, but with the other person's objects (an id swapped inside one's own page).
Both must be 404: the same answer as for ids that do not exist, so nothing is learnt from the status.
A route that takes no POST at all answers 405 to it whatever the ids (checked against one's own ids), which
tells nothing either.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from helhet.care.models import Meeting
from helhet.casework import services
from helhet.casework.models import Appeal, Assessment, Case, Decision, Letter
from helhet.intake.models import ApplicationAttachment
from tests import factories
from tests.portal.citizen_helpers import citizen_client
from tests.portal.test_citizen_innsyn import a_meeting

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 23)


def _citizen_patterns() -> list[tuple[str, list[str]]]:
    """(url name, argument names) of every route in the citizen namespace."""
    found = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "citizen":
            for pattern in entry.url_patterns:
                assert isinstance(pattern, URLPattern)
                found.append((pattern.name, list(pattern.pattern.converters)))
    assert found, "no citizen routes found"
    return found


def _case_with_letter(world, user, person) -> Case:
    case = services.application_receive(
        acting_user=user,
        municipality=person.municipality,
        person=person,
        received_on=TODAY,
        need="Klarer ikke stell og påkledning.",
        signed_by="person",
    )
    services.assessment_record(
        acting_user=user,
        case=case,
        kind="home_visit",
        held_on=TODAY,
        scores={"personlig_hygiene": 4, "kle_seg": 4},
        sources="Hjemmebesøk",
        lives_alone=True,
    )
    draft = services.decision_draft_create(
        acting_user=user,
        case=case,
        service=world["home_health"],
        outcome="INNVILGET",
        scope_amount=3,
        scope_unit="visits_week",
        content="Hjelp med morgenstell.",
        start_date=TODAY,
        review_date=D(2027, 5, 1),
        facts="Trenger hjelp med stell.",
        considerations="Laveste effektive nivå.",
        payment="Gratis.",
        provider_unit=world["home_care"],
    )
    decision = services.decision_send(acting_user=user, decision=draft, sent_on=TODAY)
    services.appeal_register(
        acting_user=user, decision=decision, received_on=TODAY, change_wanted="Ønsker hjelp om kvelden."
    )
    ApplicationAttachment.objects.create(
        municipality=person.municipality,
        person=person,
        application=case.application,
        name="legeerklaering.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        content=PDF,
        uploaded_by=user,
    )
    a_meeting(person, world["home_care"], user)
    return case


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


# For each URL argument: how to find the object of that kind belonging to a person's world.
OBJECTS = {
    "case_id": lambda person: Case.objects.filter(person=person).first(),
    "decision_id": lambda person: Decision.objects.filter(case__person=person).first(),
    "letter_id": lambda person: Letter.objects.filter(case__person=person).first(),
    "application_id": lambda person: person.applications.first(),
    "attachment_id": lambda person: ApplicationAttachment.objects.filter(person=person).first(),
    "assessment_id": lambda person: Assessment.objects.filter(case__person=person).first(),
    "meeting_id": lambda person: Meeting.objects.filter(person=person).first(),
    "appeal_id": lambda person: Appeal.objects.filter(decision__case__person=person).first(),
}


@pytest.fixture
def two_worlds(world, case_worker):
    municipality = world["office"].municipality
    mine = factories.person(municipality, first_name="Kari", birth_date=D(1950, 3, 4))
    theirs = factories.person(municipality, first_name="Ola", birth_date=D(1951, 3, 20))
    for person in (mine, theirs):
        _case_with_letter(world, case_worker, person)
    return mine, theirs


def _args(names, person_for_person_id, person_for_objects):
    values = []
    for name in names:
        if name == "person_id":
            values.append(person_for_person_id.pk)
            continue
        assert name in OBJECTS, (
            f"the isolation walk does not know the URL argument {name!r}: add it to OBJECTS"
        )
        found = OBJECTS[name](person_for_objects)
        assert found is not None, f"the test world has no {name!r} for the person: build one in two_worlds"
        values.append(found.pk)
    return values


def test_every_citizen_route_is_404_with_another_persons_ids(two_worlds):
    mine, theirs = two_worlds
    client = citizen_client(mine.national_id)
    checked = 0
    for name, arguments in _citizen_patterns():
        if "person_id" not in arguments:
            continue
        combinations = [(theirs, theirs)]
        if len(arguments) > 1:
            combinations.append((mine, theirs))
        for person_for_person_id, person_for_objects in combinations:
            url = reverse(f"citizen:{name}", args=_args(arguments, person_for_person_id, person_for_objects))
            own = reverse(f"citizen:{name}", args=_args(arguments, mine, mine))
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                if response.status_code == 405:
                    assert getattr(client, method)(own).status_code == 405, f"{method.upper()} {name}"
                    continue
                assert response.status_code == 404, f"{method.upper()} {name} answered {response.status_code}"
                checked += 1
    assert checked >= 2


def test_the_citizens_own_routes_answer(two_worlds):
    """The walk's counterpart: with one's own ids, the GET routes answer (so 404 above is not vacuous)."""
    mine, _ = two_worlds
    client = citizen_client(mine.national_id)
    for name, arguments in _citizen_patterns():
        if "person_id" not in arguments:
            continue
        url = reverse(f"citizen:{name}", args=_args(arguments, mine, mine))
        response = client.get(url)
        assert response.status_code in (200, 302, 405), f"GET {name} answered {response.status_code}"


def test_the_header_brings_a_citizen_back_to_min_side_not_to_staff_pages(two_worlds):
    """The crest and name in the header lead home; for a citizen that is Min side (staff pages are 404)."""
    mine, _ = two_worlds
    html = citizen_client(mine.national_id).get(reverse("citizen:home")).content.decode()
    assert f'class="hh-brand" href="{reverse("citizen:home")}"' in html
