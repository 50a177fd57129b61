package cntime

import (
	"fmt"
	"strings"
	"time"
)

// RecurrenceKind says on which days a Recurrence fires.
type RecurrenceKind int

// Kinds of Recurrence.
const (
	RecurNone       RecurrenceKind = iota // the zero Recurrence: never
	RecurDaily                            // 每天
	RecurWeekly                           // 每周五: on Weekday
	RecurMonthDay                         // 每月15日: on Day, or the month's last day if shorter
	RecurMonthEnd                         // 每月最后一天
	RecurQuarterEnd                       // 每季度末: Mar 31, Jun 30, Sep 30, Dec 31
	RecurWorkdays                         // 工作日: see Workday
)

// Recurrence is a repeating schedule written in Chinese: a kind of day and a
// time of day. Fields a kind does not use are zero, so two equal schedules
// compare equal with ==.
type Recurrence struct {
	Kind    RecurrenceKind
	Weekday time.Weekday // RecurWeekly
	Day     int          // RecurMonthDay: 1–31
	Hour    int          // 0–23
	Minute  int          // 0–59
}

// defaultRecurrenceHour is the time of a schedule written without one.
const defaultRecurrenceHour = 9

// ParseRecurrence reads a repeating schedule as people write it in Chinese.
// The error is a *TimeError whose reason is TimeUnrecognized, TimeImpossible
// (每月32日, 每天25点) or TimeAmbiguous (每天9:5, 每天晚上12点).
//
// A schedule is a day word followed by an optional clock, written as for
// ParseTime (9点, 早上9点, 21:00, 8点半, 下午3点; spaces and an optional 的
// between are fine; full-width forms are folded):
//
//	every day:            每天 每日 天天
//	a day of the week:    每周X 每星期X 每礼拜X 每个星期X 每个礼拜X (X: 一…六 日 天 1…7)
//	a day of the month:   每月N日 每月N号 每个月N日 (N: 1–31)
//	the month's last day: 每月最后一天 每月底 每月末 每个月底
//	a quarter's last day: 每季度末 每季末 每季度最后一天 每个季度末 (Mar 31, Jun 30, Sep 30, Dec 31)
//	working days:         工作日 工作日每天 每个工作日 每工作日 (see Workday)
//
// Decisions:
//   - Without a clock the time is 09:00 (每月15日 is 每月15日 09:00). A part
//     of day without a clock takes its usual hour (PartHours: 每周三下午 is
//     15:00), and a bare hour is read as in ParseTime with a day named
//     (每天3点 is 15:00, 每天7点 07:00, 每天0点 refused).
//   - A day or an offset after the day word (每天明天9点, 每天2小时后) is
//     TimeUnrecognized, as is anything else ParseTime would not read as a clock.
//   - 每月29日–31日 fire on the last day of a shorter month rather than skip
//     it: a monthly reminder (党费, 主题党日) should never silently miss a month.
func ParseRecurrence(s string) (Recurrence, error) {
	r, why := parseRecurrence(normalizeTimeInput(s))
	if why != "" {
		return Recurrence{}, &TimeError{Input: strings.TrimSpace(s), Reason: why}
	}
	return r, nil
}

// parseRecurrence reads a normalized schedule.
func parseRecurrence(s string) (Recurrence, TimeReason) {
	if len(s) > maxTimePhrase {
		return Recurrence{}, TimeUnrecognized
	}
	r, rest, why := recurrenceDays(s)
	if why != "" {
		return Recurrence{}, why
	}
	r.Hour, r.Minute, why = recurrenceClock(rest)
	if why != "" {
		return Recurrence{}, why
	}
	return r, ""
}

// recurrenceHeads are the words a schedule starts with; where one is a
// prefix of another the longer comes first.
var recurrenceHeads = []struct {
	word string
	kind RecurrenceKind
}{
	{"工作日每天", RecurWorkdays}, {"每个工作日", RecurWorkdays}, {"每工作日", RecurWorkdays},
	{"工作日", RecurWorkdays},
	{"每天", RecurDaily}, {"每日", RecurDaily}, {"天天", RecurDaily},
	{"每个星期", RecurWeekly}, {"每个礼拜", RecurWeekly},
	{"每星期", RecurWeekly}, {"每礼拜", RecurWeekly}, {"每周", RecurWeekly},
	{"每个月", RecurMonthDay}, {"每月", RecurMonthDay},
	{"每个季度", RecurQuarterEnd}, {"每季度", RecurQuarterEnd}, {"每季", RecurQuarterEnd},
}

