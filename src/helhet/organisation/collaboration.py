"""The collaboration map: import from CSV with honest reporting, and the network picture.

Names are matched to units (valid on the import date), external parties and saved aliases, never guessed:
every distinct name that matches nothing is reported once with suggestions and why each is made
(`organisation.matching`); the user decides (a pending import, `organisation.imports`).
Frequencies are read from Norwegian free text; text that cannot be read is reported and stored as
"unknown" together with the original wording.
"""

import csv
import datetime
import io
import math
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helhet.core.history import history_record_values
from helhet.organisation.matching import Suggestion, external_kind_hint, looks_like_role, suggest
from helhet.organisation.models import (
    FREQUENCY_WEIGHT,
    CollaborationLink,
    ExternalParty,
    ExternalPartyKind,
    Frequency,
    Unit,
    UnitAlias,
)
from helhet.organisation.selectors import normalise_name

MAX_BYTES = 1_000_000
MAX_ROWS = 5_000

_FREQUENCY_WORDS = {
    Frequency.DAILY: ("daglig", "daglige", "hver dag", "alle dager", "dagleg"),
    Frequency.WEEKLY: (
        "ukentlig",
        "ukentleg",
        "hver uke",
        "en gang i uka",
        "en gang i uken",
        "1 gang i uka",
        "1 gang per uke",
        "en gang per uke",
        "vekentleg",
    ),
    Frequency.BIWEEKLY: (
        "annenhver uke",
        "annen hver uke",
        "hver andre uke",
        "hver 2 uke",
        "hver 14 dag",
        "hver fjortende dag",
        "hver 14 dag",
        "annakvar veke",
    ),
    Frequency.MONTHLY: (
        "månedlig",
        "manedlig",
        "hver måned",
        "en gang i måneden",
        "1 gang i måneden",
        "månadleg",
    ),
    Frequency.EVERY_SIXTH_WEEK: ("hver sjette uke", "hver 6 uke", "hver sjette veke"),
    Frequency.HALF_YEARLY: ("halvårlig", "halvarlig", "hvert halvår", "to ganger i året", "2 ganger i året"),
    Frequency.AS_NEEDED: ("ved behov", "etter behov", "ved bruk", "når det trengs", "ad hoc"),
}
_FREQUENCY_LOOKUP = {
    phrase: frequency for frequency, phrases in _FREQUENCY_WORDS.items() for phrase in phrases
}
_HEADERS = {
    "unit": ("unit", "enhet", "tjeneste"),
    "partner": ("partner", "samarbeidspartner", "samarbeider med"),
    "frequency": ("frequency", "frekvens", "hyppighet", "hvor ofte"),
    "purpose": ("purpose", "formål", "formal", "hensikt"),
}


def parse_frequency(text: str) -> Frequency | None:
    """The frequency a Norwegian phrase means, UNKNOWN for blank, or None when it cannot be read."""
    phrase = re.sub(r"\bca\b|[.,:;!?()]", " ", (text or "").casefold())
    phrase = re.sub(r"\s+", " ", phrase).strip()
    if not phrase or phrase in ("ukjent", "-", "?"):
        return Frequency.UNKNOWN
    return _FREQUENCY_LOOKUP.get(phrase)


def split_role(name: str) -> tuple[str, str]:
    """'Demo sykehjem (lege)' -> ('Demo sykehjem', 'lege')."""
    match = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", name)
    if match:
        return match.group(1).strip(), match.group(2).strip()
    return name.strip(), ""


@dataclass
class UnmatchedName:
    """A distinct name that matched no unit, alias or external party: one decision for all its rows."""

    name: str
    key: str = ""
    lines: list[int] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    kind_hint: str | None = None
    role_hint: bool = False
    decision: dict | None = None
    decision_label: str = ""


