from django.urls import path

from mentoring import finding_views, views

app_name = "mentoring"

urlpatterns = [
    path("", views.home, name="home"),
    path("invite/", views.invite, name="invite"),
    path("invitations/<int:pk>/cancel/", views.invitation_revoke, name="invitation_revoke"),
    path("join/<str:token>/", views.invitation, name="invitation"),
    path("join/<str:token>/accept/", views.invitation_accept, name="invitation_accept"),
    path("mentors/<int:pk>/sharing/", views.sharing_edit, name="sharing_edit"),
    path("mentors/<int:pk>/revoke/", views.mentorship_revoke, name="mentorship_revoke"),
    path("mentors/<int:pk>/feedback/", views.feedback_request_create, name="feedback_request"),
    path("mentees/", views.mentor_home, name="mentor_home"),
    path("mentees/<int:pk>/", views.mentee_detail, name="mentee_detail"),
    path("mentees/<int:pk>/summary/", views.mentee_summary, name="mentee_summary"),
    path("mentees/<int:pk>/end/", views.mentorship_end, name="mentorship_end"),
    path("shared/goals/<int:pk>/", views.shared_goal, name="shared_goal"),
    path("shared/reflections/<int:pk>/", views.shared_reflection, name="shared_reflection"),
    path("feedback/<int:pk>/answered/", views.feedback_answered, name="feedback_answered"),
    path("comments/<slug:kind>/<int:pk>/", views.comment_thread, name="comment_thread"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("profile/", finding_views.mentor_profile, name="mentor_profile"),
    path("profile/occupations/", finding_views.occupation_search, name="occupation_search"),
    path("profile/occupations/add/", finding_views.occupation_pick, name="occupation_pick"),
    path("find/", finding_views.mentor_find, name="mentor_find"),
    path("find/<int:pk>/", finding_views.mentor_detail, name="mentor_detail"),
    path("find/<int:pk>/request/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/respond/", views.request_respond, name="request_respond"),
    path("requests/<int:pk>/reply/", views.request_reply, name="request_reply"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
]
