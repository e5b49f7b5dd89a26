"""Synthetic persons and relatives, generated deterministically and inserted in bulk.

Person number i is always the same person, so `helhet demo --persons N` run twice, or with a
larger N later, adds only the persons that are missing.
"""

import datetime
import random
import time
from collections.abc import Callable, Iterator

from django.db import connection, transaction

from helhet.demo import names
from helhet.people import national_id
from helhet.people.models import Person, Relation, Relative, Representation, Zone

BATCH = 5000
# Generation is fixed to one reference date, so the same index gives the same person on any day.
REFERENCE_DATE = datetime.date(2026, 1, 1)
# Age distribution roughly like a Norwegian municipality, with more old people (who use care services).
_AGE_BANDS = ((0, 17, 20), (18, 49, 35), (50, 66, 20), (67, 79, 14), (80, 89, 8), (90, 102, 3))


def _birth_date(rng: random.Random, today: datetime.date) -> datetime.date:
    low, high, _ = rng.choices(_AGE_BANDS, weights=[band[2] for band in _AGE_BANDS])[0]
    age = rng.randint(low, high)
    return today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))


def _numbers(count: int) -> Iterator[tuple[int, random.Random, str, datetime.date, str]]:
    """(index, rng, national id, birth date, sex) for persons 0..count-1; ids are unique."""
    taken: set[str] = set()
    for index in range(count):
        rng = random.Random(index * 7919 + 17)
        birth_date = _birth_date(rng, REFERENCE_DATE)
        sex = "K" if rng.random() < 0.5 else "M"
        seed = rng.randrange(1000)
        number = national_id.make_synthetic(birth_date, seed=seed, sex=sex)
        while number in taken:
            seed += 2
            number = national_id.make_synthetic(birth_date, seed=seed, sex=sex)
        taken.add(number)
        yield index, rng, number, birth_date, sex


def _person(municipality, zones: list[Zone], rng, number, birth_date, sex) -> Person:
    first = rng.choice(names.FEMALE if sex == "K" else names.MALE)
    last = rng.choice(names.LAST)
    zone = zones[rng.randrange(len(zones))]
    return Person(
        municipality=municipality,
        national_id=number,
        id_kind=national_id.FNR,
        birth_date=birth_date,
        sex=sex,
        first_name=first,
        last_name=last,
        first_name_key=first.casefold(),
        last_name_key=last.casefold(),
        street_address=f"{rng.choice(names.STREETS)} {rng.randint(1, 120)}",
        postal_code=f"{9990 + rng.randrange(9):04d}",
        postal_place="Demo",
        zone=zone,
        phone=f"4{rng.randrange(10_000_000):07d}" if rng.random() < 0.85 else "",
        reserved_against_digital_contact=rng.random() < 0.05,
    )


def _relatives(person: Person, rng: random.Random) -> list[Relative]:
    age = person.age_on(REFERENCE_DATE)
    relatives: list[tuple[str, Relation, str]] = []
    if age < 18:
        for relation_name in ("Mor", "Far")[: rng.randint(1, 2)]:
            first = rng.choice(names.FEMALE if relation_name == "Mor" else names.MALE)
            relatives.append((f"{first} {person.last_name}", Relation.PARENT, Representation.NONE))
    else:
        for _ in range(rng.choices((0, 1, 2), weights=(35, 45, 20))[0]):
            relation = (
                Relation.CHILD
                if age >= 60
                else rng.choice((Relation.SPOUSE, Relation.SIBLING, Relation.PARENT))
            )
            first = rng.choice(names.FEMALE + names.MALE)
            representation: str = Representation.NONE
            if age >= 80 and relation == Relation.CHILD:
                roll = rng.random()
                representation = (
                    Representation.POWER_OF_ATTORNEY
                    if roll < 0.2
                    else Representation.GUARDIANSHIP
                    if roll < 0.23
                    else ""
                )
            relatives.append((f"{first} {rng.choice(names.LAST)}", relation, representation))
    return [
        Relative(
            person=person,
            name=name,
            relation=relation,
            phone=f"9{rng.randrange(10_000_000):07d}",
            is_next_of_kin=(position == 0),
            representation=representation,
        )
        for position, (name, relation, representation) in enumerate(relatives)
    ]


def load(
    municipality,
    count: int,
    *,
    progress: Callable[[str], None] = lambda message: None,
) -> int:
    """Make sure persons 0..count-1 exist; returns how many were added."""
    zones = list(Zone.objects.filter(municipality=municipality).order_by("name"))
    existing = set(Person.objects.filter(municipality=municipality).values_list("national_id", flat=True))
    added = 0
    started = time.monotonic()
    batch: list[tuple[Person, random.Random]] = []

    def flush() -> None:
        nonlocal added
        with transaction.atomic():
            persons = Person.objects.bulk_create([person for person, _ in batch])
            Relative.objects.bulk_create(
                [
                    rel
                    for person, rng in zip(persons, (rng for _, rng in batch), strict=True)
                    for rel in _relatives(person, rng)
                ],
                batch_size=BATCH,
            )
        added += len(batch)
        batch.clear()
        progress(f"  {added} personer lagt til ({time.monotonic() - started:.0f} s)")

    for _index, rng, number, birth_date, sex in _numbers(count):
        if number in existing:
            continue
        batch.append((_person(municipality, zones, rng, number, birth_date, sex), rng))
        if len(batch) == BATCH:
            flush()
    if batch:
        flush()
    if added:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, so the planner picks the selective index
    return added
