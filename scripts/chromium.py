"""Debian's chromium, as the screenshots script and the browser tests launch it.

Playwright's own browser download does not work here, so a system Chromium is launched by path:
Debian's ``chromium-headless-shell`` when installed (what Playwright itself runs for headless
tests: the same Blink and V8 without the desktop browser's UI, so about 40 % less CPU in the
browser tests), else the full ``chromium`` in its headless mode. Flags from the machine notes: no
background network chatter, no sandbox (we run as root).
"""

from __future__ import annotations

import shutil

CHROMIUM = (
    shutil.which("chromium-headless-shell")
    or shutil.which("chromium")
    or "/usr/bin/chromium-headless-shell"
)
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
