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

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
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
    max_share_per_department: float = Field(
        0.3, gt=0, le=1, description="most of the list from one department: max(1, ceil(share x size)) people"
    )
    max_share_per_location: float = Field(
        0.5, gt=0, le=1, description="most of the list from one location: max(1, ceil(share x size)) people"
    )
    rising_min_places: int = Field(
        3, ge=1, description="eligible ranks gained since the last run for a shortlisted person to be 'rising'"
    )


class InvitationSettings(_Section):
    """The invitation ledger (``ambassador/invitations.py``) and how long people rest after an invitation."""

    file: str = Field("invitations.csv", description="the ledger CSV, relative to the data folder (optional)")
    cooldown_days: int = Field(
        180, ge=0, description="nobody invited fewer than this many days before as_of is suggested, whatever the outcome"
    )
    declined_cooldown_days: int = Field(
        365, ge=0, description="nobody who declined fewer than this many days before as_of is suggested"
    )


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
    embedding_model: str | None = Field(
        None,
        description="a local folder holding a static multilingual embedding model (model2vec format: tokenizer.json, "
        "model.safetensors), relative to the data folder or absolute; posts in languages the values are not written in "
        "are then compared with the values across languages. Never downloaded",
    )
    gate: float = Field(
        0.25, ge=0, le=1,
        description="score x min(1, pct / gate) for each component in gate_on: below it popularity cannot carry anyone up",
    )
    gate_on: list[str] = Field(
        default_factory=lambda: ["tone", "reception"],
        description="components that gate the score (unknown values never gate); culture_fit is left out by default: "
        "similarity to the values' words cannot tell sincerity from irony",
    )

    @field_validator("gate_on")
    @classmethod
    def _known_components(cls, v: list[str]) -> list[str]:
        from ambassador.schema import COMPONENTS

        unknown = sorted(set(v) - set(COMPONENTS))
        if unknown:
            raise ValueError(f"unknown component {', '.join(unknown)} (known: {', '.join(COMPONENTS)})")
        return v


class WeightsSettings(_Section):
    """Weights of the composite score's components (normalised to sum to 1).

    The defaults are the weights ``make tune`` (``ambassador evaluate --tune --suite tune``: seeds 1-99, English,
    Hebrew, Spanish and German, no-values and hospital companies) chose on generated companies (``benchmarks/results/weights_tuning.json``; a test keeps the
    two equal). They were then evaluated on other seeds (README, "Does it find the right people?").
    """

    culture_fit: float = Field(0.02, ge=0, description="intranet posts in the spirit of the values")
    tone: float = Field(0.15, ge=0, description="how constructively they write")
    influence: float = Field(0.08, ge=0)
    engagers: float = Field(0.08, ge=0)
    reach: float = Field(0.09, ge=0, description="departments reached inside the company")
    bridging: float = Field(0.05, ge=0, description="ties spread evenly over departments")
    reciprocity: float = Field(0.03, ge=0)
    consistency: float = Field(0.02, ge=0, description="weeks in which colleagues engaged with them")
    resonance: float = Field(0.29, ge=0, description="engagement per post")
    helpfulness: float = Field(0.02, ge=0, description="colleagues whose posts they replied to")
    recognition: float = Field(0.06, ge=0)
    reception: float = Field(0.04, ge=0, description="appreciation minus dissent in colleagues' reactions")
    advocacy: float = Field(0.02, ge=0, description="original public posts about the brand")
    external_reach: float = Field(0.02, ge=0, description="engagement earned by public posts, per platform")
    public_culture_fit: float = Field(0.04, ge=0, description="public posts in the spirit of the values")

    def normalised(self) -> dict[str, float]:
        """Return the weights as a dict summing to 1.

        >>> w = dict.fromkeys(WeightsSettings.model_fields, 0.0)
        >>> WeightsSettings(**{**w, "culture_fit": 1, "influence": 1}).normalised()["influence"]
        0.5
        """
        raw = self.model_dump()
        total = sum(raw.values())
        if total <= 0:
            raise ValueError("at least one component weight must be positive")
        return {k: v / total for k, v in raw.items()}


