"""A count shown as «over 1 000» is counted up to its cap in one bounded query, exactly below it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from helhet.access import roles
from helhet.core.counting import capped_count, count_label
from helhet.core.models import User
from tests import factories


def test_capped_count_is_exact_up_to_the_cap_and_one_more_above_it(municipality):
    for n in range(5):
        factories.user(municipality, roles.CASE_WORKER, username=f"telles-{n}")
    users = User.objects.filter(username__startswith="telles-")
    assert capped_count(users, cap=10) == 5
    assert capped_count(users, cap=5) == 5
    with CaptureQueriesContext(connection) as captured:
        assert capped_count(users, cap=3) == 4
    assert len(captured) == 1 and "LIMIT 4" in captured[0]["sql"]


def test_count_label_says_over_1000_only_above_the_cap():
    assert count_label(0) == "0"
    assert count_label(1000) == "1\u00a0000"
    assert count_label(1001) == "over 1\u00a0000"
    assert count_label(4, cap=3) == "over 3"
