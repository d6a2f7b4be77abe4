"""Submitting routes (办事): the declared matters, their forms and uploads."""

from django.urls import path

from fazhi.portal import views_submit

urlpatterns = [
    path("matters/", views_submit.matters, name="matters"),
    path("matters/<slug:key>/", views_submit.submit, name="submit"),
    path("matters/<slug:key>/precheck/", views_submit.precheck, name="precheck"),
    path("submitted/<slug:number>/", views_submit.submitted, name="submitted"),
    path("submitted/<slug:number>/materials/", views_submit.materials, name="materials"),
    path("submitted/<slug:number>/materials/<int:pk>/", views_submit.material, name="material"),
]
