"""Request-scoped context for the audit log (the client's address); no caching of pages that may
carry personal data; the debug page's settings filter."""

import re

from csp.middleware import CSPMiddleware
from django.utils.cache import patch_cache_control
from django.views.debug import SafeExceptionReporterFilter

from fazhi.core.audit import client_ip_from_request, reset_client_ip, set_client_ip


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_client_ip(client_ip_from_request(request))
        try:
            return self.get_response(request)
        finally:
            reset_client_ip(token)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every answer of the application itself — pages, exports, API
    answers, files — unless a view set its own caching: they may carry personal data, which no
    browser or proxy cache may keep (static files are answered before this, by WhiteNoise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


class SettingsFilter(SafeExceptionReporterFilter):
    """Django's filter, also hiding settings that name a database or a URL with credentials."""

    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|DATABASE|_URL|PII", flags=re.IGNORECASE
    )


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's header on HTML pages only (settings.CONTENT_SECURITY_POLICY): scripts from this
    site and nonce-marked blocks, nothing from elsewhere. Files (文书 PDFs opened for printing,
    spreadsheets, materials) go without it, so the browser's own PDF viewer may show them."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)
