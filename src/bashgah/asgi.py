import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bashgah.settings")
application = get_asgi_application()

from bashgah.core.security import assert_secure_settings  # noqa: E402

assert_secure_settings()
