"""What the access layer needs of a person or a case: it sits below people and casework, so it names their
shape, not their models (helhet.people.models.Person and helhet.casework.models.Case fit)."""

from typing import Any, Protocol


class PersonRecord(Protocol):
    @property
    def pk(self) -> Any: ...

    @property
    def municipality_id(self) -> int: ...


class CaseRecord(Protocol):
    @property
    def pk(self) -> Any: ...

    @property
    def municipality_id(self) -> int: ...

    @property
    def person_id(self) -> int: ...

    @property
    def application_id(self) -> int | None: ...

    @property
    def service_area(self) -> str: ...

    @property
    def person(self) -> PersonRecord: ...
