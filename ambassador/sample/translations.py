"""Hebrew, Spanish and German words for the sample company, and the irony banks.

Everything here is content: :mod:`ambassador.sample.text` decides which template and which slot
values a post uses (by index, on its English banks), and a post in another language is the
same post said with the templates and values at the same indices here. That only works if
every translation has exactly the shape of its English original, so the contract is:

``BANKS_BY_LANGUAGE[lang][category]``
    for every category of :data:`text.BANKS <ambassador.sample.text.BANKS>`: the same number of
    parts, the same number of templates in each part, template ``j`` translating English
    template ``j`` (an empty template stays empty) and using exactly the same multiset of
    ``{slot}`` names (the order may change where the grammar wants it). ``&amp;`` stands for
    ``&`` as in the English banks.
``SLOTS_BY_LANGUAGE[lang][slot]``
    for every slot whose words depend on the language: the same length as the English list,
    value ``i`` translating English value ``i`` with the same nested ``{slot}`` multiset.
    Proper nouns (``customer``, ``product``, ``book``) and the language-free ``num``,
    ``emoji``, ``xemoji`` are left out: the English list serves. ``deed_ing`` (the English
    ``deed`` values whose first word ends in "ing", in order) and ``deed_cap`` (every
    ``deed``, capitalised) are given explicitly, index for index.
``VALUES_MD_BY_LANGUAGE``, ``EXEMPLARS_BY_LANGUAGE``
    the values statement (one ``#`` title, the intro, five ``##`` sections) and the on-culture
    examples, translated.
``IRONY_BANKS[lang][category]``
    for ``en``, ``he``, ``es`` and ``de``: ``sarcastic`` (a colleague who mocks the values by
    quoting them), ``sarcastic_reply`` (colleagues laughing along), ``announcement_exec`` (an
    executive's all-staff post) and ``ack_reply`` (forced acknowledgements), the same shape and
    slots in every language (English is the reference).

The templates are written so that any value of a slot fits grammatically: in Hebrew a slot
never follows a one-letter prefix (ב, ל, מ, ש, ה) unless every value of that slot takes one
(``place``, ``doc``, ``feature``, ``meeting``, ``lunch``, ``event``, ``gripe`` are all
Hebrew-initial, and the definite ones are construct phrases), and sentences about a mentioned
colleague avoid gendered verb forms; in Spanish a slot whose values carry ``el`` never follows
``de`` or ``a``; in German ``doc`` and ``meeting`` values are datives (``unserem Runbook``),
``event`` values datives after ``auf``, ``tool``/``topic``/``gripe`` values are only used
where nominative and accusative agree, and ``feature`` values are article-less labels used as
"das Feature …".

>>> check_shapes()
[]
>>> sorted(BANKS_BY_LANGUAGE), sorted(IRONY_BANKS)
(['de', 'es', 'he'], ['de', 'en', 'es', 'he'])
"""

from __future__ import annotations

import re

from ambassador.sample import text

LANGUAGES = ("he", "es", "de")
_SLOT = re.compile(r"\{(\w+)\}")
# English ``deed`` indices whose value starts with an "-ing" word: what ``deed_ing`` is made of.
_ING = [i for i, d in enumerate(text.SLOTS["deed"]) if d.split()[0].endswith("ing")]


# =============================================================================================
# Irony: English (the reference for the other languages' shapes)
# =============================================================================================
_EN_IRONY: dict[str, tuple[list[str], ...]] = {
    "sarcastic": (
        [
            "Love another 'customers first' all-hands, so inspiring.",
            "Oh good, the {meeting} is about how 'we learn in the open' now. Can't wait.",
            "'We help each other', yeah right, unless it's after 5pm.",
            "Wow, 'safety is everyone's job', says the team that parked in the walkway again.",
            "So blessed to hear 'we recognise great work' again right before the bonus freeze.",
            "'Customers first', except {customer}, apparently.",
            "Remember when 'we learn in the open' meant someone actually read the retro notes? Me neither.",
            "Best part of {gripe}? The slide that says 'we help each other'.",
            "Another 'we recognise great work' email. My pizza voucher and I are deeply moved.",
            "So 'safety is everyone's job', but the ladder on berth 4 is still broken. Who exactly is everyone?",
            "Nothing says 'customers first' like pushing the {customer} call so the VP can make golf {day}.",
            "Thrilled to announce that 'we learn in the open' now needs three sign-offs.",
            "Love how 'we help each other' is on every slide and in zero staffing plans.",
            "Is 'customers first' before or after the budget cuts?",
            "Totally believe the {meeting} will be different this time.",
            "Such an honour to be 'recognised' in a 200-person email with my name spelled wrong.",
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
            "A note from the leadership team:", "Good morning all!", "Quick update from me:", "Team:",
            "Hello everyone!", "Please read:", "Important:",
        ],
        [
            "{day}, Customer Success and Sales merge into one Revenue organisation. Your manager will walk you through what changes for your team.",
            "Q3 results are in: revenue is up {pct} year on year and {customer} signed a three-year deal. Thank you all for the hard work.",
            "We are moving the {place} office to a new building next quarter. Desk booking becomes mandatory {day}.",
            "Starting {day}, we expect everyone in the office three days a week. The updated hybrid policy is attached.",
            "Following a review of our cost base, all non-essential travel is paused until further notice.",
            "I'm pleased to share that we closed the quarter ahead of plan, and {customer} renewed for three more years.",
            "As part of our new operating model, the {meeting} will be replaced by a monthly business review.",
            "We have updated the expense policy. Please read it carefully before submitting any claims.",
            "We're reorganising Product and Engineering into four mission-based groups. New reporting lines take effect {day}.",
            "Our annual engagement survey opens {day}. Participation is strongly encouraged.",
            "The {place} team moves to the new campus {day}. Please clear your desks by {time} on Friday.",
            "Effective immediately, every new hire requires sign-off from the executive team.",
            "We're introducing a new performance framework this {period}. Your People Partner will share the details.",
            "Our priorities for next year are set: grow {product}, improve margins by {pct} and simplify how we work.",
        ],
        [
            "Please acknowledge in the thread.", "Full memo: {link}", "{here}", "Questions go to your manager.",
            "Thank you for your continued commitment.", "Please react with :white_check_mark: once you've read this.",
            "FAQ: {link}", "More at the {meeting}.", "Onwards.", "Let's make it a great quarter.",
            "I'll share more as soon as I can.", "Please keep this internal for now.", "",
        ],
    ),
    "ack_reply": (
        [
            "Ack", "Noted.", "👍", "Read and understood.", "Done.", "Noted, thanks.", "Acknowledged.", ":white_check_mark:",
            "Seen.", "Thanks for the update.", "Will do.", "✅", "Understood.", "ok",
        ],
    ),
}

