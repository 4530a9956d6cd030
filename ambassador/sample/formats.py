"""Byte-level writers that mimic what the platforms emit, and a deterministic zip.

Slack exports are PHP-style pretty JSON (4-space indent, ``\\/`` for ``/``, raw UTF-8).
X archives are Jackson-style pretty JSON (``"key" : value``, 2-space indent, ``[ ]`` for
empty arrays, raw UTF-8) behind a ``window.YTD.<name>.partN = `` prefix, with no trailing
newline; ``manifest.js`` keeps arrays inline (``[ {`` ... ``} ]``). Both reproduce the real
fixtures in ``fixtures/real`` byte for byte when fed their parsed content.

Examples
--------
>>> print(jackson({"a": [], "b": {"c": ["1"]}}))
{
  "a" : [ ],
  "b" : {
    "c" : [
      "1"
    ]
  }
}
>>> print(jackson({"files": [{"n": "1"}]}, inline_arrays=True))
{
  "files" : [ {
    "n" : "1"
  } ]
}
>>> print(slack_json({"url": "https://x/é"}).decode())
{
    "url": "https:\\/\\/x\\/é"
}
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from datetime import date
from json.encoder import encode_basestring as _enc  # the C implementation when available
from pathlib import Path


_KEY_CACHE: dict[str, dict[str, str]] = {}  # colon style -> key -> '"key": '


def _pretty(obj, unit: str, colon: str, empty_list: str, empty_dict: str, pad: str = "") -> str:
    """Indented JSON, about twice as fast as ``json.dumps(indent=...)`` on Python 3.11.

    ``pad`` is the indentation of the line ``obj`` starts on (for streaming array items).
    """
    out: list[str] = []
    app = out.append
    keys = _KEY_CACHE.setdefault(colon, {})

    def w(v, pad: str) -> None:
        t = type(v)
        if t is str:
            app(_enc(v))
        elif t is dict:
            if not v:
                app(empty_dict)
                return
            inner = pad + unit
            app("{\n")
            first = True
            for k, x in v.items():
                if first:
                    first = False
                else:
                    app(",\n")
                ek = keys.get(k)
                if ek is None:
                    ek = keys[k] = _enc(k) + colon
                app(inner)
                app(ek)
                if type(x) is str:
                    app(_enc(x))
                else:
                    w(x, inner)
            app("\n" + pad + "}")
        elif t is list:
            if not v:
                app(empty_list)
                return
            inner = pad + unit
            app("[\n")
            first = True
            for x in v:
                if first:
                    first = False
                else:
                    app(",\n")
                app(inner)
                if type(x) is str:
                    app(_enc(x))
                else:
                    w(x, inner)
            app("\n" + pad + "]")
        elif v is True:
            app("true")
        elif v is False:
            app("false")
        elif v is None:
            app("null")
        elif t is int:
            app(str(v))
        else:
            app(repr(float(v)))

    w(obj, pad)
    return "".join(out)


def slack_json(obj) -> bytes:
    """Serialise like Slack's exporter: 4-space indent, escaped slashes, raw UTF-8."""
    return _pretty(obj, "    ", ": ", "[]", "{}").replace("/", "\\/").encode("utf-8")


def slack_json_array(records: Iterable) -> Iterator[bytes]:
    """``slack_json(list(records))`` in pieces, one record at a time (bounded memory).

    >>> b"".join(slack_json_array([{"a": 1}, {}])) == slack_json([{"a": 1}, {}])
    True
    """
    first = True
    for rec in records:
        head = "[\n    " if first else ",\n    "
        first = False
        yield (head + _pretty(rec, "    ", ": ", "[]", "{}", "    ")).replace("/", "\\/").encode("utf-8")
    yield b"[]" if first else b"\n]"


def jackson(obj, inline_arrays: bool = False) -> str:
    """Serialise like the X archive (Jackson's pretty printer)."""
    if not inline_arrays:
        return _pretty(obj, "  ", " : ", "[ ]", "{ }")
    out: list[str] = []
    _jackson_inline(obj, 0, out)
    return "".join(out)


def _jackson_inline(v, level: int, out: list[str]) -> None:
    """Jackson's default printer as used by ``manifest.js``: arrays stay on the line."""
    if isinstance(v, dict):
        if not v:
            out.append("{ }")
            return
        pad = "  " * (level + 1)
        out.append("{\n")
        for i, (k, x) in enumerate(v.items()):
            out.append(f"{',' if i else ''}{chr(10) if i else ''}{pad}{_enc(k)} : ")
            _jackson_inline(x, level + 1, out)
        out.append("\n" + "  " * level + "}")
    elif isinstance(v, list):
        if not v:
            out.append("[ ]")
            return
        out.append("[ ")
        for i, x in enumerate(v):
            if i:
                out.append(", ")
            _jackson_inline(x, level, out)
        out.append(" ]")
    else:
        out.append(_pretty(v, "", "", "", ""))


def ytd_js(global_name: str, records: list) -> bytes:
    """An X archive data file: ``window.<global_name> = [...]`` without a trailing newline."""
    return f"window.{global_name} = {jackson(records)}".encode("utf-8")


class DeterministicZip:
    """A zip whose bytes depend only on what is added: fixed timestamps, fixed modes, and
    entries that must arrive in sorted order (checked)."""

    def __init__(self, path: Path, when: date, directories: bool = False):
        self.path = path
        self._when = (when.year, when.month, when.day, 0, 0, 0)
        self._zf = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self._last = ""
        self._dirs = directories
        self._seen_dirs: set[str] = set()
        self.entries = 0

    def _info(self, name: str, mode: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self._when)
        info.create_system = 3
        info.external_attr = mode << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    def add(self, name: str, data: bytes) -> None:
        if self._dirs and "/" in name:
            folder = name.rsplit("/", 1)[0] + "/"
            if folder not in self._seen_dirs:
                self._seen_dirs.add(folder)
                self._check_order(folder)
                info = self._info(folder, 0o40755)
                info.external_attr |= 0x10
                info.compress_type = zipfile.ZIP_STORED
                self._zf.writestr(info, b"")
                self.entries += 1
        self._check_order(name)
        self._zf.writestr(self._info(name, 0o100644), data, compresslevel=6)
        self.entries += 1

    def add_chunks(self, name: str, chunks: Iterable[bytes]) -> None:
        """Add one entry whose content arrives in pieces (same bytes as ``add`` of the join)."""
        self._check_order(name)
        with self._zf.open(self._info(name, 0o100644), "w") as dest:
            for chunk in chunks:
                dest.write(chunk)
        self.entries += 1

    def _check_order(self, name: str) -> None:
        if name <= self._last:
            raise ValueError(f"zip entries out of order: {name!r} after {self._last!r}")
        self._last = name

    def close(self) -> None:
        self._zf.close()

    def __enter__(self) -> DeterministicZip:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
