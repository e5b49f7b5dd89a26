"""The case workers' layout: the process step indicator, the assessment beside the threshold suggestions,
and the decision form beside a live preview of the letter (the letter's own HTML, marked UTKAST)."""

import datetime
import html as html_lib

import pytest
from django.urls import reverse

from helhet.casework import steps
from helhet.casework.models import Status
from tests import factories
from tests.casework import statuses as build


@pytest.fixture
def person(municipality):
    return factories.person(
        municipality, first_name="Ragnhild", last_name="Berg", birth_date=datetime.date(1941, 3, 4)
    )


@pytest.mark.parametrize(
    ("status", "current"),
    [
        (Status.RECEIVED, "received"),
        (Status.ASSESSMENT, "assessment"),
        (Status.REVIEW, "review"),
        (Status.DRAFTING, "decision"),
        (Status.FOLLOW_UP, "follow_up"),
    ],
)
def test_the_case_page_marks_the_step_the_case_is_in(client, world, case_worker, person, status, current):
    case = build.case_in(status, world, case_worker, person)
    client.force_login(case_worker)
    page = client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert '<nav aria-label="Saksgangen"' in page
    assert page.count('aria-current="step"') == 1
    assert f'data-step="{current}" data-state="current" aria-current="step"' in page
    assert "(saken er her nå)" in page


def test_steps_before_the_current_one_are_done_and_an_ended_case_has_all_done():
    states = [step.state for step in steps.case_steps(Status.REVIEW)]
    assert states == ["done", "done", "current", "todo", "todo"]
    assert {step.state for step in steps.case_steps(Status.ENDED)} == {"done"}
    assert "current" not in {step.state for step in steps.case_steps(Status.WITHDRAWN)}


def test_a_case_decided_without_a_review_shows_the_review_as_skipped_not_done(
    client, world, case_worker, person
):
    states = [step.state for step in steps.case_steps(Status.DRAFTING, reviewed=False)]
    assert states == ["done", "done", "skipped", "current", "todo"]
    case = build.case_in(Status.DRAFTING, world, case_worker, person)
    client.force_login(case_worker)
    page = client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert not case.reviews.exists()
    assert 'data-step="review" data-state="skipped"' in page
    assert "(ikke brukt i denne saken)" in page


def test_the_assessment_sits_beside_the_threshold_suggestions(client, world, case_worker, person):
    case = build.case_in(Status.ASSESSMENT, world, case_worker, person)
    client.force_login(case_worker)
    page = client.get(reverse("casework:assessment_create", args=[case.pk])).content.decode()
    two_pane = page.split('<div class="hh-two-pane">')[1]
    assert (
        two_pane.index("<form")
        < two_pane.index('<aside class="hh-pane-aside">')
        < two_pane.index('id="suggestions"')
    )


def test_the_decision_preview_renders_the_letter_with_the_typed_values_and_saves_nothing(
    client, world, case_worker, person
):
    case = build.case_in(Status.DRAFTING, world, case_worker, person)
    draft = build.draft(case, world, complete=True)
    client.force_login(case_worker)
    form_page = client.get(reverse("casework:decision", args=[draft.pk])).content.decode()
    preview_url = reverse("casework:decision_preview", args=[draft.pk])
    assert f'hx-post="{preview_url}"' in form_page
    assert "delay:800ms" in form_page
    body = {
        "outcome": "INNVILGET",
        "content": "Hjelp med morgenstell hver dag, også i helgene.",
        "facts": draft.facts,
        "considerations": draft.considerations,
        "version": draft.version,
    }
    response = client.post(reverse("casework:decision_preview", args=[draft.pk]), body)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    letter = html_lib.unescape(response.content.decode().split('srcdoc="')[1].split('"></iframe>')[0])
    assert "også i helgene" in letter
    assert "UTKAST – ikke sendt. Dette er ikke et vedtak." in letter
    assert "<script" not in letter
    draft.refresh_from_db()
    assert "helgene" not in draft.content


def test_the_preview_is_refused_to_other_municipalities_and_for_sent_decisions(
    client, world, case_worker, person, outsider
):
    case = build.case_in(Status.FOLLOW_UP, world, case_worker, person)
    sent = case.decisions.get()
    client.force_login(case_worker)
    assert client.get(reverse("casework:decision_preview", args=[sent.pk])).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("casework:decision_preview", args=[sent.pk])).status_code == 404
