package cntime

import (
	_ "embed"
	"io"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// China's public holidays (法定节假日) and make-up working days (调休), as
// arranged each year by the State Council (国务院办公厅关于部分节假日安排的通知).
//
// The arrangement is data: holidays.txt, built into the program, one
// section a year copied from that year's notice (its header says the
// format). A deployment adds or replaces years with LoadHolidays. Years not
// in the table have no holidays: there every Monday to Friday is a working
// day.

// embeddedName is the name of the built-in table in errors and in
// HolidayArrangement.Source.
const embeddedName = "holidays.txt"

//go:embed holidays.txt
var embeddedHolidays string

// HolidayArrangement describes one year of the holiday table.
type HolidayArrangement struct {
	Year int
	// Notice is the State Council notice the year was copied from
	// ("国办发明电〔2025〕7号"); empty when Provisional.
	Notice string
	// Provisional means the year was derived from the statutory days and
	// the patterns of past notices, not published: replace it when the
	// notice comes out.
	Provisional bool
	// Source is the file the year was read from: "holidays.txt" for the
	// table built into the program, else the name given to LoadHolidays.
	Source string
}

// holidayCalendar is the table in use, indexed by civil day (see
// civilDay). It is never changed once built: LoadHolidays builds another.
type holidayCalendar struct {
	years     map[int]holidayYear
	off       map[int]string   // day → holiday name ("中秋节、国庆节" for a combined one)
	work      map[int]bool     // 调休 make-up working days
	festivals map[string][]int // holiday name → its festival days, in order
}

var (
	// builtinHolidays is holidays.txt parsed once. It is part of the
	// program, so a mistake in it is a bug that panics, and that
	// TestHolidayTable catches.
	builtinHolidays = sync.OnceValue(func() *holidayCalendar {
		c, err := parseHolidays(embeddedHolidays, embeddedName, nil)
		if err != nil {
			panic(err)
		}
		return c
	})
	// loadedHolidays is the table after LoadHolidays; nil before.
	loadedHolidays atomic.Pointer[holidayCalendar]
	// loadMu makes concurrent LoadHolidays merge one after the other.
	loadMu sync.Mutex
)

// holidays is the table in use.
func holidays() *holidayCalendar {
	if c := loadedHolidays.Load(); c != nil {
		return c
	}
	return builtinHolidays()
}

// LoadHolidays reads a holiday file, in the format of the built-in
// holidays.txt, and merges it over the table in use: each year it gives
// replaces that year whole, the others stay. name is the file's name in
// errors, which read "name:line: what is wrong"; on an error the table in
// use is unchanged. It is safe to call while other goroutines read the
// table (Workday, Holiday, FestivalDay, HolidayYears …); they see the old
// table or the new one, never a mix.
func LoadHolidays(r io.Reader, name string) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return &holidayError{file: name, msg: err.Error()}
	}
	loadMu.Lock()
	defer loadMu.Unlock()
	c, err := parseHolidays(string(b), name, holidays().years)
	if err != nil {
		return err
	}
	loadedHolidays.Store(c)
	return nil
}

// Workday reports whether t's day, in t's location, is a working day in
// China: Monday to Friday unless a public holiday, and the weekend days that
// are 调休 make-up working days. Years missing from the table (see
// HolidayYears) count every Monday to Friday.
func Workday(t time.Time) bool {
	d := civilDay(t.Date())
	c := holidays()
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
// Two holidays given together (2023's 中秋节 and 国庆节) are one name joined
// with 、 ("中秋节、国庆节").
func Holiday(t time.Time) (name string, ok bool) {
	name, ok = holidays().off[civilDay(t.Date())]
	return name, ok
}

// FestivalDay is the first day on or after from's day (in from's
// location) of the festival name as the holiday table gives it (春节,
// 清明节, 端午节, 中秋节), and false when the table has none ahead: lunar
// dates come from the State Council's notices, not from an algorithm.
func FestivalDay(name string, from time.Time) (time.Time, bool) {
	today := civilDay(from.Date())
	days := holidays().festivals[name]
	i, _ := slices.BinarySearch(days, today)
	if i == len(days) {
		return time.Time{}, false
	}
	return from.AddDate(0, 0, days[i]-today), true
}

// HolidayYears returns, in order, the years whose holiday arrangement is
// known; Workday and Holiday know no holidays in other years. A known year
// may be provisional (see HolidayArrangementOf).
func HolidayYears() []int {
	return slices.Sorted(maps.Keys(holidays().years))
}

// HolidayArrangementOf describes the table's arrangement for year, and
// false when the table has none.
func HolidayArrangementOf(year int) (HolidayArrangement, bool) {
	y, ok := holidays().years[year]
	return y.HolidayArrangement, ok
}
