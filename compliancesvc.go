package zhibu

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/zhibu/zhibu/cntime"
)

// Compliance holds the 三会一课 compliance use cases (docs/domain.md §2).
type Compliance struct {
	svc      *Service
	settings SettingsStore
	meetings MeetingStore
	now      func() time.Time
}

// NewCompliance returns the compliance use cases.
func NewCompliance(svc *Service, settings SettingsStore, meetings MeetingStore) *Compliance {
	return &Compliance{svc: svc, settings: settings, meetings: meetings, now: svc.now}
}

// PeriodOf is the calendar period of a cadence containing t: [from, to) in
// t's location, with a Chinese label.
func PeriodOf(c Cadence, t time.Time) cntime.Period {
	switch c {
	case CadenceMonth:
		return cntime.MonthOf(t)
	case CadenceQuarter:
		return cntime.QuarterOf(t)
	}
	return cntime.YearOf(t)
}

// ItemState is where one requirement stands in one period.
type ItemState string

// Requirement states.
const (
	ItemHeld   ItemState = "已召开"
	ItemDue    ItemState = "待召开"
	ItemMissed ItemState = "未召开"
	ItemMadeUp ItemState = "补开"
	// ItemToClose: a meeting of the period has begun but was never closed
	// (/close): it cannot count until it is.
	ItemToClose ItemState = "待结束"
	// ItemScheduled: none held yet, but a meeting of the period is
	// scheduled and not over: the requirement is arranged for, not due.
	ItemScheduled ItemState = "已安排"
)

// Arranged is a meeting scheduled for a requirement and not held yet.
type Arranged struct {
	Number int
	Start  time.Time
}

// Uncounted is a closed meeting that does not count for its requirement,
// and why.
type Uncounted struct {
	Number  int
	Start   time.Time
	Present int // 实到
	// Quorum is set when too few voting members came (a 党员大会 needs
	// more than half); otherwise nobody was present.
	Quorum bool
	Tally  Tally
}

// Item is one requirement in one period: a meeting type (and 党小组 for a
// 党小组会) held, due or missed.
type Item struct {
	Rule     Rule
	Group    string
	Period   cntime.Period
	State    ItemState
	Held     []time.Time // when it was held in the period
	MadeUp   time.Time   // for ItemMadeUp: when it was held late
	DaysLeft int         // for ItemDue: zhibu.DaysLeft until the period ends (0: its last day)
	// Uncounted are the period's closed meetings of the type that do not
	// count; ToClose, its meetings begun and not closed (by number);
	// Arranged, its meetings scheduled and not over, by start.
	Uncounted []Uncounted
	ToClose   []int
	Arranged  []Arranged
}

// Status lists the branch's requirements for the current month, quarter
// and year in the branch's zone, and the previous period of each (missed or
// 补开). It returns the branch with them.
func (cc *Compliance) Status(ctx context.Context, chatID int64, p Person) (Branch, []Item, error) {
	b, _, err := cc.svc.Actor(ctx, chatID, p)
	if err != nil {
		return b, nil, err
	}
	items, err := cc.Items(ctx, b.ID, cc.now().In(b.Location()), true)
	if err != nil {
		return b, nil, err
	}
	// Periods that ended before the branch was set up are nobody's fault.
	var out []Item
	for _, it := range items {
		if it.Period.To.After(b.CreatedAt) {
			out = append(out, it)
		}
	}
	return b, out, nil
}

// Items computes the requirements of a branch at now; previous adds the
// previous period of each rule.
func (cc *Compliance) Items(ctx context.Context, branchID int64, now time.Time, previous bool) ([]Item, error) {
	st, err := cc.settings.Settings(ctx, branchID)
	if err != nil {
		return nil, err
	}
	roster, err := cc.svc.store.Members(ctx, branchID)
	if err != nil {
		return nil, err
	}
	// Meetings scheduled later in the current periods are arranged for:
	// the year ends the longest of them.
	since, until := PeriodOf(CadenceYear, now).From.AddDate(-1, 0, 0), PeriodOf(CadenceYear, now).To
	ms, err := cc.meetings.Meetings(ctx, MeetingFilter{BranchID: branchID, From: since, To: until,
		States: []MeetingState{MeetingClosed, MeetingScheduled}})
	if err != nil {
		return nil, err
	}
	var closed []Meeting
	for _, m := range ms {
		if m.State == MeetingClosed {
			closed = append(closed, m)
		}
	}
	tallies, err := cc.tallies(ctx, roster, closed)
	if err != nil {
		return nil, err
	}
	return items(st.Rules, groupsOf(roster), judge(ms, tallies), now, previous), nil
}

// tallies counts the closed meetings' attendance, by meeting id.
func (cc *Compliance) tallies(ctx context.Context, roster []Member, closed []Meeting) (map[int64]Tally, error) {
	if len(closed) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(closed))
	for i, m := range closed {
		ids[i] = m.ID
	}
	rs, err := cc.meetings.AttendanceOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	byMeeting := map[int64][]Attendance{}
	for _, a := range rs {
		byMeeting[a.MeetingID] = append(byMeeting[a.MeetingID], a)
	}
	status := map[int64]Status{}
	for _, m := range roster {
		status[m.ID] = m.Status
	}
	out := map[int64]Tally{}
	for _, m := range closed {
		out[m.ID] = Count(m.Type, byMeeting[m.ID], status)
	}
	return out, nil
}

