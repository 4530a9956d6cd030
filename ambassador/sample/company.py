"""The fictional company behind the sample: employees, their hidden traits, their accounts.

Everything here is drawn from one ``random.Random(seed)`` in a fixed order, so the same
arguments give the same company. Nothing iterates over a set or an unordered dict.

Archetypes (hidden, written only to the truth file):

==================  ===========================================================
ideal_ambassador    on-culture, much engagement, recognises colleagues widely
solid_contributor   decent fit and reach, steady activity
quiet_expert        posts little, but what they post draws many replies
broadcaster         posts a lot, little engagement comes back
central_negative    much engagement, off-culture and negative text
amplifier           mostly reshares on the public platforms (``RT @…``, boosts, reposts)
newcomer            hired within the last two months
background          rarely posts
communications      the Communications department (excluded from shortlists)
opted_out           asked not to be considered; still posts everywhere
guest_contractor    a contractor in the directory whose Slack account is a single- or
                    multi-channel guest; on-culture and much engagement (tempting)
departed            left during the window: the directory row carries the leaving date,
                    the Slack user is deactivated, posting stops that day (tempting)
bot                 a service account listed in the directory ("Release Notifier"); its
                    Slack user is a bot carrying the directory email and posts templates
sarcastic_hub       central and much engaged with, but mocks the values while quoting their
                    words; colleagues answer with laughter reactions and amused one-liners
executive           the top of the management chain (the CEO and a few VPs): all-staff
                    announcements in #announcements that most staff acknowledge
burst               busy in one single week of the window, nearly silent otherwise
quiet_carrier       on-culture, a post every one to three weeks, each drawing many colleagues
rising_newcomer     hired 4-9 weeks before the window ends, on-culture, much engagement since
==================  ===========================================================

Relevance (the grade of a good brand voice, 0-3): ideal_ambassador, quiet_carrier and
rising_newcomer 3; quiet_expert 2; solid_contributor 2 or 1; burst and the other eligible
archetypes 1; background, central_negative, sarcastic_hub, executive and the ineligible 0.

Everyone writes in one language (``Person.language``): English, or the language
:func:`assign_languages` gives them from a stream of its own, so the same seed with other
languages is the same company in other words.

The "wrong people" (:data:`WRONG_KINDS`) must never rank high: broadcaster, central_negative,
amplifier, sarcastic_hub ("sarcastic") and executive ("executive_ack") are eligible but poor
voices; bot, guest, departed, opted_out and the excluded
department may not be shortlisted at all (:data:`INELIGIBLE_KINDS`). Outside the directory the
Slack workspace also holds staff who left and were removed from it, guests, Slack Connect
partners and integration bots; the truth file lists them by Slack user id.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

COMPANY_NAME = "Northwind Lighthouse"
COMPANY_SLUG = "northwind-lighthouse"
DOMAIN = "northwindlighthouse.com"
BRAND_X = "NorthwindLH"
BRAND_X_ID = "1184532960481792001"
HASHTAGS = ["#LifeAtNorthwind", "#NorthwindLighthouse"]
BRAND_MASTODON = "northwind@mastodon.social"
BRAND_BLUESKY = "northwind.bsky.social"
BRAND_LINKEDIN = f"https://www.linkedin.com/company/{COMPANY_SLUG}"
MASTODON_HOSTS = ["mastodon.social", "hachyderm.io", "fosstodon.org"]

FIRST_NAMES = [
    "Aisha", "Ben", "Chloé", "Daniel", "Elif", "Femi", "Grace", "Hugo", "Ines", "Jonas", "Kavya", "Liam",
    "Maja", "Noah", "Olga", "Pedro", "Priya", "Quinn", "Rosa", "Samir", "Tessa", "Umar", "Vera", "Wei",
    "Ximena", "Yusuf", "Zoë", "Amara", "Bram", "Carmen", "Dev", "Emma", "Farah", "Gustav", "Hana", "Ivan",
    "José", "Kenji", "Lena", "Mateo", "Nadia", "Oscar", "Paula", "Rahul", "Sofia", "Tomás", "Ulla", "Viktor",
    "Wren", "Yara", "Zane", "Alice", "Björn", "Cyrus", "Dana", "Eitan", "Fatima", "Gemma", "Hiro", "Isla",
    "Jakub", "Kofi", "Leila", "Marco", "Nina", "Omar", "Pia", "Ravi", "Saoirse", "Theo", "Uma", "Valentina",
    "Will", "Xavier", "Yasmin", "Zara", "Anouk", "Caleb", "Diego", "Erin", "Finn", "Gabriela", "Harvey",
    "Ingrid", "Joon", "Katarzyna", "Luca", "Mei", "Niamh", "Olu", "Patrick", "Rhea", "Søren", "Tara", "Łukasz",
    "Siobhán", "Mohammed", "Sarah", "James", "Maria", "David", "Laura", "Ahmed", "Anna", "Chen", "Fiona",
]
LAST_NAMES = [
    "Okafor", "de Vries", "Martin", "Kowalski", "Nguyen", "Silva", "Haddad", "Jansen", "Murphy", "Schmidt",
    "García", "Rossi", "Tanaka", "Müller", "O'Brien", "Patel", "Andersen", "Costa", "Dubois", "Ekström",
    "Fischer", "Gonzalez", "Hansen", "Ibrahim", "Jovanović", "Kim", "Larsen", "MacLeod", "Novak", "Oliveira",
    "Petrov", "Quinn", "Reyes", "Sato", "Thompson", "Ueda", "Visser", "Wójcik", "Yilmaz", "Zhang", "Bakker",
    "Chowdhury", "Dahl", "Evans", "Ferreira", "Gallagher", "Horvat", "Iqbal", "Jensen", "Khan", "Lindqvist",
    "Mensah", "Nakamura", "Osei", "Pereira", "Rahman", "Santos", "Torres", "van Dijk", "Walsh", "Abe", "Brennan",
    "Castillo", "Duarte", "Eriksen", "Fontaine", "Grant", "Holm", "Ivanova", "Jaramillo", "Kaur", "Lopez",
    "Moreau", "Nilsen", "Ortiz", "Park", "Ribeiro", "Smit", "Tran", "Uddin", "Vega", "Watanabe", "Young",
    "Zieliński", "Achterberg", "Bianchi", "Cruz", "Doherty", "Engel", "Fuchs", "Greene", "Hoang", "Ito",
]

# name, share of headcount, channel slug, individual titles, manager titles
DEPARTMENTS = [
    ("Engineering", 0.28, "eng", ["Software Engineer", "Senior Software Engineer", "Staff Engineer",
                                  "Site Reliability Engineer", "QA Engineer", "Data Engineer"],
     ["Engineering Manager", "Director of Engineering"]),
    ("Customer Success", 0.16, "customer-success", ["Customer Success Manager", "Support Specialist",
                                                    "Onboarding Specialist", "Solutions Consultant"],
     ["Customer Success Lead", "Head of Customer Success"]),
    ("Sales", 0.11, "sales", ["Account Executive", "Sales Development Rep", "Sales Engineer"],
     ["Sales Manager", "VP Sales"]),
    ("Operations", 0.15, "ops", ["Field Engineer", "Marine Technician", "Installation Coordinator",
                                 "Safety Officer"], ["Operations Manager", "Director of Operations"]),
    ("Product", 0.09, "product", ["Product Manager", "Product Designer", "UX Researcher"],
     ["Group Product Manager", "Head of Product"]),
    ("People", 0.06, "people-team", ["People Partner", "Recruiter", "Learning & Development Specialist"],
     ["People Manager", "Head of People"]),
    ("Finance", 0.06, "finance", ["Financial Analyst", "Accountant", "Procurement Specialist"],
     ["Finance Manager", "CFO"]),
    ("Communications", 0.09, "comms", ["Communications Specialist", "Social Media Manager", "Content Writer",
                                       "Brand Designer"], ["Communications Manager", "Head of Communications"]),
]
# city, share, Slack tz, tz label, offset seconds
LOCATIONS = [
    ("Rotterdam", 0.30, "Europe/Amsterdam", "Central European Time", 3600),
    ("Halifax", 0.14, "America/Halifax", "Atlantic Standard Time", -14400),
    ("Lisbon", 0.14, "Europe/Lisbon", "Western European Time", 0),
    ("Singapore", 0.12, "Asia/Singapore", "Singapore Standard Time", 28800),
    ("Portland", 0.12, "America/Los_Angeles", "Pacific Standard Time", -28800),
    ("Gdańsk", 0.10, "Europe/Warsaw", "Central European Time", 3600),
    ("Remote", 0.08, "Europe/London", "Greenwich Mean Time", 0),
]

# archetype: share of non-Communications staff, culture_fit, social_pull, posts/day, P(has X archive)
ARCHETYPES: dict[str, tuple[float, tuple[float, float], tuple[float, float], tuple[float, float], float]] = {
    "ideal_ambassador": (0.06, (0.82, 0.97), (0.72, 0.95), (0.9, 1.5), 0.85),
    "solid_contributor": (0.28, (0.55, 0.80), (0.30, 0.60), (0.3, 0.7), 0.18),
    "quiet_expert": (0.12, (0.65, 0.90), (0.55, 0.80), (0.08, 0.2), 0.10),
    "broadcaster": (0.06, (0.40, 0.62), (0.03, 0.15), (1.8, 2.8), 0.50),
    "central_negative": (0.04, (0.05, 0.22), (0.70, 0.92), (0.9, 1.4), 0.50),
    "amplifier": (0.05, (0.45, 0.70), (0.15, 0.35), (0.2, 0.45), 0.95),
    "newcomer": (0.07, (0.45, 0.85), (0.05, 0.30), (0.15, 0.45), 0.20),
    "background": (0.0, (0.30, 0.65), (0.05, 0.30), (0.03, 0.15), 0.08),  # the rest
    "communications": (0.0, (0.75, 0.95), (0.60, 0.90), (1.0, 1.5), 0.85),
    "opted_out": (0.0, (0.70, 0.95), (0.50, 0.90), (0.5, 1.1), 0.70),
    # planted after the draw above (_plant_wrong_people), never by share
    "guest_contractor": (0.0, (0.78, 0.95), (0.65, 0.90), (0.8, 1.3), 0.0),
    "departed": (0.0, (0.78, 0.95), (0.65, 0.90), (0.9, 1.4), 0.0),
    # central and much engaged with, but mocks the values (quoting their words); colleagues laugh along
    "sarcastic_hub": (0.03, (0.10, 0.30), (0.72, 0.95), (0.8, 1.3), 0.45),
    # one busy week in the window (BURST_DAYS), nearly silent otherwise: activity is the quiet rate
    "burst": (0.02, (0.45, 0.80), (0.45, 0.75), (0.01, 0.04), 0.15),
    # on-culture, a post every one to three weeks, each drawing many colleagues (Actor.draw)
    "quiet_carrier": (0.03, (0.84, 0.97), (0.80, 0.97), (0.07, 0.19), 0.10),
    # hired 4-9 weeks before the end of the window, on-culture, much engagement since
    "rising_newcomer": (0.02, (0.82, 0.96), (0.70, 0.92), (0.7, 1.2), 0.30),
    # the top of the management chain (the CEO and a few VPs), planted by position, never by
    # share: all-staff announcements everyone acknowledges
    "executive": (0.0, (0.50, 0.75), (0.30, 0.55), (0.25, 0.45), 0.40),
}
CANDIDATE_ARCHETYPES = ["ideal_ambassador", "solid_contributor", "quiet_expert", "broadcaster",
                        "central_negative", "amplifier", "newcomer", "sarcastic_hub", "burst", "quiet_carrier",
                        "rising_newcomer"]
# fewest people of an archetype in a company of at least 20 candidates (1 unless listed)
MIN_COUNT = {"sarcastic_hub": 2}
# executives: the CEO plus this many department heads, by headcount (3 to 6 in all)
def executive_count(people: int) -> int:
    """How many executives a company of ``people`` has, the CEO included (3 to 6)."""
    return min(6, 3 + people // 300)


# a burst person's busy stretch, and their posts a day then (across their channels)
BURST_DAYS = 7
BURST_RATE = (2.5, 4.5)
# how much more engagement each post of an archetype draws than its social pull alone says
DRAW = {"quiet_carrier": 3.0, "rising_newcomer": 1.3, "sarcastic_hub": 1.3}
NON_CANDIDATES = ("communications", "opted_out", "guest_contractor", "departed", "bot")
# What makes someone one of the "wrong people", by archetype (empty: a fine candidate), and
# the kinds no eligibility rule may let through at all.
WRONG_KINDS = {"broadcaster": "broadcaster", "central_negative": "central_negative", "amplifier": "amplifier",
               "opted_out": "opted_out", "communications": "excluded_department", "guest_contractor": "guest",
               "departed": "departed", "bot": "bot", "sarcastic_hub": "sarcastic", "executive": "executive_ack"}
INELIGIBLE_KINDS = ("bot", "guest", "departed", "opted_out", "excluded_department")
# Shares of headcount turned into guest contractors and leavers (at least one each), and
# people per listed service account (at least one).
GUEST_CONTRACTOR_SHARE = 0.015
DEPARTED_SHARE = 0.02
PEOPLE_PER_SERVICE_ACCOUNT = 600
# directory name, Slack handle, what it posts (ChannelSim.service_posts)
SERVICE_ACCOUNTS = [("Release Notifier", "release-notifier", "release"), ("Build Reporter", "build-reporter", "build"),
                    ("Backup Monitor", "backup-monitor", "backup"), ("Status Digest", "status-digest", "status")]

_ID_CHARS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_HEX = "0123456789abcdef"


# Public-social posting of the smaller networks (Mastodon, Bluesky): posts per 90 days by
# archetype, and the text categories each archetype draws from.
PUBLIC_VOLUME = {"ideal_ambassador": 30, "communications": 35, "amplifier": 25, "broadcaster": 45,
          "central_negative": 20, "solid_contributor": 8, "quiet_expert": 4, "newcomer": 5,
          "background": 3, "opted_out": 15, "guest_contractor": 20, "departed": 20, "sarcastic_hub": 20,
          "executive": 12, "burst": 2, "quiet_carrier": 4, "rising_newcomer": 8}
PUBLIC_CATEGORIES = {"ideal_ambassador": ["x_brand", "x_customer", "x_learning", "x_recognition"],
              "communications": ["x_brand", "x_hiring", "x_customer"],
              "central_negative": ["x_negative", "x_chatter"], "sarcastic_hub": ["x_negative", "x_chatter"],
              "executive": ["x_brand", "x_hiring", "x_customer"],
              "quiet_carrier": ["x_learning", "x_recognition", "x_customer"]}
PUBLIC_DEFAULT_CATEGORIES = ["x_chatter", "x_learning", "x_brand", "x_recognition"]
# Share of those posts that reshare (boost, repost) another's post: amplifiers mostly pass posts
# on, ideal ambassadors mostly write their own; and the share of reshares and quotes whose
# original is the brand's (the rest are colleagues').
PUBLIC_RESHARE = {"amplifier": 0.6, "communications": 0.3, "ideal_ambassador": 0.12, "broadcaster": 0.1,
                  "central_negative": 0.05}
PUBLIC_DEFAULT_RESHARE = 0.15
BRAND_RESHARE = 0.45

@dataclass(frozen=True)
class Industry:
    """What differs between the fictional companies: brand, org chart, offices and words.

    ``ceo_department`` is where the CEO sits, ``engineering_department`` whose head the
    service accounts report to, ``teams_departments`` the two departments on Microsoft Teams
    and ``viva_departments`` the two on Viva Engage (each pair: a "desk" and a "field"
    department), ``exec_titles`` the title of a department head who is an executive.
    """

    key: str
    company_name: str
    slug: str
    domain: str
    brand_x: str
    brand_x_id: str
    hashtags: tuple[str, ...]
    brand_mastodon: str
    brand_bluesky: str
    departments: list
    locations: list
    first_names: list[str]
    last_names: list[str]
    ceo_department: str
    engineering_department: str
    teams_departments: tuple[str, str]
    viva_departments: tuple[str, str]
    exec_titles: dict
    pack: object  # text.TextPack
    values_md: object  # callable: lang -> markdown, or None when the language has none
    exemplars: object  # callable: lang -> list of texts
    excluded_department: str = "Communications"
    short_name: str = ""  # how staff call it ("Northwind")
    customer_facing: tuple[str, ...] = ("Customer Success", "Sales", "Product")  # in the shared channel
    partner: tuple[str, str] = ("cobalt-shipping", "Cobalt Shipping")  # a customer on Slack Connect
    customers_purpose: str = "What we hear on the quay"  # of #customer-stories
    industry_label: str = "Software Development"  # LinkedIn's industry field
    services: tuple[str, ...] = ("harbor-api", "tidewatch-eta", "beacon-web", "dockside-gateway")  # what the bots deploy

    @property
    def brand_linkedin(self) -> str:
        return f"https://www.linkedin.com/company/{self.slug}"

    @property
    def brand_handles(self) -> list[str]:
        return [f"@{self.brand_x}", f"@{self.brand_mastodon}", f"@{self.brand_bluesky}", self.brand_linkedin]

    def department_slug(self, name: str) -> str:
        return next(d[2] for d in self.departments if d[0] == name)


def _software_values(lang: str) -> str | None:
    from ambassador.sample.text import VALUES_MD

    if lang == "en":
        return VALUES_MD
    from ambassador.sample.translations import VALUES_MD_BY_LANGUAGE

    return VALUES_MD_BY_LANGUAGE.get(lang)


def _software_exemplars(lang: str) -> list[str]:
    from ambassador.sample.text import EXEMPLARS

    if lang == "en":
        return list(EXEMPLARS)
    from ambassador.sample.translations import EXEMPLARS_BY_LANGUAGE

    return list(EXEMPLARS_BY_LANGUAGE.get(lang, []))


def _software() -> Industry:
    from ambassador.sample.text import default_pack

    return Industry(
        "software", COMPANY_NAME, COMPANY_SLUG, DOMAIN, BRAND_X, BRAND_X_ID, tuple(HASHTAGS), BRAND_MASTODON,
        BRAND_BLUESKY, DEPARTMENTS, LOCATIONS, FIRST_NAMES, LAST_NAMES, "Operations", "Engineering",
        ("Engineering", "Operations"), ("Operations", "Customer Success"),
        {"Engineering": "VP Engineering", "Customer Success": "VP Customer Success", "Sales": "VP Sales",
         "Operations": "Chief Operating Officer", "Product": "Chief Product Officer", "People": "Chief People Officer",
         "Finance": "Chief Financial Officer"},
        default_pack(), _software_values, _software_exemplars, short_name="Northwind")


INDUSTRIES = ("software", "hospital")
_INDUSTRY_CACHE: dict[str, Industry] = {}


def get_industry(name: str | Industry = "software") -> Industry:
    """The :class:`Industry` called ``name`` ("software": Northwind Lighthouse; "hospital":
    the hospital of :mod:`ambassador.sample.hospital`)."""
    if isinstance(name, Industry):
        return name
    if name not in INDUSTRIES:
        raise ValueError(f"unknown industry {name!r}; choose one of {', '.join(INDUSTRIES)}")
    if name not in _INDUSTRY_CACHE:
        if name == "software":
            _INDUSTRY_CACHE[name] = _software()
        else:
            from ambassador.sample.hospital_industry import hospital_industry

            _INDUSTRY_CACHE[name] = hospital_industry()
    return _INDUSTRY_CACHE[name]


@dataclass(slots=True)
class XIdentity:
    """An employee's X account; ``archive`` says whether their archive is in the sample."""

    screen_name: str
    account_id: str
    display_name: str
    archive: bool
    account_email: str
    created_at: str


