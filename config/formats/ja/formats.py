# 2027年2月15日(月): the weekday in brackets, as Japanese notices write a date.
DATE_FORMAT = "Y年n月j日(D)"
TIME_FORMAT = "G:i"
DATETIME_FORMAT = "Y年n月j日(D) G:i"
