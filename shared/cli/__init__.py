"""Admin CLI: ``python -m shared.cli COMMAND``. Each command prints one JSON object, or a message and exits non-zero.

Commands live in modules of this package that expose ``register(subparsers)``; each sets ``handler``.
"""
