"""Persian and Hebrew for webhooks (subscriptions, deliveries, their API errors and admin)."""

T: dict[str, tuple[str, str]] = {
    "Enter the full address of your endpoint, starting with https://.": (
        "نشانی کامل نقطهٔ دریافت خود را بنویسید که با https:// شروع شود.",
        "הזינו את הכתובת המלאה של נקודת הקצה שלכם, שמתחילה ב־https://.",
    ),
    "Webhook addresses must use https://.": (
        "نشانی وب‌هوک باید با https:// باشد.",
        "כתובות Webhook חייבות להשתמש ב־https://.",
    ),
    "Webhook addresses must be reachable on the internet, not on this machine or a private "
    "network.": (
        "نشانی وب‌هوک باید از اینترنت در دسترس باشد، نه روی همین سرور یا یک شبکهٔ خصوصی.",
        "כתובות Webhook חייבות להיות נגישות מהאינטרנט, לא במחשב הזה או ברשת פרטית.",
    ),
    'Choose at least one event type, or "*" for all of them.': (
        "دست‌کم یک نوع رویداد را انتخاب کنید، یا «*» را برای همهٔ آن‌ها.",
        'בחרו לפחות סוג אירוע אחד, או "*" עבור כולם.',
    ),
    "Some of these event types do not exist; the list of event types is in the API "
    "documentation.": (
        "برخی از این انواع رویداد وجود ندارند؛ فهرست انواع رویداد در مستندات API آمده است.",
        "חלק מסוגי האירועים האלה אינם קיימים; רשימת סוגי האירועים נמצאת בתיעוד ה־API.",
    ),
    "Keep the description to 200 characters or fewer.": (
        "توضیح را حداکثر در ۲۰۰ نویسه بنویسید.",
        "הגבילו את התיאור ל־200 תווים לכל היותר.",
    ),
    "The previous secret can be kept for 0 to 168 hours.": (
        "رمز قبلی را می‌توان از ۰ تا ۱۶۸ ساعت نگه داشت.",
        "ניתן להשאיר את הסוד הקודם בתוקף בין 0 ל־168 שעות.",
    ),
    "There is no webhook subscription with this id.": (
        "اشتراک وب‌هوکی با این شناسه وجود ندارد.",
        "אין מינוי Webhook עם המזהה הזה.",
    ),
    "There is no webhook delivery with this id.": (
        "ارسال وب‌هوکی با این شناسه وجود ندارد.",
        "אין משלוח Webhook עם המזהה הזה.",
    ),
    "This subscription is turned off; turn it on before redelivering.": (
        "این اشتراک خاموش است؛ پیش از ارسال دوباره آن را روشن کنید.",
        "המינוי הזה כבוי; הפעילו אותו לפני שליחה חוזרת.",
    ),
    "deliveries kept failing": ("ارسال‌ها پیاپی ناموفق بودند", "המשלוחים נכשלו שוב ושוב"),
    "turned off by staff": ("خاموش‌شده توسط کارکنان", "כובה על ידי הצוות"),
    "Only events of this branch (their payload names its store).": (
        "فقط رویدادهای این شعبه (رویدادهایی که فروشگاه آن را نام می‌برند).",
        "רק אירועים של הסניף הזה (אירועים שמציינים את החנות שלו).",
    ),
    "waiting to be sent": ("در انتظار ارسال", "ממתין לשליחה"),
    "delivered": ("تحویل شد", "נמסר"),
    "failed, no more retries": ("ناموفق، بدون تلاش دوباره", "נכשל, ללא ניסיונות נוספים"),
    "Signing secret (shown once, copy it now): %(secret)s": (
        "رمز امضا (فقط همین یک بار نمایش داده می‌شود؛ اکنون رونوشت بگیرید): %(secret)s",
        "סוד החתימה (מוצג פעם אחת בלבד, העתיקו אותו עכשיו): %(secret)s",
    ),
    "Rotate the signing secret (the old one works 24 more hours)": (
        "تعویض رمز امضا (رمز قبلی تا ۲۴ ساعت دیگر هم کار می‌کند)",
        "החלפת סוד החתימה (הישן ממשיך לפעול עוד 24 שעות)",
    ),
    "New signing secret for %(url)s (shown once): %(secret)s": (
        "رمز امضای تازه برای %(url)s (فقط یک بار نمایش داده می‌شود): %(secret)s",
        "סוד חתימה חדש עבור %(url)s (מוצג פעם אחת בלבד): %(secret)s",
    ),
    "Send again (same delivery id)": (
        "ارسال دوباره (با همان شناسهٔ ارسال)",
        "שליחה חוזרת (אותו מזהה משלוח)",
    ),
}
