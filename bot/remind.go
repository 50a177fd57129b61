package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/scheduler"
)

// Reminder kinds: what an occurrence is, for rendering and /upcoming.
const (
	kindMeetingLead   = "meeting_lead"
	kindCheckIn       = "meeting_checkin"
	kindPledgeDue     = "pledge_due"
	kindPledgeDigest  = "pledge_digest"
	kindOverdueDigest = "pledge_overdue"
	kindCallNag       = "call_nag"
	kindStageStart    = "stage_start"
	kindStageSoon     = "stage_soon"
	kindStageSummary  = "stage_summary"
	kindCompliance    = "compliance"
	kindAbsence       = "absence"
	kindCustom        = "custom"
)

// Lead times before deadlines and stage ends, and the morning hour of
// daily reminders, in the branch's time zone.
var (
	pledgeLeads    = []int{7, 1}
	callLeads      = []int{3, 1}
	stageLeads     = []int{7, 3, 1}
	morningHour    = 9
	maxMeetingLead = 7 * 24 * time.Hour
)

// Occurrences lists every reminder due in [from, to): the bot is the
// scheduler's Source. Each kind decides its keys, policies and urgency.
func (b *Bot) Occurrences(ctx context.Context, from, to time.Time) ([]scheduler.Occurrence, error) {
	branches, err := b.branchesByID(ctx)
	if err != nil {
		return nil, err
	}
	var out []scheduler.Occurrence
	for _, f := range []func(context.Context, map[int64]zhibu.Branch, time.Time, time.Time) ([]scheduler.Occurrence, error){
		b.meetingOccurrences, b.pledgeOccurrences, b.callOccurrences, b.stageOccurrences, b.branchOccurrences, b.customOccurrences,
	} {
		os, err := f(ctx, branches, from, to)
		if err != nil {
			return nil, err
		}
		out = append(out, os...)
	}
	return out, nil
}

func (b *Bot) branchesByID(ctx context.Context) (map[int64]zhibu.Branch, error) {
	bs, err := b.cfg.Branches.ActiveBranches(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]zhibu.Branch, len(bs))
	for _, br := range bs {
		out[br.ID] = br
	}
	return out, nil
}

func in(t, from, to time.Time) bool { return !t.Before(from) && t.Before(to) }

// at is the given day at hour:00 in loc.
func at(day time.Time, hour int, loc *time.Location) time.Time {
	d := day.In(loc)
	return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, loc)
}

// meetingOccurrences: the lead-time reminders (default 24 h and 1 h before)
// and the check-in opening, of every scheduled meeting. A meeting that
// starts in quiet hours is urgent: its reminders are sent anyway.
func (b *Bot) meetingOccurrences(ctx context.Context, branches map[int64]zhibu.Branch, from, to time.Time) ([]scheduler.Occurrence, error) {
	ms, err := b.cfg.Meetings.Between(ctx, from, to.Add(maxMeetingLead))
	if err != nil {
		return nil, err
	}
	var out []scheduler.Occurrence
	for _, m := range ms {
		br, ok := branches[m.BranchID]
		if !ok || m.Backfilled {
			continue
		}
		st, err := b.cfg.Compliance.SettingsOf(ctx, br.ID)
		if err != nil {
			return nil, err
		}
		urgent := scheduler.InQuiet(m.Start, st.QuietStart, st.QuietEnd, b.loc(br))
		for _, lead := range st.LeadTimes {
			// One series per meeting time: after downtime only the latest
			// lead is sent, never a stale 24-hour one beside the 1-hour one.
			o := scheduler.Occurrence{Key: fmt.Sprintf("meeting:%d:lead:%d:%d", m.ID, int(lead.Minutes()), m.Start.Unix()),
				BranchID: br.ID, FireAt: m.Start.Add(-lead), Policy: scheduler.PolicyRecurring, Expires: m.Start,
				Series: fmt.Sprintf("meeting:%d:%d", m.ID, m.Start.Unix()), Urgent: urgent, Kind: kindMeetingLead, Ref: int64(m.Number)}
			if in(o.FireAt, from, to) {
				out = append(out, o)
			}
		}
		o := scheduler.Occurrence{Key: fmt.Sprintf("meeting:%d:checkin:%d", m.ID, m.Start.Unix()), BranchID: br.ID,
			FireAt: m.Start.Add(-zhibu.CheckInOpensBefore), Policy: scheduler.PolicyEvent,
			Expires: m.Start.Add(zhibu.CheckInClosesAfter), Urgent: true, Kind: kindCheckIn, Ref: int64(m.Number)}
		if in(o.FireAt, from, to) {
			out = append(out, o)
		}
	}
	return out, nil
}

