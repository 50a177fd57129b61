package cntime

import (
	"strings"
	"time"
)

// ParseDeadline reads a deadline phrase (a pledge's or a call's 截止) as
// ParseTimeAhead does, and returns the inclusive end it names.
func ParseDeadline(s string, now time.Time) (When, error) {
	w, err := ParseTimeAhead(s, now)
	if err != nil {
		return When{}, &TimeError{Input: strings.TrimSpace(s), Reason: err.(*TimeError).Reason}
	}
	if !w.HasClock || w.Chosen == ChoicePartHour {
		w.Time = DayAt(w.Time, 23, 59)
		w.HasClock, w.Chosen = false, ChoiceNone
	}
	return w, nil
}
