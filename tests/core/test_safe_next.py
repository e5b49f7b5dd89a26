"""`next` on a POST only goes to our own pages; anywhere else gives the page's own default."""

import pytest
from django.urls import reverse

from helhet.care.services import daily


@pytest.fixture
def message(nurse, home_care):
    return daily.message_post(acting_user=nurse, unit=home_care, text="Husk nøkkelen")


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "http://testserver.evil/"]
)
def test_next_to_another_site_goes_to_the_default_instead(client, nurse, message, target):
    client.force_login(nurse)
    response = client.post(reverse("care:message_read", args=[message.pk]), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("care:messages") + f"?enhet={message.unit_id}"


def test_next_to_our_own_page_is_followed(client, nurse, message):
    client.force_login(nurse)
    own = reverse("care:worklist") + "?vakt=day"
    response = client.post(reverse("care:message_read", args=[message.pk]), {"next": own})
    assert response["Location"] == own


def test_meeting_action_next_is_checked_too(client, nurse):
    client.force_login(nurse)
    response = client.post(reverse("care:action_done", args=[999999]), {"next": "https://evil.example/"})
    assert response.status_code == 404  # no such action: nothing redirects anywhere


def test_over_https_next_must_be_https_too(rf):
    from helhet.core.redirects import safe_next

    request = rf.post("/", {"next": "http://testserver/personer/"}, secure=True)
    assert safe_next(request, "/") == "/"
    request = rf.post("/", {"next": "https://testserver/personer/"}, secure=True)
    assert safe_next(request, "/") == "https://testserver/personer/"
