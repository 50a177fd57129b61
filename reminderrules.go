package zhibu

import (
	"fmt"
	"slices"
	"time"

	"github.com/zhibu/zhibu/cntime"
)

// The reminder rules: which occurrences exist for meetings, pledges, calls,
// stages, the branch's calendar and custom reminders, with their keys, times
// and catch-up policies. They are pure: the Agenda reads the data and calls
// them; the engine decides when to send; a chat adapter writes the words.

// Lead times before deadlines and stage ends, and the morning hour of daily
// reminders, in the branch's time zone.
var (
	pledgeLeadDays     = []int{7, 1}
	callLeadDays       = []int{3, 1}
	stageLeadDays      = []int{7, 3, 1}
	complianceLeadDays = []int{7, 3, 1}
)

const (
	// MorningHour is when day-based reminders are sent, on the branch's clock.
	MorningHour = 9
	// maxMeetingLead is the longest lead time a branch may set.
	maxMeetingLead = 7 * 24 * time.Hour
	// DefaultMeetingLength is how long a meeting without an end is taken to
	// last; closeNagAfter, how long after its end an open meeting asks to be
	// closed.
	DefaultMeetingLength = 2 * time.Hour
	closeNagAfter        = 30 * time.Minute
	// OneOffGrace is how long after its time a one-off reminder the bot
	// was not running for is still sent, marked late; older, it is missed.
	OneOffGrace = 7 * 24 * time.Hour
	// maxRecurrenceSteps bounds the occurrences of one custom reminder in one
	// window (every ten minutes for a week is 1008).
	maxRecurrenceSteps = 1000
)

// between reports whether t is in [from, to).
func between(t, from, to time.Time) bool { return !t.Before(from) && t.Before(to) }

// No reminder is due before what it reminds of existed: a meeting published
// (or last changed) the evening before has no 24-hour lead, a reminder set
// at noon for "every day at 8" first fires tomorrow, a stage added on the
// 29th has no "7 days left" of the 24th. born is that moment: the later of
// created and updated.
func born(created, updated time.Time) time.Time {
	if updated.After(created) {
		return updated
	}
	return created
}

// due reports whether an occurrence at fire falls in [from, to) and not
// before birth.
func due(fire, birth, from, to time.Time) bool { return between(fire, from, to) && !fire.Before(birth) }

// atHour is the day of t at hour:00 in loc.
func atHour(t time.Time, hour int, loc *time.Location) time.Time {
	return cntime.DayAt(t.In(loc), hour, 0)
}

// meetingOccurrences: the lead-time reminders (the branch's LeadTimes,
// default 24 h and 1 h before) and the check-in opening of a scheduled
// meeting, due in [from, to). A meeting that starts in quiet hours is urgent:
// its reminders are sent anyway. A backfilled meeting has none.
func meetingOccurrences(v *BranchView, m Meeting, from, to time.Time) []Occurrence {
	if m.Backfilled {
		return nil
	}
	var out []Occurrence
	birth := born(m.CreatedAt, m.UpdatedAt)
	for _, lead := range v.Settings.LeadTimes {
		fire := m.Start.Add(-lead)
		// Urgent when the meeting starts in quiet hours, or holding the
		// reminder until they end would reach the meeting (a 07:30 meeting's
		// 06:30 lead).
		urgent := v.Quiet(m.Start) || (v.Quiet(fire) && !v.QuietEnd(fire).Before(m.Start))
		// One series per meeting time: after downtime only the latest lead
		// is sent, never a stale 24-hour one beside the 1-hour one.
		o := Occurrence{Key: fmt.Sprintf("meeting:%d:lead:%d:%d", m.ID, int(lead.Minutes()), m.Start.Unix()),
			Branch: v, FireAt: m.Start.Add(-lead), Policy: PolicyRecurring, Expires: m.Start,
			Series: fmt.Sprintf("meeting:%d:%d", m.ID, m.Start.Unix()), Urgent: urgent, Kind: KindMeetingLead,
			Ref: m.ID, Number: m.Number}
		if due(o.FireAt, birth, from, to) {
			out = append(out, o)
		}
	}
	o := Occurrence{Key: fmt.Sprintf("meeting:%d:checkin:%d", m.ID, m.Start.Unix()), Branch: v,
		FireAt: m.Start.Add(-CheckInOpensBefore), Policy: PolicyEvent, Expires: m.Start.Add(CheckInClosesAfter),
		Urgent: true, Kind: KindCheckIn, Ref: m.ID, Number: m.Number}
	if due(o.FireAt, birth, from, to) {
		out = append(out, o)
	}
	// Half an hour after it ends, a meeting still open asks its organiser to
	// close it: until then it counts for no requirement.
	end := meetingEnd(m)
	closing := Occurrence{Key: fmt.Sprintf("meeting:%d:close:%d", m.ID, m.Start.Unix()), Branch: v,
		FireAt: end.Add(closeNagAfter), Policy: PolicyDeadline, Expires: end.AddDate(0, 0, 7), Kind: KindCloseNag,
		Ref: m.ID, Number: m.Number}
	if due(closing.FireAt, birth, from, to) {
		out = append(out, closing)
	}
	return out
}

