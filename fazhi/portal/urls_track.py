"""Tracking routes (查询进度): a matter's public timeline, by number and 查询码 without signing in."""

from django.urls import path

from fazhi.portal import views_track

urlpatterns = [path("track/", views_track.track, name="track")]
