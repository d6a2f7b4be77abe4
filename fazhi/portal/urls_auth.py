"""Sign-in routes (登录): a mobile number and a one-time code, or an enterprise's USCC and contact;
退出; the large-text mode switch (大字模式)."""

from django.urls import path

from fazhi.portal import views_auth

urlpatterns = [
    path("signin/", views_auth.signin, name="signin"),
    path("signout/", views_auth.signout, name="signout"),
    path("large-text/", views_auth.large_text, name="large_text"),
]
