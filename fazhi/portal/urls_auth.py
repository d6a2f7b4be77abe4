"""Sign-in routes (登录): a mobile number and a one-time code, or an enterprise's USCC and contact."""

from django.urls import path

from fazhi.portal import views_auth

urlpatterns = [path("signin/", views_auth.signin, name="signin")]
