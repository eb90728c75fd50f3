"""The referral program: its settings (PROGRAM_EDIT), the totals, and the latest referrals with
the decision about each and its reason."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bashgah.backoffice.forms.engagement import REFERRAL_FIELDS, ReferralProgramForm
from bashgah.backoffice.views.common import staff_required
from bashgah.backoffice.views.engagement.common import engagement_page
from bashgah.backoffice.views.pages import place_errors, snapshot
from bashgah.core.audit import audit_record
from bashgah.core.errors import ValidationFailed
from bashgah.referrals.models import Referral, ReferralReward
from bashgah.referrals.selectors import referral_program, referral_totals, referrals_recent
from bashgah.referrals.services import referral_program_set
from bashgah.staff.permissions import ENGAGEMENT_VIEW, PROGRAM_EDIT

RECENT = 50


def _reward_of(referral: Referral) -> ReferralReward | None:
    """The decision about the referral's reward, None before the qualifying purchase."""
    try:
        return referral.reward
    except ReferralReward.DoesNotExist:
        return None


def _page(
    request: HttpRequest, form: ReferralProgramForm | None = None, status: int = 200
) -> HttpResponse:
    program = referral_program()
    totals = referral_totals()
    reasons = dict(Referral.Reason.choices)
    return engagement_page(
        request,
        "backoffice/engagement/referrals.html",
        {
            "program": program,
            "form": form or ReferralProgramForm(program=program),
            "totals": totals,
            "refusals": [
                (reasons.get(code, code), count) for code, count in totals.refusals.items()
            ],
            "referrals": [
                (referral, _reward_of(referral)) for referral in referrals_recent(limit=RECENT)
            ],
            "recent": RECENT,
        },
        tab="referrals",
        status=status,
    )


@staff_required(ENGAGEMENT_VIEW)
@require_GET
def referral_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@staff_required(PROGRAM_EDIT)
@require_POST
def referral_program_edit(request: HttpRequest) -> HttpResponse:
    form = ReferralProgramForm(request.POST)
    if form.is_valid():
        program = referral_program()
        before = snapshot(program, REFERRAL_FIELDS) if program else None
        try:
            with transaction.atomic():
                program = referral_program_set(**form.values())
                audit_record(
                    actor=request.user,
                    action="referral_program.update",
                    object_type="referral_program",
                    object_id=program.pk,
                    before=before,
                    after=snapshot(program, REFERRAL_FIELDS),
                )
        except ValidationFailed as error:
            place_errors(form, error)
        else:
            messages.success(request, _("The referral program is saved."))
            return redirect("backoffice:engagement_referrals")
    return _page(request, form=form, status=422)
