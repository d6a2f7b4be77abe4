"""POST /api/assistant/ask and the feedback endpoint, with a real token, and their OpenAPI entries."""

from __future__ import annotations

import json

import pytest

from fazhi.api.services import api_token_create
from fazhi.assistant.models import Feedback, Question
from fazhi.assistant.tests import conftest as assistant_fixtures
from fazhi.core.roles import Role

pytestmark = pytest.mark.django_db
# The assistant tests' small index of laws.db, and every test here answering from it.
small_laws_db = assistant_fixtures.small_laws_db
small_index = assistant_fixtures.small_index
assistant_conf = assistant_fixtures.assistant_conf


def _post(client, path, body, secret=None):
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


@pytest.fixture
def secret(make_user):
    _token, value = api_token_create(
        actor=None, user=make_user(Role.JUSTICE_OFFICE_STAFF), name="12348 热线系统"
    )
    return value


def test_ask_answers_with_articles_route_and_period(client, secret):
    body = {"question": "对区市场监管局的罚款不服怎么办（2025年10月1日收到决定书）", "on": "2025-11-01"}
    response = _post(client, "/api/assistant/ask", body, secret)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["answered"] and data["articles"] and data["articles"][0]["law"].startswith("中华人民共和国")
    assert data["route"] | {} == data["route"] and data["route"]["code"] == "reconsideration"
    assert data["route"]["url"] == "/portal/matters/reconsideration/"
    assert data["periods"][0]["rule"] == "FY-01" and data["periods"][0]["due"] == "2025-12-01"
    logged = Question.objects.get(pk=data["question_id"])
    assert logged.channel == "api" and logged.asker is not None

    rated = _post(
        client, f"/api/assistant/questions/{data['question_id']}/feedback", {"helpful": False}, secret
    )
    assert rated.status_code == 200 and rated.json() == {"question_id": logged.pk, "feedback": "unhelpful"}
    assert Question.objects.get(pk=logged.pk).feedback == Feedback.UNHELPFUL


def test_bad_input_and_no_token_are_refused(client, secret):
    empty = _post(client, "/api/assistant/ask", {"question": " "}, secret)
    assert empty.status_code == 400 and empty.json()["errors"] == {"question": "请输入您的问题。"}
    assert _post(client, "/api/assistant/ask", {"question": "工资"}).status_code == 401
    missing = _post(client, "/api/assistant/questions/999999/feedback", {"helpful": True}, secret)
    assert missing.status_code == 404


def test_the_openapi_document_has_the_assistant(client, xihu):
    schema = client.get("/api/openapi.json").json()
    ask = schema["paths"]["/api/assistant/ask"]["post"]
    assert ask["tags"] == ["法律智能助手"] and ask["operationId"] == "assistant_ask"
    answer = schema["components"]["schemas"]["AnswerOut"]["properties"]
    assert {"articles", "route", "periods", "generated", "answered"} <= set(answer)
