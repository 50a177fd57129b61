package cntime

import (
	"strings"
	"time"
)

// recurUnit is what the head word of a schedule repeats over.
type recurUnit int

const (
	unitDay recurUnit = iota
	unitWeek
	unitMonth
	unitQuarter
	unitHalfYear
	unitYear
	unitWorkdays
)

// recurrenceHeads are the words a schedule starts with; where one is a
// prefix of another the longer comes first.
var recurrenceHeads = []struct {
	word string
	unit recurUnit
}{
	{"工作日每天", unitWorkdays}, {"每个工作日", unitWorkdays}, {"每工作日", unitWorkdays},
	{"工作日", unitWorkdays},
	{"每天", unitDay}, {"每日", unitDay}, {"天天", unitDay},
	{"每个星期", unitWeek}, {"每个礼拜", unitWeek},
	{"每星期", unitWeek}, {"每礼拜", unitWeek}, {"每周", unitWeek},
	{"每个月", unitMonth}, {"每月", unitMonth},
	{"每个季度", unitQuarter}, {"每季度", unitQuarter}, {"每季", unitQuarter},
	{"每个半年", unitHalfYear}, {"每半年", unitHalfYear},
	{"每年", unitYear},
}

// Words after a period's head word: its last day, its first day, and its
// first and last working days.
var (
	periodEnds     = []string{"最后一天", "最后1天", "底", "末"}
	periodStarts   = []string{"第一天", "第1天", "初"}
	firstWorkdayOf = []string{"第一个工作日", "第1个工作日", "首个工作日"}
	lastWorkdayOf  = []string{"最后一个工作日", "最后1个工作日", "最后工作日"}
)

// The months of a quarter and of a half-year.
const (
	monthsOfQuarter = 3
	monthsOfHalf    = 6
)

// fixedDates are the named days of 每年七一: fixed dates only (the lunar
// festivals move and are refused). Where one name is a prefix of another
// the longer comes first.
var fixedDates = []struct {
	word       string
	month, day int
}{
	{"元旦", 1, 1}, {"妇女节", 3, 8}, {"三八", 3, 8}, {"植树节", 3, 12},
	{"劳动节", 5, 1}, {"五一", 5, 1}, {"青年节", 5, 4}, {"五四", 5, 4},
	{"儿童节", 6, 1}, {"六一", 6, 1}, {"建党节", 7, 1}, {"党的生日", 7, 1}, {"七一", 7, 1},
	{"建军节", 8, 1}, {"八一", 8, 1}, {"教师节", 9, 10}, {"国庆节", 10, 1}, {"国庆", 10, 1},
	{"国家公祭日", 12, 13}, {"公祭日", 12, 13},
}

// recurrenceDays reads the day part of a schedule and returns the rest.
func recurrenceDays(s string) (Recurrence, string, TimeReason) {
	for _, h := range recurrenceHeads {
		rest, ok := strings.CutPrefix(s, h.word)
		if !ok {
			continue
		}
		if h.unit >= unitMonth && h.unit <= unitYear {
			rest = strings.TrimPrefix(rest, "的") // 每月的最后一个工作日
		}
		switch h.unit {
		case unitDay:
			return Recurrence{Kind: RecurDaily}, rest, ""
		case unitWorkdays:
			return Recurrence{Kind: RecurWorkdays}, rest, ""
		case unitWeek:
			day, n := weekdayIndex(rest)
			if n == 0 {
				return Recurrence{}, "", TimeUnrecognized
			}
			return Recurrence{Kind: RecurWeekly, Weekday: time.Weekday((day + 1) % 7)}, rest[n:], ""
		case unitMonth:
			return monthlyDays(rest)
		case unitQuarter, unitHalfYear:
			return periodDays(h.unit, rest)
		case unitYear:
			return yearlyDays(rest)
		}
	}
	return Recurrence{}, "", TimeUnrecognized
}

// cutAny cuts the first of words that s starts with off s.
func cutAny(s string, words []string) (string, bool) {
	for _, w := range words {
		if rest, ok := strings.CutPrefix(s, w); ok {
			return rest, true
		}
	}
	return s, false
}

// periodBoundary reads a period's first or last working day or its last
// day at the start of s, as the kind given for each.
func periodBoundary(s string, first, last, end RecurrenceKind) (RecurrenceKind, string, bool) {
	for _, b := range []struct {
		words []string
		kind  RecurrenceKind
	}{{firstWorkdayOf, first}, {lastWorkdayOf, last}, {periodEnds, end}} {
		if rest, ok := cutAny(s, b.words); ok {
			return b.kind, rest, true
		}
	}
	return RecurNone, s, false
}

// monthlyDays reads what follows 每月: N日, its first or last day, or its
// first or last working day.
func monthlyDays(s string) (Recurrence, string, TimeReason) {
	if kind, rest, ok := periodBoundary(s, RecurMonthFirstWorkday, RecurMonthLastWorkday, RecurMonthEnd); ok {
		return Recurrence{Kind: kind}, rest, ""
	}
	if rest, ok := cutAny(s, periodStarts); ok {
		return Recurrence{Kind: RecurMonthDay, Day: 1}, rest, ""
	}
	day, rest, why := dayNumber(s, 31)
	switch {
	case why != "":
		return Recurrence{}, "", why
	case day == 0:
		return Recurrence{}, "", TimeUnrecognized // 每月15: which 15?
	}
	return Recurrence{Kind: RecurMonthDay, Day: day}, rest, ""
}

