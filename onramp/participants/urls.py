from django.urls import path

from onramp.participants import views

app_name = "participants"

urlpatterns = [
    path("young-people/register/", views.register, name="register"),
    path("young-people/<int:pk>/details/", views.edit, name="edit"),
    path("young-people/<int:pk>/consents/new/", views.add_consent, name="add-consent"),
    path("young-people/<int:pk>/consents/<int:consent_pk>/withdraw/", views.withdraw_consent, name="withdraw-consent"),
    path("young-people/<int:pk>/eligibility/override/", views.override_eligibility, name="override-eligibility"),
    path("young-people/<int:pk>/subject-access.zip", views.subject_access, name="subject-access"),
    path("young-people/<int:pk>/erase/", views.erase, name="erase"),
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/new/", views.campaign_form, name="campaign-create"),
    path("campaigns/<int:pk>/change/", views.campaign_form, name="campaign-edit"),
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/new/", views.programme_form, name="programme-create"),
    path("programmes/<int:pk>/change/", views.programme_form, name="programme-edit"),
    path("programmes/<int:pk>/phases/new/", views.phase_form, name="phase-create"),
    path("programmes/<int:pk>/phases/<int:phase_pk>/change/", views.phase_form, name="phase-edit"),
    path("programmes/<int:pk>/phases/<int:phase_pk>/targets/new/", views.target_form, name="target-create"),
    path(
        "programmes/<int:pk>/phases/<int:phase_pk>/targets/<int:target_pk>/remove/",
        views.target_remove,
        name="target-remove",
    ),
]
