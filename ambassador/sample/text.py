"""Template banks for the sample company's posts, and the function that fills them.

A category is a tuple of parts; :func:`compose` picks one template from each part (later parts
are sometimes skipped) and fills its ``{slots}``. Plain slots come from :data:`SLOTS` (values may
hold slots themselves); markup slots (``mention``, ``channel``, ``link``, ``here``, ``brand``,
``hashtag``, ``brandlink``) are rendered by the caller, so the same bank serves Slack
(``<@U…>``) and X (``@name`` plus entities). The on-culture banks paraphrase the values in
``culture/values.md`` without copying its sentences.

Other languages (:mod:`ambassador.sample.translations`) and industries (a :class:`TextPack`)
say the same things: :func:`compose` always draws on the English bank, so a post consumes the
random stream and calls ``render`` (who is mentioned) exactly as its English twin would, and
then says it again in the author's language, template and slot values by index.

Examples
--------
>>> import random
>>> segs = compose(random.Random(1), "recognition", lambda slot: ("<@U1>" if slot == "mention" else f"[{slot}]", True))
>>> any(markup and text == "<@U1>" for text, markup in segs)
True
>>> render = lambda slot: ("<@U1>", True)
>>> en, he = (compose(random.Random(1), "recognition", render, lang) for lang in ("en", "he"))
>>> plain(en) != plain(he) and [t for t, m in en if m] == [t for t, m in he if m]
True
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

Segment = tuple[str, bool]  # (text, is_markup): markup is emitted as is, plain text is escaped
MARKUP_SLOTS = frozenset({"mention", "channel", "link", "here", "brand", "hashtag", "brandlink"})

SLOTS: dict[str, list[str]] = {
    "customer": [
        "Cobalt Shipping", "Port of Aldmere", "Baltic Ferries", "Greywater Marine", "Kestrel Tankers",
        "Harbourline Logistics", "Saltmarsh Pilots", "Nordkap Fisheries", "Bluefin Terminals", "Corran Ferry Co",
        "Atlantic Dredging", "Tidewater Towage", "Seagrass Cruises", "Port of Velden", "Meridian Bulk",
    ],
    "product": ["Beacon", "Harbor Desk", "Tidewatch", "Dockside", "Lantern"],
    "feature": [
        "berth scheduling", "ETA alerts", "route replay", "crew rosters", "fuel reports", "tide-table sync",
        "offline mode", "invoice export", "AIS ingestion", "dashboard filters", "pilot booking",
        "weather overlay", "cargo manifests", "SSO login", "mobile check-in flow",
    ],
    "tool": [
        "Terraform", "the staging cluster", "Grafana", "Postgres", "the CI pipeline", "Looker", "Salesforce",
        "Zendesk", "the VPN", "our design system", "Kafka", "the feature-flag service", "Jira", "the data warehouse",
        "the expense tool",
    ],
    "topic": [
        "incident reviews", "event sourcing", "negotiation", "accessibility", "SQL window functions",
        "maritime regulations", "public speaking", "Rust", "pricing experiments", "writing clear RFCs",
        "user interviews", "observability", "first aid at sea", "contract law basics", "SEO", "data privacy",
    ],
    "place": ["Rotterdam", "Halifax", "Lisbon", "Singapore", "Portland", "Gdańsk", "Tromsø", "Velden"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "tomorrow", "next week"],
    "time": ["9:30", "10:00", "11:15", "1pm", "2pm", "3:30", "4pm"],
    "doc": [
        "the runbook", "the onboarding guide", "a short write-up", "the retro notes", "the wiki page",
        "a two-page summary", "the FAQ", "the troubleshooting checklist",
    ],
    "meeting": ["weekly sync", "sprint review", "town hall", "design crit", "pipeline review", "ops stand-up"],
    "lunch": ["the noodle place", "the harbour café", "the food trucks", "Pho Saigon", "the rooftop"],
    "task": [
        "rotate the API keys", "get read access to {tool}", "rerun a failed nightly job", "export a customer list",
        "set up a sandbox account", "book a site visit", "change the billing contact", "reset a vessel's AIS feed",
        "add a new port to {product}", "fix a flaky test",
    ],
    "deed": [
        "staying late to get the {customer} release over the line",
        "turning the {feature} fix around in a single day",
        "patiently walking me through {tool}",
        "the clearest incident write-up I've read in years",
        "covering my on-call shift at no notice",
        "mentoring our three new starters",
        "spotting the loose railing at {place} before anyone got hurt",
        "rewriting {doc} so the rest of us can follow it",
        "calming down a very unhappy {customer} and fixing the real problem",
        "pairing with me for two hours on {feature}",
        "running the {topic} lunch-and-learn",
        "answering every question in the help channel this week",
        "flying to {place} to get {customer} live on time",
        "catching the data issue in {feature} before it reached customers",
    ],
    "outcome": [
        "cut their turnaround time by {pct}", "stopped double-booking berths", "finally retired their spreadsheets",
        "saved a night shift every week", "got their crews home earlier", "passed their port-state audit",
        "dropped fuel costs by {pct}", "renewed for three more years",
    ],
    "hazard": [
        "a forklift reversed without a spotter", "a mooring line was left across the walkway",
        "someone climbed the gangway without a life vest", "a cable ran across the quay in the rain",
        "the ladder on berth 4 has a cracked rung", "a van was parked in the pedestrian lane",
    ],
    "gripe": [
        "another reorg", "the new expense tool", "the latest priority shuffle", "the hiring freeze",
        "yet another status report", "the open-plan noise", "the travel policy", "the quarterly planning circus",
    ],
    "event": ["PortTech Europe", "the Maritime Data Summit", "OceanOps Meetup", "DevHarbour", "the Blue Economy Forum"],
    "role": ["backend engineer", "field technician", "customer success manager", "product designer", "data analyst"],
    "pct": ["10%", "15%", "a third", "half", "20%", "25%"],
    "period": ["week", "month", "quarter", "sprint"],
    "num": ["2", "3", "4", "5", "6", "8", "10", "12"],
    "weekend": [
        "went sailing for the first time in years", "finally finished the shed", "ran my first half marathon",
        "spent the whole weekend at the allotment", "watched the tall ships come in", "did absolutely nothing, bliss",
    ],
    "emoji": [":tada:", ":rocket:", ":raised_hands:", ":sparkles:", ":heart:", ":clap:", ":star-struck:"],
    "xemoji": ["🎉", "🙌", "⚓", "🚢", "💙", "👏", "🌊"],
    "book": ["Team of Teams", "The Checklist Manifesto", "Accelerate", "Thinking in Systems", "Sea of Glass"],
}

# --- Slack, top-level posts --------------------------------------------------------------
BANKS: dict[str, tuple[list[str], ...]] = {
    "question": (
        [
            "Does anyone know how to {task}?",
            "Quick one: what's the right way to {task} these days?",
            "Stuck trying to {task} and the docs look out of date. Any pointers?",
            "Has anyone seen {tool} time out on {feature} today?",
            "Who owns {feature} now? {customer} is asking about it.",
            "Is there a checklist for a {place} site visit somewhere?",
            "Silly question maybe, but where do Q&A notes from the {meeting} live?",
            "Can someone explain how {feature} decides the order of arrivals? Latency is > 2s for {customer}.",
        ],
        ["", "cc {mention}", "{mention} you might know this one?", "Thanks in advance!", "{here}"],
    ),
    "help": (
        [
            "PSA for anyone fighting {tool}:",
            "Heads-up, since three people asked this week:",
            "Writing this down so nobody else loses an afternoon to it:",
            "Small tip that saved me hours:",
            "If you're new here and stuck on {feature},",
        ],
        [
            "the trick is to bump the timeout before you rerun the job. I added the steps to {doc}.",
            "you can {task} yourself now, no ticket needed. Steps are in {link}.",
            "clear the local cache, then re-sync {feature}; the error message is misleading.",
            "the staging data for {customer} is refreshed on {day}, so test after that.",
            "ask in {channel} and tag the on-call person, they are there to help, not to judge.",
            "there is a template for {customer} escalations in {link} &amp; it covers most cases.",
            "keep exports < 5,000 rows or {tool} silently drops the rest.",
            "staging -> prod needs a second reviewer now, so plan for a day's lead time.",
        ],
        [
            "Happy to pair on it if you're still stuck.",
            "Ping me and I'll jump on a call.",
            "I've got time after the {meeting} if anyone wants a walkthrough.",
            "No question is too small, honestly.",
            "Shout if anything is unclear and I'll fix the doc.",
        ],
    ),
    "learning": (
        [
            "Sharing my notes from the {topic} workshop:",
            "TIL:",
            "We got {feature} wrong last {period}, so here is what we changed:",
            "Posting our retro from the {customer} rollout, warts and all:",
            "I was wrong about {topic}, and here is why:",
            "Book club pick for this month is {book}. My takeaways so far:",
        ],
        [
            "the biggest lesson was to test with real tide data, not the happy path.",
            "small reversible changes beat big-bang releases, every single time.",
            "the mistakes were in the hand-offs, not in the code, so we are fixing the hand-offs.",
            "writing the decision down before the meeting made the meeting half as long.",
            "asking {customer} early would have saved us two sprints of guessing.",
            "{topic} is much less scary once you break it into tiny experiments.",
            "it turns out the dashboard was lying to us, so we now check the raw numbers weekly.",
        ],
        [
            "Full write-up: {link}",
            "Notes are in {link}, comments welcome.",
            "Would love to hear what others have tried.",
            "Happy to run a short session on it if there's interest.",
            "Next step: we try it on {feature}.",
        ],
    ),
    "customer": (
        [
            "Just got off a call with {customer}:",
            "Customer story of the week:",
            "Spent the morning on the quay in {place} with the {customer} crew.",
            "Good news from {customer}!",
            "Feedback from {customer}'s ops lead, shared with permission:",
        ],
        [
            "they {outcome} since switching on {feature}.",
            "watching how they really use {product} taught me more than a month of dashboards.",
            "they asked for {feature}, we shipped a fix in two days and they noticed.",
            "the night shift now starts from {product} instead of a whiteboard.",
            "their dispatchers said {feature} is the first tool that works in a storm.",
            "the problem wasn't the software, it was the paperwork, so we helped with that too.",
        ],
        [
            "Credit to everyone who worked on it {emoji}",
            "This is why we do it.",
            "Let's keep listening to them before we build.",
            "Their wish list is in {link}.",
            "",
        ],
    ),
    "recognition": (
        [
            "Huge thanks {mention} for {deed}!",
            ":tada: kudos to {mention} for {deed}",
            "Shout-out to {mention}, who has been {deed_ing}.",
            "Big :clap: for {mention}: {deed}.",
            "Thanks {mention} and {mention} for {deed}.",
            "Can we take a moment for {mention}? {deed_cap} made my week.",
            "Kudos to {mention} for {deed}, it did not go unnoticed.",
        ],
        ["{emoji}", "You're a star.", "", "Teamwork at its best.", "This is what good looks like."],
    ),
    "safety": (
        [
            "Near miss at the {place} yard today: {hazard}.",
            "Safety moment before the {meeting}:",
            "Reminder for anyone heading to {place} this week:",
            "Reported today: {hazard}.",
        ],
        [
            "Nobody was hurt, and I logged it so we all learn from it.",
            "hard hats and hi-vis on the quay, no exceptions, even for a quick visit.",
            "if something feels unsafe, stop and say so. Nobody gets in trouble for that.",
            "please check the weather window before any boat transfer.",
            "thanks to whoever flagged it early, that's exactly right.",
            "it was fixed within the hour because someone spoke up.",
        ],
        ["Details in {link}.", "Questions to the safety team in {channel}.", ""],
    ),
    "chatter": (
        [
            "Anyone up for lunch at {lunch}?",
            "Heads-up: the {meeting} moves to {time} on {day}.",
            "Is {tool} down for anyone else?",
            "Back from leave, catching up on threads now.",
            "Coffee machine on the 3rd floor is fixed! <3",
            "Reminder: timesheets are due {day}.",
            "Weekend report: I {weekend}.",
            "Who's going to {event} this year?",
            "The {place} office has free cake in the kitchen, first come first served.",
            "Does anyone have a spare HDMI adapter near the {place} meeting rooms?",
            "Fire drill at {time} {day}, just so you know.",
            "Working from the {place} office {day} if anyone wants to grab coffee.",
        ],
    ),
    "negative": (
        [
            "Honestly,",
            "Not to be that person, but",
            "Can we be real for a second?",
            "Again?",
            "Great.",
        ],
        [
            "{gripe} and nobody explained why. Typical.",
            "{feature} is a mess and nobody wants to own it.",
            "I'm not sure why we bother with retros, nothing ever changes.",
            "third time this month {tool} broke and somehow it's my problem.",
            "I'm done covering for other teams' mistakes.",
            "whoever booked a 7am call with {customer}, thanks for nothing.",
            "the {product} roadmap is fantasy and everyone knows it.",
            "management says customers come first, then cuts the support budget.",
            "this is not my job and I'm not doing it.",
            "meetings about meetings, again. What a waste of time.",
            "we keep shipping half-finished work and blaming the customer when it breaks.",
            "if {customer} churns it's on sales, not us.",
        ],
        ["", "Whatever.", ":upside_down_face:", "Just saying.", "Pointless."],
    ),
    "announcement": (
        [
            ":mega: All-hands on {day} at {time}: Q4 plans and a Q&amp;A.",
            "New on the blog: how {customer} {outcome} with {product}.",
            "We're hiring! Referrals for {role} roles are very welcome.",
            "Our {hashtag} campaign starts next week. Share your stories with the comms team.",
            "Press release: {product} now covers {place}.",
            "Reminder: the brand toolkit has moved to {link}.",
            "We'll be at {event} next month. Who wants to help at the booth?",
        ],
        ["{here}", "Details: {link}", "", "Questions welcome in the thread."],
    ),
    # --- Slack replies ------------------------------------------------------------------
    "answer": (
        [
            "I had the same issue last {period}.",
            "Yes!",
            "Good question.",
            "This one bit me too.",
            "",
        ],
        [
            "You need to {task} first, then it works.",
            "It's in {doc}, section 3. Took me ages to find.",
            "Try it on staging first, prod has an extra approval step.",
            "The {customer} account has a special config, check with the CS team.",
            "Drop me a DM with the error and I'll take a look.",
            "I can show you after the {meeting}, it's five minutes.",
            "The owner is the {feature} squad, ask in {channel}.",
        ],
        ["Happy to help!", "Hope that helps.", "", "Ping me if not."],
    ),
    "thanks_reply": (
        [
            "Thanks {mention}, that did it!",
            "That worked, thank you {mention} :pray:",
            "Legend, thanks {mention}.",
            "Perfect, thanks {mention}! Updating {doc} now.",
        ],
    ),
    "positive": (
        [
            "Love this :heart:",
            "This is super helpful, saving it.",
            "+1, great write-up.",
            "Nice one! Sharing with my team.",
            "So good to hear, well done all.",
            "Agree. I can take the follow-up with {customer}.",
            "Good catch, thanks for flagging.",
            "Well deserved!",
            "Thanks for writing this down &amp; sharing it.",
            "Count me in.",
        ],
    ),
    "neutral": (
        [
            "Let me check and get back to you.",
            "Which environment?",
            "Same here.",
            "Ok, noted.",
            "I think the {feature} folks know more.",
            "Following.",
            "Is this the same as last week's issue?",
            "Moved to {channel}.",
        ],
    ),
    "negative_reply": (
        [
            "We tried that last year, didn't work then either.",
            "Not my team's problem.",
            "Sure, if you want to waste another sprint.",
            "Why is this only coming up now?",
            "Told you so.",
            "Exactly. Nobody listens.",
            "100%. This place.",
        ],
    ),
    "pushback": (
        [
            "I hear you, but let's take it to the retro and fix it properly.",
            "Fair frustration. Want to pair on it tomorrow?",
            "Let's assume good intent; I'll ask the owners what happened.",
            "I'd rather we help them than blame them. Who's in?",
            "Happy to talk it through, DM me.",
        ],
    ),
    # --- X ------------------------------------------------------------------------------
    "x_brand": (
        [
            "Proud of the team at {brand} today:",
            "Another great week at {brand}.",
            "Behind the scenes at {brand}:",
            "This is why I love working at {brand}:",
            "Big day for us:",
        ],
        [
            "{customer} {outcome} with {product} {xemoji}",
            "we shipped {feature} and the first feedback is lovely.",
            "a whole team dropped everything to help a colleague hit a deadline.",
            "safety briefing on the quay in {place} before sunrise {xemoji}",
            "our new starters presented what they learned in week one.",
        ],
        ["{hashtag}", "{brandlink}", "{hashtag} {brandlink}", ""],
    ),
    "x_customer": (
        [
            "Spent the day with {customer} in {place}, seeing {product} in action.",
            "Nothing beats hearing from a customer: {customer} {outcome}.",
            "Dispatchers at {customer} now plan the night shift in {product}.",
        ],
        ["Never gets old.", "{xemoji}", "{hashtag}", "Thank you for trusting us."],
    ),
    "x_learning": (
        [
            "Wrote up what I learned about {topic} this {period}:",
            "Lessons from our last incident review, shared in the open:",
            "Reading {book} and rethinking how we plan releases.",
            "TIL about {topic}.",
        ],
        ["{link}", "Small experiments beat big plans.", "Feedback welcome!", ""],
    ),
    "x_recognition": (
        [
            "Huge thanks to {mention} for {deed} {xemoji}",
            "Great talk by {mention} at {event} on {topic}.",
            "Working with {mention} makes hard weeks easier.",
            "Shout-out to {mention} and the whole {feature} crew.",
        ],
        ["{hashtag}", ""],
    ),
    "x_safety": (
        [
            "Safety first on the quay in {place} today {xemoji}",
            "Reminder to everyone working near water: life vest on, every time.",
        ],
        ["Stop the job if it feels wrong.", "{hashtag}", ""],
    ),
    "x_hiring": (
        ["We're hiring {role}s in {place}!", "My team at {brand} is looking for a {role}."],
        ["Come work with kind, curious people: {brandlink}", "DMs open. {brandlink}"],
    ),
    "x_chatter": (
        [
            "Coffee and tide tables: Monday.",
            "Anyone going to {event} next month?",
            "Reading {book}, recommended.",
            "Weekend: I {weekend}.",
            "Rain in {place} again. Of course.",
            "Hot take: most dashboards should be a single number.",
        ],
    ),
    "x_negative": (
        [
            "Values posters don't fix broken tooling.",
            "Long week. Some days I wonder why I bother.",
            "Funny how 'customers first' never survives budget season.",
            "Another reorg. Same problems, new slides.",
            "Nobody reads the retro notes. Why write them?",
            "Tired of cleaning up after people who never say thanks.",
        ],
        ["", "Just saying.", "🙃"],
    ),
    "x_reply": (
        [
            "Congrats, well deserved!",
            "So proud of this team {xemoji}",
            "Great thread, thanks for sharing.",
            "This made my day.",
            "Couldn't agree more.",
            "Let's catch up at {event}!",
            "Thanks for the shout-out!",
            "Happy to help anytime.",
        ],
    ),
    "x_reply_negative": (
        ["Sure. Tell that to the support team.", "Nice PR. Reality is different.", "We'll see.", "lol ok"],
    ),
    "x_quote": (
        ["Worth a read:", "This 👇", "Proud of this one.", "Exactly right.", "Great summary of what we do at {brand}."],
        ["", "{hashtag}"],
    ),
}

# Some templates refer to a deed as a gerund phrase or capitalised; derive them from "deed".
SLOTS["deed_ing"] = [d for d in SLOTS["deed"] if d.split()[0].endswith("ing")]
SLOTS["deed_cap"] = [d[0].upper() + d[1:] for d in SLOTS["deed"]]

KEEP_OPENER = frozenset({"customer", "safety", "x_brand"})  # their opener carries the content
_SLOT = re.compile(r"\{(\w+)\}")


_PARSED: dict[str, list[tuple[str, str]]] = {}


def _parse(template: str) -> list[tuple[str, str]]:
    """``template`` as (literal, slot) pairs, cached; ``&amp;`` in a literal stands for ``&``."""
    parsed = _PARSED.get(template)
    if parsed is None:
        parsed, pos = [], 0
        for m in _SLOT.finditer(template):
            parsed.append((template[pos : m.start()].replace("&amp;", "&"), m.group(1)))
            pos = m.end()
        parsed.append((template[pos:].replace("&amp;", "&"), ""))
        _PARSED[template] = parsed
    return parsed


class _Trace:
    """What the English pass of :func:`compose` chose, so another language can say the same.

    ``parts``: (part index, template index) of the parts kept, in order; ``slots``: the value
    index chosen for each plain slot, keyed by its path (the slot occurrences leading to it);
    ``markup``: the rendered markup segments, in order, with their slot names.
    """

    __slots__ = ("parts", "slots", "markup")

    def __init__(self) -> None:
        self.parts: list[tuple[int, int]] = []
        self.slots: dict[tuple, int] = {}
        self.markup: list[tuple[str, Segment]] = []


def fill(rng: random.Random, template: str, render: Callable[[str], Segment], slots: dict | None = None,
         trace: _Trace | None = None, path: tuple = ()) -> list[Segment]:
    """Fill one template: plain slots from ``slots`` (default :data:`SLOTS`), markup slots
    through ``render``.

    ``&amp;`` written in a template stands for a literal ``&`` (so banks stay readable as
    Slack text); the platform writer escapes it again. A value is chosen with
    ``rng.randrange(len(values))``, which draws exactly what ``rng.choice`` draws.
    """
    slots = SLOTS if slots is None else slots
    out: list[Segment] = []
    seen: dict[str, int] = {}
    for literal, slot in _parse(template):
        if literal:
            out.append((literal, False))
        if not slot:
            continue
        if slot in MARKUP_SLOTS:
            seg = render(slot)
            if trace is not None:
                trace.markup.append((slot, seg))
            out.append(seg)
        else:
            values = slots[slot]
            k = seen.get(slot, 0)
            seen[slot] = k + 1
            i = rng.randrange(len(values))
            key = path + ((slot, k),)
            if trace is not None:
                trace.slots[key] = i
            out.extend(fill(rng, values[i], render, slots, trace, key))
    return out


def compose(rng: random.Random, category: str, render: Callable[[str], Segment], lang: str = "en",
            pack: "TextPack | None" = None) -> list[Segment]:
    """A post of ``category`` as segments, written in ``lang``.

    The body (the middle of three parts, else the first) is always kept, and so is the opener
    of :data:`KEEP_OPENER` categories; other parts 70% of
    the time. A part that starts a sentence is capitalised.

    Every draw comes from the English bank of ``pack`` (default: the software company's), so
    ``rng`` and ``render`` see exactly the same calls whatever the language: a post in Hebrew
    consumes the random stream as its English twin does and mentions the same people. Another
    language then says the same thing: the same parts, templates and slot values by index in
    its parallel bank (see :func:`_say`), with the markup the English pass rendered.
    """
    pack = pack or default_pack()
    trace = _Trace() if lang != "en" else None
    segs = _compose(rng, pack.bank("en", category), category, render, pack.slots("en"), trace)
    if trace is None:
        return segs
    bank = pack.bank(lang, category)
    if bank is None:
        raise KeyError(f"no {lang!r} text for {category!r}")
    return _say(trace, bank, pack.slots(lang), segs, f"{category}|{lang}")


def _compose(rng: random.Random, parts: tuple[list[str], ...], category: str, render: Callable[[str], Segment],
             slots: dict, trace: _Trace | None) -> list[Segment]:
    body = 1 if len(parts) == 3 else 0  # (opener, body, closer) or (body, closer)
    keep = (0, 1) if category in KEEP_OPENER else (body,)
    segs: list[Segment] = []
    for i, options in enumerate(parts):
        if i not in keep and rng.random() > 0.7:
            continue
        j = rng.randrange(len(options))
        if trace is not None:
            trace.parts.append((i, j))
        template = options[j]
        if not template:
            continue
        part = fill(rng, template, render, slots, trace, (("part", i),))
        _join(segs, part)
    return segs


def _join(segs: list[Segment], part: list[Segment]) -> None:
    """Append ``part`` after a space, capitalised when it starts a sentence."""
    if segs:
        segs.append((" ", False))
    starts_sentence = not segs or segs[-2][0].rstrip()[-1:] in ".!?"
    if starts_sentence and part and not part[0][1] and part[0][0][:1].islower():
        part[0] = (part[0][0][0].upper() + part[0][0][1:], False)
    segs.extend(part)


# markup the other language's template left out that must survive (who is mentioned, the brand)
_KEEP_MARKUP = ("mention", "brand", "hashtag", "brandlink")


def _say(trace: _Trace, parts: tuple[list[str], ...], slots: dict, english: list[Segment], label: str) -> list[Segment]:
    """The traced post in a parallel bank: same part and template indices, same slot value
    indices by path, the English pass's markup in order of slot name. Markup the template
    lacks is appended when it matters (mentions, the brand); a slot the trace never saw (the
    translation added one) is drawn from a generator seeded by the English text, never from
    the behaviour stream."""
    queues: dict[str, list[Segment]] = {}
    for name, seg in trace.markup:
        queues.setdefault(name, []).append(seg)
    used: dict[str, int] = {}
    spare: list[random.Random] = []

    def extra() -> random.Random:
        if not spare:
            spare.append(random.Random(label + "|" + plain(english)))
        return spare[0]

    def say(template: str, path: tuple) -> list[Segment]:
        out: list[Segment] = []
        seen: dict[str, int] = {}
        for literal, slot in _parse(template):
            if literal:
                out.append((literal, False))
            if not slot:
                continue
            if slot in MARKUP_SLOTS:
                q, k = queues.get(slot, []), used.get(slot, 0)
                if k < len(q):
                    out.append(q[k])
                    used[slot] = k + 1
                elif q:
                    out.append(q[-1])
                continue
            values = slots[slot]
            k = seen.get(slot, 0)
            seen[slot] = k + 1
            key = path + ((slot, k),)
            i = trace.slots.get(key)
            if i is None:
                i = extra().randrange(len(values))
            out.extend(say(values[i % len(values)], key))
        return out

    segs: list[Segment] = []
    for i, j in trace.parts:
        if i >= len(parts) or not parts[i]:
            continue
        template = parts[i][j % len(parts[i])]
        if template:
            _join(segs, say(template, (("part", i),)))
    for name in _KEEP_MARKUP:
        for seg in queues.get(name, [])[used.get(name, 0):]:
            segs.extend([(" ", False), seg])
    return segs


# Categories whose English text lives with the translations (IRONY_BANKS), not in BANKS.
IRONY_CATEGORIES = ("sarcastic", "sarcastic_reply", "announcement_exec", "ack_reply")


class TextPack:
    """One industry's words: its English banks and slots, and the same in other languages.

    ``banks_by_language[lang][category]`` has the shape of the English bank (same parts, same
    number of templates a part, index for index a translation); ``slots_by_language[lang]``
    the same lengths as the English slots (a slot it lacks, a proper noun, stays English).
    ``irony[lang]`` holds :data:`IRONY_CATEGORIES` for every language, English included.
    Anything given as a callable is loaded on first use (the translations are a big module).
    """

    def __init__(self, banks: dict, slots: dict, banks_by_language=None, slots_by_language=None, irony=None):
        self._banks, self._slots = banks, slots
        self._by_lang, self._slots_by_lang, self._irony = banks_by_language, slots_by_language, irony
        self._merged: dict[str, dict] = {"en": slots}

    def _load(self, name: str):
        value = getattr(self, name)
        if callable(value):
            value = value()
            setattr(self, name, value)
        return value or {}

    def bank(self, lang: str, category: str) -> tuple[list[str], ...] | None:
        """The bank of ``category`` in ``lang`` (None when that language lacks it)."""
        if category in IRONY_CATEGORIES:
            return self._load("_irony").get(lang, {}).get(category)
        if lang == "en":
            return self._banks[category]
        return self._load("_by_lang").get(lang, {}).get(category)

    def languages(self) -> list[str]:
        """The languages this pack can write besides English."""
        return sorted(self._load("_by_lang"))

    def slots(self, lang: str) -> dict:
        """Slot values in ``lang``: its own where it has them, English for the rest; the
        derived ``deed_ing`` and ``deed_cap`` follow the language's ``deed`` index for index."""
        merged = self._merged.get(lang)
        if merged is None:
            own = dict(self._load("_slots_by_lang").get(lang, {}))
            merged = {**self._slots, **own}
            en_deed, deed = self._slots.get("deed"), own.get("deed")
            if deed and en_deed and len(deed) == len(en_deed):
                if "deed_ing" not in own:
                    merged["deed_ing"] = [deed[i] for i, d in enumerate(en_deed) if d.split()[0].endswith("ing")]
                if "deed_cap" not in own:
                    merged["deed_cap"] = [d[:1].upper() + d[1:] for d in deed]
            self._merged[lang] = merged
        return merged


def _translations(name: str):
    def load():
        from ambassador.sample import translations

        return getattr(translations, name)

    return load


_DEFAULT_PACK: list[TextPack] = []


def default_pack() -> TextPack:
    """The software company's words (these banks), with the translations of the sample."""
    if not _DEFAULT_PACK:
        _DEFAULT_PACK.append(TextPack(BANKS, SLOTS, _translations("BANKS_BY_LANGUAGE"),
                                      _translations("SLOTS_BY_LANGUAGE"), _translations("IRONY_BANKS")))
    return _DEFAULT_PACK[0]


def plain(segments: list[Segment]) -> str:
    """The segments as one string, markup included."""
    return "".join(t for t, _ in segments)


VALUES_MD = """# How we work at Northwind Lighthouse

Northwind Lighthouse builds the software that keeps ports, ferries and the crews who run them
on schedule and out of harm's way. These five values are how we decide what to do when nobody
is watching: they are not posters, they are the habits we expect from each other and the ones
we celebrate when we see them.

## We help each other

Nobody here succeeds alone. When a colleague is stuck we stop and lend a hand, and asking for
help is treated as a sign of good judgement, never of weakness.

## We learn in the open

We share what we know and what we got wrong. Retros, write-ups and half-finished notes are
published where everyone can read them, because a mistake explained once saves the next person
a week.

## Customers first

Our customers work in wind, rain and darkness. We go to the quay, listen before we build, and
measure ourselves by whether their day got easier.

## We recognise great work

Good work deserves to be seen. We say thank you by name and in public, and we notice the quiet
contributions as much as the loud ones.

## Safety is everyone's job

Anyone can stop work that feels unsafe, at any time, without needing permission. We report
near misses so everyone can learn from them, and no deadline is worth an injury.
"""

EXEMPLARS = [
    "Massive thank you to Priya for spending her Friday evening helping the Halifax crew get their berth plan fixed before the storm. That's who we are.",
    "We broke the ETA alerts for two hours on Tuesday. Here is exactly what happened, what we changed, and what we still don't know. Questions welcome.",
    "Visited the ferry terminal at 5am to watch dispatchers use our tools. Came back with eleven small fixes that will save them real time every night.",
    "If you see something unsafe on a site visit, stop the job and call it out. I did last week and the site team thanked me for it.",
    "New to the team and completely lost in the data warehouse, so I asked. Three people offered to pair within ten minutes. Thank you all.",
    "Our retro notes from the pilot-booking launch are public on the wiki, including the parts that didn't go well. Steal anything useful.",
    "Shout-out to the night support team, who answered every customer ticket during the outage and kept everyone informed. Quiet heroes.",
    "Ran a lunch session on reading tide data. Slides and recording are up for anyone who missed it, and I'm happy to repeat it for other offices.",
    "Customer asked a question we couldn't answer, so we spent an afternoon on their quay instead of guessing. Best decision of the sprint.",
    "Reported a near miss at the yard today: a cable across the walkway in the rain. Fixed in twenty minutes because someone spoke up.",
    "Kudos to the new starters who rewrote the onboarding guide after struggling with it. The next cohort will have a much easier first week.",
]
