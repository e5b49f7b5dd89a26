"""Every display of a person is access-logged: a walk over every route as every role.

The walk resolves every URL pattern of helhet.config.urls and every GET operation of the API, fills each
path parameter with the ids of real objects in a world where persons stand in every kind of list (cases in
several statuses, inquiries, meetings, plans, visits on today's work list, a deviation, messages, an individual
plan, an appeal) and asks each route as each role (with the unit that role has in a municipality). For every
200 answer it finds each person whose full name, national ID or relative's name the body shows, and asserts
that this request wrote an access-log row for that person for that user, one row per person at most.
It also asserts that a full national ID is shown only where it is revealed on purpose."""

import datetime
import html
import json
import re
import time
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from helhet.access.models import AccessAction, AccessLog
from helhet.access.policy import may_see_full_national_id
from helhet.access.services import emergency_access_open
from helhet.api.api import api
from helhet.care import services as care
from helhet.care.models import (
    Deviation,
    GoalPlan,
    IndividualPlan,
    Measure,
    Meeting,
    MeetingAction,
    Message,
    Procedure,
)
from helhet.care.selectors import meetings as meeting_selectors
from helhet.casework import services as casework
from helhet.casework.models import Appeal, Assessment, Case, Decision, Delivery, Letter
from helhet.catalogue.models import CareLevel, LegalRegime
from helhet.inbox.models import Item
from helhet.intake import services as intake
from helhet.intake.models import Application, ApplicationAttachment, Inquiry
from helhet.organisation.models import Staff
from helhet.people.models import ParentInformationLimit, Person, Relative
from tests import factories
from tests.access.conftest import TODAY, health_case
from tests.care.conftest import grant, plan_with_measure

pytestmark = pytest.mark.django_db

# Where the full national ID is shown on purpose: the reveal (logged on its own), and the edit form of the
# roles that may see and correct the full number.
# Query strings that make the list pages show more than their default.
EXTRA_QUERIES = {
    "people:list": ["q=Nordmann", "q=Berg", "q=Hansen"],
    "care:worklist": [
        "enhet={home_care}&dato={today}&vakt=day",
        "enhet={home_care}&dato={today}&vakt=day&min=1",
    ],
    "care:plan": ["enhet={home_care}"],
    "care:delivery": ["enhet={home_care}"],
    "care:messages": ["enhet={home_care}"],
    "care:deviations": ["enhet={home_care}"],
    "care:calendar": ["enhet={home_care}"],
    "care:joint_day": ["person={kari}"],
    "care:meeting_new": ["person={kari}"],
    "care:deviation_new": ["person={ragnhild}"],
    "care:appoint": ["person={per}"],
    "casework:application_create": ["person={per}", "henvendelse={inquiry}"],
    "intake:inquiry_create": ["person={per}"],
}
# The lists that wrote no row before (issue 11): each must be walked with persons on it.
LISTS = {
    "casework:queue",
    "intake:desk",
    "care:worklist",
    "care:delivery",
    "care:meetings",
    "care:calendar",
    "care:coordination",
    "care:joint_day",
    "care:deviations",
    "care:messages",
    "people:list",
    "api:/api/v1/messages",
    "api:/api/v1/worklists",
    "api:/api/v1/delivery",
    "api:/api/v1/persons",
}
API_QUERY = {
    "unit": "{home_care}",
    "date": "{today}",
    "shift": "day",
    "q": "Nordmann",
}


@dataclass
class Walk:
    routes: set
    persons: set
    displays: int
    failures: list
    leaks: list


