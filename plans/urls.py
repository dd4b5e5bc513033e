from django.urls import path

from plans import direction_views, quickstart_views, reflection_views, views

app_name = "plans"

urlpatterns = [
    path("", views.goal_list, name="goal_list"),
    path("goals/new/", views.goal_create, name="goal_create"),
    path("goals/suggestions/", views.goal_suggestions, name="goal_suggestions"),
    path("goals/smart-check/", views.goal_smart_check, name="goal_smart_check"),
    path("goals/<int:pk>/", views.goal_detail, name="goal_detail"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/status/", views.goal_status, name="goal_status"),
    path("goals/<int:pk>/milestones/", views.milestone_create, name="milestone_create"),
    path("goals/<int:pk>/tasks/", views.task_create, name="task_create"),
    path(
        "goals/<int:pk>/catch-up/reschedule/",
        views.catch_up_reschedule,
        name="catch_up_reschedule",
    ),
    path(
        "goals/<int:pk>/catch-up/time-block/",
        views.catch_up_time_block,
        name="catch_up_time_block",
    ),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/delete/", views.milestone_delete, name="milestone_delete"),
    path("tasks/<int:pk>/", views.task_row, name="task_row"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/complete/", views.task_complete, name="task_complete"),
    path("tasks/<int:pk>/reopen/", views.task_reopen, name="task_reopen"),
    path("tasks/<int:pk>/move/", views.task_move, name="task_move"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
    path("tasks/<int:pk>/drop/", views.task_drop, name="task_drop"),
    path("tasks/<int:pk>/split/", views.task_split, name="task_split"),
    path("tasks/<int:pk>/fit-dates/", views.task_dates_fit, name="task_dates_fit"),
    path("undo/<int:pk>/", views.undo, name="undo"),
    path("timeline/", views.timeline, name="timeline"),
    path("schedule/", views.schedule, name="schedule"),
    path("schedule/<int:pk>/delete/", views.time_block_delete, name="time_block_delete"),
    path("calendar/new-address/", views.calendar_regenerate, name="calendar_regenerate"),
    # Tokens are URL-safe base64: anything else (a NUL byte, say) is simply not found.
    path("calendar/<slug:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("journal/", views.journal, name="journal"),
    path("journal/<int:pk>/edit/", views.journal_edit, name="journal_edit"),
    path("journal/<int:pk>/delete/", views.journal_delete, name="journal_delete"),
    path("wins/", views.wins, name="wins"),
    path("wins/<int:pk>/delete/", views.win_delete, name="win_delete"),
    path("reflections/", reflection_views.reflection_list, name="reflection_list"),
    # Reminder e-mails link to these two: keep the name and the shape stable.
    path(
        "reflections/start/<slug:cadence>/",
        reflection_views.reflection_start,
        name="reflection_start",
    ),
    path(
        "reflections/start/<slug:cadence>/<str:period>/",
        reflection_views.reflection_start,
        name="reflection_start",
    ),
    path("reflections/<int:pk>/", reflection_views.reflection_detail, name="reflection_detail"),
    path("reflections/<int:pk>/answers/", reflection_views.reflection_save, name="reflection_save"),
    path(
        "reflections/<int:pk>/goals/<int:goal_pk>/target-date/",
        reflection_views.reflection_goal_target,
        name="reflection_goal_target",
    ),
    path(
        "reflections/<int:pk>/goals/<int:goal_pk>/status/",
        reflection_views.reflection_goal_status,
        name="reflection_goal_status",
    ),
    path(
        "reflections/<int:pk>/goals/<int:goal_pk>/pivot/",
        reflection_views.reflection_goal_pivot,
        name="reflection_goal_pivot",
    ),
    path(
        "reflections/<int:pk>/goals/<int:goal_pk>/tasks/",
        reflection_views.reflection_task_create,
        name="reflection_task_create",
    ),
    path("goals/<int:pk>/ways/", direction_views.goal_ways, name="goal_ways"),
    path("paths/", direction_views.path_list, name="path_list"),
    path("paths/<slug:slug>/", direction_views.path_detail, name="path_detail"),
    path("paths/<slug:slug>/adopt/", direction_views.path_adopt, name="path_adopt"),
    path("activities/", direction_views.activity_list, name="activity_list"),
    path("activities/<slug:slug>/", direction_views.activity_detail, name="activity_detail"),
    path("activities/<slug:slug>/add/", direction_views.activity_add, name="activity_add"),
    path(
        "activities/added/<int:pk>/undo/",
        direction_views.activity_add_undo,
        name="activity_add_undo",
    ),
    path("export/", views.export, name="export"),
    path("export/<slug:kind>.csv", views.export_csv, name="export_csv"),
]

urlpatterns += [
    path("start/", quickstart_views.roles, name="quickstart"),
    path("start/interests/", quickstart_views.interests, name="quickstart_interests"),
    path("start/fits/", quickstart_views.fits, name="quickstart_fits"),
    path("start/skills/", quickstart_views.skills, name="quickstart_skills"),
    path("start/gaps/", quickstart_views.gaps, name="quickstart_gaps"),
    path("start/plan/", quickstart_views.plan, name="quickstart_plan"),
    path("start/dismiss/", quickstart_views.dismiss, name="quickstart_dismiss"),
]
