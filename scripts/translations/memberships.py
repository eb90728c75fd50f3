"""Persian and Hebrew for paid memberships (plans, payments, value-back)."""

T: dict[str, tuple[str, str]] = {
    "yearly": ("سالانه", "שנתי"),
    "waiting for payment": ("در انتظار پرداخت", "ממתין לתשלום"),
    "renewal due": ("موعد تمدید", "ממתין לחידוש"),
    "cancelled": ("لغو شده", "בוטל"),
    "This membership plan is not offered any more.": (
        "این طرح عضویت دیگر ارائه نمی‌شود.",
        "תוכנית המנוי הזו אינה מוצעת עוד.",
    ),
    "This member already has a membership.": (
        "این عضو همین حالا عضویت ویژه دارد.",
        "לחבר הזה כבר יש מנוי.",
    ),
    "This membership has ended; choose a plan again.": (
        "این عضویت به پایان رسیده است؛ دوباره یک طرح انتخاب کنید.",
        "המנוי הזה הסתיים; בחרו תוכנית מחדש.",
    ),
    "This payment reference was already recorded with different details.": (
        "این شناسهٔ پرداخت قبلاً با مشخصات دیگری ثبت شده است.",
        "אסמכתת התשלום הזו כבר נרשמה עם פרטים אחרים.",
    ),
    "Lower-case letters, digits, - and _, up to 40 characters.": (
        "حروف کوچک لاتین، رقم، - و _، حداکثر ۴۰ نویسه.",
        "אותיות לטיניות קטנות, ספרות, ‎-‎ ו־_, עד 40 תווים.",
    ),
    "A plan with this code exists.": (
        "طرحی با این کد وجود دارد.",
        "כבר קיימת תוכנית עם הקוד הזה.",
    ),
    "Name the plan in at least one language.": (
        "نام طرح را دست‌کم به یک زبان بنویسید.",
        "תנו לתוכנית שם בשפה אחת לפחות.",
    ),
    "Choose monthly or yearly.": ("ماهانه یا سالانه را انتخاب کنید.", "בחרו חודשי או שנתי."),
    "A bonus rule needs a plan that grants a tier, with that tier as the rule's audience.": (
        "قانون امتیاز اضافه به طرحی نیاز دارد که سطحی بدهد، و مخاطب قانون همان سطح باشد.",
        "כלל נקודות בונוס דורש תוכנית שמעניקה רמה, וקהל היעד של הכלל הוא אותה רמה.",
    ),
    "The plan has errors; fix them and try again.": (
        "طرح ایراد دارد؛ آن‌ها را برطرف کنید و دوباره تلاش کنید.",
        "בתוכנית יש שגיאות; תקנו אותן ונסו שוב.",
    ),
    "Give the payment's reference (up to 64 characters).": (
        "شناسهٔ پرداخت را وارد کنید (حداکثر ۶۴ نویسه).",
        "הזינו את אסמכתת התשלום (עד 64 תווים).",
    ),
    "The membership fee is %(fee)s; this payment is %(amount)s.": (
        "حق عضویت %(fee)s است؛ این پرداخت %(amount)s است.",
        "דמי המנוי הם %(fee)s; התשלום הזה הוא %(amount)s.",
    ),
    "membership %(plan)s": ("عضویت %(plan)s", "מנוי %(plan)s"),
    "You saved %(saved)s with a %(fee)s membership.": (
        "با عضویتی به مبلغ %(fee)s، %(saved)s صرفه‌جویی کردید.",
        "חסכתם %(saved)s עם מנוי של %(fee)s.",
    ),
    "There is no membership plan with this code.": (
        "طرح عضویتی با این کد نیست.",
        "אין תוכנית מנוי עם הקוד הזה.",
    ),
    "There is no membership with this id.": (
        "عضویتی با این شناسه نیست.",
        "אין מנוי עם המזהה הזה.",
    ),
}
