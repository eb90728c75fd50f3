import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bashgah.settings")
application = get_wsgi_application()

from bashgah.core.security import assert_secure_settings  # noqa: E402

assert_secure_settings()
