from django.urls import path

from onramp.site import views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("young-people/", views.caseload, name="caseload"),
    path("young-people/<int:pk>/", views.record, name="record"),
    path("young-people/<int:pk>/events/new/", views.record_event, name="record-event"),
    path("young-people/<int:pk>/events/<int:event_pk>/void/", views.void_event, name="void-event"),
]
