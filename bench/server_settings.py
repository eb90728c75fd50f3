"""Settings for the API benchmark's server: the product's settings, plus the bench-only
``/bench/minimal`` endpoint (see ``bench/server_urls.py``). Never used outside ``bench/``."""

from bashgah.settings import *  # noqa: F403

ROOT_URLCONF = "bench.server_urls"