class LearningSettings(_Section):
    """Re-weighting the components from invitation outcomes (``ambassador/outcomes.py``)."""

    enabled: bool = Field(True, description="learn weights once enough invitations are decided; false: defaults always")
    min_outcomes: int = Field(30, ge=2, description="decided invitations (one per person) needed before learning starts")
    min_per_class: int = Field(
        8, ge=2, description="accepted, and declined or unanswered, invitations needed each before learning starts"
    )
    C: float = Field(1.0, gt=0, description="inverse L2 strength of the logistic regression; smaller pulls harder to 0")
    blend: float = Field(0.5, ge=0, le=1, description="share of the learned weights in the new ones; the rest is [weights]")


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


class RefreshSettings(_Section):
    """Optional live refresh of public posts (``ambassador/refresh.py``); off by default."""

    enabled: bool = Field(False, description="fetch public posts before each ingest (needs the network)")
    platforms: list[Literal["bluesky", "mastodon"]] = Field(
        default_factory=lambda: ["bluesky", "mastodon"], description="which directory handles are refreshed"
    )
    max_requests: int = Field(300, ge=0, description="HTTP requests per run, retries included; then it stops")
    max_pages_per_person: int = Field(5, ge=1, description="pages fetched per person and platform at most")
    min_interval_seconds: float = Field(1.0, ge=0, description="least time between two requests to one host")
    retries: int = Field(3, ge=0, le=10, description="retries after a 429, a 5xx or a network error")
    backoff_seconds: float = Field(2.0, ge=0, description="first retry wait; doubles each retry (plus jitter)")
    max_wait_seconds: float = Field(
        300.0, ge=0, description="longest wait a 429's Retry-After may ask for; longer gives that person up"
    )
    timeout_seconds: float = Field(20.0, gt=0, description="per request (connect and each read)")
    max_response_bytes: int = Field(
        4 * 2**20, ge=1024, le=16 * 2**20, description="larger responses are rejected (at most the sources' 16 MiB page cap)"
    )
    bluesky_api: str = Field("https://public.api.bsky.app", description="Bluesky AppView base URL (public, no login)")
    mastodon_url: str = Field(
        "https://{host}", description="Mastodon API base; {host} is the instance from the handle (tests: a local server)"
    )
    user_agent: str = Field(
        "ambassador-refresh/1.0 (employee culture-ambassador pipeline; public posts of consenting employees)",
        min_length=1,
        description="User-Agent of every request: names ambassador and the project",
    )

    @field_validator("bluesky_api", "mastodon_url")
    @classmethod
    def _http_url(cls, v: str) -> str:
        if not re.match(r"^https?://[^\s/]+", v):
            raise ValueError(f"'{v}' must be an http(s) URL")
        return v.rstrip("/")


# ---- [listening] (sources/listening.py) ---------------------------------------------------
# canonical field -> what the column holds (README: "Social-listening CSV")
LISTENING_FIELDS = {
    "author": "the author's handle or user name (required)",
    "author_id": "the author's id on the platform",
    "author_name": "the author's display name",
    "network": "the platform the post is on (Twitter/X, Bluesky, Mastodon, LinkedIn ...)",
    "date": "when it was posted (required)",
    "time": "a separate time-of-day column, joined to date",
    "text": "the post's text (required)",
    "title": "a title or headline",
    "url": "the post's own link (permalink)",
    "post_id": "the post's id on its platform (e.g. a Tweet Id)",
    "post_type": "original / reply / repost / quote",
    "shared_url": "a link the post shares (not its own permalink)",
    "likes": "like count",
    "reshares": "repost / retweet / share count",
    "replies": "reply / comment count",
    "quotes": "quote count",
    "engagement": "total engagement",
}
LISTENING_REQUIRED = ("author", "date", "text")
# Per vendor: canonical field -> header names tried in order (all present ones are coalesced).
# Brandwatch: title-cased labels of the API's mention fields (developers.brandwatch.com, "Mention
# Field Definitions"); the CSV spellings are UNVERIFIED. Meltwater: the header seen in scripts
# that process Meltwater exports. Talkwalker: the API's document fields; CSV headers UNVERIFIED.
# Sprout Social: no published CSV layout; headers UNVERIFIED. A [listening] columns mapping
# overrides any of these.
LISTENING_PRESETS: dict[str, dict[str, tuple[str, ...]]] = {
    "brandwatch": {
        "author": ("Author",), "author_name": ("Full Name",), "author_id": ("Twitter Author ID", "Bluesky Author Id"),
        "network": ("Page Type",), "date": ("Date",), "text": ("Full Text", "Snippet"), "title": ("Title",),
        "url": ("Url",), "post_type": ("Thread Entry Type",), "shared_url": ("Expanded URLs",),
        "likes": ("Likes", "Twitter Likes"), "reshares": ("Twitter Retweets", "Reposts"),
        "replies": ("Twitter Replies", "Replies"), "quotes": ("Quotes",), "engagement": ("Engagement",),
    },
    "meltwater": {
        "author": ("Twitter Screen Name", "Influencer"), "author_name": ("Influencer",), "author_id": ("Twitter Id",),
        "network": ("Source",), "date": ("Date",), "time": ("Time",), "text": ("Hit Sentence", "Opening Text"),
        "title": ("Headline",), "url": ("URL",), "post_id": ("Tweet Id",), "likes": ("Likes",),
        "reshares": ("Reposts",), "replies": ("Replies",), "engagement": ("Engagement",),
    },
    "talkwalker": {
        "author": ("extra_author_attributes.short_name", "author"), "author_name": ("extra_author_attributes.name",),
        "author_id": ("extra_author_attributes.id",), "network": ("source_type", "external_provider"),
        "date": ("published",), "text": ("content",), "title": ("title",), "url": ("url",),
        "post_id": ("external_id",), "post_type": ("post_type",), "likes": ("likes",), "reshares": ("shares",),
        "replies": ("comments",), "engagement": ("engagement",),
    },
    "sprout": {
        "author": ("Author Username", "Author"), "author_name": ("Author Name",), "network": ("Network",),
        "date": ("Date", "Created Time"), "text": ("Message", "Text"), "url": ("Link", "Permalink"),
        "post_type": ("Message Type",), "likes": ("Likes",), "reshares": ("Shares", "Reposts"),
        "replies": ("Replies", "Comments"), "engagement": ("Engagements",),
    },
}


