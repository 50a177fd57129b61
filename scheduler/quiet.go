package scheduler

import "time"

// Quiet hours are a daily period, given as minutes after local midnight,
// during which only urgent reminders are sent. start may be after end (the
// period crosses midnight, e.g. 22:00–07:30, the default); start == end
// means no quiet hours. The defaults live with the branch settings
// (zhibu.Settings).

// InQuiet reports whether t falls in the quiet hours [start, end) on the
// wall clock of loc.
func InQuiet(t time.Time, start, end int, loc *time.Location) bool {
	if start == end {
		return false
	}
	lt := t.In(loc)
	m := lt.Hour()*60 + lt.Minute()
	if start < end {
		return m >= start && m < end
	}
	return m >= start || m < end
}

// QuietEnd returns the next moment after t at which a quiet period ends: for
// t inside the quiet hours, the end of the current period. With no quiet
// hours (start == end) it returns t.
func QuietEnd(t time.Time, start, end int, loc *time.Location) time.Time {
	if start == end {
		return t
	}
	lt := t.In(loc)
	y, mo, d := lt.Date()
	e := time.Date(y, mo, d, end/60, end%60, 0, 0, loc)
	if !e.After(t) {
		e = time.Date(y, mo, d+1, end/60, end%60, 0, 0, loc)
	}
	return e
}

// quietShift returns when a non-urgent occurrence due at t may be sent: t
// itself, or the end of the quiet period t falls in.
func quietShift(t time.Time, start, end int, loc *time.Location) time.Time {
	if InQuiet(t, start, end, loc) {
		return QuietEnd(t, start, end, loc)
	}
	return t
}
