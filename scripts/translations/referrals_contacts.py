"""Persian and Hebrew for referrals (invitation codes and rewards) and contact re-verification."""

T: dict[str, tuple[str, str]] = {
    # referrals
    "joined, no qualifying purchase yet": (
        "عضو شده، هنوز خرید واجد شرایط نداشته",
        "הצטרף, עדיין ללא רכישה מזכה",
    ),
    "rewarded": ("پاداش داده شد", "קיבל תגמול"),
    "not rewarded": ("پاداشی داده نشد", "לא ניתן תגמול"),
    "reward taken back": ("پاداش پس گرفته شد", "התגמול בוטל"),
    "this number was a club member before": (
        "این شماره پیش‌تر عضو باشگاه بوده است",
        "המספר הזה כבר היה חבר במועדון בעבר",
    ),
    "a member cannot refer themselves": (
        "عضو نمی‌تواند خودش را معرفی کند",
        "חבר אינו יכול להזמין את עצמו",
    ),
    "the referrer reached the limit of rewarded referrals": (
        "معرف به سقف معرفی‌های پاداش‌دار رسیده است",
        "הממליץ הגיע למגבלת ההזמנות המתוגמלות",
    ),
    "the referral program is not running": (
        "طرح معرفی دوستان فعال نیست",
        "תוכנית חבר מביא חבר אינה פעילה",
    ),
    "the referrer has left the club": (
        "معرف از باشگاه خارج شده است",
        "הממליץ עזב את המועדון",
    ),
    "the qualifying purchase was returned": (
        "خرید واجد شرایط مرجوع شد",
        "הרכישה המזכה הוחזרה",
    ),
    "This invitation code is mistyped; check it and try again.": (
        "کد دعوت اشتباه وارد شده است؛ آن را بررسی کنید و دوباره امتحان کنید.",
        "קוד ההזמנה הוקלד בטעות; בדקו אותו ונסו שוב.",
    ),
    "No club member has this invitation code.": (
        "هیچ عضوی از باشگاه این کد دعوت را ندارد.",
        "לאף חבר מועדון אין את קוד ההזמנה הזה.",
    ),
    "You cannot use your own invitation code.": (
        "نمی‌توانید از کد دعوت خودتان استفاده کنید.",
        "אי אפשר להשתמש בקוד ההזמנה של עצמכם.",
    ),
    "Must be a whole number, zero or more.": (
        "باید عددی صحیح، صفر یا بیشتر باشد.",
        "חייב להיות מספר שלם, אפס ומעלה.",
    ),
    "Must be at least one day.": ("باید دست‌کم یک روز باشد.", "חייב להיות לפחות יום אחד."),
    "For inviting a friend who made their first purchase": (
        "برای دعوت از دوستی که نخستین خریدش را انجام داد",
        "על הזמנת חבר שביצע את הרכישה הראשונה שלו",
    ),
    "Welcome gift for joining with a friend's invitation": (
        "هدیهٔ خوش‌آمد برای عضویت با دعوت یک دوست",
        "מתנת ברוכים הבאים על הצטרפות בהזמנת חבר",
    ),
    # contacts
    "mobile number": ("شمارهٔ موبایل", "מספר נייד"),
    "email": ("ایمیل", "דוא״ל"),
    "There is no such contact to verify.": (
        "چنین راه تماسی برای تأیید وجود ندارد.",
        "אין פרט קשר כזה לאימות.",
    ),
    "This confirmation link is not valid or has expired; ask for a new one.": (
        "این پیوند تأیید معتبر نیست یا منقضی شده است؛ پیوند تازه‌ای بخواهید.",
        "קישור האימות הזה אינו תקף או שפג תוקפו; בקשו קישור חדש.",
    ),
    "Choose phone or email.": ("تلفن یا ایمیل را انتخاب کنید.", "בחרו טלפון או דוא״ל."),
    "Say why, in at most 64 characters.": (
        "دلیل را در حداکثر ۶۴ نویسه بنویسید.",
        "ציינו את הסיבה, עד 64 תווים.",
    ),
}
