"""KPR export: each validity rule, the file's content against a hand-written file, streaming with a bounded
number of queries, who may see what, and the year parameter."""

import datetime
import json
import pathlib
import zoneinfo
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helhet.access import roles
from helhet.access.models import AccessLog
from helhet.care.models import IndividualPlan
from helhet.core.calendar import local_today
from helhet.core.models import Municipality
from helhet.demo.loader import NUMBER as DEMO_NUMBER
from helhet.insight import kpr
from helhet.insight.kpr_rules import AssessmentIn, Recipient, ServiceIn, check, record, usable
from helhet.organisation.models import ServiceArea, Staff
from helhet.people.models import Person
from tests import factories
from tests.insight import kpr_world as w

D = datetime.date
YEAR = 2025
EXPECTED = pathlib.Path(__file__).with_name("kpr_expected.jsonl")
VARIABLES = frozenset({"personlig_hygiene", "kle_seg", "hukommelse"})
URL = reverse("insight:kpr")
EXPORT = reverse("insight:kpr_export")


# --- The rules, each with a failing and a passing row (no database) -----------------------------------


def _service(**overrides) -> ServiceIn:
    values = {
        "decision_id": 1,
        "case_id": 10,
        "name": "Helsetjenester i hjemmet",
        "code": 15,
        "start": D(2025, 3, 1),
        "end": None,
        "scope_amount": Decimal("7.5"),
        "scope_unit": "hours_week",
    }
    values.update(overrides)
    return ServiceIn(**values)


def _recipient(*, services=None, assessment="default", number=None) -> Recipient:
    if assessment == "default":
        assessment = AssessmentIn(10, D(2025, 6, 1), {"personlig_hygiene": 4, "kle_seg": 3})
    return Recipient(
        person_id=1,
        national_id=number if number is not None else factories.synthetic_id(D(1940, 5, 17)),
        name="Kari Nordmann",
        services=services if services is not None else [_service()],
        assessment=assessment,
    )


def _rules(recipient) -> list[str]:
    return [problem.rule for problem in check(recipient, YEAR, VARIABLES)]


def test_a_complete_recipient_passes_every_rule():
    assert _rules(_recipient()) == []


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("", "mangler"),
        ("17854001281", "Kontrollsifrene stemmer ikke"),
        ("1785400128", "11 siffer"),
        ("abcdefghijk", "bare inneholde siffer"),
    ],
)
def test_national_id_missing_or_invalid_fails_with_its_reason(number, why):
    problems = check(_recipient(number=number), YEAR, VARIABLES)
    assert [p.rule for p in problems] == ["national_id"]
    assert why in problems[0].message
    assert _rules(_recipient(number="17854001280")) == []


def test_a_d_number_passes():
    assert _rules(_recipient(number="42913502560")) == []


def test_a_service_without_kpr_code_fails():
    problems = check(_recipient(services=[_service(code=None, name="Fysioterapi")]), YEAR, VARIABLES)
    assert [p.rule for p in problems] == ["service_code"]
    assert problems[0].message == "Tjenesten «Fysioterapi» har ingen tjenestekode i KPR."
    assert _rules(_recipient(services=[_service(code=99)])) == ["service_code"]
    assert _rules(_recipient(services=[_service(code=6, scope_amount=None, scope_unit="")])) == []


def test_hours_missing_for_an_hour_based_service_fails():
    missing = _recipient(services=[_service(scope_amount=None, scope_unit="")])
    problems = check(missing, YEAR, VARIABLES)
    assert [p.rule for p in problems] == ["scope"]
    assert "mangler omfang i timer per uke" in problems[0].message
    assert _rules(_recipient(services=[_service(scope_unit="visits_week", scope_amount=Decimal(3))])) == [
        "scope"
    ]
    assert _rules(_recipient(services=[_service(scope_amount=Decimal(200))])) == ["scope"]
    # An institution stay is counted in days from its period, not hours.
    assert _rules(_recipient(services=[_service(code=21, scope_amount=None, scope_unit="")])) == []


def test_a_functional_score_outside_1_to_5_or_9_fails():
    for bad in (0, 6, 7, "4", True):
        assessment = AssessmentIn(10, D(2025, 6, 1), {"personlig_hygiene": bad})
        problems = check(_recipient(assessment=assessment), YEAR, VARIABLES)
        assert [p.rule for p in problems] == ["score"], bad
    assert (
        "skår 7"
        in check(_recipient(assessment=AssessmentIn(10, D(2025, 6, 1), {"kle_seg": 7})), YEAR, VARIABLES)[
            0
        ].message
    )
    unknown = AssessmentIn(10, D(2025, 6, 1), {"flyge": 3})
    assert _rules(_recipient(assessment=unknown)) == ["score"]
    assert (
        _rules(_recipient(assessment=AssessmentIn(10, D(2025, 6, 1), {"kle_seg": 9, "hukommelse": 1}))) == []
    )


def test_an_assessment_missing_or_older_than_12_months_fails():
    assert _rules(_recipient(assessment=None)) == ["assessment"]
    old = check(_recipient(assessment=AssessmentIn(10, D(2024, 11, 30), {"kle_seg": 3})), YEAR, VARIABLES)
    assert [p.rule for p in old] == ["assessment"]
    assert "30.11.2024" in old[0].message
    # Measured at the end of the last service period: a service that ended in March needs none later.
    ended = _recipient(
        services=[_service(end=D(2025, 3, 31))], assessment=AssessmentIn(10, D(2024, 6, 1), {"kle_seg": 3})
    )
    assert _rules(ended) == []


def test_overlapping_periods_of_one_code_fail():
    first = _service(decision_id=1, start=D(2025, 1, 1), end=D(2025, 6, 30))
    second = _service(decision_id=2, start=D(2025, 6, 1))
    problems = check(_recipient(services=[first, second]), YEAR, VARIABLES)
    assert [p.rule for p in problems] == ["overlap"]
    assert "01.01.2025–30.06.2025 og 01.06.2025–" in problems[0].message
    assert _rules(_recipient(services=[_service(decision_id=1, start=D(2024, 1, 1)), second])) == ["overlap"]
    following = _service(decision_id=2, start=D(2025, 7, 1))
    assert _rules(_recipient(services=[first, following])) == []
    assert _rules(_recipient(services=[first, _service(decision_id=2, code=6, start=D(2025, 6, 1))])) == []


def test_dates_that_do_not_hang_together_fail():
    for bad in (
        _service(start=None),
        _service(start=D(2025, 6, 1), end=D(2025, 5, 1)),
        _service(start=D(1930, 1, 1)),  # before the person was born in 1940
        _service(start=D(1899, 12, 31)),
    ):
        assert _rules(_recipient(services=[bad])) == ["dates"], bad
    assert (
        "før personen ble født"
        in check(_recipient(services=[_service(start=D(1930, 1, 1))]), YEAR, VARIABLES)[0].message
    )
    assert _rules(_recipient(services=[_service(start=D(2010, 1, 1), end=D(2025, 1, 1))])) == []


def test_every_failing_rule_is_listed_in_order():
    recipient = _recipient(
        number="123",
        services=[_service(code=None), _service(decision_id=2, scope_amount=None)],
        assessment=None,
    )
    assert _rules(recipient) == ["national_id", "service_code", "scope", "assessment"]


def test_only_a_missing_or_invalid_national_id_holds_a_recipient_back():
    assert not usable(check(_recipient(number="123"), YEAR, VARIABLES))
    assert not usable(check(_recipient(number=""), YEAR, VARIABLES))
    incomplete = _recipient(services=[_service(code=None), _service(decision_id=2, scope_amount=None)])
    assert usable(check(incomplete, YEAR, VARIABLES))
    assert usable(check(_recipient(assessment=None), YEAR, VARIABLES))


def test_a_field_that_fails_a_rule_is_left_out_and_the_error_carried():
    services = [
        _service(decision_id=1, code=None, name="Fysioterapi"),
        _service(decision_id=2, code=1, scope_amount=None, scope_unit=""),
        _service(decision_id=3, code=18, start=D(2025, 6, 1), end=D(2025, 5, 1)),
        _service(decision_id=4, code=15, start=D(2025, 2, 1), scope_amount=Decimal(4)),
    ]
    assessment = AssessmentIn(10, D(2025, 6, 1), {"kle_seg": 7, "flyge": 3, "personlig_hygiene": 4})
    recipient = _recipient(services=services, assessment=assessment, number="17854001280")
    problems = check(recipient, YEAR, VARIABLES)
    line = record(recipient, YEAR, problems)
    empty = {"start": "2025-03-01", "end": None, "days_in_year": None}
    assert line["services"] == [
        {"code": None, "hours_per_week": None, **empty},  # no KPR code
        {"code": 1, "hours_per_week": None, **empty},  # no hours
        {"code": 15, "start": "2025-02-01", "end": None, "hours_per_week": 4.0, "days_in_year": None},
        {"code": 18, "start": None, "end": None, "hours_per_week": None, "days_in_year": None},  # dates
    ]
    # The bad score is null, the unknown variable is left out, the good score stays.
    assert line["functional_assessment"] == {
        "date": "2025-06-01",
        "scores": {"kle_seg": None, "personlig_hygiene": 4},
    }
    assert [e["code"] for e in line["errors"]] == ["service_code", "scope", "dates", "score", "score"]
    assert line["errors"][0]["reason"] == "Tjenesten «Fysioterapi» har ingen tjenestekode i KPR."
    # A missing or too old assessment leaves the whole assessment out.
    old = _recipient(assessment=AssessmentIn(10, D(2024, 1, 1), {"kle_seg": 3}), number="17854001280")
    old_line = record(old, YEAR, check(old, YEAR, VARIABLES))
    assert old_line["functional_assessment"] is None and old_line["errors"][0]["code"] == "assessment"
    complete = _recipient(number="17854001280")
    assert record(complete, YEAR, check(complete, YEAR, VARIABLES))["errors"] == []


def test_record_counts_days_of_an_institution_stay_inside_the_year():
    stay = _service(code=18, start=D(2025, 12, 20), end=D(2026, 1, 10), scope_amount=None, scope_unit="")
    line = record(_recipient(services=[stay], number="17854001280"), YEAR)
    assert line["services"] == [
        {"code": 18, "start": "2025-12-20", "end": "2026-01-10", "hours_per_week": None, "days_in_year": 12}
    ]


# --- The file on a small fixture -------------------------------------------------------------------


def _person(municipality, number, first_name, last_name="Testesen") -> Person:
    p = Person(municipality=municipality, national_id=number, first_name=first_name, last_name=last_name)
    p.derive_from_national_id()
    p.save()
    return p


