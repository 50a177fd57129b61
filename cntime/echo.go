package cntime

import (
	"fmt"
	"time"
)

// PartOfDay names the part of the day t's clock falls in, as an echo
// writes it before the 24-hour clock: 凌晨 (00:00–05:59), 早上 (06:00–
// 08:59), 上午 (09:00–11:59), 中午 (12:00–12:59), 下午 (13:00–17:59),
// 晚上 (18:00–23:59).
func PartOfDay(t time.Time) string {
	switch h := t.Hour(); {
	case h < 6:
		return "凌晨"
	case h < 9:
		return "早上"
	case h < 12:
		return "上午"
	case h < 13:
		return "中午"
	case h < 18:
		return "下午"
	}
	return "晚上"
}

// FormatReading writes t as the bot echoes a time it read: the day with
// its weekday (and its year when not now's), the part of the day and the
// 24-hour clock, "11月25日 周三 晚上 19:00", in t's location. ParseTime
// reads it back to t.
func FormatReading(t, now time.Time) string {
	day := FormatDay(t)
	if t.Year() != now.In(t.Location()).Year() {
		day = FormatLongDay(t)
	}
	return fmt.Sprintf("%s %s %02d:%02d", day, PartOfDay(t), t.Hour(), t.Minute())
}

// FormatReadingRange is FormatReading with the end's clock, for a span
// within one day: "11月25日 周三 晚上 19:00–21:00". A zero end writes the
// start alone.
func FormatReadingRange(start, end, now time.Time) string {
	s := FormatReading(start, now)
	if !end.IsZero() {
		s += "–" + end.Format("15:04")
	}
	return s
}
