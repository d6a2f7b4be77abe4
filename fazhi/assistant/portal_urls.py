from django.urls import path

from fazhi.assistant import views

app_name = "assistant_portal"
urlpatterns = [
    path("", views.portal_ask, name="ask"),
    path("feedback/<int:pk>/", views.feedback, name="feedback"),
]
