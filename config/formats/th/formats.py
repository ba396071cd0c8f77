# 15 กุมภาพันธ์ 2027 (the Gregorian year: the programmes are international)
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
