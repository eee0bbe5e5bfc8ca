"""Page routes of the planning app; planning/urls.py joins them with the document routes."""

from django.urls import path, re_path

from kinerja.planning.views import (
    cascade,
    cycles,
    matrix,
    monitoring,
    notifications,
    plans,
    staff,
    templates,
    transfer,
    work_results,
    workflow,
)

NIP = r"(?P<nip>[0-9]{18})"

urlpatterns = [
    # cycles (HR)
    path("cycles/", cycles.cycle_list, name="cycle-list"),
    path("cycles/open/", cycles.cycle_open_view, name="cycle-open"),
    path("cycles/<int:pk>/", cycles.cycle_detail, name="cycle-detail"),
    path("cycles/<int:pk>/generate/", cycles.cycle_generate, name="cycle-generate"),
    path("cycles/<int:pk>/status/", cycles.cycle_status, name="cycle-status"),
    path("cascade/", cascade.cascade_current, name="cascade-current"),
    path("monitoring/", monitoring.monitoring_current, name="monitoring-current"),
    path("cycles/<int:cycle_pk>/cascade/", cascade.cascade, name="cascade"),
    path("cycles/<int:cycle_pk>/monitoring/", monitoring.monitoring, name="monitoring"),
    path(
        "cycles/<int:cycle_pk>/monitoring/units/<int:unit_pk>/",
        monitoring.monitoring_unit,
        name="monitoring-unit",
    ),
    re_path(
        rf"^cycles/(?P<cycle_pk>[0-9]+)/set-plan/{NIP}/$",
        monitoring.plan_set_by_hr_view,
        name="plan-set-by-hr",
    ),
    path("cycles/<int:cycle_pk>/plans/new/", plans.plan_create_view, name="plan-create"),
    # the employee and the supervisor
    path("my/", plans.my_plans, name="my-plans"),
    path("staff/", staff.staff_plans, name="staff-plans"),
    # one plan
    path("plans/<int:pk>/", plans.plan_detail_view, name="plan-detail"),
    path("plans/<int:pk>/approach/", plans.plan_approach, name="plan-approach"),
    path("plans/<int:pk>/copy-previous/", plans.plan_copy, name="plan-copy"),
    path("plans/<int:pk>/revise/", plans.plan_revise_view, name="plan-revise"),
    path("plans/<int:pk>/transition/", workflow.plan_transition_view, name="plan-transition"),
    path(
        "plans/<int:pk>/work-results/new/",
        work_results.work_result_create,
        name="work-result-create",
    ),
    path("plans/<int:pk>/annex/new/", work_results.annex_item_create, name="annex-create"),
    path("plans/<int:pk>/dialogues/new/", work_results.dialogue_create, name="dialogue-create"),
    path("plans/<int:pk>/matrix/", matrix.matrix, name="matrix"),
    path("plans/<int:pk>/matrix/cell/", matrix.matrix_cell, name="matrix-cell"),
    path("work-results/<int:pk>/edit/", work_results.work_result_edit, name="work-result-edit"),
    path(
        "work-results/<int:pk>/delete/",
        work_results.work_result_delete_view,
        name="work-result-delete",
    ),
    path(
        "work-results/<int:pk>/indicators/new/",
        work_results.indicator_create,
        name="indicator-create",
    ),
    path("indicators/<int:pk>/edit/", work_results.indicator_edit, name="indicator-edit"),
    path(
        "indicators/<int:pk>/delete/", work_results.indicator_delete_view, name="indicator-delete"
    ),
    path("expectations/<int:pk>/", work_results.expectation_edit, name="expectation-edit"),
    path("annex/<int:pk>/delete/", work_results.annex_item_delete_view, name="annex-delete"),
    # templates (HR)
    path("templates/", templates.template_list, name="template-list"),
    path("templates/new/", templates.template_create, name="template-create"),
    path("templates/<int:pk>/", templates.template_detail, name="template-detail"),
    path("templates/<int:pk>/edit/", templates.template_edit, name="template-edit"),
    path("templates/<int:pk>/publish/", templates.template_publish_view, name="template-publish"),
    # notifications
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/unread/", notifications.notification_count, name="notification-count"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification-read"),
    # transfer with plans (HR)
    re_path(
        rf"^employees/{NIP}/transfer/$",
        transfer.employee_transfer_with_plans,
        name="employee-transfer",
    ),
]
