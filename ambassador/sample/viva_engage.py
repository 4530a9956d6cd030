"""The sample company's Viva Engage (Yammer) network data export.

The story: Operations and Customer Success never fully moved to Slack. Their communities on
Viva Engage ("Operations Crew", "Customer Success Circle", and the cross-team "Safety on the
Quay") stay busy during the window: people post, answer questions, praise and mention
colleagues, with the same trait-driven behaviour as the Slack simulation (who posts comes
from activity, what they write from culture fit and archetype, who answers and who gets
thanked from social pull), at a smaller scale.

The zip has the documented layout: ``Messages.csv``, ``Users.csv``, ``Groups.csv`` (UTF-8
with a byte-order mark, CRLF, quoted where needed), and the files ambassador never reads
(``Admins.csv``, ``Files.csv``, ``Files/``, ``MessageVersions.csv``, ``Networks.csv``,
``Pages.csv``, ``Topics.csv``, ``log.txt``, ``request.txt``). It also holds what must never be
stored: a private group ("Ops Leads") and private conversations, every message of which
contains ``PRIVATE-CANARY``; a few deleted messages; and opted-out people's messages. Users.csv
lists everyone in the directory, plus a pending (invited, never joined) user, a suspended
and a deleted former employee, and a guest from a partner company.

Same arguments, same bytes: draws come from ``random.Random`` seeded with the sample seed and
a fixed label; nothing iterates over a set; the zip has fixed timestamps and sorted entries.

Examples
--------
>>> import tempfile
>>> from datetime import date
>>> from ambassador.sample.company import build_company
>>> company = build_company(40, 30, 3, date(2026, 11, 1))
>>> with tempfile.TemporaryDirectory() as tmp:
...     counts = write_viva_engage_export(company, Path(tmp))
>>> counts["messages"] == counts["stored_messages"] + counts["private_messages"] + counts["deleted_messages"] \\
...     + counts["opted_out_messages"]
True
"""

from __future__ import annotations

import csv
import html
import io
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ambassador.sample.company import Actor, Company
from ambassador.sample.formats import DeterministicZip
from ambassador.sample.slack import _category, _reply_category
from ambassador.sample.slack_workspace import poisson
from ambassador.sample.text import compose

CANARY = "PRIVATE-CANARY"
NETWORK_ID = "1847203"
MESSAGE_COLUMNS = [
    "id", "replied_to_id", "parent_id", "thread_id", "conversation_id", "group_id", "group_name", "participants",
    "in_private_group", "in_private_conversation", "sender_id", "sender_type", "sender_name", "sender_email", "body",
    "delegate_id", "api_url", "attachments", "deleted_by_id", "deleted_by_type", "created_at", "deleted_at", "title",
    "html_body", "message_type", "gdpr_delete_url",
]
USER_COLUMNS = [
    "id", "name", "email", "job_title", "location", "department", "api_url", "joined_at", "deleted_at", "deleted_by_id",
    "deleted_by_name", "suspended_at", "suspended_by_id", "suspended_by_name", "guid", "state", "user_cover_image_url",
]
GROUP_COLUMNS = ["id", "name", "description", "private", "external", "deleted", "created_at", "updated_at",
                 "creator_id", "creator_type", "web_url"]
API = "https://www.yammer.com/api/v1"
# top-level posts per weekday per unit of activity; replies follow from social pull
POST_RATE = 0.25
DELETE_SHARE = 0.012
PRIVATE_TEMPLATES = [
    "{c} Budget for the {place} crane refit is tighter than we said in public.",
    "{c} Performance conversation with one of the night-shift leads on {day}, please keep this here.",
    "{c} Draft of the restructuring memo, not for sharing yet.",
    "{c} Salary bands for the new field roles attached.",
    "{c} Can we talk about the complaint from the {place} crew offline?",
]