# =============================================================================================
# Hebrew
# =============================================================================================
_HE_BANKS: dict[str, tuple[list[str], ...]] = {
    "question": (
        [
            "מישהו יודע איך {task}?",
            "שאלה זריזה: מה הדרך הנכונה {task} בימים אלה?",
            "מנסה {task} והתיעוד נראה לא מעודכן. יש למישהו כיוון?",
            "מישהו ראה היום timeout של {tool} על {feature}?",
            "מי אחראי עכשיו על {feature}? שואלים על זה ב-{customer}.",
            "יש איפשהו צ'קליסט לביקור באתר ב{place}?",
            "אולי שאלה טיפשית, אבל איפה נמצאים סיכומי ה-Q&A מ{meeting}?",
            "מישהו יכול להסביר איך נקבע סדר ההגעות ב{feature}? ה-latency אצל {customer} הוא > 2 שניות.",
        ],
        ["", "cc {mention}", "{mention} אולי יש לך מושג?", "תודה מראש!", "{here}"],
    ),
    "help": (
        [
            "PSA לכל מי שנלחם עם {tool}:",
            "לתשומת לבכם, כי שלושה אנשים שאלו את זה השבוע:",
            "מעלה את זה על הכתב כדי שאף אחד לא יבזבז על זה עוד אחר צהריים שלם:",
            "טיפ קטן שחסך לי שעות:",
            "אם אתם חדשים כאן ותקועים עם {feature},",
        ],
        [
            "הטריק הוא להגדיל את ה-timeout לפני שמריצים את הג'וב מחדש. הוספתי את השלבים ל{doc}.",
            "אפשר עכשיו {task} לבד, בלי לפתוח טיקט. השלבים נמצאים ב-{link}.",
            "צריך לנקות את ה-cache המקומי ואז לסנכרן מחדש את {feature}; הודעת השגיאה מטעה.",
            "נתוני ה-staging של {customer} מתרעננים {day}, אז כדאי לבדוק אחרי זה.",
            "תשאלו ב-{channel} ותתייגו את מי שבתורנות, הם שם כדי לעזור, לא כדי לשפוט.",
            "יש תבנית להסלמות של {customer} ב-{link} &amp; היא מכסה את רוב המקרים.",
            "תשמרו על ייצוא של < 5,000 שורות, אחרת השאר נעלם בשקט בתוך {tool}.",
            "מעבר staging -> prod צריך עכשיו reviewer נוסף, אז תתכננו יום מראש.",
        ],
        [
            "אפשר לשבת על זה יחד אם אתם עדיין תקועים.",
            "תפנגו אותי ואקפוץ לשיחה.",
            "יש לי זמן אחרי {meeting} אם מישהו רוצה הדגמה.",
            "באמת, אין שאלה קטנה מדי.",
            "תצעקו אם משהו לא ברור ואתקן את המסמך.",
        ],
    ),
    "learning": (
        [
            "הנה הסיכומים שלי מהסדנה על {topic}:",
            "למדתי היום:",
            "פספסנו עם {feature} ב{period} שעבר, אז הנה מה ששינינו:",
            "מפרסמים את הרטרו שלנו מהרולאאוט אצל {customer}, כולל כל הפדיחות:",
            "טעיתי לגבי {topic}, והנה למה:",
            "הספר של מועדון הקריאה החודש הוא {book}. מה שלקחתי ממנו עד עכשיו:",
        ],
        [
            "הלקח הכי גדול: לבדוק עם נתוני גאות אמיתיים, לא רק את ה-happy path.",
            "שינויים קטנים והפיכים מנצחים ריליס ענק בבת אחת, כל פעם מחדש.",
            "הטעויות היו במעברים בין צוותים, לא בקוד, אז את המעברים אנחנו מתקנים.",
            "לכתוב את ההחלטה לפני הפגישה קיצר את הפגישה בחצי.",
            "אם היינו שואלים את {customer} מוקדם, היינו חוסכים שני ספרינטים של ניחושים.",
            "{topic} זה הרבה פחות מפחיד ברגע שמפרקים את זה לניסויים קטנטנים.",
            "מסתבר שהדשבורד שיקר לנו, אז עכשיו אנחנו בודקים את המספרים הגולמיים כל שבוע.",
        ],
        [
            "הסיכום המלא: {link}",
            "הסיכומים ב-{link}, הערות יתקבלו בברכה.",
            "אשמח לשמוע מה אחרים ניסו.",
            "אם יש עניין, אשמח להעביר על זה סשן קצר.",
            "השלב הבא: לנסות את זה על {feature}.",
        ],
    ),
    "customer": (
        [
            "הרגע סיימתי שיחה עם {customer}:",
            "סיפור הלקוח של השבוע:",
            "העברתי את הבוקר על הרציף ב{place} עם הצוות של {customer}.",
            "חדשות טובות מ-{customer}!",
            "פידבק מצוות התפעול של {customer}, משותף באישורם:",
        ],
        [
            "מאז שהפעילו את {feature}, הם {outcome}.",
            "לראות איך הם באמת משתמשים ב-{product} לימד אותי יותר מחודש של דשבורדים.",
            "הם ביקשו את {feature}, שחררנו תיקון תוך יומיים והם שמו לב.",
            "משמרת הלילה מתחילה עכשיו מ-{product} במקום מלוח מחיק.",
            "הסדרנים שלהם אמרו ש{feature} זה הכלי הראשון שעובד גם בסערה.",
            "הבעיה לא הייתה התוכנה, אלא הניירת, אז עזרנו גם עם זה.",
        ],
        [
            "כל הכבוד לכל מי שעבד על זה {emoji}",
            "בשביל זה אנחנו כאן.",
            "בואו נמשיך להקשיב להם לפני שאנחנו בונים.",
            "רשימת המשאלות שלהם ב-{link}.",
            "",
        ],
    ),
    "recognition": (
        [
            "תודה ענקית ל-{mention} על {deed}!",
            ":tada: כל הכבוד ל-{mention} על {deed}",
            "שאפו ל-{mention}, על {deed_ing}.",
            ":clap: גדול ל-{mention}: {deed}.",
            "תודה ל-{mention} ול-{mention} על {deed}.",
            "אפשר רגע בשביל {mention}? {deed_cap} – זה מה שעשה לי את השבוע.",
            "קודוס ל-{mention} על {deed}, זה לא עבר מתחת לרדאר.",
        ],
        ["{emoji}", "אין עליך.", "", "עבודת צוות במיטבה.", "ככה זה נראה כשעושים את זה נכון."],
    ),
    "safety": (
        [
            "כמעט-תאונה היום בחצר ב{place}: {hazard}.",
            "רגע של בטיחות לפני {meeting}:",
            "תזכורת לכל מי שנוסע ל{place} השבוע:",
            "דווח היום: {hazard}.",
        ],
        [
            "אף אחד לא נפגע, ותיעדתי את זה כדי שכולנו נלמד מזה.",
            "קסדות ואפודים זוהרים על הרציף, בלי יוצאים מן הכלל, גם לביקור קצר.",
            "אם משהו מרגיש לא בטוח, עוצרים ואומרים. אף אחד לא מסתבך בגלל זה.",
            "בבקשה לבדוק את חלון מזג האוויר לפני כל מעבר בסירה.",
            "תודה למי שהתריע מוקדם, זה בדיוק מה שצריך.",
            "זה תוקן תוך שעה כי מישהו פתח את הפה.",
        ],
        ["פרטים ב-{link}.", "שאלות לצוות הבטיחות ב-{channel}.", ""],
    ),
    "chatter": (
        [
            "מישהו בא לצהריים ב{lunch}?",
            "לתשומת לבכם: הזזנו את {meeting} ל-{time} {day}.",
            "גם אצלכם {tool} לא עונה?",
            "חזרתי מחופשה, לאט לאט אתעדכן בכל השרשורים.",
            "מכונת הקפה בקומה 3 תוקנה! <3",
            "תזכורת: דיווחי השעות מוגשים {day}.",
            "סיכום סופ״ש: {weekend}.",
            "מי נוסע ל{event} השנה?",
            "יש עוגה חינם במטבח של המשרד ב{place}, כל הקודם זוכה.",
            "למישהו יש מתאם HDMI מיותר ליד חדרי הישיבות ב{place}?",
            "תרגיל כיבוי אש ב-{time} {day}, רק שתדעו.",
            "{day} אני במשרד ב{place} אם מישהו רוצה לקפוץ לקפה.",
        ],
    ),
    "negative": (
        ["בכנות,", "לא בא לי לקטר, אבל", "אפשר רגע לדבר בכנות?", "שוב?", "יופי."],
        [
            "{gripe} ואף אחד לא הסביר למה. כרגיל.",
            "{feature} זה בלאגן אחד גדול ואף אחד לא רוצה לקחת על זה אחריות.",
            "לא ברור לי למה אנחנו בכלל טורחים עם רטרו, שום דבר לא משתנה.",
            "פעם שלישית החודש שיש תקלה עם {tool}, ואיכשהו זו הבעיה שלי.",
            "נמאס לי לכסות על הטעויות של צוותים אחרים.",
            "למי שקבע שיחה עם {customer} בשבע בבוקר: תודה על כלום.",
            "ה-roadmap של {product} זה פנטזיה וכולם יודעים את זה.",
            "ההנהלה אומרת שהלקוחות קודם, ואז מקצצת בתקציב התמיכה.",
            "זה לא התפקיד שלי ואני לא עושה את זה.",
            "פגישות על פגישות, שוב. איזה בזבוז זמן.",
            "אנחנו ממשיכים לשחרר עבודה חצי גמורה ולהאשים את הלקוח כשזה נשבר.",
            "אם {customer} עוזבים, זה על המכירות, לא עלינו.",
        ],
        ["", "שיהיה.", ":upside_down_face:", "סתם שתדעו.", "חסר טעם."],
    ),
    "announcement": (
        [
            ":mega: כנס כל החברה {day} ב-{time}: התוכניות לרבעון הרביעי ו-Q&amp;A.",
            "חדש בבלוג: איך {customer} {outcome} עם {product}.",
            "אנחנו מגייסים! נשמח מאוד להפניות לתפקיד {role}.",
            "קמפיין {hashtag} שלנו יוצא לדרך בשבוע הבא. שתפו את הסיפורים שלכם עם צוות התקשורת.",
            "הודעה לעיתונות: {product} זמין עכשיו גם ב{place}.",
            "תזכורת: ערכת המותג עברה ל-{link}.",
            "אנחנו נהיה ב{event} בחודש הבא. מי רוצה לעזור בדוכן?",
        ],
        ["{here}", "פרטים: {link}", "", "שאלות מוזמנות בשרשור."],
    ),
    "answer": (
        ["הייתה לי בדיוק אותה בעיה ב{period} שעבר.", "כן!", "שאלה טובה.", "גם אני נפלתי על זה.", ""],
        [
            "צריך קודם {task}, ואז זה עובד.",
            "זה ב{doc}, סעיף 3. לקח לי נצח למצוא.",
            "תנסו קודם ב-staging, ב-prod יש שלב אישור נוסף.",
            "לחשבון של {customer} יש קונפיגורציה מיוחדת, תבדקו עם צוות ה-CS.",
            "תשלחו לי DM עם השגיאה ואציץ.",
            "אפשר להראות לך אחרי {meeting}, זה חמש דקות.",
            "הבעלים זה הסקוואד של {feature}, תשאלו ב-{channel}.",
        ],
        ["בשמחה!", "מקווה שזה עוזר.", "", "אם לא, תפנגו אותי."],
    ),
    "thanks_reply": (
        [
            "תודה {mention}, זה עבד!",
            "עבד, תודה רבה {mention} :pray:",
            "הצלת אותי, תודה {mention}.",
            "מושלם, תודה {mention}! אעדכן עכשיו את {doc}.",
        ],
    ),
    "positive": (
        [
            "אהבתי :heart:",
            "סופר שימושי, שמרתי.",
            "+1, סיכום מעולה.",
            "יפה! אשתף עם הצוות שלי.",
            "כיף לשמוע, כל הכבוד לכולם.",
            "נכון. אקח את הפולואפ מול {customer}.",
            "תפיסה טובה, תודה שהתרעת.",
            "מגיע בגדול!",
            "תודה שכתבת את זה &amp; שיתפת.",
            "אני בפנים.",
        ],
    ),
    "neutral": (
        [
            "אבדוק ואחזור אליך.",
            "באיזו סביבה?",
            "גם אצלי.",
            "אוקיי, רשמתי.",
            "נראה לי שהאנשים של {feature} יודעים יותר.",
            "+1 למעקב.",
            "זו אותה בעיה כמו בשבוע שעבר?",
            "העברתי ל-{channel}.",
        ],
    ),
    "negative_reply": (
        [
            "ניסינו את זה בשנה שעברה, גם אז זה לא עבד.",
            "לא הבעיה של הצוות שלי.",
            "בטח, אם בא לכם לבזבז עוד ספרינט.",
            "למה זה עולה רק עכשיו?",
            "אמרתי לכם.",
            "בדיוק. אף אחד לא מקשיב.",
            "100%. המקום הזה...",
        ],
    ),
    "pushback": (
        [
            "הבנתי, אבל בואו ניקח את זה לרטרו ונתקן את זה כמו שצריך.",
            "תסכול מוצדק. רוצה שנשב על זה ביחד מחר?",
            "בואו נניח כוונה טובה; אשאל את הבעלים מה קרה.",
            "עדיף שנעזור להם מאשר שנאשים אותם. מי איתי?",
            "אשמח לדבר על זה, שלחו לי DM.",
        ],
    ),
    "x_brand": (
        [
            "גאווה גדולה בצוות של {brand} היום:",
            "עוד שבוע מעולה ב-{brand}.",
            "מאחורי הקלעים ב-{brand}:",
            "בגלל זה כיף לי לעבוד ב-{brand}:",
            "יום גדול בשבילנו:",
        ],
        [
            "{customer} {outcome} עם {product} {xemoji}",
            "שחררנו את {feature} והפידבק הראשון מקסים.",
            "צוות שלם עזב הכול כדי לעזור לעמית לעמוד בדדליין.",
            "תדריך בטיחות על הרציף ב{place} לפני הזריחה {xemoji}",
            "העובדים החדשים שלנו הציגו מה הם למדו בשבוע הראשון.",
        ],
        ["{hashtag}", "{brandlink}", "{hashtag} {brandlink}", ""],
    ),
    "x_customer": (
        [
            "העברתי את היום עם {customer} ב{place}, לראות את {product} בפעולה.",
            "אין כמו לשמוע את זה מלקוח: {customer} {outcome}.",
            "הסדרנים ב-{customer} מתכננים עכשיו את משמרת הלילה ב-{product}.",
        ],
        ["זה אף פעם לא נמאס.", "{xemoji}", "{hashtag}", "תודה שאתם סומכים עלינו."],
    ),
    "x_learning": (
        [
            "כתבתי מה למדתי על {topic} ה{period}:",
            "לקחים מתחקיר התקלה האחרון שלנו, בשקיפות מלאה:",
            "התחלתי לקרוא את {book} וזה גורם לי לחשוב מחדש על איך אנחנו מתכננים ריליסים.",
            "היום למדתי על {topic}.",
        ],
        ["{link}", "ניסויים קטנים מנצחים תוכניות גדולות.", "אשמח לפידבק!", ""],
    ),
    "x_recognition": (
        [
            "תודה ענקית ל-{mention} על {deed} {xemoji}",
            "הרצאה מעולה של {mention} ב{event} על {topic}.",
            "לעבוד עם {mention} הופך שבועות קשים לקלים יותר.",
            "שאפו ל-{mention} ולכל הצוות של {feature}.",
        ],
        ["{hashtag}", ""],
    ),
    "x_safety": (
        [
            "בטיחות קודם כול על הרציף ב{place} היום {xemoji}",
            "תזכורת לכל מי שעובד ליד המים: אפוד הצלה, בכל פעם.",
        ],
        ["אם זה מרגיש לא נכון, עוצרים את העבודה.", "{hashtag}", ""],
    ),
    "x_hiring": (
        ["מגייסים {role} ב{place}!", "הצוות שלי ב-{brand} מחפש {role}."],
        ["בואו לעבוד עם אנשים נחמדים וסקרנים: {brandlink}", "ה-DM פתוח. {brandlink}"],
    ),
    "x_chatter": (
        [
            "קפה וטבלאות גאות: יום שני.",
            "מישהו מגיע ל{event} בחודש הבא?",
            "באמצע {book}, מומלץ.",
            "סופ״ש: {weekend}.",
            "שוב גשם ב{place}. ברור.",
            "דעה לא פופולרית: רוב הדשבורדים היו צריכים להיות מספר אחד.",
        ],
    ),
    "x_negative": (
        [
            "פוסטרים של ערכים לא מתקנים כלים שבורים.",
            "שבוע ארוך. יש ימים שבהם לא ברור לי בשביל מה כל זה.",
            "מצחיק איך 'הלקוחות קודם' אף פעם לא שורד את עונת התקציב.",
            "עוד ארגון מחדש. אותן בעיות, שקפים חדשים.",
            "אף אחד לא קורא את סיכומי הרטרו. אז למה לכתוב אותם?",
            "נמאס לי לנקות אחרי אנשים שאף פעם לא אומרים תודה.",
        ],
        ["", "סתם שתדעו.", "🙃"],
    ),
    "x_reply": (
        [
            "מזל טוב, מגיע בגדול!",
            "כל כך גאים בצוות הזה {xemoji}",
            "שרשור מעולה, תודה על השיתוף.",
            "זה עשה לי את היום.",
            "אין מה להוסיף.",
            "נתראה ב{event}!",
            "תודה על הפרגון!",
            "תמיד בשמחה.",
        ],
    ),
    "x_reply_negative": (["בטח. תגידו את זה לצוות התמיכה.", "יחסי ציבור יפים. המציאות קצת אחרת.", "נחיה ונראה.", "חחח אוקיי"],),
    "x_quote": (
        ["שווה קריאה:", "זה 👇", "גאים בזה.", "בדיוק ככה.", "סיכום מעולה של מה שאנחנו עושים ב-{brand}."],
        ["", "{hashtag}"],
    ),
}

# Hebrew slot values. Those that follow a one-letter prefix in the templates (place, doc,
# feature, meeting, lunch, event, gripe, period) are all Hebrew-initial; the definite ones are
# construct phrases ("דף הוויקי"), so "ב{doc}" and "את {doc}" both read right. Outcomes are
# past-tense plural ("they ..."), weekend deeds first-person past, deeds verbal nouns.
_HE_DEED = [
    "הלילה הארוך שסגר את הריליס של {customer}",
    "התיקון של {feature} תוך יום אחד בלבד",
    "ההסבר הסבלני על {tool}",
    "סיכום התקלה הכי ברור שקראתי מזה שנים",
    "הכיסוי של התורנות שלי בלי שום התראה מראש",
    "החניכה של שלושת העובדים החדשים שלנו",
    "הזיהוי של המעקה הרופף ב{place} לפני שמישהו נפגע",
    "השכתוב של {doc}, כך שסוף סוף כולם מבינים מה כתוב שם",
    "ההרגעה של {customer} כשהם היו ממש עצבניים, והטיפול בבעיה האמיתית",
    "השעתיים של עבודה משותפת איתי על {feature}",
    "הרצאת הצהריים על {topic}",
    "התשובות לכל שאלה בערוץ העזרה השבוע",
    "הטיסה ל{place} כדי ש-{customer} יעלו לאוויר בזמן",
    "התפיסה של באג הדאטה ב{feature} לפני שהגיע ללקוחות",
]
_HE_SLOTS: dict[str, list[str]] = {
    "feature": [
        "תזמון הרציפים", "התראות ה-ETA", "שחזור המסלולים", "סידורי הצוותים", "דוחות הדלק", "סנכרון טבלאות הגאות",
        "מצב האופליין", "ייצוא החשבוניות", "קליטת ה-AIS", "פילטרי הדשבורד", "הזמנת הנתבים", "שכבת מזג האוויר",
        "מניפסטי המטען", "כניסת ה-SSO", "תהליך הצ'ק-אין במובייל",
    ],
    "tool": [
        "Terraform", "סביבת ה-staging", "Grafana", "Postgres", "ה-CI", "Looker", "Salesforce", "Zendesk", "ה-VPN",
        "מערכת העיצוב שלנו", "Kafka", "שירות ה-feature flags", "Jira", "מחסן הנתונים", "מערכת ההוצאות",
    ],
    "topic": [
        "תחקירי תקלות", "event sourcing", "משא ומתן", "נגישות", "SQL window functions", "רגולציה ימית",
        "דיבור מול קהל", "Rust", "ניסויי תמחור", "כתיבת מסמכי RFC ברורים", "ראיונות משתמשים", "observability",
        "עזרה ראשונה בים", "יסודות דיני חוזים", "SEO", "פרטיות מידע",
    ],
    "place": ["רוטרדם", "הליפקס", "ליסבון", "סינגפור", "פורטלנד", "גדנסק", "טרומסה", "ולדן"],
    "day": ["ביום שני", "ביום שלישי", "ביום רביעי", "ביום חמישי", "ביום שישי", "מחר", "בשבוע הבא"],
    "time": ["9:30", "10:00", "11:15", "13:00", "14:00", "15:30", "16:00"],
    "doc": [
        "דף ה-runbook", "מדריך הקליטה", "מסמך הסיכום הקצר", "סיכומי הרטרו", "דף הוויקי", "תקציר שני העמודים",
        "דף השאלות הנפוצות", "צ'קליסט פתרון התקלות",
    ],
    "meeting": [
        "פגישת הסינק השבועית", "סקירת הספרינט", "מפגש כל החברה", "ביקורת העיצוב", "סקירת הפייפליין", "סטנדאפ התפעול",
    ],
    "lunch": ["מקום הנודלס", "בית הקפה של הנמל", "משאיות האוכל", "פו סייגון", "גג המשרד"],
    "task": [
        "להחליף את מפתחות ה-API", "לקבל הרשאות קריאה עבור {tool}", "להריץ מחדש ג'וב לילי שנכשל", "לייצא רשימת לקוחות",
        "להקים חשבון sandbox", "לקבוע ביקור באתר", "לשנות את איש הקשר לחיובים", "לאפס את פיד ה-AIS של כלי שיט",
        "להוסיף נמל חדש ל-{product}", "לתקן טסט flaky",
    ],
    "deed": _HE_DEED,
    "deed_ing": [_HE_DEED[i] for i in _ING],
    "deed_cap": list(_HE_DEED),
    "outcome": [
        "קיצרו את זמן הטיפול ב{pct}", "הפסיקו לשבץ שתי אוניות לאותו רציף", "נפרדו סוף סוף מהאקסלים שלהם",
        "חסכו משמרת לילה בכל שבוע", "החזירו את הצוותים הביתה מוקדם יותר", "עברו את ביקורת מדינת הנמל",
        "הורידו את עלויות הדלק ב{pct}", "חידשו לשלוש שנים נוספות",
    ],
    "hazard": [
        "מלגזה נסעה ברוורס בלי מכוון", "חבל עגינה נשאר לרוחב המעבר", "מישהו עלה על הכבש בלי אפוד הצלה",
        "כבל נמתח לרוחב הרציף בגשם", "בסולם של רציף 4 יש שלב סדוק", "טנדר חנה בנתיב של הולכי הרגל",
    ],
    "gripe": [
        "עוד ארגון מחדש", "מערכת ההוצאות החדשה", "עוד ערבוב של סדרי העדיפויות", "הקפאת הגיוסים", "עוד דו״ח סטטוס",
        "רעש האופן-ספייס", "מדיניות הנסיעות", "קרקס התכנון הרבעוני",
    ],
    "event": ["כנס PortTech Europe", "כנס Maritime Data Summit", "מיטאפ OceanOps", "כנס DevHarbour", "פורום Blue Economy"],
    "role": ["מפתח/ת backend", "טכנאי/ת שטח", "מנהל/ת הצלחת לקוח", "מעצב/ת מוצר", "אנליסט/ית נתונים"],
    "pct": ["עשרה אחוזים", "חמישה עשר אחוז", "שליש", "חצי", "עשרים אחוז", "רבע"],
    "period": ["שבוע", "חודש", "רבעון", "ספרינט"],
    "weekend": [
        "יצאתי להפליג בפעם הראשונה מזה שנים", "סוף סוף סיימתי לבנות את המחסן בחצר", "רצתי את חצי המרתון הראשון שלי",
        "העברתי את כל הסופ״ש בגינה הקהילתית", "הלכתי לראות את ספינות המפרש הגדולות נכנסות לנמל",
        "לא עשיתי כלום, פשוט אושר",
    ],
}

