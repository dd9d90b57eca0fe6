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
    "khabar.store",
    "khabar.store.queries",
    "khabar.cli",
]


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_first(module):
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1:]


def test_store_commands_do_not_load_the_parser():
    """Querying the store must not pay for spaCy: `khabar actors` answers in a fraction of a second."""
    code = "import sys, khabar.cli, khabar.store.queries; print('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
