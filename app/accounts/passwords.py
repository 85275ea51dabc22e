"""Password rules (NIST SP 800-63B) and hashing (Argon2id via argon2-cffi).

* At least 12 characters, at most 256 (long passphrases welcome); any characters, spaces included.
  Compared after Unicode NFKC normalisation, as 800-63B recommends.
* No composition rules ("one digit, one symbol"): they make passwords worse, not better.
* Refused when found in ``seed_data/common_passwords.txt`` (case-insensitive), when it is a common
  password with a few digits or symbols stuck on ("password2024!"), a short pattern repeated
  ("abcabcabcabc"), or built from the person's own e-mail address.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

from matching.reference import SEED_DATA_DIR

MIN_LENGTH = 12
MAX_LENGTH = 256
# DOTALL: a password may hold line breaks, and then the pattern must still match.
_AFFIXES = re.compile(r"[\W\d_]*(.*?)[\W\d_]*", re.DOTALL)


@cache
def _argon2(time_cost: int, memory_kib: int) -> tuple[PasswordHasher, str]:
    """The hasher for these costs, and a hash verified against when the e-mail is unknown (so a
    login takes as long either way). The costs are settings (PASSWORD_HASH_* in config.py):
    argon2-cffi's default (m=64 MiB, t=3, p=4) took ~0.4-1 s and would tie up a worker per login."""
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)
    return hasher, hasher.hash("not-a-real-password-just-for-timing")


def _hasher() -> tuple[PasswordHasher, str]:
    config = current_app.config
    return _argon2(config["PASSWORD_HASH_TIME_COST"], config["PASSWORD_HASH_MEMORY_KIB"])


@cache
def common_passwords() -> frozenset[str]:
    with SEED_DATA_DIR.joinpath("common_passwords.txt").open(encoding="utf-8") as fh:
        return frozenset(
            line.strip().casefold() for line in fh if line.strip() and not line.startswith("#")
        )


def normalise(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def password_problem(password: str, email: str | None = None) -> str | None:
    """Why this password is refused, in words for the person; None when it is acceptable."""
    if not isinstance(password, str) or not password:
        return "Enter a password."
    password = normalise(password)
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters (you used {len(password)})."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    folded = password.casefold()
    common = common_passwords()
    affixed = _AFFIXES.fullmatch(folded)
    core = affixed[1] if affixed else folded
    if folded in common or folded.replace(" ", "") in common or (core and core in common):
        return "This password is one of the most common passwords. Choose a less predictable one."
    if len(set(folded)) <= 2 or any(
        folded == folded[:n] * (len(folded) // n) for n in range(1, 5) if len(folded) % n == 0
    ):
        return "This password is a short pattern repeated. Choose a less predictable one."
    if email:
        local = email.casefold().split("@", 1)[0]
        if folded == email.casefold() or (len(local) >= 4 and local in folded):
            return "Do not build your password from your e-mail address."
    return None


def hash_password(password: str) -> str:
    return _hasher()[0].hash(normalise(password))


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant work whether or not there is a hash to check against."""
    hasher, dummy_hash = _hasher()
    try:
        return hasher.verify(password_hash or dummy_hash, normalise(password)) and bool(
            password_hash
        )
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher()[0].check_needs_rehash(password_hash)
