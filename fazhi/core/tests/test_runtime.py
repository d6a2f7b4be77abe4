"""A served process freezes its startup objects out of the collector's full passes."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_wsgi_entry_point_freezes_the_startup_objects():
    code = "import gc; assert gc.get_freeze_count() == 0; import fazhi.wsgi; print(gc.get_freeze_count())"
    env = {**os.environ, "FAZHI_DEV": "1", "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) > 20_000  # modules, classes, the ORM's metadata, the URLconf
