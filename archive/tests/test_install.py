"""The dependency locks: every package pinned with its hashes, installable by any pip."""

import re
import subprocess
import sys
from pathlib import Path

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


def test_a_fresh_venv_installs_the_lock_with_the_pip_it_carries(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--require-hashes", "-r", str(ROOT / "requirements.txt")],
        check=True,
        capture_output=True,
        timeout=600,
    )
    check = subprocess.run(
        [str(python), str(ROOT / "manage.py"), "check"],
        env={"ARCHIVE_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr
    imported = subprocess.run([str(python), "-c", "import lxml_html_clean, justext"], capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr
