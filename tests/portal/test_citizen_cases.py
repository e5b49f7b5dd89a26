"""Min side: my cases in plain words, my letters as sent, and appealing a decision online."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helhet.access.models import AccessLog, CitizenAccount
from helhet.casework import letter_store, services
from helhet.casework.models import (
    Appeal,
    AppealState,
    Case,
    CaseEvent,
    Decision,
    DecisionState,
    Letter,
    Outcome,
    Status,
)
from helhet.core.calendar import deadline, local_today, long_date
from helhet.inbox.models import Item, ItemKind
from helhet.people.models import Representation
from helhet.portal import citizen_cases
from tests import factories
from tests.conftest import CATALOGUE_DAY
from tests.portal.citizen_cases_world import citizen_with_cases
from tests.portal.citizen_helpers import citizen_client

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return local_today()


@pytest.fixture
def anne_world(world, case_worker, municipality, today):
    return citizen_with_cases(world, case_worker, municipality, today=today)


@pytest.fixture
def anne(anne_world):
    return anne_world[0]


@pytest.fixture
def cases(anne_world):
    return anne_world[1]


@pytest.fixture
def client(anne):
    return citizen_client(anne.national_id)


def sent(case) -> Decision:
    return Decision.objects.filter(case=case, state=DecisionState.SENT).order_by("pk").last()


def page(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- Plain words for every status ---


def test_every_case_status_has_plain_words_without_codes():
    for status in Status.values:
        headline, next_step = citizen_cases.status_words(status)
        assert headline and next_step
        assert status not in headline + next_step  # no internal code
    for outcome in Outcome.values:
        assert outcome not in citizen_cases.outcome_words(outcome)
        assert citizen_cases.outcome_words(outcome) != "Vedtak"


@pytest.mark.parametrize("state", AppealState.values)
def test_every_appeal_state_has_plain_words(state):
    appeal = Appeal(
        state=state,
        received_on=datetime.date(2026, 11, 30),
        correction_deadline=datetime.date(2026, 12, 14),
        authority_outcome=Outcome.DENIED if state == AppealState.CLOSED else "",
    )
    words = citizen_cases.appeal_words(appeal, appeal_body="Statsforvalteren")
    assert words and state not in words


def test_my_cases_say_each_status_with_dates(client, anne, cases, today):
    html = page(client, "citizen:cases", anne.pk)
    for headline in (
        "Vi har fått søknaden din",  # received
        "Du har fått vedtak",  # decided and sent
        "Vi ser på klagen din",  # appealed
        "Søknaden er trukket",
        "Saken er avsluttet",
    ):
        assert headline in html
    assert long_date(cases["received"].application.expected_answer_by) in html
    interim = cases["interim"]
    assert "Foreløpig svar" in html and "saken tar lengre tid enn vanlig" in html
    assert f"Ny forventet dato for vedtak</dt><dd>{long_date(interim.interim_expected_by)}" in html
    assert "Helse og omsorg" in html and "Sosiale tjenester i NAV" in html
    for code in ("notified", "withdrawn", "appeal_forwarded", "AVSLATT", "INNVILGET"):
        assert code not in html
    assert "Mine saker" in html  # the section in the menu


def test_the_case_timeline_in_plain_words(client, anne, cases, today):
    html = page(client, "citizen:case", anne.pk, cases["interim"].pk)
    assert "Vi fikk søknaden din" in html and "Vi sendte deg et foreløpig svar" in html
    assert f"Du kan vente vedtak innen {long_date(cases['interim'].interim_expected_by)}" in html
    interim_letter = Letter.objects.get(case=cases["interim"], kind="interim_reply")
    assert reverse("citizen:letter", args=[anne.pk, interim_letter.pk]) in html
    html = page(client, "citizen:case", anne.pk, cases["appealed"].pk)
    assert "Vi sendte deg vedtak om Helsetjenester i hjemmet" in html
    assert "Du har fått nei" in html and "Vi fikk klagen din på vedtaket" in html
    assert "Vi har fått klagen og ser på saken på nytt" in html
    html = page(client, "citizen:case", anne.pk, cases["withdrawn"].pk)
    assert "Søknaden ble trukket" in html
    assert "naboen handler" not in html  # the office's note is not the citizen's timeline
    html = page(client, "citizen:case", anne.pk, cases["closed"].pk)
    assert "Saken ble avsluttet" in html


def test_a_reversed_appeal_and_a_superseding_decision_are_told(
    client, anne, cases, case_worker, world, today
):
    case = cases["appealed"]
    old = sent(case)
    appeal = old.appeals.get()
    services.appeal_reverse(acting_user=case_worker, appeal=appeal, reassessment="Klageren har rett.")
    html = page(client, "citizen:case", anne.pk, case.pk)
    assert "Vi så på saken på nytt og ga deg medhold" in html
    draft = services.decision_draft_create(
        acting_user=case_worker,
        case=case,
        service=world["home_health"],
        supersedes=old,
        outcome="INNVILGET",
        scope_amount=7,
        scope_unit="visits_week",
        content="Hjelp til morgenstell hver dag.",
        start_date=today,
        review_date=today + 120 * DAY,
        facts="Du er redd for å falle i dusjen.",
        considerations="Hjelp hver morgen gir trygghet.",
        payment="Gratis.",
        provider_unit=world["home_care"],
    )
    html = page(client, "citizen:case", anne.pk, case.pk)
    assert "Hjelp hver morgen gir trygghet" not in html  # a draft never shows
    assert client.get(reverse("citizen:appeal", args=[anne.pk, draft.pk])).status_code == 404
    assert reverse("citizen:appeal", args=[anne.pk, old.pk]) in html  # still in force while drafted
    services.decision_send(acting_user=case_worker, decision=draft)
    html = page(client, "citizen:case", anne.pk, case.pk)
    assert "erstattet av et nytt vedtak" in html
    assert reverse("citizen:appeal", args=[anne.pk, old.pk]) not in html
    assert reverse("citizen:appeal", args=[anne.pk, draft.pk]) in html


def test_a_forwarded_and_decided_appeal_is_told(client, anne, cases, case_worker, today):
    appeal = sent(cases["appealed"]).appeals.get()
    services.appeal_uphold(
        acting_user=case_worker, appeal=appeal, reassessment="Vedtaket står.", forwarded_on=today
    )
    html = page(client, "citizen:cases", anne.pk)
    assert "Klagen er sendt til Statsforvalteren" in html
    services.appeal_authority_outcome(
        acting_user=case_worker, appeal=appeal, outcome="AVSLATT", decided_on=today
    )
    html = page(client, "citizen:case", anne.pk, cases["appealed"].pk)
    assert "Statsforvalteren har avgjort klagen" in html and "ga deg ikke medhold" in html


# --- Deadlines per legal regime ---


def test_the_deadline_follows_the_regime(client, anne, cases):
    nav = sent(cases["decided"])
    health = sent(cases["appealed"])
    assert nav.appeal_deadline == deadline(nav.delivered_on, weeks=3)
    assert health.appeal_deadline == deadline(health.delivered_on, weeks=4)
    assert citizen_cases.deadline_of(nav) == nav.appeal_deadline
    html = page(client, "citizen:appeal", anne.pk, nav.pk)
    assert f"Fristen for å klage er {long_date(nav.appeal_deadline)}." in html
    assert "NAV-kontoret ser på saken på nytt" not in html  # the office is named as the regime says
    assert "Først ser NAV-kontoret på saken på nytt" in html and "Statsforvalteren" in html
    html = page(client, "citizen:appeal", anne.pk, health.pk)
    assert f"Fristen for å klage er {long_date(health.appeal_deadline)}." in html
    assert "Først ser Tjenestekontoret på saken på nytt" in html
    assert "Pasient- og brukerombudet" in html  # named for health and care only


# --- Letters as sent ---


def test_the_letter_is_the_stored_pdf_byte_for_byte(client, anne, cases):
    letter = Letter.objects.get(decision=sent(cases["decided"]))
    response = client.get(reverse("citizen:letter", args=[anne.pk, letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == letter_store.pdf_bytes(letter)
    assert hashlib.sha256(response.content).hexdigest() == letter.sha256 == response["X-Content-SHA256"]
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert anne.national_id not in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    row = AccessLog.objects.filter(person=anne).order_by("-seq").first()
    assert row.user == CitizenAccount.objects.get(pid=anne.national_id).user
    assert row.reason == "Innbyggerens egen innsyn" and "Vedtaksbrev" in row.what


def test_each_page_writes_the_access_log_with_the_citizen_as_reader(client, anne, cases):
    user = CitizenAccount.objects.get(pid=anne.national_id).user
    before = AccessLog.objects.filter(person=anne, user=user).count()
    page(client, "citizen:cases", anne.pk)
    page(client, "citizen:case", anne.pk, cases["decided"].pk)
    page(client, "citizen:appeal", anne.pk, sent(cases["decided"]).pk)
    rows = list(AccessLog.objects.filter(person=anne, user=user).order_by("seq"))[before:]
    assert len(rows) == 3
    assert {row.reason for row in rows} == {"Innbyggerens egen innsyn"}
    assert all(anne.national_id not in row.what for row in rows)


# --- Appeal online ---


def appeal_online(client, person, decision, **fields):
    url = reverse("citizen:appeal", args=[person.pk, decision.pk])
    data = {"change_wanted": "Jeg vil ha stønad til strøm også.", "reasons": "Strømregningen er høy."}
    data.update(fields)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    confirm = reverse("citizen:appeal_confirm", args=[person.pk, decision.pk])
    assert response.url == confirm
    html = client.get(confirm).content.decode()
    assert data["change_wanted"] in html and "Send klagen" in html
    return client.post(confirm)


def test_an_appeal_online_reaches_the_case_owners_inbox(client, anne, cases, today):
    case = cases["decided"]
    decision = sent(case)
    response = appeal_online(client, anne, decision)
    appeal = Appeal.objects.get(decision=decision)
    assert response.status_code == 302
    assert response.url == reverse("citizen:appeal_receipt", args=[anne.pk, appeal.pk])
    assert (appeal.received_on, appeal.written, appeal.signed, appeal.clear) == (today, True, True, True)
    assert appeal.state == AppealState.RECEIVED and not appeal.late
    case.refresh_from_db()
    assert case.status == Status.APPEAL
    item = Item.objects.get(kind=ItemKind.APPEAL, target_id=appeal.pk, closed_at__isnull=True)
    assert item.for_user == case.owner and item.for_unit == case.team
    event = CaseEvent.objects.filter(case=case).order_by("pk").last()
    assert "Min side" in event.text and "signert med innloggingen" in event.text
    html = client.get(response.url).content.decode()
    assert "Vi har fått klagen din" in html and long_date(today) in html
    assert "NAV-kontoret ser på saken din på nytt" in html
    assert AccessLog.objects.filter(person=anne, action="create", what__contains="Klage").exists()


def test_a_second_submit_is_the_same_appeal(client, anne, cases):
    decision = sent(cases["decided"])
    first = appeal_online(client, anne, decision)
    again = client.post(reverse("citizen:appeal_confirm", args=[anne.pk, decision.pk]))
    assert again.status_code == 302 and again.url == first.url
    assert Appeal.objects.filter(decision=decision).count() == 1
    # The same text sent again from a fresh form (another tab) is still one appeal.
    appeal_online(client, anne, decision)
    assert Appeal.objects.filter(decision=decision).count() == 1
    assert Item.objects.filter(kind=ItemKind.APPEAL, closed_at__isnull=True).count() == 2  # the demo's + this


def test_a_late_appeal_is_accepted_flagged_with_why(client, anne, cases, today):
    decision = sent(cases["decided"])
    Decision.objects.filter(pk=decision.pk).update(appeal_deadline=today - 2 * DAY)
    html = page(client, "citizen:appeal", anne.pk, decision.pk)
    assert f"Fristen for å klage var {long_date(today - 2 * DAY)}." in html
    assert "Hvorfor klager du etter fristen?" in html
    appeal_online(client, anne, decision, late_reason="Jeg lå på sykehus.")
    appeal = Appeal.objects.get(decision=decision)
    assert appeal.late and "Jeg lå på sykehus." in appeal.reasons
    event = CaseEvent.objects.filter(case=decision.case).order_by("pk").last()
    assert "etter fristen" in event.text


def test_the_appeal_form_refuses_in_norwegian_and_changes_nothing(client, anne, cases):
    decision = sent(cases["decided"])
    url = reverse("citizen:appeal", args=[anne.pk, decision.pk])
    blank = client.post(url, {"change_wanted": "  "})
    assert blank.status_code == 200 and "Skriv hva du vil at vi skal endre." in blank.content.decode()
    too_long = client.post(url, {"change_wanted": "x" * 4001})
    assert too_long.status_code == 200 and "4000" in too_long.content.decode()
    nul = client.post(url, {"change_wanted": "Mer\x00penger"})
    assert nul.status_code in (200, 422)  # the request guard answers NUL bytes in Norwegian before the view
    assert not Appeal.objects.filter(decision=decision).exists()
    confirm = client.get(reverse("citizen:appeal_confirm", args=[anne.pk, decision.pk]))
    assert confirm.status_code == 302 and confirm.url == url  # nothing to confirm


def test_a_superseded_or_withdrawn_decision_cannot_be_appealed(client, anne, cases, case_worker):
    decision = sent(cases["decided"])
    Case.objects.filter(pk=decision.case_id).update(status=Status.WITHDRAWN)
    html = page(client, "citizen:appeal", anne.pk, decision.pk)
    assert "Søknaden i denne saken er trukket" in html and "Gå videre" not in html
    response = client.post(reverse("citizen:appeal", args=[anne.pk, decision.pk]), {"change_wanted": "Mer"})
    assert response.status_code == 200 and not Appeal.objects.filter(decision=decision).exists()
    user = CitizenAccount.objects.get(pid=anne.national_id).user
    with pytest.raises(ValidationError, match="trukket"):
        services.appeal_register_by_citizen(
            acting_user=user, person=anne, decision=decision, change_wanted="Mer", ground="x"
        )


def test_the_citizen_entry_point_refuses_staff_and_other_persons(anne, cases, case_worker, municipality):
    decision = sent(cases["decided"])
    with pytest.raises(PermissionDenied):
        services.appeal_register_by_citizen(
            acting_user=case_worker, person=anne, decision=decision, change_wanted="Mer", ground="x"
        )
    other = factories.person(municipality, first_name="Bert", birth_date=datetime.date(1970, 1, 1))
    from helhet.access.citizen import citizen_account_for

    user = citizen_account_for(other.national_id).user
    with pytest.raises(PermissionDenied):
        services.appeal_register_by_citizen(
            acting_user=user, person=other, decision=decision, change_wanted="Mer", ground="x"
        )
    assert not Appeal.objects.filter(decision=decision).exists()


def test_a_superseded_decision_is_refused_by_the_service(anne, cases, case_worker, world, today):
    case = cases["appealed"]
    old = sent(case)
    services.appeal_reverse(acting_user=case_worker, appeal=old.appeals.get(), reassessment="Enig.")
    draft = services.decision_draft_create(
        acting_user=case_worker,
        case=case,
        service=world["home_health"],
        supersedes=old,
        outcome="AVVIST",
        facts="Søknaden gjaldt noe annet.",
        considerations="Avvist.",
    )
    services.decision_send(acting_user=case_worker, decision=draft)
    assert "erstattet" in services.citizen_appeal_refusal(old)
    from helhet.access.citizen import citizen_account_for

    user = citizen_account_for(anne.national_id).user
    with pytest.raises(ValidationError, match="erstattet"):
        services.appeal_register_by_citizen(
            acting_user=user, person=anne, decision=old, change_wanted="Mer", ground="x"
        )


# --- Nobody else's data: every route × another person's ids is 404 ---


def routes(person, cases):
    decision = sent(cases["decided"])
    letter = Letter.objects.get(decision=decision)
    appeal = Appeal.objects.filter(decision__case__person=person).first()
    return [
        reverse("citizen:cases", args=[person.pk]),
        reverse("citizen:case", args=[person.pk, cases["interim"].pk]),
        reverse("citizen:letter", args=[person.pk, letter.pk]),
        reverse("citizen:appeal", args=[person.pk, decision.pk]),
        reverse("citizen:appeal_confirm", args=[person.pk, decision.pk]),
        reverse("citizen:appeal_receipt", args=[person.pk, appeal.pk]),
    ]


def test_every_route_with_another_persons_ids_is_404(
    client, anne, cases, world, case_worker, municipality, today
):
    bert, bert_cases = citizen_with_cases(world, case_worker, municipality, first_name="Bert", today=today)
    for url in routes(bert, bert_cases):  # Bert's person id
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"change_wanted": "Mer"}).status_code in (404, 405), url
    bert_decision = sent(bert_cases["decided"])
    bert_letter = Letter.objects.get(decision=bert_decision)
    bert_appeal = Appeal.objects.filter(decision__case__person=bert).first()
    for url in (  # Anne's own person id with Bert's objects
        reverse("citizen:case", args=[anne.pk, bert_cases["interim"].pk]),
        reverse("citizen:letter", args=[anne.pk, bert_letter.pk]),
        reverse("citizen:appeal", args=[anne.pk, bert_decision.pk]),
        reverse("citizen:appeal_confirm", args=[anne.pk, bert_decision.pk]),
        reverse("citizen:appeal_receipt", args=[anne.pk, bert_appeal.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"change_wanted": "Mer"}).status_code in (404, 405), url
    assert not Appeal.objects.filter(decision=bert_decision).exists()
    for url in routes(anne, cases):
        assert client.get(url).status_code in (200, 302), url


def test_a_representative_without_the_capability_gets_404_and_with_it_reads_on_their_ground(
    anne, cases, municipality
):
    parent_pid = factories.synthetic_id(datetime.date(1940, 5, 5))
    # Foreldreansvar for an adult gives nothing (helhet.portal.representation).
    factories.relative(
        anne,
        name="Gammel Forelder",
        relation="parent",
        national_id=parent_pid,
        representation=Representation.PARENTAL_RESPONSIBILITY,
    )
    parent = citizen_client(parent_pid)
    for url in routes(anne, cases):
        assert parent.get(url).status_code == 404, url
    proxy_pid = factories.synthetic_id(datetime.date(1985, 6, 6))
    factories.relative(
        anne,
        name="Frida Fullmektig",
        relation="child",
        national_id=proxy_pid,
        representation=Representation.POWER_OF_ATTORNEY,
    )
    proxy = citizen_client(proxy_pid)
    page(proxy, "citizen:cases", anne.pk)
    row = AccessLog.objects.filter(person=anne).order_by("-seq").first()
    assert row.reason == f"Som fullmektig for {anne.full_name}" and proxy_pid not in row.reason
    assert row.user == CitizenAccount.objects.get(pid=proxy_pid).user


def test_a_staff_session_is_sent_to_the_citizen_login(anne, cases, case_worker):
    from django.test import Client

    staff = Client()
    staff.force_login(case_worker)
    response = staff.get(reverse("citizen:cases", args=[anne.pk]))
    assert response.status_code in (302, 404)


# --- Queries stay flat ---


def test_the_pages_issue_the_same_queries_with_many_cases(
    client, anne, cases, world, case_worker, municipality, today, django_assert_max_num_queries
):
    def counts():
        found = []
        for url in (
            reverse("citizen:cases", args=[anne.pk]),
            reverse("citizen:case", args=[anne.pk, cases["appealed"].pk]),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    few = counts()
    from helhet.demo.citizens import cases_in_every_status
    from tests.portal.citizen_cases_world import office_of

    for _ in range(2):
        cases_in_every_status(
            anne, office_of(world, case_worker, municipality), today=today, earliest=CATALOGUE_DAY
        )
    assert Case.objects.filter(person=anne).count() == 18
    with django_assert_max_num_queries(few[0]):
        client.get(reverse("citizen:cases", args=[anne.pk]))
    with django_assert_max_num_queries(few[1]):
        client.get(reverse("citizen:case", args=[anne.pk, cases["appealed"].pk]))
