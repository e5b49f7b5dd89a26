"""Break the glass (nødtilgang): a nurse without need-to-know opens a person in an emergency on a stated
reason, for a limited time, read only, logged as such, and on the unit leader's review list until reviewed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from helhet.access import roles
from helhet.access.models import AccessLog, EmergencyAccess
from helhet.access.policy import person_access
from helhet.access.selectors import emergency_accesses_to_review, persons_access_log_for_citizen
from helhet.access.services import (
    PersonNotVisible,
    access_log_write,
    emergency_access_open,
    emergency_access_review,
)
from tests import factories

REASON = "Funnet bevisstløs i trappeoppgangen, trenger pårørende og adresse"


def login(client, user):
    client.force_login(user)
    return client


def break_glass(client, person, reason=REASON):
    return client.post(reverse("people:emergency_open", args=[person.pk]), {"reason": reason})


def test_a_nurse_without_need_to_know_is_offered_emergency_access_on_the_no_access_page(client, nurse, kari):
    login(client, nurse)
    response = client.get(reverse("people:detail", args=[kari.pk]))
    assert response.status_code == 404
    assert reverse("people:emergency_open", args=[kari.pk]).encode() in response.content
    assert b"Kari" not in response.content
    unknown = client.get(reverse("people:detail", args=[kari.pk + 1000]))
    assert unknown.status_code == 404  # the same page: nothing said about whether the person exists
    assert "Be om nødtilgang".encode() in unknown.content
    assert reverse("people:emergency_open", args=[kari.pk + 1000]).encode() in unknown.content


def test_breaking_the_glass_opens_the_person_page_for_a_while_and_logs_it_as_emergency(
    client, nurse, kari, settings
):
    settings.HELHET_EMERGENCY_ACCESS_HOURS = 4
    login(client, nurse)
    response = break_glass(client, kari)
    assert response.status_code == 302
    page = client.get(reverse("people:detail", args=[kari.pk]))
    assert page.status_code == 200
    assert "Du har nødtilgang til".encode() in page.content
    # The minimum needed: no change history (past addresses and numbers) under emergency access.
    assert b"Endringshistorikk" not in page.content
    emergency = EmergencyAccess.objects.get(user=nurse, person=kari)
    assert emergency.expires_at - emergency.granted_at == datetime.timedelta(hours=4)
    rows = list(AccessLog.objects.filter(person=kari, user=nurse).order_by("seq"))
    assert [row.reason for row in rows] == ["Nødtilgang: " + REASON] * 2
    assert rows[0].what.startswith("Nødtilgang åpnet, gyldig til")
    assert rows[1].what == "Personside: personalia og pårørende"
    assert all(row.is_emergency for row in rows)


def test_emergency_access_is_read_only(nurse, kari):
    emergency_access_open(user=nurse, person=kari, reason=REASON)
    assert person_access(nurse, kari, emergency=True).emergency
    assert not person_access(nurse, kari)  # what writes and case files ask


def test_emergency_access_expires(client, nurse, kari):
    # One opened five hours ago (the database lets no one move an existing one back in time).
    opened = timezone.now() - datetime.timedelta(hours=5)
    EmergencyAccess.objects.create(
        municipality_id=kari.municipality_id,
        person_id=kari.pk,
        user=nurse,
        reason=REASON,
        granted_at=opened,
        expires_at=opened + datetime.timedelta(hours=4),
    )
    assert not person_access(nurse, kari, emergency=True)
    assert login(client, nurse).get(reverse("people:detail", args=[kari.pk])).status_code == 404


@pytest.mark.parametrize("reason", ["", "Akutt", " " * 40])
def test_a_reason_is_required(client, nurse, kari, reason):
    login(client, nurse)
    response = break_glass(client, kari, reason)
    assert response.status_code == 200
    assert "Skriv hvorfor du trenger nødtilgang".encode() in response.content
    assert not EmergencyAccess.objects.exists()
    with pytest.raises(ValidationError):
        emergency_access_open(user=nurse, person=kari, reason=reason)


def test_analysts_and_municipality_wide_roles_cannot_break_the_glass(client, analyst, case_worker, kari):
    login(client, analyst)
    assert client.get(reverse("people:emergency_open", args=[kari.pk])).status_code == 404
    assert break_glass(client, kari).status_code == 404
    with pytest.raises(PermissionDenied):
        emergency_access_open(user=analyst, person=kari, reason=REASON)
    with pytest.raises(PermissionDenied):
        emergency_access_open(user=case_worker, person=kari, reason=REASON)  # sees the register anyway
    assert not EmergencyAccess.objects.exists()


def test_no_emergency_access_to_another_municipalitys_person(client, other_municipality, kari):
    neighbour_nurse = factories.user(other_municipality, roles.PROVIDER, username="nabosykepleier")
    login(client, neighbour_nurse)
    assert break_glass(client, kari).status_code == 404
    with pytest.raises(PersonNotVisible):
        emergency_access_open(user=neighbour_nurse, person=kari, reason=REASON)
    assert not EmergencyAccess.objects.exists()


def test_a_user_who_has_need_to_know_needs_no_emergency_access(nurse, kari_in_home_care):
    with pytest.raises(ValidationError, match="trengs ikke"):
        emergency_access_open(user=nurse, person=kari_in_home_care, reason=REASON)


def test_found_by_national_id_from_the_person_list(client, nurse, kari):
    login(client, nurse)
    listing = client.get(reverse("people:list"))
    assert reverse("people:emergency_find").encode() in listing.content
    wrong = client.post(reverse("people:emergency_find"), {"national_id": "123", "reason": REASON})
    assert b"11 siffer" in wrong.content
    response = client.post(
        reverse("people:emergency_find"), {"national_id": kari.national_id, "reason": REASON}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[kari.pk])


def test_the_leader_of_the_nurses_unit_reviews_it_and_it_leaves_the_list(
    client, nurse, leader, admin_user, kari, municipality
):
    emergency = emergency_access_open(user=nurse, person=kari, reason=REASON)
    other_leader = factories.user(
        municipality,
        roles.LEADER,
        username="annenleder",
        unit=factories.unit(municipality, "Sykehjemmet"),
        leads=True,
    )
    assert emergency_accesses_to_review(leader) == [emergency]
    assert emergency_accesses_to_review(admin_user) == [emergency]
    assert emergency_accesses_to_review(other_leader) == []
    assert emergency_accesses_to_review(nurse) == []

    login(client, leader)
    page = client.get(reverse("people:emergency_reviews"))
    assert page.status_code == 200
    assert REASON.encode() in page.content
    empty = client.post(reverse("people:emergency_review", args=[emergency.pk]), {"note": ""})
    assert empty.status_code == 302
    assert emergency_accesses_to_review(leader) == [emergency]
    client.post(
        reverse("people:emergency_review", args=[emergency.pk]), {"note": "Snakket med sykepleieren: riktig"}
    )
    emergency.refresh_from_db()
    assert (emergency.reviewed_by, emergency.review_note) == (leader, "Snakket med sykepleieren: riktig")
    assert emergency.reviewed_at is not None
    assert emergency_accesses_to_review(leader) == []
    assert emergency_accesses_to_review(admin_user) == []
    assert "Ingen nødtilganger venter".encode() in client.get(reverse("people:emergency_reviews")).content
    with pytest.raises(ValidationError, match="allerede"):
        emergency_access_review(acting_user=admin_user, emergency=emergency, note="Igjen")


def test_no_one_reviews_their_own_emergency_access_and_other_leaders_cannot(leader, kari, municipality):
    own = emergency_access_open(user=leader, person=kari, reason=REASON)
    assert emergency_accesses_to_review(leader) == []
    with pytest.raises(PermissionDenied):
        emergency_access_review(acting_user=leader, emergency=own, note="Greit")
    other_leader = factories.user(
        municipality,
        roles.LEADER,
        username="annenleder",
        unit=factories.unit(municipality, "Sykehjemmet"),
        leads=True,
    )
    with pytest.raises(PermissionDenied):
        emergency_access_review(acting_user=other_leader, emergency=own, note="Greit")


def test_providers_do_not_see_the_review_list(client, nurse):
    assert login(client, nurse).get(reverse("people:emergency_reviews")).status_code == 403


def test_the_persons_access_log_page_marks_emergency_and_refused_and_shows_no_chain(
    client, nurse, admin_user, kari, django_assert_max_num_queries
):
    """The administrator, who reviews emergency accesses and reads the whole log."""
    emergency_access_open(user=nurse, person=kari, reason=REASON)
    refused = access_log_write(
        user=nurse, person=kari, action="refused", what="Personside", reason="Ingen tilgang"
    )
    login(client, admin_user)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("people:access_log", args=[kari.pk]))
    content = response.content.decode()
    assert "Nødtilgang: " + REASON in content
    assert 'data-color="danger">Nødtilgang</span>' in content
    assert "Hjemmesykepleien sone Nord" in content
    assert "Tjenesteyter" in content
    assert ">refused</span>" in content or "Avvist" in content
    assert refused.hash not in content
    assert "hash" not in content.lower()


def test_the_citizens_own_view_of_the_access_log(nurse, case_worker, kari):
    emergency_access_open(user=nurse, person=kari, reason=REASON)
    access_log_write(user=case_worker, person=kari, action="read", what="Personside", reason="Saksbehandling")
    rows = persons_access_log_for_citizen(kari)
    assert [(row.who, row.unit, row.role, row.what, row.why, row.emergency) for row in rows] == [
        ("Test Saksbehandler", "Tjenestekontoret", "Saksbehandler", "Personside", "Saksbehandling", False),
        (
            "Test Tjenesteyter",
            "Hjemmesykepleien sone Nord",
            "Tjenesteyter",
            rows[1].what,
            "Nødtilgang: " + REASON,
            True,
        ),
    ]
    assert rows[1].what.startswith("Nødtilgang åpnet")
    assert rows[0].at >= rows[1].at
    assert not hasattr(rows[0], "hash")
