package zhibu

import (
	"fmt"
	"time"
)

// Notice is what one occurrence says and to whom, decided by the domain; a
// chat adapter writes the words. A Notice with neither Group nor Private
// nor Unreached sends nothing: the subject is gone, or nobody needs
// reminding.
type Notice struct {
	Occurrence
	Now time.Time // when it is composed: counts of days and hours left are from now

	Group   bool     // a message to the branch's group
	Private []Member // a private message to each, all linked and reachable; each falls back to the group
	// Unreached are members a private message was meant for whom the bot
	// cannot write to privately (never started it, or blocked it), when
	// nobody else gets the notice: the group is told to ask them to open a
	// private chat, without what the message says.
	Unreached []Member
	// Wait means there is nothing to send yet: the engine records nothing
	// and composes the occurrence again at a later tick (a member's own
	// reminder that could only become a note in the group, in quiet hours).
	Wait bool

	// What it is about; each kind sets its own.
	Meeting  Meeting      // meeting_lead, meeting_checkin
	Silent   []Member     // meeting_lead: expected and not answered, in roster order, with Telegram
	Offline  []Member     // meeting_lead, call_nag: not answered, without Telegram (officers answer for them)
	Pledge   Pledge       // pledge_due
	Lines    []PledgeLine // pledge_digest, pledge_overdue
	Unclosed []Meeting    // pledge_overdue (the officers' weekly note): held, never closed
	Call     PledgeCall   // call_nag
	Missing  []Member     // call_nag: Party members with Telegram who have not answered, not exempt
	Stage    Stage        // stage_*
	Status   StageStatus  // stage_soon, stage_summary
	Items    []Item       // compliance: requirements still due in periods ending with the month
	Streaks  []Streak     // absence
	Reminder Reminder     // custom
}

// PledgeLine is a pledge with the member who made it.
type PledgeLine struct {
	Pledge Pledge
	Owner  Member
}

// GroupMessage is the notice's message to the branch's group, keyed for
// exactly-once delivery.
func (n Notice) GroupMessage(text string, buttons [][]Button) Message {
	return Message{ChatID: n.Branch.ChatID, Text: text, Buttons: buttons, Key: n.Key + ":group",
		BranchID: n.Branch.ID, Kind: string(n.Kind)}
}

// PrivateMessage is the notice's message to one member privately, keyed for
// exactly-once delivery. fallback (FallbackMessage) goes to the group
// instead when the member's private chat forbids the bot: a private
// reminder is never silently lost.
func (n Notice) PrivateMessage(m Member, text string, fallback Message) Message {
	return Message{ChatID: m.TelegramID, Text: text, Key: n.privateKey(m), BranchID: n.Branch.ID,
		Kind: string(n.Kind), Private: true, Fallback: &fallback}
}

// FallbackMessage is the group's note for m when the notice's private
// message cannot reach them: it names m and asks them to open a private
// chat, and must say nothing private (docs/reminders.md, "Sending"). Its key
// is the one the sending path gives a fallback.
func (n Notice) FallbackMessage(m Member, text string, buttons [][]Button) Message {
	return Message{ChatID: n.Branch.ChatID, Text: text, Buttons: buttons, Key: n.privateKey(m) + ":fallback",
		BranchID: n.Branch.ID, Kind: string(n.Kind)}
}

// UnreachedMessage is the group's note naming n.Unreached, keyed for
// exactly-once delivery; like a fallback it says nothing private. The note
// for personal reminders comes once a month for each member, not at every
// occurrence of a daily reminder nor once for each of their reminders.
func (n Notice) UnreachedMessage(text string, buttons [][]Button) Message {
	key := n.Key + ":unreached"
	if n.Kind == KindCustom && len(n.Unreached) == 1 {
		key = fmt.Sprintf("custom:unreached:member:%d:%s", n.Unreached[0].ID, n.FireAt.In(n.Location()).Format("2006-01"))
	}
	return Message{ChatID: n.Branch.ChatID, Text: text, Buttons: buttons, Key: key,
		BranchID: n.Branch.ID, Kind: string(n.Kind)}
}

