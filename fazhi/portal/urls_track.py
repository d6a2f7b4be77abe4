"""Tracking routes (查询进度): a matter's public timeline, by number and 查询码 without signing in;
the owner's matter page with the 补正 answered online and the rating."""

from django.urls import path

from fazhi.portal import views, views_track

urlpatterns = [
    path("track/", views_track.track, name="track"),
    path("matter/<str:number>/", views.matter, name="matter"),
    path("matter/<str:number>/answer/", views.answer, name="answer"),
    path("matter/<str:number>/rate/", views.rate, name="rate"),
]