@dataclass(slots=True)
class Person:
    """One employee: directory row, hidden traits, and accounts."""

    idx: int
    employee_id: str
    first: str
    last: str
    full_name: str
    email: str
    department: str
    title: str
    manager_id: str
    location: str
    hire_date: date
    archetype: str
    culture_fit: float
    social_pull: float
    activity: float
    opt_out: bool
    slack_id: str = ""
    slack_name: str = ""
    slack_email: str = ""
    slack_fields: dict | None = None
    x: XIdentity | None = None
    x_typed: str = ""
    mastodon: str = ""  # the account (user@host), or ""
    bluesky: str = ""  # the account's handle, or ""
    linkedin: str = ""  # the public profile URL, or ""
    mastodon_typed: str = ""  # how the directory holds them ("" when not declared)
    bluesky_typed: str = ""
    linkedin_typed: str = ""
    linkedin_export: bool = False  # donated their LinkedIn data export to the sample
    left_on: date | None = None  # leaving date (departed): the directory's termination_date
    guest: str = ""  # "multi" or "single": a contractor whose Slack account is a guest's
    language: str = "en"  # the language they write every post in
    latin_first: str = ""  # the name in ASCII letters, for emails and handles
    latin_last: str = ""
    burst_from: int = -1  # burst: the first day of their busy week (window day index)
    burst_rate: float = 0.0  # burst: posts a day during that week

    @property
    def relevance(self) -> int:
        """How good a brand voice this person would be, 0-3 (ground truth for evaluation)."""
        a = self.archetype
        if a in NON_CANDIDATES or a in ("central_negative", "background", "sarcastic_hub", "executive"):
            return 0
        if a in ("ideal_ambassador", "quiet_carrier", "rising_newcomer"):
            return 3
        if a == "quiet_expert":
            return 2
        if a == "solid_contributor":
            return 2 if self.culture_fit >= 0.7 and self.social_pull >= 0.45 else 1
        return 1

    @property
    def wrong_kind(self) -> str:
        """What makes this person one of the "wrong people" ("" for a fine candidate)."""
        return WRONG_KINDS.get(self.archetype, "")


