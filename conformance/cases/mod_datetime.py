import datetime
from datetime import date, datetime as DT, timedelta

d = DT(2024, 5, 17, 10, 30)
print(d, repr(d), d.year, d.month, d.day, d.hour, d.minute, d.second, d.weekday(), d.isoweekday())
print(d.strftime("%Y%m%d-%H%M%S"), d.strftime("%A %d %B %Y, %I:%M %p"), d.strftime("%a %b %j %y %%"), d.isoformat(), d.isoformat(' '))
print(repr(DT(2024, 1, 2, 3, 4, 5, 6)), repr(DT(2024, 1, 2)), DT(2024, 1, 2, 3, 4, 5, 6))
dd = date(2024, 2, 28)
print(dd, repr(dd), dd + timedelta(days=1), dd + timedelta(days=2), dd - date(2023, 12, 25), dd.replace(day=1), dd.toordinal())
print(date.fromordinal(738000), date.fromisoformat('2021-03-04'), DT.fromisoformat('2021-03-04T05:06:07.123'), DT.fromisoformat('2021-03-04 05:06'))
t = timedelta(days=1, hours=2, minutes=3, seconds=4)
print(t, repr(t), t.total_seconds(), t.days, t.seconds, t.microseconds)
print(timedelta(seconds=-1), repr(timedelta(seconds=-1)), timedelta(), repr(timedelta()), timedelta(milliseconds=1.5), timedelta(weeks=2))
print(timedelta(hours=1) * 3, timedelta(hours=3) / 2, timedelta(hours=3) / timedelta(minutes=30), timedelta(hours=3) // timedelta(minutes=40), -timedelta(days=1), abs(timedelta(days=-2)))
print(d + timedelta(hours=20), d - timedelta(minutes=45), timedelta(days=1) + d, d - DT(2024, 1, 1), DT(2024, 1, 1) - d)
print(d > DT(2024, 1, 1), d == DT(2024, 5, 17, 10, 30), sorted([date(2024, 3, 1), date(2023, 1, 1)]), timedelta(1) < timedelta(2))
print(DT.strptime('2024-05-17 08:15:00', '%Y-%m-%d %H:%M:%S'), DT.strptime('17 May 2024', '%d %B %Y'), DT.strptime('03/04/21 11PM', '%m/%d/%y %I%p'))
print(isinstance(d, date), isinstance(dd, DT), type(d).__name__, datetime.MAXYEAR)
print({d: 1}[DT(2024, 5, 17, 10, 30)], d.date(), d.replace(hour=0))
for bad in [lambda: date(2023, 2, 29), lambda: DT(2024, 13, 1), lambda: DT.strptime('2024-99', '%Y-%m'), lambda: DT.strptime('2024-05-01x', '%Y-%m-%d'), lambda: DT(2024, 1, 1, 24)]:
    try:
        bad()
    except ValueError as e:
        print(e)
now = DT.now()
print(type(now).__name__, now.year >= 2024, (DT.now() - now).total_seconds() < 5, type(date.today()).__name__)
log_dir = "logs/fit/" + DT(2026, 12, 3, 9, 5, 1).strftime("%Y%m%d-%H%M%S")
print(log_dir)
print(DT.fromtimestamp(0).year in (1969, 1970), abs(DT.fromtimestamp(DT(2024, 5, 17, 10, 30).timestamp()) - d) < timedelta(seconds=1))
