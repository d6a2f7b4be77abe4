"""ask / give_feedback / save_document / rebuild on a real (small) index of laws.db."""

from __future__ import annotations

import socket
from datetime import date

import pytest

from fazhi.assistant import knowledge, services
from fazhi.assistant.models import BuildState, Feedback, IndexBuild, KnowledgeDocument, Question
from fazhi.assistant.tests.conftest import article_exists, assistant_settings
from fazhi.core.roles import Role

pytestmark = pytest.mark.django_db
WAGES = "公司拖欠工资三个月怎么办"
FINE = "对区市场监管局的罚款不服怎么办（2025年10月1日收到决定书）"
AID = "老人没钱打官司能不能申请法律援助"


def _laws(answer: services.Answer) -> set[str]:
    return {c.title for c in answer.articles}


def test_unpaid_wages_cite_labour_law_and_route_to_labour_mediation():
    answer = services.ask(WAGES, channel="portal")
    assert answer.answered
    assert ("中华人民共和国劳动法", "第五十条") in {(c.title, c.label) for c in answer.articles}
    assert all(article_exists(c.title, c.label) for c in answer.articles)
    assert answer.route.code == "labour"
    assert answer.route_url == "/portal/matters/mediation/"
    assert answer.show_hotline and answer.periods == ()


def test_a_fine_with_a_date_routes_to_reconsideration_with_its_periods():
    answer = services.ask(FINE, channel="portal", on=date(2025, 11, 1))
    assert answer.route.code == "reconsideration"
    assert answer.route_url == "/portal/matters/reconsideration/"
    texts = [p.text for p in answer.periods]
    # 2025-11-30 is a Sunday: fazhi.law rolls the 60th day to Monday 2025-12-01.
    assert texts[0] == "行政复议申请期限 60 日，自知道或者应当知道该行政行为之日起计算 — 截至 2025-12-01"
    assert texts[1].startswith("行政诉讼起诉期限 6 个月") and texts[1].endswith("截至 2026-04-01")
    assert answer.articles and all(article_exists(c.title, c.label) for c in answer.articles)
    # The date itself is not searched for: no "本法自…起施行" article.
    assert not any("起施行" in c.text for c in answer.articles)


def test_legal_aid_question_cites_the_legal_aid_law():
    answer = services.ask(AID, channel="workbench")
    assert answer.route.code == "legal_aid"
    assert answer.route_url == "/portal/matters/legal_aid/"
    assert "中华人民共和国法律援助法" in _laws(answer)


def test_articles_not_yet_in_force_on_the_date_asked_are_not_cited():
    before = services.ask(AID, channel="portal", on=date(2021, 6, 1))  # 法律援助法: in force 2022-01-01
    assert "中华人民共和国法律援助法" not in _laws(before)
    assert "中华人民共和国法律援助法" in _laws(services.ask(AID, channel="portal", on=date(2022, 1, 1)))


def test_nothing_relevant_says_so_and_routes_to_a_person():
    answer = services.ask("今天天气怎么样", channel="portal")
    assert not answer.answered and answer.articles == [] and answer.guidance == []
    assert answer.notice.startswith("未找到相关规定") and "12348" in answer.notice
    assert answer.route.code == "consultation" and answer.show_hotline
    assert answer.nearby_url == "/portal/nearby/"
    logged = Question.objects.get(pk=answer.question_id)
    assert not logged.answered and logged.answer_keys == []


def test_the_question_is_logged_masked_never_raw(make_user):
    user = make_user(Role.PUBLIC)
    raw = "我叫张三丰，身份证330106199001011234，电话13812345678，公司拖欠工资怎么办"
    answer = services.ask(raw, channel="portal", user=user)
    logged = Question.objects.get(pk=answer.question_id)
    for secret in ("张三丰", "330106199001011234", "13812345678"):
        assert secret not in logged.text
    assert "公司拖欠工资怎么办" in logged.text and logged.asker == user
    assert logged.route == "labour" and logged.answered and logged.answer_keys
    assert logged.answer_keys == [c.key for c in answer.articles + answer.guidance]


def test_bad_input_is_refused_in_chinese():
    with pytest.raises(services.AssistantError, match="请输入您的问题"):
        services.ask("  ", channel="portal")
    with pytest.raises(services.AssistantError, match="不能超过 500 字"):
        services.ask("工资" * 251, channel="portal")


