"""Plain builders for test data: synthetic national IDs only."""

import datetime
import itertools

from django.contrib.auth.models import Group

from helhet.access.models import Responsibility
from helhet.core.models import Municipality, User
from helhet.organisation.models import Engagement, Leadership, Staff, Unit, UnitKind, UnitParent
from helhet.people import national_id
from helhet.people.models import Person, Relative, Zone

_counter = itertools.count(1)
PASSWORD = "testpassord-123"
LONG_AGO = datetime.date(2020, 1, 1)


def municipality(number="9999", name="Demo kommune") -> Municipality:
    return Municipality.objects.get_or_create(number=number, defaults={"name": name})[0]


def unit(muni, name=None, kind=UnitKind.UNIT, *, service_area="", parent=None) -> Unit:
    created = Unit.objects.create(
        municipality=muni,
        name=name or f"Enhet {next(_counter)}",
        kind=kind,
        valid_from=LONG_AGO,
        service_area=service_area,
    )
    if parent is not None:
        UnitParent.objects.create(unit=created, parent=parent, valid_from=LONG_AGO)
    return created


def user(muni, role: str | None, *, username=None, unit=None, leads=False) -> User:
    username = username or f"{role or 'ingen'}{next(_counter)}"
    account = User.objects.create_user(
        username=username, password=PASSWORD, municipality=muni, first_name="Test", last_name=username.title()
    )
    if role:
        account.groups.add(Group.objects.get_or_create(name=role)[0])  # transactional tests flush groups
    if unit is not None:
        staff = Staff.objects.create(municipality=muni, user=account, first_name="Test", last_name=username)
        Engagement.objects.create(staff=staff, unit=unit, fte=1, valid_from=LONG_AGO)
        if leads:
            Leadership.objects.create(unit=unit, staff=staff, valid_from=LONG_AGO)
    return account


_issued: set[str] = set()


def synthetic_id(birth_date=None, sex="K") -> str:
    """A synthetic number not handed out before in this test run (each date has only so many)."""
    seed = next(_counter)
    birth_date = birth_date or datetime.date(1950, 1, 1) + datetime.timedelta(days=seed % 7300)
    for attempt in range(1000):
        number = national_id.make_synthetic(birth_date, seed=seed + attempt, sex=sex)
        if number not in _issued:
            _issued.add(number)
            return number
    raise RuntimeError(f"no unused synthetic number left for {birth_date}")


def person(
    muni,
    *,
    first_name="Kari",
    last_name="Nordmann",
    birth_date=None,
    zone=None,
    **extra,
) -> Person:
    p = Person(
        municipality=muni,
        national_id=synthetic_id(birth_date),
        first_name=first_name,
        last_name=last_name,
        zone=zone,
        **extra,
    )
    p.derive_from_national_id()
    p.save()
    return p


def relative(p, name="Ola Nordmann", **extra) -> Relative:
    return Relative.objects.create(person=p, name=name, relation=extra.pop("relation", "child"), **extra)


def responsibility(
    p,
    *,
    unit=None,
    staff=None,
    valid_from=LONG_AGO,
    valid_to=None,
    reason="Mottar tjenester",
    service_area="",
    ground="",
    source="",
):
    return Responsibility.objects.create(
        municipality_id=p.municipality_id,
        person=p,
        unit=unit,
        staff=staff,
        service_area=service_area,
        ground=ground,
        source=source,
        reason=reason,
        valid_from=valid_from,
        valid_to=valid_to,
    )


def zone(muni, name="Nord") -> Zone:
    return Zone.objects.get_or_create(municipality=muni, name=name)[0]


def totp_code(key: bytes, *, after_t: int = -1) -> str:
    """The code an authenticator app shows now for the key; if this 30-second step's code was used
    already (after_t), the next step's, which the server accepts (tolerance 1), or wait for one."""
    import time

    from django_otp.oath import TOTP

    while True:
        totp = TOTP(key)
        totp.time = time.time()
        current = totp.t()
        if current > after_t:
            return f"{totp.token():06d}"
        if after_t + 1 <= current + 1:
            totp.time = 30 * (after_t + 1) + 1
            return f"{totp.token():06d}"
        time.sleep(1)
