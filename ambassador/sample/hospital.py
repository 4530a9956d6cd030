"""Words and org chart of the second sample company: a regional hospital (English only).

The same contract as :mod:`ambassador.sample.text`, in another industry: :data:`BANKS` has
exactly the category keys of :data:`text.BANKS <ambassador.sample.text.BANKS>` with the same
number of parts in each (how many templates a part holds may differ), its templates use only
slots defined in :data:`SLOTS` or the markup slots (``mention``, ``channel``, ``link``,
``here``, ``brand``, ``hashtag``, ``brandlink``), and the on-culture banks paraphrase
:data:`VALUES_MD` without copying its sentences. Slot names follow the software company's where
the meaning carries over (``tool``, ``topic``, ``place``, ``doc``, ``meeting``, ``deed``,
``outcome``, ``hazard``, ``gripe`` ...); the hospital's own are ``ward``, ``service`` (clinics
and units, where the software company has ``product`` and ``customer``) and ``process``
(pathways and routines, where it has ``feature``). Stories about patients never identify one.

:data:`IRONY_BANKS` holds the hospital's English ``sarcastic``, ``sarcastic_reply``,
``announcement_exec`` and ``ack_reply`` banks, with the shape of
``translations.IRONY_BANKS["en"]``. :data:`DEPARTMENTS` and :data:`LOCATIONS` have the tuple
format of :mod:`ambassador.sample.company`; the remaining constants (``CEO_DEPARTMENT`` ...)
are what an ``Industry`` needs besides.

>>> check_shapes()
[]
"""

from __future__ import annotations

from ambassador.sample import text

COMPANY_NAME = "St. Brigid's Regional Hospital"
COMPANY_SLUG = "st-brigids-regional-hospital"
SHORT_NAME = "St. Brigid's"
DOMAIN = "stbrigidshospital.ie"
BRAND_X = "StBrigidsHosp"
BRAND_X_ID = "1290417735512064003"
HASHTAGS = ["#TeamStBrigids", "#StBrigidsCares"]
BRAND_MASTODON = "stbrigids@mastodon.social"
BRAND_BLUESKY = "stbrigids.bsky.social"
BRAND_LINKEDIN = f"https://www.linkedin.com/company/{COMPANY_SLUG}"
INDUSTRY_LABEL = "Hospitals and Health Care"  # LinkedIn's industry field

