import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
application = get_wsgi_application()

# In thread mode the server is also the worker: pick up what a previous server left half-done.
from lindung.jobs.services import start_janitor  # noqa: E402

start_janitor()
