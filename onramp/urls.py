from django.urls import include, path

urlpatterns = [
    path("", include("onramp.core.urls")),
    path("", include("onramp.accounts.urls")),
    path("", include("onramp.geography.urls")),
    path("", include("onramp.participants.urls")),
    path("", include("onramp.plans.urls")),
    path("", include("onramp.exchange.urls")),
]

handler400 = "onramp.core.views.bad_request"
handler403 = "onramp.core.views.permission_denied"
handler404 = "onramp.core.views.page_not_found"
handler500 = "onramp.core.views.server_error"
