package zhibu

import "time"

// Answer is a member's reply to a meeting call.
type Answer string

// Answers.
const (
	AnswerNone   Answer = ""
	AnswerAttend Answer = "参加"
	AnswerLeave  Answer = "请假"
)

// Outcome is a member's final attendance at a closed meeting.
type Outcome string

// Outcomes. OutcomeNone is an open meeting's "not decided yet".
const (
	OutcomeNone     Outcome = ""
	OutcomePresent  Outcome = "出席"
	OutcomeLate     Outcome = "迟到"
	OutcomeLeave    Outcome = "请假"
	OutcomeAbsent   Outcome = "缺席"
	OutcomeObserver Outcome = "列席"
)

// Outcomes an officer may set in a correction.
var CorrectableOutcomes = []Outcome{OutcomePresent, OutcomeLate, OutcomeLeave, OutcomeAbsent}

// Attendance is one person's record at one meeting: their answer, leave
// reason, check-in, and at close the outcome. Observers (列席) are people
// not expected at the meeting; they may have no roster entry (MemberID 0).
type Attendance struct {
	ID              int64
	MeetingID       int64
	MemberID        int64
	Name            string
	Expected        bool // frozen at close; before close computed from the roster
	Observer        bool
	Answer          Answer
	AnsweredAt      time.Time
	LeaveReason     string
	LeaveRejected   bool
	LeaveRejectedBy int64
	CheckedInAt     time.Time
	CheckedInBy     int64 // member id of whoever signed in; differs from MemberID for 代签/补签
	Late            bool
	Outcome         Outcome
}

// CheckedIn reports whether the person was signed in.
func (a Attendance) CheckedIn() bool { return !a.CheckedInAt.IsZero() }

// OnLeave reports whether the person has leave that was not rejected.
func (a Attendance) OnLeave() bool { return a.Answer == AnswerLeave && !a.LeaveRejected }

// Unanswered reports whether a member still owes an answer: no answer, or
// a leave that was rejected, and not checked in. Every expected member is
// exactly one of attending (answered 参加 or checked in), on leave, or
// unanswered: the counts on a notice add up to 应到.
func (a Attendance) Unanswered() bool {
	return !a.CheckedIn() && (a.Answer == AnswerNone || (a.Answer == AnswerLeave && a.LeaveRejected))
}

// Attending reports whether a member answered 参加 or checked in (checking
// in while on leave means they came).
func (a Attendance) Attending() bool { return a.CheckedIn() || a.Answer == AnswerAttend }

// outcome is what a record comes to when the meeting closes.
func (a Attendance) outcome() Outcome {
	switch {
	case a.Observer:
		return OutcomeObserver
	case a.CheckedIn() && a.Late:
		return OutcomeLate
	case a.CheckedIn():
		return OutcomePresent
	case a.OnLeave():
		return OutcomeLeave
	}
	return OutcomeAbsent
}

// Close freezes a meeting's attendance: every expected roster member gets a
// record (absent unless checked in or on accepted leave), observers keep
// theirs, and records of people neither expected nor present are dropped.
func Close(m Meeting, roster []Member, records []Attendance) []Attendance {
	byMember := map[int64]Attendance{}
	var out []Attendance
	for _, a := range records {
		if a.MemberID == 0 {
			if a.Observer {
				a.Outcome = OutcomeObserver
				out = append(out, a)
			}
			continue
		}
		byMember[a.MemberID] = a
	}
	for _, mem := range roster {
		a, had := byMember[mem.ID]
		delete(byMember, mem.ID)
		if !Expected(m.Type, m.Group, mem) {
			if had && a.CheckedIn() {
				a.Observer, a.Expected, a.Outcome = true, false, OutcomeObserver
				out = append(out, a)
			}
			continue
		}
		if !had {
			a = Attendance{MeetingID: m.ID, MemberID: mem.ID}
		}
		a.Name, a.Expected, a.Observer = mem.Name, true, false
		a.Outcome = a.outcome()
		out = append(out, a)
	}
	return out
}

// Tally counts a meeting's attendance (docs/domain.md §3).
type Tally struct {
	Expected int // 应到
	Present  int // 实到, late included
	Late     int // 迟到
	Leave    int // 请假
	Absent   int // 缺席
	Observer int // 列席

	VotingExpected int // full members (not under 留党察看) among 应到
	VotingPresent  int
}

// Rate is 实到 / 应到, 0 when nobody was expected.
func (t Tally) Rate() float64 {
	if t.Expected == 0 {
		return 0
	}
	return float64(t.Present) / float64(t.Expected)
}

// CanVote reports the 党员大会 quorum for a vote: more than half of the
// voting members present (支部工作条例 第十一条). For a 支委会 the same
// condition on the committee: more than half present.
func (t Tally) CanVote() bool { return t.VotingPresent*2 > t.VotingExpected }

// CanElect reports the election quorum: more than 4/5 of expected electors
// present (基层组织选举工作条例).
func (t Tally) CanElect() bool { return t.VotingPresent*5 > t.VotingExpected*4 }

// Count tallies closed records. statusOf gives each member's status so
// voting members can be counted; for a 支委会 every committee member counts
// as voting (its quorum is over the committee).
func Count(t MeetingType, records []Attendance, statusOf map[int64]Status) Tally {
	var tl Tally
	for _, a := range records {
		if a.Observer || !a.Expected {
			if a.Outcome == OutcomeObserver {
				tl.Observer++
			}
			continue
		}
		tl.Expected++
		voting := t == MeetingCommittee || statusOf[a.MemberID].CanVote()
		present := a.Outcome == OutcomePresent || a.Outcome == OutcomeLate
		if voting {
			tl.VotingExpected++
		}
		switch a.Outcome {
		case OutcomeLate:
			tl.Late++
		case OutcomeLeave:
			tl.Leave++
		case OutcomeAbsent:
			tl.Absent++
		}
		if present {
			tl.Present++
			if voting {
				tl.VotingPresent++
			}
		}
	}
	return tl
}

// Preview computes the live outcomes of an open meeting, as Close would.
func Preview(m Meeting, roster []Member, records []Attendance) []Attendance {
	return Close(m, roster, records)
}

// MemberStats is one member's attendance over a period.
type MemberStats struct {
	MemberID int64
	Name     string
	Type     MeetingType // set when grouped by type
	Expected int
	Present  int // late included
	Late     int
	Leave    int
	Absent   int
}

// Rate is present / expected, 0 when nothing was expected.
func (s MemberStats) Rate() float64 {
	if s.Expected == 0 {
		return 0
	}
	return float64(s.Present) / float64(s.Expected)
}
