"""Every stage can be imported on its own, in a fresh interpreter, in any order."""

from __future__ import annotations

import subprocess
import sys

import pytest

MODULES = [
    "khabar.read",
    "khabar.parse",
    "khabar.entities",
    "khabar.attributions",
    "khabar.events",
    "khabar.geo",
    "khabar.record",
    "khabar.pipeline",
    "khabar.cli",
]


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_first(module):
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1:]