_HE_VALUES_MD = """# איך אנחנו עובדים ב-Northwind Lighthouse

Northwind Lighthouse בונה את התוכנה שעוזרת לנמלים, למעבורות ולצוותים שמפעילים אותם לעמוד
בלוחות הזמנים ולהישאר הרחק מסכנה. חמשת הערכים האלה הם הדרך שבה אנחנו מחליטים מה לעשות כשאף
אחד לא מסתכל: הם לא פוסטרים, הם ההרגלים שאנחנו מצפים להם זה מזה, ואלה שאנחנו חוגגים כשאנחנו
רואים אותם.

## אנחנו עוזרים זה לזה

אף אחד כאן לא מצליח לבד. כשעמית או עמיתה נתקעים, אנחנו עוצרים ומושיטים יד, ובקשת עזרה
נחשבת אצלנו לסימן של שיקול דעת טוב, אף פעם לא של חולשה.

## אנחנו לומדים בגלוי

אנחנו משתפים את מה שאנחנו יודעים ואת מה שטעינו בו. רטרוספקטיבות, סיכומים ורשימות חצי גמורות
מתפרסמים במקום שבו כולם יכולים לקרוא אותם, כי טעות שהוסברה פעם אחת חוסכת לאדם הבא שבוע שלם.

## הלקוחות קודם

הלקוחות שלנו עובדים ברוח, בגשם ובחושך. אנחנו יורדים לרציף, מקשיבים לפני שאנחנו בונים, ומודדים
את עצמנו לפי השאלה אם היום שלהם נעשה קל יותר.

## אנחנו מוקירים עבודה מצוינת

עבודה טובה ראויה שיראו אותה. אנחנו אומרים תודה בשם ובפומבי, ושמים לב לתרומות השקטות בדיוק כמו
לרועשות.

## בטיחות היא האחריות של כולם

כל אחד ואחת יכולים לעצור עבודה שמרגישה לא בטוחה, בכל רגע, בלי לבקש רשות. אנחנו מדווחים על
כמעט-תאונות כדי שכולם ילמדו מהן, ושום דדליין לא שווה פציעה.
"""

_HE_EXEMPLARS = [
    "תודה ענקית לפריה שהעבירה את ערב שישי שלה בעזרה לצוות בהליפקס לתקן את תוכנית הרציפים לפני הסערה. זה מי שאנחנו.",
    "שברנו את התראות ה-ETA לשעתיים ביום שלישי. הנה בדיוק מה קרה, מה שינינו ומה אנחנו עדיין לא יודעים. שאלות מוזמנות.",
    "הגעתי למסוף המעבורות בחמש בבוקר כדי לראות את הסדרנים עובדים עם הכלים שלנו. חזרתי עם אחד-עשר תיקונים קטנים שיחסכו להם זמן אמיתי בכל לילה.",
    "אם רואים משהו לא בטוח בביקור באתר, עוצרים את העבודה ואומרים את זה בקול. עשיתי את זה בשבוע שעבר וצוות האתר הודה לי.",
    "הצטרפתי לצוות לא מזמן והלכתי לאיבוד לגמרי במחסן הנתונים, אז שאלתי. תוך עשר דקות שלושה אנשים הציעו לשבת איתי. תודה לכולם.",
    "סיכומי הרטרו שלנו מההשקה של הזמנת הנתבים פתוחים לכולם בוויקי, כולל החלקים שלא הלכו טוב. קחו כל מה שמועיל.",
    "שאפו לצוות התמיכה של הלילה, שענה על כל טיקט של לקוח במהלך התקלה ועדכן את כולם. גיבורים שקטים.",
    "העברתי סשן צהריים על קריאת נתוני גאות. השקפים וההקלטה זמינים למי שפספס, ואשמח להעביר אותו שוב במשרדים אחרים.",
    "לקוח שאל שאלה שלא ידענו לענות עליה, אז במקום לנחש בילינו אחר צהריים על הרציף שלו. ההחלטה הכי טובה של הספרינט.",
    "דיווחתי היום על כמעט-תאונה בחצר: כבל לרוחב המעבר בגשם. תוקן תוך עשרים דקות כי מישהו פתח את הפה.",
    "כל הכבוד לעובדים החדשים שכתבו מחדש את מדריך הקליטה אחרי שהתקשו איתו. למחזור הבא יהיה שבוע ראשון הרבה יותר קל.",
]

_HE_IRONY: dict[str, tuple[list[str], ...]] = {
    "sarcastic": (
        [
            "אין כמו עוד כנס כל החברה על 'הלקוחות קודם', ממש מעורר השראה.",
            "יופי, עכשיו גם ב{meeting} מדברים על 'אנחנו לומדים בגלוי'. איזה כיף.",
            "'אנחנו עוזרים זה לזה' – כן, בטח, רק לא אחרי חמש.",
            "וואו, 'בטיחות היא האחריות של כולם', אומר הצוות שחנה שוב על המעבר.",
            "איזה מזל שאנחנו שומעים שוב 'אנחנו מוקירים עבודה מצוינת' ממש לפני הקפאת הבונוסים.",
            "'הלקוחות קודם', חוץ מ-{customer}, כנראה.",
            "זוכרים כשהיה 'לומדים בגלוי' ומישהו באמת קרא את סיכומי הרטרו? גם אני לא.",
            "החלק הכי טוב ב{gripe}? השקף שכתוב עליו 'אנחנו עוזרים זה לזה'.",
            "עוד מייל של 'אנחנו מוקירים עבודה מצוינת'. אני ושובר הפיצה שלי נרגשים עד דמעות.",
            "אז 'בטיחות היא האחריות של כולם', אבל הסולם ברציף 4 עדיין שבור. מי זה בדיוק 'כולם'?",
            "אין כמו לדחות את השיחה עם {customer} כדי שהסמנכ״ל יספיק לגולף {day}. 'הלקוחות קודם', כן?",
            "שמחים לבשר: 'לומדים בגלוי' דורש מעכשיו שלושה אישורים.",
            "כל כך כיף לראות את 'אנחנו עוזרים זה לזה' בכל מצגת ובאפס תוכניות כוח אדם.",
            "'הלקוחות קודם' זה לפני הקיצוצים או אחרי?",
            "ברור שהפעם ב{meeting} הכול יהיה אחרת.",
            "איזה כבוד 'לקבל הוקרה' במייל ל-200 איש, עם השם שלי כתוב עם שגיאה.",
        ],
        [
            "", "", "🙄", "/s", "כן, בטח.", "😂", "אי אפשר להמציא את זה.", "ממש מעורר השראה.", "נו באמת.",
            ":upside_down_face:", "חיים את הערכים.", "איזה זמנים.", "לגמרי.",
        ],
    ),
    "sarcastic_reply": (
        [
            "😂", "חחח כל כך נכון", "חחחח בדיוק", "💀", "לא טועה", "מדויק", "יותר חזק בשביל אלה שמאחור",
            "😂😂", "חחחחחחח", "🙃 כן", "עובדות.", "הרגשתי את זה", "חחח בדיוק ככה", "זה, 100%",
        ],
    ),
    "announcement_exec": (
        [
            "צוות,", "היי לכולם,", "לכולם,", "עמיתים יקרים,", ":mega: עדכון חשוב:", "הודעה מצוות ההנהלה:",
            "בוקר טוב לכולם,", "עדכון קצר ממני:", "שלום עמיתים,", "שלום לכולם,", "נא לקרוא:", "חשוב:",
        ],
        [
            "{day} מחלקות ה-Customer Success והמכירות מתאחדות לארגון הכנסות אחד. המנהלים שלכם יעברו איתכם על מה שמשתנה בצוות.",
            "תוצאות הרבעון השלישי כאן: ההכנסות עלו ב{pct} לעומת השנה שעברה, ו-{customer} חתמו על עסקה לשלוש שנים. תודה לכולם על העבודה הקשה.",
            "ברבעון הבא המשרד ב{place} עובר לבניין חדש. הזמנת עמדות הופכת לחובה {day}.",
            "{day} אנחנו מצפים שכולם יגיעו למשרד שלושה ימים בשבוע. מדיניות העבודה ההיברידית המעודכנת מצורפת.",
            "בעקבות בחינה של מבנה העלויות, כל הנסיעות שאינן הכרחיות מוקפאות עד להודעה חדשה.",
            "יש לי את העונג לשתף שסגרנו את הרבעון מעל התוכנית, ו-{customer} חידשו לשלוש שנים נוספות.",
            "במסגרת מודל העבודה החדש, במקום {meeting} תתקיים סקירה עסקית חודשית.",
            "עדכנו את מדיניות ההוצאות. נא לקרוא אותה בעיון לפני הגשת בקשות להחזר.",
            "אנחנו מארגנים מחדש את המוצר וההנדסה בארבע קבוצות לפי משימות. קווי הדיווח החדשים נכנסים לתוקף {day}.",
            "סקר המעורבות השנתי נפתח {day}. ההשתתפות מומלצת מאוד.",
            "הצוות ב{place} עובר לקמפוס החדש {day}. נא לפנות את השולחנות עד {time} ביום שישי.",
            "בתוקף מיידי, כל גיוס חדש דורש אישור של צוות ההנהלה.",
            "ה{period} אנחנו משיקים מודל חדש להערכת ביצועים. השותפים העסקיים ממשאבי אנוש ישתפו את הפרטים.",
            "סדרי העדיפויות לשנה הבאה נקבעו: לצמוח עם {product}, לשפר את השוליים ב{pct} ולפשט את הדרך שבה אנחנו עובדים.",
        ],
        [
            "נא לאשר קבלה בשרשור.", "המזכר המלא: {link}", "{here}", "שאלות – למנהלים הישירים.",
            "תודה על המחויבות המתמשכת שלכם.", "נא להגיב עם :white_check_mark: אחרי הקריאה.", "שאלות נפוצות: {link}",
            "עוד פרטים ב{meeting}.", "ממשיכים קדימה.", "בואו נעשה רבעון מצוין.", "אשתף עוד ברגע שאוכל.",
            "נא לשמור את זה פנימי בינתיים.", "",
        ],
    ),
    "ack_reply": (
        [
            "קיבלתי", "רשמתי.", "👍", "נקרא והובן.", "בוצע.", "רשמתי, תודה.", "מאושר.", ":white_check_mark:", "ראיתי.",
            "תודה על העדכון.", "יטופל.", "✅", "מובן.", "אוקיי",
        ],
    ),
}