@dataclass
class ImportReport:
    rows: int = 0
    saved: int = 0
    dry_run: bool = False
    # Names nobody has decided on yet (by the name as first written) and the ones decided in this import.
    unmatched: dict[str, UnmatchedName] = field(default_factory=dict)
    decided: dict[str, UnmatchedName] = field(default_factory=dict)
    ignored_lines: list[int] = field(default_factory=list)
    external_links: int = 0
    unreadable_frequencies: list[tuple[int, str]] = field(default_factory=list)
    blank_frequencies: list[int] = field(default_factory=list)
    malformed: list[tuple[int, str]] = field(default_factory=list)
    # Links of the earlier import from the same source that this run would remove: (unit, partner) names.
    would_remove: list[tuple[str, str]] = field(default_factory=list)
    # True when the run saved nothing because it would remove earlier links and was not confirmed.
    needs_confirmation: bool = False
    placed: int = 0

    @property
    def skipped_lines(self) -> set[int]:
        lines = {line for name in self.unmatched.values() for line in name.lines}
        return lines | {line for line, _ in self.malformed} | set(self.ignored_lines)

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "saved": self.saved,
            "dry_run": self.dry_run,
            "skipped_lines": sorted(self.skipped_lines),
            "unmatched_names": [
                {
                    "name": u.name,
                    "lines": u.lines,
                    "suggestions": [
                        {"unit_id": s.unit_id, "name": s.name, "score": s.score, "reason": s.reason}
                        for s in u.suggestions
                    ],
                    "external_kind_hint": u.kind_hint,
                }
                for u in self.unmatched.values()
            ],
            "unreadable_frequencies": [
                {"line": line, "text": text} for line, text in self.unreadable_frequencies
            ],
            "blank_frequencies": self.blank_frequencies,
            "malformed_rows": [{"line": line, "problem": problem} for line, problem in self.malformed],
            "needs_confirmation": self.needs_confirmation,
            "would_remove": [{"unit": unit, "partner": partner} for unit, partner in self.would_remove],
        }


@dataclass(frozen=True)
class Resolution:
    """What a name in the list stands for: a unit (in a role), an external party, only a role (in the unit
    on the other side of the row), or nothing (ignored)."""

    unit: Unit | None = None
    external_party: ExternalParty | None = None
    role: str = ""
    ignored: bool = False

    @property
    def role_only(self) -> bool:
        return self.unit is None and self.external_party is None and not self.ignored


def _reader(text: str) -> "tuple[csv.DictReader[str], dict[str, str]]":
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        reader.fieldnames  # noqa: B018 (reads the header row)
    except csv.Error:
        raise ValidationError({"csv": _("Overskriftsraden kan ikke leses: et felt er for langt.")}) from None
    if not reader.fieldnames:
        raise ValidationError({"csv": _("Filen er tom.")})
    mapping: dict[str, str] = {}
    for header in reader.fieldnames:
        key = (header or "").strip().casefold()
        for target, synonyms in _HEADERS.items():
            if key in synonyms:
                mapping[header] = target
    missing = {"unit", "partner"} - set(mapping.values())
    if missing:
        raise ValidationError(
            {
                "csv": _(
                    "Filen må ha kolonnene unit, partner, frequency og purpose (eller enhet, samarbeidspartner, "
                    "hyppighet og formål)."
                )
            }
        )
    return reader, mapping


def _name_index(municipality, on: datetime.date) -> tuple[dict[str, Resolution], list[Unit]]:
    units = list(Unit.objects.valid_on(on).filter(municipality=municipality).order_by("name"))
    index = {normalise_name(unit.name): Resolution(unit=unit) for unit in units}
    for party in ExternalParty.objects.valid_on(on).filter(municipality=municipality):
        index.setdefault(party.name_key, Resolution(external_party=party))
    for alias in UnitAlias.objects.filter(municipality=municipality).select_related("unit", "external_party"):
        index.setdefault(
            alias.alias_key, Resolution(unit=alias.unit, external_party=alias.external_party, role=alias.role)
        )
    return index, units


def _link_key(link: CollaborationLink) -> tuple:
    return (link.unit_id, link.role, link.partner_id, link.external_party_id, link.partner_role)


def check_text(csv_text: str) -> None:
    if len(csv_text.encode()) > MAX_BYTES:
        raise ValidationError({"csv": _("Filen er for stor (høyst 1 MB).")})
    if "\x00" in csv_text:
        raise ValidationError({"csv": _("Filen inneholder et ugyldig tegn (NUL); er det en CSV-fil?")})


def decision_label(decision: dict, units_by_id: dict[int, Unit]) -> str:
    action = decision.get("action")
    if action == "unit":
        unit = units_by_id.get(decision.get("unit") or 0)
        return _("Enheten %(unit)s") % {"unit": unit} if unit else _("En enhet som ikke finnes lenger")
    if action == "external":
        return _("Ekstern samarbeidspart: %(name)s (%(kind)s)") % {
            "name": decision.get("name", ""),
            "kind": ExternalPartyKind(decision.get("kind", "other")).label,
        }
    if action == "role":
        return _("Rollen «%(role)s» i enheten på den andre siden") % {"role": decision.get("role", "")}
    return _("Overses")


def _virtual(decision: dict, units_by_id: dict[int, Unit], municipality) -> Resolution | None:
    action = decision.get("action")
    if action == "unit":
        unit = units_by_id.get(decision.get("unit") or 0)
        return Resolution(unit=unit) if unit else None
    if action == "external":
        return Resolution(
            external_party=ExternalParty(
                municipality=municipality, name=decision.get("name", ""), kind=decision.get("kind", "")
            )
        )
    if action == "role":
        return Resolution(role=decision.get("role", ""))
    if action == "ignore":
        return Resolution(ignored=True)
    return None


