"""The person page's change history (endringshistorikk) shows the person's personalia and relatives only.

Applications, a service's appointments and inbox items name the person as the scope of their history rows,
but each follows its own access rule: an application's history is shown on the case it became (case access),
an inbox item's nowhere on the person page. For every role that may open the person page, its history never
names an object of another app, nor any of their values."""

import pytest
from django.urls import reverse

from helhet.core.models import ChangeRecord
from helhet.intake import services as intake
from helhet.people import services as people
from tests.access.test_page_api_parity import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def person_with_history(world, full_person, reception):
    """Kari from full_person (a NAV application, a health application, a coordinator appointment sent to the
    inbox), a relative added at the desk, and an inquiry about her forwarded to home care."""
    kari = full_person["person"]
    people.relative_add(
        acting_user=reception, person=kari, name="Ola Nordmann", relation="child", phone="91234567"
    )
    inquiry = intake.inquiry_register(
        acting_user=reception,
        municipality=kari.municipality,
        channel="phone",
        about="Trenger hjelp hjemme",
        person=kari,
    )
    intake.inquiry_forward(
        acting_user=reception, inquiry=inquiry, to_unit=world["home_care"], reason="Hjemmesykepleie"
    )
    return full_person


def _history(response) -> tuple[list[ChangeRecord], str]:
    html = response.content.decode()
    start = html.find("Endringshistorikk")
    return list(response.context["history"].rows), html[start:] if start >= 0 else ""


def test_the_person_pages_history_never_shows_another_apps_objects_for_any_role(
    client, person_with_history, every_role
):
    kari = person_with_history["person"]
    foreign = ChangeRecord.objects.filter(scope_type="people.person", scope_id=kari.pk).exclude(
        object_type__startswith="people."
    )
    # The world this test guards against: applications and inbox items do name Kari as their scope.
    assert {"intake.application", "inbox.item"} <= set(foreign.values_list("object_type", flat=True))
    opened = []
    for role in ROLES:
        client.force_login(every_role[role])
        response = client.get(reverse("people:detail", args=[kari.pk]))
        client.logout()
        if response.status_code != 200:
            continue
        opened.append(role)
        rows, section = _history(response)
        assert rows, role
        assert {row.object_type for row in rows} <= {"people.person", "people.relative"}, role
        assert "Ola Nordmann" in section, role
        for row in foreign:
            assert row.object_label not in section, (role, row.object_type, row.object_label)
        for text in ("Økonomisk sosialhjelp", "Trenger penger til mat", "Hjelp med stell", "koordinator"):
            assert text not in section, (role, text)
    assert {"reception", "provider", "leader", "coordinator", "admin"} <= set(opened)


def test_the_case_page_shows_the_history_of_its_own_application(client, person_with_history, every_role):
    case = person_with_history["nav_case"]
    client.force_login(every_role["case_worker_nav"])
    response = client.get(reverse("casework:case", args=[case.pk]))
    assert response.status_code == 200
    rows, section = _history(response)
    assert ("intake.application", case.application_id) in {(row.object_type, row.object_id) for row in rows}
    assert "Trenger penger til mat og husleie" in section
    # The health application of the same person is another case's, in another area.
    assert "Hjelp med stell om morgenen" not in section
    health = client.get(reverse("casework:case", args=[person_with_history["health_case"].pk]))
    assert health.status_code in (403, 404)