@dataclass(slots=True)
class Actor:
    """Anyone who posts in the Slack workspace (employees first, in directory order)."""

    slack_id: str
    name: str
    real_name: str
    kind: str  # employee | departed | guest | external
    fit: float
    pull: float
    activity: float
    archetype: str
    department: str
    location: str
    person: int = -1
    active_from: int = 0  # first day index they can post
    active_until: int = 1 << 30  # last day index they can post
    email: str = ""
    team: str = ""
    ultra: bool = False  # a single-channel guest
    restricted: bool = False  # a guest account (kind "guest" always is)
    deactivated: bool = False  # a deactivated account (kind "departed" always is)
    language: str = "en"
    draw: float = 1.0  # engagement multiplier of their posts (DRAW)
    burst_from: int = -1  # first day of a burst week, or -1
    burst_rate: float = 0.0  # posts a day during it

    def bursting(self, day: int) -> bool:
        """Whether ``day`` falls in this actor's burst week."""
        return 0 <= self.burst_from <= day < self.burst_from + BURST_DAYS


@dataclass(slots=True)
class ServiceAccount:
    """A directory row that is no person: a bot whose Slack user carries the directory email."""

    employee_id: str
    full_name: str
    email: str
    department: str
    title: str
    manager_id: str
    location: str
    hire_date: date
    slack_id: str
    slack_name: str
    bot_id: str
    app_id: str
    posts: str  # what it posts: release | build | backup | status


