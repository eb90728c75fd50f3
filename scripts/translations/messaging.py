"""Persian and Hebrew for messaging: compliance lines, outbox statuses and errors, the
re-verification email and the unsubscribe page."""

T: dict[str, tuple[str, str]] = {
    # compliance text
    "To stop these messages, reply %(keyword)s": (
        "برای لغو دریافت این پیام‌ها، %(keyword)s را بفرستید",
        "להסרה מרשימת התפוצה השיבו %(keyword)s",
    ),
    "You receive this email because you agreed to hear from %(club)s. To stop, open %(link)s": (
        "این ایمیل را دریافت می‌کنید چون با دریافت پیام از %(club)s موافقت کرده‌اید. "
        "برای لغو، این نشانی را باز کنید: %(link)s",
        "קיבלתם הודעה זו כי הסכמתם לקבל דיוור מ־%(club)s. להסרה, פתחו את %(link)s",
    ),
    # drafts
    "Choose service or marketing.": (
        "خدماتی یا تبلیغاتی را انتخاب کنید.",
        "בחרו שירות או שיווק.",
    ),
    "Give the phone number in international form, starting with +.": (
        "شماره تلفن را به شکل بین‌المللی و با + در ابتدا بنویسید.",
        "הזינו את מספר הטלפון בפורמט בינלאומי, שמתחיל ב־+.",
    ),
    "Give a valid email address.": ("یک نشانی ایمیل معتبر بنویسید.", "הזינו כתובת דוא״ל תקינה."),
    "The message is empty.": ("متن پیام خالی است.", "ההודעה ריקה."),
    "The subject is too long (at most 200 characters).": (
        "موضوع بیش از حد طولانی است (حداکثر ۲۰۰ نویسه).",
        "הנושא ארוך מדי (עד 200 תווים).",
    ),
    "Name the message with a key of at most 150 characters.": (
        "برای پیام کلیدی با حداکثر ۱۵۰ نویسه تعیین کنید.",
        "תנו להודעה מפתח של עד 150 תווים.",
    ),
    "Choose a language.": ("یک زبان انتخاب کنید.", "בחרו שפה."),
    # purposes and statuses of a message
    "service": ("خدماتی", "שירות"),
    "marketing": ("تبلیغاتی", "שיווקי"),
    "queued": ("در صف", "בתור"),
    "sending": ("در حال ارسال", "בשליחה"),
    "failed": ("ناموفق", "נכשלה"),
    "not sent": ("ارسال نشد", "לא נשלחה"),
    "bounced": ("برگشت خورد", "הוחזרה"),
    # unsubscribe
    "This unsubscribe link is not valid.": (
        "این پیوند لغو اشتراک معتبر نیست.",
        "קישור ההסרה הזה אינו תקף.",
    ),
    "Unsubscribe": ("لغو اشتراک", "הסרה מרשימת התפוצה"),
    'Stop offers by email from %(club)s to <bdi dir="ltr">%(email)s</bdi>?': (
        'ارسال پیشنهادهای %(club)s به <bdi dir="ltr">%(email)s</bdi> با ایمیل متوقف شود؟',
        'להפסיק לשלוח הצעות בדוא״ל מ־%(club)s אל <bdi dir="ltr">%(email)s</bdi>?',
    ),
    "You will receive no more offers by email from %(club)s. Emails you need, such as "
    "confirmations, still arrive.": (
        "از این پس پیشنهادهای %(club)s را با ایمیل دریافت نمی‌کنید. ایمیل‌های ضروری، مانند "
        "تأییدها، همچنان می‌رسند.",
        "לא תקבלו עוד הצעות בדוא״ל מ־%(club)s. הודעות שאתם צריכים, כמו אישורים, ימשיכו להגיע.",
    ),
    "Changed your mind? You can choose again on your profile page.": (
        "نظرتان عوض شد؟ می‌توانید دوباره در صفحهٔ نمایه انتخاب کنید.",
        "שיניתם את דעתכם? אפשר לבחור מחדש בדף הפרופיל.",
    ),
    # the re-verification email
    "Confirm your email address for %(club)s": (
        "نشانی ایمیل خود را در %(club)s تأیید کنید",
        "אשרו את כתובת הדוא״ל שלכם ב־%(club)s",
    ),
    "Hello,\n\nPlease confirm that %(email)s is your email address at %(club)s by opening this "
    "link:\n%(link)s\n\nThe link works until %(date)s. If you did not expect this email, you "
    "can ignore it.": (
        "سلام،\n\nلطفاً با باز کردن این پیوند تأیید کنید که %(email)s نشانی ایمیل شما در "
        "%(club)s است:\n%(link)s\n\nاین پیوند تا %(date)s معتبر است. اگر منتظر این ایمیل "
        "نبودید، می‌توانید آن را نادیده بگیرید.",
        "שלום,\n\nאנא אשרו ש־%(email)s היא כתובת הדוא״ל שלכם ב־%(club)s על ידי פתיחת הקישור "
        "הזה:\n%(link)s\n\nהקישור תקף עד %(date)s. אם לא ציפיתם להודעה זו, אפשר להתעלם ממנה.",
    ),
    # the page behind the link
    "Confirm your email address": ("تأیید نشانی ایمیل", "אישור כתובת הדוא״ל"),
    "Thank you: your email address is confirmed.": (
        "سپاسگزاریم: نشانی ایمیل شما تأیید شد.",
        "תודה: כתובת הדוא״ל שלכם אושרה.",
    ),
}
