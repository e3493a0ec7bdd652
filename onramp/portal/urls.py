from django.urls import path

from onramp.portal import views

app_name = "portal"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("my/sign-in/", views.sign_in, name="sign-in"),
    path("my/check-your-email/", views.check_email, name="check-email"),
    path("my/sign-in/<str:uidb64>/<str:token>/", views.link, name="link"),
    path("my/", views.home, name="home"),
    path("my/plan/", views.plan, name="plan"),
    path("my/jobs/", views.jobs, name="jobs"),
    path("my/jobs/<int:pk>/interest/", views.interest, name="interest"),
    path("my/grants/new/", views.grant, name="grant"),
    path("my/details/", views.details, name="details"),
    path("my/consents/", views.consents, name="consents"),
    path("my/consents/change/", views.consent_change, name="consent-change"),
    path("my/password/", views.password, name="password"),
    path("my/data.zip", views.my_data, name="data"),
]