// Days before a deadline are counted on the branch's calendar, so that a
// daylight saving change in between does not move a reminder to another
// day.

// pledgeOccurrences: 7 and 1 days before a pledge's deadline, at the
// morning hour, to the pledger privately; and for each such day the
// branch's group digest, naming those who cannot be reached privately (one
// key per branch and day: the caller keeps one of each). The digest is due
// with the private reminders, not after them: it is listed with them, and
// an occurrence is never sent before its FireAt. Composed in the same tick,
// before they are sent, it names only those already known unreachable; a
// member whose reminder is refused then is named by its fallback note, not
// twice.
func pledgeOccurrences(v *BranchView, p Pledge, from, to time.Time) []Occurrence {
	if p.State != PledgePublished || p.Deadline.IsZero() {
		return nil // only a published pledge is reminded: not one under review, returned or done
	}
	var out []Occurrence
	birth := born(p.CreatedAt, p.UpdatedAt)
	for _, days := range pledgeLeadDays {
		fire := atHour(p.Deadline.In(v.Location()).AddDate(0, 0, -days), MorningHour, v.Location())
		if !due(fire, birth, from, to) {
			continue
		}
		out = append(out, Occurrence{Key: fmt.Sprintf("pledge:%d:%dd:%d", p.ID, days, p.Deadline.Unix()),
			Branch: v, FireAt: fire, Policy: PolicyDeadline, Expires: p.Deadline, Kind: KindPledgeDue,
			Ref: p.ID, Number: p.Number})
		out = append(out, Occurrence{Key: fmt.Sprintf("pledge_digest:%d:%s", v.ID, fire.Format("2006-01-02")),
			Branch: v, FireAt: fire, Policy: PolicyDeadline, Expires: fire.Add(24 * time.Hour),
			Kind: KindPledgeDigest})
	}
	return out
}

// callOccurrences: 3 and 1 days before an open call's deadline, one group
// message naming who has not answered. A call without a deadline, or not
// posted yet, has none.
func callOccurrences(v *BranchView, c PledgeCall, from, to time.Time) []Occurrence {
	if c.Deadline.IsZero() || c.MessageID == 0 {
		return nil
	}
	var out []Occurrence
	for _, days := range callLeadDays {
		fire := atHour(c.Deadline.In(v.Location()).AddDate(0, 0, -days), MorningHour, v.Location())
		if due(fire, c.CreatedAt, from, to) {
			out = append(out, Occurrence{Key: fmt.Sprintf("call:%d:%dd:%d", c.ID, days, c.Deadline.Unix()),
				Branch: v, FireAt: fire, Policy: PolicyDeadline, Expires: c.Deadline, Kind: KindCallNag,
				Ref: c.ID, Number: c.Number})
		}
	}
	return out
}

// stageOccurrences: a stage's start (转段), 7, 3 and 1 days before its end
// (who is missing what) but not before it starts, and its summary the
// morning it ends.
func stageOccurrences(v *BranchView, s Stage, from, to time.Time) []Occurrence {
	loc := v.Location()
	opens := atHour(s.Start, MorningHour, loc)
	occs := []Occurrence{{Key: fmt.Sprintf("stage:%d:start", s.ID), FireAt: atHour(s.Start, MorningHour, loc),
		Policy: PolicyEvent, Expires: s.End, Kind: KindStageStart}}
	last := s.End.Add(-time.Nanosecond).In(loc) // the stage's last day
	for _, days := range stageLeadDays {
		occs = append(occs, Occurrence{Key: fmt.Sprintf("stage:%d:%dd", s.ID, days),
			FireAt: atHour(last.AddDate(0, 0, -days), MorningHour, loc), Policy: PolicyDeadline, Expires: s.End,
			Kind: KindStageSoon})
	}
	occs = append(occs, Occurrence{Key: fmt.Sprintf("stage:%d:summary", s.ID), FireAt: atHour(s.End, MorningHour, loc),
		Policy: PolicyDeadline, Expires: s.End.AddDate(0, 0, 7), Kind: KindStageSummary})
	var out []Occurrence
	for _, o := range occs {
		if o.Kind == KindStageSoon && o.FireAt.Before(opens) {
			continue
		}
		if due(o.FireAt, s.CreatedAt, from, to) {
			o.Branch, o.Ref, o.Number = v, s.ID, s.Number
			out = append(out, o)
		}
	}
	return out
}

