"""The demo municipality: built from the accounts in domain.md §0, and the same when loaded twice."""

import datetime
import re

import pytest
from django.core.management import call_command

from helhet.access import roles
from helhet.access.models import Responsibility
from helhet.access.policy import visible_persons
from helhet.care.models import GoalPlan, IndividualPlan, Measure, Meeting
from helhet.core.calendar import local_today
from helhet.core.models import Municipality, User
from helhet.demo import citizens, citizens_family
from helhet.organisation.chart import chart_on
from helhet.organisation.models import Engagement, Leadership, Staff, Unit
from helhet.people import national_id
from helhet.people.models import Person, Relative


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            Municipality,
            Unit,
            Staff,
            Engagement,
            Leadership,
            Person,
            Relative,
            Responsibility,
            User,
            GoalPlan,
            Measure,
            Meeting,
            IndividualPlan,
        )
    }


@pytest.fixture
def demo(demo_loaded, db):
    """The demo, loaded once for the module (tests/demo/conftest.py)."""


def test_demo_has_the_welfare_units_of_the_municipalities_accounts(demo):
    names = set(Unit.objects.values_list("name", flat=True))
    assert {
        "Tjenestekontoret",
        "Hjemmebaserte tjenester",
        "Barn, ungdom og familie",
        "Bofellesskap Solsiden",
        "Demo sykehjem",
        "Psykisk helse og rus",
        "Fysio- og ergoterapitjenesten",
        "NAV Demo",
        "Mottak",
        "Oppfølgingsteam 1 (fødselsdag 1–10)",
        "Oppfølgingsteam 3 (fødselsdag 21–31)",
    } <= names
    assert 280 <= Staff.objects.count() <= 360
    chart = chart_on(Municipality.objects.get(number="9999"), datetime.date(2026, 6, 1))
    home_based = next(node for node in chart.walk() if node.unit.name == "Hjemmebaserte tjenester")
    assert 130 <= home_based.total_heads <= 145
    family = next(node for node in chart.walk() if node.unit.name == "Barn, ungdom og familie")
    assert 15 <= family.total_heads <= 25


def test_demo_carries_the_two_mergers_as_history(demo):
    municipality = Municipality.objects.get(number="9999")
    before = {node.unit.name for node in chart_on(municipality, datetime.date(2019, 12, 31)).walk()}
    between = {node.unit.name for node in chart_on(municipality, datetime.date(2020, 2, 1)).walk()}
    after = {node.unit.name for node in chart_on(municipality, datetime.date(2020, 3, 1)).walk()}
    assert {"Hjemmetjenesten", "Bolig, rehabilitering og aktivisering", "Barnevern"} <= before
    # domain.md §0 A: Barn, ungdom og familie from 1 January 2020, Hjemmebaserte tjenester from 1 March 2020.
    assert "Barn, ungdom og familie" in between and "Hjemmetjenesten" in between
    assert not {"Barnevern", "Helse- og familietjenester", "Hjemmebaserte tjenester"} & between
    assert {"Hjemmebaserte tjenester", "Barn, ungdom og familie"} <= after
    assert not {"Hjemmetjenesten", "Barnevern", "Helse- og familietjenester"} & after


def _population():
    """The demo's generated persons, without Min side's demo citizens (Anne Innbygger's family, Emma Berg)."""
    return Person.objects.exclude(last_name=citizens.LAST_NAME).exclude(
        first_name=citizens_family.CHILD_FIRST, last_name=citizens_family.CHILD_LAST
    )


def test_demo_persons_are_synthetic_valid_and_have_relatives(demo):
    assert _population().count() == 200
    assert Person.objects.filter(last_name=citizens.LAST_NAME).exists()  # Min side's demo citizens
    for number in Person.objects.values_list("national_id", flat=True):
        assert national_id.parse(number, allow_synthetic=True).synthetic
    assert Relative.objects.count() > 100
    assert (
        Relative.objects.filter(representation="fullmakt").exists()
        or Relative.objects.filter(person__birth_date__lt=datetime.date(1946, 1, 1)).count() < 10
    )


def test_one_demo_user_per_role_with_a_start_page(demo, client):
    for role in roles.ALL:
        user = User.objects.get(username=role)
        assert roles.roles_of(user) == {role}
        client.force_login(user)
        assert client.get("/").status_code == 200


def test_home_care_staff_have_a_caseload_in_the_demo(demo):
    nurse = User.objects.get(username=roles.PROVIDER)
    assert visible_persons(nurse, Person.objects.all()).count() >= 5