// pledgeOccurrences: 7 and 1 days before a pledge's deadline, to the
// pledger privately; the daily group digest names those who cannot be
// reached privately; a weekly overdue digest goes to the officers.
func (b *Bot) pledgeOccurrences(ctx context.Context, branches map[int64]zhibu.Branch, from, to time.Time) ([]scheduler.Occurrence, error) {
	pls, err := b.cfg.Pledges.DueBetween(ctx, from, to.AddDate(0, 0, pledgeLeads[0]+1))
	if err != nil {
		return nil, err
	}
	var out []scheduler.Occurrence
	digests := map[string]scheduler.Occurrence{}
	for _, p := range pls {
		br, ok := branches[p.BranchID]
		if !ok {
			continue
		}
		for _, days := range pledgeLeads {
			fire := at(p.Deadline.AddDate(0, 0, -days), morningHour, b.loc(br))
			if !in(fire, from, to) {
				continue
			}
			out = append(out, scheduler.Occurrence{Key: fmt.Sprintf("pledge:%d:%dd:%d", p.ID, days, p.Deadline.Unix()),
				BranchID: br.ID, FireAt: fire, Policy: scheduler.PolicyDeadline, Expires: p.Deadline,
				Kind: kindPledgeDue, Ref: int64(p.Number)})
			day := fire.Format("2006-01-02")
			key := fmt.Sprintf("pledge_digest:%d:%s", br.ID, day)
			digests[key] = scheduler.Occurrence{Key: key, BranchID: br.ID, FireAt: fire.Add(time.Minute),
				Policy: scheduler.PolicyDeadline, Expires: fire.Add(24 * time.Hour), Kind: kindPledgeDigest}
		}
	}
	for _, o := range digests {
		out = append(out, o)
	}
	for _, br := range branches { // Mondays 09:00: the overdue digest
		loc := b.loc(br)
		for d := at(from, morningHour, loc); d.Before(to); d = d.AddDate(0, 0, 1) {
			if d.Weekday() == time.Monday && in(d, from, to) {
				out = append(out, scheduler.Occurrence{Key: fmt.Sprintf("pledge_overdue:%d:%s", br.ID, d.Format("2006-01-02")),
					BranchID: br.ID, FireAt: d, Policy: scheduler.PolicyRecurring, Series: fmt.Sprintf("pledge_overdue:%d", br.ID),
					Kind: kindOverdueDigest})
			}
		}
	}
	return out, nil
}

// callOccurrences: 3 and 1 days before an open call's deadline, one group
// message naming who has not answered.
func (b *Bot) callOccurrences(ctx context.Context, branches map[int64]zhibu.Branch, from, to time.Time) ([]scheduler.Occurrence, error) {
	calls, err := b.cfg.Pledges.AllOpenCalls(ctx)
	if err != nil {
		return nil, err
	}
	var out []scheduler.Occurrence
	for _, c := range calls {
		br, ok := branches[c.BranchID]
		if !ok || c.Deadline.IsZero() || c.MessageID == 0 {
			continue
		}
		for _, days := range callLeads {
			fire := at(c.Deadline.AddDate(0, 0, -days), morningHour, b.loc(br))
			if in(fire, from, to) {
				out = append(out, scheduler.Occurrence{Key: fmt.Sprintf("call:%d:%dd:%d", c.ID, days, c.Deadline.Unix()),
					BranchID: br.ID, FireAt: fire, Policy: scheduler.PolicyDeadline, Expires: c.Deadline, Kind: kindCallNag, Ref: c.ID})
			}
		}
	}
	return out, nil
}

// stageOccurrences: each stage's start (转段), 7, 3 and 1 days before its
// end (who is missing what), and its summary the morning after it ends.
func (b *Bot) stageOccurrences(ctx context.Context, branches map[int64]zhibu.Branch, from, to time.Time) ([]scheduler.Occurrence, error) {
	ss, err := b.cfg.Campaigns.StagesBetween(ctx, from.AddDate(0, 0, -2), to.AddDate(0, 0, stageLeads[0]+2))
	if err != nil {
		return nil, err
	}
	var out []scheduler.Occurrence
	add := func(o scheduler.Occurrence) {
		if in(o.FireAt, from, to) {
			out = append(out, o)
		}
	}
	for _, s := range ss {
		br, ok := branches[s.BranchID]
		if !ok {
			continue
		}
		loc := b.loc(br)
		add(scheduler.Occurrence{Key: fmt.Sprintf("stage:%d:start", s.ID), BranchID: br.ID, FireAt: at(s.Start, morningHour, loc),
			Policy: scheduler.PolicyEvent, Expires: s.End, Kind: kindStageStart, Ref: int64(s.Number)})
		for _, days := range stageLeads {
			add(scheduler.Occurrence{Key: fmt.Sprintf("stage:%d:%dd", s.ID, days), BranchID: br.ID,
				FireAt: at(s.End.AddDate(0, 0, -days), morningHour, loc), Policy: scheduler.PolicyDeadline, Expires: s.End,
				Kind: kindStageSoon, Ref: int64(s.Number)})
		}
		add(scheduler.Occurrence{Key: fmt.Sprintf("stage:%d:summary", s.ID), BranchID: br.ID, FireAt: at(s.End, morningHour, loc),
			Policy: scheduler.PolicyDeadline, Expires: s.End.AddDate(0, 0, 7), Kind: kindStageSummary, Ref: int64(s.Number)})
	}
	return out, nil
}