# name, share of headcount, channel slug, individual titles, manager titles
DEPARTMENTS = [
    ("Nursing", 0.30, "nursing", ["Staff Nurse", "Senior Staff Nurse", "Clinical Nurse Specialist",
                                  "Healthcare Assistant", "Advanced Nurse Practitioner"],
     ["Clinical Nurse Manager", "Director of Nursing"]),
    ("Emergency", 0.12, "emergency", ["Emergency Medicine Registrar", "ED Staff Nurse", "Triage Nurse",
                                      "Emergency Department Assistant"],
     ["ED Clinical Nurse Manager", "Clinical Director, Emergency Medicine"]),
    ("Surgery", 0.11, "surgery", ["Surgical Registrar", "Theatre Nurse", "Anaesthetist",
                                  "Operating Department Practitioner"],
     ["Theatre Manager", "Clinical Director, Surgery"]),
    ("Pharmacy", 0.05, "pharmacy", ["Clinical Pharmacist", "Pharmacy Technician", "Dispensary Assistant"],
     ["Chief Pharmacist", "Director of Pharmacy"]),
    ("Radiology", 0.05, "radiology", ["Radiographer", "Sonographer", "Consultant Radiologist", "MRI Radiographer"],
     ["Radiography Services Manager", "Clinical Director, Radiology"]),
    ("Facilities", 0.09, "facilities", ["Porter", "Maintenance Technician", "Estates Officer",
                                        "Housekeeping Supervisor"], ["Facilities Manager", "Director of Estates"]),
    ("Patient Experience", 0.05, "patient-experience", ["Patient Liaison Officer", "Volunteer Coordinator",
                                                        "Patient Advocate"],
     ["Patient Experience Manager", "Head of Patient Experience"]),
    ("People", 0.06, "people-team", ["HR Business Partner", "Recruiter", "Learning & Development Specialist",
                                     "Occupational Health Nurse"], ["People Manager", "Director of People"]),
    ("Finance", 0.05, "finance", ["Financial Analyst", "Accountant", "Procurement Officer", "Clinical Coder"],
     ["Finance Manager", "CFO"]),
    ("IT", 0.05, "it", ["Clinical Systems Analyst", "Service Desk Analyst", "Integration Engineer"],
     ["IT Manager", "Chief Information Officer"]),
    ("Communications", 0.07, "comms", ["Communications Officer", "Social Media Manager", "Content Writer",
                                       "Graphic Designer"], ["Communications Manager", "Head of Communications"]),
]
# city, share, Slack tz, tz label, offset seconds
LOCATIONS = [
    ("Galway", 0.52, "Europe/Dublin", "Greenwich Mean Time", 0),
    ("Castlebar", 0.16, "Europe/Dublin", "Greenwich Mean Time", 0),
    ("Ballinasloe", 0.12, "Europe/Dublin", "Greenwich Mean Time", 0),
    ("Tuam", 0.08, "Europe/Dublin", "Greenwich Mean Time", 0),
    ("Clifden", 0.06, "Europe/Dublin", "Greenwich Mean Time", 0),
    ("Remote", 0.06, "Europe/London", "Greenwich Mean Time", 0),
]
# What an Industry needs besides (see company.Industry): where the CEO sits, whose head the
# service accounts report to, the desk and field departments on Teams and on Viva Engage, the
# executive title of a department head, the departments in the shared channel, a partner
# organisation on Slack Connect, and the purpose of #patient-stories.
CEO_DEPARTMENT = "Nursing"
ENGINEERING_DEPARTMENT = "IT"
TEAMS_DEPARTMENTS = ("IT", "Facilities")
VIVA_DEPARTMENTS = ("Nursing", "Patient Experience")
EXEC_TITLES = {"Nursing": "Chief Nursing Officer", "Emergency": "Clinical Director, Unscheduled Care",
               "Surgery": "Clinical Director, Perioperative Services", "Pharmacy": "Chief Pharmacist",
               "Facilities": "Chief Operating Officer", "People": "Chief People Officer",
               "Finance": "Chief Financial Officer", "IT": "Chief Information Officer"}
CUSTOMER_FACING = ("Patient Experience", "Emergency", "Nursing")
PARTNER = ("west-coast-ambulance", "West Coast Ambulance Service")
CUSTOMERS_PURPOSE = "What we hear at the bedside"