class ListeningSettings(_Section):
    """Social-listening CSV exports (Brandwatch, Meltwater, Talkwalker, Sprout Social ...)."""

    preset: Literal["auto", "brandwatch", "meltwater", "talkwalker", "sprout", "custom"] = Field(
        "auto", description="the vendor's column layout; auto: recognised from each file's header; custom: columns only"
    )
    columns: dict[str, str] = Field(
        default_factory=dict, description="canonical field -> header in the file; overrides the preset's header"
    )
    delimiter: str | None = Field(None, min_length=1, max_length=1, description="default: detected from the header row")
    encoding: Literal["auto", "utf-8", "utf-16", "latin-1"] = Field("auto", description="auto: UTF-16 when the file starts with its BOM")
    timestamp_format: str | None = Field(None, description="strftime format of date (+ time); default: ISO-8601 and common forms")
    timezone: str = Field("UTC", description="zone of timestamps written without an offset")
    network: str | None = Field(None, description="platform of rows with no network column and no recognisable URL, e.g. 'x'")
    header_scan_lines: int = Field(30, ge=1, le=1000, description="lines searched for the header row (preamble rows skipped)")

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, v: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(v) - set(LISTENING_FIELDS))
        if unknown:
            raise ValueError(f"unknown column field(s) {', '.join(unknown)} (known: {', '.join(LISTENING_FIELDS)})")
        empty = sorted(k for k, h in v.items() if not h.strip())
        if empty:
            raise ValueError(f"empty header name for {', '.join(empty)}")
        return v

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        return IntranetCsvFeed._known_zone(v)  # the same check (defined below; called at validation)

    @model_validator(mode="after")
    def _complete(self) -> ListeningSettings:
        if self.preset == "custom":
            missing = [f for f in LISTENING_REQUIRED if f not in self.columns]
            if missing:
                raise ValueError(f"preset 'custom' needs columns for {', '.join(missing)}")
        return self

    def mapping(self, preset: str) -> dict[str, tuple[str, ...]]:
        """Canonical field -> headers tried, for ``preset`` with this section's columns applied.

        >>> ListeningSettings(columns={"author": "Handle"}).mapping("sprout")["author"]
        ('Handle',)
        """
        base = dict(LISTENING_PRESETS.get(preset, {}))
        base.update({k: (h,) for k, h in self.columns.items()})
        return base


class IdentitySettings(_Section):
    """Identity resolution (identity.py): linking accounts to employees by name, last of all."""

    name_matching: bool = Field(
        True, description="score accounts no email or handle links against directory names (listed as candidates)"
    )
    name_match_threshold: float = Field(
        0.95,
        ge=0,
        le=1,
        description="link by name at or above this confidence; names score at most 0.9, so the default never links by name",
    )


