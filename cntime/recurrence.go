package cntime

import (
	"fmt"
	"strings"
	"time"
)

// RecurrenceKind says on which days a Recurrence fires.
type RecurrenceKind int

// Kinds of Recurrence. The values are not stored anywhere (a reminder keeps
// its schedule as written), so new kinds may come in any order.
const (
	RecurNone       RecurrenceKind = iota // the zero Recurrence: never
	RecurDaily                            // 每天
	RecurWeekly                           // 每周五: on Weekday
	RecurMonthDay                         // 每月15日: on Day, or the month's last day if shorter
	RecurMonthEnd                         // 每月最后一天
	RecurQuarterEnd                       // 每季度末: Mar 31, Jun 30, Sep 30, Dec 31
	RecurWorkdays                         // 工作日: see Workday

	RecurYearDay     // 每年6月30日: on Day of Month (2月29日 on Feb 28 in a common year)
	RecurQuarterDay  // 每季度第一个月10日: on Day of the Month-th month of each quarter
	RecurHalfYearDay // 每半年第一个月1日: on Day of the Month-th month of each half-year
	RecurHalfYearEnd // 每半年末: Jun 30, Dec 31

	RecurMonthFirstWorkday    // 每月第一个工作日
	RecurMonthLastWorkday     // 每月最后一个工作日
	RecurQuarterFirstWorkday  // 每季度第一个工作日
	RecurQuarterLastWorkday   // 每季度最后一个工作日
	RecurHalfYearFirstWorkday // 每半年第一个工作日
	RecurHalfYearLastWorkday  // 每半年最后一个工作日
)

// Recurrence is a repeating schedule written in Chinese: a kind of day and a
// time of day. Fields a kind does not use are zero, so two equal schedules
// compare equal with ==.
type Recurrence struct {
	Kind    RecurrenceKind
	Weekday time.Weekday // RecurWeekly
	// Month is the month of the year (RecurYearDay: 1–12) or of the period
	// (RecurQuarterDay: 1–3, RecurHalfYearDay: 1–6; 1 is January, April,
	// July and October for a quarter, January and July for a half-year).
	Month int
	// Day is the day of the month: 1–31 for RecurMonthDay, RecurQuarterDay
	// and RecurHalfYearDay (the last day of a shorter month), and for
	// RecurYearDay a day that Month has in a leap year.
	Day    int
	Hour   int // 0–23
	Minute int // 0–59
}

// defaultRecurrenceHour is the time of a schedule written without one.
const defaultRecurrenceHour = 9