func (n Notice) privateKey(m Member) string { return fmt.Sprintf("%s:private:%d", n.Key, m.TelegramID) }

// Location is the time zone of the notice's branch.
func (n Notice) Location() *time.Location { return n.Branch.Location() }

// notice composes the notice of one occurrence from the batch's facts.
func (d *facts) notice(o Occurrence) Notice {
	n := Notice{Occurrence: o, Now: d.now}
	roster := d.rosters[o.Branch.ID]
	switch o.Kind {
	case KindCloseNag:
		d.closeNotice(&n, roster)
	case KindMeetingLead, KindCheckIn:
		d.meetingNotice(&n, roster)
	case KindPledgeDue:
		p, ok := d.pledges[o.Ref]
		if !ok || !p.State.Open() {
			break
		}
		n.Pledge = p
		n.Private = d.reachableOf([]Member{memberByID(roster, p.MemberID)})
	case KindPledgeDigest:
		d.digestNotice(&n, roster)
	case KindOverdueDigest:
		d.overdueNotice(&n, roster)
	case KindCallNag:
		c, ok := d.calls[o.Ref]
		if !ok {
			break
		}
		n.Call = c
		// Named are those who can reply; members without Telegram are
		// listed apart for the officers to enter, and a member exempt for
		// age or illness is not named at all (the group would read why).
		for _, m := range missing(roster, d.answers[c.ID]) {
			switch {
			case m.Exempt != "":
			case m.TelegramID == 0:
				n.Offline = append(n.Offline, m)
			default:
				n.Missing = append(n.Missing, m)
			}
		}
		n.Group = len(n.Missing)+len(n.Offline) > 0
	case KindStageStart, KindStageSoon, KindStageSummary:
		d.stageNotice(&n, roster)
	case KindCompliance:
		d.complianceNotice(&n, roster)
	case KindAbsence:
		d.absenceNotice(&n, roster)
	case KindHolidays:
		// Only the administrator can add the year: the 书记 alone is told;
		// when no 书记 can be reached, the group is only asked to have them
		// open a private chat.
		d.toSecretaries(&n, roster, false)
	case KindCustom:
		d.customNotice(&n, roster)
	}
	return n
}

// customNotice: a branch reminder goes to the group, a member's own to them
// privately — even in quiet hours, at the hour they chose, but the group's
// note that they cannot be reached waits for the morning. A one-off missed
// while the bot was not running is not sent: its owner, or for a branch
// reminder the 书记, is told privately.
func (d *facts) customNotice(n *Notice, roster []Member) {
	r, ok := d.reminders[n.Ref]
	if !ok || r.Paused || r.Deleted {
		return
	}
	n.Reminder = r
	switch {
	case !r.Private && n.Missed:
		d.toSecretaries(n, roster, false)
	case !r.Private:
		n.Group = true
	default:
		owner := []Member{memberByID(roster, r.OwnerID)}
		n.Private, n.Unreached = d.reachableOf(owner), d.unreachableOf(owner)
		n.Wait = len(n.Private) == 0 && len(n.Unreached) > 0 && n.Branch.Quiet(d.now)
	}
}

// memberByID finds a roster entry by id; the zero Member when absent.
func memberByID(roster []Member, id int64) Member {
	for _, m := range roster {
		if m.ID == id {
			return m
		}
	}
	return Member{}
}

// reachableOf keeps the members the bot may write to privately.
func (d *facts) reachableOf(ms []Member) []Member {
	var out []Member
	for _, m := range ms {
		if m.Linked() && d.reachable[m.TelegramID] {
			out = append(out, m)
		}
	}
	return out
}

// unreachableOf keeps the members on the roster the bot may not write to
// privately but could once they open a private chat with it: linked, not
// removed, not reachable.
func (d *facts) unreachableOf(ms []Member) []Member {
	var out []Member
	for _, m := range ms {
		if m.Linked() && !m.Removed && !d.reachable[m.TelegramID] {
			out = append(out, m)
		}
	}
	return out
}