@pytest.fixture
def small(municipality, other_municipality, office, case_worker, nurse):
    w.catalogue(municipality)
    w.catalogue(other_municipality)
    svc = lambda name: w.service(municipality, name)  # noqa: E731
    kari = _person(municipality, "17854001280", "Kari")
    case = w.case_for(kari, worker=case_worker, team=office)
    w.decision(case, svc("Helsetjenester i hjemmet"), start=D(2024, 1, 10))
    w.decision(case, svc("Trygghetsalarm"), start=D(2025, 3, 1), end=D(2025, 9, 30), hours=None)
    w.assessment(case, held_on=D(2025, 2, 1), worker=case_worker)
    w.assessment(case, held_on=D(2024, 2, 1), scores={"kle_seg": 5}, worker=case_worker)
    staff = Staff.objects.get(user=case_worker)
    IndividualPlan.objects.create(
        municipality=municipality,
        person=kari,
        coordinating_unit=office,
        coordinator=staff,
        started_on=D(2024, 5, 1),
        reviewed_on=D(2025, 5, 1),
    )
    ola = _person(municipality, "42913502560", "Ola")
    case = w.case_for(ola, worker=case_worker, team=office)
    old = w.decision(case, svc("Praktisk bistand – daglige gjøremål"), start=D(2023, 1, 1), hours="2.0")
    w.decision(
        case, svc("Praktisk bistand – daglige gjøremål"), start=D(2025, 4, 1), hours="3.0", supersedes=old
    )
    w.decision(
        case, svc("Korttidsopphold i sykehjem"), start=D(2025, 12, 20), end=D(2026, 1, 10), unit="days"
    )
    w.decision(case, svc("Helsetjenester i hjemmet"), start=D(2025, 5, 1), outcome="AVSLATT")
    w.decision(case, svc("Trygghetsalarm"), start=D(2023, 1, 1), end=D(2024, 12, 31), hours=None)
    w.assessment(case, held_on=D(2025, 4, 1), scores={"husarbeid": 4, "egen_helse": 3}, worker=case_worker)
    w.assessment(case, held_on=D(2026, 1, 3), scores={"husarbeid": 5}, worker=case_worker)  # after the year
    # Sent with errors: a score of 7 and an hour-based service without hours (both left out of the line).
    per = _person(municipality, "03836000365", "Per", "Feilsen")
    case = w.case_for(per, worker=case_worker, team=office)
    w.decision(case, svc("Helsetjenester i hjemmet"), start=D(2025, 1, 1))
    w.decision(case, svc("Praktisk bistand – daglige gjøremål"), start=D(2025, 2, 1), hours=None)
    w.assessment(case, held_on=D(2025, 2, 1), scores={"kle_seg": 7}, worker=case_worker)
    # Held back: a national id whose check digits are wrong (the record could not be used by KPR).
    berit = Person(
        municipality=municipality,
        national_id="03836012345",
        first_name="Berit",
        last_name="Ugyldig",
        birth_date=D(1960, 3, 3),
    )
    berit.save()
    case = w.case_for(berit, worker=case_worker, team=office)
    w.decision(case, svc("Helsetjenester i hjemmet"), start=D(2025, 1, 1))
    w.assessment(case, held_on=D(2025, 2, 1), worker=case_worker)
    # Not recipients: a NAV case only, and a person of the neighbouring municipality.
    nav = factories.person(municipality, first_name="Nina", last_name="Nav")
    nav_unit = factories.unit(municipality, "NAV", service_area=ServiceArea.SOCIAL)
    case = w.case_for(nav, worker=case_worker, team=nav_unit, area=ServiceArea.SOCIAL)
    w.decision(case, svc("Helsetjenester i hjemmet"), start=D(2025, 1, 1))
    w.assessment(case, held_on=D(2025, 2, 1), worker=case_worker)
    elsewhere = factories.person(other_municipality, first_name="Nils", last_name="Nabo")
    other_office = factories.unit(other_municipality, "Nabokontoret", service_area=ServiceArea.HEALTH_CARE)
    case = w.case_for(elsewhere, worker=case_worker, team=other_office)
    w.decision(case, w.service(other_municipality, "Helsetjenester i hjemmet"), start=D(2025, 1, 1))
    w.assessment(case, held_on=D(2025, 2, 1), worker=case_worker)
    return {"kari": kari, "ola": ola, "per": per, "berit": berit, "nav": nav, "elsewhere": elsewhere}


def test_the_file_matches_the_hand_written_expected_file(small, municipality):
    created = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Oslo"))
    made = "".join(kpr.export_lines(municipality, YEAR, created=created))
    assert made == EXPECTED.read_text(encoding="utf-8")


def test_the_download_is_streamed_logged_and_only_our_municipality(small, client, case_worker, municipality):
    client.force_login(case_worker)
    response = client.get(EXPORT, {"ar": YEAR})
    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"].startswith("application/x-ndjson")
    assert 'filename="kpr-9999-2025.jsonl"' in response["Content-Disposition"]
    lines = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
    expected = [json.loads(line) for line in EXPECTED.read_text(encoding="utf-8").splitlines()]
    assert lines[1:] == expected[1:]
    ids = {line.get("person_id") for line in lines}
    assert small["elsewhere"].national_id not in ids and small["nav"].national_id not in ids
    assert response["Cache-Control"] == "no-store"
    # Everyone with a usable number is in the file and logged, the one sent with errors too; the one held
    # back is neither. The reason names the user's real unit and the legal basis.
    logged = AccessLog.objects.filter(user=case_worker, what="KPR-eksport for 2025")
    assert sorted(logged.values_list("person_id", flat=True)) == sorted(
        [small["kari"].pk, small["ola"].pk, small["per"].pk]
    )
    assert set(logged.values_list("action", flat=True)) == {"read"}
    assert set(logged.values_list("reason", flat=True)) == {
        "Saksbehandler i Tjenestekontoret: KPR-forskriften, årlig rapportering"
    }
    assert small["berit"].national_id not in ids
    assert lines[-1] == {"record": "trailer", "recipients": 3, "with_errors": 1, "excluded": 1}


