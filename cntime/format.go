package cntime

import (
	"fmt"
	"time"
)

// WeekdayName is the short Chinese name of t's weekday: 周一 … 周日.
func WeekdayName(t time.Time) string {
	names := [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}
	return names[t.Weekday()]
}

// FormatDay writes t's day as "11月25日 周三", in t's location.
func FormatDay(t time.Time) string {
	return fmt.Sprintf("%d月%d日 %s", t.Month(), t.Day(), WeekdayName(t))
}

// FormatLongDay writes t's day with its year, as "2026年11月25日 周三", in
// t's location.
func FormatLongDay(t time.Time) string {
	return fmt.Sprintf("%d年%s", t.Year(), FormatDay(t))
}

// FormatDate writes t's date as "2026年11月25日", without the weekday, in t's
// location.
func FormatDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// FormatDateTime writes t as "11月25日 周三 19:00", in t's location. The year
// is added ("2027年1月5日 周二 19:00") only when it differs from now's year in
// t's location, so the bot's echo stays short for the usual case.
func FormatDateTime(t, now time.Time) string {
	day := FormatDay(t)
	if t.Year() != now.In(t.Location()).Year() {
		day = FormatLongDay(t)
	}
	return fmt.Sprintf("%s %02d:%02d", day, t.Hour(), t.Minute())
}

// FormatTimeRange writes a span of time as "11月25日 周三 19:00–21:00": the
// start as FormatDateTime writes it, then an en dash and the end's clock in
// end's location. When end is the zero time (no end was given) it writes the
// start alone. The end's day is not written, so a span should end on the
// day it starts.
func FormatTimeRange(start, end, now time.Time) string {
	s := FormatDateTime(start, now)
	if !end.IsZero() {
		s += "–" + end.Format("15:04")
	}
	return s
}

// FormatClockRange writes the clocks of a span of time as "19:00–21:00",
// each in its own location, or the start's clock alone ("19:00") when end
// is the zero time.
func FormatClockRange(start, end time.Time) string {
	s := start.Format("15:04")
	if !end.IsZero() {
		s += "–" + end.Format("15:04")
	}
	return s
}

// FormatDeadline writes a deadline as "11月25日 周三 18:00", in t's location.
// A deadline at 23:59 is a whole day, the way a deadline written with a day
// and no clock is kept, and is written as the day alone: "11月25日 周三".
func FormatDeadline(t time.Time) string {
	if t.Hour() == 23 && t.Minute() == 59 {
		return FormatDay(t)
	}
	return FormatDay(t) + " " + t.Format("15:04")
}

// FormatDeadlineFrom is FormatDeadline with the year when t is not in
// now's year: "2027年6月30日 周三".
func FormatDeadlineFrom(t, now time.Time) string {
	if t.Year() != now.Year() {
		return fmt.Sprintf("%d年", t.Year()) + FormatDeadline(t)
	}
	return FormatDeadline(t)
}

// FormatTimeOfDay writes a time of day given in minutes after midnight, as
// quiet hours are kept, as "07:30". It does not wrap: 1440 is "24:00".
func FormatTimeOfDay(minutes int) string {
	return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60)
}
