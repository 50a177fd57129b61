package app

import (
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/zhibu/zhibu"
)

// holidayWarnEvery is how often, on the program's clock, the log repeats
// that a year's holiday arrangement is missing.
const holidayWarnEvery = 24 * time.Hour

// holidayWatch warns the administrator in the log, when the program starts
// and then once a day while it runs, that a year's holiday arrangement is
// missing or only provisional (zhibu.HolidayGapAt, on the calendar of the
// default time zone). The 书记 concerned are told by the reminder engine
// (zhibu.KindHolidays).
type holidayWatch struct {
	now func() time.Time
	loc *time.Location
	log *slog.Logger

	mu   sync.Mutex
	last time.Time // the last warning; zero: none yet
}

// check warns when a year is missing and no warning was given for a day.
func (w *holidayWatch) check() {
	now := w.now()
	gap, ok := zhibu.HolidayGapAt(now.In(w.loc))
	if !ok {
		return
	}
	w.mu.Lock()
	due := w.last.IsZero() || now.Sub(w.last) >= holidayWarnEvery
	if due {
		w.last = now
	}
	w.mu.Unlock()
	if !due {
		return
	}
	state := "missing"
	if gap.Provisional {
		state = "provisional"
	}
	w.log.Warn("holiday arrangement not known: workday reminders may fire on a day off or miss a make-up working day",
		"year", gap.Year, "state", state,
		"fix", fmt.Sprintf("add the State Council's %d notice to the ZHIBU_HOLIDAYS file or to cntime/holidays.txt (README: 节假日安排 / Holiday calendar)", gap.Year))
}

// holidayZone is the zone whose calendar decides when a year is awaited:
// the default zone of new branches.
func holidayZone(name string) *time.Location {
	if name == "" {
		name = zhibu.DefaultTimeZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC // bot.New refuses a bad zone before this is used
	}
	return loc
}