def test_queries_do_not_grow_with_recipients(
    municipality, office, case_worker, client, django_assert_max_num_queries
):
    w.catalogue(municipality)
    svc = w.service(municipality, "Helsetjenester i hjemmet")
    w.bulk(municipality, 10, worker=case_worker, team=office, svc=svc)
    client.force_login(case_worker)
    with CaptureQueriesContext(connection) as ten:
        response = client.get(EXPORT, {"ar": YEAR})
        body = b"".join(response.streaming_content)
    assert body.count(b'"record":"recipient"') == 10
    w.bulk(municipality, 190, worker=case_worker, team=office, svc=svc)
    # The same queries; only SQLite splits the access log's one insert of 200 rows (its limit on query
    # parameters), PostgreSQL does not (split == 0 there).
    fields = [f for f in AccessLog._meta.concrete_fields if not f.primary_key]
    split = -(-200 // connection.ops.bulk_batch_size(fields, [None] * 200)) - 1
    assert connection.vendor == "sqlite" or split == 0
    with django_assert_max_num_queries(len(ten.captured_queries) + split):
        response = client.get(EXPORT, {"ar": YEAR})
        body = b"".join(response.streaming_content)
    assert body.count(b'"record":"recipient"') == 200
    # The check page too: 5 failing rows shown, then a full page of 50 out of 65.
    no_code = w.service(municipality, "Fysioterapi")
    w.bulk(municipality, 5, worker=case_worker, team=office, svc=no_code)
    with CaptureQueriesContext(connection) as page:
        assert client.get(URL, {"ar": YEAR}).status_code == 200
    w.bulk(municipality, 60, worker=case_worker, team=office, svc=no_code)
    with django_assert_max_num_queries(len(page.captured_queries)):
        response = client.get(URL, {"ar": YEAR})
    assert response.context["summary"].failing == 65
    assert len(response.context["rows"]) == 50


def test_the_batches_cost_the_same_queries_each(municipality, office, case_worker):
    w.catalogue(municipality)
    w.bulk(
        municipality,
        30,
        worker=case_worker,
        team=office,
        svc=w.service(municipality, "Helsetjenester i hjemmet"),
    )
    created = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Oslo"))
    counts = []
    lines = kpr.export_lines(municipality, YEAR, created=created, batch=10)
    next(lines)
    for _batch in range(3):
        with CaptureQueriesContext(connection) as batch:
            next(lines)
        counts.append(len(batch.captured_queries))
    assert counts[1] == counts[2] <= 5


# --- The page and who may see what -----------------------------------------------------------------


def test_case_worker_sees_counts_and_failing_rows_with_reasons_and_links(small, client, case_worker):
    client.force_login(case_worker)
    response = client.get(URL, {"ar": YEAR})
    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary.recipients, summary.valid, summary.failing) == (4, 2, 2)
    assert (summary.with_errors, summary.held_back) == (1, 1)
    assert summary.by_rule["score"] == 1 and summary.by_rule["national_id"] == 1
    html = response.content.decode()
    assert "Per Feilsen" in html and "Berit Ugyldig" in html
    assert "Sendes med feilene; feltene med feil utelates." in html
    assert "Holdes tilbake til feilen er rettet." in html
    # The warning on the page and beside the download link.
    assert "Filen inneholder fødselsnummer i klartekst" in html
    assert "Lagre bare på kommunens sikrede område, og slett filen etter innsending." in html
    assert "kryptert over Helsenett" in html
    assert "Funksjonsvariabelen kle_seg har skår 7; gyldig er 1–5, eller 9 for ikke relevant." in html
    assert reverse("casework:case", args=[small["per"].cases.get().pk]) in html
    assert "Kari" not in html  # valid rows are not listed
    assert "Nils" not in html
    assert reverse("insight:kpr_export") in html
    # The failing rows are a read of the case files, logged as the download is (once per person).
    rows = AccessLog.objects.filter(user=case_worker, what__startswith="KPR-kontroll")
    assert sorted(rows.values_list("person_id", flat=True)) == sorted([small["per"].pk, small["berit"].pk])
    assert set(rows.values_list("action", flat=True)) == {"read"}
    assert set(rows.values_list("reason", flat=True)) == {
        "Saksbehandler i Tjenestekontoret: KPR-forskriften, årlig rapportering"
    }


