#!/usr/bin/env bash
# Helhet backup: one pg_dump archive (custom format) of the whole database, checked readable, with its SHA-256,
# encrypted when a recipient is configured.
#
#   DATABASE_URL=postgres://helhet_owner@db/helhet deploy/backup.sh [DIRECTORY]
#
# DIRECTORY defaults to HELHET_BACKUP_DIR or /var/backups/helhet; archives older than
# HELHET_BACKUP_KEEP_DAYS (default 30) are deleted after a good one is written. Prints the archive's path.
# The archive holds personal health data: the directory is made private (umask 077). Run it as the database
# owner role (the runtime role may not read everything).
#
# Encryption (set one; the private key never lies on this host, only the recipient's public key):
#   HELHET_BACKUP_AGE_RECIPIENT  an age recipient (age1...), or a file of recipients  -> helhet-STAMP.dump.age
#   HELHET_BACKUP_GPG_RECIPIENT  a GnuPG key id or address in the keyring (GNUPGHOME)  -> helhet-STAMP.dump.gpg
# The plaintext archive is checked, encrypted and removed before the script ends; the .sha256 is of the file
# kept. restore.sh decrypts. With neither set the script refuses (exit 2) and writes nothing, unless
# HELHET_BACKUP_ALLOW_PLAINTEXT=1 says an unencrypted archive is wanted (e.g. onto an encrypted volume).
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must be set (postgres://user@host:port/dbname)}"
dir="${1:-${HELHET_BACKUP_DIR:-/var/backups/helhet}}"
keep_days="${HELHET_BACKUP_KEEP_DAYS:-30}"
age_recipient="${HELHET_BACKUP_AGE_RECIPIENT:-}"
gpg_recipient="${HELHET_BACKUP_GPG_RECIPIENT:-}"
if [ -n "$age_recipient" ] && [ -n "$gpg_recipient" ]; then
  echo "backup.sh: set HELHET_BACKUP_AGE_RECIPIENT or HELHET_BACKUP_GPG_RECIPIENT, not both" >&2
  exit 1
fi
if [ -z "$age_recipient" ] && [ -z "$gpg_recipient" ] && [ "${HELHET_BACKUP_ALLOW_PLAINTEXT:-}" != "1" ]; then
  echo "backup.sh: refusing to write an unencrypted archive of health data: set HELHET_BACKUP_AGE_RECIPIENT" \
    "or HELHET_BACKUP_GPG_RECIPIENT (or HELHET_BACKUP_ALLOW_PLAINTEXT=1 if the archive's storage is encrypted)" >&2
  exit 2
fi
if [ -n "$age_recipient" ] && ! command -v age >/dev/null; then
  echo "backup.sh: HELHET_BACKUP_AGE_RECIPIENT is set but age is not installed" >&2
  exit 1
fi
if [ -n "$gpg_recipient" ] && ! command -v gpg >/dev/null; then
  echo "backup.sh: HELHET_BACKUP_GPG_RECIPIENT is set but gpg is not installed" >&2
  exit 1
fi
umask 077
mkdir -p "$dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
plain="$dir/helhet-$stamp.dump"
trap 'rm -f "$plain.partial" "$plain.encrypting"' EXIT   # no plaintext left behind, whatever happens
pg_dump --format=custom --compress=6 --file="$plain.partial" --dbname="$DATABASE_URL"
pg_restore --list "$plain.partial" >/dev/null   # the archive reads back whole
if [ -n "$age_recipient" ]; then
  if [ -f "$age_recipient" ]; then
    age --encrypt --recipients-file "$age_recipient" --output "$plain.encrypting" "$plain.partial"
  else
    age --encrypt --recipient "$age_recipient" --output "$plain.encrypting" "$plain.partial"
  fi
  file="$plain.age"
  mv "$plain.encrypting" "$file"
elif [ -n "$gpg_recipient" ]; then
  gpg --batch --yes --quiet --trust-model always --encrypt --recipient "$gpg_recipient" \
    --output "$plain.encrypting" "$plain.partial"
  file="$plain.gpg"
  mv "$plain.encrypting" "$file"
else
  file="$plain"
  mv "$plain.partial" "$file"
fi
(cd "$dir" && sha256sum "$(basename "$file")" >"$(basename "$file").sha256")
find "$dir" -maxdepth 1 -name 'helhet-*.dump*' -mtime +"$keep_days" -delete
echo "$file"
