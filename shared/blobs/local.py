"""Blob store on a local folder: blob NAME of container C is the file ROOT/C/NAME.

Metadata lives beside the data, under ROOT/.metadata/C/NAME.json, so listing a container shows only blobs.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from shared.blobs.base import BlobNotFound
from shared.errors import ServiceUnavailable

_METADATA_DIR = ".metadata"
MIN_FREE_BYTES = 16 * 1024 * 1024  # below this, health reports the disk as full before a write fails


class LocalBlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def put(
        self,
        container: str,
        name: str,
        data: bytes,
        *,
        content_type: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> None:
        path = self._path(container, name)
        meta_path = self._metadata_path(container, name)
        with _storage_faults():
            if metadata:
                _atomic_write(meta_path, json.dumps(metadata).encode("utf-8"))
            else:
                meta_path.unlink(missing_ok=True)
            _atomic_write(path, data)

    def create(self, container: str, name: str, data: bytes) -> bool:
        path = self._path(container, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.link(tmp, path)  # atomic, and refuses an existing name: whole content or nothing
        except FileExistsError:
            return False
        finally:
            Path(tmp).unlink(missing_ok=True)
        self._metadata_path(container, name).unlink(missing_ok=True)
        return True

    def get(self, container: str, name: str) -> bytes:
        try:
            return self._path(container, name).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise BlobNotFound(f"{container}/{name}") from None

    def metadata(self, container: str, name: str) -> dict[str, str]:
        if not self.exists(container, name):
            raise BlobNotFound(f"{container}/{name}")
        try:
            loaded: dict[str, str] = json.loads(self._metadata_path(container, name).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return loaded

    def exists(self, container: str, name: str) -> bool:
        return self._path(container, name).is_file()

    def delete(self, container: str, name: str) -> None:
        self._path(container, name).unlink(missing_ok=True)
        self._metadata_path(container, name).unlink(missing_ok=True)

    def list(self, container: str, prefix: str = "") -> list[str]:
        base = self.root / _check_segment(container)
        if not base.is_dir():
            return []
        names = (
            path.relative_to(base).as_posix()
            for path in base.rglob("*")
            if path.is_file() and not path.name.startswith(".tmp-")
        )
        return sorted(name for name in names if name.startswith(prefix))

    def last_modified(self, container: str, prefix: str = "") -> dict[str, datetime]:
        return {name: datetime.fromtimestamp(self._path(container, name).stat().st_mtime, tz=UTC)
                for name in self.list(container, prefix)}

    def ping(self) -> None:
        """Raises ServiceUnavailable naming the reason when the folder cannot take files now (full or read-only)."""
        with _storage_faults():
            self.root.mkdir(parents=True, exist_ok=True)
            if shutil.disk_usage(self.root).free < MIN_FREE_BYTES:
                raise OSError(errno.ENOSPC, "the disk is full")
            probe = self.root / ".health-probe"
            probe.write_bytes(b"ok")
            probe.unlink()

    def _path(self, container: str, name: str) -> Path:
        return self.root / _check_segment(container) / _check_name(name)

    def _metadata_path(self, container: str, name: str) -> Path:
        return self.root / _METADATA_DIR / _check_segment(container) / f"{_check_name(name)}.json"


def _check_segment(container: str) -> str:
    if not container or "/" in container or "\\" in container or container.startswith("."):
        raise ValueError(f"invalid container name {container!r}")
    return container


def _check_name(name: str) -> str:
    parts = name.split("/")
    if not name or name.startswith("/") or "\\" in name or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"invalid blob name {name!r}")
    return name


@contextlib.contextmanager
def _storage_faults() -> Iterator[None]:
    """A folder that cannot take files (full disk, read-only mount, no permission) is a 503, not a 500."""
    try:
        yield
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise ServiceUnavailable(f"Blob storage cannot store files now ({exc.strerror or exc}); please retry later.", 30) from exc


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
