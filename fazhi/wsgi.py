"""WSGI entry point (gunicorn fazhi.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from fazhi.core.runtime import freeze_startup

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
application = get_wsgi_application()
freeze_startup()  # for speed: full collections no longer walk the startup objects (fazhi.core.runtime)
