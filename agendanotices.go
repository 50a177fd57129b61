package zhibu

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Notices gathers, at now, what each occurrence says and to whom, one
// Notice per occurrence in the same order. It reads everything the batch
// needs with one query per kind of data, whatever the number of
// occurrences, branches, meetings or members.
func (a *Agenda) Notices(ctx context.Context, now time.Time, occs []Occurrence) ([]Notice, error) {
	if len(occs) == 0 {
		return nil, nil
	}
	d, err := a.load(ctx, now, occs)
	if err != nil {
		return nil, fmt.Errorf("agenda: notices: %w", err)
	}
	out := make([]Notice, len(occs))
	for i, o := range occs {
		out[i] = d.notice(o)
	}
	return out, nil
}

// facts is what a batch of notices was composed from.
type facts struct {
	now         time.Time
	rosters     map[int64][]Member // by branch, by id
	reachable   map[int64]bool     // Telegram ids
	meetings    map[int64]Meeting
	records     map[int64][]Attendance // by meeting
	pledges     map[int64]Pledge
	dueSoon     []Pledge  // published open pledges with deadlines in the digests' windows
	overdue     []Pledge  // published or claimed pledges past their deadline at now
	unclosed    []Meeting // meetings past their end (and the close nag) never closed
	calls       map[int64]PledgeCall
	answers     map[int64][]Pledge // by call
	stages      map[int64]Stage
	subs        map[int64][]Submission // by stage
	public      map[int64][]Pledge     // public pledges, by branch
	held        map[int64][]Meeting    // closed meetings, by branch, by start
	heldRecords map[int64][]Attendance // of the held meetings an absence check counts, by meeting
	arranged    map[int64][]Meeting    // scheduled meetings a compliance check sees, by branch
	reminders   map[int64]Reminder
}

// need says which data a batch of occurrences needs.
type need struct {
	branches, meetings, leads, pledges, calls, stages, statuses, reminders []int64
	overdue, absence, compliance, reachable                                bool
	digestFrom, digestTo                                                   time.Time // deadlines the digests look at
	heldFrom, heldTo                                                       time.Time // closed meetings the checks look at
	arrangedFrom, arrangedTo                                               time.Time // scheduled meetings compliance looks at
}

// widen makes [*from, *to) cover [a, b).
func widen(from, to *time.Time, a, b time.Time) {
	if from.IsZero() || a.Before(*from) {
		*from = a
	}
	if b.After(*to) {
		*to = b
	}
}

func (n *need) held(from, to time.Time) { widen(&n.heldFrom, &n.heldTo, from, to) }

func needs(now time.Time, occs []Occurrence) need {
	var n need
	for _, o := range occs {
		n.branches = append(n.branches, o.Branch.ID)
		loc := o.Branch.Location()
		switch o.Kind {
		case KindMeetingLead:
			n.meetings, n.leads, n.reachable = append(n.meetings, o.Ref), append(n.leads, o.Ref), true
		case KindCheckIn:
			n.meetings = append(n.meetings, o.Ref)
		case KindCloseNag:
			n.meetings, n.reachable = append(n.meetings, o.Ref), true
		case KindPledgeDue:
			n.pledges, n.reachable = append(n.pledges, o.Ref), true
		case KindPledgeDigest:
			for _, w := range digestWindows(o) {
				widen(&n.digestFrom, &n.digestTo, w[0], w[1])
			}
			n.reachable = true
		case KindOverdueDigest:
			n.overdue, n.reachable = true, true
		case KindCallNag:
			n.calls = append(n.calls, o.Ref)
		case KindStageStart:
			n.stages = append(n.stages, o.Ref)
		case KindStageSoon, KindStageSummary:
			n.stages, n.statuses = append(n.stages, o.Ref), append(n.statuses, o.Ref)
		case KindCompliance:
			since, until := complianceWindow(o.FireAt.In(loc))
			n.held(since, until)
			widen(&n.arrangedFrom, &n.arrangedTo, since, PeriodOf(CadenceMonth, o.FireAt.In(loc)).To)
			n.compliance, n.reachable = true, true
		case KindAbsence:
			from, to := absenceWindow(now.In(loc))
			n.held(from, to)
			n.absence, n.reachable = true, true
		case KindCustom:
			n.reminders, n.reachable = append(n.reminders, o.Ref), true
		case KindHolidays:
			n.reachable = true
		}
	}
	n.branches = uniq(n.branches)
	return n
}

