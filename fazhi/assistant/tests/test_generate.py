"""The generative mode against a real local HTTP server (a thread on 127.0.0.1 speaking the
OpenAI chat/completions JSON): a draft citing only retrieved articles is shown; one citing an
article that was not retrieved is refused and the extractive answer stands."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from fazhi.assistant import services
from fazhi.assistant.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def model_server():
    """serve(reply) -> URL; every request's JSON body is kept in .requests."""
    state: dict = {"reply": "", "requests": []}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
            state["requests"].append({"body": body, "auth": self.headers.get("Authorization")})
            out = json.dumps({"choices": [{"message": {"role": "assistant", "content": state["reply"]}}]})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(out.encode("utf-8"))

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    class Serve:
        requests = state["requests"]

        def __call__(self, reply: str) -> str:
            state["reply"] = reply
            return f"http://127.0.0.1:{server.server_port}/v1/chat/completions"

    yield Serve()
    server.shutdown()
    server.server_close()


def _llm(settings, url: str) -> None:
    settings.FAZHI_ASSISTANT = {
        **settings.FAZHI_ASSISTANT,
        "LLM": {"URL": url, "MODEL": "local-qwen", "API_KEY": "k-test", "TIMEOUT": 5},
    }


def test_a_draft_citing_retrieved_articles_is_shown(settings, model_server):
    reply = "公司拖欠工资属于违法行为。依据《中华人民共和国劳动法》第五十条，工资应当按月支付，不得无故拖欠。"
    _llm(settings, model_server(reply))
    answer = services.ask("公司拖欠工资三个月怎么办", channel="portal")
    assert answer.generated == reply
    assert Question.objects.get(pk=answer.question_id).generated
    sent = model_server.requests[0]
    assert sent["auth"] == "Bearer k-test" and sent["body"]["model"] == "local-qwen"
    assert "第五十条" in sent["body"]["messages"][1]["content"]  # the retrieved articles are the context


@pytest.mark.parametrize(
    "reply",
    [
        "依据《中华人民共和国刑法》第二百七十六条之一，拒不支付劳动报酬罪。",  # not retrieved
        "依据《劳动法》第五十条和《劳动法》第九百条处理。",  # one of them does not exist
        "请找律师。",  # cites nothing
    ],
)
def test_a_draft_citing_anything_else_is_refused(settings, model_server, reply):
    _llm(settings, model_server(reply))
    answer = services.ask("公司拖欠工资三个月怎么办", channel="portal")
    assert answer.generated == "" and answer.articles  # the extractive answer stands
    assert not Question.objects.get(pk=answer.question_id).generated


def test_an_unreachable_endpoint_leaves_the_extractive_answer(settings):
    _llm(settings, "http://127.0.0.1:9/v1/chat/completions")  # the discard port: connection refused
    answer = services.ask("公司拖欠工资三个月怎么办", channel="portal")
    assert answer.generated == "" and answer.answered