# the three public communities' names, by industry: the field department's, the client-facing
# department's and the cross-team safety community
COMMUNITIES = {"software": ("Operations Crew", "Customer Success Circle", "Safety on the Quay"),
               "hospital": ("Ward Nursing Network", "Patient Experience Circle", "Patient Safety Huddle")}


def _ts(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class _Community:
    key: str
    name: str
    description: str
    kind: str  # the Slack channel kind whose topic bias applies (_category)
    members: list[int]
    private: bool = False
    gid: str = ""
    weights: list[float] = field(default_factory=list)


@dataclass
class _Msg:
    """A message before ids are assigned (ids grow with time, as in Yammer)."""

    key: int
    when: datetime
    author: int  # actor index
    body: str
    community: _Community | None
    parent: int = -1  # key of the message replied to
    thread: int = -1  # key of the thread starter
    message_type: str = "update"
    participants: list[int] = field(default_factory=list)
    private_conversation: bool = False
    deleted: bool = False


class _Sim:
    def __init__(self, company: Company):
        self.c = company
        self.rng = random.Random(f"{company.seed}/viva/plan")
        self.msgs: list[_Msg] = []
        self.ids: dict[int, str] = {}

    # -- people ----------------------------------------------------------------------------
    def cast(self) -> None:
        c, rng = self.c, self.rng
        people = c.people
        field_dept, client_dept = departments = c.industry.viva_departments
        self.core = [p.idx for p in people if p.department in departments]
        others = [p.idx for p in people if p.department not in departments]
        extras = sorted(rng.sample(others, max(1, len(others) // 10)))
        departed = [k for k, a in enumerate(c.actors) if a.kind == "departed"]
        guests = [k for k, a in enumerate(c.actors) if a.kind == "guest"]
        self.suspended = departed[0] if departed else -1
        self.deleted_user = departed[1] if len(departed) > 1 else -1
        self.guest = guests[0] if guests else -1
        newcomers = [i for i in self.core if people[i].archetype == "newcomer"] or self.core[-1:]
        self.pending = newcomers[-1]  # invited, never joined: never posts here
        self.posters = [i for i in self.core if i != self.pending]
        ops = [i for i in self.posters if people[i].department == field_dept]
        cs = [i for i in self.posters if people[i].department == client_dept]
        if self.suspended >= 0:
            ops.append(self.suspended)
        if self.guest >= 0:
            cs.append(self.guest)
        titled = [i for i in ops if i < len(people)]
        leads = [i for i in titled if any(w in people[i].title for w in ("Manager", "Director", "Chief"))][:5]
        if len(leads) < 2:
            leads = titled[:3]
        names = COMMUNITIES.get(c.industry.key, COMMUNITIES["software"])
        self.communities = [
            _Community("ops", names[0], "Shift hand-overs, questions and wins from the field.", "team", ops),
            _Community("cs", names[1], "Stories, escalations and tips.", "customers", cs),
            _Community("safety", names[2], "Near misses, safety moments and kudos for speaking up.",
                       "safety", sorted(set(self.posters) | set(extras)) + ([self.suspended] if self.suspended >= 0 else [])),
            _Community("leads", "Ops Leads", f"{CANARY} leadership only", "team", leads, private=True),
        ]
        gid = 11_200_000
        for com in self.communities:
            gid += rng.randint(1_000, 90_000)
            com.gid = str(gid)
            com.weights = [self.actor(m).activity * (1.0 if m in self.core else 0.3) + 0.01 for m in com.members]
        base = 1_480_000_000
        self.user_ids: dict[int, str] = {}
        for k in sorted(set(range(len(c.people))) | {i for i in (self.suspended, self.deleted_user, self.guest) if i >= 0}):
            base += rng.randint(1_000, 9_000_000)
            self.user_ids[k] = str(base)

    def actor(self, k: int) -> Actor:
        return self.c.actors[k]

    def active(self, k: int, day: int) -> bool:
        a = self.actor(k)
        if k == self.suspended:
            return day < self.c.days * 2 // 3
        return a.active_from <= day <= a.active_until

    # -- text ------------------------------------------------------------------------------
    def text(self, rng: random.Random, category: str, author: int, targets: list[int], com: _Community) -> tuple[str, list[int]]:
        targets = list(targets)
        mentioned: list[int] = []
        ind = self.c.industry

        def render(slot: str):
            if slot == "mention":
                t = targets.pop(0) if targets else self.pick_pull(rng, com, author)
                if t < 0:
                    return ("everyone", False)
                mentioned.append(t)
                return (f"[[user:{self.user_ids[t]}]]", True)
            if slot == "channel":
                return (rng.choice([com.name for com in self.communities[:3]]), True)
            if slot == "link":
                return (f"https://wiki.{ind.domain}/{rng.choice(['runbooks', 'retros', 'guides'])}/{rng.randrange(100, 9999)}", True)
            if slot == "here":
                return ("everyone", True)
            if slot == "brand":
                return (ind.company_name, True)
            if slot == "hashtag":
                return (ind.hashtags[0], True)
            return (f"https://{ind.domain}/blog/{rng.randrange(100, 999)}", True)

        lang = self.actor(author).language
        return "".join(t for t, _ in compose(rng, category, render, lang, self.c.pack)), mentioned

    def pick(self, rng: random.Random, members: list[int], weights: list[float], exclude: int = -1) -> int:
        for _ in range(4):
            m = rng.choices(members, weights=weights, k=1)[0]
            if m != exclude:
                return m
        return -1

    def pick_pull(self, rng: random.Random, com: _Community, exclude: int) -> int:
        return self.pick(rng, com.members, [self.actor(m).pull ** 1.5 + 0.01 for m in com.members], exclude)

    # -- simulation ------------------------------------------------------------------------
    def add(self, **kw) -> _Msg:
        m = _Msg(key=len(self.msgs), **kw)
        self.msgs.append(m)
        return m

    def when(self, rng: random.Random, day: int, weekday: int) -> datetime:
        hour = rng.triangular(6.5, 19.0, 10.0) if weekday < 5 else rng.uniform(9, 20)
        return self.c.start + timedelta(days=day, seconds=int(hour * 3600) + rng.randint(0, 59))

    def run_community(self, com: _Community) -> None:
        c = self.c
        rng = random.Random(f"{c.seed}/viva/{com.key}")
        rate = sum(com.weights) * POST_RATE * (0.25 if com.private else 1.0)
        bursters = [m for m in com.members if m in self.core and self.actor(m).burst_from >= 0]
        for d in range(c.days):
            weekday = (c.start.weekday() + d) % 7
            for _ in range(poisson(rng, rate * (1.0 if weekday < 5 else 0.1))):
                author = self.pick(rng, com.members, com.weights)
                if author < 0 or not self.active(author, d):
                    continue
                t = self.when(rng, d, weekday)
                if com.private:
                    self.private_post(rng, com, author, t)
                    continue
                self.thread(rng, com, author, t, d)
            if com.private:
                continue
            for m in bursters:  # a burst person's busy week shows here too
                a = self.actor(m)
                if a.bursting(d) and self.active(m, d):
                    for _ in range(poisson(rng, a.burst_rate * POST_RATE * (1.0 if weekday < 5 else 0.1))):
                        self.thread(rng, com, m, self.when(rng, d, weekday), d)

    def thread(self, rng: random.Random, com: _Community, author: int, t: datetime, day: int) -> None:
        a = self.actor(author)
        kind = "announcements" if a.archetype == "executive" and com.key == "ops" else com.kind
        cat = _category(rng, a, kind)
        if cat == "announcement":
            cat = "help"
        targets: list[int] = []
        if cat == "recognition":
            weights = [self.actor(m).pull ** 1.5 * (0.3 + self.actor(m).fit) + 0.005 for m in com.members]
            for _ in range(2):
                x = self.pick(rng, com.members, weights, exclude=author)
                if x >= 0 and x not in targets:
                    targets.append(x)
        body, mentioned = self.text(rng, cat, author, targets, com)
        mtype = {"question": "question", "recognition": "praise" if rng.random() < 0.5 else "update",
                 "announcement_exec": "announcement"}.get(cat, "update")
        root = self.add(when=t, author=author, body=body, community=com, message_type=mtype,
                        participants=mentioned if mtype == "praise" else [])
        root.thread = root.key
        if cat == "announcement_exec":
            lam = 1.0 + 0.03 * len(com.members)
        else:
            lam = {"question": 1.6, "negative": 1.2, "sarcastic": 1.4}.get(cat, 0.7) * (0.15 + 2.0 * a.pull ** 1.3) * a.draw
        n = min(12, poisson(rng, lam))
        rt, last = t, -1
        end = self.c.end
        for k in range(n):
            rt += timedelta(seconds=int(rng.expovariate(1 / 5400)) + 45)
            if rt >= end:
                break
            who = author if (k and rng.random() < 0.3 and last != author) else self.pick(
                rng, com.members, [self.actor(m).activity * (0.4 + self.actor(m).fit) + 0.02 for m in com.members],
                exclude=author)
            if who < 0 or not self.active(who, (rt - self.c.start).days):
                continue
            rcat, rtargets = _reply_category(rng, cat, who == author, self.actor(who), last)
            rbody, _ = self.text(rng, rcat, who, rtargets, com)
            parent = root.key if last < 0 or rng.random() < 0.7 else self.msgs[-1].key
            self.add(when=rt, author=who, body=rbody, community=com, parent=parent, thread=root.key)
            last = who

    def private_post(self, rng: random.Random, com: _Community, author: int, t: datetime) -> None:
        tpl = rng.choice(PRIVATE_TEMPLATES)
        body = tpl.format(c=CANARY, place=rng.choice(["Rotterdam", "Halifax", "Lisbon"]), day=rng.choice(["Monday", "Friday"]))
        root = self.add(when=t, author=author, body=body, community=com)
        root.thread = root.key
        if rng.random() < 0.6 and len(com.members) > 1:
            who = self.pick(rng, com.members, [1.0] * len(com.members), exclude=author)
            if who >= 0:
                self.add(when=t + timedelta(minutes=rng.randint(5, 300)), author=who,
                         body=f"{CANARY} Agreed, let's keep it between us for now.", community=com,
                         parent=root.key, thread=root.key)

    def conversations(self) -> None:
        c = self.c
        rng = random.Random(f"{c.seed}/viva/conversations")
        for _ in range(max(3, len(self.posters) // 3)):
            a, b = rng.sample(self.posters, 2) if len(self.posters) > 1 else (self.posters[0], self.posters[0])
            d = rng.randrange(c.days)
            t = self.when(rng, d, 1)
            first = self.add(when=t, author=a, body=f"{CANARY} quick private question about my review", community=None,
                             participants=[a, b], private_conversation=True)
            first.thread = first.key
            self.add(when=t + timedelta(minutes=rng.randint(3, 200)), author=b, body=f"{CANARY} sure, call me later",
                     community=None, parent=first.key, thread=first.key, participants=[a, b], private_conversation=True)

    def system_and_deletions(self) -> None:
        c = self.c
        rng = random.Random(f"{c.seed}/viva/deleted")
        public = [m for m in self.msgs if m.community is not None and not m.community.private]
        for m in public:
            if rng.random() < DELETE_SHARE:
                m.deleted = True
        for com in self.communities[:3]:
            joiners = [k for k in com.members if 0 < self.actor(k).active_from < c.days][:3]
            for k in joiners:
                d = self.actor(k).active_from
                m = self.add(when=c.start + timedelta(days=d, hours=8, seconds=rng.randint(0, 3600)), author=-1,
                             body=f"{self.name(k)} has joined {com.name}.", community=com, message_type="system",
                             participants=[k])
                m.thread = m.key

    def name(self, k: int) -> str:
        return self.c.people[k].full_name if k < len(self.c.people) else self.actor(k).real_name

    def email(self, k: int) -> str:
        if k < len(self.c.people):
            p = self.c.people[k]
            return p.slack_email or p.email
        return self.actor(k).email

    # -- output ----------------------------------------------------------------------------
    def assign_ids(self) -> list[_Msg]:
        rng = random.Random(f"{self.c.seed}/viva/ids")
        ordered = sorted(self.msgs, key=lambda m: (m.when, m.key))
        mid = 2_150_000_000_000
        for m in ordered:
            mid += rng.randint(40_000, 2_000_000)
            self.ids[m.key] = str(mid)
        return ordered

    def message_row(self, m: _Msg) -> list[str]:
        mid = self.ids[m.key]
        com = m.community
        system = m.author < 0
        sender = "" if system else self.user_ids[m.author]
        deleted_at = _ts(m.when + timedelta(hours=3)) if m.deleted else ""
        row = {
            "id": mid,
            "replied_to_id": self.ids[m.parent] if m.parent >= 0 else "",
            "thread_id": self.ids[m.thread] if m.thread >= 0 else mid,
            "conversation_id": "",
            "group_id": com.gid if com else "",
            "group_name": com.name if com else "",
            "participants": ",".join(f"user:{self.user_ids[k]}" for k in m.participants),
            "in_private_group": "true" if com and com.private else "false",
            "in_private_conversation": "true" if m.private_conversation else "false",
            "sender_id": "0" if system else sender,
            "sender_type": "system" if system else "user",
            "sender_name": "System" if system else self.name(m.author),
            "sender_email": "" if system else self.email(m.author),
            "body": m.body,
            "api_url": f"{API}/messages/{mid}",
            "deleted_by_id": sender if m.deleted else "",
            "deleted_by_type": "user" if m.deleted else "",
            "created_at": _ts(m.when),
            "deleted_at": deleted_at,
            "html_body": f"<p>{html.escape(m.body, quote=False)}</p>",
            "message_type": m.message_type,
            "gdpr_delete_url": f"{API}/messages/{mid}/gdpr_delete" if not system else "",
        }
        if m.private_conversation:
            row["conversation_id"] = self.ids[m.thread]
        return [row.get(k, "") for k in MESSAGE_COLUMNS]

    def user_rows(self) -> list[list[str]]:
        c = self.c
        rows = []
        start = c.start
        rng = random.Random(f"{c.seed}/viva/users")
        for k, uid in sorted(self.user_ids.items(), key=lambda kv: int(kv[1])):
            a = self.actor(k)
            person = c.people[k] if k < len(c.people) else None
            joined = _ts(datetime(2018, 3, 1, tzinfo=timezone.utc) + timedelta(days=(int(uid) // 7919) % 2000))
            row = {"id": uid, "name": self.name(k), "email": self.email(k),
                   "job_title": person.title if person else ("Partner" if k == self.guest else "Field Engineer"),
                   "location": a.location, "department": person.department if person else "",
                   "api_url": f"{API}/users/{uid}", "joined_at": joined, "state": "active",
                   "guid": str(uuid.UUID(int=rng.getrandbits(128), version=4))}
            if k == self.pending:
                row.update(joined_at="", state="soft_delete")
            elif k == self.suspended:
                row.update(suspended_at=_ts(start + timedelta(days=c.days * 2 // 3)), suspended_by_id=self.user_ids[0],
                           suspended_by_name=self.name(0))
            elif k == self.deleted_user:
                row.update(deleted_at=_ts(start + timedelta(days=2)), deleted_by_id=self.user_ids[0],
                           deleted_by_name=self.name(0), state="soft_delete")
            rows.append([row.get(col, "") for col in USER_COLUMNS])
        return rows

    def group_rows(self) -> list[list[str]]:
        rows = []
        for com in self.communities:
            created = _ts(datetime(2019, 5, 1, tzinfo=timezone.utc) + timedelta(days=int(com.gid) % 700))
            rows.append([com.gid, com.name, com.description, "true" if com.private else "false", "false", "false",
                         created, created, self.user_ids[0], "user",
                         f"https://www.yammer.com/{self.c.industry.domain}/groups/{com.gid}"])
        return rows


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def write_viva_engage_export(company: Company, out_dir: Path) -> dict:
    """Write ``<slug>-viva-engage-export.zip`` into ``out_dir``; return what it holds.

    Returns
    -------
    dict
        ``path``; ``users``, ``pending_users``, ``suspended_users``, ``deleted_users``,
        ``guests``; ``groups``, ``private_groups``; ``messages`` (rows of Messages.csv),
        split exclusively into ``private_messages`` (private groups and conversations),
        ``deleted_messages``, ``opted_out_messages`` (authors who opted out) and
        ``stored_messages`` (what ambassador should keep); among the stored ones
        ``system_messages``, ``replies``, ``praise``; ``posters`` (people with a stored
        message); ``bytes``.
    """
    c = company
    sim = _Sim(c)
    sim.cast()
    for com in sim.communities:
        sim.run_community(com)
    sim.conversations()
    sim.system_and_deletions()
    ordered = sim.assign_ids()
    opted = {p.idx for p in c.people if p.opt_out}

    def fate(m: _Msg) -> str:
        if m.private_conversation or (m.community is not None and m.community.private):
            return "private"
        if m.deleted:
            return "deleted"
        if m.author in opted:
            return "opted_out"
        return "stored"

    fates = [fate(m) for m in ordered]
    stored = [m for m, f in zip(ordered, fates) if f == "stored"]
    end = c.end.date()
    start = c.start.date()
    files = {
        "Admins.csv": _csv(["id", "name", "email"], [[sim.user_ids[0], sim.name(0), sim.email(0)]]),
        "Files.csv": _csv(["file_id", "uploader_id", "name", "description", "path", "storage_path", "download_url"], []),
        "Groups.csv": _csv(GROUP_COLUMNS, sim.group_rows()),
        "MessageVersions.csv": _csv(["message_id", "version_id", "body", "created_at"], []),
        "Messages.csv": _csv(MESSAGE_COLUMNS, [sim.message_row(m) for m in ordered]),
        "Networks.csv": _csv(["id", "name", "permalink"], [[NETWORK_ID, c.industry.company_name, c.industry.domain]]),
        "Pages.csv": _csv(["id", "name"], []),
        "Topics.csv": _csv(["id", "name", "created_at"], []),
        "Users.csv": _csv(USER_COLUMNS, sim.user_rows()),
        "log.txt": f"Export of network {NETWORK_ID} started\nExport finished\n".encode(),
        "request.txt": (f"start_date={start.isoformat()}T00:00:00Z\nend_date={end.isoformat()}T00:00:00Z\n"
                        "include_attachments=false\ninclude_external_networks=false\n").encode(),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{c.industry.slug}-viva-engage-export.zip"
    with DeterministicZip(path, end) as zf:
        for name in sorted(files):
            zf.add(name, files[name])
    return {
        "path": str(path),
        "users": len(sim.user_ids),
        "pending_users": 1,
        "suspended_users": int(sim.suspended >= 0),
        "deleted_users": int(sim.deleted_user >= 0),
        "guests": int(sim.guest >= 0),
        "groups": len(sim.communities),
        "private_groups": sum(com.private for com in sim.communities),
        "messages": len(ordered),
        "private_messages": fates.count("private"),
        "deleted_messages": fates.count("deleted"),
        "opted_out_messages": fates.count("opted_out"),
        "stored_messages": len(stored),
        "system_messages": sum(m.message_type == "system" for m in stored),
        "replies": sum(m.parent >= 0 for m in stored),
        "praise": sum(m.message_type == "praise" for m in stored),
        "posters": len({m.author for m in stored if m.author >= 0}),
        "bytes": path.stat().st_size,
    }

