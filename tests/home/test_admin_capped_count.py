"""Counts beyond a thousand are shown as «over 1 000»; below it, the exact number."""

from django.urls import reverse

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


def test_the_admin_start_page_shows_over_1000_persons(client, municipality, admin_user):
    _persons(municipality, 1000)
    client.force_login(admin_user)
    html = client.get(reverse("home")).content.decode()
    assert '<p class="hh-stat">1\xa0000</p>' in html
    _persons(municipality, 1)
    html = client.get(reverse("home")).content.decode()
    assert '<p class="hh-stat">over 1\xa0000</p>' in html
