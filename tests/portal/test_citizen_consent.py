"""Min side, Samtykker: the citizen sees and changes who may see the individual plan and whether health and care
and NAV may share the cases of an application; a withdrawal takes effect on the staff's very next request."""

import datetime

import pytest
from django.urls import reverse

from helhet.access import roles
from helhet.access.models import AccessAction, AccessLog
from helhet.care import services as care
from helhet.core.calendar import local_today
from helhet.core.models import ChangeRecord
from helhet.organisation.models import Staff
from helhet.people.models import Representation
from tests import factories
from tests.access.conftest import health_case
from tests.portal.citizen_helpers import citizen_client

pytestmark = pytest.mark.django_db
TODAY = local_today()


def _url(person):
    return reverse("citizen:consents", args=[person.pk])


def _case_status(client, user, case) -> int:
    client.force_login(user)
    return client.get(reverse("casework:case", args=[case.pk])).status_code


def test_withdrawing_the_consent_to_share_shuts_the_other_area_out_at_once_and_giving_it_again_lets_it_in(
    client, world, kari, case_worker, nav_worker
):
    case = health_case(world, kari, acting_user=case_worker, consent_share=True)
    assert _case_status(client, nav_worker, case) == 200
    citizen = citizen_client(kari.national_id)
    page = citizen.get(_url(kari)).content.decode()
    assert "Du har samtykket til deling." in page
    response = citizen.post(_url(kari), {"action": "unshare", "application": case.application_id})
    assert response.status_code == 302 and response["Location"] == _url(kari)
    assert _case_status(client, nav_worker, case) == 404
    # A double submit is harmless.
    assert (
        citizen.post(_url(kari), {"action": "unshare", "application": case.application_id}).status_code == 302
    )
    page = citizen.get(_url(kari)).content.decode()
    assert "Ingen deling." in page and "Samtykket ble trukket tilbake" in page
    citizen.post(_url(kari), {"action": "share", "application": case.application_id})
    assert _case_status(client, nav_worker, case) == 200
    reasons = set(
        AccessLog.objects.filter(user=nav_worker, person=kari, action=AccessAction.READ).values_list(
            "reason", flat=True
        )
    )
    assert any(reason.startswith("Samtykke gitt på nytt") for reason in reasons)
    # Every change is in the history, with who, and in the access log.
    rows = ChangeRecord.objects.filter(
        object_type="intake.application", object_id=case.application_id, actor__citizen_account__isnull=False
    )
    assert {row.reason for row in rows} == {"Endret av innbyggeren selv på Min side"}
    assert rows.filter(field="consent_withdrawn_on").count() == 2
    citizen_user = rows.first().actor
    logged = AccessLog.objects.filter(user=citizen_user, person=kari).values_list("what", flat=True)
    assert "Samtykke til deling trukket tilbake på Min side" in logged
    assert "Samtykke til deling gitt på Min side" in logged
    assert AccessLog.objects.filter(
        user=citizen_user, person=kari, action=AccessAction.READ, reason="Innbyggerens egen innsyn"
    ).exists()
    # The staff see on the person page what the citizen changed and when.
    client.force_login(case_worker)
    html = client.get(reverse("people:detail", args=[kari.pk])).content.decode()
    assert "Endret av innbyggeren på Min side" in html
    assert "Endret av innbyggeren selv på Min side" in html


def test_the_staff_entry_point_and_the_citizens_agree(
    client, world, kari, case_worker, reception, nav_worker
):
    from helhet.intake import services as intake

    case = health_case(world, kari, acting_user=case_worker, consent_share=True)
    intake.application_consent_withdraw(acting_user=reception, application=case.application)
    citizen = citizen_client(kari.national_id)
    assert "Ingen deling." in citizen.get(_url(kari)).content.decode()
    citizen.post(_url(kari), {"action": "share", "application": case.application_id})
    assert _case_status(client, nav_worker, case) == 200


@pytest.fixture
def coordinating_unit(municipality, office):
    return factories.unit(municipality, "Koordinerende enhet", kind="team", parent=office)


@pytest.fixture
def plan(world, kari_in_home_care, municipality, coordinating_unit, home_care, nurse):
    coordinator = factories.user(
        municipality, roles.COORDINATOR, username="koordinator", unit=coordinating_unit
    )
    factories.responsibility(kari_in_home_care, unit=coordinating_unit, reason="Vurderer koordinator")
    world["home_health"].provider_units.add(home_care)
    return care.coordinator_appoint(
        acting_user=coordinator,
        person=kari_in_home_care,
        coordinating_unit=coordinating_unit,
        coordinator=Staff.objects.get(user=coordinator),
        services=[world["home_health"]],
        shared_with=[home_care],
        group=[Staff.objects.get(user__username="tjenesteyter")],
    )


def test_taking_a_unit_off_the_plan_stops_its_staff_at_once_and_it_can_be_given_again(
    client, plan, nurse, home_care, kari
):
    plan_url = reverse("care:individual_plan", args=[plan.pk])
    client.force_login(nurse)
    assert client.get(plan_url).status_code == 200
    citizen = citizen_client(kari.national_id)
    page = citizen.get(_url(kari)).content.decode()
    assert home_care.name in page and "checked" in page
    assert citizen.post(_url(kari), {"action": "plan"}).status_code == 302
    client.force_login(nurse)
    assert client.get(plan_url).status_code == 404
    plan.refresh_from_db()
    assert not plan.shared_with.exists() and not plan.group.exists()  # left the responsibility group too
    citizen.post(_url(kari), {"action": "plan", "unit": [str(home_care.pk)]})
    assert client.get(plan_url).status_code == 200
    rows = ChangeRecord.objects.filter(
        object_type="care.individualplan", object_id=plan.pk, actor__citizen_account__isnull=False
    )
    assert rows.filter(field="shared_with").count() == 2


