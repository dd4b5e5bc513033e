from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from careerdev import privacy_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("welcome/", views.welcome, name="welcome"),
    path("profile/", views.profile, name="profile"),
    path("settings/reminders/", views.reminder_settings, name="reminder_settings"),
    path("settings/data/", privacy_views.your_data, name="your_data"),
    path("settings/data/careerdev-data.json", privacy_views.data_export, name="data_export"),
    path("settings/delete-account/", privacy_views.account_delete, name="account_delete"),
    path("email/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("health/", views.health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("assessments/", include("assessments.urls")),
    path("plans/", include("plans.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_REFERENCE_VIEW:
    urlpatterns.append(path("bench/reference/", views.bench_reference))