// ParseRecurrence reads a repeating schedule as people write it in Chinese.
// The error is a *TimeError whose reason is TimeUnrecognized, TimeImpossible
// (每月32日, 每年2月30日, 每季度第四个月, 每天25点) or TimeAmbiguous (每天9:5,
// 每天晚上12点).
//
// A schedule is a day word followed by an optional clock, written as for
// ParseTime (9点, 早上9点, 21:00, 8点半, 下午3点; spaces and an optional 的
// between are fine; full-width and traditional forms are folded):
//
//	every day:             每天 每日 天天
//	a day of the week:     每周X 每星期X 每礼拜X 每个星期X 每个礼拜X (X: 一…六 日 天 1…7)
//	a day of the month:    每月N日 每月N号 每个月N日 (N: 1–31); 每月初 每月第一天 (the 1st)
//	the month's last day:  每月最后一天 每月底 每月末 每个月底
//	a day of the year:     每年M月N日 每年M月N号; 每年M月 每年M月份 (the 1st); 每年M月底 (its last day);
//	                       每年年初 (1月1日); 每年年底 每年底 (12月31日); 每年七一 and the other fixed
//	                       named dates: 元旦 三八 妇女节 植树节 五一 劳动节 五四 青年节 六一 儿童节
//	                       七一 建党节 党的生日 八一 建军节 教师节 国庆 国庆节 公祭日
//	a day of each quarter: 每季度第K个月[N日] (K: 1–3; 第一个月 is Jan, Apr, Jul, Oct; the 1st without N);
//	                       每季度初 每季度第一天 (Jan 1, Apr 1, Jul 1, Oct 1)
//	a quarter's last day:  每季度末 每季末 每季度最后一天 每个季度末 (Mar 31, Jun 30, Sep 30, Dec 31)
//	a day of each half:    每半年 每半年初 每半年第一天 (Jan 1, Jul 1); 每半年第K个月[N日] (K: 1–6)
//	a half-year's last day: 每半年末 每半年底 每半年最后一天 (Jun 30, Dec 31)
//	a period's first or last working day:
//	                       每月第一个工作日 每月最后一个工作日 (also 首个工作日, 最后工作日),
//	                       每季度第一个工作日 每季度最后一个工作日, 每半年第一个工作日 每半年最后一个工作日
//	working days:          工作日 工作日每天 每个工作日 每工作日 (see Workday)
//
// 每季, 每个季度, 每个半年 and 每个月 may stand for 每季度, 每半年 and 每月,
// and a 的 may follow them (每月的最后一个工作日).
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
//     The same holds for a day of each quarter or half-year (每季度第二个月31日
//     is Feb 28, May 31, Aug 31, Nov 30) and for 每年2月29日 (Feb 28 in a
//     common year: a yearly reminder that skipped three years in four would
//     be worse). A day no year has (每年2月30日, 每年6月31日) is TimeImpossible.
//   - A period written without a day means its first day (每年6月 is 6月1日,
//     每季度第一个月 the 1st, 每半年 Jan 1 and Jul 1), as 月初 does in ParseTime.
//     These are calendar days, holidays or not: 每季度初 and 每半年 fire on
//     元旦 too. The reply to a new reminder shows the date and weekday of its
//     next time, and whoever wants a working day writes the workday kind
//     (每季度第一个工作日), which is what a secretary usually means.
//   - The first and last working days follow Workday: public holidays are
//     skipped and 调休 make-up days count, so they depend on the State
//     Council's notice for the year (see UsesWorkdays); in a year the table
//     lacks they are the first and last Monday to Friday.
//   - Only fixed dates are named after 每年: the lunar festivals (每年春节,
//     每年中秋) move from year to year and are TimeUnrecognized.
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
	if r.Kind != RecurWeekly && r.Weekday != 0 {
		return false
	}
	switch r.Kind {
	case RecurWeekly:
		return r.Month == 0 && r.Day == 0 && r.Weekday >= time.Sunday && r.Weekday <= time.Saturday
	case RecurMonthDay:
		return r.Month == 0 && r.Day >= 1 && r.Day <= 31
	case RecurYearDay:
		return r.Month >= 1 && r.Month <= 12 && r.Day >= 1 && r.Day <= monthLength(2000, time.Month(r.Month))
	case RecurQuarterDay:
		return r.Month >= 1 && r.Month <= monthsOfQuarter && r.Day >= 1 && r.Day <= 31
	case RecurHalfYearDay:
		return r.Month >= 1 && r.Month <= monthsOfHalf && r.Day >= 1 && r.Day <= 31
	case RecurDaily, RecurMonthEnd, RecurQuarterEnd, RecurWorkdays, RecurHalfYearEnd:
		return r.Month == 0 && r.Day == 0
	}
	_, _, ok := workdayPeriod(r.Kind)
	return ok && r.Month == 0 && r.Day == 0
}

// workdayPeriod gives, for a kind that fires on a period's first or last
// working day, the length of the period in months and whether it is the
// first; ok is false for the other kinds.
func workdayPeriod(k RecurrenceKind) (months int, first, ok bool) {
	switch k {
	case RecurMonthFirstWorkday:
		return 1, true, true
	case RecurMonthLastWorkday:
		return 1, false, true
	case RecurQuarterFirstWorkday:
		return monthsOfQuarter, true, true
	case RecurQuarterLastWorkday:
		return monthsOfQuarter, false, true
	case RecurHalfYearFirstWorkday:
		return monthsOfHalf, true, true
	case RecurHalfYearLastWorkday:
		return monthsOfHalf, false, true
	}
	return 0, false, false
}

