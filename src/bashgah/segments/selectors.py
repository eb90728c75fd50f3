from __future__ import annotations

from bashgah.segments.models import SegmentMember, SegmentPolicy


def member_segment_ids(*, member_id: int) -> frozenset[int]:
    """The saved segments the member belongs to as of their last refresh (one indexed read)."""
    return frozenset(
        SegmentMember.objects.filter(member_id=member_id).values_list("segment_id", flat=True)
    )


def segment_policy() -> SegmentPolicy:
    """The club's lifecycle thresholds; the defaults until the owner changes them."""
    policy, _created = SegmentPolicy.objects.get_or_create(pk=1)
    return policy
