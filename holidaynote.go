package zhibu

import (
	"fmt"
	"strings"
	"time"

	"github.com/zhibu/zhibu/cntime"
)

// A reminder on working days (工作日) follows the State Council's holiday
// arrangement (cntime's holiday table): it is silent on the days off and
// fires on the weekend days that are make-up working days (调休). Without the
// year's arrangement it would fire on a day off and miss a make-up day, so
// from December the administrator is warned in the log (cmd/zhibu/app) and
// the 书记 of each branch with such a reminder once, privately.

// HolidayGap is a year whose holiday arrangement zhibu lacks.
type HolidayGap struct {
	Year int
	// Provisional: the year is in the table, derived and not published;
	// else it is missing.
	Provisional bool
}

// HolidayGapAt returns, at now (on now's calendar), the year whose holiday
// arrangement is needed and not known: this year, or from December 1st the
// next, when missing from the table or only provisional; this year first.
// December 1st: the State Council publishes the coming year's notice in
// October or November (2026's, 国办发明电〔2025〕7号, in November 2025), and
// the first make-up day may come early in January.
func HolidayGapAt(now time.Time) (HolidayGap, bool) {
	years := []int{now.Year()}
	if now.Month() == time.December {
		years = append(years, now.Year()+1)
	}
	for _, y := range years {
		a, ok := cntime.HolidayArrangementOf(y)
		if !ok || a.Provisional {
			return HolidayGap{Year: y, Provisional: ok}, true
		}
	}
	return HolidayGap{}, false
}

// holidayGapIn reports whether some day of [from, to] has a HolidayGapAt.
func holidayGapIn(from, to time.Time) bool {
	for d := from; ; d = d.Add(24 * time.Hour) {
		if d.After(to) {
			d = to
		}
		if _, ok := HolidayGapAt(d); ok {
			return true
		}
		if d.Equal(to) {
			return false
		}
	}
}

// holidayOccurrences: the note to a branch's 书记 that the arrangement of
// a HolidayGapAt year is missing, the first morning in [from, to) with a
// gap and not before since (when the branch first had a reminder on working
// days). Its key is the branch and the year, so it is sent once a year
// whatever the days it is listed on; found late, it is still sent until the
// year ends.
func holidayOccurrences(v *BranchView, since, from, to time.Time) []Occurrence {
	var out []Occurrence
	seen := map[int]bool{}
	for d := atHour(from, MorningHour, v.Location()); d.Before(to); d = d.AddDate(0, 0, 1) {
		gap, ok := HolidayGapAt(d)
		if !ok || seen[gap.Year] || !due(d, since, from, to) {
			continue
		}
		seen[gap.Year] = true
		out = append(out, Occurrence{Key: fmt.Sprintf("holidays:%d:%d", v.ID, gap.Year), Branch: v, FireAt: d,
			Policy: PolicyDeadline, Expires: time.Date(gap.Year+1, time.January, 1, 0, 0, 0, 0, v.Location()),
			Kind: KindHolidays, Ref: int64(gap.Year)})
	}
	return out
}

// holidayNotes lists the holiday notes of the branches whose live
// reminders rs include one on working days; nothing while no day of the
// window lacks its arrangement.
func (a *Agenda) holidayNotes(views map[int64]*BranchView, rs []Reminder, from, to time.Time) []Occurrence {
	if !holidayGapIn(from, to) {
		return nil
	}
	since := map[int64]time.Time{} // branch → its earliest reminder on working days
	for _, r := range rs {
		if r.Paused || !a.onWorkdays(r.Spec) {
			continue
		}
		b := born(r.CreatedAt, r.UpdatedAt)
		if s, ok := since[r.BranchID]; !ok || b.Before(s) {
			since[r.BranchID] = b
		}
	}
	var out []Occurrence
	for id, s := range since {
		if v, ok := views[id]; ok {
			out = append(out, holidayOccurrences(v, s, from, to)...)
		}
	}
	return out
}

// onWorkdays reports whether a reminder's spec fires on working days,
// reading each spec once.
func (a *Agenda) onWorkdays(spec string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	w, ok := a.workdaySpecs[spec]
	if !ok {
		if a.workdaySpecs == nil {
			a.workdaySpecs = map[string]bool{}
		}
		w = usesWorkdays(spec)
		a.workdaySpecs[spec] = w
	}
	return w
}

// usesWorkdays reports whether a recurring spec is a Chinese schedule on
// working days (工作日, 每月最后一个工作日 …); a cron spec counts weekdays
// without the holiday table.
func usesWorkdays(spec string) bool {
	if spec == "" || strings.HasPrefix(spec, cronPrefix) {
		return false
	}
	rec, err := cntime.ParseRecurrence(spec)
	return err == nil && rec.UsesWorkdays()
}