// UsesWorkdays reports whether r's days depend on the holiday table (see
// Workday): 工作日 and the first and last working days of a period. It is
// false for an invalid Recurrence.
func (r Recurrence) UsesWorkdays() bool {
	_, _, ok := workdayPeriod(r.Kind)
	return r.valid() && (ok || r.Kind == RecurWorkdays)
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
	if months, first, ok := workdayPeriod(r.Kind); ok {
		return r.nextPeriodWorkday(t, months, first)
	}
	y, m, d := t.Date()
	for i := 0; i < maxNextDays; i++ {
		day := time.Date(y, m, d+i, 12, 0, 0, 0, time.UTC) // calendar arithmetic only
		if !r.inMonth(day.Month()) {
			i += monthLength(day.Year(), day.Month()) - day.Day() // on to the next month's 1st
			continue
		}
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

// nextPeriodWorkday is Next for the first (or last) working day of each
// period of months months: period by period from t's, that day at r's
// clock, within five years.
func (r Recurrence) nextPeriodWorkday(t time.Time, months int, first bool) time.Time {
	y, m, _ := t.Date()
	m -= time.Month((int(m) - 1) % months) // the first month of t's period
	for k := range 5*12/months + 1 {
		day, ok := periodWorkday(time.Date(y, m+time.Month(k*months), 1, 12, 0, 0, 0, time.UTC), months, first)
		if !ok {
			continue
		}
		if at := wallClock(day.Year(), day.Month(), day.Day(), r.Hour, r.Minute, t.Location()); at.After(t) {
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

// on reports whether r fires on day's calendar day, for the kinds Next
// walks day by day (not the first and last working days of a period).
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
		return day.Month()%monthsOfQuarter == 0 && day.Day() == last
	case RecurWorkdays:
		return Workday(day)
	case RecurYearDay:
		return int(day.Month()) == r.Month && day.Day() == min(r.Day, last)
	case RecurQuarterDay:
		return monthOfPeriod(day.Month(), monthsOfQuarter) == r.Month && day.Day() == min(r.Day, last)
	case RecurHalfYearDay:
		return monthOfPeriod(day.Month(), monthsOfHalf) == r.Month && day.Day() == min(r.Day, last)
	case RecurHalfYearEnd:
		return day.Month()%monthsOfHalf == 0 && day.Day() == last
	}
	return false
}

// inMonth reports whether r may fire in month m at all, so that Next can
// pass over the other months.
func (r Recurrence) inMonth(m time.Month) bool {
	switch r.Kind {
	case RecurYearDay:
		return int(m) == r.Month
	case RecurQuarterDay:
		return monthOfPeriod(m, monthsOfQuarter) == r.Month
	case RecurHalfYearDay:
		return monthOfPeriod(m, monthsOfHalf) == r.Month
	case RecurQuarterEnd:
		return m%monthsOfQuarter == 0
	case RecurHalfYearEnd:
		return m%monthsOfHalf == 0
	}
	return true
}

// monthOfPeriod is m's place, from 1, in its period of months months
// (quarters or half-years, counted from January).
func monthOfPeriod(m time.Month, months int) int {
	return (int(m)-1)%months + 1
}

// periodWorkday is the first (or last) working day of the period of
// months months that starts on start, a calendar day at noon UTC; false if
// the period has none.
func periodWorkday(start time.Time, months int, first bool) (time.Time, bool) {
	end := start.AddDate(0, months, 0)
	day, step := start, 1
	if !first {
		day, step = end.AddDate(0, 0, -1), -1
	}
	for ; !day.Before(start) && day.Before(end); day = day.AddDate(0, 0, step) {
		if Workday(day) {
			return day, true
		}
	}
	return time.Time{}, false
}

// monthLength is the number of days of month m of year y.
func monthLength(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

// MinInterval is the shortest gap between two occurrences of r, counting
// days of 24 hours (a daylight saving change may shorten one gap by an
// hour), or 0 for an invalid Recurrence. Callers use it to refuse schedules
// that fire too often. For the first and last working days of a period it
// is a lower bound that holds for any holiday arrangement with no more than
// maxDaysOff days off in a row.
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
	case RecurYearDay, RecurQuarterDay, RecurHalfYearDay, RecurHalfYearEnd:
		return r.calendarMinGap()
	case RecurDaily, RecurWorkdays:
		return day // workdays come a day apart from Monday to Friday
	}
	// A period's first working day is at most maxDaysOff days after its
	// start and the next period's on or after that one's start, so they
	// are at least the period's length less maxDaysOff apart; the same
	// holds for the last working days, counted back from the ends.
	shortest := 181 // Jan–Jun of a common year
	switch months, _, _ := workdayPeriod(r.Kind); months {
	case 1:
		shortest = 28 // February
	case monthsOfQuarter:
		shortest = 90 // Jan–Mar of a common year
	}
	return time.Duration(shortest-maxDaysOff) * day
}

// maxDaysOff is the most days off in a row MinInterval allows for: the
// longest run in the State Council's notices is 9 days (春节 2026), weekends
// included, and 12 leaves room.
const maxDaysOff = 12

// calendarMinGap is the shortest gap between two occurrences of a
// Recurrence that does not depend on holidays: the calendar repeats its
// month lengths every four years (2000 is a leap year), so those years
// hold every gap. It runs in UTC, where days have 24 hours.
func (r Recurrence) calendarMinGap() time.Duration {
	shortest := time.Duration(1<<63 - 1)
	prev := r.Next(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	for !prev.IsZero() && prev.Year() < 2004 {
		next := r.Next(prev)
		shortest = min(shortest, next.Sub(prev))
		prev = next
	}
	return shortest
}

// cnOrdinals are the months of a period as 第K个月 writes them.
var cnOrdinals = []string{"", "一", "二", "三", "四", "五", "六"}

// String writes r back in Chinese as ParseRecurrence reads it to the same
// value, for listings: "每周五 15:00", "每月最后一天 09:00", "工作日 08:30",
// "每年6月30日 09:00", "每季度第一个月10日 09:00", "每半年第一天 09:00".
// It is empty for an invalid Recurrence.
func (r Recurrence) String() string {
	if !r.valid() {
		return ""
	}
	return fmt.Sprintf("%s %02d:%02d", r.days(), r.Hour, r.Minute)
}

// days is the day part of String.
func (r Recurrence) days() string {
	switch r.Kind {
	case RecurDaily:
		return "每天"
	case RecurWeekly:
		return "每周" + []string{"日", "一", "二", "三", "四", "五", "六"}[r.Weekday]
	case RecurMonthDay:
		return fmt.Sprintf("每月%d日", r.Day)
	case RecurMonthEnd:
		return "每月最后一天"
	case RecurQuarterEnd:
		return "每季度末"
	case RecurWorkdays:
		return "工作日"
	case RecurYearDay:
		return fmt.Sprintf("每年%d月%d日", r.Month, r.Day)
	case RecurQuarterDay, RecurHalfYearDay:
		period := "每季度"
		if r.Kind == RecurHalfYearDay {
			period = "每半年"
		}
		if r.Month == 1 && r.Day == 1 {
			return period + "第一天"
		}
		return fmt.Sprintf("%s第%s个月%d日", period, cnOrdinals[r.Month], r.Day)
	case RecurHalfYearEnd:
		return "每半年末"
	}
	months, first, _ := workdayPeriod(r.Kind)
	period := "每半年"
	switch months {
	case 1:
		period = "每月"
	case monthsOfQuarter:
		period = "每季度"
	}
	if first {
		return period + "第一个工作日"
	}
	return period + "最后一个工作日"
}
