"""Password hashing at a cost a small server can carry under a burst of logins."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class HelhetArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with the OWASP Password Storage Cheat Sheet's first recommended configuration:
    m=19 MiB (19 456 KiB), t=2, p=1 ("Use Argon2id with a minimum configuration of 19 MiB of memory, an
    iteration count of 2, and 1 degree of parallelism").

    Django's default (m=100 MiB, t=2, p=8) makes each login cost several cores' worth of hashing, so 30 logins at once stalled a 2-core server for seconds. The algorithm name stays "argon2":
    hashes made with the old parameters verify as before, and Django's must_update re-hashes them with these
    parameters at the user's next successful login.
    """

    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
