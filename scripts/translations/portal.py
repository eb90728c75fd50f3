"""Persian and Hebrew for the member portal (sign-in by code, card, history, rewards, vouchers,
profile, privacy, leaving) and the consent records behind it."""

T: dict[str, tuple[str, str]] = {
    # consent (members)
    "SMS": ("پیامک", "SMS"),
    "Choose sms or email.": ("sms یا email را انتخاب کنید.", "בחרו sms או email."),
    "Say where the consent was given (at most 32 characters).": (
        "بنویسید رضایت کجا داده شد (حداکثر ۳۲ نویسه).",
        "ציינו היכן ניתנה ההסכמה (עד 32 תווים).",
    ),
    # navigation
    "My card": ("کارت من", "הכרטיס שלי"),
    "History": ("تاریخچه", "היסטוריה"),
    "Rewards": ("جایزه‌ها", "הטבות"),
    "My vouchers": ("بن‌های من", "השוברים שלי"),
    "Profile": ("مشخصات", "פרופיל"),
    "Privacy": ("حریم خصوصی", "פרטיות"),
    # signing in and joining
    "Your club card, points and rewards": (
        "کارت باشگاه، امتیازها و جایزه‌های شما",
        "כרטיס המועדון, הנקודות וההטבות שלכם",
    ),
    "Sign in with your mobile number. We will text you a one-time code.": (
        "با شمارهٔ موبایلتان وارد شوید. یک کد یک‌بارمصرف برایتان پیامک می‌کنیم.",
        "היכנסו עם מספר הנייד שלכם. נשלח לכם קוד חד־פעמי במסרון.",
    ),
    "Text me a code": ("کد را برایم پیامک کن", "שלחו לי קוד"),
    "Not a member yet?": ("هنوز عضو نیستید؟", "עדיין לא חברים?"),
    "Join the club": ("عضویت در باشگاه", "הצטרפות למועדון"),
    "Enter your code": ("کد را وارد کنید", "הזינו את הקוד"),
    "If %(phone)s belongs to a club member, we have just texted a six-digit code to it. It is "
    "valid for 5 minutes.": (
        "اگر %(phone)s متعلق به یکی از اعضای باشگاه باشد، همین حالا یک کد شش‌رقمی به آن پیامک "
        "کردیم. این کد تا ۵ دقیقه معتبر است.",
        "אם %(phone)s שייך לחבר מועדון, שלחנו אליו עכשיו קוד בן שש ספרות. הקוד בתוקף ל־5 דקות.",
    ),
    "Send a new code": ("فرستادن کد تازه", "שליחת קוד חדש"),
    "Use another number": ("شمارهٔ دیگری وارد کنید", "מספר אחר"),
    "No code? If you are not a member yet,": (
        "کدی نرسید؟ اگر هنوز عضو نیستید،",
        "לא הגיע קוד? אם אתם עדיין לא חברים,",
    ),
    "join the club": ("در باشگاه عضو شوید", "הצטרפו למועדון"),
    "Collect points with every purchase and spend them on rewards. After joining we text you a "
    "code to sign in.": (
        "با هر خرید امتیاز جمع کنید و آن را برای جایزه‌ها خرج کنید. پس از عضویت، کدی برای ورود "
        "برایتان پیامک می‌کنیم.",
        "צברו נקודות בכל רכישה וממשו אותן בהטבות. אחרי ההצטרפות נשלח לכם קוד כניסה במסרון.",
    ),
    "In the Persian calendar, e.g. 1370/05/14. We send you a birthday gift.": (
        "به تاریخ شمسی، مثلاً ۱۳۷۰/۰۵/۱۴. برای تولدتان هدیه می‌فرستیم.",
        "בלוח השנה הפרסי, למשל 1370/05/14. נשלח לכם מתנת יום הולדת.",
    ),
    "For example 1991-08-05. We send you a birthday gift.": (
        "مثلاً 1991-08-05. برای تولدتان هدیه می‌فرستیم.",
        "למשל 1991-08-05. נשלח לכם מתנת יום הולדת.",
    ),
    "Join and text me a code": ("عضو شوم و کد را پیامک کن", "הצטרפות ושליחת קוד"),
    "Already a member?": ("عضو هستید؟", "כבר חברים?"),
    "Tell us your first name.": ("نام خود را بنویسید.", "כתבו את שמכם הפרטי."),
    # the card
    "Card number": ("شمارهٔ کارت", "מספר כרטיס"),
    "Show this code at the till to collect points.": (
        "این کد را در صندوق نشان دهید تا امتیاز بگیرید.",
        "הציגו את הקוד הזה בקופה כדי לצבור נקודות.",
    ),
    "Your membership QR code": ("کد QR عضویت شما", "קוד ה־QR של החברות שלכם"),
    "Your points": ("امتیازهای شما", "הנקודות שלכם"),
    "points on the way (spendable after the return period)": (
        "امتیاز در راه (پس از مهلت مرجوعی قابل خرج است)",
        "נקודות בדרך (ניתנות למימוש אחרי תקופת ההחזרה)",
    ),
    "wallet credit": ("اعتبار کیف پول", "זיכוי לארנק"),
    "%(points)s of your points expire on %(date)s. Spend them on a reward before then.": (
        "%(points)s امتیاز شما در %(date)s منقضی می‌شود. پیش از آن برای یک جایزه خرجش کنید.",
        "%(points)s מהנקודות שלכם יפוגו ב־%(date)s. ממשו אותן בהטבה לפני כן.",
    ),
    "See rewards": ("دیدن جایزه‌ها", "להטבות"),
    "Your tier": ("سطح شما", "הרמה שלכם"),
    "%(multiplier)s× points": ("%(multiplier)s برابر امتیاز", "פי %(multiplier)s נקודות"),
    "%(percent)s%% discount": ("%(percent)s%% تخفیف", "%(percent)s%% הנחה"),
    "Progress to the next tier": ("پیشرفت تا سطح بعدی", "התקדמות לרמה הבאה"),
    "More": ("بیشتر", "עוד"),
    "Points history": ("تاریخچهٔ امتیاز", "היסטוריית נקודות"),
    "Every point and why": ("هر امتیاز و دلیلش", "כל נקודה והסיבה לה"),
    "Spend your points": ("امتیازهایتان را خرج کنید", "ממשו את הנקודות שלכם"),
    "Ready to use at the till": ("آمادهٔ استفاده در صندوق", "מוכנים לשימוש בקופה"),
    # history
    "Balance": ("مانده", "יתרה"),
    "Pages": ("صفحه‌ها", "עמודים"),
    "Newer": ("جدیدتر", "חדשים יותר"),
    "Older": ("قدیمی‌تر", "ישנים יותר"),
    "Page %(number)s of %(total)s": (
        "صفحهٔ %(number)s از %(total)s",
        "עמוד %(number)s מתוך %(total)s",
    ),
    "Nothing yet. Your points will appear here after your first purchase.": (
        "هنوز چیزی نیست. امتیازهای شما پس از نخستین خرید اینجا نمایش داده می‌شوند.",
        "עדיין אין כלום. הנקודות שלכם יופיעו כאן אחרי הרכישה הראשונה.",
    ),
    # rewards
    "Points to spend": ("امتیاز قابل خرج", "נקודות למימוש"),
    "points": ("امتیاز", "נקודות"),
    "Out of stock": ("ناموجود", "אזל מהמלאי"),
    "%(points)s more points needed": (
        "%(points)s امتیاز دیگر لازم است",
        "חסרות עוד %(points)s נקודות",
    ),
    "We will text you a code to confirm this one.": (
        "برای تأیید این جایزه کدی برایتان پیامک می‌کنیم.",
        "כדי לאשר הטבה זו נשלח לכם קוד במסרון.",
    ),
    "Spend %(points)s points on %(name)s?": (
        "%(points)s امتیاز برای %(name)s خرج شود؟",
        "לממש %(points)s נקודות עבור %(name)s?",
    ),
    "Redeem": ("دریافت", "מימוש"),
    "There are no rewards right now. Please look again soon.": (
        "فعلاً جایزه‌ای نیست. لطفاً به‌زودی دوباره سر بزنید.",
        "אין כרגע הטבות. חזרו לבדוק בקרוב.",
    ),
    "Confirm with a code": ("تأیید با کد", "אישור בקוד"),
    "You are spending %(points)s points on %(name)s.": (
        "شما %(points)s امتیاز برای %(name)s خرج می‌کنید.",
        "אתם מממשים %(points)s נקודות עבור %(name)s.",
    ),
    "We have texted a six-digit code to your number ending in %(phone)s.": (
        "یک کد شش‌رقمی به شماره‌ای که به %(phone)s ختم می‌شود پیامک کردیم.",
        "שלחנו קוד בן שש ספרות למספר שמסתיים ב־%(phone)s.",
    ),
    "Back to rewards": ("بازگشت به جایزه‌ها", "חזרה להטבות"),
    "Your redemption is already on its way.": (
        "درخواست دریافت جایزهٔ شما در حال انجام است.",
        "המימוש שלכם כבר בדרך.",
    ),
    "Done! Here is your voucher.": ("انجام شد! این بن شماست.", "בוצע! הנה השובר שלכם."),
    # vouchers
    "Ready to use": ("آمادهٔ استفاده", "מוכן לשימוש"),
    "Used": ("استفاده‌شده", "נוצל"),
    "Expired": ("منقضی‌شده", "פג תוקף"),
    "Cancelled": ("لغوشده", "בוטל"),
    "use by %(date)s": ("تا %(date)s استفاده کنید", "לשימוש עד %(date)s"),
    "used on %(date)s": ("استفاده‌شده در %(date)s", "נוצל ב־%(date)s"),
    "expired on %(date)s": ("منقضی‌شده در %(date)s", "פג ב־%(date)s"),
    "No vouchers yet. Spend your points on a reward to get one.": (
        "هنوز بنی ندارید. امتیازهایتان را برای یک جایزه خرج کنید تا بن بگیرید.",
        "עדיין אין שוברים. ממשו נקודות בהטבה כדי לקבל שובר.",
    ),
    "Voucher QR code": ("کد QR بن", "קוד ה־QR של השובר"),
    "Copy": ("کپی", "העתקה"),
    "Copied": ("کپی شد", "הועתק"),
    "Points spent": ("امتیاز خرج‌شده", "נקודות שמומשו"),
    "Issued": ("صادرشده در", "הונפק"),
    "Valid until": ("معتبر تا", "בתוקף עד"),
    "Show the code at the till. The cashier scans it or types it in.": (
        "کد را در صندوق نشان دهید. صندوق‌دار آن را اسکن یا وارد می‌کند.",
        "הציגו את הקוד בקופה. הקופאי יסרוק אותו או יקליד אותו.",
    ),
    "Cancel this voucher and get the points back?": (
        "این بن لغو شود و امتیازش برگردد؟",
        "לבטל את השובר ולקבל את הנקודות בחזרה?",
    ),
    "Cancel and get my points back": ("لغو و برگشت امتیاز", "ביטול והחזרת הנקודות"),
    "All my vouchers": ("همهٔ بن‌های من", "כל השוברים שלי"),
    "Voucher cancelled; %(points)s points are back in your balance.": (
        "بن لغو شد؛ %(points)s امتیاز به ماندهٔ شما برگشت.",
        "השובר בוטל; %(points)s נקודות חזרו ליתרה שלכם.",
    ),
    # profile
    "Your details": ("مشخصات شما", "הפרטים שלכם"),
    "Email": ("ایمیل", 'דוא"ל'),
    "Birth date": ("تاریخ تولد", "תאריך לידה"),
    "In the Persian calendar, e.g. 1370/05/14.": (
        "به تاریخ شمسی، مثلاً ۱۳۷۰/۰۵/۱۴.",
        "בלוח השנה הפרסי, למשל 1370/05/14.",
    ),
    "For example 1991-08-05.": ("مثلاً 1991-08-05.", "למשל 1991-08-05."),
    "Gender": ("جنسیت", "מגדר"),
    "City": ("شهر", "עיר"),
    "Language for messages": ("زبان پیام‌ها", "שפת ההודעות"),
    "Save": ("ذخیره", "שמירה"),
    "To change your mobile number, ask at the till.": (
        "برای تغییر شمارهٔ موبایل، در صندوق درخواست کنید.",
        "לשינוי מספר הנייד פנו לקופה.",
    ),
    "Your details are saved.": ("مشخصات شما ذخیره شد.", "הפרטים שלכם נשמרו."),
    "Please correct the marked fields.": (
        "لطفاً موارد مشخص‌شده را اصلاح کنید.",
        "נא לתקן את השדות המסומנים.",
    ),
    # privacy
    "Messages from the club": ("پیام‌های باشگاه", "הודעות מהמועדון"),
    "Offers and news are sent only if you agree. Messages you need, such as sign-in codes, are "
    "always sent.": (
        "پیشنهادها و خبرها فقط با موافقت شما فرستاده می‌شوند. پیام‌های لازم، مانند کد ورود، همیشه "
        "فرستاده می‌شوند.",
        "מבצעים וחדשות נשלחים רק בהסכמתכם. הודעות נחוצות, כמו קודי כניסה, נשלחות תמיד.",
    ),
    "Send me offers by SMS": ("پیشنهادها را برایم پیامک کنید", "שלחו לי מבצעים במסרון"),
    "Send me offers by email": ("پیشنهادها را برایم ایمیل کنید", 'שלחו לי מבצעים בדוא"ל'),
    "Save my choices": ("ذخیرهٔ انتخاب‌ها", "שמירת הבחירות"),
    "Your choices are saved.": ("انتخاب‌های شما ذخیره شد.", "הבחירות שלכם נשמרו."),
    "Nothing changed.": ("چیزی تغییر نکرد.", "לא השתנה דבר."),
    "Your earlier choices": ("انتخاب‌های پیشین شما", "הבחירות הקודמות שלכם"),
    "When": ("زمان", "מתי"),
    "Channel": ("راه ارتباط", "ערוץ"),
    "Choice": ("انتخاب", "בחירה"),
    "agreed": ("موافقت", "הסכמה"),
    "declined": ("عدم موافقت", "סירוב"),
    "Your data": ("اطلاعات شما", "הנתונים שלכם"),
    "Download everything the club holds about you: your details, your choices about messages, "
    "purchases, every point with its reason, and your vouchers.": (
        "هرچه باشگاه دربارهٔ شما نگه می‌دارد را دریافت کنید: مشخصات، انتخاب‌هایتان دربارهٔ "
        "پیام‌ها، خریدها، هر امتیاز با دلیلش و بن‌هایتان.",
        "הורידו את כל מה שהמועדון שומר עליכם: הפרטים, הבחירות לגבי הודעות, רכישות, כל נקודה "
        "והסיבה לה, והשוברים.",
    ),
    "Download (JSON)": ("دریافت (JSON)", "הורדה (JSON)"),
    "Download (CSV, for spreadsheets)": (
        "دریافت (CSV، برای صفحه‌گسترده)",
        "הורדה (CSV, לגיליונות אלקטרוניים)",
    ),
    # leaving
    "Leave the club": ("خروج از باشگاه", "עזיבת המועדון"),
    "Leave the club…": ("خروج از باشگاه…", "עזיבת המועדון…"),
    "Your personal details will be erased and your card will stop working.": (
        "اطلاعات شخصی شما پاک می‌شود و کارتتان دیگر کار نمی‌کند.",
        "הפרטים האישיים שלכם יימחקו והכרטיס יפסיק לפעול.",
    ),
    "If you leave:": ("اگر از باشگاه خارج شوید:", "אם תעזבו:"),
    "your name, mobile number, email, birth date, gender and city are erased;": (
        "نام، شمارهٔ موبایل، ایمیل، تاریخ تولد، جنسیت و شهر شما پاک می‌شود؛",
        'השם, מספר הנייד, הדוא"ל, תאריך הלידה, המגדר והעיר שלכם יימחקו;',
    ),
    "your card and its QR code stop working, and you can no longer sign in;": (
        "کارت و کد QR آن از کار می‌افتد و دیگر نمی‌توانید وارد شوید؛",
        "הכרטיס וקוד ה־QR שלו יפסיקו לפעול, ולא תוכלו עוד להיכנס;",
    ),
    "your points can no longer be spent;": (
        "امتیازهای شما دیگر قابل خرج نیست؛",
        "לא ניתן יהיה עוד לממש את הנקודות שלכם;",
    ),
    "your unused vouchers (%(number)s) stay valid until they expire, and anyone holding their "
    "codes can use them;": (
        "بن‌های استفاده‌نشدهٔ شما (%(number)s) تا پایان اعتبارشان معتبر می‌مانند و هر کس کدشان "
        "را داشته باشد می‌تواند از آن‌ها استفاده کند؛",
        "השוברים שלא נוצלו (%(number)s) נשארים בתוקף עד שיפוגו, וכל מי שמחזיק בקוד שלהם יכול "
        "להשתמש בהם;",
    ),
    "the club keeps its accounts of past purchases and points, without your name.": (
        "باشگاه حساب خریدها و امتیازهای گذشته را بدون نام شما نگه می‌دارد.",
        "המועדון שומר את רישומי הרכישות והנקודות הקודמים, בלי שמכם.",
    ),
    "You can download your data first, on the privacy page.": (
        "می‌توانید پیش از آن اطلاعاتتان را از صفحهٔ حریم خصوصی دریافت کنید.",
        "אפשר להוריד קודם את הנתונים שלכם, בדף הפרטיות.",
    ),
    "You are welcome back any time with a new membership.": (
        "هر زمان بخواهید می‌توانید با عضویت تازه برگردید.",
        "תמיד תוכלו לחזור בחברות חדשה.",
    ),
    "I understand, and I want to leave the club.": (
        "متوجه هستم و می‌خواهم از باشگاه خارج شوم.",
        "הבנתי, ואני רוצה לעזוב את המועדון.",
    ),
    "Stay": ("می‌مانم", "אני נשאר/ת"),
    "Tick the box to confirm that you want to leave.": (
        "برای تأیید خروج، گزینه را علامت بزنید.",
        "סמנו את התיבה כדי לאשר שאתם רוצים לעזוב.",
    ),
    "Goodbye": ("خداحافظ", "להתראות"),
    "You have left the club": ("شما از باشگاه خارج شدید", "עזבתם את המועדון"),
    "Your personal details are erased. Thank you for having been with us.": (
        "اطلاعات شخصی شما پاک شد. از همراهی‌تان سپاسگزاریم.",
        "הפרטים האישיים שלכם נמחקו. תודה שהייתם איתנו.",
    ),
    "Back to the start": ("بازگشت به آغاز", "חזרה להתחלה"),
}