# =============================================================================================
# Spanish (Spain, informal "vosotros" as on a Madrid or Barcelona team's Slack)
# =============================================================================================
_ES_BANKS: dict[str, tuple[list[str], ...]] = {
    "question": (
        [
            "¿Alguien sabe cómo {task}?",
            "Pregunta rápida: ¿cuál es ahora la forma correcta de {task}?",
            "Estoy intentando {task} y la documentación parece desactualizada. ¿Alguna pista?",
            "¿A alguien más le da timeout {tool} con {feature} hoy?",
            "¿Quién lleva ahora {feature}? {customer} está preguntando.",
            "¿Hay por algún lado un checklist para visitas a {place}?",
            "Igual es una pregunta tonta, pero ¿dónde están las notas del Q&A de {meeting}?",
            "¿Alguien me explica cómo decide {feature} el orden de llegadas? La latencia es > 2s para {customer}.",
        ],
        ["", "cc {mention}", "{mention} ¿tú lo sabrás?", "¡Gracias de antemano!", "{here}"],
    ),
    "help": (
        [
            "Aviso para quien se esté peleando con {tool}:",
            "Un apunte, que esta semana lo han preguntado tres personas:",
            "Lo dejo por escrito para que nadie más pierda una tarde con esto:",
            "Un truquito que me ha ahorrado horas:",
            "Si eres nuevo/a y te has atascado con {feature},",
        ],
        [
            "el truco es subir el timeout antes de relanzar el job. He añadido los pasos en {doc}.",
            "ya puedes {task} por tu cuenta, sin abrir ticket. Los pasos están en {link}.",
            "borra la caché local y vuelve a sincronizar {feature}; el mensaje de error despista.",
            "los datos de staging de {customer} se refrescan {day}, así que prueba después.",
            "pregunta en {channel} y etiqueta a quien esté de guardia: están para ayudar, no para juzgar.",
            "hay una plantilla para escalados de {customer} en {link} &amp; cubre casi todos los casos.",
            "mantén las exportaciones en < 5.000 filas o {tool} se come el resto sin avisar.",
            "staging -> prod ahora necesita un segundo revisor, así que cuenta con un día de margen.",
        ],
        [
            "Si sigues atascado/a, lo vemos juntos.",
            "Escríbeme y nos metemos en una llamada.",
            "Tengo hueco después de {meeting} si alguien quiere que se lo enseñe.",
            "De verdad, ninguna pregunta es demasiado pequeña.",
            "Avisad si algo no queda claro y arreglo el doc.",
        ],
    ),
    "learning": (
        [
            "Comparto mis notas del taller sobre {topic}:",
            "Hoy he aprendido:",
            "El {period} pasado la liamos con {feature}, así que esto es lo que hemos cambiado:",
            "Publico nuestra retro del despliegue en {customer}, con lo bueno y lo malo:",
            "Me equivocaba con lo de {topic}, y os cuento por qué:",
            "El libro del club de lectura de este mes es {book}. Lo que me llevo de momento:",
        ],
        [
            "la lección más grande fue probar con datos de mareas reales, no solo con el caso feliz.",
            "los cambios pequeños y reversibles ganan a los lanzamientos gigantes, siempre.",
            "los fallos estaban en los traspasos entre equipos, no en el código, así que estamos arreglando los traspasos.",
            "escribir la decisión antes de la reunión la dejó en la mitad de tiempo.",
            "preguntar antes a {customer} nos habría ahorrado dos sprints de adivinanzas.",
            "lo de {topic} da mucho menos miedo cuando lo partes en experimentos diminutos.",
            "resulta que el dashboard nos mentía, así que ahora revisamos los números en bruto cada semana.",
        ],
        [
            "Informe completo: {link}",
            "Las notas están en {link}, se agradecen comentarios.",
            "Me encantaría saber qué habéis probado vosotros.",
            "Si hay interés, preparo una sesión cortita.",
            "Siguiente paso: probarlo en {feature}.",
        ],
    ),
    "customer": (
        [
            "Acabo de salir de una llamada con {customer}:",
            "La historia de cliente de la semana:",
            "He pasado la mañana en el muelle de {place} con el equipo de {customer}.",
            "¡Buenas noticias de {customer}!",
            "Feedback de la responsable de operaciones de {customer}, compartido con permiso:",
        ],
        [
            "desde que activaron {feature}, el cliente {outcome}.",
            "ver cómo usan de verdad {product} me ha enseñado más que un mes de dashboards.",
            "pidieron {feature}, sacamos un fix en dos días y se dieron cuenta.",
            "el turno de noche ahora arranca desde {product} en vez de una pizarra.",
            "sus despachadores dicen que {feature} es la primera herramienta que funciona en plena tormenta.",
            "el problema no era el software, era el papeleo, así que también les echamos una mano con eso.",
        ],
        [
            "Mérito de todas las personas que han trabajado en esto {emoji}",
            "Por esto hacemos lo que hacemos.",
            "Sigamos escuchándoles antes de construir.",
            "Su lista de deseos está en {link}.",
            "",
        ],
    ),
    "recognition": (
        [
            "¡Mil gracias {mention} por {deed}!",
            ":tada: kudos para {mention} por {deed}",
            "Un aplauso para {mention}, que ha estado {deed_ing}.",
            "Un gran :clap: para {mention}: {deed}.",
            "Gracias {mention} y {mention} por {deed}.",
            "¿Podemos parar un momento por {mention}? {deed_cap} me ha alegrado la semana.",
            "Kudos para {mention} por {deed}, no ha pasado desapercibido.",
        ],
        ["{emoji}", "Eres un crack.", "", "Trabajo en equipo del bueno.", "Así se hacen las cosas."],
    ),
    "safety": (
        [
            "Casi accidente hoy en la zona de carga de {place}: {hazard}.",
            "Momento de seguridad antes de {meeting}:",
            "Recordatorio para quien vaya a {place} esta semana:",
            "Reportado hoy: {hazard}.",
        ],
        [
            "Nadie se hizo daño, y lo he registrado para que todos aprendamos de ello.",
            "casco y chaleco reflectante en el muelle, sin excepciones, aunque sea una visita rápida.",
            "si algo no te parece seguro, para y dilo. Nadie se mete en líos por eso.",
            "por favor, mirad la ventana meteorológica antes de cualquier traslado en barco.",
            "gracias a quien lo avisó a tiempo, eso es justo lo que hay que hacer.",
            "se arregló en menos de una hora porque alguien habló.",
        ],
        ["Detalles en {link}.", "Dudas al equipo de seguridad en {channel}.", ""],
    ),
    "chatter": (
        [
            "¿Alguien se apunta a comer en {lunch}?",
            "Aviso: {meeting} pasa a las {time} {day}.",
            "¿A alguien más se le ha caído {tool}?",
            "De vuelta de vacaciones, poniéndome al día con los hilos.",
            "¡La cafetera de la 3.ª planta ya funciona! <3",
            "Recordatorio: los partes de horas se entregan {day}.",
            "Resumen del finde: {weekend}.",
            "¿Quién estará en {event} este año?",
            "En la oficina de {place} hay tarta gratis en la cocina, al que llegue primero.",
            "¿Alguien tiene un adaptador HDMI de sobra cerca de las salas de {place}?",
            "Simulacro de incendio a las {time} {day}, para que lo sepáis.",
            "{day} trabajo desde la oficina de {place}, por si alguien quiere tomar un café.",
        ],
    ),
    "negative": (
        ["Sinceramente,", "No quiero dar la nota, pero", "¿Podemos ser sinceros un segundo?", "¿Otra vez?", "Genial."],
        [
            "{gripe} y nadie ha explicado por qué. Lo de siempre.",
            "{feature} es un desastre y nadie quiere hacerse cargo.",
            "no sé para qué hacemos retros, aquí nunca cambia nada.",
            "tercera vez este mes que se rompe {tool} y de alguna forma es mi problema.",
            "me he cansado de tapar los errores de otros equipos.",
            "a quien haya puesto una llamada a las 7 con {customer}: gracias por nada.",
            "el roadmap de {product} es pura ficción y todo el mundo lo sabe.",
            "la dirección dice que los clientes son lo primero y luego recorta el presupuesto de soporte.",
            "esto no es mi trabajo y no lo pienso hacer.",
            "reuniones sobre reuniones, otra vez. Qué pérdida de tiempo.",
            "seguimos sacando trabajo a medias y culpando al cliente cuando se rompe.",
            "si {customer} se va, es cosa de ventas, no nuestra.",
        ],
        ["", "En fin.", ":upside_down_face:", "Solo lo digo.", "No sirve de nada."],
    ),
    "announcement": (
        [
            ":mega: Reunión general {day} a las {time}: planes para el Q4 y Q&amp;A.",
            "Nuevo en el blog: cómo {customer} {outcome} con {product}.",
            "¡Estamos contratando! Se agradecen mucho referencias para puestos de {role}.",
            "Nuestra campaña {hashtag} arranca la semana que viene. Compartid vuestras historias con el equipo de comunicación.",
            "Nota de prensa: {product} ya da cobertura en {place}.",
            "Recordatorio: el kit de marca se ha mudado a {link}.",
            "El mes que viene estaremos en {event}. ¿Quién se anima a echar una mano en el stand?",
        ],
        ["{here}", "Detalles: {link}", "", "Preguntas, en el hilo."],
    ),
    "answer": (
        ["A mí me pasó lo mismo el {period} pasado.", "¡Sí!", "Buena pregunta.", "A mí también me pilló.", ""],
        [
            "Primero tienes que {task} y luego ya funciona.",
            "Está en {doc}, sección 3. Me costó un mundo encontrarlo.",
            "Pruébalo primero en staging, prod tiene un paso de aprobación extra.",
            "La cuenta de {customer} tiene una config especial, consúltalo con el equipo de CS.",
            "Pásame el error por DM y le echo un ojo.",
            "Te lo enseño después de {meeting}, son cinco minutos.",
            "Lo lleva el squad de {feature}, pregunta en {channel}.",
        ],
        ["¡Un placer!", "Espero que te sirva.", "", "Si no, me dices."],
    ),
    "thanks_reply": (
        [
            "¡Gracias {mention}, era eso!",
            "Funcionó, gracias {mention} :pray:",
            "Eres un crack, gracias {mention}.",
            "¡Perfecto, gracias {mention}! Actualizo {doc} ahora mismo.",
        ],
    ),
    "positive": (
        [
            "Me encanta :heart:",
            "Superútil, me lo guardo.",
            "+1, muy buen resumen.",
            "¡Buenísimo! Lo comparto con mi equipo.",
            "Qué alegría leer esto, enhorabuena a todos.",
            "De acuerdo. Yo me encargo del seguimiento con {customer}.",
            "Bien visto, gracias por avisar.",
            "¡Muy merecido!",
            "Gracias por escribirlo &amp; compartirlo.",
            "Cuenta conmigo.",
        ],
    ),
    "neutral": (
        [
            "Lo miro y te digo.",
            "¿En qué entorno?",
            "A mí igual.",
            "Ok, anotado.",
            "Creo que la gente de {feature} sabe más.",
            "Sigo el hilo.",
            "¿Es lo mismo que lo de la semana pasada?",
            "Lo he movido a {channel}.",
        ],
    ),
    "negative_reply": (
        [
            "Eso ya lo probamos el año pasado y tampoco funcionó.",
            "No es problema de mi equipo.",
            "Claro, si quieres tirar otro sprint a la basura.",
            "¿Y por qué sale esto ahora?",
            "Os lo dije.",
            "Exacto. Aquí nadie escucha.",
            "100 %. Este sitio...",
        ],
    ),
    "pushback": (
        [
            "Te entiendo, pero llevémoslo a la retro y arreglémoslo bien.",
            "Frustración comprensible. ¿Lo vemos juntos mañana?",
            "Vamos a suponer buena intención; pregunto a los responsables qué ha pasado.",
            "Prefiero que les ayudemos a que les echemos la culpa. ¿Quién se apunta?",
            "Lo hablamos cuando quieras, escríbeme por DM.",
        ],
    ),
    "x_brand": (
        [
            "Orgullo de equipo hoy en {brand}:",
            "Otra gran semana en {brand}.",
            "Entre bastidores en {brand}:",
            "Por esto me encanta trabajar en {brand}:",
            "Gran día para nosotros:",
        ],
        [
            "{customer} {outcome} con {product} {xemoji}",
            "hemos lanzado {feature} y el primer feedback es precioso.",
            "un equipo entero lo dejó todo para ayudar a una compañera a llegar a su fecha límite.",
            "briefing de seguridad en el muelle de {place} antes del amanecer {xemoji}",
            "nuestras nuevas incorporaciones han presentado lo que aprendieron en su primera semana.",
        ],
        ["{hashtag}", "{brandlink}", "{hashtag} {brandlink}", ""],
    ),
    "x_customer": (
        [
            "He pasado el día con {customer} en {place}, viendo {product} en acción.",
            "No hay nada como escucharlo de un cliente: {customer} {outcome}.",
            "Los despachadores de {customer} ya planifican el turno de noche en {product}.",
        ],
        ["Nunca cansa.", "{xemoji}", "{hashtag}", "Gracias por confiar en nosotros."],
    ),
    "x_learning": (
        [
            "He escrito lo que he aprendido sobre {topic} este {period}:",
            "Lecciones de nuestra última revisión de incidentes, compartidas a la vista de todos:",
            "Leyendo {book} y replanteándome cómo planificamos las releases.",
            "Hoy he aprendido algo de {topic}.",
        ],
        ["{link}", "Los experimentos pequeños ganan a los grandes planes.", "¡Se agradece feedback!", ""],
    ),
    "x_recognition": (
        [
            "Mil gracias a {mention} por {deed} {xemoji}",
            "Charla buenísima de {mention} en {event} sobre {topic}.",
            "Trabajar con {mention} hace más llevaderas las semanas difíciles.",
            "Un aplauso para {mention} y todo el equipo de {feature}.",
        ],
        ["{hashtag}", ""],
    ),
    "x_safety": (
        [
            "La seguridad primero hoy en el muelle de {place} {xemoji}",
            "Recordatorio para todo el que trabaje cerca del agua: chaleco salvavidas puesto, siempre.",
        ],
        ["Si algo no cuadra, para el trabajo.", "{hashtag}", ""],
    ),
    "x_hiring": (
        ["¡Buscamos {role} en {place}!", "Mi equipo en {brand} busca {role}."],
        ["Ven a trabajar con gente amable y curiosa: {brandlink}", "DMs abiertos. {brandlink}"],
    ),
    "x_chatter": (
        [
            "Café y tablas de mareas: lunes.",
            "¿Alguien estará en {event} el mes que viene?",
            "Leyendo {book}, muy recomendable.",
            "Finde: {weekend}.",
            "Otra vez lluvia en {place}. Cómo no.",
            "Opinión impopular: la mayoría de los dashboards deberían ser un solo número.",
        ],
    ),
    "x_negative": (
        [
            "Los pósters de valores no arreglan herramientas rotas.",
            "Semana larga. Hay días que no sé ni para qué me esfuerzo.",
            "Qué curioso que lo de 'los clientes primero' nunca sobreviva a la época de presupuestos.",
            "Otra reorganización. Los mismos problemas, diapositivas nuevas.",
            "Nadie lee las notas de las retros. ¿Para qué escribirlas?",
            "Ya cansa recoger lo que dejan quienes nunca dan las gracias.",
        ],
        ["", "Solo lo digo.", "🙃"],
    ),
    "x_reply": (
        [
            "¡Enhorabuena, muy merecido!",
            "Qué orgullo de equipo {xemoji}",
            "Hilo buenísimo, gracias por compartir.",
            "Esto me ha alegrado el día.",
            "No podría estar más de acuerdo.",
            "¡Nos vemos en {event}!",
            "¡Gracias por la mención!",
            "Para lo que necesites, cuando quieras.",
        ],
    ),
    "x_reply_negative": (
        ["Claro. Díselo al equipo de soporte.", "Muy bonito el PR. La realidad es otra.", "Ya veremos.", "jaja vale"],
    ),
    "x_quote": (
        ["Merece la pena leerlo:", "Esto 👇", "Muy orgullosos de esto.", "Exacto.", "Gran resumen de lo que hacemos en {brand}."],
        ["", "{hashtag}"],
    ),
}

# Spanish values: no value carrying "el" follows "de" or "a" in a template (no "de el"; events
# only follow "en");
# feature and meeting values are all feminine, period values all masculine ("el sprint
# pasado", "este mes"), day values adverbial ("el lunes", "mañana"), outcomes singular
# ("el cliente ha ..."), deeds infinitive or noun phrases after "por".
_ES_DEED = [
    "aguantar hasta las tantas para sacar la release de {customer}",
    "dejar listo el fix de {feature} en un solo día",
    "explicarme {tool} con una paciencia infinita",
    "el informe de incidente más claro que he leído en años",
    "cubrirme la guardia sin ningún aviso",
    "mentorizar a nuestras tres nuevas incorporaciones",
    "avisar de la barandilla suelta en {place} antes de que nadie se hiciera daño",
    "reescribir {doc} para que el resto por fin nos enteremos",
    "calmar a un cliente muy enfadado de {customer} y arreglar el problema de verdad",
    "hacer pairing conmigo dos horas seguidas en {feature}",
    "dar el lunch-and-learn sobre {topic}",
    "responder a todas las preguntas del canal de ayuda esta semana",
    "volar a {place} para que {customer} arrancara a tiempo",
    "detectar el problema de datos en {feature} antes de que llegara a los clientes",
]
_ES_SLOTS: dict[str, list[str]] = {
    "feature": [
        "la planificación de atraques", "las alertas de ETA", "la repetición de rutas", "las listas de tripulación",
        "las estadísticas de combustible", "la sincronización de mareas", "la versión offline", "la exportación de facturas",
        "la ingesta de AIS", "la barra de filtros del dashboard", "la reserva de prácticos", "la capa meteorológica",
        "la gestión de manifiestos de carga", "la autenticación SSO", "la pantalla de check-in móvil",
    ],
    "tool": [
        "Terraform", "el clúster de staging", "Grafana", "Postgres", "la pipeline de CI", "Looker", "Salesforce", "Zendesk",
        "la VPN", "nuestro design system", "Kafka", "el servicio de feature flags", "Jira", "el data warehouse",
        "la herramienta de gastos",
    ],
    "topic": [
        "revisiones de incidentes", "event sourcing", "negociación", "accesibilidad", "funciones ventana en SQL",
        "normativa marítima", "hablar en público", "Rust", "experimentos de precios", "cómo escribir RFCs claros",
        "entrevistas con usuarios", "observabilidad", "primeros auxilios en el mar", "nociones de derecho contractual",
        "SEO", "privacidad de datos",
    ],
    "place": ["Róterdam", "Halifax", "Lisboa", "Singapur", "Portland", "Gdansk", "Tromsø", "Velden"],
    "day": ["el lunes", "el martes", "el miércoles", "el jueves", "el viernes", "mañana", "la semana que viene"],
    "time": ["9:30", "10:00", "11:15", "13:00", "14:00", "15:30", "16:00"],
    "doc": [
        "el runbook", "la guía de onboarding", "un resumen breve", "las notas de la retro", "la página de la wiki",
        "un resumen de dos páginas", "las FAQ", "el checklist de troubleshooting",
    ],
    "meeting": [
        "la sync semanal", "la sprint review", "la reunión general", "la crítica de diseño", "la revisión del pipeline",
        "la stand-up de ops",
    ],
    "lunch": ["el sitio de noodles", "el café del puerto", "los food trucks", "Pho Saigon", "la azotea"],
    "task": [
        "rotar las API keys", "conseguir acceso de lectura en {tool}", "relanzar un job nocturno que ha fallado",
        "exportar una lista de clientes", "crear una cuenta de sandbox", "reservar una visita a las instalaciones",
        "cambiar el contacto de facturación", "resetear el feed AIS de un barco", "añadir un puerto nuevo en {product}",
        "arreglar un test inestable",
    ],
    "deed": _ES_DEED,
    "deed_ing": [
        "aguantando hasta las tantas para sacar la release de {customer}",
        "dejando listo el fix de {feature} en un solo día",
        "cubriéndome la guardia sin ningún aviso",
        "mentorizando a nuestras tres nuevas incorporaciones",
        "avisando de la barandilla suelta en {place} antes de que nadie se hiciera daño",
        "reescribiendo {doc} para que el resto por fin nos enteremos",
        "calmando a un cliente muy enfadado de {customer} y arreglando el problema de verdad",
        "haciendo pairing conmigo dos horas seguidas en {feature}",
        "dando el lunch-and-learn sobre {topic}",
        "respondiendo a todas las preguntas del canal de ayuda esta semana",
        "volando a {place} para que {customer} arrancara a tiempo",
        "detectando el problema de datos en {feature} antes de que llegara a los clientes",
    ],
    "deed_cap": [d[:1].upper() + d[1:] for d in _ES_DEED],
    "outcome": [
        "ha reducido su tiempo de escala en {pct}", "ha dejado de asignar atraques por duplicado",
        "por fin ha jubilado sus hojas de cálculo", "se ahorra un turno de noche cada semana",
        "manda antes a casa a sus tripulaciones", "ha pasado la inspección del Estado rector del puerto",
        "ha bajado el gasto en combustible en {pct}", "ha renovado por tres años más",
    ],
    "hazard": [
        "una carretilla dio marcha atrás sin nadie que la guiara", "alguien dejó una estacha cruzada en la pasarela",
        "alguien subió por la escala sin chaleco salvavidas", "había un cable cruzando el muelle bajo la lluvia",
        "la escalera del atraque 4 tiene un peldaño agrietado", "había una furgoneta aparcada en el carril peatonal",
    ],
    "gripe": [
        "otra reorganización", "la nueva herramienta de gastos", "otro cambio de prioridades más",
        "la congelación de contrataciones", "otro informe de estado más", "tanto ruido en la oficina abierta",
        "la política de viajes", "todo el circo de la planificación trimestral",
    ],
    "event": ["PortTech Europe", "el Maritime Data Summit", "el OceanOps Meetup", "DevHarbour", "el Blue Economy Forum"],
    "role": ["ingeniero/a de backend", "técnico/a de campo", "customer success manager", "diseñador/a de producto",
             "analista de datos"],
    "pct": ["un 10 %", "un 15 %", "un tercio", "la mitad", "un 20 %", "un 25 %"],
    "period": ["sprint", "mes", "trimestre", "ciclo de release"],
    "weekend": [
        "salí a navegar por primera vez en años", "por fin terminé el cobertizo", "corrí mi primera media maratón",
        "me pasé todo el fin de semana en el huerto", "fui a ver la llegada de los grandes veleros",
        "no hice absolutamente nada, una gloria",
    ],
}

