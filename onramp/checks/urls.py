from django.urls import path

from onramp.checks import views

app_name = "checks"

urlpatterns = [
    path("checks/", views.checks_list, name="list"),
    path("offers/<int:pk>/checks/", views.offer_checks, name="offer-checks"),
    path("checks/<int:pk>/", views.check_update, name="check-update"),
    path("onboarding/<int:pk>/done/", views.task_done, name="task-done"),
    path("offers/<int:pk>/start/", views.start, name="start"),
    path("organisations/<int:pk>/onboarding/", views.onboarding_template, name="onboarding-template"),
]
