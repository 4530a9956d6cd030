"""One typed settings object: defaults, then ``DATA_DIR/ambassador.toml``, then
``AMBASSADOR_*`` environment variables, then explicit arguments (command-line flags).

Nested keys use ``__`` in environment variables, e.g. ``AMBASSADOR_SHORTLIST__SIZE=10``.
Every key is documented in the README's settings table.

Examples
--------
>>> s = Settings(data_dir="data/sample")
>>> s.shortlist.size
25
>>> s.graph.kind_weights["reply"]
1.0
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, InitSettingsSource, SettingsConfigDict

from ambassador.errors import InputError

SETTINGS_FILE = "ambassador.toml"
_GLOB_CHARS = set("*?[]{}")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OrganizationSettings(_Section):
    """Who the company is and where its culture is written down."""

    name: str = "Example Co"
    brand_handles: list[str] = Field(default_factory=list, description="brand accounts, any platform's form")
    brand_hashtags: list[str] = Field(default_factory=list)
    brand_domains: list[str] = Field(default_factory=list)
    values_file: str = Field("culture/values.md", description="values statement, relative to the data folder")
    exemplars_file: str = Field("culture/exemplars.csv", description="optional on-culture example posts")


class ShortlistSettings(_Section):
    """What comms leads receive."""

    size: int = Field(25, ge=1, le=1000, description="how many names comms leads receive")
    exclude_departments: list[str] = Field(default_factory=lambda: ["Communications"])
    min_posts: int = Field(3, ge=0, description="public-channel posts in the window needed to be considered")


class WindowSettings(_Section):
    """The analysis window ending at ``--as-of``."""

    days: int = Field(90, ge=1, le=3650, description="length of the analysis window")
    half_life_days: float = Field(30.0, gt=0, description="an interaction this old counts half")


class GraphSettings(_Section):
    """How much each kind of interaction says about being listened to."""

    kind_weights: dict[str, float] = Field(
        default_factory=lambda: {
            "reply": 1.0,
            "mention": 0.7,
            "recognition": 1.5,
            "reaction": 0.3,
            "reshare": 0.6,
            "quote": 0.9,
        }
    )
    damping: float = Field(0.85, gt=0, lt=1, description="PageRank damping factor")

    @field_validator("kind_weights")
    @classmethod
    def _non_negative(cls, v: dict[str, float]) -> dict[str, float]:
        from ambassador.schema import INTERACTION_KINDS

        unknown = sorted(set(v) - set(INTERACTION_KINDS))
        if unknown:
            raise ValueError(f"unknown interaction kind {', '.join(unknown)} (known: {', '.join(INTERACTION_KINDS)})")
        bad = [k for k, w in v.items() if w < 0]
        if bad:
            raise ValueError(f"weights must be >= 0 (negative: {', '.join(bad)})")
        return v


class CultureSettings(_Section):
    """Culture fit from text."""

    prior_posts: float = Field(
        8.0, ge=0, description="shrinkage strength: a person with this many posts is pulled halfway to the population"
    )
    max_posts_per_person: int = Field(400, ge=1, description="most recent posts per person used for culture fit")


class WeightsSettings(_Section):
    """Weights of the composite score's components (normalised to sum to 1)."""

    culture_fit: float = Field(0.35, ge=0)
    influence: float = Field(0.20, ge=0)
    engagers: float = Field(0.15, ge=0)
    reach: float = Field(0.10, ge=0)
    reciprocity: float = Field(0.10, ge=0)
    recognition: float = Field(0.10, ge=0)

    def normalised(self) -> dict[str, float]:
        """Return the weights as a dict summing to 1.

        >>> WeightsSettings(culture_fit=1, influence=1, engagers=0, reach=0, reciprocity=0, recognition=0).normalised()["influence"]
        0.5
        """
        raw = self.model_dump()
        total = sum(raw.values())
        if total <= 0:
            raise ValueError("at least one component weight must be positive")
        return {k: v / total for k, v in raw.items()}


class DirectorySettings(_Section):
    """The HR directory CSV."""

    columns: dict[str, str] = Field(
        default_factory=dict, description="rename map: your header -> ambassador's (e.g. Email_-_Work = 'email')"
    )


class PrivacySettings(_Section):
    """Privacy protections."""

    min_group_size: int = Field(5, ge=1, description="aggregates over fewer people are suppressed in notebooks")