@transaction.atomic
def collaboration_import(
    *,
    municipality,
    csv_text: str,
    source: str,
    on: datetime.date,
    dry_run: bool = False,
    confirm_removal: bool = False,
    decisions: dict[str, dict] | None = None,
    ignore: frozenset[str] = frozenset(),
    actor,
) -> ImportReport:
    """Import collaboration links; links from the same `source` are replaced, so a re-run is safe.

    A name is placed when it is a unit's name, a saved alias or an external party's name; every other name
    is reported once, with suggestions and the reason for each. `decisions` (a pending import's choices,
    by name key) place names for a dry run only: applying them saves aliases and parties first.

    A run that would remove links of the earlier import from the same source (for instance because every
    name in the new file failed) saves nothing unless `confirm_removal`: the report then lists what would
    be removed and says it needs confirmation.
    """
    check_text(csv_text)
    if decisions and not dry_run:
        raise ValueError("decisions place names only in a dry run; apply them through pending_import_apply")
    source = (source or "").strip()[:200] or _("CSV-import")
    reader, mapping = _reader(csv_text.lstrip("\ufeff"))
    index, units = _name_index(municipality, on)
    units_by_id = {unit.pk: unit for unit in units}
    candidates = [(unit.pk, unit.name) for unit in units]
    report = ImportReport(dry_run=dry_run)
    links: list[CollaborationLink] = []
    decisions = decisions or {}
    unmatched_by_key: dict[str, UnmatchedName] = {}
    decided_by_key: dict[str, UnmatchedName] = {}
    for line, raw in _rows(reader):
        report.rows += 1
        if report.rows > MAX_ROWS:
            raise ValidationError(
                {"csv": _("Filen har for mange rader (høyst %(max)d).") % {"max": MAX_ROWS}}
            )
        row = {target: (raw.get(header) or "").strip() for header, target in mapping.items()}
        if not row.get("unit") or not row.get("partner"):
            report.malformed.append((line, _("Enhet eller samarbeidspartner mangler.")))
            continue
        ends: list[tuple[Resolution | None, str]] = []
        for name in (row["unit"], row["partner"]):
            base, role = split_role(name)
            key = normalise_name(base)
            found = index.get(key)
            if found is None and key in ignore:
                found = Resolution(ignored=True)
            if found is None and key in decisions:
                found = _virtual(decisions[key], units_by_id, municipality)
                entry = decided_by_key.get(key)
                if entry is None:
                    entry = decided_by_key[key] = report.decided[base] = UnmatchedName(
                        base,
                        key,
                        decision=decisions[key],
                        decision_label=decision_label(decisions[key], units_by_id),
                    )
                entry.lines.append(line)
            if found is None:
                entry = unmatched_by_key.get(key)
                if entry is None:
                    entry = unmatched_by_key[key] = report.unmatched[base] = UnmatchedName(
                        base,
                        key,
                        suggestions=suggest(base, candidates),
                        kind_hint=external_kind_hint(base),
                        role_hint=looks_like_role(base),
                    )
                entry.lines.append(line)
            ends.append((found, role))
        frequency_text = row.get("frequency", "")
        frequency = parse_frequency(frequency_text)
        if frequency is None:
            report.unreadable_frequencies.append((line, frequency_text))
            frequency = Frequency.UNKNOWN
        elif not frequency_text:
            report.blank_frequencies.append(line)
        (left, left_role), (right, right_role) = ends
        if left is None or right is None:
            continue
        if left.ignored or right.ignored:
            report.ignored_lines.append(line)
            continue
        problem, link = _link(left, left_role, right, right_role)
        if problem:
            report.malformed.append((line, problem))
            continue
        assert link is not None
        link.municipality = municipality
        link.frequency = frequency
        link.frequency_text = frequency_text[:100]
        link.purpose = row.get("purpose", "")[:1000]
        link.source = source
        links.append(link)
    report.placed = len(links)
    report.external_links = sum(1 for link in links if link.external_party is not None)
    earlier = CollaborationLink.objects.filter(municipality=municipality, source=source).select_related(
        "unit", "partner", "external_party"
    )
    kept = {_link_key(link) for link in links}
    report.would_remove = [
        (link.unit.name, link.partner_label) for link in earlier if _link_key(link) not in kept
    ]
    if report.would_remove and not confirm_removal and not dry_run:
        report.needs_confirmation = True
        return report
    if not dry_run:
        before = earlier.count()
        earlier.delete()
        CollaborationLink.objects.bulk_create(links)
        history_record_values(
            municipality,
            actor=actor,
            changes={"collaboration_links": (str(before), str(len(links)))},
            field_labels={
                "collaboration_links": _("Samarbeidsrelasjoner fra «%(source)s»") % {"source": source}
            },
            reason=_("Import av samarbeidsrelasjoner"),
        )
        report.saved = len(links)
    return report