// periodDays reads what follows 每季度 or 每半年: its end, its first day,
// its first or last working day, or 第N个月 with an optional N日 (the 1st
// without). 每半年 alone is its first day.
func periodDays(u recurUnit, s string) (Recurrence, string, TimeReason) {
	quarter := u == unitQuarter
	kind, months := RecurHalfYearDay, monthsOfHalf
	first, last, end := RecurHalfYearFirstWorkday, RecurHalfYearLastWorkday, RecurHalfYearEnd
	if quarter {
		kind, months = RecurQuarterDay, monthsOfQuarter
		first, last, end = RecurQuarterFirstWorkday, RecurQuarterLastWorkday, RecurQuarterEnd
	}
	if kind, rest, ok := periodBoundary(s, first, last, end); ok {
		return Recurrence{Kind: kind}, rest, ""
	}
	if rest, ok := cutAny(s, periodStarts); ok {
		return Recurrence{Kind: kind, Month: 1, Day: 1}, rest, ""
	}
	m, rest, why := monthOrdinal(s, months)
	switch {
	case why != "":
		return Recurrence{}, "", why
	case m == 0 && quarter:
		return Recurrence{}, "", TimeUnrecognized // 每季度 alone: which day?
	case m == 0:
		return Recurrence{Kind: kind, Month: 1, Day: 1}, s, ""
	}
	day, rest, why := dayNumber(rest, 31)
	if why != "" {
		return Recurrence{}, "", why
	}
	return Recurrence{Kind: kind, Month: m, Day: max(day, 1)}, rest, ""
}

// monthOrdinal reads 第N个月 or 第N月 at the start of s, N from 1 to most:
// N and the rest, or 0 and s when s does not start with 第.
func monthOrdinal(s string, most int) (int, string, TimeReason) {
	rest, ok := strings.CutPrefix(s, "第")
	if !ok {
		return 0, s, ""
	}
	n, ok := leadingNumber(rest)
	if !ok {
		return 0, "", TimeUnrecognized
	}
	after, ok := cutAny(rest[n.n:], []string{"个月", "月"})
	switch {
	case !ok:
		return 0, "", TimeUnrecognized
	case n.v < 1 || n.v > most || n.digits > 1:
		return 0, "", TimeImpossible // 每季度第四个月
	}
	return n.v, after, ""
}

// yearlyDays reads what follows 每年: a fixed named date (七一), the
// year's first or last day, or M月 with an optional N日 (the 1st without)
// or 底 (its last day).
func yearlyDays(s string) (Recurrence, string, TimeReason) {
	for _, f := range fixedDates {
		if rest, ok := strings.CutPrefix(s, f.word); ok {
			return Recurrence{Kind: RecurYearDay, Month: f.month, Day: f.day}, rest, ""
		}
	}
	if rest, ok := cutAny(s, []string{"年底", "年末", "底", "末", "最后一天"}); ok {
		return Recurrence{Kind: RecurYearDay, Month: 12, Day: 31}, rest, ""
	}
	if rest, ok := cutAny(s, []string{"年初", "初", "第一天"}); ok {
		return Recurrence{Kind: RecurYearDay, Month: 1, Day: 1}, rest, ""
	}
	n, ok := leadingNumber(s)
	if !ok {
		return Recurrence{}, "", TimeUnrecognized
	}
	rest, ok := strings.CutPrefix(s[n.n:], "月")
	switch {
	case !ok:
		return Recurrence{}, "", TimeUnrecognized
	case n.v < 1 || n.v > 12 || n.digits > 2:
		return Recurrence{}, "", TimeImpossible // 每年13月
	}
	rest = strings.TrimPrefix(rest, "份") // 每年6月份
	m := time.Month(n.v)
	longest := monthLength(2000, m) // a leap year: 每年2月29日 is a day
	if r2, ok := cutAny(rest, periodEnds); ok {
		return Recurrence{Kind: RecurYearDay, Month: n.v, Day: longest}, r2, ""
	}
	day, rest, why := dayNumber(rest, longest)
	if why != "" {
		return Recurrence{}, "", why
	}
	return Recurrence{Kind: RecurYearDay, Month: n.v, Day: max(day, 1)}, rest, ""
}

// dayNumber reads N日 or N号 at the start of s, N from 1 to most: N and
// the rest, or 0 and s when s does not start with one (the number of 3点
// is the clock's).
func dayNumber(s string, most int) (int, string, TimeReason) {
	n, ok := leadingNumber(s)
	if !ok {
		return 0, s, ""
	}
	rest, ok := cutAny(s[n.n:], []string{"日", "号"})
	switch {
	case !ok:
		return 0, s, ""
	case n.v < 1 || n.v > most || n.digits > 2:
		return 0, "", TimeImpossible // 每月32日, 每年2月30日
	}
	return n.v, rest, ""
}
