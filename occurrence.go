package zhibu

import (
	"cmp"
	"slices"
	"time"
)

// Policy says what happens to an occurrence found late, after downtime
// (docs/reminders.md).
type Policy int

// Catch-up policies.
const (
	// PolicyEvent: drop it once its event (Expires) has begun.
	PolicyEvent Policy = iota
	// PolicyDeadline: send it once, marked late, while still useful
	// (before Expires); drop it after.
	PolicyDeadline
	// PolicyRecurring: of a Series found late, send only the latest.
	PolicyRecurring
)

// OccurrenceKind says what a reminder is about.
type OccurrenceKind string

// The reminders zhibu sends by itself.
const (
	KindMeetingLead   OccurrenceKind = "meeting_lead"    // before a meeting, default 24 h and 1 h
	KindCheckIn       OccurrenceKind = "meeting_checkin" // the 签到 button, 30 minutes before
	KindPledgeDue     OccurrenceKind = "pledge_due"      // to the pledger, 7 and 1 days before the deadline
	KindPledgeDigest  OccurrenceKind = "pledge_digest"   // the day's due pledges of those not reachable privately
	KindOverdueDigest OccurrenceKind = "pledge_overdue"  // Mondays, overdue pledges to the officers
	KindCallNag       OccurrenceKind = "call_nag"        // who has not answered a pledge call
	KindStageStart    OccurrenceKind = "stage_start"     // 转段
	KindStageSoon     OccurrenceKind = "stage_soon"      // 7, 3 and 1 days before a stage ends
	KindStageSummary  OccurrenceKind = "stage_summary"   // the morning a stage ends
	KindCompliance    OccurrenceKind = "compliance"      // 三会一课 not yet held, 7, 3 and 1 days before a month ends
	KindAbsence       OccurrenceKind = "absence"         // absence streaks, on the 1st, to the 书记
	KindCustom        OccurrenceKind = "custom"          // a /remind reminder
	KindCloseNag      OccurrenceKind = "meeting_close"   // a meeting over and not closed, to its organiser
	KindHolidays      OccurrenceKind = "holidays"        // the year's holiday arrangement missing, once, to the 书记
)

// Occurrence is one reminder due at FireAt. Key is unique for all time
// (e.g. "meeting:12:lead:1440:1795000000"), so rescheduling an event gives
// new keys and the old ones simply never come due.
type Occurrence struct {
	Key     string
	Branch  *BranchView // the branch and its settings, read once per listing
	FireAt  time.Time
	Policy  Policy
	Expires time.Time // the event start or deadline; zero: never
	Urgent  bool      // may be sent in quiet hours
	Series  string    // occurrences of one recurring reminder
	Kind    OccurrenceKind
	Ref     int64  // the subject's id: meeting, pledge, call, stage or reminder; holidays: the year
	Number  int    // the subject's 编号, for display
	Title   string // a custom reminder's text, for display
	Late    bool   // set by Triage: found after its time
}

// BranchView is a branch as the reminder rules see it: the branch with its
// time zone and its settings (quiet hours, lead times, cadence rules).
type BranchView struct {
	Branch
	Settings Settings
}

// Quiet reports whether t falls in the branch's quiet hours [QuietStart,
// QuietEnd) on its wall clock; start may be after end (22:00–07:30), and
// start == end means no quiet hours.
func (v *BranchView) Quiet(t time.Time) bool {
	start, end := v.Settings.QuietStart, v.Settings.QuietEnd
	if start == end {
		return false
	}
	lt := t.In(v.Location())
	m := lt.Hour()*60 + lt.Minute()
	if start < end {
		return m >= start && m < end
	}
	return m >= start || m < end
}

// QuietEnd returns the next moment after t at which the branch's quiet
// period ends: for t inside the quiet hours, the end of the current period.
// With no quiet hours it returns t.
func (v *BranchView) QuietEnd(t time.Time) time.Time {
	start, end := v.Settings.QuietStart, v.Settings.QuietEnd
	if start == end {
		return t
	}
	loc := v.Location()
	lt := t.In(loc)
	y, mo, d := lt.Date()
	e := time.Date(y, mo, d, end/60, end%60, 0, 0, loc)
	if !e.After(t) {
		e = time.Date(y, mo, d+1, end/60, end%60, 0, 0, loc)
	}
	return e
}

// SendAt is when the occurrence may be sent: FireAt, or for one that is
// not urgent and due in quiet hours, the end of that quiet period.
func (o Occurrence) SendAt() time.Time {
	if o.Urgent || !o.Branch.Quiet(o.FireAt) {
		return o.FireAt
	}
	return o.Branch.QuietEnd(o.FireAt)
}

// ExpiredAt reports whether o is past its Expires at t, so that sending it
// would be useless.
func (o Occurrence) ExpiredAt(t time.Time) bool {
	return !o.Expires.IsZero() && !o.Expires.After(t)
}

// SortOccurrences orders occurrences by FireAt, then Key.
func SortOccurrences(occs []Occurrence) {
	slices.SortFunc(occs, func(a, b Occurrence) int {
		if c := a.FireAt.Compare(b.FireAt); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
}

// Triage is what a tick does with the occurrences due and not delivered.
type Triage struct {
	Send []Occurrence // to render and send now, Late set
	Drop []Occurrence // past their Expires: recorded, never sent
	Skip []Occurrence // older occurrences of a recurring series found late
	// Occurrences held back by quiet hours are in none of these: a later
	// tick finds them again.
}

// TriageAt decides at now what becomes of due, undelivered occurrences
// (the catch-up policies, docs/reminders.md):
//
//   - of each recurring Series only the latest is considered, the older
//     ones are skipped;
//   - an occurrence past its Expires is dropped;
//   - a non-urgent occurrence while its branch is in quiet hours is held;
//   - any other is sent, marked Late when found more than lateAfter after
//     its FireAt (or, for one held by quiet hours, after they ended): the
//     bot was not running when it was due.
//
// Each list is ordered by FireAt, then Key.
func TriageAt(occs []Occurrence, now time.Time, lateAfter time.Duration) Triage {
	due, older := latestOfSeries(occs)
	t := Triage{Skip: older}
	for _, o := range due {
		switch {
		case o.ExpiredAt(now):
			t.Drop = append(t.Drop, o)
		case !o.Urgent && o.Branch.Quiet(now):
		default:
			// Held by quiet hours, it is on time when they end: late
			// means the bot was not running when it was due.
			onTime := o.FireAt
			if !o.Urgent && o.Branch.Quiet(o.FireAt) {
				onTime = o.Branch.QuietEnd(o.FireAt)
			}
			o.Late = now.Sub(onTime) > lateAfter
			t.Send = append(t.Send, o)
		}
	}
	return t
}

// latestOfSeries splits occs into those to consider, by FireAt then Key,
// and the older occurrences of recurring series, which only the latest of
// each series represents.
func latestOfSeries(occs []Occurrence) (due, older []Occurrence) {
	latest := map[string]Occurrence{}
	for _, o := range occs {
		if o.Policy != PolicyRecurring || o.Series == "" {
			due = append(due, o)
			continue
		}
		l, ok := latest[o.Series]
		if !ok {
			latest[o.Series] = o
			continue
		}
		if o.FireAt.After(l.FireAt) || o.FireAt.Equal(l.FireAt) && o.Key > l.Key {
			latest[o.Series], o = o, l
		}
		older = append(older, o)
	}
	for _, o := range latest {
		due = append(due, o)
	}
	SortOccurrences(due)
	SortOccurrences(older)
	return due, older
}