def test_feedback_is_recorded_and_only_by_the_asker(make_user):
    asker, other = make_user(Role.PUBLIC), make_user(Role.PUBLIC)
    answer = services.ask(WAGES, channel="portal", user=asker)
    with pytest.raises(services.AssistantError, match="只能评价自己"):
        services.give_feedback(question_id=answer.question_id, helpful=False, user=other)
    services.give_feedback(question_id=answer.question_id, helpful=False, note="电话13812345678", user=asker)
    q = Question.objects.get(pk=answer.question_id)
    assert q.feedback == Feedback.UNHELPFUL and "13812345678" not in q.feedback_note
    anonymous = services.ask(AID, channel="portal")
    assert (
        services.give_feedback(question_id=anonymous.question_id, helpful=True).feedback == Feedback.HELPFUL
    )


def test_asking_reaches_no_network(monkeypatch):
    def refuse(self, address):
        raise OSError(f"network blocked in this test: {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    answer = services.ask(FINE, channel="api", on=date(2025, 11, 1))
    assert answer.answered and answer.periods


def test_a_document_saved_is_answered_after_a_rebuild(
    settings, small_laws_db, tmp_path, make_user, django_capture_on_commit_callbacks
):
    settings.FAZHI_ASSISTANT = assistant_settings(small_laws_db, tmp_path / "index")
    staff = make_user(Role.ADMIN)
    doc = services.save_document(
        actor=staff,
        title="小微企业用工合规指引",
        kind="guide",
        text="一、试用期约定\n同一用人单位与同一劳动者只能约定一次试用期，试用期包含在劳动合同期限内。",
    )
    assert doc.history.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        build = services.start_rebuild(actor=staff)
    build.refresh_from_db()
    assert build.state == BuildState.DONE, build.error
    assert build.figures["documents"] == 1 and build.figures["dense"] is False
    assert (tmp_path / "index").is_symlink()
    answer = services.ask("试用期可以约定几次", channel="workbench")
    assert "小微企业用工合规指引" in {g.title for g in answer.guidance}

    # A second build swaps the link; the process reloads the index it now points to.
    services.save_document(
        actor=staff, document=doc, title=doc.title, kind="guide", text=doc.text, status="retired"
    )
    first = (tmp_path / "index").resolve()
    knowledge.build_index()
    assert (tmp_path / "index").resolve() != first
    assert "小微企业用工合规指引" not in {
        g.title for g in services.ask("试用期可以约定几次", channel="workbench").guidance
    }
    assert KnowledgeDocument.objects.get(pk=doc.pk).history.count() == 2


def test_a_second_rebuild_request_joins_the_one_queued(make_user):
    staff = make_user(Role.ADMIN)
    first = services.start_rebuild(actor=staff)  # on_commit never runs here: it stays queued
    assert services.start_rebuild(actor=staff) == first
    assert IndexBuild.objects.count() == 1


def test_a_failed_build_says_why(settings, tmp_path, make_user):
    settings.FAZHI_ASSISTANT = assistant_settings(tmp_path / "missing.db", tmp_path / "index")
    build = IndexBuild.objects.create()
    services.run_rebuild(build.pk)
    build.refresh_from_db()
    assert build.state == BuildState.FAILED and "没有可索引的内容" in build.error


def test_saving_a_document_names_the_field_at_fault(make_user):
    staff = make_user(Role.ADMIN)
    services.save_document(actor=staff, title="常见问题一", kind="faq", text="问：……答：……")
    with pytest.raises(services.DocumentError) as caught:
        services.save_document(actor=staff, title="常见问题一", kind="faq", text="")
    assert set(caught.value.errors) == {"title", "text"}


def test_a_half_written_index_answers_without_citing_and_the_page_opens(
    settings, small_laws_db, tmp_path, client, make_user
):
    """An index folder whose BM25 files are missing (a full disk, a hand copy): no 500 — the
    question is answered 未找到 with the reason, the workbench page opens."""
    broken = tmp_path / "index"
    broken.mkdir()
    (broken / "meta.json").write_text("{}", encoding="utf-8")
    (broken / "passages.jsonl").write_text("", encoding="utf-8")
    settings.FAZHI_ASSISTANT = assistant_settings(small_laws_db, broken)
    answer = services.ask(WAGES, channel="portal")
    assert answer.articles == [] and not answer.answered
    assert knowledge.index_meta() == {}
    client.force_login(make_user(Role.ADMIN))
    assert client.get("/assistant/").status_code == 200
