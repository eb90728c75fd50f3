"""Background work: the Celery app and thin task wrappers around services (see issue 5)."""
