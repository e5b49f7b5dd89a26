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
keepalive = 5
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
