"""The dependency locks: every package pinned with its hashes, installable by any pip."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==\S+ \\$")


def _pins(lock: str) -> dict[str, int]:
    """Package name -> number of hashes, for each package a lock pins."""
    pins: dict[str, int] = {}
    current = None
    for line in (ROOT / lock).read_text().splitlines():
        match = _PIN.match(line)
        if match:
            current = match.group(1).lower().replace("_", "-")
            pins[current] = 0
        elif line.strip().startswith("--hash=sha256:") and current:
            pins[current] += 1
    return pins


def _named(source: str) -> set[str]:
    names = set()
    for line in (ROOT / source).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.add(re.split(r"[\\[=<>]", line)[0].lower().replace("_", "-"))
    return names


def test_every_package_is_pinned_with_its_hashes():
    for lock, source in (("requirements.txt", "requirements.in"), ("requirements-dev.txt", "requirements-dev.in")):
        pins = _pins(lock)
        assert pins and all(count > 0 for count in pins.values()), lock
        assert _named(source) <= set(pins), f"{source} names packages {lock} does not pin"
    # What jusText needs, under an extra the pip of a fresh venv cannot match.
    assert "lxml-html-clean" in _pins("requirements.txt")
    assert set(_pins("requirements.txt")) <= set(_pins("requirements-dev.txt"))


# What the archive imports from the locks, beside Django: a lock missing one fails here.
_IMPORTED = "import trafilatura, justext, lxml, lxml_html_clean, whoosh, haystack, pyarabic, gunicorn"


@pytest.mark.parametrize("target", [".installed", ".installed-dev"])
def test_a_fresh_venv_installs_the_lock_through_the_makefile(tmp_path, target):
    """The Makefile's own rule (no copy of its command here) installs a lock with the pip a new venv carries."""
    venv = tmp_path / "venv"
    make = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), f"PYTHON={sys.executable}", f"VENV={venv}", str(venv / target)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert make.returncode == 0, make.stdout + make.stderr
    # The rule installs without resolving (--no-deps), then checks the lock is whole.
    assert "--no-deps --require-hashes" in make.stdout
    assert "pip check" in make.stdout
    python = venv / "bin" / "python"
    imported = subprocess.run([str(python), "-c", _IMPORTED], capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
    check = subprocess.run(
        [str(python), str(ROOT / "manage.py"), "check"],
        env={"ARCHIVE_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr
