"""The product's URLs plus ``POST /bench/minimal``: the floor the API benchmark compares with.

The minimal endpoint goes through the same server, middleware and database connection handling
as the API, and does the least a write can do: parse the JSON body, then in one transaction
INSERT one row and UPDATE one counter row (one of many, so concurrent requests do not queue on a
single hot row), and answer with a small JSON body. Its tables are created by the benchmark with
raw SQL (``bench.bench_api.MINIMAL_TABLES_SQL``); the product has no models for them.
"""

from __future__ import annotations

import json
import zlib

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from bashgah.urls import urlpatterns as product_urlpatterns

COUNTER_ROWS = 10_000


@csrf_exempt
@require_POST
def minimal(request: HttpRequest) -> HttpResponse:
    try:
        body = json.loads(request.body)
        external_id = str(body["external_id"])[:64]
        member = str(body["member"])[:64]
        total = int(body["total"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "invalid"}, status=422)
    counter_id = zlib.crc32(member.encode()) % COUNTER_ROWS + 1
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_minimal_event (external_id, member, total) VALUES (%s, %s, %s) "
            "RETURNING id",
            [external_id, member, total],
        )
        (event_id,) = cursor.fetchone()
        cursor.execute(
            "UPDATE bench_minimal_counter SET hits = hits + 1, total = total + %s WHERE id = %s",
            [total, counter_id],
        )
    return JsonResponse({"id": event_id, "counter": counter_id}, status=201)


urlpatterns = [path("bench/minimal", minimal), *product_urlpatterns]