// groupLeadBefore is how long before a meeting a lead reminder still goes
// to the group: a later one would come just before the check-in opening's
// own post, so it goes privately only (the noise budget: at most four group
// posts a meeting — announcement, a reminder, check-in, result).
const groupLeadBefore = 2 * time.Hour

// meetingNotice: at check-in opening the group gets the 签到 button; before
// the meeting, the group is told who has not answered (when someone has
// not, and the meeting is not about to open), and each of them who can be
// reached privately is told too. Nothing once the meeting was cancelled,
// moved to the past or began.
func (d *facts) meetingNotice(n *Notice, roster []Member) {
	m, ok := d.meetings[n.Ref]
	if !ok || m.State != MeetingScheduled || (n.Kind == KindMeetingLead && !n.Now.Before(m.Start)) {
		return
	}
	n.Meeting, n.Group = m, true
	if n.Kind == KindCheckIn {
		return
	}
	byID := make(map[int64]Member, len(roster))
	for _, mem := range roster {
		byID[mem.ID] = mem
	}
	for _, a := range Preview(m, SortRoster(roster), d.records[m.ID]) {
		if a.Expected && a.Unanswered() {
			if mem := byID[a.MemberID]; mem.TelegramID == 0 {
				n.Offline = append(n.Offline, mem) // cannot press anything: not nagged
			} else {
				n.Silent = append(n.Silent, mem)
			}
		}
	}
	n.Private = d.reachableOf(n.Silent)
	n.Group = len(n.Silent)+len(n.Offline) > 0 && m.Start.Sub(n.Now) >= groupLeadBefore
}

// closeNotice: a meeting over and still open asks, privately, whoever
// scheduled it (or the 书记) to close it; never the group.
func (d *facts) closeNotice(n *Notice, roster []Member) {
	m, ok := d.meetings[n.Ref]
	if !ok || m.State != MeetingScheduled {
		return
	}
	n.Meeting = m
	who := []Member{}
	if c := memberByID(roster, m.CreatedBy); c.ID != 0 && !c.Removed && c.TelegramID != 0 {
		who = append(who, c)
	}
	if len(d.reachableOf(who)) == 0 {
		who = officers(roster, ActAssignRole)
	}
	d.toOfficers(n, who, false)
}

// digestNotice: the group is told of the pledges due in 7 and 1 days whose
// makers cannot be reached privately. Only published ones (公示): a pledge
// under review or sent back is its maker's and the officers' alone, so the
// group reads nothing of it — not its text, nor that it exists.
func (d *facts) digestNotice(n *Notice, roster []Member) {
	for _, w := range digestWindows(n.Occurrence) {
		for _, p := range d.dueSoon {
			if p.BranchID != n.Branch.ID || !p.State.Public() || !between(p.Deadline, w[0], w[1]) {
				continue
			}
			owner := memberByID(roster, p.MemberID)
			if len(d.reachableOf([]Member{owner})) == 0 {
				n.Lines = append(n.Lines, PledgeLine{Pledge: p, Owner: owner})
			}
		}
	}
	n.Group = len(n.Lines) > 0
}

// overdueNotice: each officer who can be reached privately gets the
// branch's overdue pledges; when none can, the group is told to ask them to
// open a private chat.
func (d *facts) overdueNotice(n *Notice, roster []Member) {
	for _, p := range d.overdue {
		if p.BranchID == n.Branch.ID {
			n.Lines = append(n.Lines, PledgeLine{Pledge: p, Owner: memberByID(roster, p.MemberID)})
		}
	}
	for _, m := range d.unclosed {
		if m.BranchID == n.Branch.ID {
			n.Unclosed = append(n.Unclosed, m)
		}
	}
	if len(n.Lines)+len(n.Unclosed) > 0 {
		d.toOfficers(n, officers(roster, ActReviewPledge), false)
	}
}

// officers are the roster's members whose role allows action.
func officers(roster []Member, action Action) []Member {
	var out []Member
	for _, m := range roster {
		if !m.Removed && Can(m.Role, action) {
			out = append(out, m)
		}
	}
	return out
}

