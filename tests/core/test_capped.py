"""Counts beyond a thousand are shown as «over 1 000»; below it, the exact number."""

from django.urls import reverse

from helhet.core.capped import Capped, capped_count
from helhet.people.models import Person
from tests import factories


def _persons(municipality, n: int) -> None:
    rows = []
    for i in range(n):
        person = Person(
            municipality=municipality,
            national_id=factories.synthetic_id(),
            first_name=f"Person{i}",
            last_name="Mengde",
        )
        person.derive_from_national_id()
        rows.append(person)
    Person.objects.bulk_create(rows)


def test_the_text_is_exact_up_to_the_cap_and_over_beyond_it():
    assert [Capped(n).text for n in (0, 7, 1000)] == ["0", "7", "1\xa0000"]
    assert Capped(1001).text == "over 1\xa0000"
    assert Capped(4, cap=3).text == "over 3" and Capped(3, cap=3).text == "3"


def test_the_count_reads_no_more_than_one_row_past_the_cap(municipality, django_assert_num_queries):
    _persons(municipality, 6)
    persons = Person.objects.filter(municipality=municipality)
    with django_assert_num_queries(1) as captured:
        assert capped_count(persons, cap=5) == Capped(6, cap=5)
    assert "LIMIT 6" in captured.captured_queries[0]["sql"]
    assert capped_count(persons, cap=6) == Capped(6, cap=6)
    assert not capped_count(persons, cap=6).over and capped_count(persons, cap=5).over


def test_the_admin_start_page_shows_over_1000_persons(client, municipality, admin_user):
    _persons(municipality, 1000)
    client.force_login(admin_user)
    html = client.get(reverse("home")).content.decode()
    assert '<p class="hh-stat">1\xa0000</p>' in html
    _persons(municipality, 1)
    html = client.get(reverse("home")).content.decode()
    assert '<p class="hh-stat">over 1\xa0000</p>' in html
