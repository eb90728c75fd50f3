"""Persian and Hebrew for the portal pages behind shared links: a friend's invitation
(/r/<code>) and answering a survey (/s/<token>)."""

T: dict[str, tuple[str, str]] = {
    # invitation
    "You can still join the club without an invitation.": (
        "بدون دعوت‌نامه هم می‌توانید عضو باشگاه شوید.",
        "אפשר להצטרף למועדון גם בלי הזמנה.",
    ),
    "%(name)s, a friend of yours, invited you to the club": (
        "دوستتان %(name)s شما را به باشگاه دعوت کرده است",
        "%(name)s, חבר שלכם, הזמין אתכם למועדון",
    ),
    # survey
    "Survey": ("نظرسنجی", "סקר"),
    "(optional)": ("(اختیاری)", "(רשות)"),
    "0: not at all likely, 10: extremely likely": (
        "۰: اصلاً احتمال ندارد، ۱۰: حتماً",
        "0: בכלל לא סביר, 10: סביר מאוד",
    ),
    "1: very unhappy, 5: very happy": (
        "۱: خیلی ناراضی، ۵: خیلی راضی",
        "1: מאוד לא מרוצה, 5: מרוצה מאוד",
    ),
    "Send my answers": ("ارسال پاسخ‌ها", "שליחת התשובות"),
    "Thank you! Your answers are saved.": (
        "سپاسگزاریم! پاسخ‌های شما ثبت شد.",
        "תודה! התשובות שלכם נשמרו.",
    ),
    "%(points)s points are added to your club card.": (
        "%(points)s امتیاز به کارت باشگاه شما افزوده شد.",
        "%(points)s נקודות נוספו לכרטיס המועדון שלכם.",
    ),
    "Answer and get %(points)s points.": (
        "پاسخ دهید و %(points)s امتیاز بگیرید.",
        "ענו וקבלו %(points)s נקודות.",
    ),
}
