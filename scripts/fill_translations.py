"""Fill fa and he catalogs from the table below (msgid -> (fa, he)). Run after `make messages`
when new strings appear; the .po files remain the source of truth for translators."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parent.parent / "src" / "bashgah" / "locale"

T: dict[str, tuple[str, str]] = {
    "Some of the data is not valid.": ("بخشی از اطلاعات درست نیست.", "חלק מהנתונים אינם תקינים."),
    "A valid API key is required.": ("کلید API معتبر لازم است.", "נדרש מפתח API תקף."),
    "Not found.": ("پیدا نشد.", "לא נמצא."),
    "Send an Idempotency-Key header with every write.": (
        "با هر درخواست ثبت، سرآیند Idempotency-Key را بفرستید.",
        "יש לשלוח כותרת Idempotency-Key עם כל פעולת כתיבה.",
    ),
    "This Idempotency-Key was already used for a different request.": (
        "این Idempotency-Key قبلاً برای درخواست دیگری به کار رفته است.",
        "מפתח Idempotency-Key זה כבר שימש לבקשה אחרת.",
    ),
    "point of sale: members, purchases, returns": (
        "صندوق فروش: اعضا، خریدها، مرجوعی‌ها",
        "קופה: חברים, רכישות, החזרות",
    ),
    "staff: also manual adjustments": (
        "کارکنان: همچنین اصلاح دستی امتیاز",
        "צוות: כולל תיקונים ידניים",
    ),
    "You are in the highest tier.": ("شما در بالاترین سطح هستید.", "אתם ברמה הגבוהה ביותר."),
    "%(points)s points": ("%(points)s امتیاز", "%(points)s נקודות"),
    "Spend %(amount)s more by %(date)s to reach %(tier)s.": (
        "تا %(date)s به اندازهٔ %(amount)s دیگر خرید کنید تا به سطح %(tier)s برسید.",
        "קנו ב־%(amount)s נוספים עד %(date)s כדי להגיע לרמת %(tier)s.",
    ),
    "There is no purchase with this id from your store.": (
        "خریدی با این شناسه از فروشگاه شما ثبت نشده است.",
        "אין רכישה עם מזהה זה מהחנות שלכם.",
    ),
    "This is not a valid date.": ("این تاریخ درست نیست.", "זה אינו תאריך תקין."),
    "The request could not be completed.": ("درخواست انجام نشد.", "לא ניתן היה להשלים את הבקשה."),
    "This conflicts with the current state.": (
        "این با وضعیت فعلی تعارض دارد.",
        "הדבר סותר את המצב הנוכחי.",
    ),
    "Not enough points.": ("امتیاز کافی نیست.", "אין מספיק נקודות."),
    "You are not allowed to do this.": (
        "شما اجازهٔ این کار را ندارید.",
        "אין לכם הרשאה לבצע פעולה זו.",
    ),
    "This is not a valid mobile number.": (
        "این شمارهٔ موبایل درست نیست.",
        "זה אינו מספר טלפון נייד תקין.",
    ),
    "Mobile numbers from this country are not supported.": (
        "شماره‌های موبایل این کشور پشتیبانی نمی‌شوند.",
        "מספרי נייד ממדינה זו אינם נתמכים.",
    ),
    "member points": ("امتیاز عضو", "נקודות החבר"),
    "member points debt": ("بدهی امتیاز عضو", "חוב נקודות של החבר"),
    "system": ("سامانه", "מערכת"),
    "points earned": ("امتیاز کسب‌شده", "נקודות שנצברו"),
    "bonus points": ("امتیاز هدیه", "נקודות בונוס"),
    "points reversed for a return": ("امتیاز برگشتی بابت مرجوعی", "נקודות שבוטלו בגלל החזרה"),
    "points spent": ("امتیاز خرج‌شده", "נקודות שמומשו"),
    "points expired": ("امتیاز منقضی‌شده", "נקודות שפגו"),
    "adjustment by staff": ("اصلاح توسط کارکنان", "תיקון על ידי הצוות"),
    "Points must be a positive whole number.": (
        "امتیاز باید عددی صحیح و مثبت باشد.",
        "הנקודות חייבות להיות מספר שלם חיובי.",
    ),
    "Say why the points are being adjusted.": (
        "دلیل اصلاح امتیاز را بنویسید.",
        "ציינו מדוע הנקודות מתוקנות.",
    ),
    "Points must be a whole number other than zero.": (
        "امتیاز باید عددی صحیح و غیر از صفر باشد.",
        "הנקודות חייבות להיות מספר שלם שונה מאפס.",
    ),
    "active": ("فعال", "פעיל"),
    "left the club": ("از باشگاه خارج شده", "עזב את המועדון"),
    "female": ("زن", "אישה"),
    "male": ("مرد", "גבר"),
    "other": ("دیگر", "אחר"),
    "not given": ("اعلام نشده", "לא צוין"),
    "mobile number": ("شمارهٔ موبایل", "מספר נייד"),
    "first name": ("نام", "שם פרטי"),
    "last name": ("نام خانوادگی", "שם משפחה"),
    "email": ("ایمیل", 'דוא"ל'),
    "birth date": ("تاریخ تولد", "תאריך לידה"),
    "gender": ("جنسیت", "מגדר"),
    "city": ("شهر", "עיר"),
    "language": ("زبان", "שפה"),
    "No club member matches this.": (
        "هیچ عضوی از باشگاه با این مشخصات پیدا نشد.",
        "לא נמצא חבר מועדון התואם לכך.",
    ),
    "This mobile number already belongs to a club member.": (
        "این شمارهٔ موبایل قبلاً در باشگاه عضو شده است.",
        "מספר נייד זה כבר שייך לחבר מועדון.",
    ),
    "This member has left the club.": ("این عضو از باشگاه خارج شده است.", "חבר זה עזב את המועדון."),
    "At most 80 characters.": ("حداکثر ۸۰ نویسه.", "לכל היותר 80 תווים."),
    "This is not a valid email address.": (
        "این نشانی ایمیل درست نیست.",
        'זו אינה כתובת דוא"ל תקינה.',
    ),
    "Choose female, male, other or leave it empty.": (
        "زن، مرد یا دیگر را انتخاب کنید یا خالی بگذارید.",
        "בחרו אישה, גבר, אחר או השאירו ריק.",
    ),
    "Choose fa, he or en.": ("fa، he یا en را انتخاب کنید.", "בחרו fa,‏ he או en."),
    "This birth date is not possible.": ("این تاریخ تولد ممکن نیست.", "תאריך לידה זה אינו אפשרי."),
    "Unknown field.": ("فیلد ناشناخته.", "שדה לא מוכר."),
    "This purchase id was already recorded with different details.": (
        "این شناسهٔ خرید قبلاً با جزئیات دیگری ثبت شده است.",
        "מזהה רכישה זה כבר נרשם עם פרטים אחרים.",
    ),
    "Give the purchase id from the till (at most 64 characters).": (
        "شناسهٔ خرید صندوق را وارد کنید (حداکثر ۶۴ نویسه).",
        "ציינו את מזהה הרכישה מהקופה (עד 64 תווים).",
    ),
    "A purchase needs at least one line.": (
        "خرید باید دست‌کم یک قلم داشته باشد.",
        "רכישה צריכה לפחות שורה אחת.",
    ),
    "A purchase can have at most %(count)d lines.": (
        "یک خرید حداکثر %(count)d قلم می‌تواند داشته باشد.",
        "רכישה יכולה לכלול לכל היותר %(count)d שורות.",
    ),
    "Each line needs a SKU (at most 64 characters).": (
        "هر قلم به کد کالا نیاز دارد (حداکثر ۶۴ نویسه).",
        'כל שורה צריכה מק"ט (עד 64 תווים).',
    ),
    "A category has at most 64 characters.": (
        "دسته حداکثر ۶۴ نویسه است.",
        "קטגוריה היא עד 64 תווים.",
    ),
    "Quantity must be a whole number above zero.": (
        "تعداد باید عددی صحیح و بیشتر از صفر باشد.",
        "הכמות חייבת להיות מספר שלם גדול מאפס.",
    ),
    "Unit price must be a whole number of minor units, zero or more.": (
        "قیمت واحد باید عددی صحیح (به کوچک‌ترین واحد پول)، صفر یا بیشتر باشد.",
        "מחיר היחידה חייב להיות מספר שלם ביחידות המטבע הקטנות, אפס או יותר.",
    ),
    "The total must be a whole number of minor units, zero or more.": (
        "جمع کل باید عددی صحیح (به کوچک‌ترین واحد پول)، صفر یا بیشتر باشد.",
        "הסכום הכולל חייב להיות מספר שלם ביחידות המטבע הקטנות, אפס או יותר.",
    ),
    "The total %(total)d does not match the lines, which add up to %(sum)d.": (
        "جمع کل %(total)d با اقلام خرید که جمعشان %(sum)d است نمی‌خواند.",
        "הסכום %(total)d אינו תואם את השורות, שסכומן %(sum)d.",
    ),
    "This club works in %(currency)s.": (
        "واحد پول این باشگاه %(currency)s است.",
        "המועדון עובד ב־%(currency)s.",
    ),
    "Give the time with its time zone.": (
        "زمان را همراه با منطقهٔ زمانی بدهید.",
        "ציינו את השעה עם אזור הזמן.",
    ),
    "The purchase time is in the future.": ("زمان خرید در آینده است.", "זמן הרכישה הוא בעתיד."),
    "The purchase has errors; nothing was recorded.": (
        "خرید خطا دارد؛ چیزی ثبت نشد.",
        "ברכישה יש שגיאות; דבר לא נרשם.",
    ),
    "This return id was already recorded with different details.": (
        "این شناسهٔ مرجوعی قبلاً با جزئیات دیگری ثبت شده است.",
        "מזהה החזרה זה כבר נרשם עם פרטים אחרים.",
    ),
    "Everything in this purchase has already been returned.": (
        "همهٔ اقلام این خرید قبلاً مرجوع شده‌اند.",
        "כל פריטי הרכישה הזו כבר הוחזרו.",
    ),
    "The purchase has no line %(line)d.": (
        "این خرید قلم شمارهٔ %(line)d ندارد.",
        "ברכישה אין שורה %(line)d.",
    ),
    "Only %(left)d of this line can still be returned.": (
        "از این قلم فقط %(left)d عدد قابل مرجوع کردن است.",
        "ניתן להחזיר עוד רק %(left)d מהשורה הזו.",
    ),
    "The return has errors; nothing was recorded.": (
        "مرجوعی خطا دارد؛ چیزی ثبت نشد.",
        "בהחזרה יש שגיאות; דבר לא נרשם.",
    ),
    "Give the return id (at most 64 characters).": (
        "شناسهٔ مرجوعی را وارد کنید (حداکثر ۶۴ نویسه).",
        "ציינו את מזהה ההחזרה (עד 64 תווים).",
    ),
    "%(points)s points for every %(amount)s spent": (
        "%(points)s امتیاز به ازای هر %(amount)s خرید",
        "%(points)s נקודות על כל %(amount)s",
    ),
    "%(multiplier)s× points for %(tier)s members": (
        "%(multiplier)s برابر امتیاز برای اعضای سطح %(tier)s",
        "פי %(multiplier)s נקודות לחברי רמת %(tier)s",
    ),
    "%(multiplier)s× points for %(tier)s members: %(label)s": (
        "%(multiplier)s برابر امتیاز برای اعضای سطح %(tier)s: %(label)s",
        "פי %(multiplier)s נקודות לחברי רמת %(tier)s: %(label)s",
    ),
    "%(multiplier)s× points for buying %(label)s": (
        "%(multiplier)s برابر امتیاز برای خرید %(label)s",
        "פי %(multiplier)s נקודות על קניית %(label)s",
    ),
    "%(multiplier)s× points: %(label)s": (
        "%(multiplier)s برابر امتیاز: %(label)s",
        "פי %(multiplier)s נקודות: %(label)s",
    ),
    "Bonus points for buying %(label)s": (
        "امتیاز هدیه برای خرید %(label)s",
        "נקודות בונוס על קניית %(label)s",
    ),
    "Bonus for a basket of %(amount)s or more": (
        "هدیهٔ خرید %(amount)s یا بیشتر",
        "בונוס על סל של %(amount)s ומעלה",
    ),
    "Bonus for your visit number %(visit)s": (
        "هدیهٔ مراجعهٔ شمارهٔ %(visit)s شما",
        "בונוס על ביקור מספר %(visit)s שלכם",
    ),
    "Welcome bonus for your first purchase": (
        "هدیهٔ نخستین خرید شما",
        "בונוס ברוכים הבאים על הרכישה הראשונה",
    ),
    "Happy birthday! Your birthday bonus": (
        "تولدتان مبارک! امتیاز هدیهٔ تولد",
        "יום הולדת שמח! בונוס יום ההולדת שלכם",
    ),
    "Welcome bonus for joining the club": (
        "هدیهٔ عضویت در باشگاه",
        "בונוס ברוכים הבאים על ההצטרפות למועדון",
    ),
    "Adjustment by the club: %(reason)s": (
        "اصلاح توسط باشگاه: %(reason)s",
        "תיקון על ידי המועדון: %(reason)s",
    ),
    "Points that expired on %(date)s": (
        "امتیازهایی که در %(date)s منقضی شدند",
        "נקודות שפגו ב־%(date)s",
    ),
    "Points taken back for items returned from purchase %(purchase)s": (
        "امتیاز برگشتی بابت کالاهای مرجوعی از خرید %(purchase)s",
        "נקודות שבוטלו על פריטים שהוחזרו מרכישה %(purchase)s",
    ),
    "%(points)s points were already spent, so they are owed and will be settled from your "
    "next points": (
        "%(points)s امتیاز قبلاً خرج شده بود؛ این مقدار بدهی شما ثبت شد و از امتیازهای بعدی "
        "کسر می‌شود",
        "%(points)s נקודות כבר מומשו, ולכן הן רשומות כחוב שיקוזז מהנקודות הבאות שלכם",
    ),
    "%(points)s points settled points owed from an earlier return": (
        "%(points)s امتیاز بابت بدهی مرجوعی قبلی کسر شد",
        "%(points)s נקודות קיזזו חוב מהחזרה קודמת",
    ),
    "daily": ("روزانه", "היומית"),
    "monthly": ("ماهانه", "החודשית"),
    "(limited by the %(period)s cap of %(cap)s points)": (
        "(با سقف %(period)s %(cap)s امتیاز محدود شد)",
        "(הוגבל לפי התקרה %(period)s של %(cap)s נקודות)",
    ),
    "draft": ("پیش‌نویس", "טיוטה"),
    "paused": ("متوقف", "מושהה"),
    "archived": ("بایگانی‌شده", "בארכיון"),
    "name": ("نام", "שם"),
    "Choose one of: %(types)s.": (
        "یکی از این‌ها را انتخاب کنید: %(types)s.",
        "בחרו אחד מאלה: %(types)s.",
    ),
    "Give the rule a name.": ("برای قانون نامی بگذارید.", "תנו לכלל שם."),
    "The end must come after the start.": (
        "پایان باید بعد از شروع باشد.",
        "הסיום חייב להיות אחרי ההתחלה.",
    ),
    "A cap is a positive whole number of points.": (
        "سقف باید عددی صحیح و مثبت از امتیاز باشد.",
        "תקרה היא מספר שלם חיובי של נקודות.",
    ),
    "List the tier codes this rule is for.": (
        "کد سطح‌هایی را که این قانون برایشان است بنویسید.",
        "פרטו את קודי הרמות שהכלל מיועד להן.",
    ),
    "The rule has errors; fix them and try again.": (
        "قانون خطا دارد؛ آن‌ها را اصلاح کنید و دوباره امتحان کنید.",
        "בכלל יש שגיאות; תקנו אותן ונסו שוב.",
    ),
    "This rule has already ended.": ("دورهٔ این قانون تمام شده است.", "תוקף הכלל הזה כבר הסתיים."),
    "Persian": ("فارسی", "פרסית"),
    "Hebrew": ("عبری", "עברית"),
    "English": ("انگلیسی", "אנגלית"),
    "There is no such store.": ("چنین فروشگاهی وجود ندارد.", "אין חנות כזו."),
    "spend": ("مبلغ خرید", "סכום קנייה"),
    "tier-qualifying points": ("امتیاز سطح", "נקודות מזכות רמה"),
    "joined": ("عضویت", "הצטרפות"),
    "upgrade": ("ارتقا", "שדרוג"),
    "downgrade at review": ("کاهش سطح در بازبینی", "הורדת רמה בבדיקה"),
    "granted by staff": ("اعطا توسط کارکنان", "הוענק על ידי הצוות"),
    "granted tier ended": ("پایان سطح اعطایی", "תוקף הרמה שהוענקה הסתיים"),
    "The end date must be in the future.": (
        "تاریخ پایان باید در آینده باشد.",
        "תאריך הסיום חייב להיות בעתיד.",
    ),
    "Say why the tier is granted.": ("دلیل اعطای سطح را بنویسید.", "ציינו מדוע הרמה מוענקת."),
    "Toman": ("تومان", "תומאן"),
    "Rial": ("ریال", "ריאל"),
}
T.update(
    {
        "This database already holds a club, so the demo was not loaded into it. Start the demo on "
        "an empty database: bashgah demo --reset": (
            "این پایگاه داده از قبل باشگاهی دارد، پس نمونه در آن بارگذاری نشد. نمونه را روی پایگاه "
            "دادهٔ خالی اجرا کنید: bashgah demo --reset",
            "במסד הנתונים כבר יש מועדון, ולכן ההדגמה לא נטענה אליו. הפעילו את ההדגמה על מסד נתונים "
            "ריק: bashgah demo --reset",
        ),
        "Only a plain debit can be restored.": (
            "فقط یک برداشت سادهٔ امتیاز قابل بازگرداندن است.",
            "ניתן לשחזר רק חיוב פשוט.",
        ),
        "The header row must name the columns %(required)s; missing: %(missing)s.": (
            "سطر عنوان باید ستون‌های %(required)s را داشته باشد؛ ستون‌های جاافتاده: %(missing)s.",
            "שורת הכותרת חייבת לכלול את העמודות %(required)s; חסרות: %(missing)s.",
        ),
        "The header row names a column twice: %(names)s.": (
            "سطر عنوان یک ستون را دو بار آورده است: %(names)s.",
            "שורת הכותרת מציינת עמודה פעמיים: %(names)s.",
        ),
        "Give the purchase id (external_id) on every row.": (
            "شناسهٔ خرید (external_id) را در هر سطر بنویسید.",
            "ציינו את מזהה הרכישה (external_id) בכל שורה.",
        ),
        "This row has %(found)d fields; the header has %(expected)d.": (
            "این سطر %(found)d ستون دارد؛ سطر عنوان %(expected)d ستون دارد.",
            "בשורה זו %(found)d שדות; בכותרת יש %(expected)d.",
        ),
        "Give the time in ISO 8601, such as 2025-03-21T14:30:00+03:30.": (
            "زمان را به قالب ISO 8601 بنویسید، مانند 2025-03-21T14:30:00+03:30.",
            "ציינו את הזמן בתבנית ISO 8601, למשל 2025-03-21T14:30:00+03:30.",
        ),
        "All rows of purchase %(id)s must have the same %(column)s; this row's differs from line "
        "%(line)d.": (
            "همهٔ سطرهای خرید %(id)s باید %(column)s یکسان داشته باشند؛ این سطر با سطر %(line)d فرق "
            "دارد.",
            "לכל שורות הרכישה %(id)s חייב להיות אותו %(column)s; בשורה זו הוא שונה משורה %(line)d.",
        ),
        "The file cannot be read: %(reason)s": (
            "فایل خوانده نمی‌شود: %(reason)s",
            "לא ניתן לקרוא את הקובץ: %(reason)s",
        ),
        "This row cannot be read as CSV: %(reason)s": (
            "این سطر به شکل CSV خوانده نمی‌شود: %(reason)s",
            "לא ניתן לקרוא שורה זו כ־CSV: %(reason)s",
        ),
        "The batch size must be at least 1.": (
            "اندازهٔ دسته باید دست‌کم ۱ باشد.",
            "גודל האצווה חייב להיות לפחות 1.",
        ),
        "Reading": ("در حال خواندن", "קורא"),
        "Importing": ("در حال درون‌ریزی", "מייבא"),
        "line %(line)d: %(message)s": ("سطر %(line)d: %(message)s", "שורה %(line)d: %(message)s"),
        "Imported %(imported)d purchases from %(file)s (source %(source)s).": (
            "%(imported)d خرید از %(file)s درون‌ریزی شد (منبع %(source)s).",
            "יובאו %(imported)d רכישות מ־%(file)s (מקור %(source)s).",
        ),
        "  rows read: %(rows)d in %(seconds).1f s (%(rate)d rows/s)": (
            "  سطرهای خوانده‌شده: %(rows)d در %(seconds).1f ثانیه (%(rate)d سطر در ثانیه)",
            "  שורות שנקראו: %(rows)d ב־%(seconds).1f שניות (%(rate)d שורות בשנייה)",
        ),
        "  points awarded: %(points)d": (
            "  امتیاز داده‌شده: %(points)d",
            "  נקודות שהוענקו: %(points)d",
        ),
        "  already imported, skipped: %(skipped)d purchases": (
            "  از قبل درون‌ریزی شده و رد شد: %(skipped)d خرید",
            "  כבר יובאו ודולגו: %(skipped)d רכישות",
        ),
        "  rejected: %(purchases)d purchases, %(rows)d rows": (
            "  نپذیرفته: %(purchases)d خرید، %(rows)d سطر",
            "  נדחו: %(purchases)d רכישות, %(rows)d שורות",
        ),
        "Bad rows (%(shown)d of %(count)d shown); fix them and import the file again:": (
            "سطرهای نادرست (%(shown)d از %(count)d)؛ آن‌ها را اصلاح کنید و فایل را دوباره درون‌ریزی "
            "کنید:",
            "שורות שגויות (מוצגות %(shown)d מתוך %(count)d); תקנו אותן וייבאו את הקובץ שוב:",
        ),
        "fixed discount": ("تخفیف ثابت", "הנחה קבועה"),
        "percent discount": ("تخفیف درصدی", "הנחה באחוזים"),
        "free product": ("کالای رایگان", "מוצר חינם"),
        "gift": ("هدیه", "מתנה"),
        "wallet credit": ("اعتبار کیف پول", "זיכוי לארנק"),
        "donation": ("اهدا", "תרומה"),
        "ready to use": ("آمادهٔ استفاده", "מוכן לשימוש"),
        "fulfilled": ("انجام‌شده", "בוצע"),
        "each code once": ("هر کد یک بار", "כל קוד פעם אחת"),
        "each code for one member, once": ("هر کد برای یک عضو، یک بار", "כל קוד לחבר אחד, פעם אחת"),
        "shared codes, limited uses": (
            "کد مشترک با تعداد استفادهٔ محدود",
            "קודים משותפים, שימושים מוגבלים",
        ),
        "This coupon cannot be used for this purchase.": (
            "این کوپن برای این خرید قابل استفاده نیست.",
            "לא ניתן להשתמש בקופון זה ברכישה זו.",
        ),
        "Choose single_use, per_member or multi_use.": (
            "single_use، per_member یا multi_use را انتخاب کنید.",
            "בחרו single_use,‏ per_member או multi_use.",
        ),
        "Choose fixed_discount, percent_discount or bonus_points.": (
            "fixed_discount، percent_discount یا bonus_points را انتخاب کنید.",
            "בחרו fixed_discount,‏ percent_discount או bonus_points.",
        ),
        "Give a percentage above 0 and at most 100.": (
            "درصدی بیشتر از ۰ و حداکثر ۱۰۰ بدهید.",
            "ציינו אחוז גדול מ־0 ועד 100.",
        ),
        "At least 1.": ("دست‌کم ۱.", "לפחות 1."),
        "Name the members to send to.": (
            "اعضایی را که کد می‌گیرند مشخص کنید.",
            "ציינו את החברים שיקבלו קוד.",
        ),
        "Between 1 and 1,000,000 codes.": ("بین ۱ تا ۱٬۰۰۰٬۰۰۰ کد.", "בין 1 ל־1,000,000 קודים."),
        "Use only letters and digits 2–9.": (
            "فقط حروف و رقم‌های ۲ تا ۹ را به کار ببرید.",
            "השתמשו רק באותיות ובספרות 2–9.",
        ),
        "The basket is below this coupon's minimum.": (
            "مبلغ سبد کمتر از حداقل این کوپن است.",
            "הסל נמוך מהמינימום של הקופון.",
        ),
        "The basket has nothing this coupon is for.": (
            "سبد خرید کالایی از دسته‌های این کوپن ندارد.",
            "אין בסל מוצר שהקופון מיועד לו.",
        ),
        "This coupon code is mistyped: check it and try again.": (
            "کد کوپن اشتباه وارد شده است: آن را بررسی کنید و دوباره امتحان کنید.",
            "קוד הקופון הוקלד בטעות: בדקו ונסו שוב.",
        ),
        "Bonus-point coupons need a club member.": (
            "کوپن امتیاز هدیه فقط برای اعضای باشگاه است.",
            "קופון נקודות בונוס דורש חבר מועדון.",
        ),
        "You have already used this coupon.": (
            "شما قبلاً از این کوپن استفاده کرده‌اید.",
            "כבר השתמשתם בקופון זה.",
        ),
        "This coupon has been used up.": (
            "ظرفیت استفاده از این کوپن تمام شده است.",
            "הקופון נוצל עד תומו.",
        ),
        "This reward is out of stock.": ("موجودی این جایزه تمام شده است.", "ההטבה אזלה מהמלאי."),
        "You have already redeemed this reward as often as allowed.": (
            "شما این جایزه را به اندازهٔ مجاز دریافت کرده‌اید.",
            "כבר מימשתם הטבה זו כמספר הפעמים המותר.",
        ),
        "Too many redemptions in a short time; please try again later.": (
            "در زمان کوتاهی درخواست‌های زیادی ثبت شد؛ لطفاً کمی بعد دوباره امتحان کنید.",
            "יותר מדי מימושים בזמן קצר; נסו שוב מאוחר יותר.",
        ),
        "This voucher cannot be used.": ("این بن قابل استفاده نیست.", "לא ניתן להשתמש בשובר זה."),
        "This reward is for members of other tiers.": (
            "این جایزه برای اعضای سطح‌های دیگر است.",
            "ההטבה מיועדת לחברי רמות אחרות.",
        ),
        "This voucher code is mistyped: check it and try again.": (
            "کد بن اشتباه وارد شده است: آن را بررسی کنید و دوباره امتحان کنید.",
            "קוד השובר הוקלד בטעות: בדקו ונסו שוב.",
        ),
        "This voucher was cancelled.": ("این بن لغو شده است.", "השובר בוטל."),
        "Give the till's purchase id.": (
            "شناسهٔ خرید صندوق را بدهید.",
            "ציינו את מזהה הרכישה מהקופה.",
        ),
        "A whole amount, zero or more.": ("مبلغی صحیح، صفر یا بیشتر.", "סכום שלם, אפס או יותר."),
        "Redeemed: %(label)s": ("دریافت جایزه: %(label)s", "מימוש: %(label)s"),
        "Voucher cancelled, points returned: %(label)s": (
            "بن لغو شد و امتیاز برگشت: %(label)s",
            "השובר בוטל והנקודות הוחזרו: %(label)s",
        ),
        "Voucher expired unused, points returned: %(label)s": (
            "بن بدون استفاده منقضی شد و امتیاز برگشت: %(label)s",
            "השובר פג ללא שימוש והנקודות הוחזרו: %(label)s",
        ),
        "Coupon bonus: %(campaign)s": (
            "امتیاز هدیهٔ کوپن: %(campaign)s",
            "בונוס קופון: %(campaign)s",
        ),
        "This reward is not available.": ("این جایزه در دسترس نیست.", "ההטבה אינה זמינה."),
        "This reward is not available yet.": (
            "این جایزه هنوز در دسترس نیست.",
            "ההטבה עדיין אינה זמינה.",
        ),
        "This reward is no longer available.": (
            "این جایزه دیگر در دسترس نیست.",
            "ההטבה כבר אינה זמינה.",
        ),
        "There is no voucher with this code.": ("بنی با این کد وجود ندارد.", "אין שובר עם קוד זה."),
        "This voucher has already been used.": (
            "از این بن قبلاً استفاده شده است.",
            "כבר נעשה שימוש בשובר זה.",
        ),
        "This voucher has expired.": ("این بن منقضی شده است.", "תוקף השובר פג."),
        "There is no coupon with this code.": (
            "کوپنی با این کد وجود ندارد.",
            "אין קופון עם קוד זה.",
        ),
        "This coupon is not valid yet.": ("این کوپن هنوز معتبر نیست.", "הקופון עדיין אינו בתוקף."),
        "This coupon has expired.": ("این کوپن منقضی شده است.", "תוקף הקופון פג."),
        "This coupon belongs to another member.": (
            "این کوپن متعلق به عضو دیگری است.",
            "הקופון שייך לחבר אחר.",
        ),
        "Give the campaign a name.": ("برای کمپین نامی بگذارید.", "תנו לקמפיין שם."),
        "Give a positive whole amount.": ("مبلغی صحیح و مثبت بدهید.", "ציינו סכום שלם חיובי."),
        "The campaign has errors; fix them and try again.": (
            "کمپین خطا دارد؛ آن‌ها را اصلاح کنید و دوباره امتحان کنید.",
            "בקמפיין יש שגיאות; תקנו אותן ונסו שוב.",
        ),
        "points returned": ("امتیاز برگشتی", "נקודות שהוחזרו"),
        "mobile top-up": ("شارژ موبایل", "טעינת נייד"),
        "used": ("استفاده‌شده", "נוצל"),
        "cancelled, points returned": ("لغو شده، امتیاز برگشت", "בוטל, הנקודות הוחזרו"),
        "expired": ("منقضی‌شده", "פג תוקף"),
        "bonus points": ("امتیاز هدیه", "נקודות בונוס"),
        "No club member matches %(member)s.": (
            "هیچ عضوی با %(member)s پیدا نشد.",
            "לא נמצא חבר מועדון התואם ל־%(member)s.",
        ),
        "There is no store with the code %(store)s.": (
            "فروشگاهی با کد %(store)s وجود ندارد.",
            "אין חנות עם הקוד %(store)s.",
        ),
        "The purchase total is too large.": (
            "جمع کل خرید بیش از حد بزرگ است.",
            "סכום הרכישה גדול מדי.",
        ),
        "This row is not valid UTF-8 text.": (
            "این سطر متن UTF-8 معتبر نیست.",
            "שורה זו אינה טקסט UTF-8 תקין.",
        ),
        "Give a source of at most 64 characters.": (
            "منبع را حداکثر در ۶۴ نویسه بنویسید.",
            "ציינו מקור של עד 64 תווים.",
        ),
    }
)


T.update(
    {
        "member wallet": ("کیف پول عضو", "ארנק החבר"),
        "member wallet debt": ("بدهی کیف پول عضو", "חוב ארנק החבר"),
        "gift card": ("کارت هدیه", "כרטיס מתנה"),
        "system (money)": ("سامانه (پول)", "מערכת (כסף)"),
        "cashback to the wallet": ("بازگشت نقدی به کیف پول", "החזר כספי לארנק"),
        "paid from the wallet": ("پرداخت از کیف پول", "תשלום מהארנק"),
        "points turned into wallet credit": (
            "تبدیل امتیاز به اعتبار کیف پول",
            "המרת נקודות לזיכוי בארנק",
        ),
        "gift card issued": ("صدور کارت هدیه", "הנפקת כרטיס מתנה"),
        "paid with a gift card": ("پرداخت با کارت هدیه", "תשלום בכרטיס מתנה"),
        "gift card expired": ("انقضای کارت هدیه", "פקיעת כרטיס מתנה"),
        "Not enough credit.": ("اعتبار کافی نیست.", "אין מספיק יתרה."),
        "A positive whole amount.": ("مبلغی صحیح و مثبت.", "סכום שלם חיובי."),
        "Too few points to convert.": ("امتیاز برای تبدیل کافی نیست.", "מעט מדי נקודות להמרה."),
        "The gift card does not hold enough.": (
            "موجودی کارت هدیه کافی نیست.",
            "אין מספיק יתרה בכרטיס המתנה.",
        ),
        "Only a member's debit can be restored.": (
            "فقط برداشت امتیاز یک عضو قابل بازگرداندن است.",
            "ניתן לשחזר רק חיוב של חבר.",
        ),
        "Too many codes were sent; please wait a few minutes.": (
            "کدهای زیادی فرستاده شد؛ لطفاً چند دقیقه صبر کنید.",
            "נשלחו יותר מדי קודים; נא להמתין כמה דקות.",
        ),
        "The code is wrong or has expired.": (
            "کد اشتباه است یا منقضی شده است.",
            "הקוד שגוי או שפג תוקפו.",
        ),
        "Your club code: %(code)s (valid for 5 minutes)": (
            "کد باشگاه شما: %(code)s (تا ۵ دقیقه معتبر است)",
            "קוד המועדון שלכם: %(code)s (בתוקף ל־5 דקות)",
        ),
        "Too many wrong codes; ask for a new one.": (
            "کد اشتباه بیش از حد وارد شد؛ کد تازه بخواهید.",
            "יותר מדי קודים שגויים; בקשו קוד חדש.",
        ),
        "Points can pay at most %(points)d points' worth of this basket.": (
            "برای این سبد حداکثر %(points)d امتیاز را می‌توان خرج کرد.",
            "ניתן לשלם בנקודות עד %(points)d נקודות מסל זה.",
        ),
        "There is no gift card with this code.": (
            "کارت هدیه‌ای با این کد وجود ندارد.",
            "אין כרטיס מתנה עם קוד זה.",
        ),
        "This purchase id was already paid with a different amount.": (
            "این شناسهٔ خرید قبلاً با مبلغ دیگری پرداخت شده است.",
            "מזהה רכישה זה כבר שולם בסכום אחר.",
        ),
        "This gift card code is mistyped: check it and try again.": (
            "کد کارت هدیه اشتباه وارد شده است: آن را بررسی کنید و دوباره امتحان کنید.",
            "קוד כרטיס המתנה הוקלד בטעות: בדקו ונסו שוב.",
        ),
        "This redemption needs the code we text to the member's phone; ask for it and send it.": (
            "این دریافت جایزه به کدی نیاز دارد که به تلفن عضو پیامک می‌شود؛ آن را درخواست و ارسال "
            "کنید.",
            "מימוש זה דורש את הקוד שנשלח לטלפון החבר; בקשו אותו ושלחו.",
        ),
        "Points turned into %(amount)s of wallet credit": (
            "تبدیل امتیاز به %(amount)s اعتبار کیف پول",
            "נקודות שהומרו ל־%(amount)s זיכוי בארנק",
        ),
        "%(amount)s cashback to your wallet": (
            "%(amount)s بازگشت نقدی به کیف پول شما",
            "%(amount)s החזר כספי לארנק שלכם",
        ),
        "%(amount)s cashback taken back for returned items": (
            "%(amount)s بازگشت نقدی بابت کالاهای مرجوعی کسر شد",
            "%(amount)s החזר כספי בוטל בגלל פריטים שהוחזרו",
        ),
        "%(amount)s paid from your wallet": (
            "%(amount)s از کیف پول شما پرداخت شد",
            "%(amount)s שולמו מהארנק שלכם",
        ),
        "%(amount)s settled wallet credit owed from a return": (
            "%(amount)s بابت بدهی کیف پول از مرجوعی قبلی کسر شد",
            "%(amount)s קיזזו חוב ארנק מהחזרה קודמת",
        ),
        "%(amount)s of that cashback was already spent, so it is owed and will be settled "
        "from your next wallet credit": (
            "%(amount)s از آن بازگشت نقدی قبلاً خرج شده بود؛ این مبلغ بدهی شما ثبت شد و از اعتبار "
            "بعدی کیف پول کسر می‌شود",
            "%(amount)s מההחזר הכספי כבר נוצלו, ולכן הם רשומים כחוב שיקוזז מהזיכוי הבא בארנק",
        ),
        "Gift card loaded with %(amount)s": (
            "کارت هدیه با %(amount)s شارژ شد",
            "כרטיס המתנה נטען ב־%(amount)s",
        ),
        "%(amount)s paid with a gift card": (
            "%(amount)s با کارت هدیه پرداخت شد",
            "%(amount)s שולמו בכרטיס מתנה",
        ),
        "%(amount)s left on a gift card expired": (
            "%(amount)s باقی‌ماندهٔ کارت هدیه منقضی شد",
            "%(amount)s שנותרו בכרטיס מתנה פגו",
        ),
        "%(amount)s of a purchase paid with points": (
            "%(amount)s از خرید با امتیاز پرداخت شد",
            "%(amount)s מרכישה שולמו בנקודות",
        ),
        "Points that paid for items returned from purchase %(purchase)s, given back": (
            "امتیازی که بابت کالاهای مرجوعی از خرید %(purchase)s پرداخت شده بود برگشت",
            "נקודות ששילמו על פריטים שהוחזרו מרכישה %(purchase)s, הוחזרו",
        ),
    }
)


def _load_area_tables() -> None:
    """Each area of the product may keep its strings in scripts/translations/<area>.py (a dict
    named T, msgid -> (fa, he)), so people working on different pages do not edit one file."""
    import importlib.util

    folder = Path(__file__).resolve().parent / "translations"
    for path in sorted(folder.glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"translations_{path.stem}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        T.update(module.T)


def main() -> int:
    _load_area_tables()
    missing: dict[str, list[str]] = {}
    for index, language in ((0, "fa"), (1, "he")):
        path = LOCALE / language / "LC_MESSAGES" / "django.po"
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if not message.id:
                continue
            if message.id in T:
                message.string = T[message.id][index]
                message.flags.discard("fuzzy")
            elif message.fuzzy:  # a guess by msgmerge is not a translation
                message.string = ""
                message.flags.discard("fuzzy")
                missing.setdefault(language, []).append(str(message.id))
            elif not message.string:
                missing.setdefault(language, []).append(str(message.id))
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, no_location=True)
    for language, ids in missing.items():
        print(f"{language}: {len(ids)} untranslated: {ids}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
