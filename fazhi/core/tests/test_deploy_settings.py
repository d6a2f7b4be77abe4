"""Issue 13.8: headers and configuration. Settings are read in a child process with a production
environment (no FAZHI_DEV, no test runner), as a bureau's server would start."""

import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.urls import reverse

from fazhi.core.roles import Role

PRODUCTION = {
    "SECRET_KEY": "x" * 60 + "-production-secret-for-the-check",
    "FAZHI_PII_KEYS": Fernet.generate_key().decode(),
    "FAZHI_PII_HASH_KEY": "hash-key-for-the-production-check",
    "ALLOWED_HOSTS": "fazhi.example.gov.cn",
}


def _run(args, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("FAZHI_DEV", "DEBUG", "FAZHI_TESTING")}
    base.update(DJANGO_SETTINGS_MODULE="fazhi.settings", **env)
    return subprocess.run([sys.executable, *args], env=base, capture_output=True, text=True, timeout=120)


def test_debug_without_the_development_flag_refuses_to_start():
    out = _run(["-c", "import fazhi.settings"], DEBUG="1")
    assert out.returncode != 0 and "FAZHI_DEV=1" in out.stderr


def test_the_deployment_check_is_clean_in_production_settings():
    out = _run(["-m", "django", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_production_sends_hsts_and_hides_database_urls_on_error_pages():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "from fazhi.core.middleware import SettingsFilter;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SECURE_CONTENT_TYPE_NOSNIFF,"
        " SettingsFilter().get_safe_settings()['DATABASE_URL'])"
    )
    out = _run(["-c", code], DATABASE_URL="postgres://fazhi:hunter2@db/fazhi", **PRODUCTION)
    assert out.returncode == 0, out.stderr
    hsts, redirect, nosniff, shown = out.stdout.split()
    assert int(hsts) >= 365 * 24 * 3600 and redirect == "True" and nosniff == "True"
    assert "hunter2" not in shown and "*" in shown


@pytest.mark.parametrize("name", ["home", "password_change"])
def test_pages_of_a_logged_in_user_are_not_stored_by_caches(client, make_user, name):
    client.force_login(make_user(Role.LEADER))
    response = client.get(reverse(name))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_exports_are_not_stored_by_caches(client, make_user):
    client.force_login(make_user(Role.LEADER))
    response = client.get(reverse("cases:export", args=["mediation"]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_pages_carry_a_content_security_policy_with_the_scripts_nonce(client, make_user):
    import re

    client.force_login(make_user(Role.LEADER))
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    html = response.content.decode()
    assert f'<script nonce="{nonce}">' in html  # the page's own block runs
    assert " onclick=" not in html and " onchange=" not in html  # no inline handlers left


def test_files_go_without_the_policy(client, make_user):
    client.force_login(make_user(Role.LEADER))
    response = client.get(reverse("cases:export", args=["mediation"]))
    assert response.status_code == 200 and "Content-Security-Policy" not in response
