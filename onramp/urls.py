from django.urls import include, path

from onramp.exchange.api import api
from onramp.exchange.views import api_docs

urlpatterns = [
    path("", include("onramp.core.urls")),
    path("", include("onramp.site.urls")),
    path("", include("onramp.accounts.urls")),
    path("", include("onramp.geography.urls")),
    path("", include("onramp.participants.urls")),
    path("", include("onramp.plans.urls")),
    path("", include("onramp.training.urls")),
    path("", include("onramp.recruitment.urls")),
    path("", include("onramp.checks.urls")),
    path("", include("onramp.support.urls")),
    path("", include("onramp.grants.urls")),
    path("", include("onramp.notifications.urls")),
    path("", include("onramp.exchange.urls")),
    path("", include("onramp.evaluation.urls")),
    path("", include("onramp.portal.urls")),
    path("api/v1/docs", api_docs, name="api-docs"),
    path("api/v1/", api.urls),
]

handler400 = "onramp.core.views.bad_request"
handler403 = "onramp.core.views.permission_denied"
handler404 = "onramp.core.views.page_not_found"
handler500 = "onramp.core.views.server_error"