@pytest.fixture
def rich_world(
    world, full_person, every_role, municipality, case_worker, reception, nurse, leader, coordinating_unit
):
    """full_person's Kari (a granted health case with an appeal, a NAV case, a plan, a message, a meeting and
    an individual plan), Ragnhild on today's work list (assigned, an appointment, a deviation, a message, a
    relative), Per with a fresh case and an inquiry at the desk, Anne with a withdrawn case."""
    home_care = world["home_care"]
    kari = full_person["person"]
    factories.relative(kari, name="Ola Nordmann", phone="99887766")
    ragnhild = factories.person(
        municipality, first_name="Ragnhild", last_name="Berg", street_address="Storgata 3", phone="41234567"
    )
    factories.relative(ragnhild, name="Sverre Berg")
    decision = grant(world, case_worker, ragnhild, amount=14)
    plan_with_measure(nurse, ragnhild, decision, weekdays=list(range(7)), times=["08:00", "12:00"])
    care.visit_assign(
        acting_user=leader,
        unit=home_care,
        person=ragnhild,
        day=TODAY,
        shift="day",
        staff=Staff.objects.get(user=nurse),
    )
    noon = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(12, 30)))
    care.appointment_add(acting_user=nurse, person=ragnhild, kind="doctor", starts_at=noon, what="Legetime")
    care.deviation_report(
        acting_user=nurse,
        unit=home_care,
        kind="not_done",
        severity="low",
        what="Middag ble ikke gitt",
        person=ragnhild,
        happened_at=timezone.now() - datetime.timedelta(hours=1),
    )
    care.message_post(acting_user=nurse, unit=home_care, text="Ny nøkkelboks", person=ragnhild)
    reserved = care.joint_day_reserve(
        acting_user=leader,
        unit=home_care,
        weekday=2,
        starts=datetime.time(9),
        ends=datetime.time(11),
        slot_minutes=60,
    )
    care.joint_slot_book(
        acting_user=leader,
        joint_day=reserved,
        day=meeting_selectors.next_joint_days(reserved)[0],
        time=datetime.time(9),
        person=ragnhild,
        units=[coordinating_unit],
    )
    per = factories.person(municipality, first_name="Per", last_name="Hansen", street_address="Fjellveien 2")
    health_case(world, per, acting_user=case_worker)
    intake.inquiry_register(
        acting_user=reception,
        municipality=municipality,
        channel="phone",
        about="Spør om trygghetsalarm",
        person=per,
    )
    anne = factories.person(municipality, first_name="Anne", last_name="Lie", street_address="Bakken 5")
    casework.case_transition(
        acting_user=case_worker,
        case=health_case(world, anne, acting_user=case_worker),
        to="withdrawn",
        note="Ønsker ikke hjelp likevel",
    )
    casework.appeal_register(
        acting_user=case_worker,
        decision=full_person["decision"],
        received_on=TODAY,
        change_wanted="Mer hjelp om kvelden",
        reasons="Klarer meg ikke",
    )
    measure = Measure.objects.filter(plan__person=ragnhild).first()
    # The nurse breaks the glass for Anne, so the leader's review list names a person too.
    emergency = emergency_access_open(
        user=nurse, person=anne, reason="Ringt av legevakten, trenger pårørendes telefonnummer nå"
    )
    # A file sent with an application, so the case page's download is walked too.
    sent = Application.objects.order_by("pk").first()
    ApplicationAttachment.objects.create(
        municipality_id=sent.municipality_id,
        person=sent.person,
        application=sent,
        name="legeerklaering.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
        content=b"%PDF-1.4\n",
        uploaded_by=case_worker,
    )
    return {
        "persons": [kari, ragnhild, per, anne],
        "users": every_role,
        "ids": {
            "home_care": home_care.pk,
            "today": TODAY.isoformat(),
            "kari": kari.pk,
            "ragnhild": ragnhild.pk,
            "per": per.pk,
            "inquiry": Inquiry.objects.get(person=per).pk,
        },
        "params": {
            "person_id": [kari.pk, ragnhild.pk, per.pk],
            # A granted case with an appeal, a NAV case, a fresh case and a withdrawn one.
            "case_id": [
                full_person["health_case"].pk,
                full_person["nav_case"].pk,
                Case.objects.get(person=per).pk,
                Case.objects.get(person=anne).pk,
            ],
            "application_id": list(Application.objects.values_list("pk", flat=True)),
            "attachment_id": list(ApplicationAttachment.objects.values_list("pk", flat=True)),
            # Min side's documents (a staff session reaches none of them: the citizen's login).
            "assessment_id": list(Assessment.objects.values_list("pk", flat=True)[:1]) or [999999],
            "decision_id": list(Decision.objects.order_by("pk").values_list("pk", flat=True)[:2]),
            "appeal_id": list(Appeal.objects.values_list("pk", flat=True)),
            "letter_id": list(Letter.objects.values_list("pk", flat=True)[:2]) or [999999],
            "inquiry_id": list(Inquiry.objects.values_list("pk", flat=True)),
            "relative_id": list(Relative.objects.values_list("pk", flat=True)[:2]) or [999999],
            "limit_id": list(ParentInformationLimit.objects.values_list("pk", flat=True)[:1]) or [999999],
            "meeting_id": list(Meeting.objects.values_list("pk", flat=True)),
            "message_id": list(Message.objects.values_list("pk", flat=True)[:1]),
            "action_id": list(MeetingAction.objects.values_list("pk", flat=True)[:1]) or [999999],
            "procedure_id": list(Procedure.objects.values_list("pk", flat=True)[:1]) or [999999],
            "deviation_id": list(Deviation.objects.values_list("pk", flat=True)),
            "level_id": list(CareLevel.objects.values_list("pk", flat=True)[:1]),
            "service_id": [world["home_health"].pk],
            "regime_id": list(LegalRegime.objects.values_list("pk", flat=True)[:1]),
            "number": [municipality.number],
            "term_id": [999999],  # search words name no persons
            "task_id": [f"{measure.pk}-{TODAY:%Y%m%d}-0800"],
            "action": ["svar", "book", "videresend"],
            "goal_plan_id": list(GoalPlan.objects.values_list("pk", flat=True)),
            "individual_plan_id": list(IndividualPlan.objects.values_list("pk", flat=True)),
            "emergency_id": [emergency.pk],
            "item_id": list(Item.objects.values_list("pk", flat=True)) or [999999],
            "delivery_id": list(Delivery.objects.values_list("pk", flat=True)[:2]) or [999999],
            # User administration, tokens and exports name no persons; their pages are walked all the same.
            "user_id": sorted(user.pk for user in every_role.values()),
            "grant_id": [999999],
            "engagement_id": [999999],
            "role": ["saksbehandler"],
            "token_id": [999999],
            "export_id": [999999],
            "workshop_id": [999999],  # workshops (insight) name no persons
            "consideration_id": [999999],
            "group_id": [999999],
            # The organisation's own pages (scenarios, units, saved names, imports, meetings, rooms) name no persons.
            "scenario_id": [999999],
            "unit_id": [999999],
            "alias_id": [999999],
            "import_id": [999999],
            "series_id": [999999],
            "occurrence_id": [999999],
            "booking_id": [999999],
            "uidb64": ["MQ"],
            "token": ["ugyldig"],
        },
    }


