"""Shared fixtures: the Xihu org tree in the test database, and users holding a role."""

from __future__ import annotations

import pytest

from fazhi.core import orgtree
from fazhi.core.models import OrgUnit, RoleGrant, User
from fazhi.core.models.accounts import UserKind
from fazhi.core.roles import Role

XIHU = "330106"


def _ensure_orgtree() -> None:
    if not OrgUnit.objects.filter(code=XIHU).exists():
        orgtree.load_file(orgtree.default_file(XIHU))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped Xihu org tree once per test database (tests roll back on top of it)."""
    with django_db_blocker.unblock():
        _ensure_orgtree()


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path_factory):
    """Private files (文书, attachments) of a test go to a temporary directory, never to var/."""
    settings.PRIVATE_ROOT = tmp_path_factory.mktemp("private")


@pytest.fixture(autouse=True)
def _private_assistant_index(settings, tmp_path_factory):
    """The assistant's index and vector store of a test (a rebuild a page starts runs at once under
    the test's task backend) go to a temporary directory, never to var/ of the checkout."""
    base = tmp_path_factory.mktemp("assistant")
    settings.FAZHI_ASSISTANT = {
        **settings.FAZHI_ASSISTANT,
        "INDEX_DIR": str(base / "index"),
        "VECTOR_STORE": str(base / "vectors.npz"),
    }


@pytest.fixture
def xihu(db):
    """The org units by code (reloaded if a transactional test flushed the database)."""
    _ensure_orgtree()

    class Units(dict):
        def __missing__(self, code):
            self[code] = OrgUnit.objects.get(code=code)
            return self[code]

    return Units()


@pytest.fixture
def make_user(xihu):
    """make_user(role, org_code, username=None, **fields) -> a user holding that grant."""
    counter = {"n": 0}

    def make(role: str, org_code: str = XIHU, username: str | None = None, **fields) -> User:
        counter["n"] += 1
        kind = UserKind.CITIZEN if role == Role.PUBLIC else UserKind.STAFF
        user = User.objects.create_user(
            username=username or f"{role}-{org_code}-{counter['n']}",
            password="pw-Fazhi-test-1",
            kind=kind,
            **fields,
        )
        RoleGrant.objects.create(user=user, role=role, org_unit=xihu[org_code])
        return user

    return make


# --- Real-browser tests (marked e2e): Playwright driving Debian's Chromium, never a downloaded one.

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    import os
    import shutil

    from playwright.sync_api import sync_playwright

    executable = os.environ.get("FAZHI_CHROMIUM", CHROMIUM)
    if not shutil.which(executable):
        pytest.fail(f"找不到 Chromium（{executable}）：请运行 make e2e，它会从 Debian 软件源安装。")
    # Playwright's sync API runs an event loop in this thread; the ORM calls our fixtures make
    # are ordinary blocking calls, so tell Django that is intended.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1366, "height": 860}, base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """screenshot(page, name) saves var/screenshots/<name>.png and returns the path."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(page):
    """login(username, password): through the real login page."""

    def do(username: str, password: str = "pw-Fazhi-test-1") -> None:
        page.goto("/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state("networkidle")

    return do
