"""The inbox API: the user's own items and «Ta oppgaven», with the page's rules."""

from helhet.access.models import AccessLog
from helhet.inbox.models import Item, ItemKind
from tests.inbox.conftest import forwarded, other_unit_user  # noqa: F401  # fixtures shared with the page tests


def test_the_unit_lists_its_items_with_the_name_logged(api, forwarded, nurse):  # noqa: F811
    answer = api.as_(nurse).get("/inbox")
    assert answer.status_code == 200
    [item] = answer.json()
    assert (item["kind"], item["person_name"], item["taken_by"]) == ("inquiry", "Kari Nordmann", None)
    assert item["url"] == f"/mottak/{forwarded.pk}/"
    assert AccessLog.objects.filter(user=nurse, person=forwarded.person, channel="api").exists()


def test_others_list_nothing(api, forwarded, other_unit_user):  # noqa: F811
    assert api.as_(other_unit_user).get("/inbox").json() == []


def test_take_through_the_api_once_and_refusals(api, forwarded, nurse, leader, other_unit_user):  # noqa: F811
    item = Item.objects.get(kind=ItemKind.INQUIRY)
    refused = api.as_(other_unit_user).post(f"/inbox/{item.pk}/take", {})
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Oppgaven er ikke til deg eller enheten din."
    taken = api.as_(nurse).post(f"/inbox/{item.pk}/take", {})
    assert taken.status_code == 200 and taken.json()["taken_by"] == "Test Tjenesteyter"
    assert api.post(f"/inbox/{item.pk}/take", {}).status_code == 200  # again: unchanged
    second = api.as_(leader).post(f"/inbox/{item.pk}/take", {})
    assert second.status_code == 422 and "allerede tatt av Test Tjenesteyter" in second.json()["message"]
    assert api.post("/inbox/999999/take", {}).status_code == 403
    item.refresh_from_db()
    assert item.taken_by == nurse


def test_done_items_are_listed_on_request(api, forwarded, nurse):  # noqa: F811
    assert api.as_(nurse).get("/inbox", done="true").json() == []