def _page_routes():
    """(name, route with <converters>) of every page pattern; the API's come from its OpenAPI."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith("api/"):
                    continue
                space = pattern.namespace or namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append((name, "/" + prefix + str(pattern.pattern)))

    walk(get_resolver().url_patterns, "", "")
    return found


def _api_routes():
    schema = api.get_openapi_schema()
    routes = []
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        route = re.sub(r"\{(\w+)\}", r"<\1>", path)
        query = {p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"}
        routes.append((f"api:{path}", route, query))
    return routes


def _param_values(name: str, param: str, world) -> list:
    params = world["params"]
    if param == "plan_id":
        key = "goal_plan_id" if name == "care:extra" else "individual_plan_id"
        return params[key]
    return params[param]


def _expand(name: str, route: str, world) -> list[str]:
    urls = [route]
    for param in re.findall(r"<(?:\w+:)?(\w+)>", route):
        values = _param_values(name, param, world)
        urls = [
            re.sub(r"<(?:\w+:)?" + param + ">", str(value), url, count=1) for url in urls for value in values
        ]
    return urls


def _urls(world) -> list[tuple[str, str]]:
    ids = world["ids"]
    urls = []
    for name, route in _page_routes():
        if name in ("logout", "login"):
            continue
        for url in _expand(name, route, world):
            urls.append((name, url))
            for query in EXTRA_QUERIES.get(name, []):
                urls.append((name, f"{url}?{query.format(**ids)}"))
    for name, route, query in _api_routes():
        if route.endswith((".pdf", "openapi.json")):
            continue
        given = "&".join(f"{key}={value.format(**ids)}" for key, value in API_QUERY.items() if key in query)
        for url in _expand(name, route, world):
            urls.append((name, f"{url}?{given}" if given else url))
    return urls


def _text_of(response) -> str:
    content_type = response.get("Content-Type", "")
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode("utf-8", "replace")
    if "ndjson" in content_type:  # JSON Lines (the KPR export): every string and number of every line
        return "\n".join(json.dumps(json.loads(line), ensure_ascii=False) for line in body.splitlines())
    if "json" in content_type:
        strings = []

        def walk(value):
            if isinstance(value, dict):
                if "first_name" in value and "last_name" in value:
                    strings.append(f"{value['first_name']} {value['last_name']}")
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)
            elif isinstance(value, str | int):
                strings.append(str(value))

        walk(json.loads(body or "null"))
        return "\n".join(strings)
    if "html" in content_type:
        return html.unescape(body)
    return ""


def _markers(persons) -> dict[int, list[str]]:
    """Per person what identifies them on a page: full name, national ID, the relatives' names."""
    markers = {}
    for person in persons:
        found = [person.full_name, f"{person.last_name}, {person.first_name}", person.national_id]
        found += list(Relative.objects.filter(person=person).values_list("name", flat=True))
        markers[person.pk] = found
    return markers