class LimitsSettings(_Section):
    """Caps applied to untrusted export files."""

    max_zip_entries: int = Field(200_000, ge=1)
    max_uncompressed_bytes: int = Field(20 * 2**30, ge=1, description="per archive")
    max_compression_ratio: float = Field(200.0, gt=1, description="per zip entry, uncompressed / compressed")
    max_member_bytes: int = Field(2 * 2**30, ge=1, description="largest single JSON/CSV file read")


class ScheduleSettings(_Section):
    """The nightly deployment served by ``ambassador serve``."""

    cron: str = Field("0 2 * * *", description="cron expression, local time of `timezone`")
    timezone: str | None = Field(None, description="IANA zone; default: this machine's local zone")


class Settings(BaseSettings):
    """Everything a run needs to know, typed and validated."""

    model_config = SettingsConfigDict(
        env_prefix="AMBASSADOR_", env_nested_delimiter="__", extra="forbid", validate_default=True
    )

    data_dir: Path = Field(Path("data/sample"), description="the input folder (see DESIGN.md)")
    warehouse: Path = Field(Path("out/warehouse.duckdb"), description="the DuckDB warehouse file")
    out: Path = Field(Path("out/shortlist.csv"), description="where the shortlist CSV is written")
    as_of: date | None = Field(None, description="end of the analysis window; default: today")

    organization: OrganizationSettings = Field(default_factory=OrganizationSettings)
    shortlist: ShortlistSettings = Field(default_factory=ShortlistSettings)
    window: WindowSettings = Field(default_factory=WindowSettings)
    graph: GraphSettings = Field(default_factory=GraphSettings)
    culture: CultureSettings = Field(default_factory=CultureSettings)
    weights: WeightsSettings = Field(default_factory=WeightsSettings)
    directory: DirectorySettings = Field(default_factory=DirectorySettings)
    privacy: PrivacySettings = Field(default_factory=PrivacySettings)
    limits: LimitsSettings = Field(default_factory=LimitsSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings):
        # Priority, highest first: explicit arguments, environment, the TOML file, defaults.
        toml_data = init_settings.init_kwargs.pop("_toml", {})
        return (init_settings, env_settings, InitSettingsSource(settings_cls, init_kwargs=toml_data))

    @property
    def staging_dir(self) -> Path:
        """Private folder where validated export members are copied before DuckDB reads them."""
        return self.warehouse.parent / f"{self.warehouse.stem}.staging"

    def resolve_data_path(self, relative: str) -> Path:
        """A path from the settings file, relative to the data folder."""
        p = Path(relative)
        return p if p.is_absolute() else self.data_dir / p


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"not valid TOML ({exc})", "correct the syntax or remove the file to use defaults") from None
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text", "save the file as UTF-8") from None


def _describe(err: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in err["loc"] if p != "_toml")
    if err["type"] == "extra_forbidden":
        return f"unknown setting '{loc}'"
    return f"setting '{loc}': {err['msg']}"


def load_settings(data_dir: str | Path | None = None, **overrides: Any) -> Settings:
    """Build the settings for a data folder.

    Parameters
    ----------
    data_dir
        The input folder; its ``ambassador.toml`` is read when present. ``None`` uses
        ``AMBASSADOR_DATA_DIR`` or the default ``data/sample``.
    **overrides
        Highest-priority values, e.g. from command-line flags (``None`` values are ignored).
        Nested sections take dicts: ``shortlist={"size": 10}``.

    Raises
    ------
    InputError
        When the folder or the settings file cannot be used; the message names the file and the fix.
    """
    init = {k: v for k, v in overrides.items() if v is not None}
    if data_dir is not None:
        init["data_dir"] = Path(data_dir)
    probe = Settings(**{k: v for k, v in init.items() if k == "data_dir"})
    folder = probe.data_dir
    if not folder.is_dir():
        raise InputError(folder, "data folder not found", "pass --data-dir with a folder laid out as in the README")
    toml_path = folder / SETTINGS_FILE
    toml_data = _read_toml(toml_path) if toml_path.is_file() else {}
    toml_data.pop("data_dir", None)  # the file lives in the folder; it cannot move it
    try:
        settings = Settings(_toml=toml_data, **init)
    except ValidationError as exc:
        problems = "; ".join(_describe(e) for e in exc.errors()[:3])
        raise InputError(
            toml_path if toml_data else "settings",
            problems,
            "check the key names and types against the README's settings table (or the AMBASSADOR_* variables)",
        ) from None
    for name in ("values_file", "exemplars_file"):
        value = getattr(settings.organization, name)
        if _GLOB_CHARS & set(value):
            raise InputError(toml_path, f"organization.{name} contains a glob character", "rename the file")
    return settings
