package cntime

import (
	"strings"
	"time"
)

// offsetUnit is the unit of an offset from now.
type offsetUnit int

const (
	offsetMinute  offsetUnit = iota
	offsetHour               // 小时, 钟头
	offsetDay                // 天, 日
	offsetWeek               // 周, 星期, 礼拜
	offsetMonth              // 个月: the same day of that month, or its last day
	offsetWorkday            // 工作日: see Workday
)

// offsetUnits are the units of 3天后, 2小时后 and the like.
var offsetUnits = map[string]offsetUnit{
	"小时": offsetHour, "钟头": offsetHour, "分钟": offsetMinute, "分": offsetMinute,
	"天": offsetDay, "日": offsetDay, "周": offsetWeek, "星期": offsetWeek, "礼拜": offsetWeek,
	"月": offsetMonth, "工作日": offsetWorkday,
}

// offsetSigns are the words after an offset: later or earlier.
var offsetSigns = []struct {
	word string
	sign int
}{{"以后", 1}, {"之后", 1}, {"后", 1}, {"以前", -1}, {"之前", -1}, {"前", -1}}

// maxWorkdays bounds N个工作日后: counting them walks the calendar.
const maxWorkdays = 1000

// offset reads 3天后, 两周后, 2小时后, 半小时后, 1小时30分钟后, 一个月后,
// 半个月后, 3个工作日后, 3天前 and the like.
func (p *phraseParser) offset(s string) (int, TimeReason) {
	var n numeral
	rest := s
	if num, ok := leadingNumber(s); ok {
		n, rest = num, s[num.n:]
	}
	rest, counted := strings.CutPrefix(rest, "个")
	half := strings.HasPrefix(rest, "半")
	if half {
		rest, counted = strings.TrimPrefix(strings.TrimPrefix(rest, "半"), "个"), true
	} else if n.n == 0 {
		return 0, ""
	}
	word, ok := longestWord(rest, offsetUnitIndex)
	if !ok {
		return 0, ""
	}
	unit := offsetUnits[word]
	rest = rest[len(word):]
	minutes := 0
	if unit == offsetHour && !half { // 1小时30分钟后
		if m, ok := leadingNumber(rest); ok {
			if r, ok := strings.CutPrefix(rest[m.n:], "分"); ok {
				rest, minutes = strings.TrimPrefix(r, "钟"), m.v
			}
		}
	}
	sign := 0
	for _, suf := range offsetSigns {
		if r, ok := strings.CutPrefix(rest, suf.word); ok {
			rest, sign = r, suf.sign
			break
		}
	}
	// 3月后 is no offset (个 is needed: 3个月后); nor is 半天后.
	if sign == 0 || n.v > 9999 || unit == offsetMonth && !counted || half && unit != offsetHour && unit != offsetMonth {
		return 0, ""
	}
	consumed := len(s) - len(rest)
	switch unit {
	case offsetHour, offsetMinute:
		d := time.Duration(n.v) * time.Minute
		if unit == offsetHour {
			d = time.Duration(n.v)*time.Hour + time.Duration(minutes)*time.Minute
		}
		if half {
			d += 30 * time.Minute
		}
		return consumed, p.setInstant(time.Duration(sign) * d)
	case offsetMonth:
		if half {
			return consumed, p.setDayOffset(sign * (n.v*30 + 15)) // 半个月: fifteen days
		}
		return consumed, p.setMonthOffset(sign * n.v)
	case offsetWorkday:
		if n.v > maxWorkdays {
			return 0, ""
		}
		return consumed, p.setWorkdayOffset(sign * n.v)
	case offsetWeek:
		return consumed, p.setDayOffset(sign * n.v * 7)
	}
	return consumed, p.setDayOffset(sign * n.v)
}

// setMonthOffset sets today's day of the month n months from this one, or
// that month's last day when it is shorter (3个月后 on November 29 is
// February 28).
func (p *phraseParser) setMonthOffset(n int) TimeReason {
	y, m, d := p.now.Date()
	first := time.Date(y, m+time.Month(n), 1, 12, 0, 0, 0, time.UTC)
	return p.setDate(first.Year(), first.Month(), min(d, monthLength(first.Year(), first.Month())))
}

// setWorkdayOffset sets the nth working day after today (before, for n
// negative), today not counted.
func (p *phraseParser) setWorkdayOffset(n int) TimeReason {
	step := 1
	if n < 0 {
		n, step = -n, -1
	}
	y, m, d := p.now.Date()
	day := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
	for n > 0 {
		day = day.AddDate(0, 0, step)
		if Workday(day) {
			n--
		}
	}
	return p.setDate(day.Year(), day.Month(), day.Day())
}
