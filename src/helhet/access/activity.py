"""When the session was last active and when it logged in: the idle timeout's clock, kept in the session."""

import time

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

LAST_ACTIVITY_SESSION_KEY = "helhet_last_activity"
LOGIN_AT_SESSION_KEY = "helhet_login_at"
LOGGED_OUT_SESSION_KEY = "helhet_logged_out"  # "idle" or "expired", shown once on the login page
# Activity is written at most once a minute, so most requests do not save the session.
ACTIVITY_GRANULARITY_SECONDS = 60


def idle_timeout_seconds() -> int:
    return int(settings.HELHET_IDLE_TIMEOUT_MINUTES * 60)


def idle_remaining_seconds(session: SessionBase, now: float | None = None) -> int:
    now = time.time() if now is None else now
    last = session.get(LAST_ACTIVITY_SESSION_KEY, now)
    return max(0, int(last + idle_timeout_seconds() - now))


def stamp_login(session: SessionBase, now: float | None = None) -> None:
    now = int(time.time() if now is None else now)
    session[LOGIN_AT_SESSION_KEY] = now
    session[LAST_ACTIVITY_SESSION_KEY] = now


def touch(session: SessionBase, now: float | None = None) -> None:
    session[LAST_ACTIVITY_SESSION_KEY] = int(time.time() if now is None else now)
