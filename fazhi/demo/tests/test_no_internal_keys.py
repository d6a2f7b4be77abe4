"""What every demo role reads names no internal key: no indicator key (`mediation.success_rate`),
no Python dotted name, no file name (*.toml, *.py, *.md) and no heading pinned to a year
("2025年目标") — on the home page, worklists, a case page, registers, the due list, the 驾驶舱 and
every drill-down, and the import pages. (Visible text and hover titles; scripts are not read.)"""

import html
import importlib
import re

import pytest
from django.http import HttpRequest
from django.test import Client

from fazhi.cases import registry as kinds
from fazhi.core.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, ensure_demo_accounts
from fazhi.demo import walker
from fazhi.demo.context import DemoContext
from fazhi.demo.tests.e2e.test_dashboard import SMALL_DATA
from fazhi.demo.tests.smalldata import small_root
from fazhi.indicators import registry as indicators
from fazhi.registers import declarations

INTERNAL = [
    ("指标键", re.compile(r"\b(?:mediation|legal_aid|reconsideration|litigation)\.[a-z_]+")),
    ("Python 名称", re.compile(r"\b(?:fazhi|django)\.[a-z_.]+|\b[a-z_]+\.[a-z_]+\.[a-z_]+\b")),
    ("文件名", re.compile(r"[\w-]+\.(?:toml|py|md|csv|json)\b")),
    ("固定年份标题", re.compile(r"\d{4}\s*年(?:度)?(?:工作)?目标")),
]
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_TITLE = re.compile(r'\btitle="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")


def visible_text(page: str) -> str:
    page = _SCRIPT.sub(" ", page)
    titles = " ".join(_TITLE.findall(page))
    return html.unescape(_TAG.sub(" ", page) + " " + titles)


@pytest.fixture
def small_demo(xihu, tmp_path, monkeypatch):
    ensure_demo_accounts()
    ctx = DemoContext(seed=3)
    for line, text in SMALL_DATA.items():
        monkeypatch.setattr(walker, "DATA", small_root(tmp_path, line, {2024: text}))
    for line in ("mediation", "legal_aid", "reconsideration", "litigation"):
        importlib.import_module(f"fazhi.demo.{line}").generate(ctx, 2024)


def _pages(client: Client) -> list[str]:
    urls = ["/", "/cases/", "/cases/due/", "/indicators/?year=2024"]
    for spec in kinds.all_kinds():
        urls += [f"/cases/{spec.kind}/", f"/cases/{spec.kind}/import/"]
        first = re.search(
            rf'href="(/cases/{spec.kind}/\d+/)"', client.get(f"/cases/{spec.kind}/").content.decode()
        )
        if first:
            urls.append(first.group(1))
    for reg in declarations.all_registers():
        urls += [f"/registers/{reg.key}/", f"/registers/{reg.key}/import/"]
        first = re.search(
            rf'href="(/registers/{reg.key}/\d+/)"', client.get(f"/registers/{reg.key}/").content.decode()
        )
        if first:
            urls.append(first.group(1))
    for ind in indicators.selected():
        urls += [f"/indicators/{ind.key}/records/?year=2024"]
        if ind.denominator:
            urls += [f"/indicators/{ind.key}/records/?year=2024&part=denominator"]
    return urls


def test_no_role_reads_an_internal_key(small_demo):
    found: dict[str, set[str]] = {}
    read = 0
    for account in DEMO_ACCOUNTS:
        client = Client()
        # django-axes checks every password login against its request (login throttling)
        assert client.login(request=HttpRequest(), username=account.username, password=DEMO_PASSWORD)
        for url in _pages(client):
            response = client.get(url, follow=True)
            assert response.status_code in (200, 403, 404), (account.username, url, response.status_code)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            read += 1
            text = visible_text(response.content.decode())
            for what, pattern in INTERNAL:
                for m in pattern.finditer(text):
                    found.setdefault(f"{what}: {m.group(0)}", set()).add(url)
    assert read > 200
    assert not found, "\n".join(f"{k} — {sorted(v)[:3]}" for k, v in sorted(found.items()))
