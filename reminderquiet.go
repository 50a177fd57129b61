package zhibu

import "time"

// When a custom reminder is really sent, for the replies that show it: a
// branch's quiet hours hold a branch reminder due in them until they end; a
// member's own is not held (CustomOccurrence). Nothing is moved silently.

const (
	// heldLookback is how long before now an occurrence may be due and still
	// be held back by quiet hours: they last less than a day.
	heldLookback = 24 * time.Hour
	// heldLookahead is how far ahead FirstHeld looks beyond the first
	// occurrence: a week shows any weekly pattern.
	heldLookahead = 8 * 24 * time.Hour
)

// NextSend is the occurrence of r, by its schedule next, that is sent next
// after now: the first whose SendAt is after now, one due before now and
// still held by quiet hours included. ok is false when none comes.
func NextSend(v *BranchView, r Reminder, next NextFunc, now time.Time) (o Occurrence, ok bool) {
	birth := born(r.CreatedAt, r.UpdatedAt)
	for t, n := next(now.Add(-heldLookback)), 0; !t.IsZero() && n < maxRecurrenceSteps; t, n = next(t), n+1 {
		if t.Before(birth) {
			continue
		}
		if o := CustomOccurrence(v, r, t); o.SendAt().After(now) {
			return o, true
		}
	}
	return Occurrence{}, false
}

// FirstHeld is the first occurrence of r after now that quiet hours hold
// back, among its next one and those in the week after; ok is false when
// none is.
func FirstHeld(v *BranchView, r Reminder, next NextFunc, now time.Time) (o Occurrence, ok bool) {
	until := now.Add(heldLookahead)
	for t, n := next(now), 0; !t.IsZero() && (n == 0 || t.Before(until)) && n < maxRecurrenceSteps; t, n = next(t), n+1 {
		if o := CustomOccurrence(v, r, t); o.Held() {
			return o, true
		}
	}
	return Occurrence{}, false
}
