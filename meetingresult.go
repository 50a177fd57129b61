package zhibu

import "context"

// Result is a closed (or previewed) meeting with its records and tally.
type Result struct {
	Meeting Meeting
	Records []Attendance // expected members first, by name order of the roster; observers last
	Tally   Tally
}

// MeetingView is a meeting as adapters show it: its result, the branch it
// belongs to (whose Location is the zone its times are shown in) and the
// branch's roster, removed entries included (names of the host and the
// recorder, accounts to mention).
type MeetingView struct {
	Result
	Branch Branch
	Roster []Member
}

// Member is the roster entry with id, or the zero Member when there is none.
func (v MeetingView) Member(id int64) Member { return memberByID(v.Roster, id) }

// newView computes the live or frozen result of a meeting from its records
// and the roster.
func newView(b Branch, m Meeting, roster []Member, rs []Attendance) MeetingView {
	if m.State != MeetingClosed {
		rs = Preview(m, SortRoster(roster), rs)
	}
	return MeetingView{Result: Result{Meeting: m, Records: rs, Tally: Count(m.Type, rs, statuses(roster))}, Branch: b, Roster: roster}
}

// view reads a meeting's records and its branch's roster.
func (ms *Meetings) view(ctx context.Context, b Branch, m Meeting) (MeetingView, error) {
	roster, err := ms.svc.store.Members(ctx, b.ID)
	if err != nil {
		return MeetingView{}, err
	}
	return ms.viewWith(ctx, b, m, roster)
}

// viewWith is view with the roster in hand.
func (ms *Meetings) viewWith(ctx context.Context, b Branch, m Meeting, roster []Member) (MeetingView, error) {
	rs, err := ms.store.Attendance(ctx, m.ID)
	if err != nil {
		return MeetingView{}, err
	}
	return newView(b, m, roster, rs), nil
}

func statuses(roster []Member) map[int64]Status {
	out := make(map[int64]Status, len(roster))
	for _, m := range roster {
		out[m.ID] = m.Status
	}
	return out
}

// View returns a meeting of the chat's branch by 编号 with its result (live
// counts while open, frozen once closed), and whether the sender may see
// the details. Details (who answered what, leave reasons) are for
// officers; the bot shows members the counts only.
func (ms *Meetings) View(ctx context.Context, chatID int64, p Person, number int) (MeetingView, bool, error) {
	b, actor, m, err := ms.Meeting(ctx, chatID, p, number)
	if err != nil {
		return MeetingView{}, false, err
	}
	v, err := ms.view(ctx, b, m)
	return v, Can(actor.Role, ActViewAttendance), err
}

// ViewOf is View for a meeting of branch b already in hand (an
// announcement refreshed after an answer), with no rights check.
func (ms *Meetings) ViewOf(ctx context.Context, b Branch, m Meeting) (MeetingView, error) {
	return ms.view(ctx, b, m)
}
