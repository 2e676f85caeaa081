"""tools/mutation.py: where the mutant sessions' temporary files go."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from types import ModuleType

TOOLS = Path(__file__).resolve().parents[2] / "tools"


def _tool() -> ModuleType:
    if str(TOOLS) not in sys.path:
        sys.path.insert(0, str(TOOLS))  # the tool imports its sibling mutation_report as a top-level module
    return importlib.import_module("mutation")


def test_the_sessions_temporary_files_go_to_a_tmpfs_folder_of_their_own_removed_afterwards() -> None:
    tool = _tool()
    with tool.session_files("auth") as folder, tool.session_files("http") as other:
        assert folder != other and folder.is_dir() and other.is_dir()
        (folder / "tests.sqlite3").write_bytes(b"x" * 4096)
        shm = tool.SHM.is_dir() and os.access(tool.SHM, os.W_OK)
        assert folder.parent == (tool.SHM if shm else tool.WORK)
    assert not folder.exists() and not other.exists()
