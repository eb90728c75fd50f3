"""What the demo club is made of: its branches, tiers, earning rules, products and the names of
its members. Plain data, no database: ``plan.py`` draws from it and ``load.py`` writes it.

The club is "Narenj" (نارنج, bitter orange), a small chain of grocery stores with a café
corner in three cities. Prices are in Rial at late-2020s levels; a litre of milk is 450,000.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class StoreData:
    code: str
    name: str
    city: str
    receipt_prefix: str  # printed on the till's receipts: the purchase's external id
    opened_days_ago: int  # the branch's club launch, counted back from the end of the history
    share: int  # relative share of the club's members who call this branch home
    nearby_cities: tuple[str, ...]  # where some of its members live
    phone_prefixes: tuple[str, ...]  # mobile prefixes common in the region


STORES: tuple[StoreData, ...] = (
    StoreData(
        code="tehran-vanak",
        name="نارنج ونک",
        city="تهران",
        receipt_prefix="VNK",
        opened_days_ago=240,
        share=45,
        nearby_cities=("کرج", "لواسان"),
        phone_prefixes=("0912", "0919", "0935", "0936", "0901", "0902", "0990", "0910"),
    ),
    StoreData(
        code="isfahan-chaharbagh",
        name="نارنج چهارباغ",
        city="اصفهان",
        receipt_prefix="CBG",
        opened_days_ago=215,
        share=30,
        nearby_cities=("نجف‌آباد", "شاهین‌شهر"),
        phone_prefixes=("0913", "0903", "0939", "0921", "0912"),
    ),
    StoreData(
        code="shiraz-zand",
        name="نارنج زند",
        city="شیراز",
        receipt_prefix="ZND",
        opened_days_ago=160,
        share=25,
        nearby_cities=("مرودشت", "صدرا"),
        phone_prefixes=("0917", "0937", "0938", "0933", "0922"),
    ),
)
MAIN_STORE = STORES[0].code


@dataclass(frozen=True, slots=True)
class TierData:
    code: str
    rank: int
    threshold: int  # Rial spent over the qualification window (12 months)
    points_multiplier: Decimal
    discount_percent: Decimal
    cashback_percent: Decimal
    labels: dict[str, str]


TIERS: tuple[TierData, ...] = (
    TierData(
        code="bronze",
        rank=0,
        threshold=0,
        points_multiplier=Decimal("1.00"),
        discount_percent=Decimal(0),
        cashback_percent=Decimal(0),
        labels={"fa": "برنزی", "he": "ארד", "en": "Bronze"},
    ),
    TierData(
        code="silver",
        rank=1,
        threshold=40_000_000,
        points_multiplier=Decimal("1.25"),
        discount_percent=Decimal(3),
        cashback_percent=Decimal(1),
        labels={"fa": "نقره‌ای", "he": "כסף", "en": "Silver"},
    ),
    TierData(
        code="gold",
        rank=2,
        threshold=100_000_000,
        points_multiplier=Decimal("1.50"),
        discount_percent=Decimal(7),
        cashback_percent=Decimal(2),
        labels={"fa": "طلایی", "he": "זהב", "en": "Gold"},
    ),
)

FRIDAY = 4  # weekdays count from Monday = 0, as the time_window rule does

# Keyword arguments for rules.services.rule_create; the name identifies the rule on a re-run.
# Multiplier labels complete the member's explanation: "۲ برابر امتیاز برای خرید لبنیات",
# "1.5× points: Friday mornings".
RULES: tuple[dict[str, Any], ...] = (
    {
        "name": "امتیاز پایه",
        "type": "points_per_amount",
        "params": {"points": 1, "per_amount": 10_000},
        "labels": {
            "fa": "امتیاز پایه: ۱ امتیاز برای هر ۱۰٬۰۰۰ ریال خرید",
            "he": "נקודות בסיס: נקודה על כל 10,000 ריאל",
            "en": "Base points: 1 point for every 10,000 Rial",
        },
    },
    {
        "name": "لبنیات دوبرابر",
        "type": "category_multiplier",
        "params": {"categories": ["dairy"], "multiplier": "2"},
        "priority": 20,
        "labels": {
            "fa": "لبنیات",
            "he": "מוצרי חלב",
            "en": "dairy products",
        },
    },
    {
        "name": "صبح جمعه",
        "type": "time_window",
        "params": {"multiplier": "1.5", "weekdays": [FRIDAY], "hour_from": 8, "hour_to": 14},
        "priority": 10,
        "labels": {
            "fa": "صبح‌های جمعه",
            "he": "בקרי יום שישי",
            "en": "Friday mornings",
        },
    },
    {
        "name": "هدیه عضویت",
        "type": "signup",
        "params": {"points": 100},
        "labels": {
            "fa": "هدیه پیوستن به باشگاه",
            "he": "מתנת הצטרפות למועדון",
            "en": "Welcome gift for joining the club",
        },
    },
    {
        "name": "اولین خرید",
        "type": "first_purchase",
        "params": {"points": 200},
        "labels": {
            "fa": "هدیه اولین خرید",
            "he": "בונוס על הקנייה הראשונה",
            "en": "First purchase bonus",
        },
    },
    {
        "name": "ماه تولد",
        "type": "birthday",
        "params": {"points": 500, "window": "month"},
        "labels": {
            "fa": "هدیه ماه تولد شما",
            "he": "מתנה בחודש יום ההולדת שלך",
            "en": "A gift in your birthday month",
        },
    },
    {
        "name": "هر ده خرید",
        "type": "nth_visit",
        "params": {"every": 10, "points": 150},
        "labels": {
            "fa": "هدیه هر دهمین خرید",
            "he": "בונוס על כל קנייה עשירית",
            "en": "A bonus on every 10th visit",
        },
    },
    {
        "name": "سقف روزانه",
        "type": "earning_cap",
        "params": {"per_day": 2_000},
        "labels": {
            "fa": "سقف امتیاز روزانه: ۲٬۰۰۰ امتیاز",
            "he": "תקרה יומית: 2,000 נקודות",
            "en": "Daily cap: 2,000 points",
        },
    },
)

# Category codes as purchase lines carry them, with the shelf names the stores use.
CATEGORIES: dict[str, str] = {
    "dairy": "لبنیات",
    "bakery": "نان و شیرینی",
    "beverages": "نوشیدنی",
    "produce": "میوه و سبزی",
    "pantry": "خواربار",
    "protein": "پروتئینی",
    "snacks": "تنقلات و آجیل",
    "household": "بهداشتی و شوینده",
    "cafe": "کافه",
}


@dataclass(frozen=True, slots=True)
class Product:
    sku: str
    name: str
    category: str
    price: int  # Rial
    popularity: int  # relative chance of being in a grocery basket
    most: int = 1  # the largest quantity usually bought at once
    stores: tuple[str, ...] = ()  # sold only in these branches; empty means everywhere


PRODUCTS: tuple[Product, ...] = (
    Product("DRY-MILK-1L", "شیر کم‌چرب یک لیتری", "dairy", 450_000, 90, most=3),
    Product("DRY-YOG-900", "ماست کم‌چرب ۹۰۰ گرمی", "dairy", 720_000, 60, most=2),
    Product("DRY-YOG-MUSIR", "ماست موسیر", "dairy", 850_000, 20),
    Product("DRY-DOOGH-15", "دوغ ۱٫۵ لیتری", "dairy", 380_000, 40, most=2),
    Product("DRY-CHEESE-UF", "پنیر سفید ۴۰۰ گرمی", "dairy", 1_150_000, 45),
    Product("DRY-CHEESE-LIGHVAN", "پنیر لیقوان", "dairy", 2_400_000, 12),
    Product("DRY-BUTTER-100", "کره ۱۰۰ گرمی", "dairy", 850_000, 25, most=2),
    Product("DRY-SARSHIR", "سرشیر صبحانه", "dairy", 550_000, 12),
    Product("DRY-KASHK", "کشک ۴۵۰ گرمی", "dairy", 900_000, 10),
    Product("BKR-BARBARI", "نان بربری", "bakery", 120_000, 70, most=4),
    Product("BKR-SANGAK", "نان سنگک", "bakery", 150_000, 60, most=3),
    Product("BKR-LAVASH", "نان لواش بسته‌ای", "bakery", 180_000, 40, most=2),
    Product("BKR-TAFTOON", "نان تافتون", "bakery", 100_000, 30, most=4),
    Product("BKR-ZABOON", "شیرینی زبان ۵۰۰ گرمی", "bakery", 1_800_000, 8),
    Product("BKR-CAKE-YAZDI", "کیک یزدی شش‌عددی", "bakery", 950_000, 15),
    Product("BEV-WATER-15", "آب معدنی ۱٫۵ لیتری", "beverages", 150_000, 45, most=6),
    Product("BEV-TEA-450", "چای ایرانی ۴۵۰ گرمی", "beverages", 2_600_000, 15),
    Product("BEV-SODA-330", "نوشابه قوطی", "beverages", 250_000, 35, most=6),
    Product("BEV-JUICE-1L", "آب‌پرتقال یک لیتری", "beverages", 650_000, 25, most=2),
    Product("BEV-SHARBAT", "شربت آلبالو", "beverages", 700_000, 8),
    Product("PRD-APPLE", "سیب قرمز (کیلو)", "produce", 650_000, 45, most=3),
    Product("PRD-BANANA", "موز (کیلو)", "produce", 950_000, 35, most=2),
    Product("PRD-ORANGE", "پرتقال تامسون (کیلو)", "produce", 550_000, 35, most=3),
    Product("PRD-TOMATO", "گوجه‌فرنگی (کیلو)", "produce", 420_000, 55, most=3),
    Product("PRD-CUCUMBER", "خیار (کیلو)", "produce", 380_000, 50, most=3),
    Product("PRD-POTATO", "سیب‌زمینی (کیلو)", "produce", 320_000, 40, most=4),
    Product("PRD-ONION", "پیاز (کیلو)", "produce", 280_000, 40, most=3),
    Product("PRD-HERBS", "سبزی خوردن (بسته)", "produce", 250_000, 30, most=2),
    Product("PRD-LEMON", "لیمو ترش (کیلو)", "produce", 600_000, 15),
    Product("PNT-RICE-1K", "برنج ایرانی یک کیلو", "pantry", 1_650_000, 25, most=5),
    Product("PNT-OIL-15", "روغن مایع ۱٫۵ لیتری", "pantry", 1_350_000, 20),
    Product("PNT-GHAND", "قند یک کیلو", "pantry", 600_000, 20),
    Product("PNT-PASTA", "ماکارونی ۷۰۰ گرمی", "pantry", 420_000, 30, most=3),
    Product("PNT-LENTIL", "عدس ۹۰۰ گرمی", "pantry", 980_000, 12),
    Product("PNT-TOMPASTE", "رب گوجه‌فرنگی ۸۰۰ گرمی", "pantry", 780_000, 25),
    Product("PNT-DATES", "خرمای مضافتی", "pantry", 900_000, 15),
    Product("PNT-SAFFRON", "زعفران یک مثقال", "pantry", 5_800_000, 4),
    Product("PRT-EGGS-20", "تخم‌مرغ ۲۰ عددی", "protein", 1_900_000, 35),
    Product("PRT-CHICKEN", "مرغ (کیلو)", "protein", 1_250_000, 35, most=3),
    Product("PRT-MINCE", "گوشت چرخ‌کرده ۵۰۰ گرمی", "protein", 3_900_000, 18, most=2),
    Product("PRT-TUNA", "کنسرو تن ماهی", "protein", 980_000, 20, most=3),
    Product("SNK-CHIPS", "چیپس", "snacks", 300_000, 30, most=3),
    Product("SNK-POFAK", "پفک", "snacks", 220_000, 25, most=3),
    Product("SNK-PISTACHIO", "پسته اکبری ۵۰۰ گرمی", "snacks", 5_500_000, 5),
    Product(
        "SNK-GAZ", "گز اصفهان ۴۵۰ گرمی", "snacks", 2_800_000, 6, stores=("isfahan-chaharbagh",)
    ),
    Product("SNK-SOHAN", "سوهان", "snacks", 1_600_000, 5),
    Product("SNK-CHOCOLATE", "شکلات تلخ", "snacks", 650_000, 15, most=2),
    Product("HSH-DISH", "مایع ظرفشویی", "household", 750_000, 15),
    Product("HSH-TISSUE", "دستمال کاغذی", "household", 450_000, 20, most=3),
    Product("HSH-SHAMPOO", "شامپو", "household", 1_300_000, 10),
    Product("CAF-ESPRESSO", "اسپرسو", "cafe", 1_100_000, 30, most=2),
    Product("CAF-LATTE", "لاته", "cafe", 1_650_000, 35, most=2),
    Product("CAF-CAPPUCCINO", "کاپوچینو", "cafe", 1_550_000, 30, most=2),
    Product("CAF-CHAI", "قوری چای دارچین", "cafe", 900_000, 25),
    Product("CAF-CAKE", "کیک شکلاتی (برش)", "cafe", 1_400_000, 25, most=2),
    Product(
        "CAF-FALOODEH", "فالوده شیرازی", "cafe", 1_200_000, 30, most=2, stores=("shiraz-zand",)
    ),
)
# Bought for guests and Nowruz in Esfand, the last month of the Jalali year.
FESTIVE_SKUS = ("SNK-PISTACHIO", "SNK-GAZ", "SNK-SOHAN", "BKR-ZABOON", "PNT-SAFFRON")

# (Persian, Latin for the email address)
FEMALE_NAMES: tuple[tuple[str, str], ...] = (
    ("سارا", "sara"),
    ("مریم", "maryam"),
    ("فاطمه", "fatemeh"),
    ("زهرا", "zahra"),
    ("نرگس", "narges"),
    ("الهام", "elham"),
    ("لیلا", "leila"),
    ("مهسا", "mahsa"),
    ("نازنین", "nazanin"),
    ("شیما", "shima"),
    ("پریسا", "parisa"),
    ("نیلوفر", "niloufar"),
    ("آزاده", "azadeh"),
    ("سمیرا", "samira"),
    ("مینا", "mina"),
    ("رویا", "roya"),
    ("هانیه", "hanieh"),
    ("ریحانه", "reyhaneh"),
    ("یاسمن", "yasaman"),
    ("ستاره", "setareh"),
    ("بهاره", "bahareh"),
    ("معصومه", "masoumeh"),
    ("شیرین", "shirin"),
    ("گلناز", "golnaz"),
    ("ترانه", "taraneh"),
    ("هستی", "hasti"),
    ("آیدا", "aida"),
    ("فرشته", "fereshteh"),
    ("سحر", "sahar"),
    ("پروانه", "parvaneh"),
    ("عاطفه", "atefeh"),
    ("نگار", "negar"),
    ("مهناز", "mahnaz"),
    ("زینب", "zeynab"),
    ("کوثر", "kowsar"),
    ("طاهره", "tahereh"),
)
MALE_NAMES: tuple[tuple[str, str], ...] = (
    ("علی", "ali"),
    ("محمد", "mohammad"),
    ("حسین", "hossein"),
    ("رضا", "reza"),
    ("مهدی", "mehdi"),
    ("امیر", "amir"),
    ("حمید", "hamid"),
    ("سعید", "saeed"),
    ("مجید", "majid"),
    ("احمد", "ahmad"),
    ("محسن", "mohsen"),
    ("جواد", "javad"),
    ("کامران", "kamran"),
    ("بهرام", "bahram"),
    ("داریوش", "dariush"),
    ("آرش", "arash"),
    ("بابک", "babak"),
    ("پویا", "pouya"),
    ("سینا", "sina"),
    ("کیوان", "keyvan"),
    ("فرهاد", "farhad"),
    ("مسعود", "masoud"),
    ("امید", "omid"),
    ("نیما", "nima"),
    ("پیمان", "peyman"),
    ("رامین", "ramin"),
    ("یوسف", "yousef"),
    ("ابوالفضل", "abolfazl"),
    ("مصطفی", "mostafa"),
    ("حامد", "hamed"),
    ("میلاد", "milad"),
    ("عرفان", "erfan"),
    ("سجاد", "sajjad"),
    ("ایمان", "iman"),
    ("کوروش", "kourosh"),
    ("هادی", "hadi"),
)
LAST_NAMES: tuple[tuple[str, str], ...] = (
    ("احمدی", "ahmadi"),
    ("محمدی", "mohammadi"),
    ("حسینی", "hosseini"),
    ("رضایی", "rezaei"),
    ("موسوی", "mousavi"),
    ("کریمی", "karimi"),
    ("جعفری", "jafari"),
    ("رحیمی", "rahimi"),
    ("صادقی", "sadeghi"),
    ("حیدری", "heydari"),
    ("نوری", "nouri"),
    ("کاظمی", "kazemi"),
    ("قاسمی", "ghasemi"),
    ("تهرانی", "tehrani"),
    ("اصفهانی", "esfahani"),
    ("شیرازی", "shirazi"),
    ("مرادی", "moradi"),
    ("عباسی", "abbasi"),
    ("فراهانی", "farahani"),
    ("طاهری", "taheri"),
    ("یزدانی", "yazdani"),
    ("نجفی", "najafi"),
    ("اکبری", "akbari"),
    ("سلطانی", "soltani"),
    ("ملکی", "maleki"),
    ("زارعی", "zarei"),
    ("کرمانی", "kermani"),
    ("بهرامی", "bahrami"),
    ("شریفی", "sharifi"),
    ("فتحی", "fathi"),
    ("پورمحمدی", "pourmohammadi"),
    ("امیری", "amiri"),
    ("نیک‌نام", "niknam"),
    ("خسروی", "khosravi"),
    ("سبحانی", "sobhani"),
    ("رستمی", "rostami"),
    ("توکلی", "tavakoli"),
    ("میرزایی", "mirzaei"),
    ("قربانی", "ghorbani"),
    ("هاشمی", "hashemi"),
    ("اسدی", "asadi"),
    ("باقری", "bagheri"),
    ("فرجی", "faraji"),
    ("کیانی", "kiani"),
    ("دهقان", "dehghan"),
    ("شکوهی", "shokouhi"),
    ("صفوی", "safavi"),
    ("انصاری", "ansari"),
)
# Reserved for examples (RFC 2606): the demo never mails a real inbox.
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")

# Staff corrections near the end of the history, each for a regular of the given branch:
# (branch, points, the reason the member reads).
ADJUSTMENTS: tuple[tuple[str, int, str], ...] = (
    ("isfahan-chaharbagh", 250, "جبران: خرید شما در شعبه چهارباغ هنگام قطعی سامانه ثبت نشده بود"),
    ("shiraz-zand", 100, "هدیه شرکت در نظرسنجی افتتاح شعبه زند"),
    ("tehran-vanak", -60, "اصلاح امتیاز رسیدی که در صندوق ۲ شعبه ونک دو بار ثبت شده بود"),
)
