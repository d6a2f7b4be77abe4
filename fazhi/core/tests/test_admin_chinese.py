"""The admin (管理后台) reads in Chinese throughout: its header and title, every app and model
name, every column of a list and every label of an add form. Django's own chrome is Chinese
under LANGUAGE_CODE zh-hans; what we name must be too."""

import html
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

CJK = re.compile(r"[\u4e00-\u9fff]")
_LABEL = re.compile(r"<label\b[^>]*>(.*?)</label>", re.S)
_COLUMN = re.compile(r'<th scope="col"[^>]*>.*?<div class="text">(.*?)</div>', re.S)
_FILTER = re.compile(r"<summary>\s*(.*?)\s*</summary>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment)).strip().rstrip(":：").strip()


def _english(texts) -> list[str]:
    return [t for t in texts if t and not CJK.search(t)]


@pytest.fixture
def superuser(db, xihu):
    from fazhi.core.models import User

    return User.objects.create_superuser("root", "root@example.org", "pw-Fazhi-test-1")


def test_admin_titles_apps_and_models_are_chinese(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Django" not in _TAG.sub(" ", page)
    assert "管理后台" in page
    english = []
    for model in admin.site._registry:
        opts = model._meta
        app = apps.get_app_config(opts.app_label)
        english += _english([str(opts.verbose_name), str(opts.verbose_name_plural), str(app.verbose_name)])
    assert not english, english


def test_every_column_filter_and_field_label_is_chinese(rf, superuser):
    """What the list, its filters and the record page name (a list with no rows shows no
    columns, so the labels are read from the admin itself)."""
    from django.contrib.admin.utils import label_for_field

    request = rf.get("/admin/")
    request.user = superuser
    problems: dict[str, list[str]] = {}
    for model, model_admin in admin.site._registry.items():
        labels = [str(label_for_field(n, model, model_admin)) for n in model_admin.get_list_display(request)]
        for f in model_admin.get_list_filter(request):
            name = f[0] if isinstance(f, (list, tuple)) else f
            if isinstance(name, str):
                field = model._meta.get_field(name.split("__")[0])
                labels.append(str(field.verbose_name))
            else:
                labels.append(str(name.title))
        labels += [str(f.verbose_name) for f in model._meta.concrete_fields if not f.primary_key]
        labels += [str(label) for _, label in _choices(model)]
        found = [x for x in _english(labels) if x != "ID"]
        if found:
            problems[model._meta.label] = sorted(set(found))
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())


def _choices(model):
    for f in model._meta.concrete_fields:
        yield from (f.flatchoices or [])


def test_each_list_and_add_page_is_chinese(client, superuser):
    client.force_login(superuser)
    problems: dict[str, list[str]] = {}
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = client.get(changelist)
        assert response.status_code == 200, changelist
        page = response.content.decode()
        found = _english(_text(c) for c in _COLUMN.findall(page))
        found += _english(_text(f) for f in _FILTER.findall(page))
        request = response.wsgi_request
        if model_admin.has_add_permission(request):
            add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            response = client.get(add)
            assert response.status_code == 200, add
            found += _english(_text(label) for label in _LABEL.findall(response.content.decode()))
        if found:
            problems[opts.label] = sorted(set(found))
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