// stageNotice: the start tells the group the stage's requirements; before
// its end, who is missing what (nothing when nobody is); the summary,
// always.
func (d *facts) stageNotice(n *Notice, roster []Member) {
	s, ok := d.stages[n.Ref]
	if !ok {
		return
	}
	n.Stage, n.Group = s, true
	if n.Kind == KindStageStart {
		return
	}
	var held []Meeting
	for _, m := range d.held[s.BranchID] {
		if between(m.Start, s.Start, s.End) {
			held = append(held, m)
		}
	}
	n.Status = stageStatus(s, roster, d.public[s.BranchID], d.subs[s.ID], held)
	if n.Kind == KindStageSoon {
		n.Group = len(n.Status.Missing) > 0 || len(n.Status.MeetingDue) > 0
	}
}

// complianceNotice: the requirements still due in periods that end with the
// month, counted from the morning the check was due (found late it still
// speaks of that day; found after the month ended, it has nothing to say),
// to the 书记 privately, or the group when no 书记 can be reached. A
// requirement with a meeting scheduled for it later in the period is
// arranged, not due: the 书记 is not asked for what is already planned.
func (d *facts) complianceNotice(n *Notice, roster []Member) {
	at := n.FireAt.In(n.Location())
	monthEnd := PeriodOf(CadenceMonth, at).To
	if !n.Now.Before(monthEnd) {
		return
	}
	since, until := complianceWindow(at)
	var held, arranged []Meeting
	for _, m := range d.held[n.Branch.ID] {
		if !m.Start.Before(since) && m.Start.Before(until) {
			held = append(held, m)
		}
	}
	for _, m := range d.arranged[n.Branch.ID] {
		// One over and never closed stays due here, as before: the close
		// nag and the weekly note ask for its /close.
		if !meetingEnd(m).Before(at) && m.Start.Before(monthEnd) {
			arranged = append(arranged, m)
		}
	}
	status := map[int64]Status{}
	for _, m := range roster {
		status[m.ID] = m.Status
	}
	tallies := map[int64]Tally{}
	for _, m := range held {
		tallies[m.ID] = Count(m.Type, d.heldRecords[m.ID], status)
	}
	for _, it := range items(n.Branch.Settings.Rules, groupsOf(roster), judge(append(held, arranged...), tallies), at, false) {
		if it.State == ItemDue && it.Period.To.Equal(monthEnd) {
			n.Items = append(n.Items, it)
		}
	}
	if len(n.Items) > 0 {
		d.toSecretaries(n, roster, true)
	}
}

// toSecretaries addresses a notice to each 书记 who can be reached
// privately; when none can, to the group if public allows.
func (d *facts) toSecretaries(n *Notice, roster []Member, public bool) {
	d.toOfficers(n, officers(roster, ActAssignRole), public)
}

// toOfficers addresses a notice to each of officers who can be reached
// privately. When none can, the group gets the notice if public allows, or
// else is told to ask them to open a private chat (Unreached), so that the
// notice is not silently lost.
func (d *facts) toOfficers(n *Notice, officers []Member, public bool) {
	n.Private = d.reachableOf(officers)
	switch {
	case len(n.Private) > 0:
	case public:
		n.Group = true
	default:
		n.Unreached = d.unreachableOf(officers)
	}
}

// absenceNotice: members with 3 or 5 months without attending, to the 书记
// privately and never to the group (which, when no 书记 can be reached, is
// only told to ask them to open a private chat).
func (d *facts) absenceNotice(n *Notice, roster []Member) {
	now := n.Now.In(n.Location())
	from, to := absenceWindow(now)
	thisMonth := to
	monthOf := map[int64]int{} // meeting id → months before this month (1 = last month)
	var rs []Attendance
	for _, m := range d.held[n.Branch.ID] {
		if m.Start.Before(from) || !m.Start.Before(to) {
			continue
		}
		start := m.Start.In(now.Location())
		monthOf[m.ID] = (thisMonth.Year()-start.Year())*12 + int(thisMonth.Month()) - int(start.Month())
		rs = append(rs, d.heldRecords[m.ID]...)
	}
	n.Streaks = streaks(roster, rs, monthOf)
	if len(n.Streaks) > 0 {
		d.toSecretaries(n, roster, false)
	}
}
