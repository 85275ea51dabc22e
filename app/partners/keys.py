"""Partner API keys: generation, parsing, hashing and a constant-time check.

A key is ``ipt_<prefix>_<secret>``. The part before the second underscore, ``ipt_<prefix>``, is the
key's **public id**: it names the key in logs, in the CLI and in a partner's widget snippet, and may
be published. The **secret** is shown once, when the key is made; only ``sha256(prefix:secret)`` is
stored. Secrets carry ~190 bits of randomness, so a fast hash is enough (a slow password hash would
only cost CPU on every API call without making a brute force any less hopeless).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import string
from dataclasses import dataclass

NAMESPACE = "ipt"
PREFIX_LENGTH = 12
SECRET_LENGTH = 32
_PREFIX_ALPHABET = string.ascii_lowercase + string.digits
_SECRET_ALPHABET = string.ascii_letters + string.digits

PUBLIC_ID_RE = re.compile(rf"{NAMESPACE}_([a-z0-9]{{{PREFIX_LENGTH}}})")
FULL_KEY_RE = re.compile(
    rf"{NAMESPACE}_([a-z0-9]{{{PREFIX_LENGTH}}})_([A-Za-z0-9]{{{SECRET_LENGTH}}})"
)
# Anything that looks like a public id followed by more: treated as a secret wherever it turns up.
SECRET_LIKE_RE = re.compile(rf"{NAMESPACE}_[a-z0-9]{{{PREFIX_LENGTH}}}_\S")


class KeyFormatError(ValueError):
    """The text is not a key of the expected shape; the message says what was expected."""


@dataclass(frozen=True)
class NewKey:
    """A freshly generated key. ``full`` is shown to the operator once and never stored."""

    prefix: str
    secret: str

    @property
    def full(self) -> str:
        return f"{NAMESPACE}_{self.prefix}_{self.secret}"

    @property
    def public_id(self) -> str:
        return public_id(self.prefix)

    @property
    def secret_hash(self) -> str:
        return hash_secret(self.prefix, self.secret)


def public_id(prefix: str) -> str:
    return f"{NAMESPACE}_{prefix}"


def generate() -> NewKey:
    prefix = "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(PREFIX_LENGTH))
    secret = "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(SECRET_LENGTH))
    return NewKey(prefix, secret)


def hash_secret(prefix: str, secret: str) -> str:
    """The stored form of a secret, bound to its prefix so hashes cannot be swapped between keys."""
    return hashlib.sha256(f"{prefix}:{secret}".encode()).hexdigest()


# Compared against when the prefix is unknown, so unknown and wrong keys cost the same time.
_DUMMY_HASH = hash_secret("0" * PREFIX_LENGTH, "0" * SECRET_LENGTH)


def secret_matches(stored_hash: str | None, prefix: str, secret: str) -> bool:
    """Constant-time comparison of a presented secret with the stored hash (None: unknown key)."""
    presented = hash_secret(prefix, secret)
    return hmac.compare_digest(presented, stored_hash or _DUMMY_HASH) and stored_hash is not None


def parse_key(text: str) -> tuple[str, str]:
    """``ipt_<prefix>_<secret>`` → (prefix, secret), or KeyFormatError naming what is wrong."""
    text = (text or "").strip()
    if match := FULL_KEY_RE.fullmatch(text):
        return match[1], match[2]
    if PUBLIC_ID_RE.fullmatch(text):
        raise KeyFormatError(
            "This is a key's public id (used by the widget); the API needs the full secret key."
        )
    raise KeyFormatError(
        f"Malformed key: expected {NAMESPACE}_ followed by {PREFIX_LENGTH} lowercase letters or "
        f"digits, an underscore and a {SECRET_LENGTH}-character secret, as printed when the key "
        "was created."
    )


def parse_public_id(text: str) -> str:
    """``ipt_<prefix>`` (or a bare prefix) → prefix. A full key is refused: secrets stay private."""
    text = (text or "").strip()
    if SECRET_LIKE_RE.match(text):
        raise KeyFormatError(
            "This is a secret API key. Use only its public id (the part before the second "
            "underscore) here, and rotate the key: a secret once shown is no longer secret."
        )
    if match := PUBLIC_ID_RE.fullmatch(text):
        return match[1]
    if re.fullmatch(rf"[a-z0-9]{{{PREFIX_LENGTH}}}", text):
        return text
    raise KeyFormatError(
        f"Malformed key id: expected {NAMESPACE}_ followed by {PREFIX_LENGTH} lowercase letters or "
        "digits."
    )
