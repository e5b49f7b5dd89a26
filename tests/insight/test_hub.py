"""«Organisasjon og innsikt» is one menu entry; its page lists the tools each role may use, and only those."""

import re

import pytest
from django.urls import reverse

from helhet.access import roles
from tests import factories


def _tools(html: str) -> list[str]:
    main = html.split("<main", 1)[1]
    return re.findall(
        r'<h2 class="ds-heading" data-size="sm"><a class="ds-link" href="[^"]+">([^<]+)</a>', main
    )


def test_the_menu_has_one_entry_for_all_of_insight(client, municipality, home_care):
    client.force_login(factories.user(municipality, roles.LEADER, unit=home_care))
    html = client.get(reverse("home")).content.decode()
    assert "Organisasjon og innsikt" in html
    for tool in ("Lederspenn", "Samarbeidsanalyse", "Verksteder"):
        assert f">{tool}</a>" not in html.split("<main", 1)[0]


@pytest.mark.parametrize(
    ("role", "present", "absent"),
    [
        (roles.LEADER, ["Organisasjonskart", "Omorganiseringsscenarier", "Kapasitetssimulering"], []),
        (roles.ANALYST, ["Organisasjonskart", "Kapasitetssimulering"], []),
        (roles.COORDINATOR, ["Organisasjonskart", "Verksteder"], ["Kapasitetssimulering"]),
    ],
)
def test_the_hub_lists_what_the_role_may_use(client, municipality, home_care, role, present, absent):
    client.force_login(factories.user(municipality, role, unit=home_care))
    tools = _tools(client.get(reverse("insight:hub")).content.decode())
    assert set(present) <= set(tools)
    assert not set(absent) & set(tools)


def test_roles_without_any_tool_are_refused(client, municipality, home_care, django_assert_max_num_queries):
    client.force_login(factories.user(municipality, roles.PROVIDER, unit=home_care))
    assert client.get(reverse("insight:hub")).status_code == 403
    client.force_login(factories.user(municipality, roles.ANALYST))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("insight:hub")).status_code == 200
