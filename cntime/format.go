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

// FormatDateTime writes t as "11月25日 周三 19:00", in t's location. The year
// is added ("2027年1月5日 周二 19:00") only when it differs from now's year in
// t's location, so the bot's echo stays short for the usual case.
func FormatDateTime(t, now time.Time) string {
	day := FormatDay(t)
	if t.Year() != now.In(t.Location()).Year() {
		day = fmt.Sprintf("%d年%s", t.Year(), day)
	}
	return fmt.Sprintf("%s %02d:%02d", day, t.Hour(), t.Minute())
}