// calendarOccurrences are a branch's own, each morning in [from, to): the
// compliance check 7, 3 and 1 days before a month ends (a series per
// month), the absence check on the 1st, and the overdue-pledge digest on
// Mondays (a series).
func calendarOccurrences(v *BranchView, from, to time.Time) []Occurrence {
	var out []Occurrence
	for d := atHour(from, MorningHour, v.Location()); d.Before(to); d = d.AddDate(0, 0, 1) {
		if !due(d, v.CreatedAt, from, to) {
			continue
		}
		day := d.Format("2006-01-02")
		if left := DaysToMonthEnd(d); slices.Contains(complianceLeadDays, left) {
			out = append(out, Occurrence{Key: fmt.Sprintf("compliance:%d:%s", v.ID, day), Branch: v, FireAt: d,
				Policy: PolicyRecurring, Series: fmt.Sprintf("compliance:%d:%s", v.ID, d.Format("2006-01")), Kind: KindCompliance})
		}
		if d.Day() == 1 {
			out = append(out, Occurrence{Key: fmt.Sprintf("absence:%d:%s", v.ID, d.Format("2006-01")), Branch: v,
				FireAt: d, Policy: PolicyDeadline, Expires: d.AddDate(0, 1, 0), Kind: KindAbsence})
		}
		if d.Weekday() == time.Monday {
			out = append(out, Occurrence{Key: fmt.Sprintf("pledge_overdue:%d:%s", v.ID, day), Branch: v, FireAt: d,
				Policy: PolicyRecurring, Series: fmt.Sprintf("pledge_overdue:%d", v.ID), Kind: KindOverdueDigest})
		}
	}
	return out
}

// DaysLeft is the one count of days left everywhere: the calendar days
// from now's day to the last day before end (end is exclusive: a period
// ending at midnight has the day before as its last, a deadline at 23:59
// its own day), on now's calendar — the branch's, when now is in its
// zone. 0 means today is the last day.
func DaysLeft(now, end time.Time) int {
	return cntime.DaysBetween(now, end.Add(-time.Nanosecond).In(now.Location()))
}

// DaysToMonthEnd is DaysLeft until d's month ends (0 on its last day).
func DaysToMonthEnd(d time.Time) int {
	return DaysLeft(d, cntime.MonthOf(d).To)
}

// customOccurrences: the times of a /remind reminder in [from, to) by its
// schedule next (CustomOccurrence).
func customOccurrences(v *BranchView, r Reminder, next NextFunc, from, to time.Time) []Occurrence {
	if r.Paused {
		return nil
	}
	var out []Occurrence
	for t, n := next(from.Add(-time.Second)), 0; !t.IsZero() && t.Before(to) && n < maxRecurrenceSteps; t, n = next(t), n+1 {
		if t.Before(from) || t.Before(born(r.CreatedAt, r.UpdatedAt)) {
			continue // from within a second after a fire time; or before the reminder was set or resumed
		}
		out = append(out, CustomOccurrence(v, r, t))
	}
	return out
}

// CustomOccurrence is the occurrence of reminder r at t. A recurring one is
// a series (after downtime only the latest is sent); a one-off is sent late
// for OneOffGrace after its time, then missed (PolicyOnce). A member's own
// reminder goes to them privately at the hour they chose: quiet hours keep
// the group quiet, not a person from their own reminder, so it is urgent.
func CustomOccurrence(v *BranchView, r Reminder, t time.Time) Occurrence {
	o := Occurrence{Key: r.OccurrenceKey(t), Branch: v, FireAt: t,
		Policy: PolicyRecurring, Series: fmt.Sprintf("custom:%d", r.ID), Urgent: r.Private, Kind: KindCustom,
		Ref: r.ID, Number: r.Number, Title: r.Text}
	if r.Private {
		o.Title = "" // a personal reminder's text is shown to nobody but its owner
	}
	if r.Spec == "" {
		o.Policy, o.Series, o.Expires = PolicyOnce, "", t.Add(OneOffGrace)
	}
	return o
}

// meetingEnd is when a meeting ends, DefaultMeetingLength after its start
// when it has no end.
func meetingEnd(m Meeting) time.Time {
	if m.End.IsZero() {
		return m.Start.Add(DefaultMeetingLength)
	}
	return m.End
}
