"""Person search by the start of a name: common and rare surnames, any case, æøå, in name order, paginated."""

from django.conf import settings
from django.urls import reverse

from helhet.access.models import AccessLog
from helhet.people.models import Person
from tests import factories


def _names(page) -> list[tuple[str, str]]:
    return [(p.last_name, p.first_name) for p in page]


def test_a_common_surname_is_found_by_its_start_in_name_order_page_by_page(client, municipality, reception):
    size = settings.HELHET_PAGE_SIZE
    hansens = [
        factories.person(municipality, first_name=f"Kari{i:02d}", last_name="Hansen") for i in range(size)
    ]
    factories.person(municipality, first_name="Hansine", last_name="Berg")  # a first name that starts so
    factories.person(municipality, first_name="Ola", last_name="hanssen")  # written in lower case
    factories.person(municipality, first_name="Per", last_name="Olsen")
    client.force_login(reception)
    first = client.get(reverse("people:list"), {"q": "HANS"}).context["page"]
    assert first.paginator.count == size + 2
    assert _names(first)[0] == ("Berg", "Hansine")
    assert _names(first)[1:] == [("Hansen", p.first_name) for p in hansens[: size - 1]]
    second = client.get(reverse("people:list"), {"q": "hans", "side": 2}).context["page"]
    assert _names(second) == [("Hansen", hansens[-1].first_name), ("hanssen", "Ola")]
    # Every person shown is logged, once per page they were shown on.
    assert AccessLog.objects.filter(action="search").count() == size + 2


def test_a_rare_name_with_æøå_is_found_in_any_case(client, municipality, reception):
    ødegård = factories.person(municipality, first_name="Åse", last_name="Ødegård")
    factories.person(municipality, first_name="Åsmund", last_name="Aasen")
    factories.person(municipality, first_name="Øystein", last_name="Hansen")
    client.force_login(reception)
    for query in ("ødeg", "ØDEGÅRD", "Åse ødeg", "åse"):
        page = client.get(reverse("people:list"), {"q": query}).context["page"]
        assert list(page) == [ødegård], query
    assert [p.first_name for p in client.get(reverse("people:list"), {"q": "øys"}).context["page"]] == [
        "Øystein"
    ]
    assert not client.get(reverse("people:list"), {"q": "degård"}).context["page"].object_list


def test_search_stays_within_the_users_municipality(client, municipality, other_municipality, reception):
    factories.person(other_municipality, first_name="Kari", last_name="Hansen")
    client.force_login(reception)
    assert not client.get(reverse("people:list"), {"q": "hansen"}).context["page"].object_list
    assert Person.objects.filter(last_name="Hansen").count() == 1
