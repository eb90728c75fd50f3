"""The stale-contacts report: active members' phone numbers and emails by how long ago they
were last known to work (``contacts.selectors.contacts_report``, one query per channel)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from bashgah.backoffice.views.common import staff_required
from bashgah.backoffice.views.engagement.common import engagement_page
from bashgah.contacts.models import ContactState
from bashgah.contacts.selectors import BUCKETS, contacts_report, reverify_days
from bashgah.staff.permissions import ENGAGEMENT_VIEW

BUCKET_NAMES = {
    "under_1y": gettext_lazy("verified within a year"),
    "1_2y": gettext_lazy("1 to 2 years ago"),
    "2_3y": gettext_lazy("2 to 3 years ago"),
    "over_3y": gettext_lazy("over 3 years ago"),
    "stale": gettext_lazy("not working (stale)"),
}


@staff_required(ENGAGEMENT_VIEW)
@require_GET
def contacts_page(request: HttpRequest) -> HttpResponse:
    report = contacts_report()
    channels = dict(ContactState.Channel.choices)
    rows = []
    for channel, counts in report.rows():
        total = sum(counts)
        rows.append(
            {
                "channel": channel,
                "name": channels.get(channel, channel),
                "cells": [
                    (bucket, count, count * 100 // total if total else 0)
                    for bucket, count in zip(BUCKETS, counts, strict=True)
                ],
                "total": total,
            }
        )
    return engagement_page(
        request,
        "backoffice/engagement/contacts.html",
        {
            "report": report,
            "buckets": [(bucket, BUCKET_NAMES[bucket]) for bucket in BUCKETS],
            "rows": rows,
            "reverify_days": reverify_days(),
        },
        tab="contacts",
    )
