import os

from django.core.wsgi import get_wsgi_application

from lindung.lib import memory

memory.keep_big_blocks_mapped()  # a preview's matching gives its memory back (lib/memory.py)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
application = get_wsgi_application()

# In thread mode the server is also the worker: pick up what a previous server left half-done.
from lindung.jobs.services import start_janitor  # noqa: E402

start_janitor()
