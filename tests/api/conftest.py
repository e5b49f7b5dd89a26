"""A small JSON client for the API tests, authenticated with a bearer token."""

import json

import pytest

from helhet.access.services import api_token_create


@pytest.fixture
def api(client):
    class Api:
        def __init__(self):
            self.headers = {}

        def as_(self, user):
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}"}
            return self

        def get(self, path, **params):
            return client.get(f"/api/v1{path}", params, **self.headers)

        def post(self, path, body):
            return client.post(
                f"/api/v1{path}", json.dumps(body), content_type="application/json", **self.headers
            )

        def patch(self, path, body):
            return client.patch(
                f"/api/v1{path}", json.dumps(body), content_type="application/json", **self.headers
            )

    return Api()
