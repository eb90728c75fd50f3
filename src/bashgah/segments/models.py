"""Segments: who the club talks to and rewards.

``MemberScore`` holds each member's RFM scores and lifecycle state as of the last scheduled
recompute; ``Segment`` is a saved, validated filter (see ``segments.definitions``);
``SegmentMember`` is a segment's membership as of its last refresh, which is what an earning
rule's audience and a campaign read. The queries that fill them live above every app they
read (``bashgah.audiences``); this app sits low so that rules can name segments.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Lifecycle(models.TextChoices):
    NEW = "new", _("new")
    ACTIVE = "active", _("active")
    LOYAL = "loyal", _("loyal")
    AT_RISK = "at_risk", _("at risk")
    LOST = "lost", _("lost")


class SegmentPolicy(models.Model):
    """The club's lifecycle thresholds (one row, pk 1), editable by the owner."""

    new_days = models.PositiveIntegerField(
        _("new for (days after joining)"), default=30, help_text=_("A member is new this long.")
    )
    at_risk_days = models.PositiveIntegerField(
        _("at risk after (days without a purchase)"), default=60
    )
    lost_days = models.PositiveIntegerField(_("lost after (days without a purchase)"), default=180)
    loyal_purchases = models.PositiveIntegerField(
        _("loyal from (purchases in the window)"), default=6
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"new {self.new_days}d, at risk {self.at_risk_days}d, lost {self.lost_days}d"


class MemberScore(models.Model):
    """RFM quintile scores (1–5, 0 for a member who never bought) and the lifecycle state,
    rebuilt for every member by each recompute."""

    member = models.OneToOneField(
        "members.Member", primary_key=True, on_delete=models.CASCADE, related_name="score"
    )
    recency = models.PositiveSmallIntegerField(default=0)
    frequency = models.PositiveSmallIntegerField(default=0)
    monetary = models.PositiveSmallIntegerField(default=0)
    lifecycle = models.CharField(max_length=8, choices=Lifecycle.choices)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["lifecycle"], name="score_lifecycle")]

    @property
    def rfm(self) -> str:
        return f"{self.recency}{self.frequency}{self.monetary}"


class Segment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        ARCHIVED = "archived", _("archived")

    class Kind(models.TextChoices):
        DYNAMIC = "dynamic", _("kept up to date from its definition")
        STATIC = "static", _("a fixed list (a campaign's recipients)")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.DYNAMIC)
    description = models.TextField(_("description"), blank=True)
    definition = models.JSONField(default=dict)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    member_count = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(status="active"),
                name="segment_active_name_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SegmentMember(models.Model):
    """A member in a segment as of its last refresh."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["segment", "member"], name="segment_member_once")
        ]
        indexes = [models.Index(fields=["member", "segment"], name="segment_member_by_member")]
