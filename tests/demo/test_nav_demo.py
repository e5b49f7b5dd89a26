"""The demo's NAV office: the loan of domain.md §0 E, sent within the hour, and NAV cases in several statuses."""

import pytest
from django.core.management import call_command

from helhet.casework import social
from helhet.casework.models import Case, Decision
from helhet.demo import citizens
from helhet.demo.nav import STORY
from helhet.intake.models import Inquiry


@pytest.fixture
def demo(demo_loaded, db):
    """The demo, loaded once for the module (tests/demo/conftest.py)."""


def test_the_fine_loan_is_sent_within_the_hour_with_a_condition_and_repayment_terms(demo):
    inquiry = Inquiry.objects.get(about=STORY)
    case = Case.objects.get(application__inquiry=inquiry)
    loan = case.decisions.get()
    assert case.urgent and case.owner.username == "navleder" and case.service_area == "social"
    assert loan.state == "sent" and loan.benefit_form == "loan" and loan.amount == 4500
    assert loan.legal_basis == [
        "sosialtjenesteloven § 19",
        "sosialtjenesteloven § 21",
        "sosialtjenesteloven § 20",
    ]
    assert loan.conditions and loan.repayment_per_month == 500 and loan.repayment_first_on
    assert social.time_taken(case, loan).total_seconds() < 3600
    assert social.time_taken_text(case, loan).startswith("Vedtak sendt 5")
    assert case.assessments.get().scores == {}


def test_nav_cases_in_several_statuses_all_owned_by_the_nav_leader(demo):
    nav = Case.objects.filter(service_area="social").exclude(person__last_name=citizens.LAST_NAME)
    assert {"received", "assessment", "drafting", "follow_up"} <= set(nav.values_list("status", flat=True))
    assert set(nav.values_list("owner__username", flat=True)) == {"navleder"}
    assert nav.filter(urgent=True).count() == 2
    assert Decision.objects.filter(case__in=nav, state="sent").count() == 3
    closed = nav.get(status="ended")  # closed with a reason once its one-month grant had run out
    assert closed.events.filter(to_status="ended", text__contains="Stønadsperioden er over").exists()


def test_loading_the_demo_again_adds_no_nav_cases(demo):
    before = Case.objects.filter(service_area="social").count()
    call_command("demo", persons=200, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Case.objects.filter(service_area="social").count() == before
