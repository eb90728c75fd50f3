"""Persian and Hebrew for the back-office pages of the engagement programs: referrals, paid
memberships (and their fee at the till), lotteries, surveys and the stale-contacts report."""

T: dict[str, tuple[str, str]] = {
    # --- navigation and tabs ---------------------------------------------------------------
    "Engagement": ("برنامه‌های مشارکت", "תוכניות מעורבות"),
    "Referrals": ("معرفی دوستان", "חבר מביא חבר"),
    "Memberships": ("عضویت ویژه", "מנויים"),
    "Lotteries": ("قرعه‌کشی‌ها", "הגרלות"),
    "Surveys": ("نظرسنجی‌ها", "סקרים"),
    "Contact details": ("اطلاعات تماس", "פרטי קשר"),
    # --- audience ---------------------------------------------------------------------------
    "Members of these tiers": ("اعضای این سطح‌ها", "חברים ברמות האלה"),
    "None ticked: every tier.": ("هیچ‌کدام انتخاب نشود: همهٔ سطح‌ها.", "אם לא סומן דבר: כל הרמות."),
    "Whose home branch is one of these": (
        "که شعبهٔ اصلی‌شان یکی از این‌هاست",
        "שסניף הבית שלהם הוא אחד מאלה",
    ),
    "The branch of a member's latest purchase, or where they joined. None ticked: every branch.": (
        "شعبهٔ آخرین خرید عضو، یا شعبه‌ای که در آن عضو شده است. هیچ‌کدام انتخاب نشود: همهٔ شعبه‌ها.",
        "הסניף של הרכישה האחרונה של החבר, או הסניף שבו הצטרף. אם לא סומן דבר: כל הסניפים.",
    ),
    "Who bought something from (optional)": (
        "که خریدی داشته‌اند از (اختیاری)",
        "שקנו משהו החל מ־ (רשות)",
    ),
    "… until (optional)": ("… تا (اختیاری)", "… עד (רשות)"),
    "Empty: whether or not they bought lately.": (
        "خالی: چه اخیراً خرید کرده باشند چه نه.",
        "ריק: בין אם קנו לאחרונה ובין אם לא.",
    ),
    "Tiers: %(tiers)s": ("سطح‌ها: %(tiers)s", "רמות: %(tiers)s"),
    "Home branches: %(stores)s": ("شعبه‌های اصلی: %(stores)s", "סניפי בית: %(stores)s"),
    "Bought something from %(start)s to %(end)s": (
        "از %(start)s تا %(end)s خرید کرده‌اند",
        "קנו משהו בין %(start)s ל־%(end)s",
    ),
    "Bought something since %(start)s": (
        "از %(start)s به بعد خرید کرده‌اند",
        "קנו משהו מאז %(start)s",
    ),
    "Bought something until %(end)s": (
        "تا %(end)s خرید کرده‌اند",
        "קנו משהו עד %(end)s",
    ),
    "every member": ("همهٔ اعضا", "כל החברים"),
    # --- referrals --------------------------------------------------------------------------
    "The program is running": ("طرح فعال است", "התוכנית פעילה"),
    "When it is not, referrals are still recorded but not rewarded.": (
        "وقتی فعال نیست، معرفی‌ها ثبت می‌شوند ولی پاداشی داده نمی‌شود.",
        "כשאינה פעילה, ההזמנות נרשמות אך אינן מתוגמלות.",
    ),
    "Points for the member who invites": ("امتیاز معرف", "נקודות לחבר המזמין"),
    "0: the inviting member gets none.": (
        "۰: معرف امتیازی نمی‌گیرد.",
        "0: החבר המזמין אינו מקבל דבר.",
    ),
    "Points for the newcomer": ("امتیاز عضو تازه", "נקודות לחבר החדש"),
    "0: the newcomer gets none.": ("۰: عضو تازه امتیازی نمی‌گیرد.", "0: החבר החדש אינו מקבל דבר."),
    "Smallest qualifying purchase": ("کمترین خرید واجد شرایط", "הרכישה המזכה המינימלית"),
    "Smallest qualifying purchase (%(unit)s)": (
        "کمترین خرید واجد شرایط (%(unit)s)",
        "הרכישה המזכה המינימלית (%(unit)s)",
    ),
    "The newcomer's first purchase of at least this much is rewarded.": (
        "نخستین خرید عضو تازه که دست‌کم این مبلغ باشد پاداش می‌گیرد.",
        "הרכישה הראשונה של החבר החדש בסכום זה לפחות מזכה בתגמול.",
    ),
    "Rewarded referrals per member at most": (
        "بیشترین معرفی پاداش‌دار برای هر عضو",
        "מספר מרבי של הזמנות מתוגמלות לחבר",
    ),
    "0: no limit.": ("۰: بی‌سقف.", "0: ללא הגבלה."),
    "… in any period of (days)": ("… در هر بازهٔ (روز)", "… בכל תקופה של (ימים)"),
    "Members invite friends with their own link. When a newcomer's first qualifying purchase "
    "is made, the program decides once whether to reward them, and why not.": (
        "اعضا دوستانشان را با پیوند خودشان دعوت می‌کنند. با نخستین خرید واجد شرایط عضو تازه، "
        "طرح یک بار تصمیم می‌گیرد که پاداش بدهد یا نه، و اگر نه، چرا.",
        "חברים מזמינים חברים בקישור האישי שלהם. ברכישה המזכה הראשונה של החבר החדש התוכנית "
        "מחליטה פעם אחת אם לתגמל, ואם לא — מדוע.",
    ),
    "joined with an invitation": ("با دعوت عضو شدند", "הצטרפו בהזמנה"),
    "no qualifying purchase yet": ("هنوز خرید واجد شرایط ندارند", "עדיין ללא רכישה מזכה"),
    "points given": ("امتیاز داده‌شده", "נקודות שניתנו"),
    "%(referrer)s to those who invited, %(newcomer)s to newcomers": (
        "%(referrer)s به معرف‌ها، %(newcomer)s به اعضای تازه",
        "%(referrer)s למזמינים, %(newcomer)s לחברים החדשים",
    ),
    "Why rewards were refused:": ("چرا پاداش داده نشد:", "מדוע לא ניתן תגמול:"),
    "The program": ("طرح", "התוכנית"),
    "No program is set yet: referrals are recorded but nobody is rewarded.": (
        "هنوز طرحی تنظیم نشده است: معرفی‌ها ثبت می‌شوند ولی به کسی پاداش داده نمی‌شود.",
        "עדיין לא הוגדרה תוכנית: ההזמנות נרשמות אך איש אינו מתוגמל.",
    ),
    "Save the program": ("ذخیرهٔ طرح", "שמירת התוכנית"),
    "running": ("فعال", "פעילה"),
    "not running": ("غیرفعال", "לא פעילה"),
    "%(count)s in any %(days)s days": (
        "%(count)s در هر %(days)s روز",
        "%(count)s בכל %(days)s ימים",
    ),
    "no limit": ("بی‌سقف", "ללא הגבלה"),
    "The latest %(count)s referrals": ("%(count)s معرفی اخیر", "%(count)s ההזמנות האחרונות"),
    "Invited by": ("معرف", "הוזמן על ידי"),
    "Newcomer": ("عضو تازه", "חבר חדש"),
    "Decision": ("تصمیم", "החלטה"),
    "Reason": ("دلیل", "סיבה"),
    "Decided": ("تاریخ تصمیم", "הוחלט"),
    "No referrals yet.": ("هنوز معرفی‌ای نیست.", "עדיין אין הזמנות."),
    "The referral program is saved.": ("طرح معرفی دوستان ذخیره شد.", "תוכנית חבר מביא חבר נשמרה."),
    # --- memberships: plans -----------------------------------------------------------------
    "Latin letters, e.g. plus. The API refers to it.": (
        "حروف لاتین، مثلاً plus. API با آن به طرح اشاره می‌کند.",
        "אותיות לטיניות, למשל plus. ה־API מתייחס אליו.",
    ),
    "Paid": ("پرداخت", "תשלום"),
    "Fee per period": ("حق عضویت هر دوره", "דמי מנוי לתקופה"),
    "Fee per period (%(unit)s)": ("حق عضویت هر دوره (%(unit)s)", "דמי מנוי לתקופה (%(unit)s)"),
    "Tier it grants (optional)": ("سطحی که می‌دهد (اختیاری)", "הרמה שהיא מעניקה (רשות)"),
    "Members hold it while paid and in grace, unless they earned a higher one.": (
        "اعضا تا وقتی پرداخت کرده‌اند و در مهلت‌اند آن را دارند، مگر سطح بالاتری به دست آورده باشند.",
        "החברים מחזיקים בה כל עוד שילמו ובתקופת החסד, אלא אם הגיעו לרמה גבוהה יותר.",
    ),
    "Discount at the till (%)": ("تخفیف در صندوق (٪)", "הנחה בקופה (%)"),
    "Bonus points rule (optional)": ("قانون امتیاز اضافه (اختیاری)", "כלל נקודות בונוס (רשות)"),
    "An earning rule for the plan's tier: its audience must be that tier.": (
        "قانون امتیازدهی برای سطح طرح: مخاطب آن باید همان سطح باشد.",
        "כלל צבירה לרמה של התוכנית: קהל היעד שלו חייב להיות הרמה הזו.",
    ),
    "Free gift every period (optional)": ("هدیهٔ رایگان هر دوره (اختیاری)", "מתנה בכל תקופה (רשות)"),
    "A reward from the catalog, given as a voucher at each payment.": (
        "جایزه‌ای از فهرست جوایز که با هر پرداخت به صورت بن داده می‌شود.",
        "הטבה מהקטלוג, שניתנת כשובר בכל תשלום.",
    ),
    "After a period ends unpaid, benefits last this long (0 to 90).": (
        "پس از پایان دوره بدون پرداخت، مزایا تا این مدت ادامه دارد (۰ تا ۹۰).",
        "אחרי שתקופה מסתיימת ללא תשלום, ההטבות נמשכות זמן זה (0 עד 90).",
    ),
    "Members who have it keep renewing when it is not offered.": (
        "اعضایی که آن را دارند، وقتی دیگر ارائه نشود هم تمدید می‌کنند.",
        "חברים שיש להם אותה ממשיכים לחדש גם כשאינה מוצעת.",
    ),
    "Members have paid for this plan: its period cannot change. Make a new plan.": (
        "اعضا برای این طرح پرداخت کرده‌اند: دورهٔ آن تغییر نمی‌کند. طرح تازه‌ای بسازید.",
        "חברים כבר שילמו על התוכנית: אי אפשר לשנות את התקופה שלה. צרו תוכנית חדשה.",
    ),
    "Paid memberships": ("عضویت‌های ویژه", "מנויים בתשלום"),
    "Plans and value-back": ("طرح‌ها و ارزش بازگشتی", "תוכניות ותמורה"),
    "Members' memberships": ("عضویت‌های اعضا", "המנויים של החברים"),
    "New plan": ("طرح تازه", "תוכנית חדשה"),
    "Plans": ("طرح‌ها", "תוכניות"),
    "Plan": ("طرح", "תוכנית"),
    "Fee": ("حق عضویت", "דמי מנוי"),
    "Bonus points": ("امتیاز اضافه", "נקודות בונוס"),
    "Free gift": ("هدیهٔ رایگان", "מתנה"),
    "Grace (days)": ("مهلت (روز)", "חסד (ימים)"),
    "paying, and all not ended": ("پرداخت‌کننده، و همهٔ پایان‌نیافته‌ها", "משלמים, וכל מי שטרם הסתיים"),
    "Members: paying (active or in grace) / all not ended (including those waiting for their "
    "first payment). Fees are taken at the till or through the API.": (
        "اعضا: پرداخت‌کننده (فعال یا در مهلت) / همهٔ پایان‌نیافته‌ها (با آن‌ها که منتظر نخستین "
        "پرداخت‌اند). حق عضویت در صندوق یا از راه API دریافت می‌شود.",
        "חברים: משלמים (פעילים או בתקופת חסד) / כל מי שטרם הסתיים (כולל הממתינים לתשלום "
        "הראשון). דמי המנוי נגבים בקופה או דרך ה־API.",
    ),
    "No plans yet.": ("هنوز طرحی نیست.", "עדיין אין תוכניות."),
    "Value-back per plan": ("ارزش بازگشتی هر طرح", "תמורה לפי תוכנית"),
    "What each plan's memberships returned to members — the plan's discount, its cashback and "
    "its bonus points at the club's point value — against the fees they paid, over every "
    "period so far. The granted tier's own benefits are not counted.": (
        "آنچه عضویت‌های هر طرح به اعضا برگرداند — تخفیف طرح، بازگشت نقدی آن و امتیاز اضافه‌اش "
        "به ارزش امتیاز باشگاه — در برابر حق عضویتی که پرداختند، در همهٔ دوره‌ها تا امروز. "
        "مزایای خودِ سطحِ داده‌شده حساب نمی‌شود.",
        "מה שהמנויים של כל תוכנית החזירו לחברים — ההנחה של התוכנית, ההחזר הכספי ונקודות "
        "הבונוס לפי ערך הנקודה במועדון — מול דמי המנוי ששילמו, בכל התקופות עד כה. ההטבות של "
        "הרמה שהוענקה עצמה אינן נספרות.",
    ),
    "Members who paid": ("اعضای پرداخت‌کننده", "חברים ששילמו"),
    "Fees paid": ("حق عضویت پرداخت‌شده", "דמי מנוי ששולמו"),
    "Value returned": ("ارزش بازگشتی", "תמורה שהוחזרה"),
    "Returned / fees": ("بازگشتی / حق عضویت", "הוחזר / דמי מנוי"),
    "What members already paid keeps its period and fee. A new fee applies from the next "
    "payment; new benefits from the next purchase.": (
        "آنچه اعضا پرداخته‌اند دوره و مبلغ خود را نگه می‌دارد. مبلغ تازه از پرداخت بعدی اعمال "
        "می‌شود و مزایای تازه از خرید بعدی.",
        "מה שחברים כבר שילמו שומר על התקופה והסכום שלו. סכום חדש חל מהתשלום הבא; הטבות "
        "חדשות מהרכישה הבאה.",
    ),
    "The plan": ("طرح", "התוכנית"),
    "Back to the plans": ("بازگشت به طرح‌ها", "חזרה לתוכניות"),
    "The plan is saved.": ("طرح ذخیره شد.", "התוכנית נשמרה."),
    # --- memberships: members -----------------------------------------------------------------
    "any": ("همه", "הכול"),
    "Show": ("نمایش", "הצגה"),
    "Periods paid": ("دوره‌های پرداخت‌شده", "תקופות ששולמו"),
    "Paid until": ("پرداخت‌شده تا", "שולם עד"),
    "Grace until": ("مهلت تا", "חסד עד"),
    "Renews": ("تمدید خودکار", "מתחדש"),
    "yes": ("بله", "כן"),
    "no": ("خیر", "לא"),
    "No memberships match.": ("عضویتی با این شرایط نیست.", "אין מנויים מתאימים."),
    # --- memberships at the till --------------------------------------------------------------
    "Paid membership": ("عضویت ویژه", "מנוי בתשלום"),
    "until %(day)s": ("تا %(day)s", "עד %(day)s"),
    "does not renew": ("تمدید نمی‌شود", "לא מתחדש"),
    "benefits until %(day)s unless renewed": (
        "اگر تمدید نشود، مزایا تا %(day)s",
        "ההטבות עד %(day)s אם לא יחודש",
    ),
    "Take %(amount)s for the membership?": (
        "%(amount)s بابت عضویت دریافت شود؟",
        "לגבות %(amount)s עבור המנוי?",
    ),
    "Record the first payment: %(amount)s": (
        "ثبت نخستین پرداخت: %(amount)s",
        "רישום התשלום הראשון: %(amount)s",
    ),
    "Record the renewal: %(amount)s": ("ثبت تمدید: %(amount)s", "רישום החידוש: %(amount)s"),
    "Sell and record the first payment": (
        "فروش و ثبت نخستین پرداخت",
        "מכירה ורישום התשלום הראשון",
    ),
    "No membership plan is offered.": ("هیچ طرح عضویتی ارائه نمی‌شود.", "אין תוכנית מנוי מוצעת."),
    "Membership %(plan)s paid: %(amount)s, until %(day)s.": (
        "عضویت %(plan)s پرداخت شد: %(amount)s، تا %(day)s.",
        "מנוי %(plan)s שולם: %(amount)s, עד %(day)s.",
    ),
    # --- lotteries: the form --------------------------------------------------------------------
    "Entries from": ("ثبت شانس از", "השתתפות החל מ־"),
    "Entries until (the last day)": ("ثبت شانس تا (روز آخر)", "השתתפות עד (היום האחרון)"),
    "Entries close at the end of this day; then you close and draw.": (
        "ثبت شانس در پایان این روز بسته می‌شود؛ سپس فهرست را می‌بندید و قرعه می‌کشید.",
        "ההשתתפות נסגרת בסוף היום הזה; אחר כך סוגרים ומגרילים.",
    ),
    "Entries per purchase": ("شانس برای هر خرید", "השתתפויות לכל רכישה"),
    "Each purchase in the period, unless returned. 0 or empty: none.": (
        "هر خرید در این بازه، مگر مرجوع شده باشد. ۰ یا خالی: هیچ.",
        "כל רכישה בתקופה, אלא אם הוחזרה. 0 או ריק: אין.",
    ),
    "One entry per amount spent": ("یک شانس به ازای هر مبلغ خرید", "השתתפות אחת לכל סכום קנייה"),
    "One entry per (%(unit)s spent)": (
        "یک شانس به ازای هر (%(unit)s خرید)",
        "השתתפות אחת לכל (%(unit)s קנייה)",
    ),
    "Per purchase, net of returns. Empty: not counted.": (
        "برای هر خرید، پس از کسر مرجوعی. خالی: حساب نمی‌شود.",
        "לכל רכישה, בניכוי החזרות. ריק: לא נספר.",
    ),
    "Points per entry bought": ("امتیاز هر شانس خریدنی", "נקודות לכל השתתפות שנקנית"),
    "Members may buy entries with points. Empty: not sold.": (
        "اعضا می‌توانند با امتیاز شانس بخرند. خالی: فروخته نمی‌شود.",
        "חברים יכולים לקנות השתתפויות בנקודות. ריק: לא נמכר.",
    ),
    "Prize %(number)s (%(language)s)": (
        "جایزهٔ %(number)s (%(language)s)",
        "פרס %(number)s (%(language)s)",
    ),
    "Winners of prize %(number)s": ("تعداد برندگان جایزهٔ %(number)s", "זוכים בפרס %(number)s"),
    "New lottery": ("قرعه‌کشی تازه", "הגרלה חדשה"),
    "Scheduling commits the club to a secret random seed: its fingerprint is published at once "
    "and nothing of the lottery can change afterwards.": (
        "با زمان‌بندی، باشگاه به یک بذر تصادفی مخفی متعهد می‌شود: اثر انگشت آن همان لحظه منتشر "
        "می‌شود و پس از آن هیچ چیزِ قرعه‌کشی تغییر نمی‌کند.",
        "התזמון מחייב את המועדון לזרע אקראי סודי: טביעת האצבע שלו מתפרסמת מיד ושום דבר "
        "בהגרלה לא ישתנה אחר כך.",
    ),
    "The lottery": ("قرعه‌کشی", "ההגרלה"),
    "How members get entries": ("اعضا چگونه شانس می‌گیرند", "איך חברים מקבלים השתתפויות"),
    "Who may enter": ("چه کسانی شرکت می‌کنند", "מי רשאי להשתתף"),
    "Prizes, in the order they are drawn": ("جایزه‌ها، به ترتیب قرعه", "פרסים, לפי סדר ההגרלה"),
    "Name each prize in at least one language. Empty rows are left out; nobody wins twice.": (
        "نام هر جایزه را دست‌کم به یک زبان بنویسید. ردیف‌های خالی کنار گذاشته می‌شوند؛ هیچ‌کس "
        "دو بار برنده نمی‌شود.",
        "תנו לכל פרס שם בשפה אחת לפחות. שורות ריקות מושמטות; איש אינו זוכה פעמיים.",
    ),
    "Schedule the lottery": ("زمان‌بندی قرعه‌کشی", "תזמון ההגרלה"),
    "Back to the lotteries": ("بازگشت به قرعه‌کشی‌ها", "חזרה להגרלות"),
    "The lottery is scheduled and its commitment is published.": (
        "قرعه‌کشی زمان‌بندی شد و تعهد آن منتشر شد.",
        "ההגרלה תוזמנה וההתחייבות שלה פורסמה.",
    ),
    # --- lotteries: the list and a lottery ------------------------------------------------------
    "Every draw can be checked by anyone: the club publishes a commitment to its secret seed "
    "before entries open, the entry list before the draw, and the seed after it.": (
        "هر قرعه‌کشی را هر کسی می‌تواند بررسی کند: باشگاه پیش از آغاز ثبت شانس تعهدی به بذر "
        "مخفی خود، پیش از قرعه فهرست شرکت‌کنندگان، و پس از آن خودِ بذر را منتشر می‌کند.",
        "כל הגרלה ניתנת לבדיקה על ידי כל אחד: המועדון מפרסם התחייבות לזרע הסודי שלו לפני "
        "פתיחת ההשתתפות, את רשימת המשתתפים לפני ההגרלה, ואת הזרע אחריה.",
    ),
    "Lottery": ("قرعه‌کشی", "הגרלה"),
    "Entries until": ("ثبت شانس تا", "השתתפות עד"),
    "Winners": ("برندگان", "זוכים"),
    "Entrants": ("شرکت‌کنندگان", "משתתפים"),
    "No lotteries yet.": ("هنوز قرعه‌کشی‌ای نیست.", "עדיין אין הגרלות."),
    "Scheduled": ("زمان‌بندی شد", "תוזמנה"),
    "Entries closed": ("ثبت شانس بسته شد", "ההשתתפות נסגרה"),
    "Drawn": ("قرعه کشیده شد", "הוגרלה"),
    "Terms": ("شرایط", "תנאים"),
    "Entries": ("شانس‌ها", "השתתפויות"),
    "%(count)s per purchase": ("%(count)s برای هر خرید", "%(count)s לכל רכישה"),
    "one per %(amount)s spent": ("یکی به ازای هر %(amount)s خرید", "אחת לכל %(amount)s קנייה"),
    "one per %(points)s points spent": (
        "یکی به ازای هر %(points)s امتیاز",
        "אחת לכל %(points)s נקודות",
    ),
    "Prizes": ("جایزه‌ها", "פרסים"),
    "Published for verification": ("منتشرشده برای راستی‌آزمایی", "פורסם לאימות"),
    "Commitment (SHA-256 of the seed)": ("تعهد (SHA-256 بذر)", "התחייבות (SHA-256 של הזרע)"),
    "Entry list hash": ("درهم‌نگار فهرست شرکت‌کنندگان", "גיבוב רשימת המשתתפים"),
    "Entry list": ("فهرست شرکت‌کنندگان", "רשימת המשתתפים"),
    "%(entrants)s entrants with %(tickets)s tickets": (
        "%(entrants)s شرکت‌کننده با %(tickets)s شانس",
        "%(entrants)s משתתפים עם %(tickets)s השתתפויות",
    ),
    "%(tickets)s bought with points": (
        "%(tickets)s شانس با امتیاز خریده شد",
        "%(tickets)s נקנו בנקודות",
    ),
    "Seed (revealed after the draw)": ("بذر (پس از قرعه آشکار شد)", "הזרע (נחשף אחרי ההגרלה)"),
    "Members and anyone else read the same on the lottery's public page:": (
        "اعضا و هر کس دیگری همین را در صفحهٔ عمومی قرعه‌کشی می‌خوانند:",
        "חברים וכל אחד אחר קוראים את אותו הדבר בדף הציבורי של ההגרלה:",
    ),
    "Entries are open": ("ثبت شانس باز است", "ההשתתפות פתוחה"),
    "Members have spent %(points)s points on entries so far.": (
        "اعضا تاکنون %(points)s امتیاز برای شانس خرج کرده‌اند.",
        "חברים הוציאו עד כה %(points)s נקודות על השתתפויות.",
    ),
    "Close entries now? The entry list is frozen and published.": (
        "ثبت شانس همین حالا بسته شود؟ فهرست شرکت‌کنندگان ثابت و منتشر می‌شود.",
        "לסגור את ההשתתפות עכשיו? רשימת המשתתפים תוקפא ותפורסם.",
    ),
    "Close entries and publish the list": (
        "بستن ثبت شانس و انتشار فهرست",
        "סגירת ההשתתפות ופרסום הרשימה",
    ),
    "Entries can be closed after %(when)s.": (
        "ثبت شانس پس از %(when)s بسته می‌شود.",
        "אפשר לסגור את ההשתתפות אחרי %(when)s.",
    ),
    "Ready to draw": ("آمادهٔ قرعه‌کشی", "מוכן להגרלה"),
    "The entry list and its hash are published. Drawing picks the winners from the seed "
    "committed at scheduling, then reveals the seed, and texts each winner.": (
        "فهرست شرکت‌کنندگان و درهم‌نگار آن منتشر شده است. قرعه‌کشی برندگان را با بذری که هنگام "
        "زمان‌بندی به آن متعهد شدیم برمی‌گزیند، سپس بذر را آشکار می‌کند و به هر برنده پیامک "
        "می‌فرستد.",
        "רשימת המשתתפים והגיבוב שלה פורסמו. ההגרלה בוחרת את הזוכים מהזרע שהמועדון התחייב "
        "אליו בתזמון, חושפת את הזרע ושולחת מסרון לכל זוכה.",
    ),
    "Draw the winners now? This cannot be undone.": (
        "برندگان همین حالا قرعه‌کشی شوند؟ این کار بازگشت‌پذیر نیست.",
        "להגריל את הזוכים עכשיו? לא ניתן לבטל זאת.",
    ),
    "Draw the winners": ("قرعه‌کشی برندگان", "הגרלת הזוכים"),
    "Round": ("دور", "סבב"),
    "Prize": ("جایزه", "פרס"),
    "Published id": ("شناسهٔ منتشرشده", "מזהה שפורסם"),
    "Nobody entered, so nobody won.": (
        "کسی شرکت نکرد، پس کسی برنده نشد.",
        "איש לא השתתף, ולכן איש לא זכה.",
    ),
    "The draw does not verify:": ("قرعه‌کشی راستی‌آزمایی نمی‌شود:", "ההגרלה אינה עוברת אימות:"),
    "Checked now: the seed matches the commitment, the entry list matches its hash, and the "
    "winners follow from both.": (
        "همین حالا بررسی شد: بذر با تعهد می‌خواند، فهرست شرکت‌کنندگان با درهم‌نگارش می‌خواند، "
        "و برندگان از هر دو به دست می‌آیند.",
        "נבדק עכשיו: הזרע תואם את ההתחייבות, רשימת המשתתפים תואמת את הגיבוב שלה, והזוכים "
        "נובעים משניהם.",
    ),
    "Anyone can check it themselves with the published data:": (
        "هر کسی می‌تواند خودش با داده‌های منتشرشده بررسی کند:",
        "כל אחד יכול לבדוק בעצמו עם הנתונים שפורסמו:",
    ),
    "Entries are closed; the entry list and its hash are published.": (
        "ثبت شانس بسته شد؛ فهرست شرکت‌کنندگان و درهم‌نگار آن منتشر شد.",
        "ההשתתפות נסגרה; רשימת המשתתפים והגיבוב שלה פורסמו.",
    ),
    "The winners are drawn and the seed is revealed.": (
        "برندگان قرعه‌کشی شدند و بذر آشکار شد.",
        "הזוכים הוגרלו והזרע נחשף.",
    ),
    # --- surveys: the form ------------------------------------------------------------------------
    "How likely are you to recommend us to a friend or colleague?": (
        "چقدر احتمال دارد ما را به یک دوست یا همکار پیشنهاد کنید؟",
        "עד כמה סביר שתמליצו עלינו לחבר או לעמית?",
    ),
    "How satisfied are you with your last visit?": (
        "از آخرین خریدتان چقدر راضی هستید؟",
        "עד כמה הייתם מרוצים מהביקור האחרון?",
    ),
    "no question": ("بدون پرسش", "ללא שאלה"),
    "Ask how likely they are to recommend us (NPS, 0–10)": (
        "بپرسید چقدر احتمال دارد ما را پیشنهاد کنند (NPS، ۰ تا ۱۰)",
        "לשאול עד כמה סביר שימליצו עלינו (NPS, 0–10)",
    ),
    "Ask how satisfied they are (1–5)": (
        "بپرسید چقدر راضی‌اند (۱ تا ۵)",
        "לשאול עד כמה הם מרוצים (1–5)",
    ),
    "Margin of error (± %)": ("حاشیهٔ خطا (± ٪)", "טווח טעות (± %)"),
    "From 0.5 to 50. ±5 % needs about 370 answers of 10,000 members.": (
        "از ۰٫۵ تا ۵۰. برای ±۵٪ از ۱۰٬۰۰۰ عضو حدود ۳۷۰ پاسخ لازم است.",
        "בין 0.5 ל־50. ‎±5%‎ דורש כ־370 תשובות מתוך 10,000 חברים.",
    ),
    "Confidence": ("سطح اطمینان", "רמת ביטחון"),
    "Ask at least this share of the audience (%)": (
        "دست‌کم این سهم از مخاطبان پرسیده شوند (٪)",
        "לשאול לפחות את החלק הזה מהקהל (%)",
    ),
    "0: the margin alone decides. Otherwise from 10 to 100.": (
        "۰: فقط حاشیهٔ خطا تعیین می‌کند. وگرنه از ۱۰ تا ۱۰۰.",
        "0: טווח הטעות לבדו קובע. אחרת בין 10 ל־100.",
    ),
    "Points for answering": ("امتیاز پاسخ‌دادن", "נקודות על מענה"),
    "Once per invitation; 0: none.": ("یک بار برای هر دعوت؛ ۰: هیچ.", "פעם אחת לכל הזמנה; 0: אין."),
    "Title": ("عنوان", "כותרת"),
    "NPS question": ("پرسش NPS", "שאלת NPS"),
    "Satisfaction question": ("پرسش رضایت", "שאלת שביעות רצון"),
    "Question %(number)s of your own": (
        "پرسش شمارهٔ %(number)s خودتان",
        "שאלה משלכם מספר %(number)s",
    ),
    "An answer is required": ("پاسخ الزامی است", "חובה לענות"),
    "Question": ("پرسش", "שאלה"),
    "Answers, one per line": ("پاسخ‌ها، هر کدام در یک سطر", "תשובות, אחת בכל שורה"),
    "Give the same number of answers in each language you fill in.": (
        "در هر زبانی که پر می‌کنید همان تعداد پاسخ را بنویسید.",
        "כתבו אותו מספר תשובות בכל שפה שאתם ממלאים.",
    ),
    "New survey": ("نظرسنجی تازه", "סקר חדש"),
    "The survey": ("نظرسنجی", "הסקר"),
    "Standard questions": ("پرسش‌های استاندارد", "שאלות קבועות"),
    "Your own questions (optional)": ("پرسش‌های خودتان (اختیاری)", "שאלות משלכם (רשות)"),
    "For one of several answers, write the answers one per line in each language you use, in "
    "the same order.": (
        "برای پرسش چندگزینه‌ای، پاسخ‌ها را در هر زبانی که به کار می‌برید هر کدام در یک سطر و به "
        "همان ترتیب بنویسید.",
        "לשאלה עם כמה תשובות, כתבו את התשובות אחת בכל שורה בכל שפה שבה אתם משתמשים, באותו סדר.",
    ),
    "Who is asked": ("از چه کسانی پرسیده می‌شود", "את מי שואלים"),
    "How many members would be asked?": ("از چند عضو پرسیده می‌شود؟", "כמה חברים יישאלו?"),
    "Back to the surveys": ("بازگشت به نظرسنجی‌ها", "חזרה לסקרים"),
    "The survey is saved as a draft; check its sample and send it.": (
        "نظرسنجی به صورت پیش‌نویس ذخیره شد؛ نمونهٔ آن را بررسی کنید و بفرستید.",
        "הסקר נשמר כטיוטה; בדקו את המדגם ושלחו אותו.",
    ),
    # --- surveys: the sample ------------------------------------------------------------------
    "%(size)s of %(population)s members": (
        "%(size)s از %(population)s عضو",
        "%(size)s מתוך %(population)s חברים",
    ),
    "The audience's members who have a mobile number and agreed to text messages.": (
        "اعضای مخاطب که شمارهٔ موبایل دارند و با دریافت پیامک موافقت کرده‌اند.",
        "חברי הקהל שיש להם מספר נייד והסכימו לקבל מסרונים.",
    ),
    "Nobody in this audience can be asked: members need a mobile number and their consent to "
    "text messages.": (
        "از هیچ‌کس در این مخاطبان نمی‌توان پرسید: اعضا باید شمارهٔ موبایل و موافقت با پیامک "
        "داشته باشند.",
        "אי אפשר לשאול איש בקהל הזה: לחברים צריך להיות מספר נייד והסכמה לקבלת מסרונים.",
    ),
    "All %(population)s members are asked: the margin or the share asked for needs that many.": (
        "از همهٔ %(population)s عضو پرسیده می‌شود: حاشیهٔ خطا یا سهم خواسته‌شده همین تعداد را "
        "لازم دارد.",
        "כל %(population)s החברים יישאלו: טווח הטעות או החלק המבוקש דורשים כמות כזו.",
    ),
    "The margin alone needs %(corrected)s members, but you asked for a share of the audience: "
    "%(floor)s.": (
        "حاشیهٔ خطا به‌تنهایی %(corrected)s عضو لازم دارد، ولی شما سهمی از مخاطبان خواستید: "
        "%(floor)s.",
        "טווח הטעות לבדו דורש %(corrected)s חברים, אך ביקשתם חלק מהקהל: %(floor)s.",
    ),
    "For the margin asked, a very large audience needs %(unlimited)s answers (n₀ = z²·¼ / e²); "
    "an audience of %(population)s needs %(corrected)s (the finite-population correction).": (
        "برای این حاشیهٔ خطا، مخاطبانی بسیار بزرگ %(unlimited)s پاسخ لازم دارند "
        "(n₀ = z²·¼ / e²)؛ مخاطبانی به اندازهٔ %(population)s عضو %(corrected)s پاسخ "
        "(تصحیح جامعهٔ محدود).",
        "לטווח הטעות המבוקש, קהל גדול מאוד דורש %(unlimited)s תשובות (n₀ = z²·¼ / e²); קהל "
        "של %(population)s דורש %(corrected)s (תיקון לאוכלוסייה סופית).",
    ),
    "±%(margin)s at %(confidence)s confidence": (
        "±%(margin)s با اطمینان %(confidence)s",
        "‎±%(margin)s ברמת ביטחון %(confidence)s",
    ),
    "at least %(share)s of the audience": ("دست‌کم %(share)s از مخاطبان", "לפחות %(share)s מהקהל"),
    "The sample needs a valid audience and precision:": (
        "نمونه به مخاطبان و دقت معتبر نیاز دارد:",
        "המדגם צריך קהל ודיוק תקינים:",
    ),
    # --- surveys: the list, a survey, results ----------------------------------------------------
    "A survey is texted to a random sample of its audience, large enough for the precision you "
    "ask for; each member gets a link that works once.": (
        "نظرسنجی با پیامک برای نمونه‌ای تصادفی از مخاطبانش فرستاده می‌شود که برای دقتی که "
        "می‌خواهید بس است؛ هر عضو پیوندی می‌گیرد که یک بار کار می‌کند.",
        "הסקר נשלח במסרון למדגם אקראי מהקהל שלו, גדול מספיק לדיוק שביקשתם; כל חבר מקבל "
        "קישור שעובד פעם אחת.",
    ),
    "Questions": ("پرسش‌ها", "שאלות"),
    "Sent": ("فرستاده شد", "נשלח"),
    "Asked": ("پرسیده‌شده", "נשאלו"),
    "Answered": ("پاسخ‌داده", "ענו"),
    "No surveys yet.": ("هنوز نظرسنجی‌ای نیست.", "עדיין אין סקרים."),
    "optional": ("اختیاری", "רשות"),
    "The sample sent": ("نمونهٔ فرستاده‌شده", "המדגם שנשלח"),
    "The sample if sent now": ("نمونه اگر همین حالا فرستاده شود", "המדגם אם יישלח עכשיו"),
    "Text the survey to %(size)s members now?": (
        "نظرسنجی همین حالا برای %(size)s عضو پیامک شود؟",
        "לשלוח את הסקר במסרון ל־%(size)s חברים עכשיו?",
    ),
    "Send to %(size)s members": ("فرستادن برای %(size)s عضو", "שליחה ל־%(size)s חברים"),
    "Sent %(when)s.": ("فرستاده شد: %(when)s.", "נשלח %(when)s."),
    "The sample can be drawn again from its seed %(seed)s.": (
        "نمونه را می‌توان با بذر %(seed)s دوباره برگزید.",
        "אפשר לשלוף את המדגם שוב מהזרע שלו %(seed)s.",
    ),
    "The survey is sent to %(sample)s of %(population)s members.": (
        "نظرسنجی برای %(sample)s از %(population)s عضو فرستاده شد.",
        "הסקר נשלח ל־%(sample)s מתוך %(population)s חברים.",
    ),
    "Results": ("نتیجه‌ها", "תוצאות"),
    "asked": ("پرسیده شدند", "נשאלו"),
    "answered": ("پاسخ دادند", "ענו"),
    "response rate": ("نرخ پاسخ", "שיעור מענה"),
    "Ranges are %(confidence)s%% confidence intervals: with few answers they are wide, and "
    "below about 30 answers they are rough.": (
        "بازه‌ها فاصله‌های اطمینان %(confidence)s%% هستند: با پاسخ‌های کم پهن‌اند و زیر حدود "
        "۳۰ پاسخ تقریبی.",
        "הטווחים הם רווחי סמך של %(confidence)s%%: עם מעט תשובות הם רחבים, ומתחת לכ־30 "
        "תשובות הם גסים.",
    ),
    "%(count)s answers": ("%(count)s پاسخ", "%(count)s תשובות"),
    "NPS %(score)s (from %(low)s to %(high)s)": (
        "NPS ‏%(score)s (از %(low)s تا %(high)s)",
        "NPS ‏%(score)s (בין %(low)s ל־%(high)s)",
    ),
    "%(score)s of 5 (from %(low)s to %(high)s)": (
        "%(score)s از ۵ (از %(low)s تا %(high)s)",
        "%(score)s מתוך 5 (בין %(low)s ל־%(high)s)",
    ),
    "No answers yet.": ("هنوز پاسخی نیست.", "עדיין אין תשובות."),
    "By tier": ("بر پایهٔ سطح", "לפי רמה"),
    "By home branch": ("بر پایهٔ شعبهٔ اصلی", "לפי סניף הבית"),
    "Group": ("گروه", "קבוצה"),
    "Response rate": ("نرخ پاسخ", "שיעור מענה"),
    "NPS": ("NPS", "NPS"),
    "Satisfaction": ("رضایت", "שביעות רצון"),
    "Nobody was asked.": ("از کسی پرسیده نشد.", "איש לא נשאל."),
    # --- contacts -------------------------------------------------------------------------------
    "Are members' contact details still good?": (
        "آیا اطلاعات تماس اعضا هنوز درست است؟",
        "האם פרטי הקשר של החברים עדיין תקפים?",
    ),
    "Active members' mobile numbers and emails by when they were last known to work, as of "
    "%(when)s. A contact counts as verified when the member joined until they confirm it "
    "again; members are asked to confirm after %(days)s days. Stale contacts failed for good "
    "(a bounce, a number out of service).": (
        "شماره‌های موبایل و ایمیل‌های اعضای فعال بر پایهٔ آخرین باری که معلوم شد کار می‌کنند، "
        "تا %(when)s. هر اطلاعات تماس از زمان عضویت تأییدشده به شمار می‌آید تا عضو دوباره "
        "تأییدش کند؛ پس از %(days)s روز از اعضا خواسته می‌شود تأیید کنند. اطلاعات از کار "
        "افتاده برای همیشه ناموفق بوده‌اند (ایمیل برگشتی، شماره‌ای که از دور خارج شده).",
        "מספרי הנייד והדוא״ל של חברים פעילים לפי הפעם האחרונה שנודע שהם עובדים, נכון ל־"
        "%(when)s. פרט קשר נחשב מאומת ממועד ההצטרפות ועד שהחבר יאשר אותו שוב; חברים "
        "מתבקשים לאשר אחרי %(days)s ימים. פרטים לא תקפים נכשלו לצמיתות (דוא״ל שחזר, מספר "
        "שאינו בשירות).",
    ),
    "Contact": ("راه تماس", "פרט קשר"),
    "The same report on the command line:": ("همین گزارش در خط فرمان:", "אותו דוח בשורת הפקודה:"),
    "verified within a year": ("تأیید در یک سال اخیر", "אומת בשנה האחרונה"),
    "1 to 2 years ago": ("۱ تا ۲ سال پیش", "לפני 1 עד 2 שנים"),
    "2 to 3 years ago": ("۲ تا ۳ سال پیش", "לפני 2 עד 3 שנים"),
    "over 3 years ago": ("بیش از ۳ سال پیش", "לפני יותר מ־3 שנים"),
    "not working (stale)": ("از کار افتاده", "לא תקף"),
}
