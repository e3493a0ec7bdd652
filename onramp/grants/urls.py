from django.urls import path

from onramp.grants import views

app_name = "grants"

urlpatterns = [
    path("grants/", views.grant_list, name="list"),
    path("grants/budgets/new/", views.budget_form, name="budget"),
    path("grants/limits/", views.limits, name="limits"),
    path("grants/register.<str:fmt>", views.register, name="register"),
    path("grants/<int:pk>/", views.grant_detail, name="detail"),
    path("grants/<int:pk>/decide/", views.grant_decide, name="decide"),
    path("grants/<int:pk>/pay/", views.grant_pay, name="pay"),
    path("young-people/<int:pk>/grants/new/", views.grant_request, name="request"),
]
