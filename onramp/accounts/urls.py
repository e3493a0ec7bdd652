from django.urls import path

from onramp.accounts import views

app_name = "accounts"

urlpatterns = [
    path("audit/", views.audit_trail, name="audit"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-in/code/", views.two_factor, name="two-factor"),
    path("sign-in/set-up/", views.two_factor_setup, name="two-factor-setup"),
    path("accounts/<int:pk>/two-factor/reset/", views.two_factor_reset, name="two-factor-reset"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password-reset/complete/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("account/", views.my_account, name="my-account"),
    path("account/tokens/new/", views.token_create, name="token-create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/new/", views.organisation_create, name="organisation-create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("organisations/<int:pk>/contacts/new/", views.contact_create, name="contact-create"),
    path("organisations/<int:pk>/contacts/<int:contact_pk>/remove/", views.contact_remove, name="contact-remove"),
    path("accounts/", views.user_list, name="user-list"),
    path("accounts/new/", views.user_create, name="user-create"),
    path("accounts/<int:pk>/", views.user_detail, name="user-detail"),
    path("accounts/<int:pk>/edit/", views.user_edit, name="user-edit"),
]
