"""Outgoing mail through an outbox: files under instance/outbox by default, SMTP when configured.

E-mails (contact requests, sign-up links) can carry health information and secrets, so they are
never written to logs; the file backend keeps them in a directory only the server user can read.
"""

from __future__ import annotations

import hashlib
import os
import re
import smtplib
import uuid
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default
from pathlib import Path

from flask import Flask, current_app, g, has_request_context
from flask.ctx import after_this_request

_TAG = re.compile(r"^[A-Za-z0-9-]{1,80}$")


def send_mail(
    to: str,
    subject: str,
    body: str,
    reply_to: str | None = None,
    *,
    outbox_tag: str | None = None,
    after_response: bool = False,
) -> None:
    """Send one message. ``outbox_tag`` (letters, digits, ``-``) starts the file backend's file
    name, so that what owns the message's content can delete the copy later (retention).

    With SMTP and ``after_response``, a message sent while answering a request goes to the mail
    server once the response has gone out (see :func:`_after_the_response`): the time an answer
    takes never includes the mail server's, so it cannot tell, say, a sign-up for a new address
    from one for an address that has an account (issue #13, defect 8). Account mails ask for
    that. A seeker's contact request does not: its sender must hear at once when it could not be
    delivered, and it says nothing about who has an account. Outside a request mail goes at once."""
    cfg = current_app.config
    msg = EmailMessage()
    msg["From"] = cfg["MAIL_FROM"]
    msg["To"] = to
    msg["Subject"] = subject
    if reply_to:
        msg["Reply-To"] = reply_to
    msg.set_content(body)
    backend = cfg["MAIL_BACKEND"]
    if backend == "file":
        _write_file(Path(cfg["MAIL_OUTBOX_DIR"]), msg, outbox_tag)
    elif backend == "smtp":
        if after_response and has_request_context():
            _after_the_response(msg)
        else:
            _smtp_send(msg)
    else:
        raise ValueError(f"MAIL_BACKEND must be 'file' or 'smtp', not {backend!r}")


def _smtp_send(msg: EmailMessage) -> None:
    cfg = current_app.config
    with smtplib.SMTP(cfg["MAIL_SMTP_HOST"], cfg["MAIL_SMTP_PORT"], timeout=10) as smtp:
        if cfg["MAIL_SMTP_STARTTLS"]:
            smtp.starttls()
        if cfg["MAIL_SMTP_USER"]:
            smtp.login(cfg["MAIL_SMTP_USER"], cfg["MAIL_SMTP_PASSWORD"] or "")
        smtp.send_message(msg)


def _after_the_response(msg: EmailMessage) -> None:
    """Keep ``msg`` (already built: that work is done now, in every case) and hand it to the mail
    server when the server closes the response, i.e. after the client has it. The request's
    database work is committed by then; a failure is logged (never the address or the content)
    and the next message is still tried."""
    pending: list[EmailMessage] | None = g.get("_mail_after_response")
    if pending is None:
        pending = g._mail_after_response = []
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        waiting = pending

        @after_this_request
        def _send_when_closed(response):
            response.call_on_close(lambda: _deliver(app, waiting))
            return response

    pending.append(msg)


def _deliver(app: Flask, messages: list[EmailMessage]) -> None:
    with app.app_context():
        for msg in messages:
            try:
                _smtp_send(msg)
            except Exception as exc:  # the answer has gone; say so in the log, without content
                current_app.logger.error(
                    "an e-mail could not be handed to the mail server (%s)", type(exc).__name__
                )
        messages.clear()


def _write_file(outbox: Path, msg: EmailMessage, tag: str | None = None) -> None:
    outbox.mkdir(mode=0o700, parents=True, exist_ok=True)
    if tag is not None and not _TAG.match(tag):
        raise ValueError(f"outbox tag must be letters, digits and '-', not {tag!r}")
    name = outbox / f"{tag + '--' if tag else ''}{uuid.uuid4().hex}.eml"
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(bytes(msg))


def outbox_messages(outbox_dir: str | os.PathLike) -> list[EmailMessage]:
    """Messages in a file outbox, oldest first (for tests and local development)."""
    outbox = Path(outbox_dir)
    if not outbox.exists():
        return []
    files = sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [BytesParser(policy=default).parsebytes(p.read_bytes()) for p in files]


def outbox_files() -> list[tuple[str | None, Path]]:
    """The file backend's messages as ``(tag, path)``; empty with another backend."""
    cfg = current_app.config
    outbox = Path(cfg["MAIL_OUTBOX_DIR"])
    if cfg["MAIL_BACKEND"] != "file" or not outbox.exists():
        return []
    found = []
    for path in outbox.glob("*.eml"):
        tag, sep, _ = path.stem.rpartition("--")
        found.append((tag if sep else None, path))
    return found


def subject_of(path: Path) -> str:
    """A stored message's subject (headers only are parsed)."""
    with path.open("rb") as fh:
        return str(BytesParser(policy=default).parse(fh, headersonly=True).get("Subject", ""))


def address_quota_ok(address: str) -> bool:
    """Count one e-mail to ``address`` against ``MAIL_PER_ADDRESS_LIMIT`` (shared rate-limit
    storage); False when the address has had its share. Only a hash of the address is stored.

    Call it whether or not a mail will really go, so both cases do the same work. With the
    storage down it follows ``RATELIMIT_FAIL_OPEN`` like every other limit.
    """
    from limits import parse_many

    from app.core.extensions import limiter

    key = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:32]
    try:
        # Every window counts the mail (no short-circuit): a list, then all().
        hits = [
            limiter.limiter.hit(item, "mail-per-address", key)
            for item in parse_many(current_app.config["MAIL_PER_ADDRESS_LIMIT"])
        ]
        return all(hits)
    except Exception:
        if current_app.config.get("RATELIMIT_SWALLOW_ERRORS"):
            return True
        raise
