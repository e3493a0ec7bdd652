from django.urls import path

from onramp.notifications import views

app_name = "notifications"

urlpatterns = [
    path("messages-sent/", views.log, name="log"),
]
