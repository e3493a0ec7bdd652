from django.urls import path

from onramp.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("evaluation/", views.programme_dashboard, name="dashboard"),
]