def test_loading_twice_gives_the_same_data(demo):
    before = counts()
    numbers = set(Person.objects.values_list("national_id", flat=True))
    call_command("demo", persons=200, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == before
    assert set(Person.objects.values_list("national_id", flat=True)) == numbers


def test_a_larger_population_adds_only_the_missing_persons(demo):
    population = _population()
    first = set(population.values_list("national_id", flat=True))
    call_command("demo", persons=1200, stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = set(population.values_list("national_id", flat=True))
    assert len(after) == 1200
    assert first <= after


def test_the_demo_home_care_has_plans_and_a_work_list_today(demo, client):
    from django.urls import reverse

    client.login(username=roles.PROVIDER, password="demo-helhet-2026")
    html = client.get(reverse("care:worklist"), {"vakt": "day"}).content.decode()
    assert "<h1" in html and "Mine besøk" in html
    assert re.search(r"0 av [1-9]\d* besøk ferdige", html)  # one person at one time is one visit
    assert "Morgenstell og påkledning" in html and "Personalmøte torsdag" in html
    html = client.get(reverse("care:worklist"), {"vakt": "day", "mine": "0"}).content.decode()
    assert "Besøket går til" in html and "0 av 6 besøk ferdige" not in html
    html = client.get(reverse("care:calendar")).content.decode()
    assert "Dag (07–15): 6 besøk" in html
    client.login(username=roles.LEADER, password="demo-helhet-2026")
    yesterday = (local_today() - datetime.timedelta(days=1)).isoformat()
    html = client.get(reverse("care:worklist"), {"vakt": "day", "dato": yesterday}).content.decode()
    assert "Ikke utført " in html and "(2)</h2>" in html
    assert "Legemidler ikke gitt" in client.get(reverse("care:deviations")).content.decode()


def test_the_demo_has_a_joint_conversation_day_and_coordinators(demo, client):
    from django.urls import reverse

    client.login(username="navleder", password="demo-helhet-2026")
    html = client.get(reverse("care:joint_day")).content.decode()
    assert "er satt av til fellessamtaler" in html and "ledig" in html
    client.login(username=roles.COORDINATOR, password="demo-helhet-2026")
    html = client.get(reverse("care:coordination")).content.decode()
    assert "Ikke gjennomgått på seks måneder (1)" in html and "takket nei" in html


def test_the_demo_plans_the_day_it_is_loaded_on(demo):
    from helhet.care.models import VisitAssignment
    from helhet.demo import care

    tomorrow = local_today() + datetime.timedelta(days=1)
    municipality = Municipality.objects.get(number="9999")
    care.load(municipality, tomorrow)
    care.load(municipality, tomorrow)
    assert VisitAssignment.objects.filter(day=tomorrow).count() == GoalPlan.objects.count() > 0


def test_demo_threshold_rights_follow_the_providers_and_the_service_offices(demo):
    """Issue 9 §11: the home-care leader may not change the trio threshold; the service office's leader
    may (Tjenestekontoret is the health regime's deciding office), and NAV's leader changes NAV's."""
    from helhet.catalogue.models import Service
    from helhet.catalogue.selectors import threshold_rights

    today = local_today()
    trio = Service.objects.get(name="Triosamtaler")
    money = Service.objects.get(name="Økonomisk sosialhjelp")
    home = Service.objects.get(name="Helsetjenester i hjemmet")
    leader, office, nav = (User.objects.get(username=u) for u in ("leder", "tjenestekontorleder", "navleder"))
    assert not threshold_rights(leader, trio, on=today).any
    assert threshold_rights(leader, home, on=today).service_wide
    assert threshold_rights(office, trio, on=today).service_wide
    assert threshold_rights(nav, money, on=today).service_wide
    assert not threshold_rights(nav, trio, on=today).any


def test_each_demo_case_worker_works_in_the_service_area_of_their_office(demo):
    """The service office's case workers are in health and care, the NAV leader in NAV's social services, and
    the register admin, reception and analyst are no case workers in any area."""
    from helhet.access.policy import case_areas
    from helhet.organisation.selectors import service_areas_for_user

    areas = {
        name: case_areas(User.objects.get(username=name))
        for name in ("saksbehandler", "tjenestekontorleder", "navleder")
    }
    assert areas == {
        "saksbehandler": {"health_care"},
        "tjenestekontorleder": {"health_care"},
        "navleder": {"social"},
    }
    for name in ("saksbehandler", "navleder", "resepsjon", "koordinator", "admin"):
        user = User.objects.get(username=name)
        assert case_areas(user) == service_areas_for_user(user, local_today())  # the one-query lookup agrees


def test_the_demo_says_which_roles_set_up_a_second_factor_and_prints_no_secret(db, settings):
    import io

    out = io.StringIO()
    call_command("demo", persons=5, stdout=out)
    text = out.getvalue()
    assert (
        "Rollene resepsjon, saksbehandler, tjenesteyter, leder, koordinator, kommunal administrator"
        " setter opp tofaktorinnlogging" in text
    )
    assert "otpauth://" not in text


def test_the_demo_start_pages_show_each_roles_day(demo, client):
    from django.urls import reverse

    expected = {
        roles.PROVIDER: ["Dine besøk i dag", "Åpne "],  # «Åpne arbeidslisten», or at night the next shift
        roles.LEADER: ["Ikke utført i dag", "Nye avvik", "Vedtak som venter på plan", "Besøk uten ansatt"],
        roles.CASE_WORKER: ["Dine saker etter frist"],
        roles.RECEPTION: ["Åpne henvendelser", "Videresendt, ikke tatt imot ennå"],
        roles.COORDINATOR: ["Planer som skal gjennomgås", "Nye henvisninger"],
    }
    for role, texts in expected.items():
        client.login(username=role, password="demo-helhet-2026")
        html = client.get(reverse("home")).content.decode()
        for text in texts:
            assert text in html, (role, text)
    client.login(username=roles.COORDINATOR, password="demo-helhet-2026")
    assert "Til mottaket" not in client.get(reverse("home")).content.decode()


def test_the_demo_inbox_has_new_taken_and_escalated_items_for_home_care(demo, client):
    from helhet.inbox.models import Item, ItemKind

    inquiries = Item.objects.filter(kind=ItemKind.INQUIRY)
    assert inquiries.filter(taken_at__isnull=True, escalated_at__isnull=True).count() == 1
    assert inquiries.filter(taken_by__username="tjenesteyter").count() == 1
    assert inquiries.filter(escalated_to__username="leder").count() == 1
    new_order = Item.objects.get(kind=ItemKind.ORDER, closed_at__isnull=True)
    assert new_order.due_on > new_order.created_at.date()  # sent before the decision starts
    client.force_login(User.objects.get(username="leder"))
    page = client.get("/oppgaver/").content.decode()
    assert "Løftet til leder" in page and "Tatt av" in page and "Ny bestilling" in page
