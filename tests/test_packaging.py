"""The wheel runs on its own: reference data, migrations, templates and static are package data.

Builds the wheel, installs it (not editable) into a fresh virtualenv, then from a folder outside the
checkout runs ``flask --app wsgi init-db`` and serves pages. Slow (a build and a venv), so it is
marked ``slow``; CI runs it.

The new virtualenv has no pip and no third-party packages of its own: a ``.pth`` line puts the test
environment's site-packages after its own (installing Flask, NumPy ... again would take most of a
minute and test pip, not us). A plain path line does not run that directory's ``.pth`` files, so
the editable install of this checkout is not active there: ``app`` and ``wsgi`` can only come from
the wheel, and the test checks that they do.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own local server
        return response.status, response.read()


def test_wheel_installs_migrates_and_serves(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",  # the backend is in the test environment (pyproject.toml)
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = wheels.glob("ipt_directory-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    bin_dir = env_dir / "bin"
    python = bin_dir / "python"
    site_packages = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    our_site = Path(sysconfig.get_path("purelib"))
    (site_packages / "test-environment.pth").write_text(f"{our_site}\n", encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
    )

    work = tmp_path / "elsewhere"  # not the checkout: nothing may be found through it
    work.mkdir()
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'wheel.sqlite3'}",
        "SECRET_KEY": "wheel-test-secret",
        "HOME": str(tmp_path),
    }
    find = "from importlib.util import find_spec as f; print(f('app').origin, f('wsgi').origin)"
    where = subprocess.run(
        [python, "-c", find],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    for module_file in where.stdout.split():  # the wheel's copy, not this checkout's
        assert Path(module_file).is_relative_to(site_packages), where.stdout

    init = subprocess.run(
        [python, "-m", "flask", "--app", "wsgi", "init-db"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert init.returncode == 0, init.stderr
    assert "reference data loaded" in init.stdout

    port = _free_port()
    server = subprocess.Popen(
        [python, "-m", "flask", "--app", "wsgi", "run", "--port", str(port)],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _ = _get(base + "/healthz")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert status == 200
        assert _get(base + "/readyz")[0] == 200  # migrations found and applied
        status, home = _get(base + "/")
        assert status == 200
        assert b"<html" in home  # templates
        assert _get(base + "/static/css/site.css")[0] == 200  # static files
        status, body = _get(base + "/api/v1/conditions/resolve?q=postpartum%20depression")
        assert status == 200
        assert b"perinatal-depression" in body  # seed_data
    finally:
        server.terminate()
        server.wait(timeout=10)