// periodEnds are the words after 每月 or 每季度 that name its last day.
var periodEnds = []string{"最后一天", "最后1天", "底", "末"}

// recurrenceDays reads the day part of a schedule and returns the rest.
func recurrenceDays(s string) (Recurrence, string, TimeReason) {
	for _, h := range recurrenceHeads {
		rest, ok := strings.CutPrefix(s, h.word)
		if !ok {
			continue
		}
		r := Recurrence{Kind: h.kind}
		switch h.kind {
		case RecurWeekly:
			day, n := weekdayIndex(rest)
			if n == 0 {
				return Recurrence{}, "", TimeUnrecognized
			}
			r.Weekday, rest = time.Weekday((day+1)%7), rest[n:]
		case RecurMonthDay:
			if r2, ok := cutPeriodEnd(rest); ok {
				return Recurrence{Kind: RecurMonthEnd}, r2, ""
			}
			return monthDay(rest)
		case RecurQuarterEnd:
			if rest, ok = cutPeriodEnd(rest); !ok {
				return Recurrence{}, "", TimeUnrecognized
			}
		}
		return r, rest, ""
	}
	return Recurrence{}, "", TimeUnrecognized
}

// cutPeriodEnd cuts a word for the last day of a period off s.
func cutPeriodEnd(s string) (string, bool) {
	for _, w := range periodEnds {
		if rest, ok := strings.CutPrefix(s, w); ok {
			return rest, true
		}
	}
	return s, false
}

// monthDay reads the N日 or N号 of 每月N日.
func monthDay(s string) (Recurrence, string, TimeReason) {
	n, ok := leadingNumber(s)
	if !ok {
		return Recurrence{}, "", TimeUnrecognized
	}
	rest, ok := strings.CutPrefix(s[n.n:], "日")
	if !ok {
		if rest, ok = strings.CutPrefix(s[n.n:], "号"); !ok {
			return Recurrence{}, "", TimeUnrecognized
		}
	}
	if n.v < 1 || n.v > 31 || n.digits > 2 {
		return Recurrence{}, "", TimeImpossible
	}
	return Recurrence{Kind: RecurMonthDay, Day: n.v}, rest, ""
}

