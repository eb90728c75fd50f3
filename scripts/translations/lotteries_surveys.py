"""Persian and Hebrew for lotteries and surveys (issue "Engagement programs")."""

T: dict[str, tuple[str, str]] = {
    # lotteries
    "There is no such lottery.": ("چنین قرعه‌کشی‌ای وجود ندارد.", "אין הגרלה כזו."),
    "This lottery is not open for entries now.": (
        "این قرعه‌کشی اکنون شرکت‌کننده نمی‌پذیرد.",
        "ההגרלה אינה פתוחה להשתתפות כעת.",
    ),
    "The lottery cannot do this in its current state.": (
        "قرعه‌کشی در وضعیت فعلی‌اش این کار را نمی‌تواند انجام دهد.",
        "ההגרלה אינה יכולה לבצע זאת במצבה הנוכחי.",
    ),
    "This lottery is not open to this member.": (
        "این قرعه‌کشی برای این عضو نیست.",
        "ההגרלה אינה פתוחה לחבר זה.",
    ),
    "This request was already used to buy a different number of entries.": (
        "این درخواست قبلاً برای خرید تعداد دیگری شانس به کار رفته است.",
        "בקשה זו כבר שימשה לרכישת מספר אחר של השתתפויות.",
    ),
    "Give a name in at least one of fa, he or en.": (
        "دست‌کم به یکی از زبان‌های fa، he یا en نامی بدهید.",
        "ציינו שם לפחות באחת מהשפות fa,‏ he או en.",
    ),
    "Give the time with its time zone.": (
        "زمان را همراه با منطقهٔ زمانی بدهید.",
        "ציינו את השעה עם אזור הזמן.",
    ),
    "Say how entries are earned: per purchase, per amount spent or with points.": (
        "بگویید شانس‌ها چگونه به دست می‌آیند: با هر خرید، به ازای مبلغ خرید یا با امتیاز.",
        "ציינו איך צוברים השתתפויות: לפי רכישה, לפי סכום או בנקודות.",
    ),
    "A lottery needs at least one prize.": (
        "قرعه‌کشی دست‌کم یک جایزه لازم دارد.",
        "להגרלה נדרש לפחות פרס אחד.",
    ),
    "Give a request id of at most 200 characters.": (
        "شناسهٔ درخواست را حداکثر در ۲۰۰ نویسه بدهید.",
        "ציינו מזהה בקשה של עד 200 תווים.",
    ),
    "Between 1 and 10,000 entries.": ("بین ۱ تا ۱۰٬۰۰۰ شانس.", "בין 1 ל־10,000 השתתפויות."),
    "A name has at most 200 characters.": (
        "نام حداکثر ۲۰۰ نویسه دارد.",
        "שם הוא לכל היותר 200 תווים.",
    ),
    "The period must end after it starts.": (
        "پایان بازه باید بعد از آغاز آن باشد.",
        "סוף התקופה חייב להיות אחרי תחילתה.",
    ),
    "A whole number, zero or more.": ("عددی صحیح، صفر یا بیشتر.", "מספר שלם, אפס או יותר."),
    "Between 1 and 10,000 winners.": ("بین ۱ تا ۱۰٬۰۰۰ برنده.", "בין 1 ל־10,000 זוכים."),
    "The lottery has errors; nothing was saved.": (
        "قرعه‌کشی خطا دارد؛ چیزی ذخیره نشد.",
        "בהגרלה יש שגיאות; דבר לא נשמר.",
    ),
    "Congratulations! You won %(prize)s in %(lottery)s. We will be in touch.": (
        "تبریک! شما در %(lottery)s برندهٔ %(prize)s شدید. به‌زودی با شما تماس می‌گیریم.",
        "מזל טוב! זכיתם ב%(prize)s בהגרלת %(lottery)s. ניצור אתכם קשר.",
    ),
    "%(entries)d entries in the lottery %(lottery)s": (
        "%(entries)d شانس در قرعه‌کشی %(lottery)s",
        "%(entries)d השתתפויות בהגרלה %(lottery)s",
    ),
    "Entries to this lottery are not sold for points.": (
        "شانس این قرعه‌کشی با امتیاز فروخته نمی‌شود.",
        "השתתפויות בהגרלה זו אינן נמכרות בנקודות.",
    ),
    "Entries close at the end of the entry period.": (
        "ثبت شانس در پایان بازهٔ شرکت بسته می‌شود.",
        "ההשתתפות נסגרת בסוף תקופת ההשתתפות.",
    ),
    "Unknown tier codes: %(codes)s": (
        "کد سطح ناشناخته: %(codes)s",
        "קודי רמה לא מוכרים: %(codes)s",
    ),
    "Unknown store codes: %(codes)s": (
        "کد فروشگاه ناشناخته: %(codes)s",
        "קודי חנות לא מוכרים: %(codes)s",
    ),
    "The audience is not valid.": ("مخاطبان تعیین‌شده معتبر نیستند.", "קהל היעד אינו תקין."),
    "open for entries": ("در حال پذیرش شرکت‌کننده", "פתוחה להשתתפות"),
    "entries closed": ("ثبت شانس بسته شد", "ההשתתפות נסגרה"),
    "drawn": ("قرعه کشیده شد", "ההגרלה נערכה"),
    # surveys
    "There is no such survey.": ("چنین نظرسنجی‌ای وجود ندارد.", "אין סקר כזה."),
    "This survey link is not valid.": ("این پیوند نظرسنجی معتبر نیست.", "קישור הסקר אינו תקף."),
    "This survey link has already been used. Thank you!": (
        "از این پیوند نظرسنجی قبلاً استفاده شده است. سپاسگزاریم!",
        "כבר נעשה שימוש בקישור הסקר. תודה!",
    ),
    "This survey has already been sent.": (
        "این نظرسنجی قبلاً فرستاده شده است.",
        "הסקר כבר נשלח.",
    ),
    "Choose nps, satisfaction, choice or text.": (
        "nps، satisfaction، choice یا text را انتخاب کنید.",
        "בחרו nps,‏ satisfaction,‏ choice או text.",
    ),
    "Give the question in at least one of fa, he or en.": (
        "پرسش را دست‌کم به یکی از زبان‌های fa، he یا en بنویسید.",
        "כתבו את השאלה לפחות באחת מהשפות fa,‏ he או en.",
    ),
    "A choice question needs 2 to 20 named answers.": (
        "پرسش چندگزینه‌ای ۲ تا ۲۰ گزینهٔ نام‌دار لازم دارد.",
        "שאלת בחירה צריכה 2 עד 20 תשובות עם שם.",
    ),
    "Give a title in at least one of fa, he or en.": (
        "دست‌کم به یکی از زبان‌های fa، he یا en عنوانی بدهید.",
        "ציינו כותרת לפחות באחת מהשפות fa,‏ he או en.",
    ),
    "A survey has 1 to 50 questions.": (
        "نظرسنجی ۱ تا ۵۰ پرسش دارد.",
        "בסקר יש 1 עד 50 שאלות.",
    ),
    "A confidence level between 0.5 and 0.999, e.g. 0.95.": (
        "سطح اطمینانی بین ۰٫۵ و ۰٫۹۹۹، مثلاً ۰٫۹۵.",
        "רמת ביטחון בין 0.5 ל־0.999, למשל 0.95.",
    ),
    "A margin of error between 0.005 and 0.5, e.g. 0.05.": (
        "حاشیهٔ خطایی بین ۰٫۰۰۵ و ۰٫۵، مثلاً ۰٫۰۵.",
        "טווח טעות בין 0.005 ל־0.5, למשל 0.05.",
    ),
    "Either 0 or a share from 0.1 to 1 (10 to 100 percent).": (
        "یا ۰، یا سهمی از ۰٫۱ تا ۱ (۱۰ تا ۱۰۰ درصد).",
        "או 0, או חלק בין 0.1 ל־1 (10 עד 100 אחוז).",
    ),
    "The survey has errors; nothing was saved.": (
        "نظرسنجی خطا دارد؛ چیزی ذخیره نشد.",
        "בסקר יש שגיאות; דבר לא נשמר.",
    ),
    "%(club)s asks: %(survey)s. Answer in a minute and get %(points)d points: %(link)s": (
        "%(club)s می‌پرسد: %(survey)s. در یک دقیقه پاسخ دهید و %(points)d امتیاز بگیرید: %(link)s",
        "%(club)s שואל: %(survey)s. ענו בדקה וקבלו %(points)d נקודות: %(link)s",
    ),
    "%(club)s asks: %(survey)s. Answer in a minute: %(link)s": (
        "%(club)s می‌پرسد: %(survey)s. در یک دقیقه پاسخ دهید: %(link)s",
        "%(club)s שואל: %(survey)s. ענו בדקה: %(link)s",
    ),
    "There is no such question.": ("چنین پرسشی وجود ندارد.", "אין שאלה כזו."),
    "Some answers need another look.": (
        "برخی پاسخ‌ها نیاز به بازبینی دارند.",
        "חלק מהתשובות דורשות בדיקה נוספת.",
    ),
    "Please answer this question.": ("لطفاً به این پرسش پاسخ دهید.", "נא לענות על שאלה זו."),
    "Thank you for answering the survey %(survey)s": (
        "سپاس از پاسخ شما به نظرسنجی %(survey)s",
        "תודה שעניתם על הסקר %(survey)s",
    ),
    "Choose a whole number from %(low)d to %(high)d.": (
        "عددی صحیح از %(low)d تا %(high)d انتخاب کنید.",
        "בחרו מספר שלם מ־%(low)d עד %(high)d.",
    ),
    "Choose one of the answers.": ("یکی از پاسخ‌ها را انتخاب کنید.", "בחרו אחת מהתשובות."),
    "Write at most 2,000 characters.": (
        "حداکثر ۲٬۰۰۰ نویسه بنویسید.",
        "כתבו עד 2,000 תווים.",
    ),
    "draft": ("پیش‌نویس", "טיוטה"),
    "sent": ("فرستاده‌شده", "נשלח"),
    "how likely to recommend, 0–10": (
        "چقدر احتمال دارد ما را پیشنهاد کنید، ۰ تا ۱۰",
        "עד כמה סביר שתמליצו, 0–10",
    ),
    "satisfaction, 1–5": ("رضایت، ۱ تا ۵", "שביעות רצון, 1–5"),
    "one of several answers": ("یکی از چند پاسخ", "אחת מכמה תשובות"),
    "free text": ("متن آزاد", "טקסט חופשי"),
}
