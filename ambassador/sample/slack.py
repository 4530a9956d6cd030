"""The sample company's Slack workspace export, written one channel at a time.

Each public channel is simulated day by day with its own ``random.Random`` (seeded by the
sample seed and the channel name), and each day file is written as soon as the day is done, so
memory stays bounded by one channel's pending thread replies. Thread replies are generated with
their parent (which needs ``reply_count``/``latest_reply``) and wait in a per-day queue until
their own day's file is written, so a reply can land in a later day file than its parent.

Every message in a DM, group DM or private channel contains ``PRIVATE-CANARY``.
"""

from __future__ import annotations

import random
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import accumulate
from pathlib import Path

from ambassador.sample.company import Actor, Company
from ambassador.sample.formats import DeterministicZip, slack_json, slack_json_array
from ambassador.sample.slack_workspace import (
    SLACKBOT, Bot, Channel, client_msg_id, conversation_meta, plan_workspace, poisson, private_messages,
    slack_ts, user_record,
)
from ambassador.sample.text import compose

KIND_BIAS = {
    "kudos": {"recognition": 8.0, "negative": 0.2},
    "help": {"question": 4.0, "help": 3.0, "negative": 0.5},
    "customers": {"customer": 6.0},
    "learning": {"learning": 6.0},
    "safety": {"safety": 8.0},
    "random": {"chatter": 4.0},
    "interest": {"chatter": 6.0, "negative": 0.3},
    "location": {"chatter": 3.0},
    "incidents": {"question": 2.0, "help": 2.0, "learning": 1.5},
    "announcements": {"announcement": 20.0},
    "external": {"customer": 3.0, "question": 2.0, "negative": 0.2},
}
REPLY_BASE = {"question": 1.7, "negative": 1.3, "recognition": 0.7, "customer": 0.9, "learning": 0.9,
              "help": 0.8, "safety": 0.5, "chatter": 0.5, "announcement": 0.9, "sarcastic": 1.4,
              "announcement_exec": 0.5}
# What people react with, by what the post is (the names Slack exports, skin tones included).
EMOJI = {
    # on-culture posts: thanks, help, lessons, customer and safety stories
    "culture": ["heart", "clap", "raised_hands", "tada", "pray", "+1", "heart_eyes", "sparkles", "100",
                "clap::skin-tone-4", "raised_hands::skin-tone-3", "pray::skin-tone-6", "muscle::skin-tone-5",
                "+1::skin-tone-2", "star-struck"],
    # everyday chatter and questions
    "chatter": ["+1", "joy", "eyes", "thumbsup", "coffee", "white_check_mark", "laughing", "thumbsup::skin-tone-3",
                "raised_hands", "pray"],
    # gripes: agreement from fellow grumblers, some anger, some discomfort
    "neg": ["+1", "100", "rage", "eyes", "grimacing", "upside_down_face", "-1", "thinking_face", "this",
            "face_with_rolling_eyes"],
    # irony: colleagues laugh along
    "laugh": ["joy", "laughing", "rolling_on_the_floor_laughing", "upside_down_face", "smirk",
              "face_with_rolling_eyes", "sweat_smile", "skull", "100", "joy::skin-tone-2"],
    # an executive's announcement: acknowledged, not applauded
    "ack": ["+1", "white_check_mark", "eyes", "thumbsup", "ok_hand", "heavy_check_mark", "+1::skin-tone-2",
            "thumbsup::skin-tone-4"],
    # the Communications team's news
    "announce": ["tada", "+1", "heart", "eyes", "raised_hands", "rocket"],
    # on a reply
    "reply": ["+1", "heart", "pray", "raised_hands", "100", "thumbsup"],
}
# the reaction pool of a post by its text category
MOOD = {"recognition": "culture", "customer": "culture", "learning": "culture", "help": "culture", "safety": "culture",
        "chatter": "chatter", "question": "chatter", "neutral": "chatter", "negative": "neg", "negative_reply": "neg",
        "sarcastic": "laugh", "sarcastic_reply": "laugh", "announcement_exec": "ack", "ack_reply": "chatter",
        "announcement": "announce", "answer": "reply", "thanks_reply": "reply", "positive": "reply",
        "pushback": "reply"}
