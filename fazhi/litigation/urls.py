from django.urls import path

from fazhi.litigation import views

app_name = "litigation"
urlpatterns = [
    path("new/", views.litigation_new, name="new"),
    path("<int:pk>/link/", views.link_reconsideration, name="link"),
]
