#!/usr/bin/env bash
# Helhet backup: one pg_dump archive (custom format) of the whole database, checked readable, with its SHA-256.
#
#   DATABASE_URL=postgres://helhet_owner@db/helhet deploy/backup.sh [DIRECTORY]
#
# DIRECTORY defaults to HELHET_BACKUP_DIR or /var/backups/helhet; archives older than
# HELHET_BACKUP_KEEP_DAYS (default 30) are deleted after a good one is written. Prints the archive's path.
# The archive holds personal health data: the directory is made private (umask 077); copy it off the host
# only encrypted. Run it as the database owner role (the runtime role may not read everything).
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must be set (postgres://user@host:port/dbname)}"
dir="${1:-${HELHET_BACKUP_DIR:-/var/backups/helhet}}"
keep_days="${HELHET_BACKUP_KEEP_DAYS:-30}"
umask 077
mkdir -p "$dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
file="$dir/helhet-$stamp.dump"
pg_dump --format=custom --compress=6 --file="$file.partial" --dbname="$DATABASE_URL"
pg_restore --list "$file.partial" >/dev/null   # the archive reads back whole
mv "$file.partial" "$file"
(cd "$dir" && sha256sum "$(basename "$file")" >"$(basename "$file").sha256")
find "$dir" -maxdepth 1 -name 'helhet-*.dump*' -mtime +"$keep_days" -delete
echo "$file"
