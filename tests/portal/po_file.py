"""A small reader of GNU gettext .po files (polib is not among the project's packages): entries with their
msgctxt, msgid, msgid_plural, msgstr forms, flags and the files they come from."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

LINE = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) (".*")$')


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    files: list[str] = field(default_factory=list)
    obsolete: bool = False


def read(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    entry, key = Entry(), None

    def close():
        nonlocal entry, key
        if entry.msgid or entry.msgstr:
            entries.append(entry)
        entry, key = Entry(), None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            close()
        elif line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#:"):
            entry.files += [location.split(":")[0] for location in line[2:].split()]
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := LINE.match(line):
            text = ast.literal_eval(match.group(3))
            if match.group(1).startswith("msgstr"):
                key = int(match.group(2) or 0)
                entry.msgstr[key] = text
            else:
                key = match.group(1)
                setattr(entry, key, text)
        elif line.startswith('"') and key is not None:
            text = ast.literal_eval(line)
            if isinstance(key, int):
                entry.msgstr[key] += text
            else:
                setattr(entry, key, getattr(entry, key) + text)
    close()
    return entries