@dataclass
class Company:
    """The whole cast: directory people, Slack actors and the window they act in."""

    seed: int
    start: datetime
    end: datetime
    days: int
    team_id: str
    people: list[Person]
    actors: list[Actor]
    external_team: str
    used_ids: set[str] = field(default_factory=set)
    service_accounts: list[ServiceAccount] = field(default_factory=list)
    industry: "Industry | None" = None  # set by build_company (SOFTWARE by default)
    languages: dict[str, float] = field(default_factory=dict)

    @property
    def pack(self):
        """The industry's words (text.TextPack)."""
        return self.industry.pack

    def epoch(self, day: int) -> int:
        """Epoch seconds of midnight UTC of window day ``day``."""
        return int(self.start.timestamp()) + 86400 * day


def new_id(rng: random.Random, used: set[str], prefix: str, length: int = 9) -> str:
    """A Slack-style id (``U0…``, ``C0…``) not handed out before."""
    while True:
        v = prefix + "".join(rng.choice(_ID_CHARS) for _ in range(length))
        if v not in used:
            used.add(v)
            return v


def ascii_fold(s: str) -> str:
    """``"Łukasz Wójcik"`` -> ``"Lukasz Wojcik"``.

    >>> ascii_fold("Søren Zieliński")
    'Soren Zielinski'
    """
    s = s.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O").replace("ß", "ss")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def _pick_weighted(rng: random.Random, items: list, weights: list[float]):
    return rng.choices(items, weights=weights, k=1)[0]


def _u(rng: random.Random, lo_hi: tuple[float, float]) -> float:
    return round(rng.uniform(*lo_hi), 3)


def _archetypes(rng: random.Random, n_candidates: int, n_opted: int) -> list[str]:
    out = ["opted_out"] * n_opted
    for name in CANDIDATE_ARCHETYPES:
        share = ARCHETYPES[name][0]
        k = max(MIN_COUNT.get(name, 1), round(share * n_candidates)) if n_candidates >= 20 \
            else max(0, round(share * n_candidates))
        out += [name] * k
    out = out[: n_candidates + n_opted]
    out += ["background"] * (n_candidates + n_opted - len(out))
    rng.shuffle(out)
    return out


def normalize_name(s: str) -> str:
    """A name as Slack's ``*_normalized`` fields hold it: accents folded, other scripts kept
    (``"Zoë ישראלי"`` -> ``"Zoe ישראלי"``)."""
    return "".join(ascii_fold(ch) or ("" if unicodedata.combining(ch) else ch) for ch in s)


