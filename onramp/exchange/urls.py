from django.urls import path

from onramp.exchange import views

app_name = "exchange"

urlpatterns = [
    path("imports/", views.import_file, name="import"),
    path("young-people/export.<str:fmt>", views.export_caseload, name="export-caseload"),
    path("young-people/events.<str:fmt>", views.export_events, name="export-events"),
    path("cohorts/export.<str:fmt>", views.export_cohorts, name="export-cohorts"),
]
