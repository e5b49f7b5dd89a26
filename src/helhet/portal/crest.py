"""Checking an uploaded crest: an SVG without anything active in it, or a PNG; at most 100 kB."""

import xml.etree.ElementTree as ET

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from helhet.portal.models import CREST_MAX_BYTES, CrestType

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FORBIDDEN_SVG_TAGS = frozenset(
    {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _check_svg(data: bytes) -> None:
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise ValidationError(_("SVG-filen kan ikke ha DOCTYPE eller ENTITY."))
    try:
        root = ET.fromstring(data)  # noqa: S314 - no DTD, so no entities to expand (refused above)
    except ET.ParseError as error:
        raise ValidationError(_("SVG-filen kan ikke leses.")) from error
    if _local(root.tag) != "svg":
        raise ValidationError(_("Filen er ikke en SVG-tegning."))
    for element in root.iter():
        if _local(element.tag) in FORBIDDEN_SVG_TAGS:
            raise ValidationError(_("SVG-filen kan ikke inneholde skript eller innebygde dokumenter."))
        for name, value in element.attrib.items():
            local = _local(name)
            if local.startswith("on"):
                raise ValidationError(_("SVG-filen kan ikke inneholde skript eller innebygde dokumenter."))
            if local == "href" and not value.startswith(("#", "data:image/png", "data:image/jpeg")):
                raise ValidationError(_("SVG-filen kan ikke lenke til andre filer eller nettsider."))


def crest_type_of(data: bytes) -> str:
    """The crest's type after checking it; a ValidationError with a Norwegian message otherwise."""
    if not data:
        raise ValidationError(_("Velg en fil med kommunevåpenet."))
    if len(data) > CREST_MAX_BYTES:
        raise ValidationError(_("Filen er for stor: kommunevåpenet kan være på høyst 100 kB."))
    if b"\x00" not in data[:200] and data.lstrip()[:1] == b"<":
        _check_svg(data)
        return CrestType.SVG
    if data.startswith(PNG_SIGNATURE):
        return CrestType.PNG
    raise ValidationError(_("Kommunevåpenet må være en SVG- eller PNG-fil."))