func uniq(ids []int64) []int64 { return slices.Compact(slices.Sorted(slices.Values(ids))) }

// digestWindows are the deadlines a pledge digest names: the days its lead
// days ahead of the day it fires, on the branch's calendar.
func digestWindows(o Occurrence) [][2]time.Time {
	day := atHour(o.FireAt, 0, o.Branch.Location())
	var out [][2]time.Time
	for _, days := range pledgeLeadDays {
		from := day.AddDate(0, 0, days)
		out = append(out, [2]time.Time{from, from.AddDate(0, 0, 1)})
	}
	return out
}

// complianceWindow is when the meetings a compliance check at now counts
// were held: from the start of last year to an hour after now.
func complianceWindow(now time.Time) (from, to time.Time) {
	return PeriodOf(CadenceYear, now).From.AddDate(-1, 0, 0), now.Add(time.Hour)
}

// absenceWindow is when the meetings an absence check at now counts were
// held: the six months before this one.
func absenceWindow(now time.Time) (from, to time.Time) {
	thisMonth := PeriodOf(CadenceMonth, now).From
	return thisMonth.AddDate(0, -6, 0), thisMonth
}

// load reads what the occurrences need.
func (a *Agenda) load(ctx context.Context, now time.Time, occs []Occurrence) (*facts, error) {
	n := needs(now, occs)
	d := &facts{now: now, reachable: map[int64]bool{}}
	// loadStages widens the window of held meetings: it comes before loadHeld.
	for _, step := range []func(context.Context, *need, *facts) error{
		a.loadRosters, a.loadMeetings, a.loadPledges, a.loadCalls, a.loadStages, a.loadHeld, a.loadArranged, a.loadReminders,
	} {
		if err := step(ctx, &n, d); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (a *Agenda) loadRosters(ctx context.Context, n *need, d *facts) error {
	ms, err := a.store.MembersOf(ctx, n.branches)
	if err != nil {
		return err
	}
	d.rosters = map[int64][]Member{}
	for _, m := range ms {
		d.rosters[m.BranchID] = append(d.rosters[m.BranchID], m)
	}
	if n.reachable {
		d.reachable, err = a.store.ReachableIn(ctx, n.branches)
	}
	return err
}

func (a *Agenda) loadMeetings(ctx context.Context, n *need, d *facts) error {
	d.meetings, d.records = map[int64]Meeting{}, map[int64][]Attendance{}
	if len(n.meetings) == 0 {
		return nil
	}
	ms, err := a.store.Meetings(ctx, MeetingFilter{IDs: uniq(n.meetings)})
	if err != nil {
		return err
	}
	for _, m := range ms {
		d.meetings[m.ID] = m
	}
	if len(n.leads) == 0 {
		return nil
	}
	rs, err := a.store.AttendanceOf(ctx, uniq(n.leads))
	for _, r := range rs {
		d.records[r.MeetingID] = append(d.records[r.MeetingID], r)
	}
	return err
}

func (a *Agenda) loadPledges(ctx context.Context, n *need, d *facts) error {
	d.pledges = map[int64]Pledge{}
	if len(n.pledges) > 0 {
		pls, err := a.store.Pledges(ctx, PledgeFilter{IDs: uniq(n.pledges)})
		if err != nil {
			return err
		}
		for _, p := range pls {
			d.pledges[p.ID] = p
		}
	}
	var err error
	if !n.digestFrom.IsZero() {
		d.dueSoon, err = a.store.Pledges(ctx, PledgeFilter{BranchIDs: n.branches, DeadlineFrom: n.digestFrom,
			DeadlineTo: n.digestTo, States: []PledgeState{PledgePublished, PledgeClaimed}})
		if err != nil {
			return err
		}
	}
	if n.overdue {
		d.overdue, err = a.store.Pledges(ctx, PledgeFilter{BranchIDs: n.branches, DeadlineFrom: time.Unix(0, 0),
			DeadlineTo: d.now, States: []PledgeState{PledgePublished, PledgeClaimed}})
		if err != nil {
			return err
		}
		// The weekly note also names the meetings held and never closed,
		// after their organiser was asked once (the close nag).
		ms, err := a.store.Meetings(ctx, MeetingFilter{BranchIDs: n.branches, To: d.now, States: []MeetingState{MeetingScheduled}})
		if err != nil {
			return err
		}
		for _, m := range ms {
			if !d.now.Before(meetingEnd(m).Add(closeNagAfter)) {
				d.unclosed = append(d.unclosed, m)
			}
		}
	}
	return err
}

func (a *Agenda) loadCalls(ctx context.Context, n *need, d *facts) error {
	d.calls, d.answers = map[int64]PledgeCall{}, map[int64][]Pledge{}
	if len(n.calls) == 0 {
		return nil
	}
	cs, err := a.store.Calls(ctx, 0, true)
	if err != nil {
		return err
	}
	for _, c := range cs {
		d.calls[c.ID] = c
	}
	pls, err := a.store.Pledges(ctx, PledgeFilter{CallIDs: uniq(n.calls)})
	for _, p := range pls {
		d.answers[p.CallID] = append(d.answers[p.CallID], p)
	}
	return err
}

func (a *Agenda) loadStages(ctx context.Context, n *need, d *facts) error {
	d.stages, d.subs, d.public = map[int64]Stage{}, map[int64][]Submission{}, map[int64][]Pledge{}
	if len(n.stages) == 0 {
		return nil
	}
	ss, err := a.store.StagesOf(ctx, uniq(n.stages))
	if err != nil {
		return err
	}
	var branches []int64
	for _, s := range ss {
		d.stages[s.ID] = s
		if slices.Contains(n.statuses, s.ID) {
			branches = append(branches, s.BranchID)
			n.held(s.Start, s.End)
		}
	}
	if len(branches) == 0 {
		return nil
	}
	subs, err := a.store.SubmissionsOf(ctx, uniq(n.statuses))
	if err != nil {
		return err
	}
	for _, s := range subs {
		d.subs[s.StageID] = append(d.subs[s.StageID], s)
	}
	pls, err := a.store.Pledges(ctx, PledgeFilter{BranchIDs: uniq(branches), States: publicPledgeStates})
	for _, p := range pls {
		d.public[p.BranchID] = append(d.public[p.BranchID], p)
	}
	return err
}

// publicPledgeStates are the states of a published pledge.
var publicPledgeStates = []PledgeState{PledgePublished, PledgeClaimed, PledgeFulfilled, PledgeCannot}

// loadHeld reads the closed meetings of the batch's branches in the union
// of the windows that compliance, absence and stage notices look at, and
// the attendance of those the absence and compliance checks count.
func (a *Agenda) loadHeld(ctx context.Context, n *need, d *facts) error {
	d.held, d.heldRecords = map[int64][]Meeting{}, map[int64][]Attendance{}
	if n.heldFrom.IsZero() {
		return nil
	}
	ms, err := a.store.Meetings(ctx, MeetingFilter{BranchIDs: n.branches, From: n.heldFrom, To: n.heldTo,
		States: []MeetingState{MeetingClosed}})
	if err != nil {
		return err
	}
	var ids []int64
	for _, m := range ms {
		d.held[m.BranchID] = append(d.held[m.BranchID], m)
		ids = append(ids, m.ID)
	}
	if (!n.absence && !n.compliance) || len(ids) == 0 {
		return nil
	}
	rs, err := a.store.AttendanceOf(ctx, ids)
	for _, r := range rs {
		d.heldRecords[r.MeetingID] = append(d.heldRecords[r.MeetingID], r)
	}
	return err
}

// loadArranged reads the scheduled meetings of the batch's branches that a
// compliance check may find arranged for a requirement.
func (a *Agenda) loadArranged(ctx context.Context, n *need, d *facts) error {
	d.arranged = map[int64][]Meeting{}
	if n.arrangedFrom.IsZero() {
		return nil
	}
	ms, err := a.store.Meetings(ctx, MeetingFilter{BranchIDs: n.branches, From: n.arrangedFrom, To: n.arrangedTo,
		States: []MeetingState{MeetingScheduled}})
	for _, m := range ms {
		d.arranged[m.BranchID] = append(d.arranged[m.BranchID], m)
	}
	return err
}

func (a *Agenda) loadReminders(ctx context.Context, n *need, d *facts) error {
	d.reminders = map[int64]Reminder{}
	if len(n.reminders) == 0 {
		return nil
	}
	rs, err := a.store.RemindersOf(ctx, uniq(n.reminders))
	for _, r := range rs {
		d.reminders[r.ID] = r
	}
	return err
}
