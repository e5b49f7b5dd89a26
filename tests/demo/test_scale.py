"""The scale generator (bench/scale.py) at a tiny scale: what it makes holds the models' rules and the chain."""

import datetime
import importlib.util
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count, F, Q

from helhet.access import chain
from helhet.access.models import AccessLog, Responsibility
from helhet.care import selectors as care_selectors
from helhet.care.models import GoalPlan, Measure, TaskRecord, VisitAssignment
from helhet.casework.models import Case, Decision
from helhet.core.calendar import local_today
from helhet.core.models import Municipality, User
from helhet.demo import loader
from helhet.organisation.models import Unit
from helhet.people import national_id
from helhet.people.models import Person, Relative

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the scale generator loads with COPY: PostgreSQL only"
    ),
    pytest.mark.django_db,
]

SCALE = 0.0003  # 210 persons, about 300 cases, 3 000 task records, 1 500 access-log rows
EXPLANATION = "Skalagenerator: etter tjenesteområde"


def _scale_module():
    path = Path(__file__).resolve().parents[2] / "bench" / "scale.py"
    spec = importlib.util.spec_from_file_location("bench_scale", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _generate(settings):
    settings.HELHET_ALLOW_SYNTHETIC_IDS = True
    today = local_today()
    loader.load(persons=80, today=today)  # the demo's own scenarios need some persons
    municipality = Municipality.objects.get(number=loader.NUMBER)
    demo_log_rows = AccessLog.objects.filter(municipality=municipality).count()
    scale = _scale_module()
    report = scale.generate(scale=SCALE, seed=7, today=today, progress=lambda message: None)
    return scale, report, municipality, today, demo_log_rows


def _counts_and_statuses_are_what_the_report_says(generated):
    scale, report, _municipality, _today, _rows = generated
    persons = round(scale.PERSONS * SCALE)
    assert report.rows["people_person"] == persons
    cases = Case.objects.filter(application__routing_explanation=EXPLANATION)
    by_status = dict(cases.values_list("status").annotate(n=Count("pk")))
    assert by_status == report.statuses
    assert sum(by_status.values()) == report.rows["casework_case"]
    # Around the scaled targets (sampling noise at a tiny scale).
    assert 0.6 * scale.CASES * SCALE < cases.count() < 1.4 * scale.CASES * SCALE
    assert 0.9 * scale.TASK_RECORDS * SCALE < TaskRecord.objects.count() < 1.1 * scale.TASK_RECORDS * SCALE
    assert report.rows["access_accesslog"] == round(scale.ACCESS_LOGS * SCALE)
    active = cases.filter(status__in=("follow_up", "evaluation", "revised")).values("person").distinct()
    assert active.count() == report.active_recipients
    assert (
        0.4 * scale.ACTIVE_RECIPIENTS * SCALE
        < report.active_recipients
        < 1.6 * scale.ACTIVE_RECIPIENTS * SCALE
    )


def _each_status_has_the_decisions_it_should(generated):
    cases = Case.objects.filter(application__routing_explanation=EXPLANATION)
    sent = Decision.objects.filter(state="sent")
    # Not yet decided or withdrawn: no decision at all.
    assert not Decision.objects.filter(
        case__in=cases.filter(status__in=("received", "assessment", "review", "withdrawn"))
    ).exists()
    assert not sent.filter(case__in=cases.filter(status__in=("drafting", "decided"))).exists()
    # Every active service has a sent, granted decision in force, and its provider unit's responsibility.
    for case in cases.filter(status__in=("follow_up", "evaluation", "revised")):
        current = sent.filter(
            case=case, superseded_by__isnull=True, outcome__in=("INNVILGET", "DELVIS_INNVILGET")
        )
        decision = current.get()
        assert decision.start_date <= local_today()
        assert decision.end_date is None or decision.end_date > local_today()
        assert Responsibility.objects.filter(
            source=f"decision:{decision.pk}", unit=decision.provider_unit, person=case.person
        ).exists()
    # Ended and appealed cases: a sent decision; appeals are against a refusal.
    for case in cases.filter(status__in=("ended", "appeal", "appeal_forwarded")):
        assert sent.filter(case=case).exists()
    assert not sent.filter(case__status__in=("appeal", "appeal_forwarded"), outcome="INNVILGET").exists()
    # Open cases are young, and the case's received date lies after the person's birth.
    assert not cases.filter(
        status="received", received_on__lt=local_today() - datetime.timedelta(days=42)
    ).exists()
    assert not cases.filter(received_on__lte=F("person__birth_date")).exists()


def _persons_have_valid_unique_synthetic_ids_and_common_surnames_are_frequent(generated):
    scale, _report, municipality, _today, _rows = generated
    persons = Person.objects.filter(municipality=municipality)
    for person in persons.iterator():
        parsed = national_id.parse(person.national_id)
        assert (parsed.birth_date, parsed.sex) == (person.birth_date, person.sex)
    assert persons.values("national_id").distinct().count() == persons.count()
    assert (
        not Relative.objects.filter(is_next_of_kin=True)
        .values("person")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    surnames, weights = scale._surnames()
    assert surnames[:3] == ["Hansen", "Johansen", "Olsen"]
    assert weights[0] > weights[1] > weights[2] > weights[-1]
    assert weights[0] > 30 * weights[-1]
    assert 0.01 < weights[0] < 0.02  # Hansen: about 1.5 % of the population


def _the_access_log_chain_verifies_with_ten_years_of_history(generated):
    _scale, report, municipality, today, demo_rows = generated
    result = chain.verify(municipality.pk)
    assert result.ok, result.broken
    assert result.rows == demo_rows + report.rows["access_accesslog"] == report.chain_head
    generated_rows = AccessLog.objects.filter(municipality=municipality, seq__gt=demo_rows)
    oldest = generated_rows.order_by("seq").first()
    assert oldest.at.date() < today - datetime.timedelta(days=9 * 365)
    assert generated_rows.order_by("-seq").first().at.date() < today
    # The trigger that stamps the time is back: a row written now gets the database's time.
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = 'access_accesslog_stamp_time'")
        assert cursor.fetchone()[0] == "O"


def _the_nurses_team_has_a_work_list_and_new_rows_get_new_ids(generated):
    _scale, _report, municipality, today, _rows = generated
    team = Unit.objects.get(
        municipality=municipality, name="Hjemmesykepleien sone Nord", valid_to__isnull=True
    )
    leader = User.objects.get(username="leder")
    visits = care_selectors.worklist(leader, unit=team, day=today, shift="day")
    assert visits
    assert VisitAssignment.objects.filter(unit=team, day=today).exists()
    assert (
        GoalPlan.objects.filter(unit=team, person__postal_place="Oslo").count()  # the generated persons
        == Measure.objects.filter(
            plan__unit=team, plan__person__postal_place="Oslo", what="Morgenstell"
        ).count()
    )
    assert not TaskRecord.objects.filter(day__gte=today).exists()
    assert not TaskRecord.objects.filter(Q(status="not_done") & Q(reason="")).exists()
    # The sequences were moved past the generated ids.
    person = Person.objects.filter(municipality=municipality).first()
    Relative.objects.create(person=person, name="Ny Pårørende", relation="other")


def test_the_generator_builds_a_municipality_that_holds_every_rule(settings):
    """One run of the generator (with the demo before it, about a minute on PostgreSQL) for all the checks."""
    generated = _generate(settings)
    _counts_and_statuses_are_what_the_report_says(generated)
    _each_status_has_the_decisions_it_should(generated)
    _persons_have_valid_unique_synthetic_ids_and_common_surnames_are_frequent(generated)
    _the_access_log_chain_verifies_with_ten_years_of_history(generated)
    _the_nurses_team_has_a_work_list_and_new_rows_get_new_ids(generated)
