"""``python -m devhost [--port 7071] [--workers N]``: serve the function app on http://localhost:PORT/api/...

``--workers`` (default: ``FUNCTIONS_WORKER_PROCESS_COUNT``, else 1) runs that many worker processes and
``--threads`` (default: ``PYTHON_THREADPOOL_THREAD_COUNT``, else CPUs + 4) bounds the requests each runs at once,
as the Functions host and its Python worker do with those settings; see devhost/serving.py.
"""

from __future__ import annotations

import argparse
import logging
import os

import function_app
from devhost.blob_watcher import start_blob_watcher
from devhost.serving import default_threads, serve
from devhost.wsgi import create_app
from shared import context


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m devhost", description="Serve the Orders API function app locally.")
    parser.add_argument("--port", type=int, default=7071)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("FUNCTIONS_WORKER_PROCESS_COUNT") or 1),
        help="worker processes, like FUNCTIONS_WORKER_PROCESS_COUNT on Azure (default: that variable, else 1)",
    )
    parser.add_argument(
        "--threads", type=int, default=int(os.environ.get("PYTHON_THREADPOOL_THREAD_COUNT") or default_threads()),
        help="requests run at once per worker, like PYTHON_THREADPOOL_THREAD_COUNT (default: that variable, else CPUs + 4)",
    )
    parser.add_argument("--no-blob-watch", action="store_true", help="do not run blob-triggered functions for dropped files")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for chatty in ("weasyprint", "fontTools"):  # step-by-step render progress is noise in a request log
        logging.getLogger(chatty).setLevel(logging.WARNING)
    # Requests beyond --threads wait their turn by design (as invocations wait for the worker's pool): not a warning.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    def watch_blobs() -> None:
        if not args.no_blob_watch:
            start_blob_watcher(function_app.app, context.current().blobs)

    serve(create_app(function_app.app), args.host, args.port, args.workers, args.threads, started=watch_blobs)


if __name__ == "__main__":
    main()
