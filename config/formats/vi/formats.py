# ngày 15 tháng 2 năm 2027
DATE_FORMAT = r"\n\gà\y j \t\há\n\g n \nă\m Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"H:i, \n\gà\y j \t\há\n\g n \nă\m Y"
# 160.000.000: Django's Vietnamese formats group no digits.
NUMBER_GROUPING = 3