class RecognitionSettings(_Section):
    """Thank-you words (recognition.py) beyond the built-in lexicon (en, he, es, de, fr, pt, it, nl)."""

    words: dict[str, list[str]] = Field(
        default_factory=dict,
        description="ISO 639-1 code -> extra thanks/kudos words or phrases, e.g. { nl = [\"bedankt\"] }; a trailing * matches any ending",
    )

    @field_validator("words")
    @classmethod
    def _words(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        bad_codes = sorted(k for k in v if not re.fullmatch(r"[a-z]{2}", k))
        if bad_codes:
            raise ValueError(f"language {', '.join(bad_codes)} is not an ISO 639-1 code (two lower-case letters, e.g. 'nl')")
        for code, words in v.items():
            for word in words:
                w = word.strip()
                if not w or w == "*" or len(w) > 100 or any(ord(c) < 32 for c in w):
                    raise ValueError(f"{code}: '{word}' is not a word or phrase (1-100 characters, one line)")
                if "*" in w.rstrip("*") or w.endswith("**"):
                    raise ValueError(f"{code}: '{word}': '*' may only end a word (danke* matches dankeschön)")
        return v


# ---- [[intranet_csv.feeds]] (sources/intranet_csv.py) ------------------------------------
INTRANET_CSV_KINDS = ("post", "comment", "reaction")
# canonical field -> what the mapped column holds (README: "Generic intranet CSV")
INTRANET_CSV_FIELDS = {
    "id": "the record's id (unique within the feed name; optional for reactions)",
    "author_id": "the author's user id on the intranet",
    "author_email": "the author's email (links the account to the directory)",
    "author_name": "the author's display name",
    "created_at": "when it was written (ISO-8601, or timestamp_format)",
    "title": "a title, put before the text",
    "text": "the body",
    "parent_id": "comments: the post or comment answered; reactions: the post reacted to",
    "target_author_id": "reactions: whose post it was, when there is no parent_id",
    "target_author_email": "reactions: whose post it was, by email",
    "context": "the space, group or forum it was posted in",
    "url": "a link to it",
    "private": "rows whose value is in private_values are never stored",
    "mentions": "comma- or semicolon-separated user ids or emails of people mentioned",
}
_FEED_NAME = r"^[a-z0-9][a-z0-9_-]{0,39}$"


class IntranetCsvFeed(_Section):
    """One kind of CSV file of an intranet, and how its columns map onto canonical fields."""

    name: str = Field(description="the intranet's name; namespaces account and post ids")
    files: str = Field(description="glob under DATA_DIR/intranet_csv/, e.g. 'igloo/posts*.csv'")
    kind: Literal["post", "comment", "reaction"] | None = Field(None, description="what every row is")
    kind_column: str | None = Field(None, description="or: the header whose value says what a row is")
    kind_values: dict[Literal["post", "comment", "reaction"], list[str]] = Field(
        default_factory=dict, description="with kind_column: kind -> the values meaning it"
    )
    delimiter: str | None = Field(None, min_length=1, max_length=1, description="default: detected")
    encoding: Literal["utf-8", "utf-16", "latin-1"] = "utf-8"
    timestamp_format: str | None = Field(None, description="strftime format of created_at; default ISO-8601")
    timezone: str = Field("UTC", description="zone of timestamps written without an offset")
    text_format: Literal["plain", "html"] = Field("plain", description="html: tags removed from title and text")
    private_values: list[str] = Field(
        default_factory=lambda: ["yes", "true", "1", "y", "x", "private"],
        description="values of the private column (any case) that mark a row private",
    )
    columns: dict[str, str] = Field(description="canonical field -> header in the file")

    def label(self) -> str:
        """How messages name this feed."""
        return f"feed '{self.name}' (files '{self.files}')"

    def kinds(self) -> tuple[str, ...]:
        """The kinds this feed's rows can be."""
        return (self.kind,) if self.kind else tuple(k for k in INTRANET_CSV_KINDS if k in self.kind_values)

    def headers(self) -> list[str]:
        """Every header the file must have (mapped columns and the kind column), in order."""
        out = list(dict.fromkeys(self.columns.values()))
        if self.kind_column and self.kind_column not in out:
            out.append(self.kind_column)
        return out

    @field_validator("name")
    @classmethod
    def _short_name(cls, v: str) -> str:
        if not re.match(_FEED_NAME, v):
            raise ValueError(f"'{v}' must be 1-40 lower-case letters, digits, '-' or '_' (e.g. 'igloo')")
        return v

    @field_validator("files")
    @classmethod
    def _relative_glob(cls, v: str) -> str:
        parts = v.replace("\\", "/").split("/")
        if not v.strip() or v.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
            raise ValueError(f"'{v}' must be a pattern relative to DATA_DIR/intranet_csv/ (no '..', not absolute)")
        return v.replace("\\", "/")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone '{v}' (use an IANA name such as 'UTC' or 'Europe/Paris')") from None
        return v

    @field_validator("timestamp_format")
    @classmethod
    def _has_directive(cls, v: str | None) -> str | None:
        if v is not None and "%" not in v:
            raise ValueError(f"'{v}' has no % directive (example: '%Y-%m-%d %H:%M:%S')")
        return v

    @model_validator(mode="after")
    def _complete(self) -> IntranetCsvFeed:
        where = self.label()
        unknown = sorted(set(self.columns) - set(INTRANET_CSV_FIELDS))
        if unknown:
            raise ValueError(
                f"{where}: unknown column field(s) {', '.join(unknown)} (known: {', '.join(INTRANET_CSV_FIELDS)})"
            )
        empty = sorted(k for k, h in self.columns.items() if not h.strip())
        if empty:
            raise ValueError(f"{where}: empty header name for {', '.join(empty)}")
        if (self.kind is None) == (self.kind_column is None):
            raise ValueError(f"{where}: set exactly one of kind (post, comment or reaction) or kind_column")
        if self.kind_column is not None and not self.kind_values:
            raise ValueError(f"{where}: kind_column needs kind_values, e.g. {{ post = [\"Blog\"], comment = [\"Comment\"] }}")
        if self.kind is not None and self.kind_values:
            raise ValueError(f"{where}: kind_values only go with kind_column")
        seen: dict[str, str] = {}
        for kind, values in self.kind_values.items():
            for value in values:
                if value.strip().lower() in seen:
                    raise ValueError(f"{where}: kind value '{value}' listed for both {seen[value.strip().lower()]} and {kind}")
                seen[value.strip().lower()] = kind
        needs: list[str] = []
        has = set(self.columns)
        if "created_at" not in has:
            needs.append("created_at")
        if not has & {"author_id", "author_email"}:
            needs.append("author_id or author_email")
        for kind in self.kinds():
            if kind in ("post", "comment") and "id" not in has:
                needs.append(f"id (for {kind}s)")
            if kind == "comment" and "parent_id" not in has:
                needs.append("parent_id (for comments)")
            if kind == "reaction" and not has & {"parent_id", "target_author_id", "target_author_email"}:
                needs.append("parent_id, target_author_id or target_author_email (for reactions)")
        if needs:
            raise ValueError(f"{where}: columns must map {'; '.join(dict.fromkeys(needs))}")
        return self


class IntranetCsvSettings(_Section):
    """Generic intranet CSV exports (IGLOO-style platforms and anything else)."""

    feeds: list[IntranetCsvFeed] = Field(
        default_factory=list, description="one entry per kind of CSV file; without any, nothing is read"
    )


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
    invitations: InvitationSettings = Field(default_factory=InvitationSettings)
    window: WindowSettings = Field(default_factory=WindowSettings)
    graph: GraphSettings = Field(default_factory=GraphSettings)
    culture: CultureSettings = Field(default_factory=CultureSettings)
    weights: WeightsSettings = Field(default_factory=WeightsSettings)
    learning: LearningSettings = Field(default_factory=LearningSettings)
    directory: DirectorySettings = Field(default_factory=DirectorySettings)
    privacy: PrivacySettings = Field(default_factory=PrivacySettings)
    limits: LimitsSettings = Field(default_factory=LimitsSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    intranet_csv: IntranetCsvSettings = Field(default_factory=IntranetCsvSettings)
    identity: IdentitySettings = Field(default_factory=IdentitySettings)
    recognition: RecognitionSettings = Field(default_factory=RecognitionSettings)
    listening: ListeningSettings = Field(default_factory=ListeningSettings)
    refresh: RefreshSettings = Field(default_factory=RefreshSettings)

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
