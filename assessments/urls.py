from django.urls import path

from assessments import occupation_views, views

app_name = "assessments"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("summary/", views.summary, name="summary"),
    path("occupations/", occupation_views.occupation_list, name="occupation_list"),
    path("occupations/about/", occupation_views.occupation_about, name="occupation_about"),
    path("occupations/fit/", occupation_views.occupation_fit, name="fit"),
    path("occupations/roles/clear/", occupation_views.direction_clear, name="direction_clear"),
    path("occupations/<str:code>/", occupation_views.occupation_detail, name="occupation"),
    path(
        "occupations/<str:code>/choose/",
        occupation_views.occupation_choose,
        name="occupation_choose",
    ),
    path("attempts/<int:pk>/", views.attempt_detail, name="attempt_detail"),
    path("attempts/<int:pk>/page/<int:number>/", views.attempt_page, name="attempt_page"),
    path("<slug:slug>/", views.instrument_detail, name="instrument"),
    path("<slug:slug>/start/", views.attempt_start, name="start"),
    path("<slug:slug>/sources/", views.instrument_notes, name="sources"),
    path("<slug:slug>/compare/", views.attempt_compare, name="compare"),
]
