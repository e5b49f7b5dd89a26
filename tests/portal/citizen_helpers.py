"""Logging in as a citizen in tests: the development login, as the demo does it."""

from django.test import Client
from django.urls import reverse


def citizen_client(pid: str) -> Client:
    client = Client()
    response = client.post(reverse("citizen:login"), {"pid": pid})
    assert response.status_code == 302, response.content.decode()[:500]
    return client