def _walk(client, world) -> Walk:
    markers = _markers(world["persons"])
    national_ids = {p.pk: p.national_id for p in world["persons"]}
    result = Walk(routes=set(), persons=set(), displays=0, failures=[], leaks=[])
    urls = _urls(world)
    for role, user in world["users"].items():
        client.force_login(user)
        for name, url in urls:
            before = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            response = client.get(url)
            if response.status_code != 200:
                continue
            result.routes.add(name)
            text = _text_of(response)
            if not text:
                continue
            shown = {pk for pk, marks in markers.items() if any(mark in text for mark in marks)}
            if not shown:
                continue
            rows = list(
                AccessLog.objects.filter(pk__gt=before, user=user)
                .exclude(action=AccessAction.REFUSED)
                .values_list("person_id", "action")
            )
            logged = {person_id for person_id, _ in rows}
            result.displays += len(shown)
            result.persons |= shown
            for pk in sorted(shown - logged):
                result.failures.append(f"{role} GET {url} ({name}): shows person {pk} without a log row")
            searches = [person_id for person_id, action in rows if action == AccessAction.SEARCH]
            if len(searches) != len(set(searches)):
                result.failures.append(f"{role} GET {url} ({name}): more than one list row per person")
            revealed = name == "people:national_id" or (
                name == "people:edit" and may_see_full_national_id(user)
            )
            if not revealed and "html" in response.get("Content-Type", ""):
                for pk, number in national_ids.items():
                    if number in text:
                        result.leaks.append(f"{role} GET {url} ({name}): full national ID of person {pk}")
        client.logout()
    return result


