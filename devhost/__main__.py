"""``python -m devhost [--port 7071]``: serve the function app on http://localhost:PORT/api/..."""

from __future__ import annotations

import argparse
import logging

from werkzeug.serving import run_simple

import function_app
from devhost.blob_watcher import start_blob_watcher
from devhost.wsgi import create_app
from shared import context


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m devhost", description="Serve the Orders API function app locally.")
    parser.add_argument("--port", type=int, default=7071)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--no-blob-watch", action="store_true", help="do not run blob-triggered functions for dropped files")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for chatty in ("weasyprint", "fontTools"):  # step-by-step render progress is noise in a request log
        logging.getLogger(chatty).setLevel(logging.WARNING)
    if not args.no_blob_watch:
        start_blob_watcher(function_app.app, context.current().blobs)
    run_simple(args.host, args.port, create_app(function_app.app), threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
