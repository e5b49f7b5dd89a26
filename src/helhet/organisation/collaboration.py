"""The collaboration map: import from CSV with honest reporting, and the network picture.

Names are matched to units (valid on the import date) and saved aliases, never guessed: every name
that matches nothing is reported with suggestions, so the user can save an alias and run again.
Frequencies are read from Norwegian free text; text that cannot be read is reported and stored as
"unknown" together with the original wording.
"""

import csv
import datetime
import difflib
import io
import math
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helhet.core.history import history_record_values
from helhet.organisation.models import FREQUENCY_WEIGHT, CollaborationLink, Frequency, Unit, UnitAlias
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
    name: str
    lines: list[int] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: int = 0
    saved: int = 0
    dry_run: bool = False
    unmatched: dict[str, UnmatchedName] = field(default_factory=dict)
    unreadable_frequencies: list[tuple[int, str]] = field(default_factory=list)
    blank_frequencies: list[int] = field(default_factory=list)
    malformed: list[tuple[int, str]] = field(default_factory=list)
    # Links of the earlier import from the same source that this run would remove: (unit, partner) names.
    would_remove: list[tuple[str, str]] = field(default_factory=list)
    # True when the run saved nothing because it would remove earlier links and was not confirmed.
    needs_confirmation: bool = False

    @property
    def skipped_lines(self) -> set[int]:
        lines = {line for name in self.unmatched.values() for line in name.lines}
        return lines | {line for line, _ in self.malformed}

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "saved": self.saved,
            "dry_run": self.dry_run,
            "skipped_lines": sorted(self.skipped_lines),
            "unmatched_names": [
                {"name": u.name, "lines": u.lines, "suggestions": u.suggestions}
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


def _name_index(municipality, on: datetime.date) -> dict[str, Unit]:
    index = {
        normalise_name(unit.name): unit
        for unit in Unit.objects.valid_on(on).filter(municipality=municipality)
    }
    for alias in UnitAlias.objects.filter(municipality=municipality).select_related("unit"):
        index.setdefault(alias.alias_key, alias.unit)
    return index


def _link_key(link: CollaborationLink) -> tuple:
    return (link.unit_id, link.role, link.partner_id, link.partner_role)


@transaction.atomic
def collaboration_import(
    *,
    municipality,
    csv_text: str,
    source: str,
    on: datetime.date,
    dry_run: bool = False,
    confirm_removal: bool = False,
    actor,
) -> ImportReport:
    """Import collaboration links; links from the same `source` are replaced, so a re-run is safe.

    A run that would remove links of the earlier import from the same source (for instance because every
    name in the new file failed) saves nothing unless `confirm_removal`: the report then lists what would
    be removed and says it needs confirmation.
    """
    if len(csv_text.encode()) > MAX_BYTES:
        raise ValidationError({"csv": _("Filen er for stor (høyst 1 MB).")})
    if "\x00" in csv_text:
        raise ValidationError({"csv": _("Filen inneholder et ugyldig tegn (NUL); er det en CSV-fil?")})
    source = (source or "").strip()[:200] or _("CSV-import")
    reader, mapping = _reader(csv_text.lstrip("\ufeff"))
    index = _name_index(municipality, on)
    unit_names = sorted({unit.name for unit in index.values()})
    report = ImportReport(dry_run=dry_run)
    links: list[CollaborationLink] = []
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
        ends = []
        for name in (row["unit"], row["partner"]):
            unit_name, role = split_role(name)
            unit = index.get(normalise_name(unit_name))
            if unit is None:
                entry = report.unmatched.setdefault(
                    unit_name,
                    UnmatchedName(
                        unit_name,
                        suggestions=difflib.get_close_matches(unit_name, unit_names, n=3, cutoff=0.5),
                    ),
                )
                entry.lines.append(line)
            ends.append((unit, role))
        frequency_text = row.get("frequency", "")
        frequency = parse_frequency(frequency_text)
        if frequency is None:
            report.unreadable_frequencies.append((line, frequency_text))
            frequency = Frequency.UNKNOWN
        elif not frequency_text:
            report.blank_frequencies.append(line)
        (unit, role), (partner, partner_role) = ends
        if unit is None or partner is None:
            continue
        if unit == partner and role == partner_role:
            report.malformed.append((line, _("En enhet kan ikke samarbeide med seg selv.")))
            continue
        links.append(
            CollaborationLink(
                municipality=municipality,
                unit=unit,
                role=role[:100],
                partner=partner,
                partner_role=partner_role[:100],
                frequency=frequency,
                frequency_text=frequency_text[:100],
                purpose=row.get("purpose", "")[:1000],
                source=source,
            )
        )
    earlier = CollaborationLink.objects.filter(municipality=municipality, source=source).select_related(
        "unit", "partner"
    )
    kept = {_link_key(link) for link in links}
    report.would_remove = [
        (link.unit.name, link.partner.name) for link in earlier if _link_key(link) not in kept
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
        .select_related("unit", "partner")
        .order_by("unit__name", "partner__name")
    )
    graph = nx.Graph()
    for link in links:
        weight = FREQUENCY_WEIGHT.get(link.frequency, 1)
        if graph.has_edge(link.unit_id, link.partner_id):
            graph[link.unit_id][link.partner_id]["weight"] = max(
                graph[link.unit_id][link.partner_id]["weight"], weight
            )
        else:
            graph.add_edge(link.unit_id, link.partner_id, weight=weight)
    if not links:
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

    units = {link.unit_id: link.unit for link in links} | {link.partner_id: link.partner for link in links}
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
            where[link.partner_id].x,
            where[link.partner_id].y,
            FREQUENCY_WEIGHT.get(link.frequency, 1),
        )
        for link in links
        if link.unit_id != link.partner_id
    ]
    return nodes, edges, links
