package cntime

import "time"

// DayAt is hour:minute on t's day, in t's location. On a day when a daylight
// saving change skips that clock, the result is normalized as time.Date
// does.
func DayAt(t time.Time, hour, minute int) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, hour, minute, 0, 0, t.Location())
}

// DaysBetween counts the calendar days from from's day to to's day, each in
// its own location: 1 from today to tomorrow whatever the clocks, 0 on the
// same day, negative when to's day comes first. Daylight saving changes do
// not shift the count.
func DaysBetween(from, to time.Time) int {
	return civilDay(to.Date()) - civilDay(from.Date())
}
