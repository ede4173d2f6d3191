"""Production server: `gunicorn -c gunicorn.conf.py lindung.wsgi:application` (see README).

One Python process runs Python on one core at a time (the GIL), so a single waitress
process tops out near 45 requests/s whatever its thread count; gunicorn forks one
worker per core and more. Every value can be overridden on the command line or through
the environment variables read below.
"""

import os

# Django's own listening default; put it behind the regency's TLS proxy with --bind 127.0.0.1:8000.
bind = os.environ.get("LINDUNG_BIND", "0.0.0.0:8000")

# Two workers per core plus one keeps a core busy while another worker waits on the database.
# Each worker holds up to `threads` database connections: PostgreSQL's max_connections must
# exceed workers × threads (+ the imports and commands run beside it).
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
worker_class = "gthread"
threads = int(os.environ.get("LINDUNG_THREADS", 4))

# Each worker imports lindung.wsgi itself, so each opens its own database connections and
# starts its own job janitor after the fork; a preloaded app would fork the master's
# connections and leave the janitor's thread behind in the master (threads do not survive
# fork). Several janitors are safe: a job is taken by a conditional update, so only one runs it.
preload_app = False

# An export or a report page may take a while on a big regency; a worker silent longer is stuck.
timeout = int(os.environ.get("LINDUNG_TIMEOUT", 120))
# On stop or restart, running requests get this long. Jobs running in a worker's threads
# stop with it and are requeued by another worker's janitor once their heartbeat is stale.
graceful_timeout = 30
# A kept-alive connection stays with the worker process that accepted it: 50 busy clients on kept
# connections were all served by one of five workers (one core, 75 requests/s on PostgreSQL, four
# workers idle). Closed after each response, the next request goes to whichever worker accepts it
# first (96 requests/s). Behind the TLS proxy the browser's own connection is still kept alive.
keepalive = int(os.environ.get("LINDUNG_KEEPALIVE", 0))
# No max_requests: recycling a worker would also cut the jobs running in its threads.

accesslog = os.environ.get("LINDUNG_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
