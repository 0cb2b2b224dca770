"""What a server worker does before its first request (`myomap.wsgi`): the shared objects are
loaded once and frozen out of garbage collection, so a full collection no longer walks them
in the middle of a request (the handout PDFs' 95th percentile was such collections)."""

import os
import subprocess
import sys

WORKER_CHECK = """
import gc
import myomap.wsgi
from myomap.clinical.kb.loader import get_kb
from myomap.handouts.pdf import _stylesheet
print(gc.get_freeze_count() > 0, get_kb.cache_info().currsize, _stylesheet.cache_info().currsize)
"""


def test_a_server_worker_loads_the_shared_objects_and_freezes_them_before_its_first_request():
    # A fresh interpreter, as gunicorn's worker is: the test process has loaded all of it already.
    done = subprocess.run(
        [sys.executable, "-c", WORKER_CHECK],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "myomap.settings"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    frozen, knowledge_bases, stylesheets = done.stdout.split()
    assert frozen == "True"
    assert knowledge_bases == "1"
    assert stylesheets == "1"
