"""gunicorn settings for Helhet: `gunicorn -c python:helhet.config.gunicorn helhet.config.wsgi`.

Every value can be changed from the environment (the systemd unit's EnvironmentFile):
HELHET_BIND, WEB_CONCURRENCY (worker processes), GUNICORN_THREADS, GUNICORN_TIMEOUT, FORWARDED_ALLOW_IPS.
"""

import multiprocessing
import os

bind = os.environ.get("HELHET_BIND", "127.0.0.1:8000")
# Processes: one per core plus one by default; each serves GUNICORN_THREADS requests at once (the app waits
# on PostgreSQL and on WeasyPrint more than it computes, so a few threads per process use the cores well).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Longer than a proxy's idle upstream connection (nginx keeps 60 s), so the server never closes a kept-alive
# connection just as the client sends on it.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# Recycle a worker now and then so a slow leak never grows for weeks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The reverse proxy on this host (or the addresses in FORWARDED_ALLOW_IPS) may set X-Forwarded-*.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 (heartbeat files, in RAM)
# No gunicorn access log: its lines carry the raw path and query string (searches hold names and national
# ID numbers). Helhet's own request log (helhet.request) writes one line per request without them.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "helhet"
# Load Django and import every view once in the master, before the workers fork: a fresh worker answers its
# first request at once instead of importing the whole app then (no database connection is opened here).
preload_app = True


def freeze_loaded_objects():
    """Move every object alive after loading (Django, the URL conf, every view module) to the garbage
    collector's permanent generation: a worker's collections then never walk them (bench/page_cost.py
    --gc-freeze measures what that saves a request), and the forked workers keep sharing their memory pages
    with the master instead of copying them when the collector touches them."""
    import gc

    gc.collect()
    gc.freeze()


def when_ready(server):
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the URL conf and every view module)
    freeze_loaded_objects()  # last thing before the workers fork
