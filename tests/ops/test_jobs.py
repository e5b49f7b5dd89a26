"""Background jobs run through the real task backend: enqueued on django-tasks-db's database queue and
run by its `db_worker` command in this process, as in production."""

import datetime
import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from helhet.access.models import AccessLog
from helhet.access.services import access_log_write
from helhet.casework.models import Reminder, ReminderKind
from helhet.core.calendar import local_today
from helhet.core.exports import exports_prune
from helhet.core.models import Export, ExportStatus
from tests import factories
from tests.casework.test_process import receive

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def person(municipality):
    return factories.person(municipality, first_name="Ragnhild", last_name="Berg")


def test_settings_use_the_database_queue(settings):
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_the_daily_deadline_job_reminds_the_owner_once(world, case_worker, person, client):
    today = local_today()
    near = receive(world, case_worker, person, received_on=today - datetime.timedelta(days=26))
    other = factories.person(person.municipality, first_name="Kari", last_name="Lund")
    later = receive(world, case_worker, other, received_on=today - datetime.timedelta(days=2))

    call_command("enqueue_job", "deadline-reminders", verbosity=0)
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_worker()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"

    reminders = list(Reminder.objects.all())
    assert [(r.case_id, r.kind, r.owner_id) for r in reminders] == [
        (near.pk, ReminderKind.INTERIM_REPLY, case_worker.pk)
    ]
    assert not Reminder.objects.filter(case=later).exists()  # a month away: no reminder yet

    # Idempotent: the next day's run (or a second run today) adds nothing for the same deadline.
    call_command("enqueue_job", "deadline-reminders", verbosity=0)
    run_worker()
    assert Reminder.objects.count() == 1
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2

    # The owner sees it in the queue, with the case number and no name.
    client.force_login(case_worker)
    page = client.get(reverse("casework:queue")).content.decode()
    assert "Påminnelser til deg (1)" in page
    assert f"Sak {near.pk}" in page
    assert "Foreløpig svar" in page

    # A case handed to another case worker takes its reminder along.
    from helhet.access import roles

    colleague = factories.user(
        person.municipality, roles.CASE_WORKER, username="kollega", unit=world["office"]
    )
    near.owner = colleague
    near.save(update_fields=["owner"])
    assert "Påminnelser til deg" not in client.get(reverse("casework:queue")).content.decode()
    client.force_login(colleague)
    assert f"Sak {near.pk}" in client.get(reverse("casework:queue")).content.decode()

    # Once the interim reply is sent the reminder leaves the queue.
    near.interim_reply_sent_on = today
    near.save(update_fields=["interim_reply_sent_on"])
    assert "Påminnelser til deg" not in client.get(reverse("casework:queue")).content.decode()


