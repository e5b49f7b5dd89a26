"""Form markup faults from issue 10: selects start with a Norwegian choice, never Django's «---------», and
a page's ids are unique (the inquiry page's «Merknad» label focused the answer field)."""

from collections import Counter
from html.parser import HTMLParser

from django.urls import reverse

from helhet.access.account_forms import EngagementForm
from helhet.intake.forms import ForwardForm
from helhet.intake.models import Inquiry
from helhet.organisation.models import Unit


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.labels: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(attributes["id"])
        if tag == "label" and attributes.get("for"):
            self.labels.append(attributes["for"])


def ids_of(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    return parser


def assert_unique_ids(html: str) -> None:
    parsed = ids_of(html)
    twice = [name for name, count in Counter(parsed.ids).items() if count > 1]
    assert twice == [], twice
    assert set(parsed.labels) <= set(parsed.ids), set(parsed.labels) - set(parsed.ids)


def test_unit_selects_start_with_velg_enhet(municipality, home_care):
    units = Unit.objects.filter(municipality=municipality)
    for form in (ForwardForm(units=units), EngagementForm(units=units)):
        html = str(form)
        assert "---------" not in html
        assert '<option value="" selected>Velg enhet</option>' in html


def test_the_inquiry_page_has_unique_ids_and_merknad_focuses_the_booking_note(
    client, reception, kari, home_care
):
    inquiry = Inquiry.objects.create(
        municipality=kari.municipality,
        person=kari,
        channel="phone",
        about="Spør om trygghetsalarm",
        registered_by=reception,
        received_at="2026-11-23T09:00:00Z",
    )
    client.force_login(reception)
    html = client.get(reverse("intake:inquiry", args=[inquiry.pk])).content.decode()
    assert_unique_ids(html)
    assert "---------" not in html
    assert '<label class="ds-label" for="book_note">Merknad' in html
    assert 'name="note"' in html and 'id="book_note"' in html and 'id="answer_note"' in html