_ES_VALUES_MD = """# Cómo trabajamos en Northwind Lighthouse

Northwind Lighthouse crea el software que mantiene en hora y a salvo a los puertos, los ferris y
las tripulaciones que los hacen funcionar. Estos cinco valores guían lo que hacemos cuando nadie
está mirando: no son carteles, son los hábitos que esperamos unos de otros y los que celebramos
cuando los vemos.

## Nos ayudamos unos a otros

Aquí nadie triunfa solo. Cuando alguien del equipo se atasca, paramos y le echamos una mano, y
pedir ayuda se considera una muestra de buen criterio, nunca de debilidad.

## Aprendemos en abierto

Compartimos lo que sabemos y aquello en lo que nos equivocamos. Las retros, los informes y las
notas a medio terminar se publican donde todo el mundo pueda leerlos, porque un error explicado
una vez le ahorra una semana a la siguiente persona.

## Los clientes primero

Nuestros clientes trabajan con viento, lluvia y oscuridad. Vamos al muelle, escuchamos antes de
construir y nos medimos por si su día se ha vuelto más fácil.

## Reconocemos el buen trabajo

El buen trabajo merece que se vea. Damos las gracias con nombre y apellidos y en público, y nos
fijamos tanto en las aportaciones discretas como en las que hacen ruido.

## La seguridad es cosa de todos

Cualquiera puede parar un trabajo que le parezca inseguro, en cualquier momento y sin pedir
permiso. Informamos de los casi accidentes para que todos aprendamos de ellos, y ningún plazo vale
una lesión.
"""

_ES_EXEMPLARS = [
    "Mil gracias a Priya por pasar su viernes por la noche ayudando al equipo de Halifax a arreglar su plan de atraques antes de la tormenta. Así somos.",
    "El martes rompimos las alertas de ETA durante dos horas. Aquí está exactamente lo que pasó, lo que hemos cambiado y lo que todavía no sabemos. Se aceptan preguntas.",
    "Fui a la terminal de ferris a las 5 de la mañana para ver a los despachadores usar nuestras herramientas. Volví con once pequeños arreglos que les ahorrarán tiempo de verdad cada noche.",
    "Si ves algo inseguro en una visita, para el trabajo y dilo en voz alta. Yo lo hice la semana pasada y el equipo de la instalación me lo agradeció.",
    "Nuevo en el equipo y totalmente perdido en el data warehouse, así que pregunté. En diez minutos, tres personas se ofrecieron a hacer pairing conmigo. Gracias a todos.",
    "Las notas de nuestra retro del lanzamiento de la reserva de prácticos están publicadas en la wiki, incluidas las partes que no salieron bien. Llevaos lo que os sirva.",
    "Un aplauso para el equipo de soporte nocturno, que respondió todos los tickets de clientes durante la caída y mantuvo a todo el mundo informado. Héroes silenciosos.",
    "Di una sesión a la hora de comer sobre cómo leer datos de mareas. Las diapositivas y la grabación están subidas para quien se la perdiera, y la repito encantado en otras oficinas.",
    "Un cliente nos hizo una pregunta que no sabíamos responder, así que en vez de adivinar pasamos una tarde en su muelle. La mejor decisión del sprint.",
    "Hoy he reportado un casi accidente en la zona de carga: un cable cruzando la pasarela bajo la lluvia. Arreglado en veinte minutos porque alguien habló.",
    "Kudos a las nuevas incorporaciones que reescribieron la guía de onboarding después de pelearse con ella. La próxima promoción tendrá una primera semana mucho más fácil.",
]

_ES_IRONY: dict[str, tuple[list[str], ...]] = {
    "sarcastic": (
        [
            "Me encanta otra reunión general sobre 'los clientes primero', qué inspirador todo.",
            "Qué bien, ahora {meeting} va de 'aprendemos en abierto'. Estoy deseando.",
            "'Nos ayudamos unos a otros', sí, claro, mientras no sea después de las cinco.",
            "Vaya, 'la seguridad es cosa de todos', dice el equipo que ha vuelto a aparcar en la pasarela.",
            "Qué suerte escuchar otra vez 'reconocemos el buen trabajo' justo antes de congelar los bonus.",
            "'Los clientes primero', menos {customer}, por lo visto.",
            "¿Os acordáis de cuando 'aprendemos en abierto' significaba que alguien se leía las notas de la retro? Yo tampoco.",
            "¿Lo mejor de {gripe}? La diapositiva que dice 'nos ayudamos unos a otros'.",
            "Otro correo de 'reconocemos el buen trabajo'. Mi vale de pizza y yo estamos emocionadísimos.",
            "O sea, 'la seguridad es cosa de todos', pero la escalera del atraque 4 sigue rota. ¿Quiénes son exactamente 'todos'?",
            "Nada dice 'los clientes primero' como mover la llamada con {customer} para que el VP llegue al golf {day}.",
            "Encantados de anunciar que 'aprendemos en abierto' ahora necesita tres aprobaciones.",
            "Me chifla que 'nos ayudamos unos a otros' salga en todas las diapositivas y en cero planes de plantilla.",
            "¿'Los clientes primero' va antes o después de los recortes?",
            "Seguro que esta vez {meeting} va a ser diferente, seguro.",
            "Qué honor que me 'reconozcan' en un correo a 200 personas con mi nombre mal escrito.",
        ],
        [
            "", "", "🙄", "/s", "Sí, claro.", "😂", "No me lo invento.", "Qué inspirador todo.", "Ya, ya.",
            ":upside_down_face:", "Viviendo los valores.", "Qué tiempos.", "Total.",
        ],
    ),
    "sarcastic_reply": (
        [
            "😂", "jajaja qué verdad", "jaja esto", "💀", "no te falta razón", "tal cual", "más alto, que no se oye",
            "😂😂", "jajajajaja", "🙃 pues sí", "Hechos.", "lo he sentido en el alma", "jaja exacto", "esto, 100 %",
        ],
    ),
    "announcement_exec": (
        [
            "Equipo:", "Hola a todos:", "A todos:", "Estimados compañeros:", ":mega: Actualización importante:",
            "Un mensaje del equipo directivo:", "Buenos días a todos:", "Una actualización rápida:", "Compañeros:",
            "Hola a todo el mundo:", "Por favor, leed esto:", "Importante:",
        ],
        [
            "{day} Customer Success y Ventas se fusionan en una única organización de Revenue. Vuestro responsable os contará qué cambia en vuestro equipo.",
            "Ya tenemos los resultados del tercer trimestre: los ingresos han crecido {pct} interanual y {customer} ha firmado un contrato de tres años. Gracias a todos por el esfuerzo.",
            "El trimestre que viene trasladamos la oficina de {place} a un edificio nuevo. Reservar puesto será obligatorio desde {day}.",
            "Desde {day}, esperamos a todo el mundo en la oficina tres días por semana. Adjuntamos la política híbrida actualizada.",
            "Tras revisar nuestra estructura de costes, quedan suspendidos todos los viajes no esenciales hasta nuevo aviso.",
            "Me alegra compartir que hemos cerrado el trimestre por encima del plan y que {customer} ha renovado por tres años más.",
            "Con el nuevo modelo operativo, {meeting} se sustituye por una revisión mensual del negocio.",
            "Hemos actualizado la política de gastos. Leedla con atención antes de enviar cualquier nota de gastos.",
            "Reorganizamos Producto e Ingeniería en cuatro grupos por misión. Las nuevas líneas de reporte entran en vigor {day}.",
            "La encuesta anual de compromiso se abre {day}. Os animamos mucho a participar.",
            "El equipo de {place} se muda al nuevo campus {day}. Por favor, dejad vuestras mesas vacías antes de las {time} del viernes.",
            "Con efecto inmediato, cualquier nueva contratación necesita la aprobación del comité de dirección.",
            "Este {period} lanzamos un nuevo marco de evaluación del desempeño. Vuestro People Partner os dará los detalles.",
            "Las prioridades del año que viene están claras: hacer crecer {product}, mejorar márgenes en {pct} y simplificar cómo trabajamos.",
        ],
        [
            "Por favor, confirmad en el hilo.", "Comunicado completo: {link}", "{here}", "Las dudas, a vuestro responsable.",
            "Gracias por vuestro compromiso de siempre.", "Reaccionad con :white_check_mark: cuando lo hayáis leído.",
            "Preguntas frecuentes: {link}", "Más detalles en {meeting}.", "Seguimos.", "A por un gran trimestre.",
            "Os iré contando más en cuanto pueda.", "Por favor, que esto no salga de aquí por ahora.", "",
        ],
    ),
    "ack_reply": (
        [
            "Recibido", "Anotado.", "👍", "Leído y entendido.", "Hecho.", "Anotado, gracias.", "Confirmado.",
            ":white_check_mark:", "Visto.", "Gracias por la actualización.", "Me pongo con ello.", "✅", "Entendido.", "ok",
        ],
    ),
}

