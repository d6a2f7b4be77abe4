"""The assistant in the REST API (法律智能助手接口): `POST /api/assistant/ask` answers a question with
the articles it rests on, the bureau's guidance, the service that handles it (with the portal's
form) and the period where the question gives a date — the same answer as the portal's chat
panel, logged masked with channel 数据接口. Any caller with a token or a session may ask."""

# No `from __future__ import annotations`: ninja reads the handlers' annotations.

from datetime import date

from ninja import Field, Router, Schema

from fazhi.api.errors import ApiError
from fazhi.assistant import services
from fazhi.assistant.models import Channel


class AskIn(Schema):
    question: str = Field(
        ...,
        description="问题（不超过 500 字），如：对区市场监管局的罚款不服怎么办（2025年10月1日收到决定书）",
    )
    on: date | None = Field(None, description="按哪一天有效的法律回答（不填为今天）")


class CitedOut(Schema):
    key: str = Field(..., description="段落的稳定键，如 law:中华人民共和国劳动法:第五十条")
    kind: str = Field(..., description="article 法条；guide 合规指引；faq 常见问题；service 服务事项或站点")
    law: str | None = Field(None, description="法律名称（法条）")
    article: str | None = Field(None, description="条号，如 第五十条（法条）")
    title: str | None = Field(None, description="文档标题（指引、问答、站点）")
    section: str | None = Field(None, description="文档的节标题")
    text: str
    score: float = Field(..., description="相关的概率（0–1）")
    url: str = ""
    effective: date | None = Field(None, description="施行日期")


class RouteOut(Schema):
    code: str = Field(
        ..., description="legal_aid / mediation / reconsideration / labour / enterprise / consultation"
    )
    label: str
    url: str = Field(..., description="门户上办理该事项的表单地址")
    explanation: str
    basis: str


class PeriodOut(Schema):
    rule: str = Field(..., description="期限规则编号（fazhi.law），如 FY-01")
    text: str = Field(
        ...,
        description="如：行政复议申请期限 60 日，自知道或者应当知道该行政行为之日起计算 — 截至 2025-12-01",
    )
    due: date
    basis: str
    explanation: str
    provisional: bool = Field(..., description="依赖尚未公布的节假日安排时为 true")


class AnswerOut(Schema):
    question_id: int = Field(..., description="问答记录编号（评价时使用）")
    on: date
    answered: bool = Field(..., description="是否找到相关规定；false 时见 notice，并建议拨打 12348")
    notice: str
    articles: list[CitedOut]
    guidance: list[CitedOut]
    route: RouteOut
    periods: list[PeriodOut]
    generated: str = Field(
        ..., description="生成式回答（已核对所引条文均在 articles 中）；未启用或未通过核对时为空"
    )
    hotline: str
    nearby_url: str


class FeedbackIn(Schema):
    helpful: bool
    note: str = Field("", max_length=300)


class FeedbackOut(Schema):
    question_id: int
    feedback: str


def assistant_router() -> Router:
    router = Router(tags=["法律智能助手"])

    @router.post(
        "/assistant/ask",
        response={200: AnswerOut},
        operation_id="assistant_ask",
        url_name="assistant_ask",
        summary="提问：相关法条、司法局指引、办理途径与期限",
    )
    def ask(request, payload: AskIn):
        try:
            answer = services.ask(payload.question, on=payload.on, channel=Channel.API, user=request.auth)
        except services.AssistantError as exc:
            raise ApiError(400, str(exc), {exc.field: str(exc)}) from exc
        return answer.as_json()

    @router.post(
        "/assistant/questions/{question_id}/feedback",
        response={200: FeedbackOut},
        operation_id="assistant_feedback",
        url_name="assistant_feedback",
        summary="评价一次回答（有帮助 / 没帮助）",
    )
    def feedback(request, question_id: int, payload: FeedbackIn):
        try:
            q = services.give_feedback(
                question_id=question_id, helpful=payload.helpful, note=payload.note, user=request.auth
            )
        except services.AssistantError as exc:
            raise ApiError(404 if isinstance(exc, services.QuestionNotFound) else 403, str(exc)) from exc
        return {"question_id": q.pk, "feedback": q.feedback}

    return router
