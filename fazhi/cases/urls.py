from django.urls import path

from fazhi.cases import document_views, ledger_views, views

app_name = "cases"
urlpatterns = [
    path("", views.lines_index, name="index"),
    path("due/", views.due_list, name="due"),
    path("party/<int:party_pk>/reveal/<str:field>/", views.reveal_pii, name="reveal"),
    path("imports/<int:pk>/", ledger_views.import_status, name="import_status"),
    path("imports/<int:pk>/confirm/", ledger_views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/mapping/", ledger_views.import_mapping, name="import_mapping"),
    path("documents/<int:pk>.<str:fmt>", document_views.document_file, name="document"),
    path("exports/<int:pk>/", ledger_views.export_status, name="export_status"),
    path("<str:kind>/", views.worklist, name="worklist"),
    path("<str:kind>/new/", views.case_new, name="new"),
    path("<str:kind>/export.xlsx", ledger_views.export, name="export"),
    path("<str:kind>/import/", ledger_views.import_ledger, name="import"),
    path("<str:kind>/<int:pk>/", views.case_detail, name="detail"),
    path("<str:kind>/<int:pk>/do/<str:name>/", views.case_do, name="do"),
    path("<str:kind>/<int:pk>/materials/", views.attachment_upload, name="attachment_upload"),
    path("<str:kind>/<int:pk>/materials/<int:attachment_pk>/", views.attachment_file, name="attachment_file"),
    path("<str:kind>/<int:pk>/events/<int:event_pk>/documents/", document_views.document_issue, name="issue"),
    path("deadlines/to-confirm/", views.confirm_list, name="to_confirm"),
    path("deadlines/<int:pk>/confirm/", views.confirm_deadline, name="confirm_deadline"),
]