# =============================================================================================
# German (du/ihr, as in most German tech companies' Slack)
# =============================================================================================
_DE_BANKS: dict[str, tuple[list[str], ...]] = {
    "question": (
        [
            "Weiß jemand, wie ich {task} kann?",
            "Kurze Frage: Wie soll man heutzutage am besten {task}?",
            "Ich will {task}, aber die Doku wirkt veraltet. Hat jemand einen Tipp?",
            "Läuft {tool} bei euch heute auch beim Feature {feature} in Timeouts?",
            "Wer ist eigentlich gerade für das Feature {feature} zuständig? {customer} fragt danach.",
            "Gibt es irgendwo eine Checkliste für Vor-Ort-Termine in {place}?",
            "Vielleicht eine dumme Frage, aber wo liegen die Q&A-Notizen aus {meeting}?",
            "Kann mir jemand erklären, wie das Feature {feature} die Reihenfolge der Ankünfte festlegt? Die Latenz liegt bei {customer} bei > 2s.",
        ],
        ["", "cc {mention}", "{mention} weißt du das vielleicht?", "Danke schon mal!", "{here}"],
    ),
    "help": (
        [
            "PSA für alle, die {tool} gerade in den Wahnsinn treibt:",
            "Kurzer Hinweis, weil das diese Woche drei Leute gefragt haben:",
            "Ich schreib das mal auf, damit niemand sonst einen Nachmittag damit verliert:",
            "Kleiner Tipp, der mir Stunden gespart hat:",
            "Falls du neu bist und beim Feature {feature} festhängst:",
        ],
        [
            "der Trick ist, den Timeout hochzusetzen, bevor du den Job neu startest. Die Schritte stehen jetzt in {doc}.",
            "du kannst jetzt selbst {task}, ganz ohne Ticket. Die Schritte stehen unter {link}.",
            "lösch den lokalen Cache und synchronisier das Feature {feature} neu; die Fehlermeldung führt in die Irre.",
            "die Staging-Daten für {customer} werden {day} aktualisiert, also erst danach testen.",
            "frag in {channel} und tagg die Person mit Rufbereitschaft, die ist zum Helfen da, nicht zum Urteilen.",
            "unter {link} gibt's eine Vorlage für Eskalationen von {customer} &amp; die deckt fast alles ab.",
            "halte Exporte < 5.000 Zeilen, sonst verwirft {tool} den Rest stillschweigend.",
            "staging -> prod braucht jetzt einen zweiten Reviewer, plant also einen Tag Vorlauf ein.",
        ],
        [
            "Wenn du noch hängst, können wir gern zusammen draufschauen.",
            "Ping mich an, dann springe ich in einen Call.",
            "Nach {meeting} hab ich Zeit, falls jemand einen Walkthrough will.",
            "Ehrlich, keine Frage ist zu klein.",
            "Sagt Bescheid, wenn was unklar ist, dann passe ich die Doku an.",
        ],
    ),
    "learning": (
        [
            "Meine Notizen aus dem Workshop über {topic}:",
            "TIL:",
            "Im letzten {period} haben wir das Feature {feature} verbockt, deshalb haben wir Folgendes geändert:",
            "Hier unsere Retro zum Rollout bei {customer}, mit allen Ecken und Kanten:",
            "Was {topic} angeht, lag ich falsch, und zwar deshalb:",
            "Im Buchclub lesen wir diesen Monat {book}. Meine Takeaways bisher:",
        ],
        [
            "die wichtigste Lektion: mit echten Gezeitendaten testen, nicht nur den Happy Path.",
            "kleine, umkehrbare Änderungen schlagen Big-Bang-Releases, jedes einzelne Mal.",
            "die Fehler lagen in den Übergaben, nicht im Code, also reparieren wir jetzt die Übergaben.",
            "die Entscheidung vor dem Meeting aufzuschreiben hat das Meeting halbiert.",
            "hätten wir früh bei {customer} nachgefragt, hätten wir uns zwei Sprints Raterei gespart.",
            "das Thema {topic} ist viel weniger furchteinflößend, wenn man es in winzige Experimente zerlegt.",
            "wie sich herausstellte, hat uns das Dashboard angelogen, also prüfen wir jetzt jede Woche die Rohdaten.",
        ],
        [
            "Ausführlicher Bericht: {link}",
            "Notizen liegen unter {link}, Kommentare willkommen.",
            "Mich würde interessieren, was ihr so ausprobiert habt.",
            "Bei Interesse mache ich gern eine kurze Session dazu.",
            "Nächster Schritt: Wir testen es beim Feature {feature}.",
        ],
    ),
    "customer": (
        [
            "Komme gerade aus einem Call mit {customer}:",
            "Kundengeschichte der Woche:",
            "Hab den Vormittag mit der Crew von {customer} am Kai in {place} verbracht.",
            "Gute Nachrichten von {customer}!",
            "Feedback der Ops-Leitung von {customer}, mit Erlaubnis geteilt:",
        ],
        [
            "seit sie das Feature {feature} nutzen: {outcome}.",
            "zu sehen, wie sie {product} wirklich nutzen, hat mir mehr beigebracht als ein Monat Dashboards.",
            "sie haben sich Verbesserungen am Feature {feature} gewünscht, wir hatten in zwei Tagen einen Fix draußen, und sie haben es gemerkt.",
            "die Nachtschicht startet jetzt in {product} statt an einem Whiteboard.",
            "ihre Disponenten sagen, das Feature {feature} sei das erste Tool, das auch im Sturm funktioniert.",
            "das Problem war nicht die Software, sondern der Papierkram, also haben wir da auch geholfen.",
        ],
        [
            "Danke an alle, die daran gearbeitet haben {emoji}",
            "Genau dafür machen wir das.",
            "Lasst uns ihnen weiter zuhören, bevor wir bauen.",
            "Ihre Wunschliste liegt unter {link}.",
            "",
        ],
    ),
    "recognition": (
        [
            "Riesigen Dank an {mention} für {deed}!",
            ":tada: Kudos an {mention} für {deed}",
            "Shout-out an {mention} für {deed_ing} – und das nicht zum ersten Mal.",
            "Großes :clap: für {mention}: {deed}.",
            "Danke {mention} und {mention} für {deed}.",
            "Können wir kurz {mention} feiern? {deed_cap} – das hat mir die Woche gerettet.",
            "Kudos an {mention} für {deed}, das ist nicht unbemerkt geblieben.",
        ],
        ["{emoji}", "Du bist spitze.", "", "Teamwork, wie es sein soll.", "So sieht gute Arbeit aus."],
    ),
    "safety": (
        [
            "Beinahe-Unfall heute auf dem Gelände in {place}: {hazard}.",
            "Sicherheitsminute vor {meeting}:",
            "Erinnerung für alle, die diese Woche nach {place} fahren:",
            "Heute gemeldet: {hazard}.",
        ],
        [
            "Verletzt wurde niemand, und ich hab's gemeldet, damit wir alle daraus lernen.",
            "Helm und Warnweste am Kai, keine Ausnahmen, auch nicht für einen kurzen Besuch.",
            "wenn sich etwas unsicher anfühlt: anhalten und Bescheid sagen. Dafür bekommt niemand Ärger.",
            "bitte vor jedem Bootstransfer das Wetterfenster prüfen.",
            "danke an die Person, die es früh gemeldet hat, genau so soll's sein.",
            "es war innerhalb einer Stunde behoben, weil jemand den Mund aufgemacht hat.",
        ],
        ["Details unter {link}.", "Fragen ans Safety-Team in {channel}.", ""],
    ),
    "chatter": (
        [
            "Wer kommt mit zum Mittagessen {lunch}?",
            "Heads-up: Bei {meeting} ändert sich die Uhrzeit, {day} geht's um {time} los.",
            "Ist {tool} bei noch jemandem down?",
            "Zurück aus dem Urlaub, arbeite mich gerade durch die Threads.",
            "Die Kaffeemaschine im 3. Stock geht wieder! <3",
            "Erinnerung: Die Zeiterfassung ist {day} fällig.",
            "Wochenendbericht: Ich {weekend}.",
            "Wer ist dieses Jahr auf {event}?",
            "Im Büro in {place} gibt's Kuchen in der Küche, wer zuerst kommt, mahlt zuerst.",
            "Hat jemand einen übrigen HDMI-Adapter bei den Besprechungsräumen in {place}?",
            "Feueralarmübung {day} um {time}, nur zur Info.",
            "Bin {day} im Büro in {place}, falls jemand auf einen Kaffee will.",
        ],
    ),
    "negative": (
        ["Ehrlich gesagt:", "Ich will ja nicht nerven, aber", "Mal ganz ehrlich?", "Schon wieder?", "Super."],
        [
            "{gripe}, und niemand hat erklärt, warum. Typisch.",
            "das Feature {feature} ist ein einziges Chaos, und keiner will sich drum kümmern.",
            "keine Ahnung, warum wir überhaupt noch Retros machen, es ändert sich eh nie was.",
            "zum dritten Mal diesen Monat ist {tool} kaputt, und irgendwie ist es wieder mein Problem.",
            "ich hab keine Lust mehr, die Fehler anderer Teams auszubügeln.",
            "wer auch immer einen Call mit {customer} um 7 Uhr morgens angesetzt hat: danke für nichts.",
            "die Roadmap für {product} ist reine Fantasie, und das wissen alle.",
            "das Management sagt, Kunden kommen zuerst, und kürzt dann das Support-Budget.",
            "das ist nicht mein Job, und ich mach das nicht.",
            "Meetings über Meetings, schon wieder. Was für eine Zeitverschwendung.",
            "wir liefern ständig halbfertiges Zeug aus und schieben es auf den Kunden, wenn's kaputtgeht.",
            "wenn {customer} abspringt, ist das Sache des Vertriebs, nicht unsere.",
        ],
        ["", "Egal.", ":upside_down_face:", "Ich sag ja nur.", "Sinnlos."],
    ),
    "announcement": (
        [
            ":mega: All-Hands {day} um {time}: Pläne für Q4 und Q&amp;A.",
            "Neu im Blog: {customer} und {product} – {outcome}.",
            "Wir stellen ein! Empfehlungen für die Stelle als {role} sind sehr willkommen.",
            "Unsere {hashtag}-Kampagne startet nächste Woche. Teilt eure Geschichten mit dem Comms-Team.",
            "Pressemitteilung: {product} deckt jetzt auch {place} ab.",
            "Erinnerung: Das Brand-Toolkit ist umgezogen, jetzt unter {link}.",
            "Nächsten Monat sind wir auf {event}. Wer hilft am Stand mit?",
        ],
        ["{here}", "Details: {link}", "", "Fragen gerne im Thread."],
    ),
    "answer": (
        ["Das Problem hatte ich im letzten {period} auch.", "Ja!", "Gute Frage.", "Darüber bin ich auch schon gestolpert.", ""],
        [
            "Du musst zuerst {task}, dann klappt's.",
            "Steht in {doc}, Abschnitt 3. Hab ewig gebraucht, um es zu finden.",
            "Probier's erst auf Staging, in Prod gibt's noch einen zusätzlichen Freigabeschritt.",
            "Der Account von {customer} hat eine Sonderkonfiguration, frag beim CS-Team nach.",
            "Schick mir den Fehler per DM, dann schau ich's mir an.",
            "Ich kann's dir nach {meeting} zeigen, dauert fünf Minuten.",
            "Zuständig ist das Squad für das Feature {feature}, frag in {channel}.",
        ],
        ["Gern geschehen!", "Hoffe, das hilft.", "", "Sonst ping mich."],
    ),
    "thanks_reply": (
        [
            "Danke {mention}, das war's!",
            "Hat geklappt, danke dir {mention} :pray:",
            "Legende, danke {mention}.",
            "Perfekt, danke {mention}! Ich ergänze das gleich in {doc}.",
        ],
    ),
    "positive": (
        [
            "Liebe ich :heart:",
            "Mega hilfreich, hab's mir gespeichert.",
            "+1, super Zusammenfassung.",
            "Stark! Teile ich mit meinem Team.",
            "Schön zu hören, gut gemacht, alle zusammen.",
            "Sehe ich auch so. Ich übernehme das Follow-up mit {customer}.",
            "Guter Fang, danke fürs Melden.",
            "Hochverdient!",
            "Danke fürs Aufschreiben &amp; Teilen.",
            "Bin dabei.",
        ],
    ),
    "neutral": (
        [
            "Ich schau nach und melde mich.",
            "Welche Umgebung?",
            "Bei mir auch.",
            "Ok, notiert.",
            "Ich glaube, die Leute vom Feature {feature} wissen mehr.",
            "Folge dem Thread.",
            "Ist das dasselbe Problem wie letzte Woche?",
            "Nach {channel} verschoben.",
        ],
    ),
    "negative_reply": (
        [
            "Haben wir letztes Jahr probiert, hat damals auch nicht funktioniert.",
            "Nicht das Problem meines Teams.",
            "Klar, wenn du noch einen Sprint verschwenden willst.",
            "Warum kommt das erst jetzt auf?",
            "Hab ich doch gesagt.",
            "Genau. Keiner hört zu.",
            "100 %. Dieser Laden.",
        ],
    ),
    "pushback": (
        [
            "Versteh ich, aber lass uns das in die Retro mitnehmen und richtig lösen.",
            "Verständlicher Frust. Wollen wir morgen zusammen draufschauen?",
            "Lass uns von guten Absichten ausgehen; ich frag die Verantwortlichen, was passiert ist.",
            "Ich würde ihnen lieber helfen, als ihnen die Schuld zu geben. Wer ist dabei?",
            "Lass uns gern drüber reden, schreib mir per DM.",
        ],
    ),
    "x_brand": (
        [
            "Stolz auf das Team bei {brand} heute:",
            "Wieder eine großartige Woche bei {brand}.",
            "Hinter den Kulissen bei {brand}:",
            "Darum arbeite ich so gern bei {brand}:",
            "Großer Tag für uns:",
        ],
        [
            "{customer} mit {product}: {outcome} {xemoji}",
            "wir haben das Feature {feature} ausgeliefert, und das erste Feedback ist großartig.",
            "ein ganzes Team hat alles stehen und liegen lassen, um einer Kollegin bei ihrer Deadline zu helfen.",
            "Sicherheitseinweisung am Kai in {place} vor Sonnenaufgang {xemoji}",
            "unsere Neuen haben vorgestellt, was sie in ihrer ersten Woche gelernt haben.",
        ],
        ["{hashtag}", "{brandlink}", "{hashtag} {brandlink}", ""],
    ),
    "x_customer": (
        [
            "Den Tag mit {customer} in {place} verbracht und {product} live im Einsatz gesehen.",
            "Nichts geht über Kundenstimmen: {customer} – {outcome}.",
            "Die Disponenten bei {customer} planen die Nachtschicht jetzt in {product}.",
        ],
        ["Wird nie langweilig.", "{xemoji}", "{hashtag}", "Danke für euer Vertrauen."],
    ),
    "x_learning": (
        [
            "Hab aufgeschrieben, was ich in diesem {period} über {topic} gelernt habe:",
            "Lehren aus unserem letzten Incident Review, offen geteilt:",
            "Lese gerade {book} und überdenke, wie wir Releases planen.",
            "Heute was über {topic} gelernt.",
        ],
        ["{link}", "Kleine Experimente schlagen große Pläne.", "Feedback willkommen!", ""],
    ),
    "x_recognition": (
        [
            "Riesigen Dank an {mention} für {deed} {xemoji}",
            "Starker Talk von {mention} auf {event} über {topic}.",
            "Mit {mention} zu arbeiten macht harte Wochen leichter.",
            "Shout-out an {mention} und die ganze Crew vom Feature {feature}.",
        ],
        ["{hashtag}", ""],
    ),
    "x_safety": (
        [
            "Sicherheit zuerst heute am Kai in {place} {xemoji}",
            "Erinnerung an alle, die am Wasser arbeiten: Rettungsweste an, jedes Mal.",
        ],
        ["Stopp die Arbeit, wenn es sich falsch anfühlt.", "{hashtag}", ""],
    ),
    "x_hiring": (
        ["Wir suchen: {role} in {place}!", "Mein Team bei {brand} sucht Verstärkung: {role}."],
        ["Arbeite mit freundlichen, neugierigen Menschen: {brandlink}", "DMs offen. {brandlink}"],
    ),
    "x_chatter": (
        [
            "Kaffee und Gezeitentabellen: Montag.",
            "Ist nächsten Monat jemand auf {event}?",
            "Lese gerade {book}, klare Empfehlung.",
            "Wochenende: Ich {weekend}.",
            "Schon wieder Regen in {place}. Natürlich.",
            "Steile These: Die meisten Dashboards sollten eine einzige Zahl sein.",
        ],
    ),
    "x_negative": (
        [
            "Werte-Poster reparieren keine kaputten Tools.",
            "Lange Woche. Manchmal frag ich mich, wozu ich mir das antue.",
            "Lustig, wie 'Kunden zuerst' nie die Budgetsaison überlebt.",
            "Noch eine Umstrukturierung. Gleiche Probleme, neue Folien.",
            "Keiner liest die Retro-Notizen. Wozu sie schreiben?",
            "Ich hab's satt, hinter Leuten aufzuräumen, die nie Danke sagen.",
        ],
        ["", "Ich sag ja nur.", "🙃"],
    ),
    "x_reply": (
        [
            "Glückwunsch, hochverdient!",
            "So stolz auf dieses Team {xemoji}",
            "Toller Thread, danke fürs Teilen.",
            "Das hat mir den Tag versüßt.",
            "Dem ist nichts hinzuzufügen.",
            "Lass uns auf {event} quatschen!",
            "Danke für den Shout-out!",
            "Jederzeit gern.",
        ],
    ),
    "x_reply_negative": (
        ["Klar. Sag das mal dem Support-Team.", "Schöne PR. Die Realität sieht anders aus.", "Mal sehen.", "lol ok"],
    ),
    "x_quote": (
        ["Lesenswert:", "Das hier 👇", "Stolz auf dieses hier.", "Genau so.", "Tolle Zusammenfassung dessen, was wir bei {brand} machen."],
        ["", "{hashtag}"],
    ),
}