SLOTS: dict[str, list[str]] = {
    "ward": [
        "Ward 3B", "the cardiac ward", "St. Anne's ward", "the respiratory ward", "the children's ward",
        "the maternity unit", "the stroke unit", "the acute medical unit", "ICU", "the surgical day ward",
    ],
    "service": ["the fracture clinic", "the diabetes clinic", "the day surgery unit", "the falls service",
                "the virtual ward", "the memory clinic", "the breast screening unit"],
    "process": [
        "the discharge checklist", "the sepsis pathway", "bed flow", "the medication round", "the handover sheet",
        "falls risk assessments", "hand hygiene audits", "the early warning scores", "pressure ulcer checks",
        "the theatre list", "patient transport bookings", "blood transfusion checks", "pre-op assessment",
        "the visiting policy", "the bed board",
    ],
    "tool": [
        "the EPR", "the rota app", "the bleep system", "the infusion pumps", "the PACS viewer", "e-prescribing",
        "the bed management system", "the incident reporting system", "the lab results portal", "the ward Wi-Fi",
        "the dictation software", "the blood gas analyser", "the staff intranet", "the expenses portal",
        "the printer on 3B",
    ],
    "topic": [
        "sepsis recognition", "delirium care", "difficult conversations", "end-of-life care", "safe medication practice",
        "wound care", "infection control", "paediatric resuscitation", "dementia awareness", "manual handling",
        "ECG interpretation", "reflective practice", "human factors", "breaking bad news", "antimicrobial stewardship",
        "quality improvement",
    ],
    "place": ["Galway", "Castlebar", "Ballinasloe", "Tuam", "Clifden"],
    "day": ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "tomorrow", "next week"],
    "time": ["7:30", "8:00", "12:30", "1pm", "2pm", "7:30pm", "8pm"],
    "doc": [
        "the ward handbook", "the induction pack", "a short write-up", "the audit notes", "the intranet page",
        "the SBAR template", "the FAQ", "the escalation flowchart",
    ],
    "meeting": ["safety huddle", "bed meeting", "grand rounds", "board round", "staff forum",
                "morbidity and mortality meeting"],
    "lunch": ["the canteen", "the café in the atrium", "the coffee cart", "the deli across the road",
              "the bench in the courtyard garden"],
    "task": [
        "book annual leave in {tool}", "swap a shift on the rota", "get a smartcard for {tool}",
        "order more dressings out of hours", "get a porter after 8pm", "update an allergy status in {tool}",
        "book the teaching room", "claim back mileage", "report a broken bed", "get a locker on {ward}",
    ],
    "deed": [
        "staying two hours past handover to settle a frightened patient on {ward}",
        "covering my night shift at no notice",
        "patiently walking the new starters through {tool}",
        "spotting a drug interaction on the medication round before it reached the patient",
        "the calmest cardiac arrest call I've ever been part of",
        "mentoring our three new graduate nurses",
        "fixing the loose bed rail on {ward} before anyone got hurt",
        "rewriting {doc} so agency staff can follow it",
        "sitting with a family on {ward} through a very hard night",
        "running the {topic} teaching session",
        "answering every bleep on a short-staffed weekend",
        "getting {process} back on track after the system outage",
        "driving to {place} in the snow so the clinic could open",
        "catching a mislabelled blood sample before it went to the lab",
    ],
    "outcome": [
        "cut waiting times by {pct}", "got patients home a day earlier", "halved the number of falls",
        "stopped cancelling operations on the day", "passed its HIQA inspection", "reduced missed doses by {pct}",
        "brought missed appointments down by {pct}", "went a whole {period} without a hospital-acquired infection",
    ],
    "hazard": [
        "a wet floor by the lifts had no warning sign", "a sharps bin on {ward} was overfilled",
        "a fire door was propped open with a chair", "an oxygen cylinder was left unsecured in the corridor",
        "a patient hoist was used without a second person", "a drug trolley was left unlocked on {ward}",
    ],
    "gripe": [
        "another rota change", "the new EPR", "the latest bed-management shuffle", "the recruitment freeze",
        "yet another audit", "the parking situation", "the agency spend crackdown",
        "the mandatory training circus",
    ],
    "event": ["the Irish Nursing Conference", "the Patient Safety Summit", "West Health Innovation Day",
              "NurseTech Dublin", "the Regional Quality Forum"],
    "role": ["staff nurse", "healthcare assistant", "radiographer", "clinical pharmacist", "porter"],
    "pct": ["10%", "15%", "a third", "half", "20%", "25%"],
    "period": ["week", "month", "quarter", "rotation"],
    "num": ["2", "3", "4", "5", "6", "8", "10", "12"],
    "weekend": [
        "swam at Salthill for the first time in years", "finally finished painting the kitchen", "ran my first 10k",
        "slept for fourteen hours after nights, bliss", "walked the Sky Road with the dog",
        "did absolutely nothing, bliss",
    ],
    "emoji": [":tada:", ":hospital:", ":raised_hands:", ":sparkles:", ":heart:", ":clap:", ":blue_heart:"],
    "xemoji": ["🎉", "🙌", "🏥", "💙", "👏", "🩺", "✨"],
    "book": ["Being Mortal", "The Checklist Manifesto", "Black Box Thinking", "Do No Harm", "Intensive Care"],
}
# Templates refer to a deed as a gerund phrase or capitalised, as in text.py.
SLOTS["deed_ing"] = [d for d in SLOTS["deed"] if d.split()[0].endswith("ing")]
SLOTS["deed_cap"] = [d[0].upper() + d[1:] for d in SLOTS["deed"]]

