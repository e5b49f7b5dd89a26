#!/usr/bin/env bash
# Helhet restore: a backup.sh archive into a NEW, empty database, then the row counts to compare.
#
#   createdb -h db -U postgres -O helhet_owner helhet_restored
#   deploy/restore.sh /var/backups/helhet/helhet-20261201T020000Z.dump postgres://helhet_owner@db/helhet_restored
#
# Refuses a database that already has tables (restore never overwrites). Checks the archive's SHA-256 when
# the .sha256 file lies beside it. The roles the archive names (the owner, and the runtime role if one is
# used) must exist on the target server; create them first. Runs in one transaction: all or nothing.
#
# An encrypted archive (backup.sh with a recipient) is decrypted into a private temporary directory that is
# removed afterwards: *.dump.age with the age identity file in HELHET_BACKUP_AGE_IDENTITY, *.dump.gpg with
# the private key in the GnuPG keyring (GNUPGHOME).
set -euo pipefail
dump="${1:?usage: restore.sh DUMP_FILE TARGET_DATABASE_URL}"
target="${2:?usage: restore.sh DUMP_FILE TARGET_DATABASE_URL}"
if [ -f "$dump.sha256" ]; then
  (cd "$(dirname "$dump")" && sha256sum --check --quiet "$(basename "$dump").sha256")
fi
tables="$(psql "$target" -XtAc "select count(*) from pg_tables where schemaname = 'public'")"
if [ "$tables" != "0" ]; then
  echo "restore.sh: the target database already has $tables tables; restore only into a new, empty one" >&2
  exit 1
fi
case "$dump" in
  *.age | *.gpg)
    umask 077
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    if [ "${dump##*.}" = "age" ]; then
      : "${HELHET_BACKUP_AGE_IDENTITY:?HELHET_BACKUP_AGE_IDENTITY must name the age identity file for a .age archive}"
      age --decrypt --identity "$HELHET_BACKUP_AGE_IDENTITY" --output "$work/helhet.dump" "$dump"
    else
      gpg --batch --quiet --decrypt --output "$work/helhet.dump" "$dump"
    fi
    dump="$work/helhet.dump"
    ;;
esac
pg_restore --exit-on-error --single-transaction --dbname="$target" "$dump"
psql "$target" -XtA -F ' ' -c "
  select 'persons', count(*) from people_person
  union all select 'cases', count(*) from casework_case
  union all select 'letters', count(*) from casework_letter
  union all select 'access_log', count(*) from access_accesslog
  union all select 'users', count(*) from core_user"
