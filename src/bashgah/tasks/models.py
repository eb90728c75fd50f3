from django.db import models


class JobState(models.Model):
    """What the scheduler remembers of one scheduled job, across restarts and processes.

    ``last_slot`` is the scheduled moment a daily job last completed for: it is what stops a
    restart from running the day twice or skipping it. The other times and the last result or
    error are for operators (``bashgah jobs``). ``locked_by``/``locked_until`` are the lease
    that keeps two processes from running the job at once when there is neither Redis nor
    PostgreSQL (the embedded SQLite default).
    """

    name = models.CharField(max_length=64, primary_key=True)
    last_slot = models.DateTimeField(null=True, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_result = models.CharField(max_length=500, blank=True)
    last_error = models.TextField(blank=True)
    failures = models.PositiveIntegerField(default=0)
    locked_by = models.CharField(max_length=200, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
