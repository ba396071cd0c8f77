# Programme times are written on the 24-hour clock; the dates keep Django's English format.
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "N j, Y, H:i"
