from django.urls import path

from fazhi.assistant import views

app_name = "assistant"
urlpatterns = [
    path("", views.workbench_ask, name="ask"),
    path("knowledge/", views.documents, name="documents"),
    path("knowledge/new/", views.document_edit, name="document_new"),
    path("knowledge/<int:pk>/", views.document_edit, name="document"),
    path("knowledge/rebuild/", views.rebuild, name="rebuild"),
    path("knowledge/builds/<int:pk>/", views.build_status, name="build"),
    path("topics/", views.topics, name="topics"),
]
