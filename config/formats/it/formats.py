# Italian dates without a leading zero on the day ("1 dicembre 2026"), as Italian prose writes them.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