def _name_token(s: str) -> str:
    """ASCII letters and digits of a name part, for emails and handles (``"O'Brien"`` ->
    ``"OBrien"``, ``"de Vries"`` -> ``"deVries"``)."""
    return "".join(ch for ch in ascii_fold(s) if ch.isascii() and ch.isalnum())


# the order in which languages take their share of people (assign_languages)
LANGUAGE_ORDER = ("he", "es", "de", "fr", "pt")


def assign_languages(seed: int, people: int, languages: dict[str, float] | None) -> list[tuple[str, float, float, float]]:
    """Each person's writing language and the draws that name them, from a stream of its own.

    Every person takes four draws whatever the shares (which language, which script, which
    first and last name), and the languages take consecutive stretches of one uniform draw in
    :data:`LANGUAGE_ORDER` (whatever order the mapping lists them in). So the people writing
    Hebrew at share 0.2 are among those writing it at 0.3 (a later language keeps its people as
    long as the shares before it stay), and the company's behaviour stream never sees any of it.
    """
    rng = random.Random(f"{seed}:language")
    shares = sorted(((lang, float(v)) for lang, v in (languages or {}).items() if lang != "en" and float(v) > 0),
                    key=lambda lv: (LANGUAGE_ORDER.index(lv[0]) if lv[0] in LANGUAGE_ORDER else len(LANGUAGE_ORDER), lv[0]))
    out = []
    for _ in range(people):
        u, script, f, l = rng.random(), rng.random(), rng.random(), rng.random()
        lang, acc = "en", 0.0
        for name, share in shares:
            if acc <= u < acc + share:
                lang = name
                break
            acc += share
        out.append((lang, script, f, l))
    return out


# share of Hebrew writers whose directory name is in Hebrew script (the rest: transliterated)
HEBREW_SCRIPT_SHARE = 2 / 3


def _language_name(lang: str, script: float, f: float, l: float) -> tuple[str, str, str, str]:
    """(first, last, latin first, latin last) of a person writing ``lang``."""
    from ambassador.sample import translations as tr

    firsts, lasts = tr.FIRST_NAMES_BY_LANGUAGE[lang], tr.LAST_NAMES_BY_LANGUAGE[lang]
    i, j = int(f * len(firsts)), int(l * len(lasts))
    first, last = firsts[i], lasts[j]
    if lang == "he":
        lf, ll = tr.LATIN_HEBREW_FIRST, tr.LATIN_HEBREW_LAST
        latin_first, latin_last = lf[i % len(lf)], ll[j % len(ll)]
        if script >= HEBREW_SCRIPT_SHARE:  # written in Latin letters in the directory
            first, last = latin_first, latin_last
        return first, last, latin_first, latin_last
    return first, last, first, last


def check_languages(languages: dict[str, float] | None, pack) -> dict[str, float]:
    """``languages`` validated: known languages, shares in [0, 1] summing to at most 1."""
    out: dict[str, float] = {}
    for lang, share in (languages or {}).items():
        share = float(share)
        if lang == "en" or share == 0:
            continue
        if not 0 < share <= 1:
            raise ValueError(f"the share of {lang!r} must lie in (0, 1], not {share}")
        if lang not in pack.languages():
            raise ValueError(f"no sample text in {lang!r}; languages available: {', '.join(pack.languages())}")
        out[lang] = share
    if sum(out.values()) > 1 + 1e-9:
        raise ValueError(f"language shares add up to more than 1: {out}")
    return out


def _is_exec_title(title: str) -> bool:
    return title.startswith(("VP", "Chief", "CEO", "CFO", "COO", "CTO"))


