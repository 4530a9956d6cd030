"""The sample company's knowledge forum on Discourse: API JSON and user archives.

People ask and answer questions. Askers lean towards newcomers and people with little social
pull; answers come from helpful, on-culture people (quiet experts most of all); an asker often
thanks the person who answered, with a mention. Likes follow the answerer's pull. The forum
is written as the API responses an admin would save (``/t/{id}.json`` per topic,
``/posts.json``, ``/admin/users/list/active.json?show_emails=true``) in one zip, plus the
"Download my posts" archives of the two most active members.

Privacy fixtures: a private-message topic (``archetype: private_message``) and a whisper
(``post_type`` 4) hold ``PRIVATE-CANARY``, as does the private row of an archive
(``is_pm`` "Yes") and a like on the private topic. Opted-out people post like everyone
else. Two posts are deleted (one by its author) and one is hidden after flags.

Same arguments, same bytes: every draw comes from ``random.Random`` seeded with the sample
seed and a fixed label; zips have fixed timestamps and sorted entries.
"""

from __future__ import annotations

import csv
import html
import io
import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ambassador.sample.company import Company, Person
from ambassador.sample.formats import DeterministicZip
from ambassador.sample.text import compose

CANARY = "PRIVATE-CANARY"
CATEGORIES = [(5, "Ask anything", "question"), (6, "Engineering help", "question"), (7, "Customers", "customer"),
              (8, "Safety", "safety"), (9, "Learning", "learning")]
POSTS_PER_PERSON_DAY = 800 / (120 * 90)
# how likely someone answers, beyond their culture fit, by archetype
HELPER_WEIGHT = {"quiet_expert": 3.0, "quiet_carrier": 2.5, "ideal_ambassador": 1.5, "rising_newcomer": 1.5,
                 "sarcastic_hub": 0.5, "executive": 0.3, "burst": 0.3}


@dataclass
class _Post:
    id: int
    topic: int
    number: int
    author: int  # person index, -1 for system
    cooked: str
    raw: str
    created: datetime
    post_type: int = 1
    reply_to: int | None = None
    likers: list[int] = field(default_factory=list)
    hidden: bool = False
    deleted: bool = False
    user_deleted: bool = False


@dataclass
class _Topic:
    id: int
    title: str
    slug: str
    category: int
    posts: list[_Post] = field(default_factory=list)
    private: bool = False


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def _username(p: Person) -> str:
    return p.email.split("@")[0]


def _uid(idx: int) -> int:
    return -1 if idx < 0 else 100 + idx


