"""gunicorn settings read from the working directory (docker-compose's web service, bench/intake.py).

Command-line flags (bind, workers) override these.
"""

import gc


def post_worker_init(worker):
    # Django, DRF and the portal's modules are hundreds of thousands of long-lived objects that the
    # garbage collector would otherwise walk again and again while a request allocates: frozen
    # once the application is loaded, they are skipped, and a batch of 1,000 messages costs a
    # fifth less CPU (bench/intake.py).
    gc.collect()
    gc.freeze()
