package zhibu

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// AgendaStore is what the Agenda reads. Every method answers for any number
// of branches, meetings or pledges at once, so that the statements of one
// reminder tick do not grow with them.
type AgendaStore interface {
	BranchLister
	// SettingsOf returns the saved settings of the given branches; a branch
	// that never changed its settings is absent (the agenda gives it
	// DefaultSettings()).
	SettingsOf(ctx context.Context, branchIDs []int64) (map[int64]Settings, error)
	// MembersOf lists the rosters of branches, removed entries included, by id.
	MembersOf(ctx context.Context, branchIDs []int64) ([]Member, error)
	// ReachableIn reports the Telegram ids, among the members of branches,
	// that the bot may write to privately.
	ReachableIn(ctx context.Context, branchIDs []int64) (map[int64]bool, error)
	Meetings(ctx context.Context, f MeetingFilter) ([]Meeting, error)
	AttendanceOf(ctx context.Context, meetingIDs []int64) ([]Attendance, error)
	Pledges(ctx context.Context, f PledgeFilter) ([]Pledge, error)
	// Calls lists calls by id, newest first (branchID 0: every branch).
	Calls(ctx context.Context, branchID int64, openOnly bool) ([]PledgeCall, error)
	StagesBetween(ctx context.Context, from, to time.Time) ([]Stage, error)
	StagesOf(ctx context.Context, ids []int64) ([]Stage, error)
	SubmissionsOf(ctx context.Context, stageIDs []int64) ([]Submission, error)
	// Reminders lists live reminders (branchID 0: every branch).
	Reminders(ctx context.Context, branchID int64) ([]Reminder, error)
	// RemindersOf returns reminders by id, deleted ones included.
	RemindersOf(ctx context.Context, ids []int64) ([]Reminder, error)
}

// Agenda is what zhibu reminds by itself: it lists the occurrences due in a
// window (the engine's source) and gathers what each one says and to whom
// (the engine's composer). The rules are in reminderrules.go, the notices in
// notice.go; a chat adapter only writes the words.
type Agenda struct {
	store AgendaStore
	cron  CronParser
	// skip is told of a reminder whose schedule cannot be read; it is left
	// out and the others go on.
	skip func(r Reminder, err error)

	mu           sync.Mutex
	schedules    map[string]NextFunc // recurring schedules read, by zone and spec
	workdaySpecs map[string]bool     // specs read, whether on working days (holidaynote.go)
}

// NewAgenda returns the agenda over store. cron reads "cron …" reminders;
// skip (nil: ignore) hears of reminders left out because their schedule
// cannot be read.
func NewAgenda(store AgendaStore, cron CronParser, skip func(Reminder, error)) *Agenda {
	if skip == nil {
		skip = func(Reminder, error) {}
	}
	return &Agenda{store: store, cron: cron, skip: skip}
}

// Occurrences lists every reminder of every active branch due in [from,
// to), each key once, in no particular order. It reads each branch and its
// settings once, and each kind of subject with one query.
func (a *Agenda) Occurrences(ctx context.Context, from, to time.Time) ([]Occurrence, error) {
	views, err := a.views(ctx)
	if err != nil || len(views) == 0 {
		return nil, err
	}
	var out []Occurrence
	seen := map[string]bool{}
	add := func(occs []Occurrence) {
		for _, o := range occs {
			if !seen[o.Key] {
				seen[o.Key] = true
				out = append(out, o)
			}
		}
	}
	for _, list := range []func(context.Context, map[int64]*BranchView, time.Time, time.Time) ([]Occurrence, error){
		a.meetingOccurrences, a.pledgeOccurrences, a.callOccurrences, a.stageOccurrences, a.customOccurrences,
	} {
		occs, err := list(ctx, views, from, to)
		if err != nil {
			return nil, fmt.Errorf("agenda: %w", err)
		}
		add(occs)
	}
	for _, v := range views {
		add(calendarOccurrences(v, from, to))
	}
	return out, nil
}

// views reads the active branches and their settings.
func (a *Agenda) views(ctx context.Context) (map[int64]*BranchView, error) {
	bs, err := a.store.ActiveBranches(ctx)
	if err != nil || len(bs) == 0 {
		return nil, err
	}
	ids := make([]int64, len(bs))
	for i, b := range bs {
		ids[i] = b.ID
	}
	settings, err := a.store.SettingsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*BranchView, len(bs))
	for _, b := range bs {
		st, ok := settings[b.ID]
		if !ok {
			st = DefaultSettings()
		}
		out[b.ID] = &BranchView{Branch: b, Settings: st}
	}
	return out, nil
}

