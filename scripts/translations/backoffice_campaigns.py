"""Persian and Hebrew for the staff pages of segments, campaigns and automations: the segment
builder with its live count, the lifecycle picture, writing and sending campaigns, the
automations and the results page. The domain apps' own messages are in segments_campaigns.py."""

T: dict[str, tuple[str, str]] = {
    # --- navigation and shared ---------------------------------------------------------------
    "Campaigns": ("کمپین‌ها", "קמפיינים"),
    "Automations": ("پیام‌های خودکار", "אוטומציות"),
    "Segments": ("بخش‌ها", "פלחים"),
    "Lifecycle": ("چرخهٔ عمر", "מחזור חיים"),
    "Campaign": ("کمپین", "קמפיין"),
    "Automation": ("پیام خودکار", "אוטומציה"),
    "Segment": ("بخش", "פלח"),
    "Results": ("نتیجه‌ها", "תוצאות"),
    "Recipients": ("گیرندگان", "נמענים"),
    "Refreshed": ("به‌روزشده در", "עודכן"),
    "Loading…": ("در حال بارگذاری…", "טוען…"),
    "Export CSV": ("خروجی CSV", "ייצוא CSV"),
    "Archive": ("بایگانی", "העברה לארכיון"),
    "Switch on": ("روشن کن", "הפעלה"),
    "Switch off": ("خاموش کن", "כיבוי"),
    "Description (optional)": ("توضیح (اختیاری)", "תיאור (רשות)"),
    # --- segments ----------------------------------------------------------------------------
    "A segment is a saved set of filters. Its members are refreshed every night and when a "
    "campaign is sent to it; earning rules and campaigns can be aimed at it.": (
        "بخش مجموعه‌ای ذخیره‌شده از فیلترهاست. اعضای آن هر شب و هنگام فرستادن کمپین به آن "
        "به‌روز می‌شوند؛ قوانین امتیاز و کمپین‌ها را می‌توان برای آن هدف گرفت.",
        "פלח הוא קבוצת מסננים שמורה. החברים בו מתעדכנים בכל לילה וכששולחים אליו קמפיין; "
        "אפשר לכוון אליו כללי צבירה וקמפיינים.",
    ),
    "No segments yet.": ("هنوز بخشی نیست.", "עדיין אין פלחים."),
    "New segment": ("بخش تازه", "פלח חדש"),
    "Segment: %(name)s": ("بخش: %(name)s", "פלח: %(name)s"),
    "Archive this segment? Rules and campaigns aimed at it will reach nobody.": (
        "این بخش بایگانی شود؟ قوانین و کمپین‌هایی که برای آن هستند به کسی نمی‌رسند.",
        "להעביר את הפלח לארכיון? כללים וקמפיינים שמכוונים אליו לא יגיעו לאיש.",
    ),
    "Each filter you fill in narrows the segment; ticking several boxes in one filter means any "
    "of them. Empty filters are ignored.": (
        "هر فیلتری که پر کنید بخش را کوچک‌تر می‌کند؛ زدن چند گزینه در یک فیلتر یعنی هر کدام از "
        "آن‌ها. فیلترهای خالی نادیده گرفته می‌شوند.",
        "כל מסנן שממלאים מצמצם את הפלח; סימון כמה תיבות באותו מסנן פירושו כל אחת מהן. מסננים "
        "ריקים אינם נלקחים בחשבון.",
    ),
    "The segment": ("بخش", "הפלח"),
    "Save the segment": ("ذخیرهٔ بخش", "שמירת הפלח"),
    "Back to the segments": ("بازگشت به بخش‌ها", "חזרה לפלחים"),
    "Members now": ("اعضا در این لحظه", "חברים כעת"),
    "Counting…": ("در حال شمارش…", "סופר…"),
    "The first 20 members these filters match.": (
        "۲۰ عضو نخستی که با این فیلترها جور درمی‌آیند.",
        "20 החברים הראשונים שמתאימים למסננים האלה.",
    ),
    "Show members": ("نمایش اعضا", "הצגת החברים"),
    "Check these filters:": ("این فیلترها را بررسی کنید:", "בדקו את המסננים האלה:"),
    "No filter yet: every active member.": (
        "هنوز فیلتری نیست: همهٔ اعضای فعال.",
        "עדיין אין מסנן: כל החברים הפעילים.",
    ),
    "%(share)s of %(everyone)s active members": (
        "%(share)s از %(everyone)s عضو فعال",
        "%(share)s מתוך %(everyone)s חברים פעילים",
    ),
    "The first %(size)s members": ("%(size)s عضو نخست", "%(size)s החברים הראשונים"),
    "RFM": ("RFM", "RFM"),
    "Purchases in the window": ("خرید در بازه", "רכישות בתקופה"),
    "Spend in the window": ("خرج در بازه", "הוצאה בתקופה"),
    "Last purchase": ("آخرین خرید", "רכישה אחרונה"),
    "No member matches these filters.": (
        "هیچ عضوی با این فیلترها جور درنمی‌آید.",
        "אף חבר אינו מתאים למסננים האלה.",
    ),
    "The segment is saved: %(count)s members.": (
        "بخش ذخیره شد: %(count)s عضو.",
        "הפלח נשמר: %(count)s חברים.",
    ),
    "“%(name)s” is archived.": ("«%(name)s» بایگانی شد.", "„%(name)s” הועבר לארכיון."),
    # The builder's filters
    "Program and scores": ("برنامه و امتیازها", "תוכנית וציונים"),
    "Who they are": ("چه کسانی هستند", "מי הם"),
    "Reach": ("دسترسی", "דרכי הגעה"),
    "Recency score": ("امتیاز تازگی خرید", "ציון עדכניות"),
    "5 is the fifth who bought most recently.": (
        "۵ یعنی یک‌پنجمی که از همه تازه‌تر خرید کرده‌اند.",
        "5 הוא החמישון שקנה לאחרונה ביותר.",
    ),
    "Frequency score": ("امتیاز دفعات خرید", "ציון תדירות"),
    "5 is the fifth who buy most often.": (
        "۵ یعنی یک‌پنجمی که از همه بیشتر خرید می‌کنند.",
        "5 הוא החמישון שקונה לעיתים הקרובות ביותר.",
    ),
    "Monetary score": ("امتیاز مبلغ خرید", "ציון כספי"),
    "5 is the fifth who spend most.": (
        "۵ یعنی یک‌پنجمی که از همه بیشتر خرج می‌کنند.",
        "5 הוא החמישון שמוציא הכי הרבה.",
    ),
    "Spend in the window, at least (%(unit)s)": (
        "خرج در بازه، دست‌کم (%(unit)s)",
        "הוצאה בתקופה, לפחות (%(unit)s)",
    ),
    "Spend in the window, at most (%(unit)s)": (
        "خرج در بازه، حداکثر (%(unit)s)",
        "הוצאה בתקופה, לכל היותר (%(unit)s)",
    ),
    "Spend since joining, at least (%(unit)s)": (
        "خرج از زمان عضویت، دست‌کم (%(unit)s)",
        "הוצאה מאז ההצטרפות, לפחות (%(unit)s)",
    ),
    "Spend since joining, at most (%(unit)s)": (
        "خرج از زمان عضویت، حداکثر (%(unit)s)",
        "הוצאה מאז ההצטרפות, לכל היותר (%(unit)s)",
    ),
    "Type an amount in %(unit)s, such as 150000.": (
        "مبلغ را به %(unit)s بنویسید، مانند ۱۵۰۰۰۰.",
        "הקלידו סכום ב־%(unit)s, למשל 150000.",
    ),
    "Purchases in the window, at least": ("تعداد خرید در بازه، دست‌کم", "רכישות בתקופה, לפחות"),
    "Purchases in the window, at most": ("تعداد خرید در بازه، حداکثر", "רכישות בתקופה, לכל היותר"),
    "Days since the last purchase, at least": (
        "روزهای گذشته از آخرین خرید، دست‌کم",
        "ימים מאז הרכישה האחרונה, לפחות",
    ),
    "Days since the last purchase, at most": (
        "روزهای گذشته از آخرین خرید، حداکثر",
        "ימים מאז הרכישה האחרונה, לכל היותר",
    ),
    "Members who never bought do not match these two.": (
        "اعضایی که هرگز خرید نکرده‌اند با این دو جور درنمی‌آیند.",
        "חברים שמעולם לא קנו אינם מתאימים לשני אלה.",
    ),
    "Has bought": ("خرید کرده است", "קנה בעבר"),
    "either": ("فرقی نمی‌کند", "לא משנה"),
    "never bought anything": ("هرگز چیزی نخریده", "מעולם לא קנה"),
    "bought at least once": ("دست‌کم یک بار خریده", "קנה לפחות פעם אחת"),
    "Bought in any of these categories": (
        "از یکی از این دسته‌ها خریده",
        "קנה באחת מהקטגוריות האלה",
    ),
    "Category codes separated by commas, e.g. dairy, bakery.": (
        "کد دسته‌ها با ویرگول جدا، مانند dairy, bakery.",
        "קודי קטגוריות מופרדים בפסיקים, למשל dairy, bakery.",
    ),
    "… in the last (days)": ("… در این چند روز اخیر", "… בימים האחרונים (מספר)"),
    "Points balance, at least": ("موجودی امتیاز، دست‌کم", "יתרת נקודות, לפחות"),
    "Points balance, at most": ("موجودی امتیاز، حداکثر", "יתרת נקודות, לכל היותר"),
    "Birthday in": ("تولد در ماه", "יום הולדת בחודש"),
    "Age, at least": ("سن، دست‌کم", "גיל, לפחות"),
    "Age, at most": ("سن، حداکثر", "גיל, לכל היותר"),
    "Cities": ("شهرها", "ערים"),
    "Separated by commas, as members gave them.": (
        "با ویرگول جدا، همان‌طور که اعضا نوشته‌اند.",
        "מופרדות בפסיקים, כפי שהחברים מסרו אותן.",
    ),
    "Joined in the last (days)": ("عضو شده در این چند روز اخیر", "הצטרף בימים האחרונים (מספר)"),
    "Agreed to messages by": ("رضایت به دریافت پیام از راه", "הסכים לקבל הודעות ב־"),
    "text message": ("پیامک", "הודעת טקסט"),
    "e-mail": ("ایمیل", 'דוא"ל'),
    "Ticking both: members who agreed to both.": (
        "با زدن هر دو: اعضایی که به هر دو رضایت داده‌اند.",
        "סימון שתיהן: חברים שהסכימו לשתיהן.",
    ),
    "Home branch": ("شعبهٔ اصلی", "סניף הבית"),
    "The branch of the latest purchase, else where they joined.": (
        "شعبهٔ آخرین خرید، وگرنه جایی که عضو شده‌اند.",
        "הסניף של הרכישה האחרונה, ואם אין — היכן שהצטרפו.",
    ),
    # Months of the Jalali calendar
    "Farvardin": ("فروردین", "פרוורדין"),
    "Ordibehesht": ("اردیبهشت", "אורדיבהשת"),
    "Khordad": ("خرداد", "ח'ורדאד"),
    "Tir": ("تیر", "תיר"),
    "Mordad": ("مرداد", "מורדאד"),
    "Shahrivar": ("شهریور", "שהריוור"),
    "Mehr": ("مهر", "מהר"),
    "Aban": ("آبان", "אבאן"),
    "Azar": ("آذر", "אאזר"),
    "Dey": ("دی", "די"),
    "Bahman": ("بهمن", "בהמן"),
    "Esfand": ("اسفند", "אספנד"),
    # --- lifecycle ---------------------------------------------------------------------------
    "Recompute every member’s scores and every segment now? On a large club this takes a while.": (
        "امتیازهای همهٔ اعضا و همهٔ بخش‌ها همین حالا دوباره حساب شوند؟ در باشگاه بزرگ کمی طول می‌کشد.",
        "לחשב מחדש עכשיו את הציונים של כל החברים ואת כל הפלחים? במועדון גדול זה לוקח זמן.",
    ),
    "Recompute now": ("همین حالا دوباره حساب کن", "חישוב מחדש עכשיו"),
    "As of the last recompute, %(when)s. It runs every night.": (
        "بر پایهٔ آخرین محاسبه در %(when)s. هر شب دوباره حساب می‌شود.",
        "נכון לחישוב האחרון, %(when)s. הוא רץ בכל לילה.",
    ),
    "Not computed yet: the first nightly recompute fills this page.": (
        "هنوز حساب نشده است: نخستین محاسبهٔ شبانه این صفحه را پر می‌کند.",
        "עדיין לא חושב: החישוב הלילי הראשון ימלא את הדף.",
    ),
    "Members by lifecycle state": ("اعضا بر پایهٔ مرحلهٔ چرخهٔ عمر", "חברים לפי שלב במחזור החיים"),
    "Recency × frequency": ("تازگی × دفعات خرید", "עדכניות × תדירות"),
    "Members who have bought, by score (1 to 5, 5 best): rows by how recently they bought, "
    "columns by how often.": (
        "اعضایی که خرید کرده‌اند، بر پایهٔ امتیاز (۱ تا ۵، ۵ بهترین): ردیف‌ها بر پایهٔ تازگی "
        "خرید، ستون‌ها بر پایهٔ دفعات خرید.",
        "חברים שקנו, לפי ציון (1 עד 5, 5 הטוב ביותר): שורות לפי עדכניות הרכישה, עמודות לפי "
        "התדירות.",
    ),
    "F%(score)s": ("د%(score)s", "ת%(score)s"),
    "R%(score)s": ("ت%(score)s", "ע%(score)s"),
    "R: recency score. F: frequency score.": (
        "ت: امتیاز تازگی خرید. د: امتیاز دفعات خرید.",
        "ע: ציון עדכניות. ת: ציון תדירות.",
    ),
    "Lifecycle thresholds": ("آستانه‌های چرخهٔ عمر", "ספי מחזור החיים"),
    "They apply from the next recompute.": (
        "از محاسبهٔ بعدی به کار می‌روند.",
        "הם חלים מהחישוב הבא.",
    ),
    "Save the thresholds": ("ذخیرهٔ آستانه‌ها", "שמירת הספים"),
    "The thresholds are saved; they apply from the next recompute.": (
        "آستانه‌ها ذخیره شدند؛ از محاسبهٔ بعدی به کار می‌روند.",
        "הספים נשמרו; הם חלים מהחישוב הבא.",
    ),
    "Recomputed: %(scores)s member scores changed, %(segments)s segments refreshed.": (
        "دوباره حساب شد: امتیاز %(scores)s عضو تغییر کرد، %(segments)s بخش به‌روز شد.",
        "חושב מחדש: %(scores)s ציונים של חברים השתנו, %(segments)s פלחים עודכנו.",
    ),
    # --- campaigns ---------------------------------------------------------------------------
    "A campaign is one message to a segment, with a control group held back to measure what "
    "it changed.": (
        "کمپین یک پیام به یک بخش است، با یک گروه کنترل که پیامی نمی‌گیرد تا اثر پیام سنجیده شود.",
        "קמפיין הוא הודעה אחת לפלח, עם קבוצת ביקורת שאינה מקבלת אותה כדי למדוד מה השתנה בזכותה.",
    ),
    "No campaigns yet.": ("هنوز کمپینی نیست.", "עדיין אין קמפיינים."),
    "New campaign": ("کمپین تازه", "קמפיין חדש"),
    "Campaign: %(name)s": ("کمپین: %(name)s", "קמפיין: %(name)s"),
    "Back to the campaigns": ("بازگشت به کمپین‌ها", "חזרה לקמפיינים"),
    "every active member": ("همهٔ اعضای فعال", "כל החברים הפעילים"),
    "To": ("برای", "אל"),
    "Who and how": ("برای چه کسانی و چگونه", "למי ואיך"),
    "The message": ("پیام", "ההודעה"),
    "Message": ("پیام", "הודעה"),
    "Subject": ("موضوع", "נושא"),
    "E-mail only.": ("فقط برای ایمیل.", 'לדוא"ל בלבד.'),
    "Write it in the languages your members read; each member gets their own language, or the "
    "first one written.": (
        "آن را به زبان‌هایی بنویسید که اعضای شما می‌خوانند؛ هر عضو پیام را به زبان خودش "
        "می‌گیرد، وگرنه به نخستین زبانی که نوشته شده است.",
        "כתבו אותה בשפות שהחברים שלכם קוראים; כל חבר מקבל אותה בשפה שלו, ואם אין — בשפה "
        "הראשונה שנכתבה.",
    ),
    "Placeholders you can use": ("جای‌نگه‌دارهایی که می‌توانید به کار ببرید", "שדות שאפשר לשלב"),
    "the member's first name": ("نام عضو", "השם הפרטי של החבר"),
    "the member's first and last name": ("نام و نام خانوادگی عضو", "השם המלא של החבר"),
    "their points balance": ("موجودی امتیاز عضو", "יתרת הנקודות שלו"),
    "the name of their tier": ("نام سطح عضو", "שם הרמה שלו"),
    "their points expiring in the next 30 days": (
        "امتیازهایی که در ۳۰ روز آینده منقضی می‌شوند",
        "הנקודות שלו שיפוגו ב־30 הימים הקרובים",
    ),
    "when the soonest of those points expire": (
        "زودترین تاریخ انقضای آن امتیازها",
        "מתי פגות הראשונות שבהן",
    ),
    "their own coupon code (coupon offers)": (
        "کد تخفیف ویژهٔ عضو (در پیشنهادهای کد تخفیف)",
        "קוד הקופון האישי שלו (בהצעות קופון)",
    ),
    "the club's name": ("نام باشگاه", "שם המועדון"),
    "The message cannot be shown yet:": (
        "پیام هنوز نمایش داده نمی‌شود:",
        "אי אפשר עדיין להציג את ההודעה:",
    ),
    "Shown with a sample member's details.": (
        "با مشخصات یک عضو نمونه نمایش داده شده است.",
        "מוצגת עם פרטים של חבר לדוגמה.",
    ),
    "Control group (%)": ("گروه کنترل (٪)", "קבוצת ביקורת (%)"),
    "Members picked at random and not told, to measure what the message changed. 0 to 50.": (
        "اعضایی که تصادفی انتخاب می‌شوند و پیام نمی‌گیرند تا اثر پیام سنجیده شود. ۰ تا ۵۰.",
        "חברים שנבחרים באקראי ואינם מקבלים את ההודעה, כדי למדוד מה היא שינתה. 0 עד 50.",
    ),
    "Count purchases for (days)": ("شمارش خریدها تا (روز)", "ספירת רכישות במשך (ימים)"),
    "A member converted when they bought within this many days.": (
        "عضوی که در این چند روز خرید کند، تبدیل‌شده به شمار می‌آید.",
        "חבר נחשב כמי שהגיב אם קנה בתוך מספר הימים הזה.",
    ),
    "Offer": ("پیشنهاد", "הצעה"),
    "Bonus": ("امتیاز اضافه", "בונוס"),
    "points multiplied on every purchase": (
        "ضریب امتیاز روی هر خرید",
        "הכפלת נקודות בכל רכישה",
    ),
    "fixed bonus points on each purchase": (
        "امتیاز اضافهٔ ثابت روی هر خرید",
        "נקודות בונוס קבועות על כל רכישה",
    ),
    "More than 1, e.g. 2 for double points.": (
        "بیشتر از ۱، مثلاً ۲ برای امتیاز دوبرابر.",
        "יותר מ־1, למשל 2 לנקודות כפולות.",
    ),
    "Bonus points": ("امتیاز اضافه", "נקודות בונוס"),
    "On purchases of at least (%(unit)s)": (
        "روی خریدهای دست‌کم (%(unit)s)",
        "ברכישות של לפחות (%(unit)s)",
    ),
    "Empty: any purchase.": ("خالی: هر خریدی.", "ריק: כל רכישה."),
    "For (days)": ("به مدت (روز)", "למשך (ימים)"),
    "From the start of sending; 1 to 90.": (
        "از آغاز فرستادن؛ ۱ تا ۹۰.",
        "מתחילת השליחה; 1 עד 90.",
    ),
    "Coupon batch": ("دستهٔ کد تخفیف", "אצוות קופונים"),
    "A batch whose codes are each for one member.": (
        "دسته‌ای که هر کد آن برای یک عضو است.",
        "אצווה שכל קוד בה מיועד לחבר אחד.",
    ),
    "Recipients who are told earn the bonus on their purchases for the days given; it is an "
    "earning rule that ends by itself.": (
        "گیرندگان پیام در روزهای تعیین‌شده روی خریدهایشان امتیاز اضافه می‌گیرند؛ این یک قانون "
        "امتیاز است که خودش به پایان می‌رسد.",
        "נמענים שקיבלו את ההודעה צוברים את הבונוס על רכישותיהם בימים שנקבעו; זהו כלל צבירה "
        "שמסתיים מעצמו.",
    ),
    "Each recipient who is told gets their own code; put {coupon_code} in the message.": (
        "هر گیرندهٔ پیام کد ویژهٔ خودش را می‌گیرد؛ {coupon_code} را در پیام بگذارید.",
        "כל נמען שמקבל את ההודעה מקבל קוד משלו; שלבו את {coupon_code} בהודעה.",
    ),
    # Sending
    "Sending": ("فرستادن", "שליחה"),
    "Save your changes first: the campaign is sent as saved.": (
        "نخست تغییرها را ذخیره کنید: کمپین همان‌طور که ذخیره شده فرستاده می‌شود.",
        "שמרו קודם את השינויים: הקמפיין נשלח כפי שנשמר.",
    ),
    "Send this campaign now?": ("این کمپین همین حالا فرستاده شود؟", "לשלוח את הקמפיין עכשיו?"),
    "Send now": ("همین حالا بفرست", "שליחה עכשיו"),
    "Schedule": ("زمان‌بندی", "תזמון"),
    "Day": ("روز", "יום"),
    "Time (the club's time zone)": ("ساعت (به وقت باشگاه)", "שעה (לפי אזור הזמן של המועדון)"),
    "Type the time as hours and minutes, e.g. 09:30.": (
        "ساعت را به صورت ساعت و دقیقه بنویسید، مانند ۰۹:۳۰.",
        "הקלידו את השעה כשעות ודקות, למשל 09:30.",
    ),
    "Scheduled for %(when)s.": ("زمان‌بندی‌شده برای %(when)s.", "מתוזמן ל־%(when)s."),
    "This campaign was cancelled before it was sent.": (
        "این کمپین پیش از فرستاده شدن لغو شد.",
        "הקמפיין בוטל לפני שנשלח.",
    ),
    "Cancel this campaign? This cannot be undone.": (
        "این کمپین لغو شود؟ این کار برگشت‌پذیر نیست.",
        "לבטל את הקמפיין? אי אפשר לחזור מזה.",
    ),
    "Stop sending": ("توقف فرستادن", "עצירת השליחה"),
    "Cancel the campaign": ("لغو کمپین", "ביטול הקמפיין"),
    "%(done)s of %(total)s members (%(percent)s%%)": (
        "%(done)s از %(total)s عضو (%(percent)s٪)",
        "%(done)s מתוך %(total)s חברים (%(percent)s%%)",
    ),
    "Sending goes on in the background; this updates by itself.": (
        "فرستادن در پس‌زمینه ادامه دارد؛ این بخش خودش به‌روز می‌شود.",
        "השליחה נמשכת ברקע; התצוגה מתעדכנת מעצמה.",
    ),
    "Sending “%(name)s”": ("فرستادن «%(name)s»", "שליחת „%(name)s”"),
    "The campaign is saved as a draft.": (
        "کمپین به صورت پیش‌نویس ذخیره شد.",
        "הקמפיין נשמר כטיוטה.",
    ),
    "The campaign is saved.": ("کمپین ذخیره شد.", "הקמפיין נשמר."),
    "The campaign is scheduled.": ("کمپین زمان‌بندی شد.", "הקמפיין תוזמן."),
    "The campaign is sent.": ("کمپین فرستاده شد.", "הקמפיין נשלח."),
    "Sending has started; it goes on in the background.": (
        "فرستادن آغاز شد و در پس‌زمینه ادامه دارد.",
        "השליחה החלה; היא נמשכת ברקע.",
    ),
    "The campaign is cancelled.": ("کمپین لغو شد.", "הקמפיין בוטל."),
    # --- automations -------------------------------------------------------------------------
    "An automation sends its message to one member at a time, when something happens to them. "
    "Each is off until it is switched on.": (
        "پیام خودکار، پیامش را هر بار به یک عضو می‌فرستد، وقتی رویدادی برای او رخ می‌دهد. هر "
        "کدام تا وقتی روشن نشود خاموش است.",
        "אוטומציה שולחת את ההודעה שלה לחבר אחד בכל פעם, כשמשהו קורה לו. כל אחת כבויה עד "
        "שמפעילים אותה.",
    ),
    "Not set up.": ("راه‌اندازی نشده.", "לא הוגדרה."),
    "New automation": ("پیام خودکار تازه", "אוטומציה חדשה"),
    "Automation: %(name)s": ("پیام خودکار: %(name)s", "אוטומציה: %(name)s"),
    "Sent when": ("فرستاده می‌شود وقتی", "נשלחת כאשר"),
    "every member it fires for": ("هر عضوی که برایش رخ دهد", "כל חבר שהיא מופעלת עבורו"),
    "Only members in this segment, as last refreshed.": (
        "فقط اعضای این بخش، بر پایهٔ آخرین به‌روزرسانی.",
        "רק חברים בפלח הזה, לפי העדכון האחרון.",
    ),
    "The segment is refreshed when the campaign starts.": (
        "بخش هنگام آغاز کمپین به‌روز می‌شود.",
        "הפלח מתעדכן כשהקמפיין מתחיל.",
    ),
    "This automation is on: saved changes apply to the next member it fires for.": (
        "این پیام خودکار روشن است: تغییرهای ذخیره‌شده برای عضو بعدی به کار می‌روند.",
        "האוטומציה פעילה: שינויים שנשמרו חלים על החבר הבא שהיא מופעלת עבורו.",
    ),
    "Save (off)": ("ذخیره (خاموش)", "שמירה (כבויה)"),
    "Back to the automations": ("بازگشت به پیام‌های خودکار", "חזרה לאוטומציות"),
    "The automation is saved. It is off until you switch it on.": (
        "پیام خودکار ذخیره شد. تا وقتی روشنش نکنید خاموش می‌ماند.",
        "האוטומציה נשמרה. היא כבויה עד שתפעילו אותה.",
    ),
    "The automation is saved.": ("پیام خودکار ذخیره شد.", "האוטומציה נשמרה."),
    "“%(name)s” is on.": ("«%(name)s» روشن است.", "„%(name)s” פעילה."),
    "“%(name)s” is off.": ("«%(name)s» خاموش است.", "„%(name)s” כבויה."),
    # --- results -----------------------------------------------------------------------------
    "Results: %(name)s": ("نتیجه‌ها: %(name)s", "תוצאות: %(name)s"),
    "An automation: %(trigger)s.": ("پیام خودکار: %(trigger)s.", "אוטומציה: %(trigger)s."),
    "Sent from %(when)s.": ("فرستاده‌شده از %(when)s.", "נשלח מ־%(when)s."),
    "Not sent yet.": ("هنوز فرستاده نشده.", "עדיין לא נשלח."),
    "Conversions: members who bought within %(days)s days of being picked, told or not.": (
        "تبدیل: اعضایی که تا %(days)s روز پس از انتخاب شدن خرید کردند، چه پیام گرفته باشند چه نه.",
        "המרות: חברים שקנו בתוך %(days)s ימים מרגע שנבחרו, בין שקיבלו הודעה ובין שלא.",
    ),
    "messages": ("پیام", "הודעות"),
    "not sent: no consent": ("فرستاده نشد: بدون رضایت", "לא נשלחו: אין הסכמה"),
    "Told and not told": ("پیام‌گرفته‌ها و گروه کنترل", "מי שקיבל הודעה ומי שלא"),
    "Group": ("گروه", "קבוצה"),
    "Told": ("پیام‌گرفته‌ها", "קיבלו הודעה"),
    "Control (not told)": ("گروه کنترل (بی‌پیام)", "ביקורת (ללא הודעה)"),
    "Converted": ("تبدیل‌شده", "המירו"),
    "Conversion rate": ("نرخ تبدیل", "שיעור המרה"),
    "Revenue": ("درآمد", "הכנסות"),
    "Revenue is what the members of each group spent in those days, less returns.": (
        "درآمد، خرج اعضای هر گروه در آن روزهاست، منهای مرجوعی‌ها.",
        "הכנסות הן מה שחברי כל קבוצה הוציאו באותם ימים, בניכוי החזרות.",
    ),
    "What the message changed": ("اثر پیام", "מה ההודעה שינתה"),
    "percentage points of conversion, told minus control": (
        "واحد درصد تبدیل، پیام‌گرفته‌ها منهای گروه کنترل",
        "נקודות אחוז של המרה, מקבלי ההודעה פחות הביקורת",
    ),
    "95%% interval: %(low)s to %(high)s": (
        "بازهٔ ۹۵٪: %(low)s تا %(high)s",
        "רווח סמך 95%%: %(low)s עד %(high)s",
    ),
    "relative to the control group's rate": (
        "نسبت به نرخ گروه کنترل",
        "ביחס לשיעור בקבוצת הביקורת",
    ),
    "extra revenue from the told members": (
        "درآمد اضافه از پیام‌گرفته‌ها",
        "הכנסה נוספת ממקבלי ההודעה",
    ),
    "Significant: the told converted more than the control group, beyond chance (95%% "
    "confidence).": (
        "معنادار: پیام‌گرفته‌ها بیشتر از گروه کنترل خرید کردند و این از شانس فراتر است "
        "(اطمینان ۹۵٪).",
        "מובהק: מקבלי ההודעה המירו יותר מקבוצת הביקורת, מעבר למקרה (ביטחון של 95%%).",
    ),
    "Significant: the told converted less than the control group, beyond chance (95%% "
    "confidence).": (
        "معنادار: پیام‌گرفته‌ها کمتر از گروه کنترل خرید کردند و این از شانس فراتر است (اطمینان ۹۵٪).",
        "מובהק: מקבלי ההודעה המירו פחות מקבוצת הביקורת, מעבר למקרה (ביטחון של 95%%).",
    ),
    "Not significant: the difference may be chance. The interval includes zero.": (
        "معنادار نیست: این تفاوت شاید از شانس باشد. بازه صفر را در بر دارد.",
        "לא מובהק: ייתכן שההבדל מקרי. הרווח כולל את האפס.",
    ),
    "No lift to show: it needs members in both the told and the control group.": (
        "اثری برای نمایش نیست: هم در گروه پیام‌گرفته‌ها و هم در گروه کنترل باید عضو باشد.",
        "אין שיפור להציג: נדרשים חברים גם בקבוצת מקבלי ההודעה וגם בקבוצת הביקורת.",
    ),
}
