# 15 февраля 2027 (without "г.": the dates often end a sentence, which would give "г..")
DATE_FORMAT = "j E Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y, H:i"
