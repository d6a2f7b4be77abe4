from django.urls import path

from fazhi.demo import views

app_name = "demo"
urlpatterns = [path("progress/", views.progress_fragment, name="progress")]