// closeLookback is how long before a window a meeting may have started and
// still ask, in it, to be closed.
const closeLookback = 24*time.Hour + DefaultMeetingLength

func (a *Agenda) meetingOccurrences(ctx context.Context, views map[int64]*BranchView, from, to time.Time) ([]Occurrence, error) {
	// A meeting is reminded at most its branch's longest lead time before
	// it starts, and checked in 30 minutes before.
	ahead := CheckInOpensBefore
	for _, v := range views {
		for _, lead := range v.Settings.LeadTimes {
			ahead = max(ahead, min(lead, maxMeetingLead))
		}
	}
	// An open meeting asks to be closed after it ends: look back a day.
	ms, err := a.store.Meetings(ctx, MeetingFilter{From: from.Add(-closeLookback), To: to.Add(ahead), States: []MeetingState{MeetingScheduled}})
	if err != nil {
		return nil, err
	}
	var out []Occurrence
	for _, m := range ms {
		if v, ok := views[m.BranchID]; ok {
			out = append(out, meetingOccurrences(v, m, from, to)...)
		}
	}
	return out, nil
}

// openPledgeStates are the states a deadline reminder is still useful in,
// and those MaxOpenPledges counts: PledgeState.Open.
var openPledgeStates = []PledgeState{PledgePending, PledgeReturned, PledgePublished, PledgeClaimed}

func (a *Agenda) pledgeOccurrences(ctx context.Context, views map[int64]*BranchView, from, to time.Time) ([]Occurrence, error) {
	pls, err := a.store.Pledges(ctx, PledgeFilter{DeadlineFrom: from, DeadlineTo: to.AddDate(0, 0, pledgeLeadDays[0]+1),
		States: openPledgeStates})
	if err != nil {
		return nil, err
	}
	var out []Occurrence
	for _, p := range pls {
		if v, ok := views[p.BranchID]; ok {
			out = append(out, pledgeOccurrences(v, p, from, to)...)
		}
	}
	return out, nil
}

func (a *Agenda) callOccurrences(ctx context.Context, views map[int64]*BranchView, from, to time.Time) ([]Occurrence, error) {
	calls, err := a.store.Calls(ctx, 0, true)
	if err != nil {
		return nil, err
	}
	var out []Occurrence
	for _, c := range calls {
		if v, ok := views[c.BranchID]; ok {
			out = append(out, callOccurrences(v, c, from, to)...)
		}
	}
	return out, nil
}

func (a *Agenda) stageOccurrences(ctx context.Context, views map[int64]*BranchView, from, to time.Time) ([]Occurrence, error) {
	ss, err := a.store.StagesBetween(ctx, from.AddDate(0, 0, -2), to.AddDate(0, 0, stageLeadDays[0]+2))
	if err != nil {
		return nil, err
	}
	var out []Occurrence
	for _, s := range ss {
		if v, ok := views[s.BranchID]; ok {
			out = append(out, stageOccurrences(v, s, from, to)...)
		}
	}
	return out, nil
}

func (a *Agenda) customOccurrences(ctx context.Context, views map[int64]*BranchView, from, to time.Time) ([]Occurrence, error) {
	rs, err := a.store.Reminders(ctx, 0)
	if err != nil {
		return nil, err
	}
	var out []Occurrence
	for _, r := range rs {
		v, ok := views[r.BranchID]
		if !ok || r.Paused {
			continue
		}
		next, err := a.schedule(r, v.Location())
		if err != nil {
			a.skip(r, err)
			continue
		}
		out = append(out, customOccurrences(v, r, next, from, to)...)
	}
	// The notes that a year's holidays are missing are about these
	// reminders: listed with them, from the same query.
	return append(out, a.holidayNotes(views, rs, from, to)...), nil
}

// schedule is ReminderSchedule, reading each recurring spec once per zone:
// the engine lists every reminder each minute.
func (a *Agenda) schedule(r Reminder, loc *time.Location) (NextFunc, error) {
	if r.Spec == "" {
		return ReminderSchedule(r, loc, a.cron)
	}
	key := loc.String() + "\x00" + r.Spec
	a.mu.Lock()
	next, ok := a.schedules[key]
	a.mu.Unlock()
	if ok {
		return next, nil
	}
	next, err := ReminderSchedule(r, loc, a.cron)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.schedules == nil {
		a.schedules = map[string]NextFunc{}
	}
	a.schedules[key] = next
	return next, nil
}
