"""Handling export files as untrusted input.

An export is a ``.zip``, an unpacked folder, or one plain ``.csv``/``.tsv`` file (a generic
intranet CSV). :func:`open_export` checks it before anything is parsed: zip entries with
absolute paths, ``..`` components or symlink modes reject the whole archive; entry count,
declared size and compression ratio are capped; bytes are streamed through a counter that
stops at the cap whatever the headers claim.
Folder exports never follow symlinks. Members a source wants are copied (or hard-linked)
into a private staging folder under generated names, so no name taken from an export ever
reaches DuckDB, whose readers expand ``*``, ``?`` and ``[…]`` in paths.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ambassador.errors import RejectedFile
from ambassador.settings import LimitsSettings

ARCHIVE_SUFFIXES = (".zip", ".gz", ".tgz", ".tar", ".7z", ".rar", ".bz2", ".xz")
PLAIN_FILE_SUFFIXES = (".csv", ".tsv")  # an export that is one plain file (sources/intranet_csv.py)
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Member:
    """A file inside an export: its relative POSIX name and size in bytes."""

    name: str
    size: int


def _check_name(name: str) -> str:
    """Return a safe relative POSIX name or raise :class:`RejectedFile`.

    >>> _check_name("general/2024-01-02.json")
    'general/2024-01-02.json'
    >>> _check_name("../etc/passwd")
    Traceback (most recent call last):
    ...
    ambassador.errors.RejectedFile: ../etc/passwd: unsafe path in archive (absolute or '..')
    """
    p = PurePosixPath(name.replace("\\", "/"))
    if p.is_absolute() or ".." in p.parts or (p.parts and ":" in p.parts[0]):
        raise RejectedFile("unsafe path in archive (absolute or '..')", name)
    return str(p)


class Export:
    """A checked export (zip or folder) whose members can be read with caps."""

    def __init__(self, path: Path, limits: LimitsSettings):
        self.path = path
        self.limits = limits
        self._zip: zipfile.ZipFile | None = None
        self._members: dict[str, Member] = {}
        self._infos: dict[str, zipfile.ZipInfo] = {}
        self._single = False
        if path.is_dir():
            self._scan_folder()
        elif path.suffix.lower() in PLAIN_FILE_SUFFIXES:
            self._scan_file()
        else:
            self._scan_zip()

    # -- discovery ---------------------------------------------------------------------
    def _scan_zip(self) -> None:
        try:
            zf = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise RejectedFile(f"not a readable zip archive ({exc})") from None
        self._zip = zf
        infos = zf.infolist()
        if len(infos) > self.limits.max_zip_entries:
            raise RejectedFile(f"{len(infos)} entries, more than the cap of {self.limits.max_zip_entries}")
        total = 0
        for info in infos:
            name = _check_name(info.filename)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise RejectedFile("symbolic link in archive", info.filename)
            if info.is_dir():
                continue
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 1 << 20 and ratio > self.limits.max_compression_ratio:
                raise RejectedFile(f"compression ratio {ratio:.0f}:1 exceeds the cap (zip bomb?)", info.filename)
            self._members[name] = Member(name, info.file_size)
            self._infos[name] = info
        if total > self.limits.max_uncompressed_bytes:
            raise RejectedFile(f"declares {total} bytes uncompressed, more than the cap")

    def _scan_folder(self) -> None:
        root = self.path
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            base = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not (base / d).is_symlink())
            for fn in sorted(filenames):
                full = base / fn
                st = full.lstat()
                if not stat.S_ISREG(st.st_mode):
                    continue  # symlinks, sockets, devices are never read
                name = full.relative_to(root).as_posix()
                self._members[name] = Member(name, st.st_size)
                if len(self._members) > self.limits.max_zip_entries:
                    raise RejectedFile(f"more than {self.limits.max_zip_entries} files in the folder")

    def _scan_file(self) -> None:
        """A plain CSV export that is one file: its only member is its own name."""
        st = self.path.lstat()
        if not stat.S_ISREG(st.st_mode):
            raise RejectedFile("not a regular file (symbolic links are never read)")
        self._single = True
        name = _check_name(self.path.name)
        self._members[name] = Member(name, st.st_size)

    def _file(self, name: str) -> Path:
        return self.path if self._single else self.path / name

    # -- access ------------------------------------------------------------------------
    @property
    def is_zip(self) -> bool:
        return self._zip is not None

    def members(self) -> list[Member]:
        """Every regular file, sorted by name."""
        return [self._members[k] for k in sorted(self._members)]

    def find(self, filename: str) -> list[str]:
        """Members whose last path component equals ``filename``, shallowest first."""
        hits = [m for m in self._members if PurePosixPath(m).name == filename]
        return sorted(hits, key=lambda m: (m.count("/"), m))

    def _open(self, name: str):
        if name not in self._members:
            raise RejectedFile("no such member", name)
        if self._zip is not None:
            return self._zip.open(self._infos[name])
        return self._file(name).open("rb")

    def _copy_capped(self, name: str, dst) -> int:
        cap = self.limits.max_member_bytes
        info = self._infos.get(name)
        ratio_cap = info.compress_size * self.limits.max_compression_ratio + (1 << 20) if info else None
        written = 0
        try:
            with self._open(name) as src:
                while chunk := src.read(_CHUNK):
                    written += len(chunk)
                    if written > cap:
                        raise RejectedFile(f"larger than the cap of {cap} bytes", name)
                    if ratio_cap is not None and written > ratio_cap:
                        raise RejectedFile("expands far beyond its compressed size (zip bomb?)", name)
                    dst.write(chunk)
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise RejectedFile(f"cannot be read ({exc})", name) from None
        return written

    def read_head(self, name: str, size: int) -> bytes:
        """The member's first ``size`` bytes at most (to tell what a file is without reading it)."""
        with self._open(name) as fh:
            return fh.read(size)

    def read_bytes(self, name: str) -> bytes:
        """The member's bytes, capped."""
        import io

        buf = io.BytesIO()
        self._copy_capped(name, buf)
        return buf.getvalue()

    def stage(self, names: Iterable[str], dest: Path, suffix: str = ".json") -> dict[str, str]:
        """Copy members into ``dest`` under generated names; return {staged path: member}.

        Folder members are hard-linked when the file system allows it (no copy), zip
        members are streamed out with the caps applied.
        """
        dest.mkdir(parents=True, exist_ok=True)
        staged: dict[str, str] = {}
        for i, name in enumerate(names):
            target = dest / f"m{i:07d}{suffix}"
            if self._zip is None:
                try:
                    if self._members[name].size > self.limits.max_member_bytes:
                        raise RejectedFile(f"larger than the cap of {self.limits.max_member_bytes} bytes", name)
                    os.link(self._file(name), target)
                    staged[str(target)] = name
                    continue
                except OSError:
                    pass
            with target.open("wb") as fh:
                self._copy_capped(name, fh)
            staged[str(target)] = name
        return staged

    def digest(self, names: Iterable[str] | None = None) -> str:
        """sha256 of the zip (or single CSV) file, or of a folder's chosen members (names and bytes)."""
        h = hashlib.sha256()
        if self._zip is not None or self._single:
            with self.path.open("rb") as fh:
                while chunk := fh.read(_CHUNK):
                    h.update(chunk)
            return h.hexdigest()
        for name in sorted(names if names is not None else self._members):
            h.update(name.encode() + b"\0")
            with (self.path / name).open("rb") as fh:
                while chunk := fh.read(_CHUNK):
                    h.update(chunk)
            h.update(b"\0")
        return h.hexdigest()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> Export:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_export(path: str | Path, limits: LimitsSettings | None = None) -> Export:
    """Open and check an export (zip or folder); raises :class:`RejectedFile` if hostile."""
    return Export(Path(path), limits or LimitsSettings())


def _reject_constant(value: str):
    raise ValueError(f"non-standard JSON constant {value}")


def parse_json_bytes(data: bytes, member: str):
    """Parse untrusted JSON strictly: UTF-8 (BOM tolerated), no NaN/Infinity, bounded depth.

    >>> parse_json_bytes(b'{"a": [1, 2]}', "x.json")
    {'a': [1, 2]}
    >>> parse_json_bytes(b'{"a": NaN}', "x.json")
    Traceback (most recent call last):
    ...
    ambassador.errors.RejectedFile: x.json: invalid JSON (non-standard JSON constant NaN)
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RejectedFile(f"not UTF-8 (byte {exc.start})", member) from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise RejectedFile("JSON nested too deeply", member) from None
    except ValueError as exc:
        raise RejectedFile(f"invalid JSON ({exc})", member) from None


def remove_staging(dest: Path) -> None:
    """Delete a staging folder (after its load committed or failed)."""
    shutil.rmtree(dest, ignore_errors=True)
