"""The messy workshop map goes in from the page alone: one decision per distinct unknown name, nothing
pre-selected, and no external party ever reaches the org chart, span of control, unit lists or routing."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape

from helhet.access import roles
from helhet.casework import services as casework
from helhet.core.calendar import local_today
from helhet.core.models import ChangeRecord
from helhet.intake import services as intake
from helhet.organisation import services
from helhet.organisation.chart import chart_on, spans
from helhet.organisation.imports import pending_import_create, pending_import_for, pending_import_report
from helhet.organisation.models import (
    CollaborationLink,
    ExternalParty,
    ExternalPartyKind,
    PendingImport,
    Unit,
    UnitAlias,
)
from tests import factories
from tests.organisation import workshop

MAP = (Path(__file__).parent / "data" / "workshop_map.csv").read_text(encoding="utf-8")
TODAY = local_today()


@pytest.fixture
def units(municipality):
    return workshop.make_units(municipality)


@pytest.fixture
def editor(client, municipality, units):
    user = factories.user(municipality, roles.LEADER, unit=units["Tjenestekontoret"], leads=True)
    client.force_login(user)
    return user


def _upload(client) -> str:
    response = client.post(
        reverse("insight:collaboration_import"),
        {"file": SimpleUploadedFile("workshop.csv", MAP.encode()), "source": "Workshop 2018"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def _post_for(entry, units, truth) -> dict:
    action, target = truth[entry.name]
    if action == "unit":
        unit = units[target]
        if unit.pk in {s.unit_id for s in entry.suggestions}:
            return {"name": entry.name, "choice": f"unit:{unit.pk}"}
        return {"name": entry.name, "choice": "unit", "unit": unit.pk}
    if action == "external":
        canonical = next(
            n for n, (_k, spellings) in workshop.EXTERNAL_SPELLINGS.items() if entry.name in spellings
        )
        return {"name": entry.name, "choice": "external", "kind": target, "party_name": canonical}
    if action == "role":
        return {"name": entry.name, "choice": "role", "role": target}
    return {"name": entry.name, "choice": "ignore"}


def test_the_map_is_messy_enough():
    assert len(MAP.splitlines()) - 1 >= 150
    truth = workshop.truth()
    kinds = {kind for kind, _ in workshop.EXTERNAL_SPELLINGS.values()}
    assert kinds == set(ExternalPartyKind.values) - {"other"}
    assert {action for action, _ in truth.values()} == {"unit", "external", "role", "ignore"}


def test_the_workshop_map_goes_in_with_one_decision_per_unknown_name(
    client, municipality, units, editor, django_assert_max_num_queries
):
    pending_url = _upload(client)
    pending = PendingImport.objects.get()
    page = client.get(pending_url).content.decode()
    report = pending_import_report(pending, TODAY)
    truth = workshop.truth()
    unknown = list(report.unmatched.values())
    # Far fewer decisions than rows: one per distinct name, however many rows carry it.
    assert 30 <= len(unknown) < report.rows / 2
    for entry in unknown:
        assert page.count(f'name="name" value="{escape(entry.name)}"') == 1
    # Nothing is chosen for the user.
    report_html = page.split('id="import-report"')[1]
    assert " selected" not in report_html and " checked" not in report_html
    # Suggestions say why.
    assert "forkortelse for" in page and "samme ord i annen rekkefølge" in page and "lik skrivemåte (" in page
    tk = report.unmatched["TK"]
    assert tk.suggestions[0].name == "Tjenestekontoret" and "forkortelse" in tk.suggestions[0].reason
    assert (
        report.unmatched["Sone Nord hjemmesykepleien"].suggestions[0].reason == "samme ord i annen rekkefølge"
    )
    assert report.unmatched["Fastlegene"].kind_hint == "gp"
    assert not CollaborationLink.objects.exists()

    decision_url = pending_url + "navn/"
    for entry in unknown:
        response = client.post(decision_url, _post_for(entry, units, truth), HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert 'id="import-report"' in response.content.decode()  # the report, in place
    with django_assert_max_num_queries(16):
        page = client.get(pending_url).content.decode()
    report = pending_import_report(PendingImport.objects.get(), TODAY)
    assert report.unmatched == {} and len(report.decided) == len(unknown)
    assert "0 navn venter på ditt valg" in page
    assert report.malformed == []

    response = client.post(pending_url + "lagre/")
    assert response.status_code == 302 and response["Location"] == reverse("insight:collaboration")
    links = CollaborationLink.objects.filter(source="Workshop 2018")
    ignored_rows = len(report.ignored_lines)
    assert links.count() == report.rows - ignored_rows > 140
    # Every spelling is now placed: a second import of the same map needs no decision.
    again = pending_import_report(
        pending_import_create(
            municipality=municipality, csv_text=MAP, source="Workshop 2018", on=TODAY, actor=editor
        ),
        TODAY,
    )
    assert set(again.unmatched) == {name for name, (action, _) in truth.items() if action == "ignore"}

    parties = set(ExternalParty.objects.values_list("name", flat=True))
    assert parties == set(workshop.EXTERNAL_SPELLINGS)
    assert links.filter(external_party__isnull=False).count() > 30
    assert links.filter(role="", partner_role="Koordinator").exists()
    assert UnitAlias.objects.filter(alias="TK", unit=units["Tjenestekontoret"]).exists()
    created = ChangeRecord.objects.filter(object_type="organisation.externalparty", operation="create")
    assert created.values("object_id").distinct().count() == len(parties)

    # External parties are nowhere in the organisation.
    chart = chart_on(municipality, TODAY)
    names_in_chart = {node.unit.name for node in chart.walk()}
    assert names_in_chart == {name for name, _kind, _parent in workshop.UNITS}
    assert not parties & {s.unit.name for s in spans(chart)}
    for url in (reverse("insight:chart"), reverse("insight:span"), reverse("insight:units")):
        html = client.get(url).content.decode().split('<section class="hh-history">')[0]
        assert [party for party in parties if f">{party}<" in html] == [], url
    pdf_text = client.get(reverse("insight:collaboration")).content.decode()
    assert "Fastlegene" in pdf_text  # the collaboration table shows them as partners, not units
    assert not Unit.objects.filter(name__in=parties).exists()


def test_external_parties_never_reach_routing(client, world, reception, kari, municipality):
    party = services.external_party_create(
        municipality=municipality, name="Fastlegene i Demo", kind="gp", valid_from=TODAY, actor=None
    )
    inquiry = intake.inquiry_register(
        acting_user=reception, municipality=municipality, person=kari, channel="phone", about="Fall"
    )
    intake.inquiry_forward(acting_user=reception, inquiry=inquiry, to_unit=world["home_care"], reason="Fall")
    client.force_login(reception)
    page = client.get(f"/mottak/{inquiry.pk}/").content.decode()
    assert "Send til en annen enhet" in page and party.name not in page
    inquiry.refresh_from_db()
    before = inquiry.responsible_unit_id
    response = client.post(f"/mottak/{inquiry.pk}/videresend/", {"to_unit": party.pk, "reason": "Fastlege"})
    assert response.status_code in (200, 302)
    inquiry.refresh_from_db()
    # The posted id names a unit or nothing, never the party: the forward is refused and nothing changes,
    # or (when a unit the desk may forward to happens to have that id) it went to that unit.
    assert inquiry.responsible_unit_id == before or (
        inquiry.responsible_unit_id == party.pk and Unit.objects.filter(pk=party.pk).exists()
    )
    assert not (inquiry.responsible_unit and inquiry.responsible_unit.name == party.name)
    case = casework.application_receive(
        acting_user=world["office_leader"],
        municipality=municipality,
        person=kari,
        received_on=TODAY,
        need="Trenger hjelp",
        signed_by="person",
    )
    client.force_login(world["office_leader"])
    html = client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert "Send til et annet team" in html
    team_select = html.split('id="id_team"')[1].split("</select>")[0]
    assert party.name not in team_select and world["team_a"].name in team_select


def test_a_link_has_exactly_one_partner(municipality, units):
    party = services.external_party_create(
        municipality=municipality, name="Politiet", kind="police", valid_from=TODAY, actor=None
    )
    home = units["Praktisk bistand"]
    for partner, external in ((None, None), (units["Nattpatruljen"], party)):
        with pytest.raises(IntegrityError), transaction.atomic():
            CollaborationLink.objects.create(
                municipality=municipality, unit=home, partner=partner, external_party=external
            )
    with pytest.raises(IntegrityError), transaction.atomic():
        CollaborationLink.objects.create(municipality=municipality, unit=home, partner=home)
    CollaborationLink.objects.create(municipality=municipality, unit=home, external_party=party)
    CollaborationLink.objects.create(municipality=municipality, unit=home, partner=home, partner_role="lege")


def test_decisions_are_refused_with_a_message_and_change_nothing(
    client, municipality, units, editor, other_municipality
):
    pending_url = _upload(client)
    decision_url = pending_url + "navn/"
    foreign = factories.unit(other_municipality, "Naboenhet")
    for data in (
        {"name": "TK", "choice": "unit", "unit": foreign.pk},
        {"name": "TK", "choice": "unit", "unit": "x"},
        {"name": "TK", "choice": "external", "kind": "spaceship"},
        {"name": "TK", "choice": ""},
        {"name": "Finnes ikke", "choice": "ignore"},
        {"name": "TK", "choice": "role", "role": "x" * 101},
    ):
        response = client.post(decision_url, data, follow=True)
        assert response.status_code == 200
        assert "ds-alert" in response.content.decode() or "alert" in response.content.decode()
    assert PendingImport.objects.get().decisions == {}
    # Another municipality's user does not find the import.
    client.force_login(factories.user(other_municipality, roles.LEADER, username="naboleder"))
    assert client.get(pending_url).status_code == 404
    assert client.post(decision_url, {"name": "TK", "choice": "ignore"}).status_code == 404
    # A case worker may not decide.
    client.force_login(factories.user(municipality, roles.CASE_WORKER, username="sb"))
    assert client.get(pending_url).status_code == 403


def test_the_no_js_fallback_redirects_back_to_the_report(client, units, editor):
    pending_url = _upload(client)
    response = client.post(
        pending_url + "navn/",
        {"name": "BPA", "choice": f"unit:{units['Brukerstyrt personlig assistanse'].pk}"},
    )
    assert response.status_code == 302 and response["Location"].startswith(pending_url)
    page = client.get(pending_url).content.decode()
    # "BPA" and "bpa" are one name: one decision placed both spellings.
    assert "Enheten Brukerstyrt personlig assistanse" in page and "angre valget for «bpa»" in page.lower()
    client.post(pending_url + "navn/", {"name": "BPA", "choice": "undo"})
    assert PendingImport.objects.get().decisions == {}


def test_an_upload_with_bad_content_is_refused_and_nothing_is_kept(client, editor):
    url = reverse("insight:collaboration_import")
    for text, message in (
        ("unit;partner\nA;B\x00\n", "NUL"),
        ("unit;partner\nA;" + "x" * 140_000 + "\n", "for langt"),
        ("a;b\n1;2\n", "kolonnene"),
    ):
        html = client.post(url, {"csv_text": text, "source": "S"}).content.decode()
        assert message in html
    assert not PendingImport.objects.exists()


def test_pending_imports_are_bounded(municipality, units):
    for _ in range(25):
        pending_import_create(municipality=municipality, csv_text=MAP, source="S", on=TODAY, actor=None)
    assert PendingImport.objects.filter(municipality=municipality).count() == 20
    newest = PendingImport.objects.order_by("-pk").first()
    assert pending_import_for(municipality, newest.pk) == newest
