"""Submitting routes (办事): the declared matters, their forms and uploads."""

from django.urls import path

from fazhi.portal import views_submit

urlpatterns = [path("matters/", views_submit.matters, name="matters")]
