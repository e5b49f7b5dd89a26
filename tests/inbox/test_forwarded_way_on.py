"""A unit that got an inquiry forwarded reads it from Oppgaver and finds the way on: the person, what to do
next, and back to Oppgaver (not the desk, which it does not have)."""

import pytest

from helhet.access.policy import person_access

pytestmark = pytest.mark.django_db


def test_the_receiving_nurse_finds_the_person_what_to_do_and_the_way_back(client, forwarded, nurse, kari):
    client.force_login(nurse)
    html = client.get(f"/mottak/{forwarded.pk}/").content.decode()
    assert "Hva gjør dere nå?" in html and f"Ta kontakt med {kari.full_name}" in html
    assert "Vil personen søke om en tjeneste" in html
    assert "Be personen ringe tjenestekontoret" in html  # a nurse may not register an application
    assert "/saker/soknad/" not in html and "Registrer søknad" not in html
    assert 'href="/oppgaver/"' in html and "Tilbake til Oppgaver" in html
    assert "Tilbake til mottaket" not in html
    assert person_access(nurse, kari)  # forwarding gave the unit a ground to see her
    assert f'<a class="ds-link" href="/personer/{kari.pk}/">{kari.full_name}</a>' in html


def test_the_desk_keeps_its_own_way_back_and_no_next_steps_box(client, forwarded, reception):
    client.force_login(reception)
    html = client.get(f"/mottak/{forwarded.pk}/").content.decode()
    assert "Tilbake til mottaket" in html
    assert "Hva gjør dere nå?" not in html and "Tilbake til Oppgaver" not in html
