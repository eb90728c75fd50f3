"""Persian and Hebrew for segments, lifecycle states and campaigns (issue 5)."""

T: dict[str, tuple[str, str]] = {
    "This segment does not exist or is archived.": (
        "این بخش وجود ندارد یا بایگانی شده است.",
        "הפלח הזה אינו קיים או שהועבר לארכיון.",
    ),
    "The segment definition is not valid.": ("تعریف بخش معتبر نیست.", "הגדרת הפלח אינה תקינה."),
    "Give the segment a name of 1–120 characters.": (
        "نامی بین ۱ تا ۱۲۰ نویسه برای بخش بنویسید.",
        "תנו לפלח שם באורך 1–120 תווים.",
    ),
    "Another segment already has this name.": (
        "بخش دیگری همین نام را دارد.",
        "לפלח אחר כבר יש את השם הזה.",
    ),
    "An archived segment cannot be changed.": (
        "بخش بایگانی‌شده را نمی‌توان تغییر داد.",
        "אי אפשר לשנות פלח שבארכיון.",
    ),
    "welcome, on joining": ("خوشامد، هنگام عضویت", "ברוכים הבאים, בהצטרפות"),
    "thank you, after a purchase": ("سپاس، پس از خرید", "תודה, אחרי קנייה"),
    "birthday": ("تولد", "יום הולדת"),
    "membership anniversary": ("سالگرد عضویت", "יום השנה לחברות"),
    "win-back, when a member turns at risk": (
        "بازگرداندن، وقتی عضوی در خطر ریزش قرار می‌گیرد",
        "החזרה, כשחבר נעשה בסיכון",
    ),
    "tier up": ("ارتقای سطح", "עלייה בדרגה"),
    "tier down": ("کاهش سطح", "ירידה בדרגה"),
    "points expiring soon": ("امتیازهای رو به انقضا", "נקודות שעומדות לפוג"),
    "voucher expiring soon": ("کوپن رو به انقضا", "שובר שעומד לפוג"),
    "campaign": ("کمپین", "קמפיין"),
    "automation": ("پیام خودکار", "אוטומציה"),
    "scheduled": ("زمان‌بندی‌شده", "מתוזמן"),
    "on": ("روشن", "פועל"),
    "off": ("خاموش", "כבוי"),
    "no offer": ("بدون پیشنهاد", "ללא הצעה"),
    "bonus points for the recipients for a period": (
        "امتیاز اضافه برای گیرندگان در یک بازه",
        "נקודות בונוס לנמענים לתקופה",
    ),
    "a coupon code for each recipient": ("یک کد تخفیف برای هر گیرنده", "קוד קופון לכל נמען"),
    "control group (%)": ("گروه کنترل (٪)", "קבוצת ביקורת (%)"),
    "told": ("پیام‌گرفته", "קיבלו הודעה"),
    "control (not told)": ("گروه کنترل (بی‌پیام)", "ביקורת (ללא הודעה)"),
    "Write the message in at least one language.": (
        "پیام را دست‌کم به یک زبان بنویسید.",
        "כתבו את ההודעה לפחות בשפה אחת.",
    ),
    "Languages are fa, he and en.": ("زبان‌ها fa، he و en هستند.", "השפות הן fa, he ו-en."),
    "Write the message.": ("متن پیام را بنویسید.", "כתבו את ההודעה."),
    "An email needs a subject.": ("ایمیل به موضوع نیاز دارد.", "דוא״ל צריך נושא."),
    "An SMS may be at most %(n)d characters.": (
        "پیامک حداکثر %(n)d نویسه است.",
        "מסרון יכול להכיל לכל היותר %(n)d תווים.",
    ),
    "Check the braces: write placeholders as {points}.": (
        "آکولادها را بررسی کنید: جای‌نگهدارها را مانند {points} بنویسید.",
        "בדקו את הסוגריים המסולסלים: כתבו שדות כמו {points}.",
    ),
    "Unknown placeholders: %(names)s. Use: %(known)s.": (
        "جای‌نگهدارهای ناشناخته: %(names)s. از این‌ها استفاده کنید: %(known)s.",
        "שדות לא מוכרים: %(names)s. השתמשו ב: %(known)s.",
    ),
    "The message has errors; fix them and try again.": (
        "پیام خطا دارد؛ آن‌ها را درست کنید و دوباره بفرستید.",
        "בהודעה יש שגיאות; תקנו ונסו שוב.",
    ),
    "Give the campaign a name of 1–120 characters.": (
        "نامی بین ۱ تا ۱۲۰ نویسه برای کمپین بنویسید.",
        "תנו לקמפיין שם באורך 1–120 תווים.",
    ),
    "Choose SMS or email.": ("پیامک یا ایمیل را انتخاب کنید.", "בחרו מסרון או דוא״ל."),
    "The control group is 0 to 50 percent.": (
        "گروه کنترل بین ۰ تا ۵۰ درصد است.",
        "קבוצת הביקורת היא 0 עד 50 אחוז.",
    ),
    "Count conversions over 1 to 90 days.": (
        "بازهٔ سنجش خرید بین ۱ تا ۹۰ روز است.",
        "ספרו המרות לאורך 1 עד 90 ימים.",
    ),
    "Choose what starts this automation.": (
        "انتخاب کنید چه چیزی این پیام خودکار را آغاز کند.",
        "בחרו מה מפעיל את האוטומציה.",
    ),
    "Choose an offer.": ("یک پیشنهاد انتخاب کنید.", "בחרו הצעה."),
    "Choose an active coupon campaign.": (
        "یک کمپین کد تخفیف فعال انتخاب کنید.",
        "בחרו קמפיין קופונים פעיל.",
    ),
    "Each recipient needs their own code.": (
        "هر گیرنده باید کد خودش را داشته باشد.",
        "כל נמען צריך קוד משלו.",
    ),
    "Automations can offer coupons, not a bonus period.": (
        "پیام‌های خودکار می‌توانند کد تخفیف بدهند، نه بازهٔ امتیاز اضافه.",
        "אוטומציות יכולות להציע קופונים, לא תקופת בונוס.",
    ),
    "The bonus lasts 1 to 90 days.": (
        "امتیاز اضافه ۱ تا ۹۰ روز برقرار است.",
        "הבונוס נמשך 1 עד 90 ימים.",
    ),
    "A campaign cannot be changed once it is scheduled or sent.": (
        "کمپین زمان‌بندی‌شده یا فرستاده‌شده را نمی‌توان تغییر داد.",
        "אי אפשר לשנות קמפיין שתוזמן או נשלח.",
    ),
    "Only a draft campaign can be scheduled.": (
        "فقط کمپین پیش‌نویس را می‌توان زمان‌بندی کرد.",
        "רק קמפיין בטיוטה אפשר לתזמן.",
    ),
    "Choose a time in the future.": ("زمانی در آینده انتخاب کنید.", "בחרו מועד בעתיד."),
    "This campaign can no longer be cancelled.": (
        "این کمپین دیگر لغوشدنی نیست.",
        "כבר אי אפשר לבטל את הקמפיין הזה.",
    ),
    "Only automations are switched on and off.": (
        "فقط پیام‌های خودکار روشن و خاموش می‌شوند.",
        "רק אוטומציות מופעלות ומכובות.",
    ),
    "This campaign has already been sent or cancelled.": (
        "این کمپین پیش‌تر فرستاده یا لغو شده است.",
        "הקמפיין הזה כבר נשלח או בוטל.",
    ),
    "The members told by a campaign; its bonus rule's audience.": (
        "اعضایی که پیام کمپین را گرفتند؛ مخاطبان قانون امتیاز اضافهٔ آن.",
        "החברים שקיבלו את הקמפיין; קהל כלל הבונוס שלו.",
    ),
    "This coupon campaign is not active.": (
        "این کمپین کد تخفیف فعال نیست.",
        "קמפיין הקופונים הזה אינו פעיל.",
    ),
    "This coupon campaign does not exist.": (
        "این کمپین کد تخفیف وجود ندارد.",
        "קמפיין הקופונים הזה אינו קיים.",
    ),
    "List the segments this rule is for.": (
        "بخش‌هایی را که این قانون برایشان است فهرست کنید.",
        "ציינו את הפלחים שהכלל מיועד להם.",
    ),
    "Some of these segments do not exist or are archived.": (
        "برخی از این بخش‌ها وجود ندارند یا بایگانی شده‌اند.",
        "חלק מהפלחים האלה אינם קיימים או בארכיון.",
    ),
    "The lower bound is above the upper bound.": (
        "حد پایین از حد بالا بیشتر است.",
        "הגבול התחתון גבוה מהעליון.",
    ),
    "Months are numbered 1 to 12.": ("ماه‌ها از ۱ تا ۱۲ شماره دارند.", "החודשים ממוספרים 1 עד 12."),
    "Unknown filter.": ("فیلتر ناشناخته.", "מסנן לא מוכר."),
    "This value is not valid here.": ("این مقدار این‌جا معتبر نیست.", "הערך הזה אינו תקין כאן."),
    "new": ("تازه", "חדש"),
    "loyal": ("وفادار", "נאמן"),
    "at risk": ("در خطر ریزش", "בסיכון"),
    "lost": ("از دست رفته", "אבוד"),
    "new for (days after joining)": ("تازه تا (روز پس از عضویت)", "חדש עד (ימים מההצטרפות)"),
    "A member is new this long.": ("عضو تا این مدت تازه شمرده می‌شود.", "חבר נחשב חדש למשך זמן זה."),
    "at risk after (days without a purchase)": (
        "در خطر ریزش پس از (روز بدون خرید)",
        "בסיכון אחרי (ימים ללא קנייה)",
    ),
    "lost after (days without a purchase)": (
        "از دست رفته پس از (روز بدون خرید)",
        "אבוד אחרי (ימים ללא קנייה)",
    ),
    "loyal from (purchases in the window)": (
        "وفادار از (تعداد خرید در بازه)",
        "נאמן מ־(קניות בחלון)",
    ),
    "kept up to date from its definition": (
        "بر پایهٔ تعریفش به‌روز می‌ماند",
        "מתעדכן לפי ההגדרה שלו",
    ),
    "a fixed list (a campaign's recipients)": (
        "فهرستی ثابت (گیرندگان یک کمپین)",
        "רשימה קבועה (נמעני קמפיין)",
    ),
    "description": ("توضیح", "תיאור"),
    "Give a whole number of at least 1.": (
        "عددی صحیح و دست‌کم ۱ بنویسید.",
        "תנו מספר שלם של 1 לפחות.",
    ),
    "A member is lost later than at risk: give more days.": (
        "عضو دیرتر از «در خطر» از دست رفته شمرده می‌شود: روزهای بیشتری بدهید.",
        "חבר נחשב אבוד מאוחר יותר מאשר בסיכון: תנו יותר ימים.",
    ),
    "By lifecycle state": ("بر پایهٔ وضعیت چرخهٔ عمر", "לפי שלב במחזור החיים"),
}
