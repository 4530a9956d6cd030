"""Settings: defaults, the TOML file, AMBASSADOR_* variables and flags, in that priority."""

from __future__ import annotations

import pytest

from ambassador.errors import InputError
from ambassador.settings import load_settings


def test_priority_flag_over_env_over_toml_over_default(tmp_path, monkeypatch):
    (tmp_path / "ambassador.toml").write_text('[shortlist]\nsize = 7\n[organization]\nname = "Acme"\n')
    assert load_settings(tmp_path).shortlist.size == 7
    monkeypatch.setenv("AMBASSADOR_SHORTLIST__SIZE", "9")
    s = load_settings(tmp_path)
    assert (s.shortlist.size, s.organization.name) == (9, "Acme")
    s = load_settings(tmp_path, shortlist={"size": 3})
    assert (s.shortlist.size, s.organization.name, s.shortlist.exclude_departments) == (3, "Acme", ["Communications"])


def test_defaults_work_without_a_settings_file(tmp_path):
    s = load_settings(tmp_path)
    assert s.shortlist.size == 25 and s.window.days == 90
    assert abs(sum(s.weights.normalised().values()) - 1) < 1e-12


@pytest.mark.parametrize(
    "toml, message",
    [
        ("[shortlist]\nsizes = 3\n", "unknown setting 'shortlist.sizes'"),
        ("[shortlist]\nsize = 0\n", "setting 'shortlist.size'"),
        ("[shortlist\nsize = 3\n", "not valid TOML"),
        ('[organization]\nvalues_file = "culture/*.md"\n', "glob character"),
    ],
)
def test_bad_settings_name_the_file_and_the_fix(tmp_path, toml, message):
    (tmp_path / "ambassador.toml").write_text(toml)
    with pytest.raises(InputError) as err:
        load_settings(tmp_path)
    text = str(err.value)
    assert message in text and "ambassador.toml" in text and "Fix:" in text and "\n" not in text


def test_missing_data_folder(tmp_path):
    with pytest.raises(InputError, match="data folder not found"):
        load_settings(tmp_path / "nope")