# --- Slack, top-level posts --------------------------------------------------------------
BANKS: dict[str, tuple[list[str], ...]] = {
    "question": (
        [
            "Does anyone know how to {task}?",
            "Quick one: what's the right way to {task} on nights?",
            "Trying to {task} and the intranet page looks out of date. Any pointers?",
            "Is {tool} down on {ward} or is it just us?",
            "Who looks after {process} now? {ward} is asking.",
            "Is there a checklist for opening the clinic at {place} somewhere?",
            "Silly question maybe, but where do the notes from the {meeting} live?",
            "Can someone explain how {tool} decides bed priority? We had a patient waiting > 6h in ED.",
        ],
        ["", "cc {mention}", "{mention} you might know this one?", "Thanks in advance!", "{here}"],
    ),
    "help": (
        [
            "PSA for anyone fighting {tool}:",
            "Heads-up, since three people asked this week:",
            "Writing this down so nobody else loses a break to it:",
            "Small tip that saved me a lot of time on nights:",
            "If you're new here and stuck on {process},",
        ],
        [
            "log out and back in before you re-print the drug chart. I added the steps to {doc}.",
            "you can {task} yourself now, no need to ring IT. Steps are in {link}.",
            "the error message is misleading: it's the smartcard, not {tool}. Re-seat it and try again.",
            "pharmacy top up the ward stock {day}, so order before then.",
            "ask in {channel} and tag the site manager, they are there to help, not to judge.",
            "there is a template for escalating to the on-call consultant in {link} &amp; it covers most cases.",
            "keep handover lists < 2 pages or {tool} cuts off the rest when it prints.",
            "day ward -> ward transfers need a second nurse's signature now, so plan for it.",
        ],
        [
            "Happy to show you on the ward if you're still stuck.",
            "Bleep me and I'll come up.",
            "I've got time after the {meeting} if anyone wants a walkthrough.",
            "No question is too small, honestly.",
            "Shout if anything is unclear and I'll fix the doc.",
        ],
    ),
    "learning": (
        [
            "Sharing my notes from the {topic} study day:",
            "TIL:",
            "We got {process} wrong last {period}, so here is what we changed:",
            "Posting our learning review from the incident on {ward}, warts and all:",
            "I was wrong about {topic}, and here is why:",
            "Journal club pick for this month is {book}. My takeaways so far:",
        ],
        [
            "the biggest lesson was to check the wristband every single time, even when you know the patient.",
            "small changes tested on one ward beat big rollouts, every single time.",
            "the mistakes happened at handover, not at the bedside, so we are fixing the handover.",
            "writing the plan on the whiteboard before the board round made the round half as long.",
            "asking the families early would have saved us a week of guessing.",
            "{topic} is much less scary once you have practised it in simulation.",
            "it turns out the audit was measuring the wrong thing, so we now check the raw charts weekly.",
        ],
        [
            "Full write-up: {link}",
            "Notes are in {link}, comments welcome.",
            "Would love to hear what other wards have tried.",
            "Happy to run a short teaching session on it if there's interest.",
            "Next step: we try it on {ward}.",
        ],
    ),
    "customer": (
        [
            "Lovely feedback from a family on {ward}:",
            "Patient story of the week, shared with permission:",
            "Spent the morning with the team at {service}.",
            "Good news from {service}!",
            "A card arrived for everyone on {ward} today:",
        ],
        [
            "since we changed {process}, {service} {outcome}.",
            "watching how patients actually find their way through {service} taught me more than a month of audits.",
            "they asked for a quieter ward at night, we moved the late drug round and dimmed the lights, and they noticed.",
            "the night team now plans discharges the evening before instead of at 11am.",
            "the family said the nurses explained every step, and that made all the difference.",
            "the problem wasn't the treatment, it was the discharge paperwork, so we sorted that out too.",
        ],
        [
            "Credit to everyone on the team {emoji}",
            "This is why we do it.",
            "Let's keep asking patients before we change things.",
            "The full feedback is in {link}.",
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
        ["{emoji}", "You're a star.", "", "Teamwork at its best.", "This is what good care looks like."],
    ),
    "safety": (
        [
            "Near miss on {ward} today: {hazard}.",
            "Safety moment before the {meeting}:",
            "Reminder for anyone working at the {place} site this week:",
            "Reported today: {hazard}.",
        ],
        [
            "Nobody was hurt, and I logged it so we all learn from it.",
            "two-person checks on controlled drugs, no exceptions, even at 4am.",
            "if something feels unsafe, stop and say so. Nobody gets in trouble for that.",
            "please check the ID band before every dose, even for patients you know well.",
            "thanks to whoever flagged it early, that's exactly right.",
            "it was fixed within the hour because someone raised it.",
        ],
        ["Details in {link}.", "Questions to the patient safety team in {channel}.", ""],
    ),
    "chatter": (
        [
            "Anyone up for lunch at {lunch}?",
            "Heads-up: the {meeting} moves to {time} {day}.",
            "Is {tool} down for anyone else?",
            "Back from leave, catching up on threads now.",
            "Coffee machine in the staff room on 3B is fixed! <3",
            "Reminder: rota requests are due {day}.",
            "Post-nights report: I {weekend}.",
            "Who's going to {event} this year?",
            "There's cake in the staff room on {ward}, a thank-you from a family, first come first served.",
            "Does anyone have a spare phone charger near the theatres in {place}?",
            "Fire drill at {time} {day}, just so you know.",
            "Working at the {place} site {day} if anyone wants to grab coffee.",
        ],
    ),
    "negative": (
        ["Honestly,", "Not to be that person, but", "Can we be real for a second?", "Again?", "Great."],
        [
            "{gripe} and nobody explained why. Typical.",
            "{process} is a mess and nobody wants to own it.",
            "I'm not sure why we bother with learning reviews, nothing ever changes.",
            "third time this month {tool} crashed mid-shift and somehow it's my problem.",
            "I'm done covering for other wards' mistakes.",
            "whoever booked a 7am meeting straight after a night shift, thanks for nothing.",
            "the new plan for {service} is fantasy and everyone knows it.",
            "management says patients come first, then cuts the nursing budget.",
            "this is not my job and I'm not doing it.",
            "meetings about staffing instead of actual staff, again. What a waste of time.",
            "we keep discharging people half-ready and blaming the GPs when they bounce back.",
            "if {ward} can't be staffed, that's on management, not us.",
        ],
        ["", "Whatever.", ":upside_down_face:", "Just saying.", "Pointless."],
    ),
    "announcement": (
        [
            ":mega: Staff town hall {day} at {time}: the winter plan and a Q&amp;A.",
            "New on the website: how {service} {outcome}.",
            "We're hiring! Referrals for {role} roles are very welcome.",
            "Our {hashtag} campaign starts next week. Share your stories with the comms team.",
            "Press release: {service} is now open at {place}.",
            "Reminder: staff flu vaccine clinics run all week at {place}.",
            "We'll be at {event} next month. Who wants to help at the stand?",
        ],
        ["{here}", "Details: {link}", "", "Questions welcome in the thread."],
    ),
    # --- Slack replies ------------------------------------------------------------------
    "answer": (
        ["I had the same issue last {period}.", "Yes!", "Good question.", "This one caught me out too.", ""],
        [
            "You need to {task} first, then it works.",
            "It's in {doc}, section 3. Took me ages to find.",
            "Try the training version first, the live one needs a second sign-off.",
            "{ward} has its own procedure for that, check with the ward manager.",
            "Send me a message with the error and I'll take a look.",
            "I can show you after the {meeting}, it's five minutes.",
            "The {process} lead owns that, ask in {channel}.",
        ],
        ["Happy to help!", "Hope that helps.", "", "Bleep me if not."],
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
            "Nice one! Sharing with my ward.",
            "So good to hear, well done all.",
            "Agree. I can take the follow-up with {service}.",
            "Good catch, thanks for flagging.",
            "Well deserved!",
            "Thanks for writing this down &amp; sharing it.",
            "Count me in.",
        ],
    ),
    "neutral": (
        [
            "Let me check and get back to you.",
            "Which ward?",
            "Same here.",
            "Ok, noted.",
            "I think the {process} lead knows more.",
            "Following.",
            "Is this the same as last week's issue?",
            "Moved to {channel}.",
        ],
    ),
    "negative_reply": (
        [
            "We tried that last year, didn't work then either.",
            "Not my ward's problem.",
            "Sure, if you want to waste another month.",
            "Why is this only coming up now?",
            "Told you so.",
            "Exactly. Nobody listens.",
            "100%. This place.",
        ],
    ),
    "pushback": (
        [
            "I hear you, but let's take it to the learning review and fix it properly.",
            "Fair frustration. Want to go through it together after handover?",
            "Let's assume good intent; I'll ask the ward manager what happened.",
            "I'd rather we help them than blame them. Who's in?",
            "Happy to talk it through, message me.",
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
            "{service} {outcome} {xemoji}",
            "{service} moved into its new rooms and the first patient feedback is lovely.",
            "a whole ward stayed late to help a colleague through a brutal shift.",
            "safety huddle on {ward} before the night shift {xemoji}",
            "our new graduate nurses presented what they learned in their first week.",
        ],
        ["{hashtag}", "{brandlink}", "{hashtag} {brandlink}", ""],
    ),
    "x_customer": (
        [
            "Spent the day at {service} in {place}, seeing the team in action.",
            "Nothing beats hearing it from a patient: {service} {outcome}.",
            "The night team on {ward} now plans discharges the evening before.",
        ],
        ["Never gets old.", "{xemoji}", "{hashtag}", "Thank you for trusting us with your care."],
    ),
    "x_learning": (
        [
            "Wrote up what I learned about {topic} this {period}:",
            "Lessons from our last learning review, shared in the open:",
            "Reading {book} and rethinking how we do handovers.",
            "TIL about {topic}.",
        ],
        ["{link}", "Small tests of change beat big plans.", "Feedback welcome!", ""],
    ),
    "x_recognition": (
        [
            "Huge thanks to {mention} for {deed} {xemoji}",
            "Great talk by {mention} at {event} on {topic}.",
            "Working with {mention} makes hard shifts easier.",
            "Shout-out to {mention} and the whole team on {ward}.",
        ],
        ["{hashtag}", ""],
    ),
    "x_safety": (
        [
            "Speaking up for safety on {ward} today {xemoji}",
            "Reminder to everyone on the wards: check the ID band, every time.",
        ],
        ["Stop if it feels wrong.", "{hashtag}", ""],
    ),
    "x_hiring": (
        ["We're hiring {role}s in {place}!", "My team at {brand} is looking for a {role}."],
        ["Come work with kind, curious people: {brandlink}", "DMs open. {brandlink}"],
    ),
    "x_chatter": (
        [
            "Coffee and handover sheets: Monday.",
            "Anyone going to {event} next month?",
            "Reading {book}, recommended.",
            "Post-nights: I {weekend}.",
            "Rain in {place} again. Of course.",
            "Hot take: most hospital forms should be half as long.",
        ],
    ),
    "x_negative": (
        [
            "Values posters don't fix broken equipment.",
            "Long shift. Some days I wonder why I bother.",
            "Funny how 'patients first' never survives budget season.",
            "Another reorganisation. Same problems, new slides.",
            "Nobody reads the learning reviews. Why write them?",
            "Tired of covering for people who never say thanks.",
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
        ["Sure. Tell that to the night staff.", "Nice PR. Reality on the wards is different.", "We'll see.", "lol ok"],
    ),
    "x_quote": (
        ["Worth a read:", "This 👇", "Proud of this one.", "Exactly right.", "Great summary of what we do at {brand}."],
        ["", "{hashtag}"],
    ),
}

KEEP_OPENER = text.KEEP_OPENER  # the same categories carry their content in the opener

VALUES_MD = """# How we care at St. Brigid's

St. Brigid's Regional Hospital looks after the people of the western counties, from their first
breath in our maternity unit to their last days in our palliative care beds. These five values are
the promises we make to our patients and to each other: they guide us on the busiest night shift
as much as in the boardroom, and we expect to see them on every ward, in every clinic and corridor.

## Patients first

Every decision starts with the person in the bed. We explain what we are doing, involve patients
and families in their care, and judge our work by how safe, comfortable and respected they felt.

## Speak up for safety

Anyone, from a student nurse to a consultant, can stop a procedure that feels unsafe. We report
incidents and near misses without fear of blame, because every report makes care safer for the
next patient.

## Compassion in everything

We treat patients, families and colleagues with kindness, especially on the hardest days. A warm
word, a little extra time and a listening ear are part of the job, not extras.

## One team

Porters, pharmacists, nurses, doctors, cleaners and managers share one goal. We hand over
carefully, cover for each other when the ward is stretched, and never leave a colleague to
struggle alone.

## Keep learning

Medicine changes every year, and so do we. We share what we learn at teaching sessions and in the
open, reflect honestly on what went wrong, and turn every lesson into better care.
"""

EXEMPLARS = [
    "Massive thank you to Siobhán for staying on after a twelve-hour shift to sit with a frightened patient on the cardiac ward until her family arrived. That's who we are.",
    "We gave a patient the wrong diet for two days last week. Here is exactly what happened, what we changed, and what we still don't know. Questions welcome.",
    "Spent a night shift shadowing the porters to see how patients really move through the hospital. Came back with eleven small fixes that will save time every night.",
    "If a procedure feels unsafe, stop and say so, whoever is in the room. I did last week and the consultant thanked me for it.",
    "New to the ward and completely lost in the e-prescribing system, so I asked. Three colleagues offered to show me within ten minutes. Thank you all.",
    "Our learning review from the falls on Ward 3B is on the intranet for everyone, including the parts we got wrong. Steal anything useful.",
    "Shout-out to the night pharmacy team, who answered every call during the system outage and kept every ward supplied. Quiet heroes.",
    "Ran a lunchtime teaching session on spotting sepsis early. Slides and recording are up for anyone who missed it, and I'm happy to repeat it on other wards.",
    "A family asked a question we couldn't answer, so we sat down with them for an hour instead of rushing off. Best decision of the week.",
    "Reported a near miss today: an oxygen cylinder left unsecured in the corridor. Fixed in ten minutes because someone spoke up.",
    "Kudos to the new healthcare assistants who rewrote the ward induction pack after struggling with it. The next group will have a much easier first week.",
]

# Same shape as translations.IRONY_BANKS["en"] (parts, templates a part), hospital words.
IRONY_BANKS: dict[str, dict[str, tuple[list[str], ...]]] = {"en": {
    "sarcastic": (
        [
            "Love another 'patients first' town hall, so inspiring.",
            "Oh good, the {meeting} is about how we 'keep learning' now. Can't wait.",
            "'One team', yeah right, unless you need a porter after 8pm.",
            "Wow, 'speak up for safety', says the manager who told me to stop raising staffing.",
            "So blessed to hear 'compassion in everything' again right before they cancel our breaks.",
            "'Patients first', except on {ward}, apparently.",
            "Remember when 'keep learning' meant someone actually read the learning reviews? Me neither.",
            "Best part of {gripe}? The slide that says 'one team'.",
            "Another 'compassion in everything' email. My free biscuit and I are deeply moved.",
            "So 'speak up for safety', but the hoist on {ward} is still broken. Who exactly is listening?",
            "Nothing says 'patients first' like cancelling the list at {service} so the board can have an away day {day}.",
            "Thrilled to announce that 'keep learning' now needs three forms and a manager's signature.",
            "Love how 'one team' is on every poster and in zero rotas.",
            "Is 'patients first' before or after the agency cap?",
            "Totally believe the {meeting} will be different this time.",
            "Such an honour to be 'recognised' in an all-staff email with my name spelled wrong.",
        ],
        [
            "", "", "🙄", "/s", "Yeah right.", "😂", "Can't make this up.", "Truly inspiring.", "Sure, Jan.",
            ":upside_down_face:", "Living the values.", "What a time to be alive.", "Totally.",
        ],
    ),
    "sarcastic_reply": (
        [
            "😂", "lol so true", "haha this", "💀", "not wrong", "accurate", "say it louder for the people at the back",
            "😂😂", "lmao", "🙃 yep", "Facts.", "felt that", "haha exactly", "this, 100%",
        ],
    ),
    "announcement_exec": (
        [
            "Hi team!", "Hi everyone!", "All:", "Dear colleagues:", ":mega: Important update:",
            "A note from the executive team:", "Good morning all!", "Quick update from me:", "Team:",
            "Hello everyone!", "Please read:", "Important:",
        ],
        [
            "{day}, the Emergency and Acute Medicine directorates merge into one Unscheduled Care division. Your line manager will walk you through what changes for your team.",
            "Our year-end figures are in: waiting times are down {pct} and {service} passed its inspection. Thank you all for the hard work.",
            "Outpatient clinics at {place} move to the new building next quarter. Room booking becomes mandatory {day}.",
            "{day} we start expecting all non-clinical staff on site three days a week. The updated policy is attached.",
            "Following a review of our budget, all non-essential agency spend is paused until further notice.",
            "I'm pleased to share that we finished the year within budget, and {service} has been shortlisted for a national award.",
            "As part of our new operating model, the {meeting} will be replaced by a weekly divisional huddle.",
            "We have updated the annual leave policy. Please read it carefully before booking any summer leave.",
            "We're reorganising the surgical wards into three specialty hubs. New reporting lines take effect {day}.",
            "Our annual staff survey opens {day}. Participation is strongly encouraged.",
            "The outpatient team at {place} moves to the new wing {day}. Please clear your offices by {time} on Friday.",
            "Effective immediately, every new post requires sign-off from the executive team.",
            "We're introducing a new appraisal framework this {period}. Your line manager will share the details.",
            "Our priorities for next year are set: expand {service}, cut waiting times by {pct} and simplify how we work.",
        ],
        [
            "Please acknowledge in the thread.", "Full memo: {link}", "{here}", "Questions go to your line manager.",
            "Thank you for everything you do for our patients.", "Please react with :white_check_mark: once you've read this.",
            "FAQ: {link}", "More at the {meeting}.", "Onwards.", "Let's get through winter together.",
            "I'll share more as soon as I can.", "Please keep this internal for now.", "",
        ],
    ),
    "ack_reply": (
        [
            "Ack", "Noted.", "👍", "Read and understood.", "Done.", "Noted, will cascade to the ward.", "Acknowledged.",
            ":white_check_mark:", "Seen.", "Thanks for the update.", "Will do.", "✅", "Understood.", "ok",
        ],
    ),
}}

def check_shapes() -> list[str]:
    """Every way this module breaks its contract (empty: none): category keys and part
    counts against ``text.BANKS``, slots every template and value uses, the values
    statement's markdown, the org-chart tuples, the irony banks' shape.

    >>> check_shapes()
    []
    """
    from ambassador.sample import company, translations

    problems: list[str] = []
    if set(BANKS) != set(text.BANKS):
        problems.append(f"categories differ from text.BANKS: {sorted(set(BANKS) ^ set(text.BANKS))}")
    for category, parts in BANKS.items():
        if category in text.BANKS and len(parts) != len(text.BANKS[category]):
            problems.append(f"{category}: {len(parts)} parts, text.BANKS has {len(text.BANKS[category])}")
        for p, part in enumerate(parts):
            if not part or not any(part):
                problems.append(f"{category}[{p}]: no template")
    problems += translations.unknown_slots(BANKS, SLOTS, "hospital")
    problems += translations.unknown_slots(IRONY_BANKS["en"], SLOTS, "hospital/irony")
    for name, values in SLOTS.items():
        if not values or any(not v.strip() for v in values):
            problems.append(f"slot {name!r} is empty or has an empty value")
    for category, parts in [*BANKS.items(), *IRONY_BANKS["en"].items()]:
        for p, part in enumerate(parts):
            for t in part:
                problems += translations._template_problems(f"hospital/{category}[{p}]", t)
    # the irony banks say the same things as the software company's, index for index
    en_irony = translations.IRONY_BANKS["en"]
    for category, parts in en_irony.items():
        mine = IRONY_BANKS["en"].get(category)
        if mine is None or [len(p) for p in mine] != [len(p) for p in parts]:
            problems.append(f"irony {category}: shape {mine and [len(p) for p in mine]} != {[len(p) for p in parts]}")
    problems += translations.values_md_problems(VALUES_MD, "hospital/values")
    if not EXEMPLARS:
        problems.append("no exemplars")
    for label, rows, ref in (("DEPARTMENTS", DEPARTMENTS, company.DEPARTMENTS), ("LOCATIONS", LOCATIONS, company.LOCATIONS)):
        if abs(sum(r[1] for r in rows) - 1.0) > 1e-9:
            problems.append(f"{label}: shares sum to {sum(r[1] for r in rows)}")
        for row in rows:
            if len(row) != len(ref[0]) or [type(x) for x in row] != [type(x) for x in ref[0]]:
                problems.append(f"{label}: {row[0]!r} is not in the format of company.{label}")
    names = [d[0] for d in DEPARTMENTS]
    for dept in (CEO_DEPARTMENT, ENGINEERING_DEPARTMENT, *TEAMS_DEPARTMENTS, *VIVA_DEPARTMENTS, *EXEC_TITLES,
                 *CUSTOMER_FACING, "Communications"):
        if dept not in names:
            problems.append(f"department {dept!r} is not in DEPARTMENTS")
    return problems
