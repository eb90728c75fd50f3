"""The rewards catalog: what members can buy with points."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bashgah.backoffice.forms.program import RewardForm
from bashgah.backoffice.views.common import staff_required
from bashgah.backoffice.views.pages import language_of, page, snapshot
from bashgah.core.audit import audit_record
from bashgah.core.errors import ApplicationError
from bashgah.rewards.models import Reward
from bashgah.rewards.services.catalog import REWARD_FIELDS, reward_create, reward_update
from bashgah.staff.permissions import PROGRAM_EDIT
from bashgah.tiers.selectors import tiers_ordered

AUDITED = ("code", *REWARD_FIELDS)


@staff_required(PROGRAM_EDIT)
@require_http_methods(["GET"])
def reward_list(request: HttpRequest) -> HttpResponse:
    language = language_of(request)
    rewards = Reward.objects.order_by("-is_active", "points_cost", "code")
    return page(
        request,
        "backoffice/program/rewards.html",
        {"rows": [(reward, reward.name(language)) for reward in rewards]},
        nav="program",
    )


def _form_page(
    request: HttpRequest, form: RewardForm, reward: Reward | None, status: int
) -> HttpResponse:
    return page(
        request,
        "backoffice/program/reward_form.html",
        {"form": form, "reward": reward},
        nav="program",
        status=status,
    )


def _place(form: RewardForm, error: ApplicationError) -> None:
    for key, message in error.details.items():
        form.add_error(form.field_for(key), str(message))
    if not error.details:
        form.add_error(None, str(error.message))


@staff_required(PROGRAM_EDIT)
@require_http_methods(["GET", "POST"])
def reward_create_view(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = RewardForm(
        request.POST if posted else None, tiers=tiers_ordered(), language=language_of(request)
    )
    if posted and form.is_valid():
        try:
            with transaction.atomic():
                reward = reward_create(code=form.cleaned_data["code"], **form.values())
                audit_record(
                    actor=request.user,
                    action="reward.create",
                    object_type="reward",
                    object_id=reward.pk,
                    after=snapshot(reward, AUDITED),
                )
        except ApplicationError as error:
            _place(form, error)
        else:
            messages.success(request, _("The reward is saved."))
            return redirect("backoffice:program_rewards")
    return _form_page(request, form, None, 422 if posted else 200)


@staff_required(PROGRAM_EDIT)
@require_http_methods(["GET", "POST"])
def reward_edit(request: HttpRequest, reward_id: int) -> HttpResponse:
    reward = get_object_or_404(Reward, pk=reward_id)
    posted = request.method == "POST"
    form = RewardForm(
        request.POST if posted else None,
        tiers=tiers_ordered(),
        language=language_of(request),
        reward=reward,
    )
    if posted and form.is_valid():
        before = snapshot(reward, AUDITED)
        try:
            with transaction.atomic():
                reward_update(reward=reward, **form.values())
                audit_record(
                    actor=request.user,
                    action="reward.update",
                    object_type="reward",
                    object_id=reward.pk,
                    before=before,
                    after=snapshot(reward, AUDITED),
                )
        except ApplicationError as error:
            reward.refresh_from_db()
            _place(form, error)
        else:
            messages.success(request, _("The reward is saved."))
            return redirect("backoffice:program_rewards")
    return _form_page(request, form, reward, 422 if posted else 200)
