"""The demo's assistant knowledge: the two guides and three FAQs (marked 演示文本), a queued rebuild,
nothing written twice; after the rebuild the guides are answered from."""

import pytest

from fazhi.assistant.models import BuildState, IndexBuild, KnowledgeDocument
from fazhi.assistant.services import ask, run_rebuild
from fazhi.assistant.tests import conftest as assistant_fixtures
from fazhi.assistant.tests.conftest import assistant_settings
from fazhi.demo import assistant as demo

pytestmark = pytest.mark.django_db
small_laws_db = assistant_fixtures.small_laws_db  # the assistant tests' cut-down laws.db (fixture)


def test_the_demo_adds_its_guides_and_queues_a_rebuild(settings, small_laws_db, tmp_path):
    settings.FAZHI_ASSISTANT = assistant_settings(small_laws_db, tmp_path / "index")
    build = demo.generate()
    assert build.state == BuildState.QUEUED  # for the worker (on_commit: outside a test transaction)
    docs = KnowledgeDocument.objects.all()
    assert {d.kind for d in docs} == {"guide", "faq"} and docs.count() == 5
    assert all(d.is_demo and d.text.startswith("【演示文本】") for d in docs)
    assert {"互联网平台企业个人信息保护合规指引", "中小微企业人力资源管理合规指引"} <= {d.title for d in docs}
    assert demo.generate() == build and KnowledgeDocument.objects.count() == 5  # nothing twice
    run_rebuild(build.pk)
    assert IndexBuild.objects.get(pk=build.pk).figures["documents"] > 5
    answer = ask("平台企业做个性化推送要注意什么", channel="portal")
    assert "互联网平台企业个人信息保护合规指引" in {g.title for g in answer.guidance}