def test_a_unit_not_offered_cannot_be_slipped_in(plan, kari, municipality):
    stranger = factories.unit(municipality, "Fremmed enhet")
    citizen = citizen_client(kari.national_id)
    citizen.post(_url(kari), {"action": "plan", "unit": [str(stranger.pk)]})
    plan.refresh_from_db()
    assert stranger not in plan.shared_with.all()


def test_another_persons_ids_and_lacking_capabilities_are_404(world, kari, case_worker, municipality):
    ola = factories.person(municipality, first_name="Ola", birth_date=datetime.date(1950, 1, 2))
    olas_case = health_case(world, ola, acting_user=case_worker, consent_share=True)
    citizen = citizen_client(kari.national_id)
    assert citizen.get(_url(ola)).status_code == 404
    assert citizen.get(reverse("citizen:consents", args=[999999])).status_code == 404
    # Another person's application through my own page: 404 and nothing changes.
    assert (
        citizen.post(_url(kari), {"action": "unshare", "application": olas_case.application_id}).status_code
        == 404
    )
    olas_case.application.refresh_from_db()
    assert olas_case.application.consent_withdrawn_on is None
    for bad in ("abc", "", "9" * 40):
        assert citizen.post(_url(kari), {"action": "unshare", "application": bad}).status_code == 404
    assert citizen.post(_url(kari), {"action": "something"}).status_code == 404
    # A fullmakt to apply and follow may not change consents.
    son_id = factories.synthetic_id(datetime.date(1975, 3, 4), sex="M")
    factories.relative(
        ola, representation=Representation.POWER_OF_ATTORNEY, scope="saker", national_id=son_id
    )
    son = citizen_client(son_id)
    assert son.get(reverse("citizen:person", args=[ola.pk])).status_code == 200
    assert son.get(_url(ola)).status_code == 404
    assert (
        son.post(_url(ola), {"action": "unshare", "application": olas_case.application_id}).status_code == 404
    )
    # Not logged in as a citizen: to the login.
    anonymous = citizen.__class__()
    assert anonymous.get(_url(kari)).status_code == 302


def test_a_fullmakt_for_everything_changes_consents_and_the_history_names_the_representative(
    world, case_worker, municipality
):
    astrid = factories.person(municipality, first_name="Astrid", birth_date=datetime.date(1938, 1, 2))
    case = health_case(world, astrid, acting_user=case_worker, consent_share=True)
    son_id = factories.synthetic_id(datetime.date(1965, 3, 4), sex="M")
    factories.relative(
        astrid, name="Per Nordmann", representation="fullmakt", scope="alt", national_id=son_id
    )
    son = citizen_client(son_id)
    assert son.get(_url(astrid)).status_code == 200
    son.post(_url(astrid), {"action": "unshare", "application": case.application_id})
    row = ChangeRecord.objects.filter(object_type="intake.application", field="consent_withdrawn_on").latest(
        "pk"
    )
    assert row.reason == "Endret av Per Nordmann (fullmakt) på Min side"
    log = AccessLog.objects.filter(user=row.actor, person=astrid, action=AccessAction.READ).get()
    assert log.reason == "Som fullmektig for Astrid Nordmann"


def test_a_consent_to_ask_the_gp_is_listed_and_withdrawn_at_once_even_on_an_old_application(
    world, kari, case_worker
):
    from helhet.intake.models import Application

    old = health_case(world, kari, acting_user=case_worker, received_on=TODAY - datetime.timedelta(days=400))
    Application.objects.filter(pk=old.application_id).update(consent_gp=True, consent_nav=True)
    for _n in range(21):  # more newer applications than the page lists
        health_case(world, kari, acting_user=case_worker)
    citizen = citizen_client(kari.national_id)
    page = citizen.get(_url(kari)).content.decode()
    assert "Kommunen kan spørre fastlegen din om opplysninger." in page
    assert f"saksnummer {old.pk}" in page
    response = citizen.post(_url(kari), {"action": "withdraw_consent_gp", "application": old.application_id})
    assert response.status_code == 302
    application = Application.objects.get(pk=old.application_id)
    assert application.consent_gp is False and application.consent_nav is True
    assert ChangeRecord.objects.filter(
        object_type="intake.application", object_id=old.application_id, field="consent_gp"
    ).exists()
    # A double submit changes nothing more; an unknown consent is refused and changes nothing.
    assert (
        citizen.post(
            _url(kari), {"action": "withdraw_consent_gp", "application": old.application_id}
        ).status_code
        == 302
    )
    citizen.post(_url(kari), {"action": "withdraw_consent_share_all", "application": old.application_id})
    assert Application.objects.get(pk=old.application_id).consent_nav is True
    assert "Kommunen kan spørre fastlegen din" not in citizen.get(_url(kari)).content.decode()
