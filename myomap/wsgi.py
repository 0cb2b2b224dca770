"""The WSGI application `myomap run` serves with gunicorn; each worker process imports it once.

Before the worker takes its first request it loads what every request shares (the knowledge
base, every view module through the URL patterns, the handouts' fonts and stylesheet) and then
freezes the garbage collector's view of it (`gc.freeze()`): those objects live as long as the
process and are never garbage, yet without the freeze every full collection walks them all
again. Measured on the handout PDFs, whose layout allocates heavily: 3 of 20 renders paid a
full collection of about 100 ms each (as long as the render itself), which set the page's 95th
percentile; with the freeze none did.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myomap.settings")
application = get_wsgi_application()


def worker_prepare() -> None:
    """Load the process-wide objects a request would otherwise load on first use, then freeze
    them out of garbage collection. Only lookups with no side effects: nothing is written."""
    from django.urls import get_resolver

    from myomap.clinical.kb import get_kb
    from myomap.handouts.pdf import handout_renderer_prepare

    get_kb()
    get_resolver().url_patterns  # noqa: B018 (imports every view module)
    handout_renderer_prepare()
    gc.collect()  # what the start-up left as garbage is freed, not frozen
    gc.freeze()


worker_prepare()