// judged is a meeting as compliance sees it: held and counting, held and
// not counting (why), or begun and not closed.
type judged struct {
	Meeting
	counts bool
	why    Uncounted
}

// judge decides which meetings count: a closed one with someone present,
// and for a 党员大会 more than half of its voting members (docs/domain.md
// §3). A meeting not closed does not count yet: item tells one over (待结束)
// from one to come (已安排).
func judge(ms []Meeting, tallies map[int64]Tally) []judged {
	out := make([]judged, 0, len(ms))
	for _, m := range ms {
		j := judged{Meeting: m}
		if m.State == MeetingClosed {
			t := tallies[m.ID]
			quorum := m.Type != MeetingGeneral || t.CanVote()
			j.counts = t.Present > 0 && quorum
			j.why = Uncounted{Number: m.Number, Start: m.Start, Present: t.Present, Quorum: t.Present > 0 && !quorum, Tally: t}
		}
		out = append(out, j)
	}
	return out
}

// groupsOf lists the 党小组 of a roster.
func groupsOf(roster []Member) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range roster {
		if !m.Removed && m.Group != "" && !seen[m.Group] {
			seen[m.Group] = true
			out = append(out, m.Group)
		}
	}
	sort.Strings(out)
	return out
}

// items is the pure part of Items.
func items(rules []Rule, groups []string, held []judged, now time.Time, previous bool) []Item {
	var out []Item
	for _, r := range rules {
		if r.Cadence == CadenceNone || r.Cadence == "" {
			continue
		}
		targets := []string{""}
		if r.Type == MeetingGroup {
			targets = groups
		}
		for _, g := range targets {
			cur := PeriodOf(r.Cadence, now)
			out = append(out, item(r, g, cur, held, now))
			if previous {
				prev := PeriodOf(r.Cadence, cur.From.Add(-time.Hour))
				out = append(out, item(r, g, prev, held, now))
			}
		}
	}
	return out
}

// item judges one requirement in one period. A missed period is 补开 when
// the next period holds two meetings of the type: the first makes up for
// the missed one, the other counts for its own period. A meeting never
// counts twice.
func item(r Rule, group string, p cntime.Period, held []judged, now time.Time) Item {
	it := Item{Rule: r, Group: group, Period: p}
	next := PeriodOf(r.Cadence, p.To)
	var late []time.Time
	for _, m := range held {
		if m.Type != r.Type || m.Group != group {
			continue
		}
		in := !m.Start.Before(p.From) && m.Start.Before(p.To)
		switch {
		case in && m.State == MeetingScheduled && meetingEnd(m.Meeting).Before(now):
			it.ToClose = append(it.ToClose, m.Number)
		case in && m.State == MeetingScheduled:
			it.Arranged = append(it.Arranged, Arranged{Number: m.Number, Start: m.Start})
		case in && !m.counts:
			it.Uncounted = append(it.Uncounted, m.why)
		case in:
			it.Held = append(it.Held, m.Start)
		case m.counts && !m.Start.Before(next.From) && m.Start.Before(next.To):
			late = append(late, m.Start)
		}
	}
	sort.Slice(late, func(i, j int) bool { return late[i].Before(late[j]) })
	switch {
	case len(it.Held) > 0:
		it.State = ItemHeld
	case len(it.ToClose) > 0:
		it.State = ItemToClose
	case len(it.Arranged) > 0:
		it.State = ItemScheduled
		sort.Slice(it.Arranged, func(i, j int) bool { return it.Arranged[i].Start.Before(it.Arranged[j].Start) })
	case now.Before(p.To):
		it.State = ItemDue
		it.DaysLeft = DaysLeft(now, p.To) // now is on the branch's calendar, as the periods
	case len(late) >= 2:
		it.State, it.MadeUp = ItemMadeUp, late[0]
	default:
		it.State = ItemMissed
	}
	return it
}

// SetRule changes the cadence of a meeting type (officers).
func (cc *Compliance) SetRule(ctx context.Context, chatID int64, p Person, t MeetingType, c Cadence) (Settings, error) {
	b, actor, err := cc.svc.authorized(ctx, chatID, p, ActManageCampaign)
	if err != nil {
		return Settings{}, err
	}
	st, err := cc.settings.Settings(ctx, b.ID)
	if err != nil {
		return st, err
	}
	before := fmt.Sprint(st.Rules)
	found := false
	for i := range st.Rules {
		if st.Rules[i].Type == t {
			st.Rules[i].Cadence, found = c, true
		}
	}
	if !found {
		st.Rules = append(st.Rules, Rule{Type: t, Cadence: c})
	}
	ch := cc.svc.change(b.ID, p, actor.Name, "rules.set", string(t), before, fmt.Sprint(st.Rules))
	return st, cc.settings.SaveSettings(ctx, b.ID, st, ch)
}

