from django.urls import path

from onramp.plans import views

app_name = "plans"

urlpatterns = [
    path("young-people/<int:pk>/plan/", views.agree, name="agree"),
    path("young-people/<int:pk>/plan/actions/new/", views.add_action, name="add-action"),
    path("young-people/<int:pk>/plan/review/", views.review, name="review"),
    path("young-people/<int:pk>/support/new/", views.add_support, name="add-support"),
]
