from django.urls import path

from onramp.recruitment import views

app_name = "recruitment"

urlpatterns = [
    path("vacancies/", views.vacancy_list, name="vacancy-list"),
    path("vacancies/new/", views.vacancy_form, name="vacancy-create"),
    path("vacancies/<int:pk>/", views.vacancy_detail, name="vacancy-detail"),
    path("vacancies/<int:pk>/change/", views.vacancy_form, name="vacancy-edit"),
    path("vacancies/<int:pk>/refer/", views.refer, name="refer"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/move/", views.application_move, name="application-move"),
    path("applications/<int:pk>/interviews/new/", views.interview_create, name="interview-create"),
    path("applications/<int:pk>/offer/", views.offer_create, name="offer-create"),
    path("interviews/<int:pk>/scores/", views.interview_score, name="interview-score"),
    path("interviews/<int:pk>/consensus/", views.interview_consensus, name="interview-consensus"),
    path("offers/<int:pk>/answer/", views.offer_answer, name="offer-answer"),
    path("guaranteed-interviews/", views.entitlement_list, name="entitlement-list"),
    path("guaranteed-interviews/<int:pk>/withdraw/", views.entitlement_withdraw, name="entitlement-withdraw"),
    path("interviews/calibration/", views.calibration, name="calibration"),
    path("organisations/<int:pk>/pipeline/", views.pipeline_edit, name="pipeline-edit"),
    path("employment-needs/", views.need_list, name="need-list"),
    path("employment-needs/new/", views.need_form, name="need-create"),
    path("employment-needs/<int:pk>/change/", views.need_form, name="need-edit"),
]
