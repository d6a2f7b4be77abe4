from django.urls import path

from fazhi.registers import views

app_name = "registers"
urlpatterns = [
    path("imports/<int:pk>/", views.import_status, name="import_status"),
    path("imports/<int:pk>/mapping/", views.import_mapping, name="import_mapping"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("exports/<int:pk>/", views.export_status, name="export_status"),
    path("<str:key>/", views.register_list, name="list"),
    path("<str:key>/new/", views.record_new, name="new"),
    path("<str:key>/export.xlsx", views.export, name="export"),
    path("<str:key>/import/", views.import_sheet, name="import"),
    path("<str:key>/<int:pk>/", views.record_detail, name="detail"),
    path("<str:key>/<int:pk>/edit/", views.record_edit, name="edit"),
    path("<str:key>/<int:pk>/retire/", views.record_retire, name="retire"),
    path("<str:key>/<int:pk>/step/<str:name>/", views.record_step, name="step"),
]
