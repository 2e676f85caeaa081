"""``python -m devhost [--port 7071]``: serve the function app on http://localhost:PORT/api/..."""

from __future__ import annotations

import argparse
import logging

from werkzeug.serving import run_simple

import function_app
from devhost.wsgi import create_app


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m devhost", description="Serve the Orders API function app locally.")
    parser.add_argument("--port", type=int, default=7071)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    run_simple(args.host, args.port, create_app(function_app.app), threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