class _Forum:
    def __init__(self, company: Company):
        self.c = company
        self.rng = random.Random(f"{company.seed}/discourse")
        rng = self.rng
        ppl = company.people
        self.members = [p.idx for p in ppl if rng.random() < 0.55 + 0.4 * p.activity]
        self.askers = [2.0 - p.social_pull + (1.5 if p.archetype == "newcomer" else 0.0) for p in (ppl[i] for i in self.members)]
        self.helpers = [(0.2 + p.culture_fit) * HELPER_WEIGHT.get(p.archetype, 1.0) for p in (ppl[i] for i in self.members)]
        self.base_url = f"https://forum.{company.industry.domain}"
        self.topics: list[_Topic] = []
        self.next_post = 1000
        self.next_topic = 20
        self.owners: list[int] = []

    def text(self, category: str, mentions: list[int], author: int = -1) -> tuple[str, str]:
        """(cooked HTML, raw markdown) of a post of ``category`` by ``author``, mentioning
        ``mentions`` first; markup is rendered as the English draft meets it, so every language
        draws the same."""
        rng, ppl, ind = self.rng, self.c.people, self.c.industry
        targets = list(mentions)
        raw_parts: list[str] = []
        cooked_parts: list[str] = []
        rendered: list[tuple[str, str]] = []

        def render(slot: str):
            if slot == "mention":
                who = targets.pop(0) if targets else rng.choice(self.members)
                name = _username(ppl[who])
                return (f"@{name}", f'<a class="mention" href="/u/{name}">@{name}</a>')
            if slot == "link" or slot == "brandlink":
                url = f"https://wiki.{ind.domain}/guides/{rng.randrange(100, 9999)}"
                return (f"[the wiki]({url})", f'<a href="{url}">the wiki</a>')
            if slot == "channel":
                name = rng.choice(CATEGORIES)[1]
                return (f"#{name}", html.escape(f"#{name}"))
            if slot == "here":
                return ("@here", "@here")
            if slot == "brand":
                return (ind.company_name, ind.company_name)
            return (ind.hashtags[0], ind.hashtags[0])

        def placeholder(slot: str):
            rendered.append(render(slot))
            return (str(len(rendered) - 1), True)

        lang = ppl[author].language if author >= 0 else "en"
        for text, markup in compose(rng, category, placeholder, lang, self.c.pack):
            if markup:
                raw, cooked = rendered[int(text)]
            else:
                raw, cooked = text, html.escape(text, quote=False)
            raw_parts.append(raw)
            cooked_parts.append(cooked)
        return "<p>" + "".join(cooked_parts).strip() + "</p>", "".join(raw_parts).strip()

    def post(self, topic: _Topic, author: int, category: str, when: datetime, mentions: list[int] = (),
             reply_to: int | None = None, post_type: int = 1) -> _Post:
        cooked, raw = self.text(category, list(mentions), author)
        self.next_post += 1
        p = _Post(self.next_post, topic.id, len(topic.posts) + 1, author, cooked, raw, when, post_type, reply_to)
        topic.posts.append(p)
        return p

    def present(self, idx: int, t: datetime) -> bool:
        """Whether person ``idx`` works here at ``t`` (hired, not yet left)."""
        p = self.c.people[idx]
        return p.hire_date <= t.date() and (p.left_on is None or t.date() < p.left_on)

    def likes(self, p: _Post, weight: float) -> None:
        rng = self.rng
        n = min(len(self.members) - 1, int(rng.expovariate(1.0) * 3 * weight))
        likers = [m for m in rng.sample(self.members, min(len(self.members), n + 1)) if m != p.author][:n]
        p.likers = sorted(likers)

    def simulate(self) -> None:
        c, rng, ppl = self.c, self.rng, self.c.people
        target = max(12, round(POSTS_PER_PERSON_DAY * len(ppl) * c.days))
        posts = 0
        while posts < target:
            cat_id, cat_name, kind = rng.choice(CATEGORIES)
            asker = rng.choices(self.members, weights=self.askers, k=1)[0]
            day = rng.randrange(c.days)
            t = c.start + timedelta(days=day, hours=rng.uniform(7, 18))
            if not self.present(asker, t):
                continue
            self.next_topic += 1
            topic = _Topic(self.next_topic, "", "", cat_id)
            first = self.post(topic, asker, kind, t)
            title = html.unescape(first.raw.split("?")[0].split(".")[0])[:70].strip() or f"Question {topic.id}"
            topic.title = title
            topic.slug = "-".join("".join(ch if ch.isascii() and ch.isalnum() else " " for ch in title.lower()).split())[:60] or "topic"
            self.likes(first, 0.3 + ppl[asker].social_pull)
            answers = min(6, int(rng.expovariate(1.0) * 2) + (1 if kind == "question" else 0))
            for _ in range(answers):
                t += timedelta(minutes=rng.randint(10, 600))
                if t >= c.end:
                    break
                helper = rng.choices(self.members, weights=self.helpers, k=1)[0]
                if helper == asker or not self.present(helper, t):
                    continue
                answer = self.post(topic, helper, "answer" if kind == "question" else "positive", t)
                self.likes(answer, 0.5 + ppl[helper].social_pull + ppl[helper].culture_fit)
                if rng.random() < 0.35 + 0.5 * ppl[asker].culture_fit and t + timedelta(hours=1) < c.end:
                    t += timedelta(minutes=rng.randint(5, 120))
                    thanks = self.post(topic, asker, "thanks_reply", t, mentions=[helper], reply_to=answer.number)
                    self.likes(thanks, 0.2)
            posts += len(topic.posts)
            self.topics.append(topic)

    def quirks(self) -> None:
        """A whisper, a small action, deletions, a hidden post and a private-message topic."""
        rng, c = self.rng, self.c
        self.owners = self.archive_owners()
        busy = [t for t in self.topics if len(t.posts) >= 3]
        if busy:
            t = busy[0]
            last = t.posts[-1].created + timedelta(minutes=5)
            # a staff member's own archive would list their whisper unmarked (see sources/discourse.py),
            # so the whisperer is not one of the members whose archive the sample holds
            staff = [m for m in self.members if m not in self.owners][0]
            w = self.post(t, staff, "neutral", last, post_type=4)
            w.cooked, w.raw = f"<p>{CANARY}: staff-only whisper</p>", f"{CANARY}: staff-only whisper"
            w.likers = []
            s = self.post(t, -1, "neutral", last + timedelta(minutes=1), post_type=3)
            s.cooked, s.raw, s.likers = "", "", []
        candidates = [p for t in busy[1:] for p in t.posts[1:] if p.author >= 0 and p.post_type == 1]
        for k, p in enumerate(rng.sample(candidates, min(3, len(candidates)))):
            if k == 0:
                p.hidden = True
            else:
                p.deleted = True
                p.user_deleted = k == 2
        self.next_topic += 1
        pm = _Topic(self.next_topic, f"{CANARY} pay review", "pay-review", 0, private=True)
        a, b = self.owners[0], [m for m in self.members if m != self.owners[0]][0]
        when = c.start + timedelta(days=1, hours=9)
        self.post(pm, a, "neutral", when)
        self.post(pm, b, "neutral", when + timedelta(hours=1))
        for p in pm.posts:
            p.cooked, p.raw = f"<p>{CANARY} private message</p>", f"{CANARY} private message"
            p.likers = [q for q in (a, b) if q != p.author]
        self.topics.append(pm)

    def archive_owners(self) -> list[int]:
        ppl = self.c.people
        counts: dict[int, int] = {}
        for t in self.topics:
            for p in t.posts:
                if p.author >= 0 and not ppl[p.author].opt_out:
                    counts[p.author] = counts.get(p.author, 0) + 1
        ranked = sorted(counts, key=lambda i: (-counts[i], i))
        return ranked[:2] if ranked else self.members[:1]

    # -- serialisers ----------------------------------------------------------------------------
    def post_json(self, t: _Topic, p: _Post) -> dict:
        ppl = self.c.people
        username = "system" if p.author < 0 else _username(ppl[p.author])
        name = "system" if p.author < 0 else ppl[p.author].full_name
        deleted_at = _iso(p.created + timedelta(hours=3)) if p.deleted else None
        out = {
            "id": p.id, "name": name, "username": username,
            "avatar_template": f"/user_avatar/forum.{self.c.industry.domain}/{username}/{{size}}/{p.author % 97 + 1}_2.png",
            "created_at": _iso(p.created), "cooked": "<p>(post deleted by author)</p>" if p.user_deleted else p.cooked,
            "post_number": p.number, "post_type": p.post_type, "updated_at": _iso(p.created),
            "reply_count": sum(q.reply_to == p.number for q in t.posts), "reply_to_post_number": p.reply_to,
            "quote_count": 0, "incoming_link_count": 0, "reads": len(p.likers) + 2, "readers_count": len(p.likers) + 1,
            "score": round(0.2 * len(p.likers) + 0.4, 1), "yours": False, "topic_id": t.id, "topic_slug": t.slug,
            "display_username": name, "primary_group_name": None, "version": 1, "can_edit": True, "can_delete": True,
            "can_recover": p.deleted, "can_wiki": True, "read": True, "user_title": None, "bookmarked": False,
            "actions_summary": [{"id": 2, "count": len(p.likers), "can_act": True}] if p.likers else [{"id": 2, "can_act": True}],
            "moderator": False, "admin": p.author < 0, "staff": p.author < 0, "user_id": _uid(p.author),
            "hidden": p.hidden, "trust_level": 2, "deleted_at": deleted_at, "user_deleted": p.user_deleted,
            "edit_reason": None, "can_view_edit_history": True, "wiki": False,
        }
        if p.reply_to is not None:
            parent = t.posts[p.reply_to - 1]
            out["reply_to_user"] = {"username": _username(ppl[parent.author]), "name": ppl[parent.author].full_name,
                                    "avatar_template": "/letter_avatar_proxy/v4/letter/a/8c91f0/{size}.png"}
        if p.post_type == 3:
            out["action_code"] = "closed.enabled"
        return out

    def topic_json(self, t: _Topic) -> dict:
        posts = [self.post_json(t, p) for p in t.posts]
        return {
            "post_stream": {"posts": posts, "stream": [p["id"] for p in posts]},
            "timeline_lookup": [[1, 0]], "suggested_topics": [], "tags": [], "tags_descriptions": {},
            "id": t.id, "title": t.title, "fancy_title": html.escape(t.title, quote=False),
            "posts_count": len(posts), "created_at": _iso(t.posts[0].created),
            "views": 3 * len(posts) + 4, "reply_count": len(posts) - 1,
            "like_count": sum(len(p.likers) for p in t.posts), "last_posted_at": _iso(t.posts[-1].created),
            "visible": True, "closed": False, "archived": False, "has_summary": False,
            "archetype": "private_message" if t.private else "regular", "slug": t.slug,
            "category_id": None if t.private else t.category, "word_count": 12 * len(posts), "deleted_at": None,
            "user_id": _uid(t.posts[0].author), "featured_link": None, "pinned_globally": False, "pinned_at": None,
            "pinned_until": None, "image_url": None, "slow_mode_seconds": 0, "draft": None,
            "draft_key": f"topic_{t.id}", "draft_sequence": 0, "unpinned": None, "pinned": False,
            "current_post_number": 1, "highest_post_number": len(posts), "deleted_by": None, "has_deleted": False,
            "actions_summary": [], "chunk_size": 20, "bookmarked": False,
        }

    def latest_json(self) -> dict:
        everything = [(t, p) for t in self.topics if not t.private for p in t.posts if p.post_type != 4]
        everything.sort(key=lambda tp: (tp[1].created, tp[1].id), reverse=True)
        out = []
        for t, p in everything[:50]:
            j = self.post_json(t, p)
            j.update({"topic_title": t.title, "topic_html_title": html.escape(t.title, quote=False),
                      "category_id": t.category, "posts_count": len(t.posts), "raw": p.raw, "excerpt": p.raw[:100],
                      "post_url": f"/t/{t.slug}/{t.id}/{p.number}"})
            out.append(j)
        return {"latest_posts": out}

    def users_json(self) -> list:
        ppl = self.c.people
        out = []
        for i in self.members:
            p = ppl[i]
            out.append({
                "id": _uid(i), "username": _username(p), "name": p.full_name,
                "avatar_template": f"/user_avatar/forum.{self.c.industry.domain}/{_username(p)}/{{size}}/{i + 1}_2.png",
                "email": p.email, "secondary_emails": [], "active": True, "admin": False, "moderator": False,
                "last_seen_at": _iso(self.c.end - timedelta(hours=i % 48 + 1)), "last_emailed_at": None,
                "created_at": "2019-04-01T08:00:00.000Z", "last_seen_age": 3600.0, "last_emailed_age": None,
                "created_at_age": 2.0e8, "trust_level": 2, "manual_locked_trust_level": None, "flag_level": 0,
                "title": None, "time_read": 3600, "staged": False, "days_visited": 30, "posts_read_count": 200,
                "topics_entered": 40, "post_count": sum(q.author == i for t in self.topics for q in t.posts),
            })
        return out

    def archive_files(self, owner: int) -> dict[str, bytes]:
        ppl = self.c.people
        p = ppl[owner]
        rows = [["topic_title", "categories", "is_pm", "post_raw", "post_cooked", "like_count", "reply_count", "url",
                 "created_at"]]
        mine = sorted(((t, q) for t in self.topics for q in t.posts if q.author == owner), key=lambda tq: tq[1].created)
        names = {c[0]: c[1] for c in CATEGORIES}
        for t, q in mine:
            rows.append([t.title, "-" if t.private else names[t.category], "Yes" if t.private else "No", q.raw, q.cooked,
                         str(len(q.likers)), str(sum(r.reply_to == q.number for r in t.posts)),
                         f"{self.base_url}/t/{t.slug}/{t.id}/{q.number}", _iso(q.created)])
        likes = [["id", "post_id", "topic_id", "post_number", "created_at", "updated_at", "deleted_at", "deleted_by"]]
        liked = sorted(((t, q) for t in self.topics for q in t.posts if owner in q.likers), key=lambda tq: tq[1].created)
        for k, (t, q) in enumerate(liked):
            when = (q.created + timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M:%S UTC")
            likes.append([str(5000 + owner * 1000 + k), str(q.id), str(t.id), str(q.number), when, when, "", ""])
        prefs = {"user": {"id": _uid(owner), "username": _username(p), "name": p.full_name, "email": p.email,
                          "last_posted_at": _iso(mine[-1][1].created) if mine else None, "trust_level": 2,
                          "can_edit": True, "user_option": {"email_digests": True, "text_size": "normal"}},
                 "user_badges": [], "badges": []}
        return {
            "auth_tokens.csv": _csv([["id", "auth_token_hash", "prev_auth_token_hash", "auth_token_seen", "client_ip",
                                      "user_agent", "seen_at", "rotated_at", "created_at", "updated_at"]]),
            "likes.csv": _csv(likes),
            "preferences.json": json.dumps(prefs, indent=4, ensure_ascii=False).encode("utf-8"),
            "user_archive.csv": _csv(rows),
            "visits.csv": _csv([["visited_at", "posts_read", "mobile", "time_read"], [self.c.end.strftime("%Y-%m-%d"), "3", "false", "120"]]),
        }

    # -- what the pipeline should make of it -------------------------------------------------------------
    def expected(self, owners: list[int]) -> dict:
        ppl = self.c.people
        out = lambda i: i >= 0 and ppl[i].opt_out  # noqa: E731
        stored = {(t.id, p.number): p for t in self.topics if not t.private for p in t.posts
                  if p.post_type != 4 and not out(p.author)}
        public = [p for p in stored.values() if not p.deleted and not p.hidden]
        latest_ids = {j["id"] for j in self.latest_json()["latest_posts"]}
        excluded = 0
        for t in self.topics:
            for p in t.posts:
                copies = 1 + (p.id in latest_ids)
                if t.private or p.post_type == 4 or out(p.author):
                    excluded += copies if not (t.private or p.post_type == 4) else 1
        for o in owners:
            excluded += sum(1 for t in self.topics if t.private for q in t.posts if q.author == o)
            excluded += sum(1 for t in self.topics if t.private for q in t.posts if o in q.likers)
        replies = 0
        for t in self.topics:
            for p in t.posts:
                if (t.id, p.number) not in stored or p.deleted or p.hidden or p.post_type != 1 or p.number == 1:
                    continue
                parent = stored.get((t.id, p.reply_to or 1))
                if parent is not None and parent.author != p.author:
                    replies += 1
        return {
            "public_posts": len(public),
            "excluded_records": excluded,
            "linkable_people": sum(not ppl[i].opt_out for i in self.members),
            "replies": replies,
        }


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def _dumps(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_discourse_export(company: Company, out_dir: Path) -> dict:
    """Write the forum's API zip and two user archives into ``out_dir``; return counts.

    Returns
    -------
    dict
        ``topics``, ``posts`` (all written, private included), ``public_posts`` (what
        ``stg_posts`` should hold), ``excluded_records`` (private messages, whispers and
        opted-out authors' records, as ingest counts them), ``linkable_people`` (members
        linkable by email), ``replies`` (reply interactions expected), ``archives``, ``bytes``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    forum = _Forum(company)
    forum.simulate()
    forum.quirks()
    when = company.end.date()
    files: dict[str, bytes] = {
        "admin/users/list/active.json": _dumps(forum.users_json()),
        "posts.json": _dumps(forum.latest_json()),
    }
    for t in forum.topics:
        files[f"t/{t.id}.json"] = _dumps(forum.topic_json(t))
    api = out_dir / f"{company.industry.slug}-discourse-api.zip"
    with DeterministicZip(api, when) as zf:
        for name in sorted(files):
            zf.add(name, files[name])
    owners = forum.owners
    stamp = (company.end - timedelta(hours=6)).strftime("%y%m%d-%H%M%S")
    written = [api]
    for k, owner in enumerate(owners):
        path = out_dir / f"user_archive-{_username(company.people[owner])}-{stamp}-{k + 1}.zip"
        with DeterministicZip(path, when) as zf:
            for name, data in sorted(forum.archive_files(owner).items()):
                zf.add(name, data)
        written.append(path)
    return {
        "topics": len(forum.topics),
        "posts": sum(len(t.posts) for t in forum.topics),
        **forum.expected(owners),
        "archives": len(owners),
        "bytes": sum(p.stat().st_size for p in written),
    }