def test_enqueue_job_refuses_an_unknown_name(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown job"):
        call_command("enqueue_job", "no-such-job")
    assert not DBTaskResult.objects.exists()


@pytest.fixture
def org_leader(municipality, home_care):
    from helhet.access import roles

    return factories.user(municipality, roles.LEADER, username="orgleder", unit=home_care, leads=True)


def test_the_org_chart_pdf_is_made_in_the_background_for_the_one_who_ordered_it(
    org_leader, municipality, client
):
    client.force_login(org_leader)
    response = client.post(reverse("insight:export_order"), {"kind": "chart_pdf", "dato": "2026-11-23"})
    export = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("insight:export", args=[export.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Filen lages i bakgrunnen" in page
    assert client.get(reverse("insight:export_file", args=[export.pk])).status_code == 404  # not ready

    run_worker()
    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    assert "Last ned organisasjonskart-2026-11-23.pdf" in client.get(response["Location"]).content.decode()
    download = client.get(reverse("insight:export_file", args=[export.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]

    # Another user (even one who may see the org chart) never gets it.
    from helhet.access import roles

    other = factories.user(municipality, roles.ADMIN, username="annen-admin")
    client.force_login(other)
    assert client.get(reverse("insight:export", args=[export.pk])).status_code == 404
    assert client.get(reverse("insight:export_file", args=[export.pk])).status_code == 404


def test_the_span_csv_is_made_in_the_background(org_leader, client):
    client.force_login(org_leader)
    client.post(reverse("insight:export_order"), {"kind": "span_csv", "dato": "2026-11-23"})
    run_worker()
    export = Export.objects.get()
    download = client.get(reverse("insight:export_file", args=[export.pk]))
    text = download.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Leder;Enhet;Nivå;Direkte underordnede;Årsverk direkte;Alle under"


def test_an_unknown_export_kind_or_bad_date_is_refused_and_orders_nothing(org_leader, client):
    client.force_login(org_leader)
    assert (
        client.post(reverse("insight:export_order"), {"kind": "persons", "dato": "2026-11-23"}).status_code
        == 302
    )
    assert (
        client.post(reverse("insight:export_order"), {"kind": "chart_pdf", "dato": "23.13.2026"}).status_code
        == 302
    )
    assert not Export.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_failed_export_says_so(org_leader, municipality, client):
    export = Export.objects.create(
        municipality=municipality,
        owner=org_leader,
        kind="chart_pdf",
        title="x",
        params={"date": "not-a-date"},
    )
    from helhet.insight.tasks import make_export

    make_export.enqueue(export.pk)
    run_worker()
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert DBTaskResult.objects.get().status == "FAILED"
    client.force_login(org_leader)
    assert (
        "Eksporten kunne ikke lages"
        in client.get(reverse("insight:export", args=[export.pk])).content.decode()
    )


def test_old_exports_are_pruned(org_leader, municipality):
    Export.objects.create(municipality=municipality, owner=org_leader, kind="chart_pdf", title="x")
    from django.utils import timezone

    assert exports_prune(now=timezone.now()) == 0
    assert exports_prune(now=timezone.now() + datetime.timedelta(hours=25)) == 1


def test_the_nightly_access_log_walk_is_a_scheduled_job_that_fails_on_a_forged_row(
    settings, case_worker, person, caplog
):
    assert settings.HELHET_SCHEDULED_JOBS["verify-access-log"] == "helhet.access.tasks.verify_access_log"
    listed = StringIO()
    call_command("enqueue_job", "--list", stdout=listed)
    assert "verify-access-log\thelhet.access.tasks.verify_access_log" in listed.getvalue()

    for n in range(3):
        access_log_write(
            user=case_worker, person=person, action="read", what=f"Personside {n}", reason="Test"
        )
    call_command("enqueue_job", "verify-access-log", verbosity=0)
    run_worker()
    whole = DBTaskResult.objects.get()
    assert whole.status == "SUCCESSFUL"

    # A row slipped into the chain behind Helhet's back: the next night's job fails and says where.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO access_accesslog (municipality_id, person_id, user_id, at, action, what, reason, channel,"
            " seq, hash) VALUES (%s, %s, %s, %s, 'read', 'Ingenting', 'Rutine', 'web', 4, %s)",
            [person.municipality_id, person.pk, case_worker.pk, timezone.now(), "ab" * 32],
        )
    forged = AccessLog.objects.get(seq=4)
    caplog.set_level(logging.INFO, logger="helhet.security")
    call_command("enqueue_job", "verify-access-log", verbosity=0)
    run_worker()
    failed = DBTaskResult.objects.exclude(pk=whole.pk).get()
    assert failed.status == "FAILED"
    broken = [r.getMessage() for r in caplog.records if "access_log_chain_broken" in r.getMessage()]
    assert len(broken) == 1
    assert f"municipality={person.municipality.number} seq=4 row={forged.pk} breaks=1" in broken[0]
    assert "Ragnhild" not in caplog.text and "Berg" not in caplog.text
    assert person.national_id not in caplog.text