// Settings returns the chat branch's settings for a member.
func (cc *Compliance) Settings(ctx context.Context, chatID int64, p Person) (Settings, error) {
	b, _, err := cc.svc.Actor(ctx, chatID, p)
	if err != nil {
		return Settings{}, err
	}
	return cc.settings.Settings(ctx, b.ID)
}

// Streak is a member with no attended meeting nor accepted leave for
// Months consecutive months (党章 第九条: the software flags, never acts).
type Streak struct {
	Member Member
	Months int
}

// AbsenceStreaks lists members whose streak of months ending last month
// is exactly 3 or 5: each threshold is flagged once.
func (cc *Compliance) AbsenceStreaks(ctx context.Context, branchID int64, now time.Time) ([]Streak, error) {
	thisMonth := PeriodOf(CadenceMonth, now).From
	from := thisMonth.AddDate(0, -6, 0)
	ms, err := cc.meetings.Meetings(ctx, MeetingFilter{BranchID: branchID, From: from, To: thisMonth, States: []MeetingState{MeetingClosed}})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(ms))
	monthOf := map[int64]int{} // meeting id → months before this month (1 = last month)
	for i, m := range ms {
		ids[i] = m.ID
		start := m.Start.In(now.Location())
		monthOf[m.ID] = (thisMonth.Year()-start.Year())*12 + int(thisMonth.Month()) - int(start.Month())
	}
	rs, err := cc.meetings.AttendanceOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	roster, err := cc.svc.store.Members(ctx, branchID)
	if err != nil {
		return nil, err
	}
	return streaks(roster, rs, monthOf), nil
}

// streaks is the pure part of AbsenceStreaks.
func streaks(roster []Member, rs []Attendance, monthOf map[int64]int) []Streak {
	expected := map[int64]map[int]bool{} // member → months with an expected meeting
	attended := map[int64]map[int]bool{}
	for _, a := range rs {
		if !a.Expected {
			continue
		}
		mo := monthOf[a.MeetingID]
		if expected[a.MemberID] == nil {
			expected[a.MemberID], attended[a.MemberID] = map[int]bool{}, map[int]bool{}
		}
		expected[a.MemberID][mo] = true
		if a.Outcome == OutcomePresent || a.Outcome == OutcomeLate || a.Outcome == OutcomeLeave {
			attended[a.MemberID][mo] = true
		}
	}
	var out []Streak
	for _, m := range SortRoster(roster) {
		if m.Removed || m.Exempt != "" || !m.Status.IsPartyMember() {
			continue
		}
		n := 0
		for mo := 1; mo <= 6 && expected[m.ID][mo] && !attended[m.ID][mo]; mo++ {
			n++
		}
		if n == 3 || n == 5 {
			out = append(out, Streak{Member: m, Months: n})
		}
	}
	return out
}

// SettingsOf returns a branch's settings, for the reminder engine.
func (cc *Compliance) SettingsOf(ctx context.Context, branchID int64) (Settings, error) {
	return cc.settings.Settings(ctx, branchID)
}

// SetQuiet changes a branch's quiet hours (minutes after local midnight;
// start == end turns them off). Officers only.
func (cc *Compliance) SetQuiet(ctx context.Context, chatID int64, p Person, start, end int) (Settings, error) {
	return cc.update(ctx, chatID, p, "settings.quiet", func(st *Settings) error {
		if start < 0 || start >= 24*60 || end < 0 || end >= 24*60 {
			return &ValidationError{Field: FieldSetting, Problem: ProblemInvalid}
		}
		st.QuietStart, st.QuietEnd = start, end
		return nil
	})
}

// SetLeadTimes changes when meetings are reminded before they start: one
// to four lead times between 10 minutes and 7 days. Officers only.
func (cc *Compliance) SetLeadTimes(ctx context.Context, chatID int64, p Person, leads []time.Duration) (Settings, error) {
	return cc.update(ctx, chatID, p, "settings.leads", func(st *Settings) error {
		if len(leads) == 0 || len(leads) > 4 {
			return &ValidationError{Field: FieldSetting, Problem: ProblemInvalid}
		}
		for _, l := range leads {
			if l < 10*time.Minute || l > 7*24*time.Hour {
				return &ValidationError{Field: FieldSetting, Problem: ProblemInvalid}
			}
		}
		st.LeadTimes = append([]time.Duration(nil), leads...)
		return nil
	})
}

func (cc *Compliance) update(ctx context.Context, chatID int64, p Person, action string, apply func(*Settings) error) (Settings, error) {
	b, actor, err := cc.svc.authorized(ctx, chatID, p, ActManageCampaign)
	if err != nil {
		return Settings{}, err
	}
	st, err := cc.settings.Settings(ctx, b.ID)
	if err != nil {
		return st, err
	}
	before := fmt.Sprintf("%+v", st)
	if err := apply(&st); err != nil {
		return st, err
	}
	ch := cc.svc.change(b.ID, p, actor.Name, action, "", before, fmt.Sprintf("%+v", st))
	return st, cc.settings.SaveSettings(ctx, b.ID, st, ch)
}