def _link(
    left: Resolution, left_role: str, right: Resolution, right_role: str
) -> tuple[str, CollaborationLink | None]:
    """The link a row stands for, or the reason it cannot be one. An external party is always the partner."""
    left_role = (left_role or left.role)[:100]
    right_role = (right_role or right.role)[:100]
    if left.role_only and right.role_only:
        return _("Begge navnene er roller; minst én side må være en enhet."), None
    if left.external_party is not None and right.external_party is not None:
        return _("Begge sider er eksterne samarbeidsparter; minst én side må være en enhet."), None
    if left.external_party is not None:
        left, left_role, right, right_role = right, right_role, left, left_role
    if left.role_only:
        if right.external_party is not None:
            return _("En rolle må høre til en enhet; den andre siden er en ekstern samarbeidspart."), None
        left = Resolution(unit=right.unit)
    if right.role_only:
        right = Resolution(unit=left.unit)
    if right.external_party is not None:
        return "", CollaborationLink(
            unit=left.unit, role=left_role, external_party=right.external_party, partner_role=right_role
        )
    if left.unit == right.unit and left_role == right_role:
        return _("En enhet kan ikke samarbeide med seg selv."), None
    return "", CollaborationLink(unit=left.unit, role=left_role, partner=right.unit, partner_role=right_role)


def _rows(reader: csv.DictReader):
    """(line, row) pairs; a field over the csv module's limit (131 072 characters) is a Norwegian error."""
    line = 1
    while True:
        line += 1
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise ValidationError(
                {
                    "csv": _("Rad %(line)d kan ikke leses: et felt er for langt eller feil avsluttet.")
                    % {"line": line}
                }
            ) from None
        yield line, raw


@dataclass(frozen=True)
class MapNode:
    unit: Unit
    x: float
    y: float
    links: int
    label_right: bool


@dataclass(frozen=True)
class MapEdge:
    link: CollaborationLink
    x1: float
    y1: float
    x2: float
    y2: float
    width: float


def collaboration_map(municipality, *, width: int = 1000, height: int = 700):
    """Links and a layout for drawing them: units placed by networkx so that close partners sit close."""
    import networkx as nx

    links = list(
        CollaborationLink.objects.filter(municipality=municipality)
        .select_related("unit", "partner", "external_party")
        .order_by("unit__name", "partner__name", "external_party__name")
    )
    graph = nx.Graph()
    unit_links = [link for link in links if link.partner_id is not None]
    for link in unit_links:
        weight = FREQUENCY_WEIGHT.get(link.frequency, 1)
        if graph.has_edge(link.unit_id, link.partner_id):
            graph[link.unit_id][link.partner_id]["weight"] = max(
                graph[link.unit_id][link.partner_id]["weight"], weight
            )
        else:
            graph.add_edge(link.unit_id, link.partner_id, weight=weight)
    if not unit_links:
        return [], [], links
    # A circle, neighbours next to each other (component by component, breadth first from the busiest
    # unit): labels stay readable, which a force layout of a small sparse graph does not give.
    order = []
    for component in sorted(nx.connected_components(graph), key=len, reverse=True):
        hub = max(component, key=lambda uid: (graph.degree(uid), -uid))
        order.extend(nx.bfs_tree(graph.subgraph(component), hub))
    centre_x, centre_y = width / 2, height / 2
    radius_x, radius_y = width / 2 - 250, height / 2 - 60
    positions = {
        uid: (
            centre_x + radius_x * math.cos(2 * math.pi * i / len(order) - math.pi / 2),
            centre_y + radius_y * math.sin(2 * math.pi * i / len(order) - math.pi / 2),
        )
        for i, uid in enumerate(order)
    }

    units = {link.unit_id: link.unit for link in unit_links} | {
        link.partner_id: link.partner for link in unit_links if link.partner is not None
    }
    nodes = [
        MapNode(units[uid], *positions[uid], graph.degree(uid), positions[uid][0] >= centre_x)
        for uid in order
    ]
    where = {node.unit.pk: node for node in nodes}
    edges = [
        MapEdge(
            link,
            where[link.unit_id].x,
            where[link.unit_id].y,
            where[link.partner_id or 0].x,
            where[link.partner_id or 0].y,
            FREQUENCY_WEIGHT.get(link.frequency, 1),
        )
        for link in unit_links
        if link.unit_id != link.partner_id
    ]
    return nodes, edges, links