@pytest.mark.parametrize("role", [roles.ANALYST, roles.ADMIN, roles.LEADER])
def test_analyst_admin_and_leader_see_counts_only(small, client, municipality, role):
    viewer = factories.user(municipality, role)
    client.force_login(viewer)
    response = client.get(URL, {"ar": YEAR})
    assert response.status_code == 200
    assert response.context["summary"].failing == 2
    html = response.content.decode()
    assert "Per Feilsen" not in html and "skår 7" not in html
    # Counts of 1–4 are never shown to those who see counts only; 0 is.
    counts = response.context["counts"]
    assert counts["total"].text == "færre enn 5"
    assert [c.text for c in (counts["valid"], counts["with_errors"], counts["held_back"])] == [
        "færre enn 5"
    ] * 3
    by_label = {str(label): count.text for label, count in counts["rules"]}
    assert by_label["Funksjonsskår utenfor 1–5 (eller 9)"] == "færre enn 5"
    assert by_label["Overlappende perioder for samme tjenestekode"] == "0"
    assert "færre enn 5" in html and "Filen inneholder fødselsnummer" not in html
    assert "vises bare for saksbehandlere i helse og omsorg" in html
    assert client.get(EXPORT, {"ar": YEAR}).status_code == 403
    assert not AccessLog.objects.filter(user=viewer).exists()


@pytest.mark.parametrize("role", [roles.RECEPTION, roles.PROVIDER, roles.COORDINATOR, None])
def test_other_roles_are_refused(small, client, municipality, role):
    client.force_login(factories.user(municipality, role))
    assert client.get(URL, {"ar": YEAR}).status_code == 403
    assert client.get(EXPORT, {"ar": YEAR}).status_code == 403


def test_a_nav_case_worker_may_not_download(small, client, nav_worker):
    client.force_login(nav_worker)
    response = client.get(URL, {"ar": YEAR})
    assert response.status_code == 200 and "Per Feilsen" not in response.content.decode()
    assert client.get(EXPORT, {"ar": YEAR}).status_code == 403


def test_another_municipality_never_sees_our_people(small, client, other_municipality):
    office = factories.unit(other_municipality, "Kontoret der", service_area=ServiceArea.HEALTH_CARE)
    theirs = factories.user(other_municipality, roles.CASE_WORKER, username="nabosak", unit=office)
    client.force_login(theirs)
    response = client.get(EXPORT, {"ar": YEAR})
    body = b"".join(response.streaming_content).decode()
    assert small["elsewhere"].national_id in body
    for ours in ("kari", "ola", "per"):
        assert small[ours].national_id not in body
    page = client.get(URL, {"ar": YEAR})
    assert page.context["summary"].recipients == 1


def test_login_is_required(client):
    assert client.get(URL).status_code == 302
    assert client.get(EXPORT).status_code == 302


@pytest.mark.parametrize("raw", ["9999", "1800", "abc", "20x5", "1" * 5000, "-2025", "2025.5"])
def test_an_absurd_year_gives_a_message(client, case_worker, raw):
    client.force_login(case_worker)
    response = client.get(URL, {"ar": raw})
    assert response.status_code == 400
    assert response.context["year_error"]
    assert "ar" in response.context["query_string"]
    download = client.get(EXPORT, {"ar": raw})
    assert download.status_code == 400
    assert not getattr(download, "streaming", False)
    assert download.context["year_error"]


def test_a_nul_byte_in_the_year_is_refused_not_an_error(client, case_worker):
    client.force_login(case_worker)
    assert client.get(URL, {"ar": "2\x0025"}).status_code in (400, 422)
    assert client.get(EXPORT, {"ar": "2\x0025"}).status_code in (400, 422)


def test_the_default_year_is_last_year(client, case_worker):
    client.force_login(case_worker)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["year"] == datetime.date.today().year - 1


def test_a_page_number_past_the_end_or_unreadable_is_harmless(small, client, case_worker):
    client.force_login(case_worker)
    for side in ("999", "x", "0", "1" * 50):
        assert client.get(URL, {"ar": YEAR, "side": side}).status_code == 200


def test_the_demo_reports_mostly_complete_records(db):
    """The demo's granted home-care decisions carry hours per week, so its KPR check is mostly valid."""
    call_command("demo", persons=200, stdout=open("/dev/null", "w"))  # noqa: SIM115
    municipality = Municipality.objects.get(number=DEMO_NUMBER)
    summary = kpr.check_year(municipality, local_today().year)
    assert summary.recipients > 0
    assert summary.valid > summary.recipients / 2, (summary.valid, summary.with_errors, summary.by_rule)
    assert summary.held_back == 0
