"""The `helhet` command: the project's manage.py, installed as a console script."""

import os
import sys

# Commands that change the schema or the database's roles run as the owner when MIGRATE_DATABASE_URL is set;
# everything else runs as the runtime role of DATABASE_URL (see README, "Roles of the database").
OWNER_COMMANDS = {"migrate", "db-roles", "createcachetable"}


def use_owner_for_owner_commands(argv: list[str], environ) -> None:
    owner_url = environ.get("MIGRATE_DATABASE_URL")
    if owner_url and len(argv) > 1 and argv[1] in OWNER_COMMANDS:
        environ["DATABASE_URL"] = owner_url


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.config.settings")
    use_owner_for_owner_commands(sys.argv, os.environ)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
