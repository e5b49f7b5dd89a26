"""Legal regimes as data: each service is decided under its own law, read at the decision's date."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from helhet.access.services import api_token_create
from helhet.casework import deadlines, services
from helhet.catalogue.models import LegalRegimeVersion, Service
from helhet.catalogue.selectors import NoLegalRegime, regime_version_for
from helhet.catalogue.services import legal_regime_version_add, legal_regimes_ensure
from helhet.core.calendar import local_today
from helhet.organisation.models import ServiceArea, UnitParent
from helhet.organisation.selectors import service_areas_for_user, service_areas_of_units
from tests import factories
from tests.casework.test_process import assess, complete_draft, receive

D = datetime.date


@pytest.fixture
def person(municipality):
    return factories.person(municipality, first_name="Ragnhild", last_name="Berg", birth_date=D(1941, 3, 4))


def _service(municipality, name):
    return Service.objects.get(municipality=municipality, name=name)


def test_every_default_service_has_the_regime_of_its_law(world, municipality):
    nav = _service(municipality, "Økonomisk sosialhjelp")
    home = _service(municipality, "Helsetjenester i hjemmet")
    assert nav.legal_regime.code == "social" and nav.legal_regime.service_area == ServiceArea.SOCIAL
    assert home.legal_regime.code == "health_care"
    assert not Service.objects.filter(municipality=municipality, legal_regime__isnull=True).exists()


def test_the_two_regimes_differ_where_the_law_differs(world, municipality):
    today = local_today()
    social = regime_version_for(_service(municipality, "Økonomisk sosialhjelp"), today)
    health = regime_version_for(_service(municipality, "Helsetjenester i hjemmet"), today)
    assert (health.appeal_weeks, social.appeal_weeks) == (4, 3)
    assert health.appeal_deadline_rule == "pasient- og brukerrettighetsloven § 7-5"
    assert social.appeal_deadline_rule == "forvaltningsloven § 29"
    assert health.names_ombud and not social.names_ombud
    assert social.appeal_form_rule == "forvaltningsloven § 32"


def test_references_are_written_out_in_full(world, municipality):
    health = regime_version_for(_service(municipality, "Helsetjenester i hjemmet"), local_today())
    assert (
        health.expand("hol § 3-2 første ledd nr. 6 bokstav a")
        == "helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav a"
    )
    assert health.expand("pbrl § 2-1 a andre ledd") == "pasient- og brukerrettighetsloven § 2-1 a andre ledd"
    assert health.expand("folketrygdloven § 10-5") == "folketrygdloven § 10-5"


def test_a_new_version_from_a_date_changes_the_rule_without_code(world, municipality):
    service = _service(municipality, "Økonomisk sosialhjelp")
    old = regime_version_for(service, D(2026, 6, 1))
    new = LegalRegimeVersion.objects.create(
        regime=old.regime,
        valid_from=D(2027, 7, 1),
        **{
            name: getattr(old, name)
            for name in ("acts", "deciding_office", "appeal_lodged_with", "appeal_body")
        },
        appeal_weeks=4,
        appeal_deadline_rule="forvaltningsloven (LOV-2025-06-20-81) § 0",
        appeal_deadline_start=old.appeal_deadline_start,
        appeal_body_rule=old.appeal_body_rule,
        appeal_form_rule=old.appeal_form_rule,
        interim_rule=old.interim_rule,
        advance_notice_rule=old.advance_notice_rule,
        document_access_rule=old.document_access_rule,
        reasons_rule=old.reasons_rule,
        office_name=old.office_name,
    )
    assert regime_version_for(service, D(2027, 6, 30)) == old
    assert regime_version_for(service, D(2027, 7, 1)) == new


def test_a_service_without_regime_is_refused_plainly(world, municipality):
    service = _service(municipality, "Helsetjenester i hjemmet")
    with pytest.raises(NoLegalRegime):
        regime_version_for(service, D(2000, 1, 1))  # before helse- og omsorgstjenesteloven


def test_installing_again_keeps_what_the_municipality_changed(world, municipality):
    version = regime_version_for(_service(municipality, "Økonomisk sosialhjelp"), local_today())
    LegalRegimeVersion.objects.filter(pk=version.pk).update(phone="99 99 99 99")
    legal_regimes_ensure(municipality=municipality)
    version.refresh_from_db()
    assert version.phone == "99 99 99 99"
    assert version.regime.versions.count() == 1


def test_a_nav_decision_gets_three_weeks_and_a_health_decision_four(world, case_worker, person, municipality):
    nav_service = _service(municipality, "Økonomisk sosialhjelp")
    health_case = receive(world, case_worker, person)
    nav_case = receive(world, case_worker, person, wished_services=[nav_service])
    assert (health_case.service_area, nav_case.service_area) == ("health_care", "social")
    today = local_today()
    sent = []
    assess(case_worker, health_case, choice_reason="Behovet er beskrevet i søknaden.")
    health_draft = complete_draft(case_worker, health_case, world, start_date=today)
    sent.append(services.decision_send(acting_user=case_worker, decision=health_draft, sent_on=today))
    services.social_assessment_record(
        acting_user=world["nav_leader"],
        case=nav_case,
        kind="conversation",
        held_on=today,
        household_adults=1,
        sources="Samtale på NAV-kontoret",
    )
    nav_draft = services.decision_draft_create(
        acting_user=world["nav_leader"],
        case=nav_case,
        service=nav_service,
        outcome="INNVILGET",
        economic_basis="sotjl_18",
        benefit_form="grant",
        amount="3000",
        amount_period="once",
        start_date=today,
        content="Mat og strøm denne måneden.",
        facts="Ingen inntekt denne måneden.",
        considerations="Kan ikke sørge for livsoppholdet selv.",
    )
    sent.append(services.decision_send(acting_user=world["nav_leader"], decision=nav_draft, sent_on=today))
    health, nav = sent
    assert health.regime_version.appeal_weeks == 4 and nav.regime_version.appeal_weeks == 3
    assert (health.appeal_deadline - today).days in range(28, 33)  # four weeks, moved past holidays
    assert (nav.appeal_deadline - today).days in range(21, 26)
    labels = {
        case.service_area: [d.label for d in deadlines.for_case(case, [decision])]
        for case, decision in ((health_case, health), (nav_case, nav))
    }
    assert "Foreløpig svar (forvaltningsloven § 11 a) hvis ikke vedtak" in labels["health_care"]
    assert (
        "Klagefrist (pasient- og brukerrettighetsloven § 7-5): Helsetjenester i hjemmet"
        in labels["health_care"]
    )
    assert "Klagefrist (forvaltningsloven § 29): Økonomisk sosialhjelp" in labels["social"]


def test_units_inherit_the_service_area_of_their_parent(municipality):
    nav = factories.unit(municipality, "NAV Demo")
    nav.service_area = ServiceArea.SOCIAL
    nav.save()
    team = factories.unit(municipality, "Oppfølgingsteam 1", kind="team")
    UnitParent.objects.create(unit=team, parent=nav, valid_from=D(2020, 1, 1))
    other = factories.unit(municipality, "Ukjent enhet")
    areas = service_areas_of_units({nav.pk, team.pk, other.pk}, local_today())
    assert areas == {nav.pk: "social", team.pk: "social", other.pk: ""}
    worker = factories.user(municipality, "saksbehandler", username="navveileder", unit=team)
    assert service_areas_for_user(worker, local_today()) == frozenset({"social"})


def _social(municipality):
    return _service(municipality, "Økonomisk sosialhjelp").legal_regime


def test_the_admin_adds_a_version_and_the_old_one_ends_the_day_before(world, municipality, admin_user):
    regime = _social(municipality)
    old = regime.versions.get()
    new = legal_regime_version_add(
        acting_user=admin_user, regime=regime, valid_from=D(2027, 7, 1), appeal_weeks=4, phone="22 22 22 22"
    )
    old.refresh_from_db()
    assert old.valid_to == D(2027, 6, 30)
    assert (new.appeal_weeks, new.phone, new.appeal_body) == (4, "22 22 22 22", old.appeal_body)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"valid_from": D(2009, 1, 1)}, "valid_from"),  # before the version in force
        ({"valid_from": D(2027, 1, 1), "appeal_weeks": 0}, "appeal_weeks"),
        ({"valid_from": D(2027, 1, 1), "appeal_weeks": 52}, "appeal_weeks"),
        ({"valid_from": D(2027, 1, 1), "office_name": ""}, "office_name"),
        ({"valid_from": D(2027, 1, 1), "email": "ikke en adresse"}, "email"),
        ({"valid_from": D(2027, 1, 1), "acts": {"sotjl": ""}}, "acts"),
    ],
)
def test_a_bad_version_is_refused_and_changes_nothing(world, municipality, admin_user, fields, field):
    regime = _social(municipality)
    with pytest.raises(ValidationError) as refused:
        legal_regime_version_add(acting_user=admin_user, regime=regime, **fields)
    assert field in refused.value.message_dict
    assert regime.versions.count() == 1 and regime.versions.get().valid_to is None


def test_only_the_admin_changes_a_regime(world, municipality, leader, case_worker, outsider):
    regime = _social(municipality)
    for user in (leader, case_worker, outsider):
        with pytest.raises(PermissionDenied):
            legal_regime_version_add(acting_user=user, regime=regime, valid_from=D(2027, 1, 1))


def test_the_regime_pages_show_the_rules_and_only_the_admin_gets_the_form(
    client, world, municipality, admin_user, case_worker, django_assert_max_num_queries
):
    regime = _social(municipality)
    client.force_login(case_worker)
    with django_assert_max_num_queries(9):  # with the menu's inbox count
        html = client.get(reverse("catalogue:legal_regimes")).content.decode()
    assert "Sosiale tjenester i NAV" in html and "3 uker (forvaltningsloven § 29)" in html
    assert "Økonomisk sosialhjelp" in html
    page = client.get(reverse("catalogue:legal_regime", args=[regime.pk])).content.decode()
    assert "forvaltningsloven § 32" in page and "Lagre ny versjon" not in page
    assert client.post(reverse("catalogue:legal_regime", args=[regime.pk]), {}).status_code == 403
    client.force_login(admin_user)
    page = client.get(reverse("catalogue:legal_regime", args=[regime.pk])).content.decode()
    assert "Lagre ny versjon" in page and "sotjl = sosialtjenesteloven" in page
    form = {
        "valid_from": "2027-07-01",
        "acts": "sotjl = sosialtjenesteloven\nfvl = forvaltningsloven",
        "deciding_office": "NAV-kontoret",
        "appeal_weeks": "4",
        "appeal_deadline_rule": "forvaltningsloven § 29",
        "appeal_deadline_start": "fra vedtaket kom fram til deg",
        "appeal_lodged_with": "NAV Demo",
        "appeal_body": "Statsforvalteren",
        "appeal_body_rule": "sosialtjenesteloven kapittel 5",
        "appeal_form_rule": "forvaltningsloven § 32",
        "interim_rule": "forvaltningsloven § 11 a",
        "advance_notice_rule": "forvaltningsloven § 16",
        "document_access_rule": "forvaltningsloven §§ 18 og 19",
        "reasons_rule": "forvaltningsloven §§ 24 og 25",
        "office_name": "NAV Demo",
    }
    response = client.post(reverse("catalogue:legal_regime", args=[regime.pk]), form)
    assert response.status_code == 302
    assert regime.versions.count() == 2
    bad = client.post(reverse("catalogue:legal_regime", args=[regime.pk]), {**form, "acts": "bare tekst"})
    assert "Skriv hver lov som" in bad.content.decode() and regime.versions.count() == 2


def test_the_api_lists_the_regimes_with_their_versions(client, world, municipality, case_worker):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=case_worker)}"}
    body = client.get("/api/v1/catalogue/legal-regimes", **headers).json()
    by_code = {regime["code"]: regime for regime in body}
    assert by_code["social"]["current"]["appeal_weeks"] == 3
    assert by_code["health_care"]["current"]["names_ombud"] is True
    assert "Økonomisk sosialhjelp" in by_code["social"]["services"]
    services_ = client.get("/api/v1/catalogue/services", **headers).json()
    assert {s["name"]: s["legal_regime"] for s in services_}["Økonomisk sosialhjelp"] == "social"
