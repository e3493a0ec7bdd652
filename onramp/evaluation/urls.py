from django.urls import path

from onramp.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("evaluation/", views.programme_dashboard, name="dashboard"),
    path("evaluation/published/", views.funder_dashboard, name="funder"),
    path("evaluation/refresh/", views.refresh_figures, name="refresh"),
    path("evaluation/return.<str:fmt>", views.funder_return, name="return"),
    path("evaluation/learning-story/", views.learning_story, name="learning-story"),
    path("evaluation/learning-story.pdf", views.learning_story_pdf, name="learning-story-pdf"),
    path("evaluation/learning-story/<int:programme_pk>/edit/", views.learning_story_edit, name="learning-story-edit"),
    path("evaluation/sroi/", views.sroi_page, name="sroi"),
    path("evaluation/sroi/new/", views.sroi_new, name="sroi-new"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign-detail"),
]