// branchOccurrences: per branch, the 09:00 compliance check 7, 3 and 1
// days before a month, quarter or year ends, and the monthly absence check.
func (b *Bot) branchOccurrences(_ context.Context, branches map[int64]zhibu.Branch, from, to time.Time) ([]scheduler.Occurrence, error) {
	var out []scheduler.Occurrence
	for _, br := range branches {
		loc := b.loc(br)
		for d := at(from, morningHour, loc); d.Before(to); d = d.AddDate(0, 0, 1) {
			if !in(d, from, to) {
				continue
			}
			day := d.Format("2006-01-02")
			if left := daysToMonthEnd(d); left == 7 || left == 3 || left == 1 {
				out = append(out, scheduler.Occurrence{Key: fmt.Sprintf("compliance:%d:%s", br.ID, day), BranchID: br.ID, FireAt: d,
					Policy: scheduler.PolicyRecurring, Series: fmt.Sprintf("compliance:%d:%s", br.ID, d.Format("2006-01")), Kind: kindCompliance})
			}
			if d.Day() == 1 {
				out = append(out, scheduler.Occurrence{Key: fmt.Sprintf("absence:%d:%s", br.ID, d.Format("2006-01")), BranchID: br.ID,
					FireAt: d, Policy: scheduler.PolicyDeadline, Expires: d.AddDate(0, 1, 0), Kind: kindAbsence})
			}
		}
	}
	return out, nil
}

// daysToMonthEnd is how many days after d the month ends (1 on the last day).
func daysToMonthEnd(d time.Time) int {
	end := time.Date(d.Year(), d.Month()+1, 1, 0, 0, 0, 0, d.Location())
	return int(end.Sub(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, d.Location())).Hours()/24 + 0.5)
}

// customOccurrences: the /remind reminders that are not paused.
func (b *Bot) customOccurrences(ctx context.Context, branches map[int64]zhibu.Branch, from, to time.Time) ([]scheduler.Occurrence, error) {
	rs, err := b.cfg.Reminders.All(ctx)
	if err != nil {
		return nil, err
	}
	var out []scheduler.Occurrence
	for _, r := range rs {
		br, ok := branches[r.BranchID]
		if !ok || r.Paused {
			continue
		}
		next, err := b.cfg.Reminders.Schedule(r, b.loc(br))
		if err != nil {
			b.log.Warn("skip malformed reminder", "reminder_id", r.ID, "err", err)
			continue
		}
		for t, n := next(from.Add(-time.Second)), 0; !t.IsZero() && t.Before(to) && n < 1000; t, n = next(t), n+1 {
			o := scheduler.Occurrence{Key: fmt.Sprintf("custom:%d:%d", r.ID, t.Unix()), BranchID: br.ID, FireAt: t,
				Policy: scheduler.PolicyRecurring, Series: fmt.Sprintf("custom:%d", r.ID), Kind: kindCustom, Ref: int64(r.Number)}
			if r.Spec == "" {
				o.Policy, o.Series, o.Expires = scheduler.PolicyDeadline, "", t.Add(24*time.Hour)
			}
			out = append(out, o)
		}
	}
	return out, nil
}

// Quiet gives the engine a branch's quiet hours and zone: the bot is the
// scheduler's Branches.
func (b *Bot) Quiet(ctx context.Context, branchID int64) (int, int, *time.Location, error) {
	branches, err := b.branchesByID(ctx)
	if err != nil {
		return 0, 0, nil, err
	}
	br, ok := branches[branchID]
	if !ok {
		return 0, 0, time.UTC, nil
	}
	st, err := b.cfg.Compliance.SettingsOf(ctx, branchID)
	if err != nil {
		return 0, 0, nil, err
	}
	return st.QuietStart, st.QuietEnd, b.loc(br), nil
}
