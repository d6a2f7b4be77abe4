"""How a caller proves who it is: another system sends `Authorization: Bearer <token>`; the
browser uses its logged-in session, with Django's CSRF token on writes. Either way the request
acts as one user, with that user's role grants and scope."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from fazhi.api.errors import ApiError
from fazhi.api.services import TokenError, token_for_secret


class BearerToken(HttpBearer):
    """接口令牌: `Authorization: Bearer fzt_…`. A presented token that is unknown, expired or
    revoked is refused outright (401), even if the request also carries a session."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            api_token = token_for_secret(token)
        except TokenError as exc:
            raise ApiError(401, str(exc)) from exc
        # The token acts as its user everywhere downstream (scoping, row history, audit).
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


class SessionWithCsrf(APIKeyCookie):
    """The logged-in browser session (for the API docs page and the workbench's own scripts).
    Writes must carry the CSRF token (`X-CSRFToken`), as any form of the workbench does."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # not logged in: 401, not a CSRF complaint
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF 校验失败：浏览器会话的写请求须带 X-CSRFToken 请求头。")
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return None  # __call__ decides; required by the base class
