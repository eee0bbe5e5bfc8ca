"""In-app notifications of workflow steps; the unread count is shown in the navigation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kinerja.planning.notifications import notification_mark_read
from kinerja.planning.selectors import notification_list_for

PAGE_SIZE = 50


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    notifications = notification_list_for(request.user, unread_only=unread_only)
    page_obj = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/notification_list.html",
        {"page_obj": page_obj, "unread_only": unread_only},
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notice read (only the recipient's own: others are 404); then follow its link."""
    notification = get_object_or_404(notification_list_for(request.user), pk=pk)
    notification = notification_mark_read(actor=request.user, notification=notification)
    if request.htmx:
        return render(request, "planning/partials/_notification.html", {"n": notification})
    if request.POST.get("follow") and notification.url.startswith("/"):
        return redirect(notification.url)
    return redirect("planning:notifications")


@login_required
def notification_count(request: HttpRequest) -> HttpResponse:
    """The unread badge of the navigation, loaded by htmx so pages pay no query for it."""
    unread = notification_list_for(request.user, unread_only=True).count()
    return render(request, "planning/partials/_unread_badge.html", {"unread": unread})