# share of a channel's members who acknowledge an executive's announcement
ACK_SHARE = (0.3, 0.6)
_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_MARKUP = re.compile(r"<([@#!])([^>|]+)(?:\|([^>]*))?>|<(https?://[^>|]+)(?:\|([^>]*))?>")


@dataclass
class Counts:
    """What was written, for the summary."""

    public_messages: int = 0
    private_messages: int = 0
    day_files: int = 0
    threads: int = 0
    replies: int = 0


class _Picker:
    """Weighted choice over a channel's members via cumulative weights (O(log n) a draw)."""

    def __init__(self, members: list[int], weights: list[float]):
        self.members = members
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1] if self.cum else 0.0

    def pick(self, rng: random.Random, exclude: int = -1, tries: int = 4) -> int:
        if self.total <= 0:
            return -1
        for _ in range(tries):
            m = self.members[min(bisect_left(self.cum, rng.random() * self.total), len(self.members) - 1)]
            if m != exclude:
                return m
        return -1


class ChannelSim:
    """Simulates one public channel and writes its day files."""

    def __init__(self, company: Company, ch: Channel, ctx: dict, zf: DeterministicZip, counts: Counts):
        self.c, self.ch, self.ctx, self.zf, self.counts = company, ch, ctx, zf, counts
        self.rng = random.Random(f"{company.seed}/slack/{ch.name}")
        actors = company.actors
        mem = ch.members
        self.poster = _Picker(mem, ch.weights)
        self.replier = _Picker(mem, [actors[m].activity * (0.4 + actors[m].fit) + 0.02 for m in mem])
        self.pull = _Picker(mem, [actors[m].pull ** 1.5 + 0.01 for m in mem])
        self.recog = _Picker(mem, [actors[m].pull ** 1.5 * (0.3 + actors[m].fit) + 0.005 for m in mem])
        self.rate = sum(ch.weights)
        self.eng = company.industry.department_slug(company.industry.engineering_department)  # the bots' channel
        # burst people: the share of their posting that lands here, for their busy week
        self.bursters = [(m, w / actors[m].activity) for m, w in zip(mem, ch.weights)
                         if actors[m].burst_from >= 0 and actors[m].activity > 0 and w > 0]
        self.pending: dict[int, list[dict]] = {}
        self.used_ts: dict[int, set[str]] = {}
        self.tombstone_day = company.days * 2 // 5 if ch.name == "general" else -1
        self.need_late_reply = ch.name in ("general", "ask-anything")
        self.shared = ch.kind == "external"
        # the listed service accounts' posts draw from their own stream
        self.service_rng = random.Random(f"{company.seed}/slack/service/{ch.name}")

    # -- small builders ----------------------------------------------------------------
    def new_ts(self, sec: int, rng: random.Random | None = None) -> str:
        day = (sec - int(self.c.start.timestamp())) // 86400
        used = self.used_ts.setdefault(day, set())
        while True:
            ts = slack_ts(sec, (rng or self.rng).randint(100, 999_999))
            if ts not in used:
                used.add(ts)
                return ts

    def mention(self, idx: int) -> str:
        a = self.c.actors[idx]
        return f"<@{a.slack_id}|{a.name}>" if self.rng.random() < 0.06 else f"<@{a.slack_id}>"

    def render_text(self, category: str, author: int, targets: list[int]) -> str:
        rng, ind = self.rng, self.c.industry
        targets = list(targets)

        def render(slot: str):
            if slot == "mention":
                t = targets.pop(0) if targets else self.pull.pick(rng, exclude=author)
                if t < 0:
                    return ("everyone", False)
                return (self.mention(t), True)
            if slot == "channel":
                ch = rng.choice(self.ctx["public"])
                return (f"<#{ch.id}|{ch.name}>" if rng.random() < 0.7 else f"<#{ch.id}>", True)
            if slot == "link":
                page = rng.choice(["runbooks/", "retros/", "guides/", "notes/"]) + f"{rng.randrange(100, 9999)}"
                url = f"https://wiki.{ind.domain}/{page}"
                return (f"<{url}|{rng.choice(['the wiki', 'notes', 'here', 'write-up'])}>" if rng.random() < 0.5
                        else f"<{url}>", True)
            if slot == "here":
                return (rng.choice(["<!here>", "<!here>", "<!channel>"]), True)
            if slot == "brand":
                return (ind.company_name, False)
            if slot == "hashtag":
                return (ind.hashtags[0], False)
            return (f"<https://{ind.domain}/blog/{rng.randrange(100, 999)}>", True)

        lang = self.c.actors[author].language
        return "".join(t if markup else t.translate(_ESC) for t, markup in compose(rng, category, render, lang, self.c.pack))

    def base(self, author: int, ts: str, text: str) -> dict:
        a = self.c.actors[author]
        msg = {"user": a.slack_id, "type": "message", "ts": ts, "client_msg_id": client_msg_id(self.rng), "text": text,
               "team": self.c.external_team if a.kind == "external" else self.c.team_id}
        if self.shared:
            msg["user_team"] = msg["team"]
            msg["source_team"] = msg["team"]
            if a.kind == "external":
                first, _, last = a.real_name.partition(" ")
                msg["user_profile"] = {
                    "avatar_hash": f"{self.rng.getrandbits(48):012x}", "image_72": f"https://avatars.slack-edge.com/{a.slack_id}_72.png",
                    "first_name": first, "real_name": a.real_name, "display_name": first, "team": a.team,
                    "name": a.name, "is_restricted": False, "is_ultra_restricted": False,
                }
        if self.rng.random() < 0.04:
            when = min(int(ts.split(".")[0]) + self.rng.randint(20, 3600), int(self.c.end.timestamp()) - 1)
            msg["edited"] = {"user": a.slack_id, "ts": slack_ts(when, 0)}
        if self.rng.random() < 0.08 and a.kind != "external":
            msg["blocks"] = [_blocks(self.rng, text)]
        return msg

    def reactions(self, msg: dict, author: int, lam: float, mood: str) -> None:
        rng = self.rng
        n = min(poisson(rng, lam), 40)
        if not n:
            return
        pool = EMOJI[mood]
        names = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
        out: dict[str, list[str]] = {}
        seen = set()
        for _ in range(n):
            r = self.replier.pick(rng, exclude=author)
            if r < 0 or r in seen:
                continue
            seen.add(r)
            out.setdefault(rng.choice(names), []).append(self.c.actors[r].slack_id)
        if out:
            msg["reactions"] = [{"name": k, "users": v, "count": len(v)} for k, v in out.items()]

    def acknowledgements(self, msg: dict, author: int, d: int) -> None:
        """A large share of the channel acknowledges an executive's announcement."""
        rng, actors = self.rng, self.c.actors
        share = rng.uniform(*ACK_SHARE)
        present = [m for m in self.ch.members if m != author and actors[m].active_from <= d <= actors[m].active_until]
        who = sorted(rng.sample(present, min(len(present), round(share * len(present)))))
        if not who:
            return
        pool = EMOJI["ack"]
        names = pool[:2] + rng.sample(pool[2:], rng.randint(0, 2))
        weights = [6, 4, 2, 1][: len(names)]
        out: dict[str, list[str]] = {}
        for m in who:
            out.setdefault(rng.choices(names, weights=weights, k=1)[0], []).append(actors[m].slack_id)
        msg["reactions"] = [{"name": k, "users": v, "count": len(v)} for k, v in out.items()]

    # -- the day loop --------------------------------------------------------------------
    def place(self, msg: dict) -> None:
        day = (int(msg["ts"].split(".")[0]) - int(self.c.start.timestamp())) // 86400
        self.pending.setdefault(day, []).append(msg)

    def run(self) -> None:
        c, ch, rng = self.c, self.ch, self.rng
        day0 = int(c.start.timestamp())
        last_day = c.days // 5 if ch.is_archived else c.days - 1
        for d in range(c.days):
            weekday = (c.start.weekday() + d) % 7
            if d <= last_day:
                lam = self.rate * (1.0 if weekday < 5 else 0.12)
                for _ in range(poisson(rng, lam)):
                    self.top_level(d, weekday)
                for m, share in self.bursters:
                    a = c.actors[m]
                    if a.bursting(d):
                        for _ in range(poisson(rng, a.burst_rate * share * (1.0 if weekday < 5 else 0.3))):
                            self.top_level(d, weekday, author=m)
                self.joins(d)
                self.bots(d, weekday)
                self.service_posts(d, weekday)
                if ch.is_archived and d == last_day:
                    arch = ch.creator
                    self.place({"user": c.actors[arch].slack_id, "type": "message", "subtype": "channel_archive",
                                "ts": self.new_ts(day0 + 86400 * d + 64800), "text": "archived the channel"})
            msgs = self.pending.pop(d, [])
            self.used_ts.pop(d, None)
            if msgs:
                msgs.sort(key=lambda m: m["ts"])
                date_s = datetime.fromtimestamp(day0 + 86400 * d, timezone.utc).strftime("%Y-%m-%d")
                self.zf.add(f"{ch.name}/{date_s}.json", slack_json(msgs))
                self.counts.public_messages += len(msgs)
                self.counts.day_files += 1

    def when(self, d: int, weekday: int) -> int:
        hour = self.rng.triangular(6.0, 20.0, 10.5) if weekday < 5 else self.rng.uniform(8, 22)
        return int(self.c.start.timestamp()) + 86400 * d + int(hour * 3600) + self.rng.randint(0, 59)

    def top_level(self, d: int, weekday: int, author: int = -1) -> None:
        c, rng = self.c, self.rng
        for _ in range(0 if author >= 0 else 3):
            cand = self.poster.pick(rng)
            a = c.actors[cand]
            if a.active_from <= d <= a.active_until:
                author = cand
                break
        if author < 0:
            return
        a = c.actors[author]
        cat = _category(rng, a, self.ch.kind)
        targets: list[int] = []
        if cat == "recognition":
            for _ in range(2):
                t = self.recog.pick(rng, exclude=author)
                if t >= 0 and t not in targets:
                    targets.append(t)
        text = self.render_text(cat, author, targets)
        t = self.when(d, weekday)
        msg = self.base(author, self.new_ts(t), text)
        if rng.random() < 0.02:
            _attach_file(rng, msg, c, a, t, subtype=rng.random() < 0.6)
        if cat == "announcement_exec":
            self.acknowledgements(msg, author, d)
        else:
            boost = {"recognition": 1.5, "sarcastic": 1.4}.get(cat, 1.0)
            self.reactions(msg, author, (0.2 + 3.5 * a.pull ** 1.3 * boost) * a.draw, MOOD[cat])
        force = d >= self.tombstone_day >= 0
        self.thread(msg, author, cat, t, force=force)
        if force and "reply_count" in msg:
            self.tombstone_day = -1
            keep = {k: msg[k] for k in ("thread_ts", "reply_count", "reply_users_count", "latest_reply", "reply_users")}
            msg.clear()
            msg.update({"user": SLACKBOT, "type": "message", "subtype": "tombstone", "hidden": True,
                        "text": "This message was deleted.", "ts": keep["thread_ts"], "team": c.team_id, **keep,
                        "is_locked": False, "subscribed": False})
        self.place(msg)

    def thread(self, parent: dict, author: int, cat: str, t: int, force: bool = False) -> None:
        c, rng = self.c, self.rng
        a = c.actors[author]
        if cat == "announcement_exec":  # a few thank the executive or say they've read it
            lam = 1.0 + 0.03 * len(self.ch.members)
        else:
            lam = REPLY_BASE.get(cat, 0.6) * (0.12 + 2.3 * a.pull ** 1.3) * a.draw
        n = min(25, poisson(rng, lam))
        if force:
            n = max(n, 2)
        if not n:
            return
        end = int(c.end.timestamp())
        replies: list[dict] = []
        users: list[str] = []
        rt = t
        last_replier = -1
        for k in range(n):
            delay = int(rng.expovariate(1 / 5400)) + 40
            if rng.random() < 0.06 or (self.need_late_reply and k == 0 and not force):
                delay += 86400 * rng.randint(1, 2)
                self.need_late_reply = False
            rt += delay
            if rt >= end:
                break
            if k and rng.random() < 0.3 and last_replier != author:
                who = author
            else:
                who = self.replier.pick(rng, exclude=author)
            if who < 0:
                break
            w = c.actors[who]
            if not (w.active_from <= (rt - int(c.start.timestamp())) // 86400 <= w.active_until):
                continue
            rcat, targets = _reply_category(rng, cat, who == author, w, last_replier)
            text = self.render_text(rcat, who, targets)
            ts = self.new_ts(rt)
            reply = self.base(who, ts, text)
            reply["thread_ts"] = parent["ts"]
            if rng.random() < 0.04:
                reply["subtype"] = "thread_broadcast"
            else:
                reply["parent_user_id"] = c.actors[author].slack_id
            self.reactions(reply, who, 0.1 + 1.2 * w.pull ** 1.5, MOOD.get(rcat, "reply"))
            replies.append(reply)
            if w.slack_id not in users:
                users.append(w.slack_id)
            last_replier = who
        if not replies:
            return
        parent.update({"thread_ts": parent["ts"], "reply_count": len(replies), "reply_users_count": len(users),
                       "latest_reply": replies[-1]["ts"], "reply_users": users, "is_locked": False, "subscribed": False})
        for r in replies:
            if r.get("subtype") == "thread_broadcast":
                r["root"] = {k: parent[k] for k in ("user", "type", "ts", "text", "thread_ts", "reply_count",
                                                    "reply_users_count", "latest_reply", "reply_users", "is_locked",
                                                    "subscribed")}
            self.place(r)
        self.counts.threads += 1
        self.counts.replies += len(replies)

    def joins(self, d: int) -> None:
        c = self.c
        for m in self.ctx["joins"].get(d, ()):
            if m in self.ch.member_set:
                a = c.actors[m]
                t = int(c.start.timestamp()) + 86400 * d + 8 * 3600 + self.rng.randint(0, 7200)
                msg = {"user": a.slack_id, "type": "message", "subtype": "channel_join", "ts": self.new_ts(t),
                       "text": f"<@{a.slack_id}> has joined the channel"}
                if self.rng.random() < 0.5:
                    msg["inviter"] = c.actors[self.ch.creator].slack_id
                self.place(msg)

    def bots(self, d: int, weekday: int) -> None:
        c, ch, rng = self.c, self.ch, self.rng
        base = int(c.start.timestamp()) + 86400 * d
        deploy, pager, standup, _ = self.ctx["bots"]
        if ch.name in (self.eng, "incidents") and weekday < 5:
            for _ in range(rng.randint(0, 2)):
                svc = rng.choice(c.industry.services)
                ver = f"v{rng.randint(1, 4)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}"
                self.place({"type": "message", "subtype": "bot_message", "text": f"Deployed {svc} {ver} to production &gt; all checks green",
                            "ts": self.new_ts(base + rng.randint(25200, 68400)), "bot_id": deploy.bot_id,
                            "username": "deploy-bot", "icons": {"emoji": ":rocket:"}})
        if ch.name == "incidents" and rng.random() < 0.3:
            title = rng.choice(["High latency on Tidewatch ETA service", "AIS ingestion lag > 5 min",
                                f"Error rate spike on {c.industry.services[0]}", "Disk 90% full on reporting-db"])
            self.place({"type": "message", "subtype": "bot_message", "text": "", "ts": self.new_ts(base + rng.randint(0, 86399)),
                        "bot_id": pager.bot_id, "username": "PagerDuty",
                        "attachments": [{"fallback": f"[Triggered] {title}", "text": f"[Triggered] {title}",
                                         "color": "F35A00", "id": 1}]})
        if ch.kind == "team" and weekday == 0:
            self.place({"user": standup.user_id, "type": "message", "ts": self.new_ts(base + 8 * 3600 + rng.randint(0, 600)),
                        "bot_id": standup.bot_id, "app_id": standup.app_id,
                        "text": "Good morning! :wave: What are you working on this week?", "team": c.team_id,
                        "bot_profile": {"id": standup.bot_id, "deleted": False, "name": "Standuply", "updated": 1600000000,
                                        "app_id": standup.app_id, "icons": {"image_36": "https://avatars.slack-edge.com/standuply_36.png"},
                                        "team_id": c.team_id}})
        if ch.name == "general" and weekday == 4:
            self.place({"user": SLACKBOT, "type": "message", "ts": self.new_ts(base + 15 * 3600),
                        "text": "Reminder: submit your timesheets before the weekend."})

    def service_posts(self, d: int, weekday: int) -> None:
        """Templated posts of the listed service accounts (bot users with a directory row): in
        #eng on most weekdays, and a Monday digest of the first one in #general."""
        c, rng = self.c, self.service_rng
        if self.ch.name not in (self.eng, "general") or weekday >= 5:
            return
        base = int(c.start.timestamp()) + 86400 * d
        for k, b in enumerate(self.ctx["service"]):
            if self.ch.name == "general" and (k or weekday):
                continue
            if self.ch.name == self.eng and rng.random() < 0.35:
                continue
            text = _service_text(rng, c.service_accounts[k].posts, d, c.industry.domain, c.industry.services)
            self.place({"user": b.user_id, "type": "message", "ts": self.new_ts(base + rng.randint(21600, 64800), rng),
                        "bot_id": b.bot_id, "app_id": b.app_id, "text": text, "team": c.team_id,
                        "bot_profile": {"id": b.bot_id, "deleted": False, "name": b.real_name, "updated": 1600000000,
                                        "app_id": b.app_id, "icons": {"image_36": f"https://avatars.slack-edge.com/{b.name}_36.png"},
                                        "team_id": c.team_id}})


def _service_text(rng: random.Random, posts: str, d: int, domain: str, services: tuple[str, ...]) -> str:
    """One templated message of a service account (Slack markup, escaped)."""
    svc = rng.choice(services)
    if posts == "release":
        ver = f"{rng.randint(1, 4)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}"
        return (f"Release notes: {svc} v{ver} is out. {rng.randint(1, 9)} fixes, {rng.randint(0, 4)} improvements "
                f"&gt; <https://wiki.{domain}/releases/{svc}-{ver}|read the notes>")
    if posts == "build":
        failed = rng.choice([0, 0, 0, 1, 2])
        return (f"Nightly build #{1000 + d} of {svc}: {'passed' if not failed else 'FAILED'} "
                f"({rng.randint(800, 1200)} tests, {failed} failed)")
    if posts == "backup":
        return f"Backup of {svc}-db completed in {rng.randint(4, 40)} min ({rng.randint(20, 400)} GB), checksum OK"
    return f"Status digest: all systems operational, {svc} p95 latency {rng.randint(80, 400)} ms"


def _category(rng: random.Random, a: Actor, kind: str) -> str:
    """What a top-level post of ``a`` in a channel of ``kind`` is about (a text category).

    Culture fit and archetype set the mix; the channel's kind tilts it (:data:`KIND_BIAS`).
    An executive's post in an announcement channel is an all-staff announcement; a sarcastic
    hub mostly mocks the values and otherwise chats.
    """
    if a.archetype == "executive" and kind == "announcements":
        rng.random()  # the draw every other post makes, so the stream stays aligned
        return "announcement_exec"
    fit = a.fit
    w = {
        "question": 0.8, "help": 1.2 * fit, "learning": 1.0 * fit, "customer": 0.8 * fit,
        "recognition": fit ** 2 * (2.5 if a.archetype == "ideal_ambassador" else 1.0), "safety": 0.35 * fit,
        "chatter": 1.0, "negative": 2.2 * (1 - fit) ** 3, "announcement": 2.0 if a.archetype == "communications" else 0.0,
        "sarcastic": 3.0 if a.archetype == "sarcastic_hub" else 0.0,
    }
    if a.archetype == "quiet_expert":
        w["help"] *= 2.5
        w["learning"] *= 1.5
    if a.archetype == "quiet_carrier":
        w["help"] *= 1.5
        w["learning"] *= 1.5
        w["recognition"] *= 2.0
        w["chatter"] *= 0.5
    if a.archetype == "rising_newcomer":
        w["question"] *= 1.5
        w["recognition"] *= 1.5
        w["learning"] *= 1.3
    if a.archetype == "central_negative":
        w["negative"] *= 3.0
    if a.archetype == "sarcastic_hub":
        w["negative"] *= 0.3
    if a.archetype == "broadcaster":
        w["chatter"] *= 1.5
    for k, f in KIND_BIAS.get(kind, {}).items():
        w[k] *= f
    keys = list(w)
    return rng.choices(keys, weights=[w[k] for k in keys], k=1)[0]


def _reply_category(rng: random.Random, parent_cat: str, is_author: bool, w: Actor, last: int) -> tuple[str, list[int]]:
    """What a reply says, given what it answers and who writes it (low fit: more cynicism).

    Colleagues answer irony with amused one-liners (an on-culture few push back) and an
    executive's announcement with acknowledgements.
    """
    cynical = rng.random() < 0.9 * (1 - w.fit) ** 3
    if parent_cat == "question":
        if is_author:
            return ("thanks_reply", [last] if last >= 0 else [])
        if cynical:
            return ("negative_reply", [])
        return ("answer", []) if w.fit > 0.35 else ("neutral", [])
    if parent_cat == "negative":
        if cynical or w.fit < 0.3:
            return ("negative_reply", [])
        return ("pushback" if rng.random() < 0.5 else "neutral", [])
    if parent_cat == "sarcastic":
        x = rng.random()
        if is_author or cynical or x < 0.75:
            return ("sarcastic_reply", [])
        return ("pushback" if w.fit > 0.7 and x < 0.9 else "neutral", [])
    if parent_cat == "announcement_exec":
        if is_author:
            return ("neutral", [])
        return ("ack_reply" if rng.random() < 0.85 else "positive", [])
    if cynical:
        return ("negative_reply", [])
    return ("positive" if rng.random() < 0.3 + 0.6 * w.fit else "neutral", [])


def _blocks(rng: random.Random, text: str) -> dict:
    """A ``rich_text`` block mirroring ``text`` (mentions, channels, broadcasts, links)."""
    els: list[dict] = []
    pos = 0
    unesc = lambda s: s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")  # noqa: E731
    for m in _MARKUP.finditer(text):
        if m.start() > pos:
            els.append({"type": "text", "text": unesc(text[pos : m.start()])})
        kind, ident, url, label = m.group(1), m.group(2), m.group(4), m.group(5)
        if kind == "@":
            els.append({"type": "user", "user_id": ident})
        elif kind == "#":
            els.append({"type": "channel", "channel_id": ident})
        elif kind == "!":
            els.append({"type": "broadcast", "range": ident})
        else:
            els.append({"type": "link", "url": url, **({"text": label} if label else {})})
        pos = m.end()
    if pos < len(text):
        els.append({"type": "text", "text": unesc(text[pos:])})
    bid = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") for _ in range(4))
    return {"type": "rich_text", "block_id": bid, "elements": [{"type": "rich_text_section", "elements": els}]}


def _attach_file(rng: random.Random, msg: dict, c: Company, a: Actor, t: int, subtype: bool) -> None:
    fid = "F0" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(9))
    name, mime, ftype, pretty = rng.choice([
        ("berth-schedule.pdf", "application/pdf", "pdf", "PDF"),
        ("quay-photo.jpg", "image/jpeg", "jpg", "JPEG"),
        ("retro-notes.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word Document"),
        ("eta-errors.csv", "text/csv", "csv", "CSV"),
    ])
    host = f"https://{c.industry.slug}.slack.com"
    msg["files"] = [{
        "id": fid, "created": t, "timestamp": t, "name": name, "title": name.rsplit(".", 1)[0].replace("-", " ").title(),
        "mimetype": mime, "filetype": ftype, "pretty_type": pretty, "user": a.slack_id, "editable": False,
        "size": rng.randint(10_000, 3_000_000), "mode": "hosted", "is_external": False, "external_type": "",
        "is_public": True, "public_url_shared": False, "display_as_bot": False, "username": "",
        "url_private": f"https://files.slack.com/files-pri/{c.team_id}-{fid}/{name}",
        "url_private_download": f"https://files.slack.com/files-pri/{c.team_id}-{fid}/download/{name}",
        "permalink": f"{host}/files/{a.slack_id}/{fid}/{name}",
        "permalink_public": f"https://slack-files.com/{c.team_id}-{fid}-{rng.getrandbits(40):010x}",
    }]
    msg["upload"] = False
    msg["display_as_bot"] = False
    if subtype:
        msg["subtype"] = "file_share"


