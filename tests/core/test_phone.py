"""Phone numbers are links a thumb can tap (tel:), and stay escaped text."""

import pytest

from helhet.core.templatetags.phone import phone_link, tel_uri


@pytest.mark.parametrize(
    ("shown", "uri"),
    [
        ("912 34 567", "tel:+4791234567"),
        ("+47 55 55 33 33", "tel:+4755553333"),
        ("0047 12 34 56 00", "tel:+4712345600"),
        ("(+46) 8-123 456", "tel:+468123456"),
    ],
)
def test_a_number_becomes_a_tel_uri(shown, uri):
    assert tel_uri(shown) == uri


def test_the_link_shows_the_number_as_written_and_escapes_it():
    assert phone_link("912 34 567") == '<a class="ds-link hh-tel" href="tel:+4791234567">912 34 567</a>'
    assert "&lt;b&gt;" in phone_link("<b>9</b>")
    assert phone_link("") == "" and phone_link("ukjent") == "ukjent"