def test_every_person_any_route_shows_to_any_role_is_access_logged_by_that_request(client, rich_world):
    started = time.monotonic()
    walk = _walk(client, rich_world)
    assert not walk.failures, "\n".join(walk.failures)
    assert not walk.leaks, "\n".join(walk.leaks)
    # The walk cannot pass by finding nothing: it answered on most routes and saw every person many times.
    assert len(walk.routes) >= 60, sorted(walk.routes)
    assert walk.routes >= LISTS, sorted(LISTS - walk.routes)
    assert walk.persons == {p.pk for p in rich_world["persons"]}
    assert walk.displays >= 200, walk.displays
    assert time.monotonic() - started < 300  # about 40 s on an idle machine


def test_a_list_page_writes_one_row_per_person_in_one_insert(client, rich_world):
    """The case worker's queue shows persons in the queue and on the deadline board; each gets one row,
    naming what the page showed, written in one insert after the page is made."""
    user = rich_world["users"]["case_worker_health"]
    client.force_login(user)
    before = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/saker/").status_code == 200
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "access_accesslog"')]
    assert len(inserts) == 1
    rows = AccessLog.objects.filter(pk__gt=before)
    persons = [row.person_id for row in rows]
    assert len(persons) == len(set(persons)) >= 3
    assert {row.action for row in rows} == {AccessAction.SEARCH}
    assert all(row.what.startswith("Saksliste") and "Fristoversikt" in row.what for row in rows)


def test_refused_attempts_are_logged_with_why_for_the_person_asked_for(client, rich_world):
    users, ids = rich_world["users"], rich_world["ids"]
    per, kari = ids["per"], ids["kari"]
    health, nav = rich_world["params"]["case_id"][0], rich_world["params"]["case_id"][1]
    attempts = [
        ("provider", f"/personer/{per}/", 404, per, "ansvar for personen"),
        ("provider", f"/api/v1/persons/{per}", 404, per, "ansvar for personen"),
        ("analyst", f"/personer/{kari}/", 404, kari, "rollen gir ikke tilgang"),
        ("outsider", f"/personer/{kari}/", 404, kari, "annen kommune"),
        ("case_worker_nav", f"/saker/{health}/", 404, kari, "annet tjenesteområde"),
        ("case_worker_health", f"/api/v1/cases/{nav}", 404, kari, "annet tjenesteområde"),
        ("reception", f"/saker/{health}/", 403, kari, "saksdokumenter"),
        ("reception", f"/arbeidsliste/plan/{kari}/", 403, kari, "tjenesteytere og ledere"),
        ("admin", f"/api/v1/persons/{kari}/plan", 403, kari, "tjenesteytere og ledere"),
    ]
    for role, url, status, person_id, why in attempts:
        user = users[role]
        client.force_login(user)
        before = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first()
        assert client.get(url).status_code == status, (role, url)
        rows = list(AccessLog.objects.filter(pk__gt=before, user=user))
        assert [(row.person_id, row.action) for row in rows] == [(person_id, AccessAction.REFUSED)], (
            role,
            url,
        )
        assert why in rows[0].reason, (role, url, rows[0].reason)
        assert rows[0].channel == ("api" if url.startswith("/api/") else "web")
    # The person's access log page names the attempts as refused.
    client.force_login(users["admin"])
    page = client.get(f"/personer/{kari}/tilgangslogg/").content.decode()
    assert "Avvist" in page


def test_reception_edits_a_person_without_ever_getting_the_full_national_id(client, rich_world):
    reception, kari = rich_world["users"]["reception"], rich_world["persons"][0]
    client.force_login(reception)
    url = f"/personer/{kari.pk}/endre/"
    page = client.get(url).content.decode()
    assert kari.national_id not in page
    assert kari.masked_national_id in page
    form = {
        "national_id": "",
        "first_name": "Kari",
        "last_name": "Nordmann-Lie",
        "street_address": "Storgata 1",
        "version": Person.objects.get(pk=kari.pk).version,
    }
    assert client.post(url, form).status_code == 302
    kari_now = Person.objects.get(pk=kari.pk)
    assert (kari_now.last_name, kari_now.national_id) == ("Nordmann-Lie", kari.national_id)
