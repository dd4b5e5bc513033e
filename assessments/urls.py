from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("summary/", views.summary, name="summary"),
    path("attempts/<int:pk>/", views.attempt_detail, name="attempt_detail"),
    path("attempts/<int:pk>/page/<int:number>/", views.attempt_page, name="attempt_page"),
    path("<slug:slug>/", views.instrument_detail, name="instrument"),
    path("<slug:slug>/start/", views.attempt_start, name="start"),
    path("<slug:slug>/sources/", views.instrument_notes, name="sources"),
    path("<slug:slug>/compare/", views.attempt_compare, name="compare"),
]
