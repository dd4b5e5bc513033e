from django.urls import path

from mentoring import finding_views, programme_views, views

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
    # Organisation programmes
    path("programmes/", programme_views.programme_list, name="programme_list"),
    path("programmes/new/", programme_views.programme_create, name="programme_create"),
    path("programmes/join/", programme_views.programme_join, name="programme_join"),
    path(
        "programmes/join/<str:code>/",
        programme_views.programme_join_link,
        name="programme_join_link",
    ),
    path("programmes/<int:pk>/", programme_views.programme_detail, name="programme_detail"),
    path(
        "programmes/<int:pk>/join/",
        programme_views.programme_join_domain,
        name="programme_join_domain",
    ),
    path("programmes/<int:pk>/leave/", programme_views.programme_leave, name="programme_leave"),
    path("programmes/<int:pk>/pool/", programme_views.programme_pool, name="programme_pool"),
    path("programmes/<int:pk>/close/", programme_views.programme_close, name="programme_close"),
    path(
        "programmes/<int:pk>/overview/",
        programme_views.programme_overview,
        name="programme_overview",
    ),
    path(
        "programmes/<int:pk>/settings/",
        programme_views.programme_settings,
        name="programme_settings",
    ),
    path("programmes/<int:pk>/access/", programme_views.programme_access, name="programme_access"),
    path(
        "programmes/<int:pk>/codes/new/",
        programme_views.programme_code_new,
        name="programme_code_new",
    ),
    path(
        "programmes/<int:pk>/codes/<int:code_pk>/revoke/",
        programme_views.programme_code_revoke,
        name="programme_code_revoke",
    ),
    path(
        "programmes/<int:pk>/admins/<int:member_pk>/remove/",
        programme_views.programme_admin_remove,
        name="programme_admin_remove",
    ),
]
