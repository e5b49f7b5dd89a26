"""The work list for the thumb: it opens on the nurse's own visits, counts progress, keeps the place after a
check-off, lets a slip be undone while the shift lasts (and only by the one who made it), and prints."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from helhet.care import selectors, services
from helhet.care.models import TaskRecord
from helhet.core.calendar import local_today
from helhet.core.models import ChangeRecord
from tests import factories
from tests.care.conftest import grant, plan_with_measure

TODAY = local_today()
YESTERDAY = TODAY - datetime.timedelta(days=1)
LATE = datetime.time(
    23, 30
)  # the night shift that starts tonight ends tomorrow morning: always still running


@pytest.fixture
def visits(world, case_worker, municipality, nurse, leader, home_care):
    """Two persons with a morning and a late-evening task every day; the first visit is the nurse's."""
    measures = []
    for i, name in enumerate(("Astrid", "Bjørn")):
        person = factories.person(
            municipality,
            first_name=name,
            last_name="Hansen",
            street_address=f"Storgata {i}",
            phone="912 34 567",
        )
        decision = grant(world, case_worker, person, amount=14)
        measures.append(plan_with_measure(nurse, person, decision, times=["08:00", "23:30"], weekdays=[])[1])
        if i == 0:
            for shift in ("day", "night"):
                services.visit_assign(
                    acting_user=leader,
                    unit=home_care,
                    person=person,
                    day=TODAY,
                    shift=shift,
                    staff=nurse.staff,
                )
    return measures


def record(user, measure, *, day=TODAY, time=LATE, status="done"):
    return services.task_record(acting_user=user, measure=measure, day=day, time=time, status=status)


def test_the_nurse_undoes_her_own_check_off_while_the_shift_lasts_and_the_history_keeps_it(nurse, visits):
    done = record(nurse, visits[0])
    services.task_record_undo(acting_user=nurse, record=done)
    assert not TaskRecord.objects.filter(measure=visits[0]).exists()
    change = ChangeRecord.objects.get(object_type="care.taskrecord", operation="delete", field="status")
    assert change.old_value == "Utført" and change.reason == "Avkrysningen er angret"
    record(nurse, visits[0], status="partly")  # the task is open again and can be checked off anew


def test_undo_is_refused_after_the_shift_and_changes_nothing(nurse, visits):
    done = record(nurse, visits[0], day=YESTERDAY, time=datetime.time(8))
    with pytest.raises(ValidationError, match="Vakten er over, så avkrysningen kan ikke angres"):
        services.task_record_undo(acting_user=nurse, record=done)
    assert TaskRecord.objects.filter(pk=done.pk).exists()


def test_undo_is_refused_for_a_colleague_and_for_staff_of_other_units(nurse, visits, municipality, home_care):
    done = record(nurse, visits[0])
    colleague = factories.user(municipality, "tjenesteyter", username="kollega", unit=home_care)
    with pytest.raises(PermissionDenied, match="Bare den som krysset av oppgaven kan angre"):
        services.task_record_undo(acting_user=colleague, record=done)
    stranger = factories.user(
        municipality, "tjenesteyter", username="fremmed", unit=factories.unit(municipality, "Sone Sør")
    )
    with pytest.raises(PermissionDenied):
        services.task_record_undo(acting_user=stranger, record=done)
    assert TaskRecord.objects.filter(pk=done.pk).exists()


def test_undoing_twice_says_it_is_already_undone(nurse, visits):
    done = record(nurse, visits[0])
    services.task_record_undo(acting_user=nurse, record=done)
    with pytest.raises(ValidationError, match="allerede angret"):
        services.task_record_undo(acting_user=nurse, record=done)


def test_the_list_opens_on_my_visits_with_progress_and_the_team_is_one_tap_away(client, nurse, visits):
    client.force_login(nurse)
    html = client.get(reverse("care:worklist"), {"vakt": "night"}).content.decode()
    assert "Astrid Hansen" in html and "Bjørn Hansen" not in html
    assert "0 av 1 besøk ferdige" in html and 'aria-current="page">Mine besøk' in html
    assert 'href="tel:+4791234567"' in html
    record(nurse, visits[0])
    html = client.get(reverse("care:worklist"), {"vakt": "night"}).content.decode()
    assert "1 av 1 besøk ferdige" in html and "Angre" in html
    html = client.get(reverse("care:worklist"), {"vakt": "night", "mine": "0"}).content.decode()
    assert "Bjørn Hansen" in html and "1 av 2 besøk ferdige" in html


def test_without_visits_of_ones_own_the_list_opens_on_the_team(client, leader, visits):
    client.force_login(leader)
    html = client.get(reverse("care:worklist"), {"vakt": "night"}).content.decode()
    assert "Astrid Hansen" in html and "Bjørn Hansen" in html and "0 av 2 besøk ferdige" in html


def test_a_check_off_without_js_goes_back_to_the_same_task(client, nurse, visits):
    client.force_login(nurse)
    task_id = selectors.Task(measure=visits[0], day=TODAY, time=LATE).id
    response = client.post(reverse("care:record", args=[task_id]), {"status": "done", "mine": "1"})
    assert response.status_code == 302 and response.url.endswith(f"&mine=1#task-{task_id}")
    response = client.post(reverse("care:undo", args=[task_id]), {"mine": "1"}, follow=True)
    assert "Avkrysningen er angret. Oppgaven er åpen igjen." in response.content.decode()
    assert not TaskRecord.objects.filter(measure=visits[0]).exists()


def test_with_htmx_the_task_comes_back_focused_and_a_colleagues_undo_is_refused_in_norwegian(
    client, nurse, visits, municipality, home_care
):
    client.force_login(nurse)
    task_id = selectors.Task(measure=visits[0], day=TODAY, time=LATE).id
    html = client.post(
        reverse("care:record", args=[task_id]), {"status": "done"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert html.startswith("<li") and "data-focus-after-swap" in html and "Angre" in html
    colleague = factories.user(municipality, "tjenesteyter", username="kollega", unit=home_care)
    client.force_login(colleague)
    html = client.post(reverse("care:undo", args=[task_id]), headers={"HX-Request": "true"}).content.decode()
    assert "Bare den som krysset av oppgaven kan angre avkrysningen." in html and "Angre" not in html
    assert TaskRecord.objects.filter(measure=visits[0]).exists()


def test_the_print_view_lists_the_shift_on_paper(client, nurse, visits):
    client.force_login(nurse)
    response = client.get(reverse("care:worklist_print"), {"vakt": "night", "mine": "0"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Astrid Hansen" in html and "Bjørn Hansen" in html and "☐ 23:30 Morgenstell" in html


def test_the_thumb_list_makes_a_bounded_number_of_queries(
    client, nurse, visits, world, case_worker, municipality, leader, home_care, django_assert_max_num_queries
):
    for i in range(6):
        person = factories.person(municipality, first_name=f"Person{i}", street_address=f"Gate {i}")
        decision = grant(world, case_worker, person, amount=14)
        plan_with_measure(nurse, person, decision, times=["08:00", "23:30"], weekdays=[])
        services.visit_assign(
            acting_user=leader, unit=home_care, person=person, day=TODAY, shift="night", staff=nurse.staff
        )
    client.force_login(nurse)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("care:worklist"), {"vakt": "night"})
    assert "0 av 7 besøk ferdige" in response.content.decode()
