"""API fixtures: tokens for users, a JSON client that sends them, and the mediation cases."""

import json

import pytest

from fazhi.api.services import api_token_create
from fazhi.mediation.tests.conftest import ID_NUMBER, beishan_mediator, new_mediation  # noqa: F401

__all__ = ["ID_NUMBER"]


@pytest.fixture
def token_for(db):
    """token_for(user, name='测试系统') -> the secret of a fresh token acting as `user`."""

    def make(user, name="测试系统", **kw):
        _token, secret = api_token_create(actor=None, user=user, name=name, **kw)
        return secret

    return make


class ApiClient:
    """Django's test client speaking JSON with a bearer token."""

    def __init__(self, client, secret=None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path, params=None, **headers):
        return self.client.get(path, params or {}, headers={**self.headers, **headers})

    def post(self, path, body=None, **headers):
        return self.client.post(
            path, json.dumps(body or {}), content_type="application/json", headers={**self.headers, **headers}
        )


@pytest.fixture
def api(client, token_for):
    """api(user) -> an ApiClient authenticated with a new token of `user`; api() is anonymous."""

    def make(user=None):
        return ApiClient(client, token_for(user) if user is not None else None)

    return make
