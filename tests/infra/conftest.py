"""Make the repository root (function_app, shared) and this folder (bicep_tools) importable,
whatever pytest's import mode or working directory."""

import sys
from pathlib import Path

for path in (Path(__file__).resolve().parents[2], Path(__file__).resolve().parent):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
