from django.urls import path

from onramp.geography import views

app_name = "geography"

urlpatterns = [
    path("reference-data/", views.reference_data, name="reference-data"),
]
