"""Backup and restore with pg_dump/pg_restore (deploy/backup.sh, deploy/restore.sh) into a NEW database:
persons, cases, the stored letters with their hashes and the access log all come back. PostgreSQL only."""

import hashlib
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from helhet.access.models import AccessLog
from helhet.casework.models import Case, Letter
from helhet.people.models import Person
from tests.casework.test_letters import decider, person, sent  # noqa: F401  (fixtures)

BASH = shutil.which("bash") or "/bin/bash"
DEPLOY = Path(__file__).resolve().parents[2] / "deploy"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="backup and restore use pg_dump: PostgreSQL only"
    ),
    pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed"),
]


def clean_env():
    """This process's environment without any backup settings of the machine running the tests."""
    return {k: v for k, v in os.environ.items() if not k.startswith("HELHET_BACKUP_")}


def url(settings_dict, name):
    user = settings_dict["USER"] or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgresql://{user}{password}@{host}:{port}/{name}"


def rows(dsn):
    with psycopg.connect(dsn) as conn:
        return {
            "persons": conn.execute(
                "select id, national_id, first_name, last_name from people_person order by id"
            ).fetchall(),
            "cases": conn.execute("select id, person_id, status from casework_case order by id").fetchall(),
            "letters": conn.execute(
                "select id, sha256, size, pdf from casework_letter order by id"
            ).fetchall(),
            "access_log": conn.execute(
                "select id, person_id, user_id, at, action, what, reason from access_accesslog order by id"
            ).fetchall(),
        }


def test_a_dump_restores_whole_into_a_new_database(sent, decider, client, tmp_path):  # noqa: F811
    client.force_login(decider)
    assert client.get(reverse("people:detail", args=[sent.case.person_id])).status_code == 200
    assert Person.objects.exists() and Case.objects.exists() and Letter.objects.exists()
    assert AccessLog.objects.exists()

    settings_dict = connection.settings_dict
    source = url(settings_dict, settings_dict["NAME"])
    env = {
        **clean_env(),
        "DATABASE_URL": source,
        "PGCONNECT_TIMEOUT": "10",
        "HELHET_BACKUP_ALLOW_PLAINTEXT": "1",
    }
    backup = subprocess.run(  # noqa: S603 (our own script, our own arguments)
        [BASH, str(DEPLOY / "backup.sh"), str(tmp_path / "backups")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip().splitlines()[-1])
    assert dump.exists() and Path(f"{dump}.sha256").exists()
    assert oct(dump.stat().st_mode & 0o777) == "0o600"

    new_name = f"helhet_restore_{uuid.uuid4().hex[:8]}"
    admin = url(settings_dict, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'create database "{new_name}"')
    try:
        target = url(settings_dict, new_name)
        restore = subprocess.run(  # noqa: S603
            [BASH, str(DEPLOY / "restore.sh"), str(dump), target],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert restore.returncode == 0, restore.stderr
        counts = dict(line.split(" ") for line in restore.stdout.split("\n") if line.strip())
        assert int(counts["letters"]) == Letter.objects.count() >= 1

        before, after = rows(source), rows(target)
        assert after == before
        for _id, sha256, size, pdf in after["letters"]:
            assert hashlib.sha256(bytes(pdf)).hexdigest() == sha256 and len(pdf) == size

        # A second restore into the now-filled database is refused and changes nothing.
        again = subprocess.run(  # noqa: S603
            [BASH, str(DEPLOY / "restore.sh"), str(dump), target],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert again.returncode == 1
        assert "restore only into a new, empty one" in again.stderr
        assert rows(target) == before
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{new_name}" with (force)')


def run(script, *args, env):
    return subprocess.run(  # noqa: S603 (our own script, our own arguments)
        [BASH, str(DEPLOY / script), *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_without_a_recipient_the_backup_refuses_and_writes_no_plaintext(db, tmp_path):
    settings_dict = connection.settings_dict
    env = {
        **clean_env(),
        "DATABASE_URL": url(settings_dict, settings_dict["NAME"]),
        "PGCONNECT_TIMEOUT": "10",
    }
    backups = tmp_path / "backups"
    refused = run("backup.sh", backups, env=env)
    assert refused.returncode == 2
    assert "refusing to write an unencrypted archive" in refused.stderr
    assert "HELHET_BACKUP_AGE_RECIPIENT" in refused.stderr
    assert not backups.exists() or not any(backups.iterdir())

    allowed = run("backup.sh", backups, env={**env, "HELHET_BACKUP_ALLOW_PLAINTEXT": "1"})
    assert allowed.returncode == 0, allowed.stderr
    assert Path(allowed.stdout.strip().splitlines()[-1]).read_bytes().startswith(b"PGDMP")


def gpg_keyring(home: Path) -> str:
    """A throwaway keyring with one passphrase-less key; returns its address (the recipient)."""
    home.mkdir(mode=0o700)
    address = "backup@helhet.invalid"
    subprocess.run(  # noqa: S603
        [
            shutil.which("gpg"),
            "--homedir",
            str(home),
            "--batch",
            "--passphrase",
            "",
            "--quick-gen-key",
            f"Helhet backup <{address}>",
            "future-default",
            "default",
            "never",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return address


@pytest.mark.skipif(not shutil.which("gpg"), reason="gpg is not installed")
def test_an_encrypted_dump_is_unreadable_without_the_key_and_restores_with_it(
    sent,  # noqa: F811
    decider,  # noqa: F811
    client,
    tmp_path,
):
    client.force_login(decider)
    assert client.get(reverse("people:detail", args=[sent.case.person_id])).status_code == 200
    settings_dict = connection.settings_dict
    source = url(settings_dict, settings_dict["NAME"])
    home = tmp_path / "gnupg"
    recipient = gpg_keyring(home)
    env = {**clean_env(), "DATABASE_URL": source, "PGCONNECT_TIMEOUT": "10", "GNUPGHOME": str(home)}
    backups = tmp_path / "backups"
    backup = run("backup.sh", backups, env={**env, "HELHET_BACKUP_GPG_RECIPIENT": recipient})
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip().splitlines()[-1])
    assert dump.name.endswith(".dump.gpg") and Path(f"{dump}.sha256").exists()
    assert sorted(path.name for path in backups.iterdir()) == [
        dump.name,
        f"{dump.name}.sha256",
    ]  # no plaintext
    assert not dump.read_bytes().startswith(b"PGDMP")
    assert sent.case.person.last_name.encode() not in dump.read_bytes()
    assert oct(dump.stat().st_mode & 0o777) == "0o600"

    both = run(
        "backup.sh",
        backups,
        env={**env, "HELHET_BACKUP_GPG_RECIPIENT": recipient, "HELHET_BACKUP_AGE_RECIPIENT": "age1x"},
    )
    assert both.returncode == 1
    assert "not both" in both.stderr

    new_name = f"helhet_restore_{uuid.uuid4().hex[:8]}"
    admin = url(settings_dict, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'create database "{new_name}"')
    try:
        target = url(settings_dict, new_name)
        without_key = run("restore.sh", dump, target, env={**env, "GNUPGHOME": str(tmp_path / "empty")})
        assert without_key.returncode != 0
        restore = run("restore.sh", dump, target, env=env)
        assert restore.returncode == 0, restore.stderr
        assert rows(target) == rows(source)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{new_name}" with (force)')
