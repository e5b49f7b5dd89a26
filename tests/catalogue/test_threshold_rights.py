"""Who may change a service's threshold rules (issue 9 §11, domain.md §0 D): the leaders of the units that
provide it (and of the units above them), the service office's leader, the leader of a rule's team, and
administrators; a leader of an unrelated unit may not, on the page or over the API."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from helhet.access import roles
from helhet.access.services import api_token_create
from helhet.catalogue import services
from helhet.catalogue.models import Service, ThresholdRule
from helhet.organisation.models import UnitParent
from tests import factories
from tests.factories import LONG_AGO

TODAY = datetime.date(2026, 11, 23)
TRIO = {"all": [{"fact": "age", "max": 17}]}


@pytest.fixture
def units(municipality, office, home_care, leader):
    family = factories.unit(municipality, "Barn, ungdom og familie")
    clinic = factories.unit(municipality, "Helsestasjon og skolehelsetjeneste", kind="team")
    north = factories.unit(municipality, "Helsestasjon sone Nord", kind="team")
    south = factories.unit(municipality, "Helsestasjon sone Sør", kind="team")
    for child, parent in ((clinic, family), (north, clinic), (south, clinic)):
        UnitParent.objects.create(unit=child, parent=parent, valid_from=LONG_AGO)
    services.catalogue_install_defaults(municipality=municipality, on=TODAY)
    trio = Service.objects.get(municipality=municipality, name="Triosamtaler")
    home = Service.objects.get(municipality=municipality, name="Helsetjenester i hjemmet")
    assert list(trio.provider_units.all()) == [clinic]
    home.provider_units.add(home_care)

    def lead(unit, username, role=roles.LEADER):
        return factories.user(municipality, role, username=username, unit=unit, leads=True)

    return {
        "trio": trio,
        "home": home,
        "north": north,
        "south": south,
        "home_care": home_care,
        "home_care_leader": leader,
        "clinic_leader": lead(clinic, "helsestasjonleder"),
        "family_leader": lead(family, "bufleder"),
        "office_leader": lead(office, "tjenestekontorleder", roles.CASE_WORKER),
        "north_leader": lead(north, "nordleder"),
    }


def change(user, service, team=None, day=TODAY):
    return services.threshold_rule_set(
        acting_user=user, service=service, criteria=TRIO, valid_from=day, team=team
    )


def test_a_home_care_leader_may_change_home_care_but_not_the_child_services_trio(units):
    assert change(units["home_care_leader"], units["home"]).pk
    with pytest.raises(PermissionDenied) as caught:
        change(units["home_care_leader"], units["trio"])
    assert "Triosamtaler" in str(caught.value)
    assert not ThresholdRule.objects.filter(service=units["trio"], valid_from=TODAY).exists()


@pytest.mark.parametrize("who", ["clinic_leader", "family_leader", "office_leader"])
def test_the_providers_leaders_above_them_and_the_service_office_leader_may_change_the_trio(units, who):
    rule = change(units[who], units["trio"])
    assert (rule.service, rule.team, rule.valid_from) == (units["trio"], None, TODAY)


def test_an_administrator_may_change_any_service(units, admin_user):
    assert change(admin_user, units["trio"]).pk and change(admin_user, units["home"]).pk


def test_a_case_worker_who_leads_nothing_may_not(units, case_worker):
    with pytest.raises(PermissionDenied):
        change(case_worker, units["trio"])


def test_a_team_leader_changes_only_their_own_teams_rule(units):
    north, south = units["north"], units["south"]
    with pytest.raises(PermissionDenied):
        change(units["north_leader"], units["trio"])
    with pytest.raises(PermissionDenied):
        change(units["north_leader"], units["trio"], team=south)
    rule = change(units["north_leader"], units["trio"], team=north)
    assert rule.team == north
    # The team's rule has its own versions: the service-wide rule from 2020 still runs.
    assert ThresholdRule.objects.get(service=units["trio"], team=None).valid_to is None


def test_a_team_rule_belongs_to_a_unit_that_provides_the_service(units):
    with pytest.raises(ValidationError) as caught:
        change(units["clinic_leader"], units["trio"], team=units["home_care"])
    assert list(caught.value.message_dict) == ["team"]


def test_the_page_shows_the_form_only_to_those_who_may_change(client, units):
    url = reverse("catalogue:thresholds", args=[units["trio"].pk])
    client.force_login(units["home_care_leader"])
    page = client.get(url).content.decode()
    assert "Lagre ny versjon" not in page
    assert "lederen for tjenestekontoret" in page
    assert client.post(url, {"valid_from": "2026-11-23", "criteria": json.dumps(TRIO)}).status_code == 403
    client.force_login(units["office_leader"])
    assert "Lagre ny versjon" in client.get(url).content.decode()
    response = client.post(url, {"valid_from": "2026-11-23", "criteria": json.dumps(TRIO)})
    assert response.status_code == 302
    client.force_login(units["north_leader"])
    page = client.get(url).content.decode()
    assert "Helsestasjon sone Nord" in page and "Helsestasjon sone Sør" not in page
    response = client.post(
        url, {"valid_from": "2026-11-24", "criteria": json.dumps(TRIO), "team": units["north"].pk}
    )
    assert response.status_code == 302
    assert ThresholdRule.objects.filter(team=units["north"]).count() == 1


def test_the_api_allows_exactly_what_the_page_allows(client, units):
    path = f"/api/v1/catalogue/services/{units['trio'].pk}/thresholds"

    def post(user, body):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}"}
        return client.post(path, json.dumps(body), content_type="application/json", **headers)

    body = {"criteria": TRIO, "valid_from": "2026-11-23"}
    assert post(units["home_care_leader"], body).status_code == 403
    assert post(units["office_leader"], body).status_code == 201
    assert post(units["north_leader"], body).status_code == 403
    team_rule = post(units["north_leader"], {**body, "team_id": units["north"].pk})
    assert team_rule.status_code == 201, team_rule.content
    assert team_rule.json()["team"] == "Helsestasjon sone Nord"
    wrong = post(units["clinic_leader"], {**body, "team_id": units["home_care"].pk})
    assert wrong.status_code == 422 and "team" in wrong.content.decode()


def test_a_team_rule_suggests_the_service_with_the_team_named_and_the_catalogue_shows_the_service_rule(
    units, municipality
):
    from helhet.catalogue.selectors import services as catalogue_services
    from helhet.catalogue.thresholds import AssessmentFacts, suggest_services

    change(
        units["north_leader"],
        units["trio"],
        team=units["north"],
        day=datetime.date(2026, 1, 1),
    )
    services.threshold_rule_set(
        acting_user=units["north_leader"],
        service=units["trio"],
        team=units["north"],
        criteria={"all": [{"fact": "lives_alone", "equals": True}]},
        valid_from=datetime.date(2026, 2, 1),
    )
    grown_up_alone = AssessmentFacts(age=40, lives_alone=True)
    [trio] = [
        s
        for s in suggest_services(municipality, grown_up_alone, on=TODAY)
        if s.service.name == "Triosamtaler"
    ]
    assert trio.reasons[-1] == "etter terskelen for Helsestasjon sone Nord"
    view = next(v for v in catalogue_services(municipality, on=TODAY) if v.service.name == "Triosamtaler")
    assert view.threshold_text.startswith("Dette må gjelde: under 18 år")
