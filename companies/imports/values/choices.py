"""The coded values of a list: sectors, legal forms, currencies, and the words people write
for them."""

from django.utils.translation import gettext_lazy, pgettext_lazy

from .base import _words

SECTORS = {
    "manufacturing": gettext_lazy("Manufacturing"),
    "construction": gettext_lazy("Construction"),
    "transport": gettext_lazy("Transport"),
    "agriculture": gettext_lazy("Agriculture, forestry and fisheries"),
    "wholesale": gettext_lazy("Wholesale"),
    "retail": gettext_lazy("Retail"),
    "services": gettext_lazy("Services"),
    "software": gettext_lazy("Software and information services"),
    "rubber": gettext_lazy("Rubber products"),
    "inns": gettext_lazy("Hotels and inns"),
    "other": pgettext_lazy("sector", "Other"),
}


LEGAL_FORMS = {
    "company": pgettext_lazy("legal form", "Company"),
    "sole_proprietor": gettext_lazy("Sole proprietor"),
}


# Japanese and Russian names people write in the sector column (compared after NFKC + casefold).
_SECTOR_SYNONYMS = {
    word: code
    for code, words in {
        "manufacturing": "manufacturer|製造業|製造|производство|промышленность",
        "construction": "建設業|建設|строительство",
        "transport": "transportation|logistics|運輸業|運輸|транспорт",
        "agriculture": "農業|сельское хозяйство",
        "wholesale": "wholesale trade|卸売業|卸売|оптовая торговля",
        "retail": "retail trade|小売業|小売|розничная торговля",
        "services": "service|サービス業|услуги",
        "software": "it|ソフトウェア業|ソフトウェア|программное обеспечение",
        "rubber": "ゴム製品製造業|резиновые изделия",
        "inns": "hotels|hotel|旅館業|旅館|гостиницы",
        "other": "その他|другое|прочее",
    }.items()
    for word in _words(words)
}


_LEGAL_FORM_SYNONYMS = {
    "company": set(
        _words(
            "company|corporation|corp|legal entity|llc|ltd|co ltd|limited|company limited|inc|"
            "jsc|pjsc|plc|pte ltd|sdn bhd|ооо|ао|пао|зао|оао|юридическое лицо|株式会社|有限会社|"
            "合同会社|法人|kk|cong ty|công ty|tnhh|บริษัท"
        )
    ),
    "sole_proprietor": set(
        _words(
            "sole proprietor|sole proprietorship|sole trader|individual entrepreneur|individual|"
            "ип|индивидуальный предприниматель|個人事業主|個人事業|個人"
        )
    ),
}


# ISO 4217 codes in use (2025).
CURRENCY_CODES = frozenset(
    _words(
        "AED|AFN|ALL|AMD|AOA|ARS|AUD|AWG|AZN|BAM|BBD|BDT|BGN|BHD|BIF|BMD|BND|BOB|BRL|BSD|BTN|BWP|"
        "BYN|BZD|CAD|CDF|CHF|CLP|CNY|COP|CRC|CUP|CVE|CZK|DJF|DKK|DOP|DZD|EGP|ERN|ETB|EUR|FJD|FKP|"
        "GBP|GEL|GHS|GIP|GMD|GNF|GTQ|GYD|HKD|HNL|HTG|HUF|IDR|ILS|INR|IQD|IRR|ISK|JMD|JOD|JPY|KES|"
        "KGS|KHR|KMF|KPW|KRW|KWD|KYD|KZT|LAK|LBP|LKR|LRD|LSL|LYD|MAD|MDL|MGA|MKD|MMK|MNT|MOP|MRU|"
        "MUR|MVR|MWK|MXN|MYR|MZN|NAD|NGN|NIO|NOK|NPR|NZD|OMR|PAB|PEN|PGK|PHP|PKR|PLN|PYG|QAR|RON|"
        "RSD|RUB|RWF|SAR|SBD|SCR|SDG|SEK|SGD|SHP|SLE|SOS|SRD|SSP|STN|SVC|SYP|SZL|THB|TJS|TMT|TND|"
        "TOP|TRY|TTD|TWD|TZS|UAH|UGX|USD|UYU|UZS|VES|VND|VUV|WST|XAF|XCD|XCG|XOF|XPF|YER|ZAR|ZMW|ZWG"
    )
)


# Symbols and words for a currency, keyed after NFKC + casefold. In the currency column a symbol
# means the first code; inside an amount it is consistent with any code of the tuple ("¥" is
# written for yuan too, "$" for every dollar).
_CURRENCY_WORDS = {
    word: codes
    for codes, words in {
        ("RUB",): "руб|руб.|рубль|рублей|рубля|р.|₽|rur|rouble|ruble",
        ("JPY",): "円|yen",
        ("JPY", "CNY"): "¥",
        ("USD", "AUD", "CAD", "HKD", "NZD", "SGD", "TWD", "MXN"): "$|ドル",
        ("USD",): "us$|доллар|долл.|米ドル",
        ("EUR",): "€|euro|евро|ユーロ",
        ("GBP",): "£",
        ("VND",): "₫|đ|đồng|dong|донг",
        ("THB",): "฿|บาท|baht|バーツ",
        ("KRW",): "₩|ウォン",
        ("CNY",): "元|人民元|rmb|юань",
        ("KZT",): "₸|тенге",
        ("SGD",): "s$",
        ("MYR",): "rm",
        ("IDR",): "rp",
        ("PHP",): "₱",
    }.items()
    for word in _words(words)
}
