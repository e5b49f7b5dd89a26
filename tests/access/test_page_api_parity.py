"""The API allows exactly what the page allows: every role against every kind of person data.

For each (role, kind of data) the page and the API endpoint that show the same data both answer, or both
refuse (403 and 404 count alike as a refusal; which of the two follows the page's own rule). Every allowed read
writes an access-log row for the person with a reason, and the case reads state the true one."""

import pytest
from django.urls import reverse

from helhet.access.models import AccessAction, AccessLog
from tests.access.conftest import TODAY

pytestmark = pytest.mark.django_db

ROLES = (
    "reception",
    "case_worker_health",
    "case_worker_nav",
    "provider",
    "leader",
    "coordinator",
    "analyst",
    "admin",
    "outsider",
)


def _kinds(data, world) -> dict:
    """kind of person data → (page URL, API URL, the roles that may read it)."""
    person = data["person"].pk
    home_care = world["home_care"].pk
    health, social = data["health_case"].pk, data["nav_case"].pk
    register_roles = {"reception", "case_worker_health", "case_worker_nav", "admin"}
    responsible = {"provider", "leader", "coordinator"}
    return {
        "person": (
            reverse("people:detail", args=[person]),
            f"/api/v1/persons/{person}",
            register_roles | responsible,
        ),
        "register search or caseload": (
            reverse("people:list") + "?q=Nordmann",
            "/api/v1/persons?q=Nordmann",
            register_roles | responsible | {"outsider"},  # the outsider's search finds nobody here
        ),
        "access log": (
            reverse("people:access_log", args=[person]),
            f"/api/v1/persons/{person}/access-log",
            {"case_worker_health", "case_worker_nav", "admin", "leader"},
        ),
        "health case": (
            reverse("casework:case", args=[health]),
            f"/api/v1/cases/{health}",
            {"case_worker_health"},
        ),
        "NAV case": (
            reverse("casework:case", args=[social]),
            f"/api/v1/cases/{social}",
            {"case_worker_nav"},
        ),
        "handoffs of the health case": (
            reverse("casework:case", args=[health]),
            f"/api/v1/cases/{health}/handoffs",
            {"case_worker_health"},
        ),
        "decision letter": (
            reverse("casework:decision_letter", args=[data["decision"].pk]),
            f"/api/v1/decisions/{data['decision'].pk}/letter.pdf",
            {"case_worker_health"},
        ),
        "goal and action plan": (
            reverse("care:plan", args=[person]) + f"?enhet={home_care}",
            f"/api/v1/persons/{person}/plan?unit={home_care}",
            {"provider", "leader", "coordinator"},  # the coordinator reads, read-only (issue 10)
        ),
        "work list": (
            reverse("care:worklist") + f"?enhet={home_care}&dato={TODAY.isoformat()}&vakt=day",
            f"/api/v1/worklists?unit={home_care}&date={TODAY.isoformat()}&shift=day",
            {"provider", "leader"},
        ),
        "message book": (
            reverse("care:messages") + f"?enhet={home_care}",
            f"/api/v1/messages?unit={home_care}",
            {"provider", "leader"},
        ),
        "meeting": (
            reverse("care:meeting", args=[data["meeting"].pk]),
            f"/api/v1/meetings/{data['meeting'].pk}",
            {"provider", "leader", "coordinator"},
        ),
        "individual plan": (
            reverse("care:individual_plan", args=[data["individual_plan"].pk]),
            f"/api/v1/individual-plans/{data['individual_plan'].pk}",
            {"coordinator"},
        ),
    }


def _allowed(status: int) -> bool:
    assert status in (200, 403, 404), status
    return status == 200


def test_page_and_api_allow_and_refuse_alike_for_every_role_and_kind(client, world, full_person, every_role):
    person = full_person["person"]
    mismatches, wrong = [], []
    for kind, (page_url, api_url, readers) in _kinds(full_person, world).items():
        for role in ROLES:
            user = every_role[role]
            client.force_login(user)
            reads = AccessLog.objects.filter(person=person, user=user).exclude(action=AccessAction.REFUSED)
            before = reads.count()
            page = _allowed(client.get(page_url).status_code)
            after_page = reads.count()
            api = _allowed(client.get(api_url).status_code)
            after_api = reads.count()
            if page != api:
                mismatches.append(
                    f"{kind} / {role}: page {'allows' if page else 'refuses'}, API the opposite"
                )
            if page != (role in readers):
                wrong.append(f"{kind} / {role}: page {'allows' if page else 'refuses'}")
            shows_person = kind not in ("work list", "message book", "register search or caseload") or (
                role in readers and role != "outsider"
            )
            if shows_person:
                # An allowed read is logged (once by the page, once by the API); a refused one writes no read
                # (only a «refused» row, see test_access_log_coverage).
                assert (after_page > before) == page, (kind, role, "page log")
                assert (after_api > after_page) == api, (kind, role, "API log")
            else:
                assert after_api == before or page, (kind, role, "refused read left a log row")
            client.logout()
    assert not mismatches, "\n".join(mismatches)
    assert not wrong, "\n".join(wrong)
    assert not AccessLog.objects.filter(reason="").exists()


def test_case_reads_are_logged_with_the_true_reason_for_each_area(client, world, full_person, every_role):
    person = full_person["person"]
    for role, case, reason in (
        (
            "case_worker_health",
            full_person["health_case"],
            "Saksbehandler i helse og omsorg (tjenestekontoret)",
        ),
        ("case_worker_nav", full_person["nav_case"], "Saksbehandler i NAV (sosiale tjenester)"),
    ):
        user = every_role[role]
        client.force_login(user)
        assert client.get(reverse("casework:case", args=[case.pk])).status_code == 200
        api = client.get(f"/api/v1/cases/{case.pk}")
        assert api.json()["access_reason"] == reason
        rows = AccessLog.objects.filter(person=person, user=user, what__startswith="Saksside")
        assert {(row.channel, row.reason) for row in rows} == {("web", reason), ("api", reason)}
    nav_rows = AccessLog.objects.filter(user=every_role["case_worker_nav"])
    assert nav_rows.exists()
    assert not nav_rows.filter(reason__icontains="tjenestekontoret").exists()


def test_the_plan_api_refuses_reception_and_the_register_admin_as_the_page_does(
    client, world, full_person, reception, admin_user, nurse
):
    person = full_person["person"].pk
    for user in (reception, admin_user):
        client.force_login(user)
        assert client.get(reverse("care:plan", args=[person])).status_code == 403
        response = client.get(f"/api/v1/persons/{person}/plan")
        assert response.status_code == 403
        assert "Morgenstell" not in response.content.decode()
    client.force_login(nurse)
    plans = client.get(f"/api/v1/persons/{person}/plan").json()
    assert [p["unit"] for p in plans] == [world["home_care"].name]
    assert plans[0]["measures"][0]["what"] == "Morgenstell"