def build_company(people: int, days: int, seed: int, end: date, languages: dict[str, float] | None = None,
                  industry: str | Industry = "software") -> Company:
    """Draw the company: directory rows, traits, Slack and X identities.

    ``languages`` maps a language code to the share of people writing it (the rest write
    English); it changes only names and words, never behaviour (:func:`assign_languages`).
    """
    if people < 12:
        raise ValueError("people must be at least 12 (one per department plus a few)")
    ind = get_industry(industry)
    languages = check_languages(languages, ind.pack)
    DEPARTMENTS, LOCATIONS = ind.departments, ind.locations  # noqa: N806 (the industry's tables)
    rng = random.Random(seed)
    end_dt = datetime(end.year, end.month, end.day, tzinfo=timezone.utc)
    start_dt = end_dt - timedelta(days=days)
    used: set[str] = set()
    team_id = new_id(rng, used, "T0", 8)
    ext_team = new_id(rng, used, "T0", 8)

    # departments: CEO first, then everyone by share, the excluded department fixed
    dept_names = [d[0] for d in DEPARTMENTS]
    dept_shares = [d[1] for d in DEPARTMENTS]
    depts = [ind.ceo_department] + [_pick_weighted(rng, dept_names, dept_shares) for _ in range(people - 1)]
    for d in dept_names:  # every department has someone
        if d not in depts:
            depts[1 + dept_names.index(d)] = d
    # executives: the CEO and the heads (first members) of a few departments
    heads = {}
    for i in range(1, people):
        heads.setdefault(depts[i], i)
    exec_pool = [heads[d] for d in dept_names if d in heads and d != ind.excluded_department]
    exec_heads = sorted(rng.sample(exec_pool, min(len(exec_pool), executive_count(people) - 1)))
    executives = [0] + exec_heads
    comms = [i for i, d in enumerate(depts) if d == ind.excluded_department]
    others = [i for i, d in enumerate(depts) if d != ind.excluded_department and i not in executives]
    n_opted = max(2, round(0.04 * people))
    arche = _archetypes(rng, len(others) - n_opted, n_opted)
    archetype_of = {i: a for i, a in zip(others, arche)}
    for i in comms:
        archetype_of[i] = "communications"
    for i in executives:
        archetype_of[i] = "executive"
    voices = assign_languages(seed, people, languages)

    # names and emails
    used_emails: set[str] = set()
    persons: list[Person] = []
    by_dept: dict[str, list[int]] = {d: [] for d in dept_names}
    end_d = end
    for i in range(people):
        first = rng.choice(ind.first_names)
        last = rng.choice(ind.last_names)
        lang = voices[i][0]
        latin_first, latin_last = first, last
        if lang != "en":
            first, last, latin_first, latin_last = _language_name(*voices[i])
        local = (_name_token(latin_first) + "." + _name_token(latin_last)).lower().strip(".") or f"user{i}"
        email = f"{local}@{ind.domain}"
        k = 2
        while email in used_emails:
            email = f"{local}{k}@{ind.domain}"
            k += 1
        used_emails.add(email)
        a = archetype_of[i]
        _, fit_r, pull_r, act_r, _ = ARCHETYPES[a]
        if a == "newcomer":
            hire = end_d - timedelta(days=rng.randint(5, min(60, max(6, days - 5))))
        elif a == "rising_newcomer":
            hire = end_d - timedelta(days=rng.randint(28, 63))
        elif i == 0:
            hire = date(2011, 3, 1)
        else:
            hire = date(2012, 1, 1) + timedelta(days=rng.randint(0, (end_d - timedelta(days=days + 30) - date(2012, 1, 1)).days))
        loc = _pick_weighted(rng, [x[0] for x in LOCATIONS], [x[1] for x in LOCATIONS])
        p = Person(
            idx=i, employee_id=f"E{10001 + i}", first=first, last=last, full_name=f"{first} {last}",
            email=email, department=depts[i], title="", manager_id="", location=loc, hire_date=hire,
            archetype=a, culture_fit=_u(rng, fit_r), social_pull=_u(rng, pull_r), activity=_u(rng, act_r),
            opt_out=a == "opted_out", language=lang, latin_first=latin_first, latin_last=latin_last,
        )
        persons.append(p)
        if i:
            by_dept[p.department].append(i)

    # manager tree: the CEO on top, executive department heads under the CEO, the other heads
    # under an executive (in turn), then a 5-ary tree inside each department
    persons[0].title = "Chief Executive Officer"
    bosses = [persons[i].employee_id for i in exec_heads] or [persons[0].employee_id]
    turn = 0
    for d, _, _, ic_titles, mgr_titles in DEPARTMENTS:
        members = by_dept[d]
        for k, i in enumerate(members):
            p = persons[i]
            has_reports = 5 * k + 1 < len(members)
            if k == 0 and i in exec_heads:
                p.manager_id = persons[0].employee_id
                top = mgr_titles[-1]
                p.title = ind.exec_titles.get(d) or (top if _is_exec_title(top) else f"VP {d}")
            elif k == 0:
                p.manager_id = bosses[turn % len(bosses)]
                turn += 1
                top = mgr_titles[-1]
                p.title = f"Head of {d}" if _is_exec_title(top) else top
            else:
                p.manager_id = persons[members[(k - 1) // 5]].employee_id
                p.title = mgr_titles[0] if has_reports else rng.choice(ic_titles)

    # Slack identities
    n_case = max(2, round(0.06 * people))
    n_empty = max(2, round(0.02 * people))
    special = rng.sample(range(1, people), min(people - 1, n_case + n_empty))
    case_set, empty_list = set(special[:n_case]), special[n_case:]
    for p in persons:
        p.slack_id = new_id(rng, used, "U0")
        p.slack_name = p.email.split("@")[0]
        p.slack_email = p.email
        if p.idx in case_set:
            local, dom = p.email.split("@")
            style = rng.randrange(3)
            if style == 0:
                p.slack_email = ".".join(w.capitalize() for w in local.split(".")) + "@" + dom
            elif style == 1:
                p.slack_email = p.email.upper()
            else:
                p.slack_email = ".".join(w.capitalize() for w in local.split(".")) + "@" + _camel_domain(ind.domain)

    # X identities: archive owners (~25%, likelier with social pull) and handle-only people
    used_names: set[str] = set()
    used_acct: set[str] = {ind.brand_x_id}
    owners: list[int] = []
    for p in persons:
        prob = ARCHETYPES[p.archetype][4] * (0.6 + 0.5 * p.social_pull)
        if rng.random() < prob:
            owners.append(p.idx)
    opted = [p.idx for p in persons if p.opt_out]
    for i in opted[:2]:
        if i not in owners:
            owners.append(i)
    owners.sort()
    owner_set = set(owners)
    handle_only = [p.idx for p in persons if p.idx not in owner_set and rng.random() < 0.07]
    for i in owners + handle_only:
        p = persons[i]
        screen = _screen_name(rng, p, used_names)
        acct = _account_id(rng, used_acct)
        personal = rng.random() < 0.45
        fold = _name_token(p.latin_first).lower()
        email = (f"{fold}.{_name_token(p.latin_last).lower()}"
                 f"{rng.randint(1, 99)}@{rng.choice(['gmail.com', 'outlook.com', 'proton.me', 'icloud.com'])}"
                 if personal else (p.email if rng.random() < 0.7 else p.slack_email))
        created = datetime(2009, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=rng.randint(0, 16 * 365 * 86400))
        p.x = XIdentity(screen, acct, p.full_name if rng.random() < 0.8 else f"{p.first} ⚓",
                        i in owner_set, email, created.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randint(0, 999):03d}Z")
    # directory forms: 85% of owners and every handle-only person typed their handle, in turns
    typed = [i for i in owners if rng.random() < 0.85 or i in opted[:1]]
    if len(opted) > 1:  # an opted-out owner matched only by the email in account.js
        typed = [i for i in typed if i != opted[1]]
        persons[opted[1]].x.account_email = persons[opted[1]].email
    typed = sorted(typed + handle_only)
    offset = rng.randrange(len(_HANDLE_FORMS))
    for k, i in enumerate(typed):
        persons[i].x_typed = _typed_handle(persons[i].x.screen_name, k + offset)
    # a few people with an empty Slack email: one of them lists their X profile as a custom field
    for k, i in enumerate(empty_list):
        p = persons[i]
        p.slack_email = ""
        if k == 0:
            if p.x is None:
                p.x = XIdentity(_screen_name(rng, p, used_names), _account_id(rng, used_acct), p.full_name, False,
                                p.email, "2015-06-01T10:00:00.000Z")
            p.slack_fields = {"Xf01SOCIALX": {"value": f"https://x.com/{p.x.screen_name}", "alt": ""}}
    # handles taken so far (by server for Mastodon), the brand's included
    taken_handles: dict[str, set[str]] = {f"@{h}": set() for h in MASTODON_HOSTS} | {"bsky": set(), "linkedin": set()}
    taken_handles["@" + ind.brand_mastodon.split("@")[1]].add(ind.brand_mastodon.split("@")[0])
    taken_handles["bsky"].add(ind.brand_bluesky.removesuffix(".bsky.social"))
    for p in persons:
        if p.slack_fields is None and rng.random() < 0.1:
            p.slack_fields = {"Xf01PRONOUN": {"value": rng.choice(["she/her", "he/him", "they/them"]), "alt": ""}}
        for platform, share in (("mastodon", 0.08), ("bluesky", 0.1), ("linkedin", 0.3)):
            if rng.random() < share:
                _public_account(rng, p, platform, taken_handles)
    # the people most active in public are likelier to be on the smaller networks too (drawn
    # apart, so the Slack and X identities above stay as they were)
    more = random.Random(f"{seed}/public-accounts")
    for p in persons:
        for platform in ("mastodon", "bluesky", "linkedin"):
            if not getattr(p, platform) and more.random() < PUBLIC_PRESENCE.get(p.archetype, 0.0):
                _public_account(more, p, platform, taken_handles)
    # someone who opted out is on each smaller network too, so every export exercises the opt-out
    for platform in ("mastodon", "bluesky"):
        if opted and not any(getattr(persons[i], platform) for i in opted):
            _public_account(more, persons[opted[-1]], platform, taken_handles)
    _declare_public_handles(persons, random.Random(f"{seed}/public-handles"))
    _plant_wrong_people(persons, days, start_dt.date(), random.Random(f"{seed}/wrong-people"), executives)
    _plan_bursts(persons, days, random.Random(f"{seed}/bursts"))

    actors = [
        Actor(p.slack_id, p.slack_name, p.full_name, "employee", p.culture_fit, p.social_pull, p.activity,
              p.archetype, p.department, p.location, person=p.idx,
              active_from=max(0, (p.hire_date - start_dt.date()).days),
              active_until=(p.left_on - start_dt.date()).days if p.left_on else 1 << 30, email=p.slack_email,
              ultra=p.guest == "single", restricted=bool(p.guest), deactivated=p.left_on is not None,
              language=p.language, draw=DRAW.get(p.archetype, 1.0), burst_from=p.burst_from, burst_rate=p.burst_rate)
        for p in persons
    ]
    # departed staff (deleted in Slack, gone from the directory), guests, Slack Connect partners
    for _ in range(max(2, round(0.03 * people))):
        first, last = rng.choice(ind.first_names), rng.choice(ind.last_names)
        name = (_name_token(first) + "." + _name_token(last)).lower()
        a = rng.choice(["solid_contributor", "ideal_ambassador", "background"])
        _, fit_r, pull_r, act_r, _ = ARCHETYPES[a]
        actors.append(Actor(new_id(rng, used, "U0"), name + "x", f"{first} {last}", "departed", _u(rng, fit_r),
                            _u(rng, pull_r), _u(rng, act_r), a, rng.choice([d for d in dept_names if d != ind.excluded_department]),
                            rng.choice(LOCATIONS)[0], active_until=rng.randint(max(1, days // 6), max(2, days * 3 // 5)),
                            email=f"{name}@{ind.domain}", deactivated=True))
    n_guests = min(300, max(2, round(0.015 * people)))
    for g in range(n_guests):
        first, last = rng.choice(ind.first_names), rng.choice(ind.last_names)
        name = (_name_token(first)[0] + _name_token(last)).lower()
        actors.append(Actor(new_id(rng, used, "U0"), name, f"{first} {last}", "guest", _u(rng, (0.4, 0.8)),
                            _u(rng, (0.1, 0.4)), _u(rng, (0.2, 0.5)), "guest", "", "Remote",
                            active_from=rng.randint(0, max(1, days // 5)),
                            email=f"{name}@{rng.choice(['harbourdesign.studio', 'seaworthy-consulting.example'])}",
                            ultra=g == 0, restricted=True))
    for _ in range(min(30, 3 + people // 2000)):
        first, last = rng.choice(ind.first_names), rng.choice(ind.last_names)
        name = (_name_token(first) + _name_token(last)[0]).lower()
        actors.append(Actor(new_id(rng, used, "U0"), name, f"{first} {last}", "external", _u(rng, (0.4, 0.8)),
                            _u(rng, (0.2, 0.5)), _u(rng, (0.3, 0.6)), "external", "", "Remote", team=ext_team))
    service = _service_accounts(persons, used, random.Random(f"{seed}/service-accounts"), ind)
    return Company(seed, start_dt, end_dt, days, team_id, persons, actors, ext_team, used, service, ind, languages)


def _camel_domain(domain: str) -> str:
    """``northwindlighthouse.com`` as people type it in a hurry: ``NorthwindLighthouse.com``."""
    name, _, tld = domain.partition(".")
    return name[:1].upper() + name[1:] + "." + tld


def _plan_bursts(persons: list[Person], days: int, rng: random.Random) -> None:
    """Each burst person's busy week (inside the window, after their hire) and its rate."""
    for p in persons:
        if p.archetype == "burst":
            p.burst_from = rng.randint(0, max(0, days - BURST_DAYS))
            p.burst_rate = _u(rng, BURST_RATE)


def _plant_wrong_people(persons: list[Person], days: int, start: date, rng: random.Random,
                        executives: list[int] = (0,)) -> None:
    """Turn a few rank-and-file employees into guest contractors and leavers.

    Drawn from their own stream after everyone is drawn, so the rest of the company stays as
    it was. Only people who manage nobody and are not department heads, outside
    Communications, not opted out and with a Slack email (so their account links to them)
    are taken, background staff first: their traits are drawn again, on-culture and with
    much pull, so only the eligibility rules can keep them off a shortlist. At least one of
    each (from about 20 people up; the tiniest companies may have nobody to spare).
    """
    n = len(persons)
    managers = {p.manager_id for p in persons}
    bosses = {persons[i].employee_id for i in executives}
    pool = [p for p in persons if p.idx and p.department != "Communications" and not p.opt_out and p.slack_email
            and p.employee_id not in managers and p.manager_id not in bosses]
    picks: list[Person] = []
    for archetype in ("background", "solid_contributor"):
        group = [p for p in pool if p.archetype == archetype]
        rng.shuffle(group)
        picks += group
    n_guest = max(1, round(GUEST_CONTRACTOR_SHARE * n))
    n_left = max(1, round(DEPARTED_SHARE * n))
    guests, leavers = picks[:n_guest], picks[n_guest : n_guest + n_left]
    hi = max(1, days * 5 // 6)  # leaving days: late enough that they were busy most of the window
    lo = min(max(1, days * 2 // 5), hi)
    for k, p in enumerate(guests):
        _redraw(rng, p, "guest_contractor")
        p.title = f"Contractor, {p.title}"
        p.guest = "single" if k == 1 else "multi"
    for p in leavers:
        _redraw(rng, p, "departed")
        p.left_on = start + timedelta(days=rng.randint(lo, hi))


def _redraw(rng: random.Random, p: Person, archetype: str) -> None:
    _, fit_r, pull_r, act_r, _ = ARCHETYPES[archetype]
    p.archetype = archetype
    p.culture_fit, p.social_pull, p.activity = _u(rng, fit_r), _u(rng, pull_r), _u(rng, act_r)


def _service_accounts(persons: list[Person], used: set[str], rng: random.Random,
                      ind: Industry | None = None) -> list[ServiceAccount]:
    """Directory rows for bots (one per :data:`PEOPLE_PER_SERVICE_ACCOUNT` people, at least
    one), after the people's rows, reporting to the head of Engineering (the industry's
    technical department)."""
    ind = ind or get_industry("software")
    dept = ind.engineering_department
    head = next((p for p in persons if p.idx and p.department == dept), persons[0])
    out = []
    for k in range(max(1, len(persons) // PEOPLE_PER_SERVICE_ACCOUNT)):
        name, handle, posts = SERVICE_ACCOUNTS[k % len(SERVICE_ACCOUNTS)]
        if k >= len(SERVICE_ACCOUNTS):
            name, handle = f"{name} {k // len(SERVICE_ACCOUNTS) + 1}", f"{handle}-{k // len(SERVICE_ACCOUNTS) + 1}"
        out.append(ServiceAccount(
            f"E{10001 + len(persons) + k}", name, f"{handle}@{ind.domain}", dept, "Service account",
            head.employee_id, ind.locations[0][0], date(2017, 1, 1) + timedelta(days=rng.randint(0, 6 * 365)),
            new_id(rng, used, "U0"), handle, new_id(rng, used, "B0"), new_id(rng, used, "A0"), posts))
    return out


def _screen_name(rng: random.Random, p: Person, used: set[str]) -> str:
    f, l = _name_token(p.latin_first or p.first) or "x", _name_token(p.latin_last or p.last) or "x"
    options = [f + l, f"{f.lower()}_{l.lower()}", f + l[0], f"{f[0]}{l}", f"{f}{l}{rng.randint(1, 99)}",
               f"{f.lower()}_nw", f"{f}_{l}", f"the{f}{l[0]}"]
    base = rng.choice(options)[:15]
    name, k = base, 2
    while name.lower() in used:
        name = f"{base[:13]}{k}"
        k += 1
    used.add(name.lower())
    return name


def _account_id(rng: random.Random, used: set[str]) -> str:
    while True:
        v = str(rng.randint(10**9, 4 * 10**9)) if rng.random() < 0.4 else str(rng.randint(7 * 10**17, 2 * 10**18))
        if v not in used:
            used.add(v)
            return v


def _public_account(rng: random.Random, p: Person, platform: str, taken: dict[str, set[str]]) -> None:
    """Give ``p`` a Mastodon, Bluesky or LinkedIn account whose handle nobody else has."""
    if platform == "mastodon":
        host = rng.choice(MASTODON_HOSTS)
        p.mastodon = _unique(_name_token(p.latin_first or p.first).lower(), taken[f"@{host}"]) + f"@{host}"
    elif platform == "bluesky":
        local = rng.choice([_name_token(p.latin_first or p.first).lower(), p.slack_name.replace(".", "")])
        p.bluesky = _unique(local, taken["bsky"]) + ".bsky.social"
    else:
        slug = f"{p.slack_name.replace('.', '-')}-{rng.randrange(16**4):04x}"
        p.linkedin = f"https://www.linkedin.com/in/{_unique(slug, taken['linkedin'])}/"


def _unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base2``, ``base3`` … when someone on the same server already has it."""
    name, k = base, 2
    while name in taken:
        name, k = f"{base}{k}", k + 1
    taken.add(name)
    return name


# how people type their public profiles into the HR system; {u} user, {h} host (Mastodon),
# {h} handle (Bluesky), {s} profile slug (LinkedIn)
PUBLIC_HANDLE_FORMS = {
    "mastodon": ["@{u}@{h}", "https://{h}/@{u}", "{u}@{h}", "{h}/@{u}", "https://{h}/@{u}/"],
    "bluesky": ["{h}", "@{h}", "https://bsky.app/profile/{h}", "bsky.app/profile/{h}"],
    "linkedin": ["https://www.linkedin.com/in/{s}/", "https://www.linkedin.com/in/{s}", "linkedin.com/in/{s}",
                 "www.linkedin.com/in/{s}/"],
}
# extra chance of each of a Mastodon, Bluesky and LinkedIn account, by archetype
PUBLIC_PRESENCE = {"ideal_ambassador": 0.5, "amplifier": 0.4, "communications": 0.3, "broadcaster": 0.25}
# P(donates their LinkedIn data export): the people most active in public
LINKEDIN_DONORS = {"ideal_ambassador": 0.9, "communications": 0.8, "amplifier": 0.8, "broadcaster": 0.7,
                   "central_negative": 0.6, "opted_out": 0.6}


def _declare_public_handles(persons: list[Person], rng: random.Random) -> None:
    """Directory forms of Mastodon, Bluesky and LinkedIn profiles: forms rotate, a few people
    (never an opted-out one, whose exclusion depends on it) leave theirs undeclared."""
    for platform, forms in PUBLIC_HANDLE_FORMS.items():
        owners = [p for p in persons if getattr(p, platform)]
        offset = rng.randrange(len(forms))
        for k, p in enumerate(owners):
            if not p.opt_out and rng.random() < 0.1:
                continue
            value = getattr(p, platform)
            if k % 4 == 1:  # some capitalise their name; handles are case-insensitive
                value = value[0].upper() + value[1:] if platform != "linkedin" else value
            user, _, host = value.partition("@")
            slug = value.rstrip("/").rsplit("/", 1)[-1]
            typed = forms[(k + offset) % len(forms)].format(u=user, h=host if platform == "mastodon" else value, s=slug)
            setattr(p, f"{platform}_typed", typed)
    for p in persons:
        if p.linkedin:
            p.linkedin_export = rng.random() < LINKEDIN_DONORS.get(p.archetype, 0.35)


_HANDLE_FORMS = ["{}", "@{}", "https://x.com/{}", "twitter.com/{}", "https://twitter.com/{}/", "x.com/@{}", " @{} "]


def _typed_handle(screen: str, k: int) -> str:
    """The handle as the ``k``-th person typed it into the HR system (forms and case rotate).

    >>> [_typed_handle("JaneDoe", k) for k in (0, 8, 16)]
    ['JaneDoe', '@JANEDOE', 'https://x.com/janedoe']
    """
    form = _HANDLE_FORMS[k % len(_HANDLE_FORMS)]
    case = [screen, screen.lower(), screen.upper()][k % 3] if k % 5 else screen
    return form.format(case)