# German values: doc and meeting are datives with a possessive or article that never
# contracts ("in unserem Runbook", "nach unserem Weekly"), event datives after "auf"; tool,
# topic and gripe are only used where nominative and accusative agree (neuter, feminine,
# plural and proper-noun tools; topics after "über"); feature values are article-less labels
# ("das Feature Offline-Modus"); outcomes are elliptic ("Durchlaufzeit um 10 % gesenkt") so
# they follow "{customer}:" or "–"; weekend deeds follow "Ich"; deeds are neuter, feminine or
# plural noun phrases, the same after "für" and as a subject.
_DE_DEED = [
    "das Durchziehen bis spät in die Nacht, damit das {customer}-Release rausgeht",
    "die Reparatur am Feature {feature} innerhalb eines einzigen Tages",
    "die geduldige Einführung in {tool}",
    "die klarste Incident-Analyse, die ich seit Jahren gelesen habe",
    "die spontane Übernahme meiner Rufbereitschaft",
    "das Mentoring unserer drei Neuen",
    "das Entdecken des lockeren Geländers in {place}, bevor sich jemand verletzt hat",
    "die Überarbeitung von {doc}, damit wir anderen endlich durchblicken",
    "das Beruhigen von {customer}, als dort alle richtig sauer waren, und das Lösen des eigentlichen Problems",
    "die zwei Stunden Pairing mit mir am Feature {feature}",
    "das Lunch-and-Learn über {topic}",
    "die Antworten auf jede einzelne Frage im Hilfe-Channel diese Woche",
    "die Reise nach {place}, damit {customer} pünktlich live geht",
    "das Aufspüren des Datenfehlers beim Feature {feature}, bevor er bei Kunden ankam",
]
_DE_SLOTS: dict[str, list[str]] = {
    "feature": [
        "Liegeplatzplanung", "ETA-Alerts", "Routen-Replay", "Crew-Dienstpläne", "Treibstoffberichte", "Gezeiten-Sync",
        "Offline-Modus", "Rechnungsexport", "AIS-Import", "Dashboard-Filter", "Lotsenbuchung", "Wetter-Overlay",
        "Frachtmanifeste", "SSO-Login", "Mobile-Check-in",
    ],
    "tool": [
        "Terraform", "die Staging-Umgebung", "Grafana", "Postgres", "die CI-Pipeline", "Looker", "Salesforce", "Zendesk",
        "das VPN", "unser Designsystem", "Kafka", "das Feature-Flag-System", "Jira", "das Data Warehouse", "das Spesen-Tool",
    ],
    "topic": [
        "Incident Reviews", "Event Sourcing", "Verhandlungsführung", "Barrierefreiheit", "SQL-Window-Functions", "Seerecht",
        "freies Sprechen vor Publikum", "Rust", "Preisexperimente", "verständliche RFCs", "Nutzerinterviews", "Observability",
        "Erste Hilfe auf See", "Grundlagen des Vertragsrechts", "SEO", "Datenschutz",
    ],
    "place": ["Rotterdam", "Halifax", "Lissabon", "Singapur", "Portland", "Gdańsk", "Tromsø", "Velden"],
    "day": ["am Montag", "am Dienstag", "am Mittwoch", "am Donnerstag", "am Freitag", "morgen", "nächste Woche"],
    "time": ["9:30", "10 Uhr", "11:15", "13 Uhr", "14 Uhr", "15:30", "16 Uhr"],
    "doc": [
        "unserem Runbook", "unserem Onboarding-Guide", "einer kurzen Zusammenfassung", "unseren Retro-Notizen",
        "unserer Wiki-Seite", "einer zweiseitigen Zusammenfassung", "unseren FAQ", "unserer Troubleshooting-Checkliste",
    ],
    "meeting": [
        "unserem Weekly", "unserem Sprint-Review", "unserer Townhall", "unserer Design-Crit", "unserem Pipeline-Review",
        "unserem Ops-Stand-up",
    ],
    "lunch": ["beim Nudelladen", "im Hafencafé", "bei den Foodtrucks", "bei Pho Saigon", "auf der Dachterrasse"],
    "task": [
        "die API-Keys rotieren", "Lesezugriff auf {tool} bekommen", "einen fehlgeschlagenen Nightly-Job neu starten",
        "eine Kundenliste exportieren", "einen Sandbox-Account einrichten", "einen Vor-Ort-Termin buchen",
        "den Rechnungskontakt ändern", "den AIS-Feed eines Schiffs zurücksetzen", "einen neuen Hafen in {product} anlegen",
        "einen flaky Test fixen",
    ],
    "deed": _DE_DEED,
    "deed_ing": [_DE_DEED[i] for i in _ING],
    "deed_cap": [d[:1].upper() + d[1:] for d in _DE_DEED],
    "outcome": [
        "Durchlaufzeit um {pct} gesenkt", "keine doppelt belegten Liegeplätze mehr", "endlich die Excel-Listen abgeschafft",
        "jede Woche eine Nachtschicht gespart", "die Crews kommen früher nach Hause", "Hafenstaatkontrolle bestanden",
        "Treibstoffkosten um {pct} runter", "Vertrag um drei Jahre verlängert",
    ],
    "hazard": [
        "ein Gabelstapler ist ohne Einweiser rückwärts gefahren", "eine Festmacherleine lag quer über dem Laufweg",
        "jemand ist ohne Rettungsweste die Gangway hochgestiegen", "ein Kabel lag im Regen quer über dem Kai",
        "an der Leiter an Liegeplatz 4 ist eine Sprosse gerissen", "ein Transporter stand auf dem Fußweg",
    ],
    "gripe": [
        "schon wieder eine Umstrukturierung", "das neue Spesen-Tool", "die nächste Prioritäten-Rochade",
        "der Einstellungsstopp", "noch ein Statusbericht", "der Lärm im Großraumbüro", "die Reiserichtlinie",
        "der Zirkus um die Quartalsplanung",
    ],
    "event": ["der PortTech Europe", "dem Maritime Data Summit", "dem OceanOps Meetup", "der DevHarbour",
              "dem Blue Economy Forum"],
    "role": ["Backend-Engineer (m/w/d)", "Servicetechniker (m/w/d)", "Customer Success Manager (m/w/d)",
             "Product Designer (m/w/d)", "Data Analyst (m/w/d)"],
    "pct": ["10 %", "15 %", "ein Drittel", "die Hälfte", "20 %", "25 %"],
    "period": ["Sprint", "Monat", "Quartal", "Release-Zyklus"],
    "weekend": [
        "bin zum ersten Mal seit Jahren segeln gegangen", "habe endlich den Schuppen fertig gebaut",
        "bin meinen ersten Halbmarathon gelaufen", "habe das ganze Wochenende im Schrebergarten verbracht",
        "habe zugeschaut, wie die Großsegler einlaufen", "habe absolut nichts gemacht, herrlich",
    ],
}

_DE_VALUES_MD = """# Wie wir bei Northwind Lighthouse arbeiten

Northwind Lighthouse entwickelt die Software, mit der Häfen, Fähren und ihre Crews im Zeitplan und
außer Gefahr bleiben. Diese fünf Werte bestimmen, was wir tun, wenn niemand hinschaut: Sie sind
keine Poster, sondern die Gewohnheiten, die wir voneinander erwarten und die wir feiern, wenn wir
sie sehen.

## Wir helfen einander

Niemand hat hier allein Erfolg. Wenn jemand feststeckt, halten wir inne und packen mit an, und um
Hilfe zu bitten gilt als Zeichen von gutem Urteilsvermögen, niemals als Schwäche.

## Wir lernen offen

Wir teilen, was wir wissen und was wir falsch gemacht haben. Retros, Berichte und halbfertige
Notizen werden dort veröffentlicht, wo alle sie lesen können, denn ein einmal erklärter Fehler
erspart der nächsten Person eine Woche.

## Kunden zuerst

Unsere Kunden arbeiten bei Wind, Regen und Dunkelheit. Wir gehen an den Kai, hören zu, bevor wir
bauen, und messen uns daran, ob ihr Tag leichter geworden ist.

## Wir würdigen gute Arbeit

Gute Arbeit verdient es, gesehen zu werden. Wir bedanken uns namentlich und öffentlich und achten
auf die leisen Beiträge genauso wie auf die lauten.

## Sicherheit ist Aufgabe aller

Alle dürfen jederzeit eine Arbeit stoppen, die sich unsicher anfühlt, ohne um Erlaubnis zu fragen.
Wir melden Beinahe-Unfälle, damit alle daraus lernen, und keine Deadline ist eine Verletzung wert.
"""

_DE_EXEMPLARS = [
    "Riesigen Dank an Priya, die ihren Freitagabend damit verbracht hat, der Crew in Halifax vor dem Sturm beim Liegeplatzplan zu helfen. Genau so sind wir.",
    "Wir haben am Dienstag die ETA-Alerts für zwei Stunden lahmgelegt. Hier steht genau, was passiert ist, was wir geändert haben und was wir noch nicht wissen. Fragen willkommen.",
    "Um 5 Uhr morgens am Fährterminal gewesen, um den Disponenten bei der Arbeit mit unseren Tools zuzuschauen. Mit elf kleinen Fixes zurückgekommen, die ihnen jede Nacht echte Zeit sparen werden.",
    "Wenn ihr bei einem Vor-Ort-Termin etwas Unsicheres seht, stoppt die Arbeit und sprecht es an. Ich habe das letzte Woche gemacht, und das Team vor Ort hat sich bedankt.",
    "Neu im Team und im Data Warehouse völlig verloren, also habe ich gefragt. Innerhalb von zehn Minuten haben drei Leute angeboten, mit mir zu pairen. Danke euch allen.",
    "Unsere Retro-Notizen zum Launch der Lotsenbuchung stehen öffentlich im Wiki, inklusive der Teile, die nicht gut gelaufen sind. Nehmt euch, was euch hilft.",
    "Shout-out an das Nacht-Support-Team, das während des Ausfalls jedes Kundenticket beantwortet und alle auf dem Laufenden gehalten hat. Stille Heldinnen und Helden.",
    "Habe eine Mittagssession zum Lesen von Gezeitendaten gemacht. Folien und Aufzeichnung sind online für alle, die sie verpasst haben, und ich wiederhole sie gern für andere Standorte.",
    "Ein Kunde hat eine Frage gestellt, die wir nicht beantworten konnten, also haben wir einen Nachmittag an seinem Kai verbracht, statt zu raten. Beste Entscheidung des Sprints.",
    "Heute einen Beinahe-Unfall auf dem Gelände gemeldet: ein Kabel quer über dem Laufweg im Regen. In zwanzig Minuten behoben, weil jemand etwas gesagt hat.",
    "Kudos an die Neuen, die den Onboarding-Guide umgeschrieben haben, nachdem sie selbst damit gekämpft hatten. Der nächste Jahrgang hat eine viel leichtere erste Woche.",
]

_DE_IRONY: dict[str, tuple[list[str], ...]] = {
    "sarcastic": (
        [
            "Ich liebe es: noch ein All-Hands zu 'Kunden zuerst', so inspirierend.",
            "Na super, jetzt geht es auch bei {meeting} um 'Wir lernen offen'. Ich kann's kaum erwarten.",
            "'Wir helfen einander' – ja klar, solange es nicht nach fünf ist.",
            "Wow, 'Sicherheit ist Aufgabe aller', sagt das Team, das schon wieder auf dem Laufweg geparkt hat.",
            "Wie schön, kurz vor dem Bonus-Stopp mal wieder 'Wir würdigen gute Arbeit' zu hören.",
            "'Kunden zuerst', außer {customer}, offenbar.",
            "Wisst ihr noch, als 'Wir lernen offen' hieß, dass jemand die Retro-Notizen tatsächlich liest? Ich auch nicht.",
            "{gripe}, und das Highlight? Die Folie mit 'Wir helfen einander'.",
            "Noch eine 'Wir würdigen gute Arbeit'-Mail. Mein Pizza-Gutschein und ich sind zutiefst gerührt.",
            "Also 'Sicherheit ist Aufgabe aller', aber die Leiter an Liegeplatz 4 ist immer noch kaputt. Wer genau ist 'alle'?",
            "Nichts sagt 'Kunden zuerst' so sehr, wie den Call mit {customer} zu verschieben, damit der VP {day} zum Golf kann.",
            "Freue mich mitzuteilen, dass 'Wir lernen offen' ab sofort drei Freigaben braucht.",
            "Ich liebe, wie 'Wir helfen einander' auf jeder Folie steht und in null Personalplänen.",
            "Kommt 'Kunden zuerst' vor oder nach den Budgetkürzungen?",
            "Bei {meeting} wird diesmal sicher alles anders. Ganz sicher.",
            "Welche Ehre, in einer Mail an 200 Leute 'gewürdigt' zu werden, mit falsch geschriebenem Namen.",
        ],
        [
            "", "", "🙄", "/s", "Ja, klar.", "😂", "Kann man sich nicht ausdenken.", "So inspirierend.", "Schon klar.",
            ":upside_down_face:", "Werte leben.", "Was für Zeiten.", "Total.",
        ],
    ),
    "sarcastic_reply": (
        [
            "😂", "haha so wahr", "haha genau", "💀", "nicht falsch", "trifft's", "lauter für die hinteren Reihen",
            "😂😂", "hahaha", "🙃 jep", "Fakt.", "fühl ich", "haha genau so", "das, 100 %",
        ],
    ),
    "announcement_exec": (
        [
            "Liebes Team!", "Hallo zusammen!", "An alle:", "Liebe Kolleginnen und Kollegen!", ":mega: Wichtiges Update:",
            "Eine Nachricht der Geschäftsführung:", "Guten Morgen zusammen!", "Kurzes Update von mir:", "Hallo ihr alle!",
            "Moin in die Runde!", "Bitte lesen:", "Wichtig:",
        ],
        [
            "{day} werden Customer Success und Sales zu einer gemeinsamen Revenue-Organisation zusammengelegt. Eure Führungskraft bespricht mit euch, was sich für euer Team ändert.",
            "Die Zahlen für Q3 sind da: Der Umsatz ist im Jahresvergleich um {pct} gestiegen, und {customer} hat einen Dreijahresvertrag unterschrieben. Danke an alle für den Einsatz.",
            "Nächstes Quartal zieht das Büro in {place} in ein neues Gebäude. Desk-Booking wird {day} Pflicht.",
            "{day} gilt: Wir erwarten alle an drei Tagen pro Woche im Büro. Die aktualisierte Hybrid-Richtlinie hängt an.",
            "Nach einer Überprüfung unserer Kostenbasis sind alle nicht zwingend notwendigen Reisen bis auf Weiteres ausgesetzt.",
            "Ich freue mich, mitteilen zu können, dass wir das Quartal über Plan abgeschlossen haben und {customer} um drei weitere Jahre verlängert hat.",
            "Im Rahmen unseres neuen Operating Models gibt es statt {meeting} künftig ein monatliches Business Review.",
            "Wir haben die Spesenrichtlinie aktualisiert. Bitte lest sie sorgfältig, bevor ihr Abrechnungen einreicht.",
            "Wir organisieren Product und Engineering in vier Missionsteams neu. Die neuen Berichtslinien treten {day} in Kraft.",
            "Unsere jährliche Engagement-Umfrage startet {day}. Eure Teilnahme ist ausdrücklich erwünscht.",
            "Das Team in {place} zieht {day} auf den neuen Campus. Bitte räumt eure Schreibtische bis Freitag um {time}.",
            "Ab sofort braucht jede Neueinstellung die Freigabe der Geschäftsführung.",
            "In diesem {period} führen wir ein neues Performance-Framework ein. Eure People Partner informieren euch über die Details.",
            "Die Prioritäten fürs nächste Jahr stehen: {product} ausbauen, die Marge um {pct} verbessern und unsere Arbeitsweise vereinfachen.",
        ],
        [
            "Bitte im Thread bestätigen.", "Das vollständige Memo: {link}", "{here}", "Fragen bitte an eure Führungskraft.",
            "Danke für euer anhaltendes Engagement.", "Bitte nach dem Lesen mit :white_check_mark: reagieren.", "FAQ: {link}",
            "Mehr dazu bei {meeting}.", "Auf geht's.", "Lasst uns ein starkes Quartal daraus machen.",
            "Ich teile mehr, sobald ich kann.", "Bitte vorerst intern behandeln.", "",
        ],
    ),
    "ack_reply": (
        [
            "Ack", "Notiert.", "👍", "Gelesen und verstanden.", "Erledigt.", "Notiert, danke.", "Zur Kenntnis genommen.",
            ":white_check_mark:", "Gesehen.", "Danke für das Update.", "Mach ich.", "✅", "Verstanden.", "ok",
        ],
    ),
}

