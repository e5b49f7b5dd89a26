"""Bench users for the load test: copies of the demo users, each with its own authenticator device.

The roles that search the register log in with a one-time code, and a code is accepted once (django-otp
refuses a replay), so 30 logins at once need 30 users. For each demo user this makes BENCH_COPIES users
(`saksbehandler-1`, …) with the same roles, units and password, and a confirmed TOTP device whose key is
derived from the username and BENCH_TOTP_SECRET, so the locust file can compute their codes. Run by
bench/load.sh through `helhet shell`; safe to run again. Only for a bench database: never production.
"""

import datetime
import hashlib
import hmac
import os

from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from helhet.organisation import services as organisation
from helhet.organisation.models import Engagement

SECRET = os.environ.get("BENCH_TOTP_SECRET", "helhet-bench-only")
COPIES = int(os.environ.get("BENCH_COPIES", "40"))
PASSWORD = os.environ.get("HELHET_DEMO_PASSWORD", "demo-helhet-2026")
DEMO_USERS = ("resepsjon", "saksbehandler", "tjenesteyter", "leder", "tjenestekontorleder", "navleder")


def totp_key(username: str) -> str:
    return hmac.new(SECRET.encode(), username.encode(), hashlib.sha1).hexdigest()


@transaction.atomic
def make() -> int:
    User = get_user_model()
    made = 0
    today = datetime.date.today()
    for name in DEMO_USERS:
        original = User.objects.filter(username=name).first()
        if original is None:
            continue
        engagements = list(Engagement.objects.filter(staff__user=original).valid_on(today))
        for number in range(1, COPIES + 1):
            username = f"{name}-{number}"
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": original.first_name,
                    "last_name": f"{original.last_name} {number}",
                    "municipality": original.municipality,
                },
            )
            if created:
                user.set_password(PASSWORD)
                user.save()
                user.groups.set(original.groups.all())
                staff = organisation.staff_create(
                    municipality=user.municipality,
                    first_name=user.first_name,
                    last_name=user.last_name,
                    user=user,
                    actor=None,
                )
                for engagement in engagements:
                    organisation.engagement_add(
                        staff=staff, unit=engagement.unit, fte="0.1", valid_from=today, role="", actor=None
                    )
                made += 1
            TOTPDevice.objects.update_or_create(
                user=user, name="bench", defaults={"key": totp_key(username), "confirmed": True}
            )
    return made


print(f"bench users made: {make()}")
