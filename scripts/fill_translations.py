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


def main() -> int:
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
            elif not message.string:
                missing.setdefault(language, []).append(str(message.id))
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, no_location=True)
    for language, ids in missing.items():
        print(f"{language}: {len(ids)} untranslated: {ids}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
