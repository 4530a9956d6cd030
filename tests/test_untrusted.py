"""Export files are untrusted: hostile archives are rejected with a reason, nothing escapes."""

from __future__ import annotations

import io
import os
import stat
import zipfile

import pytest

from ambassador.errors import RejectedFile
from ambassador.settings import LimitsSettings
from ambassador.untrusted import open_export, parse_json_bytes


def make_zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data, *mode in entries:
            info = zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if mode:
                info.external_attr = mode[0] << 16
            zf.writestr(info, data)
    return path


@pytest.mark.parametrize("name", ["../evil.json", "/etc/evil.json", "a/../../evil.json", "C:/evil.json", "..\\evil.json"])
def test_zip_slip_names_reject_the_archive(tmp_path, name):
    z = make_zip(tmp_path / "x.zip", [("ok.json", b"[]"), (name, b"[]")])
    with pytest.raises(RejectedFile, match="unsafe path"):
        open_export(z)


def test_symlink_entry_rejects_the_archive(tmp_path):
    z = make_zip(tmp_path / "x.zip", [("link.json", b"/etc/passwd", stat.S_IFLNK | 0o777)])
    with pytest.raises(RejectedFile, match="symbolic link"):
        open_export(z)


def test_zip_bomb_ratio_and_entry_caps(tmp_path):
    bomb = make_zip(tmp_path / "bomb.zip", [("big.json", b"0" * (20 << 20))])
    with pytest.raises(RejectedFile, match="compression ratio"):
        open_export(bomb)
    many = make_zip(tmp_path / "many.zip", [(f"f{i}.json", b"[]") for i in range(20)])
    with pytest.raises(RejectedFile, match="entries"):
        open_export(many, LimitsSettings(max_zip_entries=10))


def test_member_size_cap_stops_streaming(tmp_path):
    z = make_zip(tmp_path / "x.zip", [("a.json", os.urandom(300_000))])
    export = open_export(z, LimitsSettings(max_member_bytes=100_000))
    with pytest.raises(RejectedFile, match="larger than the cap"):
        export.stage(["a.json"], tmp_path / "stage")


def test_not_a_zip_is_rejected_with_reason(tmp_path):
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(RejectedFile, match="not a readable zip"):
        open_export(bad)


def test_staged_names_are_generated_and_stay_inside(tmp_path):
    folder = tmp_path / "exp[1]*?"
    (folder / "ch [a]").mkdir(parents=True)
    (folder / "ch [a]" / "2026-01-01.json").write_text("[]")
    (folder / "outside.json").symlink_to("/etc/hostname")
    export = open_export(folder)
    assert [m.name for m in export.members()] == ["ch [a]/2026-01-01.json"]  # symlink never listed
    staged = export.stage(["ch [a]/2026-01-01.json"], tmp_path / "stage")
    [(path, member)] = staged.items()
    assert member == "ch [a]/2026-01-01.json"
    assert os.path.dirname(path) == str(tmp_path / "stage")
    assert not set("[]*?") & set(os.path.basename(path))


@pytest.mark.parametrize(
    "data, reason",
    [
        (b'{"a": NaN}', "invalid JSON"),
        (b'[{"a": 1}', "invalid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"a": "caf\xe9"}', "not UTF-8"),
        (b"1" * 5000, "invalid JSON"),
    ],
)
def test_json_parsing_is_strict(data, reason):
    with pytest.raises(RejectedFile, match=reason):
        parse_json_bytes(data, "m.json")


def test_json_bom_is_tolerated():
    assert parse_json_bytes("\ufeff[1]".encode("utf-8"), "m.json") == [1]