# =============================================================================================
# Names
# =============================================================================================
_HE_NAMES_FIRST = [
    ("נועה", "Noa"), ("תמר", "Tamar"), ("יעל", "Yael"), ("מאיה", "Maya"), ("שירה", "Shira"), ("מיכל", "Michal"),
    ("רוני", "Roni"), ("אביגיל", "Avigail"), ("הילה", "Hila"), ("ליאור", "Lior"), ("עדי", "Adi"), ("נטע", "Neta"),
    ("דנה", "Dana"), ("שני", "Shani"), ("אורית", "Orit"), ("רותם", "Rotem"), ("גלית", "Galit"), ("אפרת", "Efrat"),
    ("ענבל", "Inbal"), ("קרן", "Keren"), ("יונתן", "Yonatan"), ("איתי", "Itai"), ("עומר", "Omer"), ("אורי", "Uri"),
    ("דניאל", "Daniel"), ("נדב", "Nadav"), ("יואב", "Yoav"), ("אריאל", "Ariel"), ("עידו", "Ido"), ("גיל", "Gil"),
    ("אסף", "Assaf"), ("רועי", "Roy"), ("אלון", "Alon"), ("עמית", "Amit"), ("תומר", "Tomer"), ("איתן", "Eitan"),
    ("אביב", "Aviv"), ("משה", "Moshe"), ("יוסי", "Yossi"), ("דוד", "David"), ("שחר", "Shahar"), ("נועם", "Noam"),
    ("מתן", "Matan"), ("יובל", "Yuval"), ("אייל", "Eyal"), ("רמי", "Rami"), ("נור", "Nur"), ("סהר", "Sahar"),
]
_HE_NAMES_LAST = [
    ("כהן", "Cohen"), ("לוי", "Levi"), ("מזרחי", "Mizrahi"), ("פרץ", "Peretz"), ("ביטון", "Biton"), ("דהן", "Dahan"),
    ("אברהם", "Avraham"), ("פרידמן", "Friedman"), ("אזולאי", "Azoulay"), ("מלכה", "Malka"), ("כץ", "Katz"),
    ("שפירא", "Shapira"), ("גולן", "Golan"), ("אוחיון", "Ohayon"), ("חדד", "Hadad"), ("גבאי", "Gabay"),
    ("בן דוד", "Ben David"), ("אדרי", "Edri"), ("שלום", "Shalom"), ("רוזנברג", "Rosenberg"), ("קליין", "Klein"),
    ("יוסף", "Yosef"), ("עמר", "Amar"), ("בר", "Bar"), ("שמואלי", "Shmueli"), ("ברק", "Barak"), ("אשכנזי", "Ashkenazi"),
    ("טל", "Tal"), ("וקנין", "Vaknin"), ("סויסה", "Suissa"), ("נחום", "Nachum"), ("גרינברג", "Greenberg"),
    ("לנדאו", "Landau"), ("הלוי", "Halevi"), ("שרון", "Sharon"), ("אלמוג", "Almog"), ("רבינוביץ'", "Rabinovich"),
    ("סגל", "Segal"), ("בן עמי", "Ben Ami"), ("אורן", "Oren"), ("נגר", "Nagar"), ("חזן", "Hazan"), ("זילברמן", "Silberman"),
    ("עזרא", "Ezra"), ("חורי", "Khoury"),
]

FIRST_NAMES_BY_LANGUAGE: dict[str, list[str]] = {
    "he": [h for h, _ in _HE_NAMES_FIRST],
    "es": [
        "Lucía", "María", "Sofía", "Martina", "Paula", "Julia", "Valeria", "Carmen", "Elena", "Inés", "Alba", "Noelia",
        "Ainhoa", "Nerea", "Marta", "Rocío", "Begoña", "Pilar", "Ximena", "Camila", "Andrés", "Javier", "Alejandro",
        "Pablo", "Álvaro", "Sergio", "Jorge", "Iñaki", "Joaquín", "Diego", "Raúl", "Adrián", "Rubén", "Íker", "Gonzalo",
        "Hugo", "Mateo", "Manuel", "José", "Tomás", "Nicolás", "Santiago", "Ramón", "Aitana",
    ],
    "de": [
        "Lukas", "Jonas", "Felix", "Maximilian", "Leon", "Paul", "Moritz", "Niklas", "Tobias", "Stefan", "Jürgen", "Jörg",
        "Björn", "Sören", "Matthias", "Florian", "Sebastian", "Andreas", "Michael", "Thomas", "Anna", "Lena", "Laura",
        "Julia", "Sarah", "Katharina", "Sophie", "Hannah", "Leonie", "Jana", "Sabine", "Birgit", "Ursula", "Anja",
        "Franziska", "Greta", "Lea", "Marie", "Johanna", "Charlotte", "Dörte", "Maike", "Till", "Hildegard",
    ],
}
LAST_NAMES_BY_LANGUAGE: dict[str, list[str]] = {
    "he": [h for h, _ in _HE_NAMES_LAST],
    "es": [
        "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín",
        "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Alonso", "Gutiérrez", "Navarro",
        "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Ramírez", "Serrano", "Blanco", "Molina", "Morales", "Suárez",
        "Ortega", "Delgado", "Castro", "Ortiz", "Rubio", "Marín", "Sanz", "Núñez", "Iglesias", "Medina", "Garrido",
        "Echeverría", "Ibáñez", "de la Fuente", "Peña",
    ],
    "de": [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
        "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun",
        "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schmid",
        "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters",
        "Möller", "Weiß", "Jäger", "Groß", "Strauß", "Günther", "Vogel",
    ],
}
# The Hebrew names in Latin script, index for index (some Hebrew speakers use Latin names).
LATIN_HEBREW_FIRST: list[str] = [t for _, t in _HE_NAMES_FIRST]
LATIN_HEBREW_LAST: list[str] = [t for _, t in _HE_NAMES_LAST]


# =============================================================================================
# The public tables
# =============================================================================================
BANKS_BY_LANGUAGE: dict[str, dict[str, tuple[list[str], ...]]] = {"he": _HE_BANKS, "es": _ES_BANKS, "de": _DE_BANKS}
SLOTS_BY_LANGUAGE: dict[str, dict[str, list[str]]] = {"he": _HE_SLOTS, "es": _ES_SLOTS, "de": _DE_SLOTS}
VALUES_MD_BY_LANGUAGE: dict[str, str] = {"he": _HE_VALUES_MD, "es": _ES_VALUES_MD, "de": _DE_VALUES_MD}
EXEMPLARS_BY_LANGUAGE: dict[str, list[str]] = {"he": _HE_EXEMPLARS, "es": _ES_EXEMPLARS, "de": _DE_EXEMPLARS}
IRONY_BANKS: dict[str, dict[str, tuple[list[str], ...]]] = {"en": _EN_IRONY, "he": _HE_IRONY, "es": _ES_IRONY,
                                                             "de": _DE_IRONY}
IRONY_CATEGORIES = ("sarcastic", "sarcastic_reply", "announcement_exec", "ack_reply")


# =============================================================================================
# Checks
# =============================================================================================
def slot_names(template: str) -> list[str]:
    """The ``{slot}`` names of ``template``, sorted (a multiset).

    >>> slot_names("Thanks {mention} and {mention} for {deed}.")
    ['deed', 'mention', 'mention']
    """
    return sorted(_SLOT.findall(template))


def _template_problems(where: str, template: str, english: str = "") -> list[str]:
    out = []
    if "{" in _SLOT.sub("", template) or "}" in _SLOT.sub("", template):
        out.append(f"{where}: stray brace in {template!r}")
    if re.search(r"&(?!amp;)", template) and not re.search(r"&(?!amp;)", english):
        out.append(f"{where}: bare '&' in {template!r} (write &amp;)")
    if template != template.strip():
        out.append(f"{where}: leading or trailing space in {template!r}")
    return out


def compare_banks(reference: dict, banks: dict, label: str) -> list[str]:
    """Every difference in shape or slots between ``banks`` and ``reference`` (both
    ``{category: (part, ...)}``), each as one line starting with ``label``. A bare ``&`` is
    allowed only where the reference template has one too (else write ``&amp;``)."""
    problems: list[str] = []
    for category in reference.keys() - banks.keys():
        problems.append(f"{label}: missing category {category!r}")
    for category in banks.keys() - reference.keys():
        problems.append(f"{label}: unknown category {category!r}")
    for category in [c for c in reference if c in banks]:
        ref, got = reference[category], banks[category]
        if len(ref) != len(got):
            problems.append(f"{label}/{category}: {len(got)} parts, English has {len(ref)}")
            continue
        for p, (ref_part, part) in enumerate(zip(ref, got)):
            if len(ref_part) != len(part):
                problems.append(f"{label}/{category}[{p}]: {len(part)} templates, English has {len(ref_part)}")
                continue
            for j, (en, tr) in enumerate(zip(ref_part, part)):
                where = f"{label}/{category}[{p}][{j}]"
                if (en == "") != (tr == ""):
                    problems.append(f"{where}: empty in one language only ({en!r} / {tr!r})")
                if slot_names(en) != slot_names(tr):
                    problems.append(f"{where}: slots {slot_names(tr)} != English {slot_names(en)} in {tr!r}")
                problems.extend(_template_problems(where, tr, en))
    return problems


def compare_slots(reference: dict, slots: dict, label: str) -> list[str]:
    """Every slot list of ``slots`` whose length or nested slots differ from ``reference``'s."""
    problems: list[str] = []
    for name, values in slots.items():
        if name not in reference:
            problems.append(f"{label}: unknown slot {name!r}")
            continue
        ref = reference[name]
        if len(values) != len(ref):
            problems.append(f"{label}/{name}: {len(values)} values, English has {len(ref)}")
            continue
        for i, (en, tr) in enumerate(zip(ref, values)):
            if not tr.strip():
                problems.append(f"{label}/{name}[{i}]: empty value")
            if slot_names(en) != slot_names(tr):
                problems.append(f"{label}/{name}[{i}]: slots {slot_names(tr)} != English {slot_names(en)} in {tr!r}")
            problems.extend(_template_problems(f"{label}/{name}[{i}]", tr))
    return problems


def unknown_slots(banks: dict, slots: dict, label: str) -> list[str]:
    """Slots used by ``banks`` (or nested in ``slots``) that ``slots`` does not define."""
    problems = []
    known = set(slots) | set(text.MARKUP_SLOTS)
    for category, parts in banks.items():
        for p, part in enumerate(parts):
            for j, template in enumerate(part):
                problems += [f"{label}/{category}[{p}][{j}]: no slot {s!r}" for s in slot_names(template) if s not in known]
    for name, values in slots.items():
        for i, value in enumerate(values):
            problems += [f"{label}/slot {name}[{i}]: no slot {s!r}" for s in slot_names(value) if s not in known]
    return problems


def values_md_problems(markdown: str, label: str, sections: int = 5) -> list[str]:
    """Whether ``markdown`` is one ``#`` title, an intro paragraph and ``sections`` ``##`` sections."""
    lines = markdown.splitlines()
    problems = []
    titles = [ln for ln in lines if ln.startswith("# ")]
    heads = [ln for ln in lines if ln.startswith("## ")]
    if len(titles) != 1 or not lines or not lines[0].startswith("# "):
        problems.append(f"{label}: values statement must open with one '# ' title")
    if len(heads) != sections:
        problems.append(f"{label}: {len(heads)} '## ' sections, expected {sections}")
    first_head = next((i for i, ln in enumerate(lines) if ln.startswith("## ")), len(lines))
    if not any(ln.strip() for ln in lines[1:first_head]):
        problems.append(f"{label}: no intro paragraph before the first section")
    blocks = markdown.split("\n## ")[1:]
    problems += [f"{label}: empty section {b.splitlines()[0]!r}" for b in blocks if len(b.strip().splitlines()) < 2]
    return problems


def check_shapes() -> list[str]:
    """Every shape or slot mismatch of the translations against the English banks and slots
    (:mod:`ambassador.sample.text`), and of the irony banks against their English; an empty
    list means the module keeps its contract.

    >>> check_shapes()
    []
    """
    problems: list[str] = []
    en_slots = dict(text.SLOTS)
    for lang in LANGUAGES:
        problems += compare_banks(text.BANKS, BANKS_BY_LANGUAGE.get(lang, {}), lang)
        problems += compare_slots(en_slots, SLOTS_BY_LANGUAGE.get(lang, {}), f"{lang}/slots")
        merged = {**en_slots, **SLOTS_BY_LANGUAGE.get(lang, {})}
        problems += unknown_slots(BANKS_BY_LANGUAGE.get(lang, {}), merged, lang)
        problems += unknown_slots(IRONY_BANKS.get(lang, {}), merged, f"{lang}/irony")
        problems += values_md_problems(VALUES_MD_BY_LANGUAGE.get(lang, ""), f"{lang}/values")
        if len(EXEMPLARS_BY_LANGUAGE.get(lang, [])) != len(text.EXEMPLARS):
            problems.append(f"{lang}: {len(EXEMPLARS_BY_LANGUAGE.get(lang, []))} exemplars, English has {len(text.EXEMPLARS)}")
        for kind, table, least in (("first", FIRST_NAMES_BY_LANGUAGE, 40), ("last", LAST_NAMES_BY_LANGUAGE, 40)):
            names = table.get(lang, [])
            if len(names) < least or len(set(names)) != len(names):
                problems.append(f"{lang}: {len(names)} {kind} names ({len(set(names))} distinct), need {least} distinct")
    en_irony = IRONY_BANKS["en"]
    if set(en_irony) != set(IRONY_CATEGORIES):
        problems.append(f"en/irony: categories {sorted(en_irony)} != {sorted(IRONY_CATEGORIES)}")
    for category in ("sarcastic", "announcement_exec"):
        problems += [f"en/irony/{category}[{p}]: {len(part)} templates, need 12" for p, part in
                     enumerate(en_irony.get(category, ())) if len(part) < 12]
    problems += unknown_slots(en_irony, en_slots, "en/irony")
    for lang in LANGUAGES:
        problems += compare_banks(en_irony, IRONY_BANKS.get(lang, {}), f"{lang}/irony")
    if len(LATIN_HEBREW_FIRST) != len(FIRST_NAMES_BY_LANGUAGE["he"]):
        problems.append("LATIN_HEBREW_FIRST is not the length of the Hebrew first names")
    if len(LATIN_HEBREW_LAST) != len(LAST_NAMES_BY_LANGUAGE["he"]):
        problems.append("LATIN_HEBREW_LAST is not the length of the Hebrew last names")
    return problems
