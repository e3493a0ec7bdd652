from django.urls import path

from onramp.training import views

app_name = "training"

urlpatterns = [
    path("cohorts/", views.cohort_list, name="cohort-list"),
    path("cohorts/new/", views.cohort_create, name="cohort-create"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort-detail"),
    path("cohorts/<int:pk>/sessions/new/", views.session_create, name="session-create"),
    path("cohorts/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("cohorts/<int:pk>/sessions/<int:session_pk>/register/", views.register, name="register"),
    path("cohorts/<int:pk>/completions/", views.completions, name="completions"),
    path("cohorts/<int:pk>/sessions/from-template/", views.sessions_from_template, name="sessions-from-template"),
    path("courses/", views.template_list, name="template-list"),
    path("courses/new/", views.template_form, name="template-create"),
    path("courses/<int:pk>/change/", views.template_form, name="template-edit"),
]
