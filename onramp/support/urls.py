from django.urls import path

from onramp.support import views

app_name = "support"

urlpatterns = [
    path("jobs/<int:pk>/", views.employment, name="employment"),
    path("jobs/<int:pk>/leaving/", views.leaving, name="leaving"),
    path("jobs/<int:pk>/progression/new/", views.employment_progression, name="employment-progression"),
    path("check-ins/", views.due, name="due"),
    path("check-ins/<int:pk>/", views.check_in, name="check-in"),
    path("young-people/<int:pk>/progression/new/", views.progression, name="progression"),
    path("organisations/<int:pk>/issues/", views.issues, name="issues"),
    path("surveys/", views.surveys, name="surveys"),
    path("mentors/", views.mentors, name="mentors"),
    path("young-people/<int:pk>/support/", views.person_support, name="person"),
    path("wellbeing/usage/import/", views.usage_import, name="usage-import"),
    path("young-people/<int:pk>/surveys/send/", views.send_survey, name="send-survey"),
    path("s/<str:token>/", views.answer, name="answer"),
    path("organisations/<int:pk>/issues/<int:issue_pk>/resolve/", views.resolve, name="resolve"),
]
