"""Procedures in versions, and deviations from report to close."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from helhet.care import selectors, services
from helhet.care.models import DeviationState
from helhet.core.calendar import local_today
from helhet.core.errors import ConflictError
from tests import factories
from tests.care.conftest import plan_with_measure

TODAY = local_today()


@pytest.fixture
def insulin(leader, home_care):
    return services.procedure_create(
        acting_user=leader,
        unit=home_care,
        title="Insulin med penn",
        text="Gjelder alle som får insulin",
        steps=["Vask hender", "Kontroller dose", ""],
        valid_from=TODAY - datetime.timedelta(days=30),
    )


def test_staff_follow_the_version_in_force_and_old_versions_stay(leader, insulin):
    services.procedure_revise(
        acting_user=leader,
        procedure=insulin,
        text="Ny penn",
        steps=["Vask hender", "Ny nål"],
        valid_from=TODAY,
    )
    services.procedure_revise(
        acting_user=leader,
        procedure=insulin,
        text="Kommende",
        steps=["Vent"],
        valid_from=TODAY + datetime.timedelta(days=10),
    )
    current = selectors.current_version(insulin, TODAY)
    assert (current.number, current.steps) == (2, ["Vask hender", "Ny nål"])
    assert [v.number for v in insulin.versions.all()] == [3, 2, 1]
    assert insulin.versions.get(number=1).steps == ["Vask hender", "Kontroller dose"]


def test_only_the_leader_approves_procedures_and_a_version_cannot_go_back_in_time(
    nurse, leader, home_care, insulin
):
    with pytest.raises(PermissionDenied):
        services.procedure_create(
            acting_user=nurse, unit=home_care, title="Sårstell", text="x", steps=["y"], valid_from=TODAY
        )
    with pytest.raises(ValidationError, match="før den forrige"):
        services.procedure_revise(
            acting_user=leader,
            procedure=insulin,
            text="x",
            steps=["y"],
            valid_from=TODAY - datetime.timedelta(days=60),
        )
    with pytest.raises(ValidationError, match="minst ett trinn"):
        services.procedure_revise(
            acting_user=leader, procedure=insulin, text="x", steps=[" "], valid_from=TODAY
        )


def test_a_measure_links_its_procedure_and_the_work_list_shows_it(client, nurse, insulin, granted):
    person, decision = granted
    plan_with_measure(
        nurse, person, decision, procedure=insulin, weekdays=[], every_n_days=3, valid_from=TODAY
    )
    client.force_login(nurse)
    html = client.get(reverse("care:worklist"), {"dato": TODAY.isoformat(), "vakt": "day"}).content.decode()
    assert "Prosedyre: Insulin med penn" in html
    page = client.get(reverse("care:procedure", args=[insulin.pk])).content.decode()
    assert "Versjon 1, gjelder fra" in page and "Kontroller dose" in page


def test_a_deviation_from_a_not_done_task_goes_to_the_leader_who_follows_up_and_closes_it(
    nurse, leader, home_care, granted, municipality
):
    person, decision = granted
    _plan, measure = plan_with_measure(nurse, person, decision, weekdays=[], every_n_days=3, valid_from=TODAY)
    deviation = services.deviation_report(
        acting_user=nurse,
        unit=None,
        measure=measure,
        task_day=TODAY,
        kind="not_done",
        severity="medium",
        what="Medisiner ikke gitt, ingen åpnet døren",
    )
    assert (deviation.unit, deviation.person) == (home_care, person)
    assert list(selectors.deviations_for_leader([home_care.pk], state="open")) == [deviation]
    with pytest.raises(PermissionDenied):
        services.deviation_close(
            acting_user=nurse, deviation=deviation, closing_measure="x", expected_version=deviation.version
        )
    with pytest.raises(ValidationError, match="tiltak som hindrer gjentakelse"):
        services.deviation_close(
            acting_user=leader, deviation=deviation, closing_measure=" ", expected_version=deviation.version
        )
    services.deviation_follow_up(
        acting_user=leader, deviation=deviation, note="Ringt pårørende", expected_version=deviation.version
    )
    services.deviation_close(
        acting_user=leader,
        deviation=deviation,
        closing_measure="Nøkkelboks montert",
        expected_version=deviation.version,
    )
    deviation.refresh_from_db()
    assert deviation.state == DeviationState.CLOSED and "Ringt pårørende" in deviation.follow_up
    [row] = selectors.deviation_statistics(municipality.pk, since=TODAY - datetime.timedelta(days=30))
    assert (row["total"], row["not_done"], row["open"]) == (1, 1, 0)


def test_who_reported_a_deviation_sees_it_reached_the_leader_and_who_took_it(
    client, nurse, leader, home_care
):
    from helhet.inbox import services as inbox
    from helhet.inbox.models import Item, ItemKind

    deviation = services.deviation_report(
        acting_user=nurse, unit=home_care, kind="incident", severity="medium", what="Fall på badet"
    )
    item = Item.objects.get(kind=ItemKind.DEVIATION, target_id=deviation.pk)
    sent = timezone.localtime(item.created_at)
    client.force_login(nurse)
    url = reverse("care:deviation", args=[deviation.pk])
    page = client.get(url).content.decode()
    assert f"Sendt til {home_care.name} {sent:%d.%m.%Y} ({leader.display_name}). Ikke tatt ennå." in page
    taken = inbox.item_take(acting_user=leader, item=item)
    when = timezone.localtime(taken.taken_at)
    page = client.get(url).content.decode()
    assert f"Tatt av {leader.display_name} {when:%d.%m.%Y} kl. {when:%H:%M}." in page
    assert "Ikke tatt ennå" not in page


def test_two_leaders_following_up_at_once_lose_nothing(leader, home_care, municipality):
    second = factories.user(municipality, "leder", username="leder2", unit=home_care, leads=True)
    deviation = services.deviation_report(
        acting_user=leader, unit=home_care, kind="incident", severity="high", what="Fall i trappen"
    )
    stale = type(deviation).objects.get(pk=deviation.pk)
    services.deviation_follow_up(acting_user=leader, deviation=deviation, note="A", expected_version=1)
    with pytest.raises(ConflictError):
        services.deviation_follow_up(acting_user=second, deviation=stale, note="B", expected_version=1)


def test_a_deviation_cannot_be_dated_in_the_future(nurse, home_care):
    with pytest.raises(ValidationError, match="fram i tid"):
        services.deviation_report(
            acting_user=nurse,
            unit=home_care,
            kind="other",
            severity="low",
            what="x",
            happened_at=timezone.now() + datetime.timedelta(hours=2),
        )


def test_reporting_on_the_page_and_the_leaders_list(client, nurse, leader, home_care):
    client.force_login(nurse)
    response = client.post(
        reverse("care:deviation_new"),
        {
            "enhet": home_care.pk,
            "kind": "incident",
            "severity": "high",
            "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "what": "Fant bruker på gulvet",
        },
        follow=True,
    )
    assert "Avviket er meldt til enhetens leder." in response.content.decode()
    client.force_login(leader)
    listing = client.get(reverse("care:deviations")).content.decode()
    assert "Hendelse eller skade" in listing and "Alvorlig" in listing
    chart = listing.split('id="month-chart-heading"')[1]
    assert "per måned, de siste 12 månedene" in chart and chart.count("<rect") == 1


def test_the_analyst_sees_deviations_counted_per_unit_and_no_person(client, analyst, leader, home_care, kari):
    services.deviation_report(
        acting_user=leader, unit=home_care, kind="incident", severity="high", what="Fall på badet"
    )
    client.force_login(analyst)
    html = client.get("/").content.decode()
    assert "Avvik siste år" in html and home_care.name in html and "Fall på badet" not in html


def test_the_leaders_work_list_points_to_new_deviations(client, leader, nurse, home_care):
    services.deviation_report(
        acting_user=nurse, unit=home_care, kind="incident", severity="low", what="Mistet nøkkel"
    )
    client.force_login(leader)
    html = client.get(reverse("care:worklist")).content.decode()
    assert "1 nytt avvik venter på oppfølging" in html