// recurrenceClock reads the time of day after the day part with ParseTime's
// scanner, allowing nothing else: 09:00 when s is empty.
func recurrenceClock(s string) (hour, minute int, why TimeReason) {
	s = strings.TrimPrefix(strings.TrimLeft(s, " ,"), "的")
	if s == "" {
		return defaultRecurrenceHour, 0, ""
	}
	// The scanner resolves relative days against its now; any day at all is
	// refused below, so any time within the years it accepts serves.
	ph, why := scanTimePhrase(s, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	if why != "" {
		return 0, 0, why
	}
	switch {
	case ph.hasDate || ph.hasInstant:
		return 0, 0, TimeUnrecognized
	case !ph.hasClock:
		// 每周三下午: the part's usual hour, as ParseTime gives it.
		h, m, ok := partHour(ph.part)
		if !ok {
			return 0, 0, TimeNightHour
		}
		return h, m, ""
	case ph.part == partNone && !(ph.colon && ph.zeroPadded):
		// A bare hour as ParseTime reads it with a day named: 每天3点 is
		// 15:00, 每天7点 07:00.
		hour, _, why = bareHour(ph.hour, ph.minute, true, time.Time{}, time.Time{})
		return hour, ph.minute, why
	}
	if hour, why = applyDayPart(ph.part, ph.hour, ph.colon); why != "" {
		return 0, 0, why
	}
	return hour, ph.minute, ""
}

// IsZero reports whether r is the zero Recurrence.
func (r Recurrence) IsZero() bool { return r == Recurrence{} }

// valid reports whether r is a schedule ParseRecurrence could return.
func (r Recurrence) valid() bool {
	if r.Hour < 0 || r.Hour > 23 || r.Minute < 0 || r.Minute > 59 {
		return false
	}
	switch r.Kind {
	case RecurWeekly:
		return r.Day == 0 && r.Weekday >= time.Sunday && r.Weekday <= time.Saturday
	case RecurMonthDay:
		return r.Weekday == 0 && r.Day >= 1 && r.Day <= 31
	case RecurDaily, RecurMonthEnd, RecurQuarterEnd, RecurWorkdays:
		return r.Weekday == 0 && r.Day == 0
	}
	return false
}

// maxNextDays bounds the search of Next: five years.
const maxNextDays = 5*366 + 1

// Next returns the first occurrence of r strictly after t, in t's location,
// with seconds zero. Days are t's calendar days; on a day when a daylight
// saving change skips the clock, r fires at the change. Next returns the
// zero time for an invalid Recurrence, or if nothing occurs within five years.
func (r Recurrence) Next(t time.Time) time.Time {
	if !r.valid() {
		return time.Time{}
	}
	y, m, d := t.Date()
	for i := range maxNextDays {
		day := time.Date(y, m, d+i, 12, 0, 0, 0, time.UTC) // calendar arithmetic only
		if !r.on(day) {
			continue
		}
		at := wallClock(day.Year(), day.Month(), day.Day(), r.Hour, r.Minute, t.Location())
		if at.After(t) {
			return at
		}
	}
	return time.Time{}
}

// wallClock is h:m on day y-m-d in loc, or, when a daylight saving change
// skips that clock, the instant of the change: the first one after h:m.
func wallClock(y int, m time.Month, d, h, minute int, loc *time.Location) time.Time {
	at := time.Date(y, m, d, h, minute, 0, 0, loc)
	if at.Hour() == h && at.Minute() == minute {
		return at
	}
	// time.Date put at on one side of the change, in the zone of that side.
	start, end := at.ZoneBounds()
	change := start
	if at.Hour()*60+at.Minute() < h*60+minute {
		change = end
	}
	if change.IsZero() {
		return at
	}
	return change
}

// on reports whether r fires on day's calendar day.
func (r Recurrence) on(day time.Time) bool {
	last := monthLength(day.Year(), day.Month())
	switch r.Kind {
	case RecurDaily:
		return true
	case RecurWeekly:
		return day.Weekday() == r.Weekday
	case RecurMonthDay:
		return day.Day() == min(r.Day, last)
	case RecurMonthEnd:
		return day.Day() == last
	case RecurQuarterEnd:
		return day.Month()%3 == 0 && day.Day() == last
	case RecurWorkdays:
		return Workday(day)
	}
	return false
}

// monthLength is the number of days of month m of year y.
func monthLength(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

// MinInterval is the shortest gap between two occurrences of r, counting
// days of 24 hours (a daylight saving change may shorten one gap by an
// hour), or 0 for an invalid Recurrence. Callers use it to refuse schedules
// that fire too often.
func (r Recurrence) MinInterval() time.Duration {
	const day = 24 * time.Hour
	if !r.valid() {
		return 0
	}
	switch r.Kind {
	case RecurWeekly:
		return 7 * day
	case RecurMonthDay:
		// February is the short month: the 1st–28th come 28 days apart
		// after it, the 29th and 30th 29 days apart (Feb 28 to Mar 29 or
		// Jan 30 to Feb 28), the 31st 28 days apart (Jan 31 to Feb 28).
		if r.Day == 29 || r.Day == 30 {
			return 29 * day
		}
		return 28 * day
	case RecurMonthEnd:
		return 28 * day // Jan 31 to Feb 28
	case RecurQuarterEnd:
		return 90 * day // Dec 31 to Mar 31 of a common year
	}
	return day // daily; workdays come a day apart from Monday to Friday
}

// String writes r back in Chinese as ParseRecurrence reads it, for
// listings: "每周五 15:00", "每月最后一天 09:00", "工作日 08:30". It is empty
// for an invalid Recurrence.
func (r Recurrence) String() string {
	if !r.valid() {
		return ""
	}
	var days string
	switch r.Kind {
	case RecurDaily:
		days = "每天"
	case RecurWeekly:
		days = "每周" + []string{"日", "一", "二", "三", "四", "五", "六"}[r.Weekday]
	case RecurMonthDay:
		days = fmt.Sprintf("每月%d日", r.Day)
	case RecurMonthEnd:
		days = "每月最后一天"
	case RecurQuarterEnd:
		days = "每季度末"
	case RecurWorkdays:
		days = "工作日"
	}
	return fmt.Sprintf("%s %02d:%02d", days, r.Hour, r.Minute)
}
