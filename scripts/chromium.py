"""Debian's chromium, as the screenshots script and the browser tests launch it.

Playwright's own browser download does not work here, so the system Chromium is launched by path,
with flags from the machine notes: no background network chatter, no sandbox (we run as root).
"""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