def write_slack_export(company: Company, path: Path) -> dict:
    """Write the workspace export zip; return counts for the summary."""
    c = company
    rng = random.Random(f"{c.seed}/slack/plan")
    channels, groups, dms, mpims, bots = plan_workspace(c, rng)
    service = [Bot(s.slack_name, s.full_name, s.slack_id, s.bot_id, s.app_id, email=s.email) for s in c.service_accounts]
    joins: dict[int, list[int]] = {}
    for i, a in enumerate(c.actors):
        if (a.kind == "employee" and 0 < a.active_from < c.days) or a.kind == "guest":
            joins.setdefault(a.active_from, []).append(i)
    ctx = {"public": channels, "joins": joins, "bots": bots, "service": service}
    all_bots = bots + service
    counts = Counts()

    def channels_json() -> Iterator[bytes]:
        return slack_json_array(channel_record(ch) for ch in channels)

    def channel_record(ch: Channel) -> dict:
        conv = str if ch.created_as_str else int
        creator = c.actors[ch.creator].slack_id
        return {
            "id": ch.id, "name": ch.name, "created": conv(ch.created), "creator": creator,
            "is_archived": ch.is_archived, "is_general": ch.is_general,
            "members": [c.actors[m].slack_id for m in ch.members],
            "topic": {"value": "", "creator": "", "last_set": conv(0)},
            "purpose": {"value": ch.purpose, "creator": creator, "last_set": conv(ch.created)},
        }

    def users_json() -> Iterator[bytes]:
        # sorted by id; records are built one at a time so memory stays flat for big workspaces
        order = sorted([(a.slack_id, "actor", k) for k, a in enumerate(c.actors) if a.kind != "external"]
                       + [(b.user_id, "bot", k) for k, b in enumerate(all_bots)] + [(SLACKBOT, "slackbot", 0)])

        def records():
            for _, kind, k in order:
                if kind == "slackbot":
                    yield user_record(c)
                elif kind == "bot":
                    yield user_record(c, bot=all_bots[k])
                else:
                    a = c.actors[k]
                    yield user_record(c, a, c.people[a.person] if a.person >= 0 else None)

        return slack_json_array(records())

    def integration_logs() -> list[bytes]:
        admin = c.actors[0]
        out = []
        for k, b in enumerate(all_bots):
            rec = {"user_id": admin.slack_id, "user_name": admin.name, "date": str(int(c.start.timestamp()) - 86400 * (400 - 50 * k))}
            if k % 2:
                rec.update({"app_id": b.app_id, "app_type": b.real_name, "change_type": "added", "scope": "chat:write,channels:read"})
            else:
                rec.update({"bot_id": b.bot_id, "service_id": str(29645675590 + k), "service_type": b.real_name,
                            "change_type": "added", "scope": "incoming-webhook", "channel": channels[0].id})
            out.append(rec)
        return [slack_json(out)]

    prng = random.Random(f"{c.seed}/slack/private")
    entries: dict[str, object] = {
        "channels.json": channels_json, "users.json": users_json, "integration_logs.json": integration_logs,
        "canvases.json": lambda: [slack_json([])],
        "groups.json": lambda: [slack_json([conversation_meta(c, g, prng, "group") for g in groups])],
        "dms.json": lambda: [slack_json([conversation_meta(c, d, prng, "dm") for d in dms])],
        "mpims.json": lambda: [slack_json([conversation_meta(c, m, prng, "mpim") for m in mpims])],
    }
    for ch in channels:
        entries[ch.name + "/"] = ch
    for conv in groups + mpims:
        entries[conv["name"] + "/"] = conv
    for conv in dms:
        entries[conv["id"] + "/"] = conv
    with DeterministicZip(path, c.end.date(), directories=True) as zf:
        for key in sorted(entries):
            item = entries[key]
            if isinstance(item, Channel):
                ChannelSim(c, item, ctx, zf, counts).run()
            elif isinstance(item, dict):
                for date_s, msgs in sorted(private_messages(c, item, random.Random(f"{c.seed}/private/{item['id']}")).items()):
                    msgs.sort(key=lambda m: m["ts"])
                    zf.add(f"{key}{date_s}.json", slack_json(msgs))
                    counts.private_messages += len(msgs)
            else:
                zf.add_chunks(key, item())
        entries_written = zf.entries
    return {
        "channels": len(channels), "private_channels": len(groups), "dms": len(dms), "mpims": len(mpims),
        "users": sum(a.kind != "external" for a in c.actors) + len(all_bots) + 1,
        "bot_users": [(b.user_id, b.real_name) for b in bots] + [(SLACKBOT, "Slackbot")],
        "messages": counts.public_messages, "private_messages": counts.private_messages,
        "threads": counts.threads, "replies": counts.replies, "day_files": counts.day_files,
        "zip_entries": entries_written,
    }
