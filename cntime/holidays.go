package cntime

import (
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"
)

// China's public holidays (法定节假日) and make-up working days (调休), as
// arranged each year by the State Council (国务院办公厅关于部分节假日安排的通知).
//
// To add a year, add one entry to holidayTable, copied from that year's
// notice: for each holiday the first and last day off ("1月1日至3日放假" is
// {"元旦", "2026-01-01", "2026-01-03", ""}), and every weekend day that is a
// working day ("1月4日（周日）上班" is "2026-01-04"). The key is the year of
// the notice; a make-up day may fall in the year before. The table is checked
// when first used (and by TestHolidayTable): every make-up day must be a
// Saturday or a Sunday, and no day both off and working. Years not in the
// table have no holidays: there every Monday to Friday is a working day.

// holidaySpan is one holiday's days off, from and to inclusive, "2006-01-02",
// and, for a holiday on a lunar or solar-term date, the festival's own day
// (春节 is 正月初一, not the first day off): what "中秋" names in a time.
type holidaySpan struct {
	name     string
	from, to string
	day      string
}

// holidayArrangement is one year's notice.
type holidayArrangement struct {
	off  []holidaySpan
	work []string // weekend days that are working days (调休上班)
}

// holidayTable holds the notices by year.
var holidayTable = map[int]holidayArrangement{
	// 国办发明电〔2025〕7号.
	2026: {
		off: []holidaySpan{
			{"元旦", "2026-01-01", "2026-01-03", ""},
			{"春节", "2026-02-15", "2026-02-23", "2026-02-17"},
			{"清明节", "2026-04-04", "2026-04-06", "2026-04-05"},
			{"劳动节", "2026-05-01", "2026-05-05", ""},
			{"端午节", "2026-06-19", "2026-06-21", "2026-06-19"},
			{"中秋节", "2026-09-25", "2026-09-27", "2026-09-25"},
			{"国庆节", "2026-10-01", "2026-10-07", ""},
		},
		work: []string{
			"2026-01-04",
			"2026-02-14", "2026-02-28",
			"2026-05-09",
			"2026-09-20", "2026-10-10",
		},
	},
	// Provisional, replace when the State Council publishes the 2027
	// arrangement. Derived from the statutory days (元旦 1, 春节 除夕 to 初三,
	// 清明 1, 劳动节 May 1–2, 端午 1, 中秋 1, 国庆 Oct 1–3), the lunar dates
	// (除夕 Feb 5, 清明 Apr 5, 端午 Jun 9, 中秋 Sep 15) and the patterns of
	// past notices: a statutory day on a weekend is given back on a weekday,
	// 春节 is 8 days from 除夕, 劳动节 5 days, 国庆 7 days, and a holiday on a
	// Wednesday stands alone.
	2027: {
		off: []holidaySpan{
			{"元旦", "2027-01-01", "2027-01-03", ""},
			{"春节", "2027-02-05", "2027-02-12", "2027-02-06"},
			{"清明节", "2027-04-03", "2027-04-05", "2027-04-05"},
			{"劳动节", "2027-05-01", "2027-05-05", ""},
			{"端午节", "2027-06-09", "2027-06-09", "2027-06-09"},
			{"中秋节", "2027-09-15", "2027-09-15", "2027-09-15"},
			{"国庆节", "2027-10-01", "2027-10-07", ""},
		},
		work: []string{
			"2027-01-31", "2027-02-13",
			"2027-05-08",
			"2027-09-26", "2027-10-09",
		},
	},
}

// holidayCalendar is holidayTable by civil day (see civilDay).
type holidayCalendar struct {
	off  map[int]string // day → holiday name
	work map[int]bool   // 调休 make-up working days
}

// parsedHolidays is holidayTable parsed once. The table is code, so a mistake in
// it is a bug that panics and that TestHolidayTable catches.
var parsedHolidays = sync.OnceValue(func() holidayCalendar {
	c, err := parseHolidayTable(holidayTable)
	if err != nil {
		panic(err)
	}
	return c
})

// parseHolidayTable indexes a holiday table by civil day.
func parseHolidayTable(table map[int]holidayArrangement) (holidayCalendar, error) {
	c := holidayCalendar{off: map[int]string{}, work: map[int]bool{}}
	for year, a := range table {
		for _, s := range a.off {
			from, err1 := parseCivilDay(s.from)
			to, err2 := parseCivilDay(s.to)
			if err1 != nil || err2 != nil || from > to {
				return holidayCalendar{}, fmt.Errorf("holidays %d: bad span %s %s–%s", year, s.name, s.from, s.to)
			}
			for d := from; d <= to; d++ {
				c.off[d] = s.name
			}
		}
		for _, w := range a.work {
			t, err := time.Parse(time.DateOnly, w)
			if err != nil || (t.Weekday() != time.Saturday && t.Weekday() != time.Sunday) {
				return holidayCalendar{}, fmt.Errorf("holidays %d: %s is not a weekend day", year, w)
			}
			c.work[civilDay(t.Date())] = true
		}
	}
	for d := range c.work {
		if _, ok := c.off[d]; ok {
			return holidayCalendar{}, fmt.Errorf("holidays: day %d both off and working", d)
		}
	}
	return c, nil
}

// parseCivilDay reads "2006-01-02" as a civil day.
func parseCivilDay(s string) (int, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, err
	}
	return civilDay(t.Date()), nil
}

// Workday reports whether t's day, in t's location, is a working day in
// China: Monday to Friday unless a public holiday, and the weekend days that
// are 调休 make-up working days. Years missing from the table (see
// HolidayYears) count every Monday to Friday.
func Workday(t time.Time) bool {
	d := civilDay(t.Date())
	c := parsedHolidays()
	if c.work[d] {
		return true
	}
	if _, off := c.off[d]; off {
		return false
	}
	return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday
}

// Holiday returns the name of the public holiday ("国庆节") whose days off
// include t's day in t's location, weekends inside the holiday included.
func Holiday(t time.Time) (name string, ok bool) {
	name, ok = parsedHolidays().off[civilDay(t.Date())]
	return name, ok
}

// FestivalDay is the first day on or after from's day (in from's
// location) of the festival name as the holiday table gives it (春节,
// 清明节, 端午节, 中秋节), and false when the table has none ahead: lunar
// dates come from the State Council's notices, not from an algorithm.
func FestivalDay(name string, from time.Time) (time.Time, bool) {
	today := civilDay(from.Date())
	best := 0
	for _, a := range holidayTable {
		for _, sp := range a.off {
			if sp.name != name || sp.day == "" {
				continue
			}
			d, err := parseCivilDay(sp.day)
			if err == nil && d >= today && (best == 0 || d < best) {
				best = d
			}
		}
	}
	if best == 0 {
		return time.Time{}, false
	}
	return from.AddDate(0, 0, best-today), true
}

// HolidayYears returns, in order, the years whose holiday arrangement is
// known; Workday and Holiday know no holidays in other years.
func HolidayYears() []int {
	return slices.Sorted(maps.Keys(holidayTable))
}
