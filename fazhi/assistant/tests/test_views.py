"""The assistant's pages: the portal's chat panel without JavaScript and with htmx, feedback from
the browser that asked, the workbench page, the knowledge pages and the topics page — each for
the roles that may and may not use it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from fazhi.assistant import services
from fazhi.assistant.models import BuildState, Feedback, IndexBuild, KnowledgeDocument, Question
from fazhi.core.roles import Role

pytestmark = pytest.mark.django_db
PASSWORD = "pw-Fazhi-test-1"


def test_the_portal_panel_works_as_a_plain_form(client, xihu):
    page = client.get("/portal/assistant/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'aria-live="polite"' in html and '<label for="id_question"' in html
    answered = client.post("/portal/assistant/", {"question": "老人没钱打官司能不能申请法律援助"})
    html = answered.content.decode()
    assert answered.status_code == 200
    assert 'data-route="legal_aid"' in html and 'href="/portal/matters/legal_aid/"' in html
    assert "《中华人民共和国法律援助法》" in html
    assert Question.objects.get().channel == "portal"


def test_htmx_gets_the_exchange_and_a_fresh_form(client, xihu):
    response = client.post(
        "/portal/assistant/", {"question": "公司拖欠工资三个月怎么办"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'data-testid="exchange"' in html and 'hx-swap-oob="true"' in html
    empty = client.post("/portal/assistant/", {"question": ""}, headers={"HX-Request": "true"})
    assert empty.status_code == 200 and "请输入您的问题" in empty.content.decode()
    assert 'data-testid="exchange"' not in empty.content.decode()


def test_an_empty_question_is_refused_next_to_the_field(client, xihu):
    response = client.post("/portal/assistant/", {"question": "   "})
    assert response.status_code == 400 and 'data-testid="question-error"' in response.content.decode()


def test_feedback_only_from_the_browser_that_asked(client, xihu):
    client.post("/portal/assistant/", {"question": "公司拖欠工资三个月怎么办"})
    mine = Question.objects.get()
    other = services.ask("邻居漏水怎么办", channel="portal")
    refused = client.post(
        f"/portal/assistant/feedback/{other.question_id}/", {"helpful": "no"}, headers={"HX-Request": "true"}
    )
    assert "只能评价您在本页提出的问题" in refused.content.decode()
    assert Question.objects.get(pk=other.question_id).feedback == Feedback.NONE
    done = client.post(
        f"/portal/assistant/feedback/{mine.pk}/", {"helpful": "no"}, headers={"HX-Request": "true"}
    )
    assert "感谢您的评价" in done.content.decode()
    assert Question.objects.get(pk=mine.pk).feedback == Feedback.UNHELPFUL


def test_workbench_page_for_staff_only(client, make_user):
    staff = make_user(Role.MEDIATOR, "330106")
    public = make_user(Role.PUBLIC)
    client.force_login(public)
    assert client.get("/assistant/").status_code == 403
    client.force_login(staff)
    page = client.get("/assistant/")
    assert page.status_code == 200 and 'id="id_on"' in page.content.decode()
    # A mediator may ask but not keep the knowledge: no link to it, and its pages refuse.
    assert 'href="/assistant/knowledge/"' not in page.content.decode()
    assert client.get("/assistant/knowledge/").status_code == 403
    assert client.post("/assistant/knowledge/rebuild/").status_code == 403
    assert client.get("/assistant/topics/").status_code == 403
    answered = client.post("/assistant/", {"question": "我国法律援助可以申请哪些事项", "on": "2021-06-01"})
    assert 'data-key="law:中华人民共和国法律援助法' not in answered.content.decode()  # not yet in force
    assert Question.objects.get().channel == "workbench"


def test_the_menu_shows_each_role_what_it_may_use(client, make_user):
    client.force_login(make_user(Role.LEGAL_AID_STAFF))
    html = client.get("/assistant/").content.decode()
    assert 'href="/assistant/knowledge/"' in html and 'href="/assistant/topics/"' in html
    client.force_login(make_user(Role.LITIGATION_OFFICER))
    html = client.get("/assistant/").content.decode()
    assert 'href="/assistant/"' in html and 'href="/assistant/topics/"' not in html


def test_knowledge_pages_edit_and_rebuild(
    client, make_user, settings, small_laws_db, tmp_path, django_capture_on_commit_callbacks
):
    from fazhi.assistant.tests.conftest import assistant_settings

    settings.FAZHI_ASSISTANT = assistant_settings(small_laws_db, tmp_path / "index")
    client.force_login(make_user(Role.ADMIN))
    bad = client.post(
        "/assistant/knowledge/new/", {"title": "", "kind": "faq", "status": "published", "text": ""}
    )
    assert bad.status_code == 400 and bad.content.decode().count("invalid-feedback") == 2
    saved = client.post(
        "/assistant/knowledge/new/",
        {
            "title": "劳动合同常见问题",
            "kind": "faq",
            "status": "published",
            "text": "问：没签劳动合同怎么办？\n答：可以要求支付二倍工资。",
        },
    )
    assert saved.status_code == 302 and KnowledgeDocument.objects.filter(title="劳动合同常见问题").exists()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/assistant/knowledge/rebuild/")
    build = IndexBuild.objects.get()
    assert started["Location"] == f"/assistant/knowledge/builds/{build.pk}/"
    assert build.state == BuildState.DONE
    page = client.get(started["Location"]).content.decode()
    assert 'data-state="done"' in page and "hx-trigger" not in page and "知识文档 1 段" in page
    listing = client.get("/assistant/knowledge/").content.decode()
    assert "劳动合同常见问题" in listing and "已完成" in listing


def test_topics_lists_unanswered_and_unhelpful_masked(client, make_user):
    unanswered = services.ask("我叫王小明，13812345678，明天下雨吗", channel="portal")
    assert not unanswered.answered
    rated = services.ask("公司拖欠工资三个月怎么办", channel="api")
    services.give_feedback(question_id=rated.question_id, helpful=False)
    services.ask("老人没钱打官司能不能申请法律援助", channel="portal")  # answered, not rated: not listed
    client.force_login(make_user(Role.JUSTICE_OFFICE_STAFF, "330106"))
    html = client.get("/assistant/topics/").content.decode()
    assert html.count('data-testid="topic"') == 2
    assert "13812345678" not in html and "王小明" not in html and "王**" in html
    only_api = client.get("/assistant/topics/", {"channel": "api"}).content.decode()
    assert only_api.count('data-testid="topic"') == 1 and "拖欠工资" in only_api


def test_cli_ask_and_index(capsys, settings, small_laws_db, tmp_path):
    call_command("assistant", "ask", "公司拖欠工资三个月怎么办")
    out = capsys.readouterr().out
    assert "办理途径：劳动争议调解" in out and "《中华人民共和国劳动法》第五十条" in out
    from fazhi.assistant.tests.conftest import assistant_settings

    settings.FAZHI_ASSISTANT = assistant_settings(small_laws_db, tmp_path / "index")
    call_command("assistant", "index", "--dense", "off")
    assert "索引已构建" in capsys.readouterr().out and (tmp_path / "index" / "meta.json").exists()
