"""The segments and campaigns API: staff only, idempotent writes, translated errors."""

from __future__ import annotations

from bashgah.members.consent import consent_set
from bashgah.messaging.models import Message
from bashgah.segments.models import Segment


def test_pos_keys_cannot_touch_segments(api):
    assert api.get("/segments").status_code == 403


def test_segment_count_create_twice_export_archive(staff_api, make_member):
    make_member(gender="female", city="تهران")
    make_member(gender="male")
    count = staff_api.post("/segments/count", {"definition": {"genders": ["female"]}}, key=None)
    assert count.status_code == 200 and count.json()["count"] == 1
    body = {"name": "Women", "definition": {"genders": ["female"]}}
    first = staff_api.post("/segments", body, key="seg-1")
    again = staff_api.post("/segments", body, key="seg-1")
    assert first.status_code == 201 and again.json() == first.json()
    assert Segment.objects.count() == 1 and first.json()["member_count"] == 1
    segment_id = first.json()["id"]
    export = staff_api.client.get(
        f"/api/v1/segments/{segment_id}/export.csv",
        headers={"Authorization": f"Bearer {staff_api.key}"},
    )
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert lines[0].startswith("member_id,card_number") and len(lines) == 2
    archived = staff_api.client.delete(
        f"/api/v1/segments/{segment_id}",
        headers={"Authorization": f"Bearer {staff_api.key}", "Idempotency-Key": "del-1"},
    )
    assert archived.json()["status"] == "archived"


def test_bad_definition_is_a_translated_422_and_saves_nothing(staff_api):
    answer = staff_api.post(
        "/segments", {"name": "x", "definition": {"age": {"min": 50, "max": 20}}}, language="fa"
    )
    assert answer.status_code == 422
    assert answer.json()["message"] == "تعریف بخش معتبر نیست."
    assert Segment.objects.count() == 0


def test_campaign_create_launch_results(staff_api, make_member):
    members = [make_member(first_name=f"n{i}") for i in range(6)]
    for member in members:
        consent_set(member=member, channel="sms", granted=True, source="test")
    created = staff_api.post(
        "/campaigns",
        {
            "name": "Yalda",
            "channel": "sms",
            "templates": {"fa": {"body": "{first_name} جان، یلدا مبارک"}},
            "control_percent": 0,
        },
    )
    assert created.status_code == 201, created.json()
    campaign_id = created.json()["id"]
    launched = staff_api.post(f"/campaigns/{campaign_id}/launch", {}, key="go-1")
    replay = staff_api.post(f"/campaigns/{campaign_id}/launch", {}, key="go-1")
    assert launched.json() == replay.json() and launched.json()["status"] == "sent"
    assert Message.objects.filter(campaign_id=campaign_id).count() == 6
    results = staff_api.get(f"/campaigns/{campaign_id}/results").json()
    assert results["treatment"]["members"] == 6 and results["lift"] is None
    again = staff_api.post(f"/campaigns/{campaign_id}/launch", {})
    assert again.status_code == 409
