"""接口令牌 in the admin: issue a token (its secret is shown on the next page, once, and stored
nowhere), see when each was last used, revoke. Tokens are never edited or deleted — revoked ones
stay as the record of who had access."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from fazhi.api.models import ApiToken
from fazhi.api.services import DEFAULT_DAYS, TokenError, api_token_create, api_token_revoke, token_check


class ApiTokenAddForm(forms.ModelForm):
    """A token for the signed-in user only (a token acts as its user)."""

    actor = None  # set per request by ApiTokenAdmin.get_form

    class Meta:
        model = ApiToken
        fields = ["user", "name", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_at"].initial = timezone.now() + timedelta(days=DEFAULT_DAYS)
        if self.actor is not None and "user" in self.fields:
            self.fields["user"].initial = self.actor.pk
            self.fields["user"].help_text = "令牌代表其所属用户；只能为本人签发。"

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                token_check(
                    user=data.get("user"),
                    name=data.get("name", ""),
                    expires_at=data.get("expires_at"),
                    actor=self.actor,
                )
            except TokenError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return data


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "user", "state_display", "created_at", "last_used_at", "expires_at"]
    list_filter = ["revoked_at", "expires_at"]
    search_fields = ["prefix", "name", "user__username", "user__display_name"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "state_display",
        "created_at",
        "created_by",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]

    @admin.display(description="状态")
    def state_display(self, obj: ApiToken) -> str:
        return obj.state

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = type("ApiTokenAddFormFor", (ApiTokenAddForm,), {"actor": request.user})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        return ["user", "name", "expires_at"] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        token, secret = api_token_create(
            actor=request.user, user=obj.user, name=obj.name, expires_at=obj.expires_at
        )
        for f in ApiToken._meta.concrete_fields:
            setattr(obj, f.attname, getattr(token, f.attname))
        request._fazhi_token_secret = secret

    def response_add(self, request, obj, post_url_continue=None):
        """Show the secret now, on this response only; it is not kept in the session or anywhere,
        and the browser is told not to cache the page."""
        response = TemplateResponse(
            request,
            "admin/api/apitoken/created.html",
            {
                **self.admin_site.each_context(request),
                "title": "接口令牌已签发",
                "token": obj,
                "secret": request._fazhi_token_secret,
                "opts": self.model._meta,
            },
        )
        add_never_cache_headers(response)
        return response

    def has_change_permission(self, request, obj=None):
        return False  # read-only once issued; revoke with the list's action

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="撤销所选令牌")
    def revoke(self, request, queryset):
        count = 0
        for token in queryset:
            if token.revoked_at is None:
                api_token_revoke(actor=request.user, token=token)
                count += 1
        self.message_user(request, f"已撤销 {count} 个令牌。", messages.SUCCESS)
