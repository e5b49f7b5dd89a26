"""Shared set-up of the inbox tests: an inquiry forwarded to home care, and a granted order."""

import datetime

import pytest

from helhet.access import roles
from helhet.core.calendar import local_today
from helhet.intake import services as intake
from tests import factories
from tests.care.conftest import grant

TODAY = local_today()


@pytest.fixture
def forwarded(world, reception, kari):
    inquiry = intake.inquiry_register(
        acting_user=reception,
        municipality=kari.municipality,
        person=kari,
        channel="phone",
        about="Trenger hjelp med stell",
    )
    return intake.inquiry_forward(
        acting_user=reception, inquiry=inquiry, to_unit=world["home_care"], reason="Gjelder hjemmesykepleie"
    )


@pytest.fixture
def other_unit_user(municipality):
    """A provider in another unit: nothing handed to home care is theirs."""
    return factories.user(municipality, roles.PROVIDER, username="annen", unit=factories.unit(municipality))


def send_grant(world, case_worker, person, *, start=None):
    """A decision granting home health care from `start` (default in a week), sent today."""
    return grant(world, case_worker, person, start=start or TODAY + datetime.timedelta(days=7))
