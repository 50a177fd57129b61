package zhibu

import (
	"errors"
	"time"
)

// MeetingType is a kind of branch meeting (三会一课 and the other required
// activities, docs/domain.md §2).
type MeetingType string

// Meeting types.
const (
	MeetingGeneral    MeetingType = "党员大会"
	MeetingCommittee  MeetingType = "支委会"
	MeetingGroup      MeetingType = "党小组会"
	MeetingLecture    MeetingType = "党课"
	MeetingThemeDay   MeetingType = "主题党日"
	MeetingLifeReview MeetingType = "组织生活会"
	MeetingAppraisal  MeetingType = "民主评议"
	MeetingOther      MeetingType = "其他"
)

// MeetingTypes lists every type in display order.
var MeetingTypes = []MeetingType{MeetingGeneral, MeetingCommittee, MeetingGroup, MeetingLecture,
	MeetingThemeDay, MeetingLifeReview, MeetingAppraisal, MeetingOther}

var meetingTypeAliases = map[string]MeetingType{
	"支部党员大会": MeetingGeneral, "大会": MeetingGeneral,
	"支部委员会": MeetingCommittee, "支委会议": MeetingCommittee, "支部委员会会议": MeetingCommittee,
	"小组会": MeetingGroup, "党小组会议": MeetingGroup,
	"民主评议党员": MeetingAppraisal,
}

// FieldMeetingType and the other meeting fields name ValidationError fields.
const (
	FieldMeetingType  = "meeting_type"
	FieldPlace        = "place"
	FieldTopic        = "topic"
	FieldStart        = "start"
	FieldEnd          = "end"
	FieldLecturer     = "lecturer"
	FieldReason       = "reason" // a leave's
	FieldCancelReason = "cancel_reason"
	FieldMinutes      = "minutes"
	FieldMeeting      = "meeting"
	FieldHost         = "host"
)

// Limits on meeting fields, in characters.
const (
	MaxPlaceLen    = 100
	MaxTopicLen    = 500
	MaxReasonLen   = 200
	MaxMinutesLen  = 20000
	MaxLecturerLen = 40
)

// ParseMeetingType reads a meeting type by name or common alias.
func ParseMeetingType(s string) (MeetingType, error) {
	for _, t := range MeetingTypes {
		if string(t) == s {
			return t, nil
		}
	}
	if t, ok := meetingTypeAliases[s]; ok {
		return t, nil
	}
	if s == "" {
		return "", &ValidationError{Field: FieldMeetingType, Problem: ProblemEmpty}
	}
	return "", &ValidationError{Field: FieldMeetingType, Problem: ProblemUnknown, Value: s}
}

// MeetingState is where a meeting stands.
type MeetingState string

// Meeting states.
const (
	MeetingScheduled MeetingState = "scheduled"
	MeetingCancelled MeetingState = "cancelled"
	MeetingClosed    MeetingState = "closed"
)

// Meeting is one scheduled or held meeting. Number is its 编号 within the
// branch; members refer to meetings by it.
type Meeting struct {
	ID           int64
	BranchID     int64
	Number       int
	Type         MeetingType
	Group        string // the 党小组 of a 党小组会
	Start        time.Time
	End          time.Time // zero when not given
	Place        string
	Topic        string // 议题
	HostID       int64  // 主持人 (member id), default the 书记
	RecorderID   int64  // 记录人 (member id), 0 when not named
	Lecturer     string // 主讲人 of a 党课, free text (may be a guest)
	State        MeetingState
	Backfilled   bool // 补录: recorded after being held offline
	CancelReason string
	AnnounceID   int // the chat message that announces it, 0 when none
	CreatedBy    int64
	ClosedBy     int64
	ClosedAt     time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Check-in rules (docs/domain.md §3): the window opens 30 minutes before the
// start and closes 2 hours after; arriving more than 10 minutes after the
// start is 迟到.
const (
	CheckInOpensBefore = 30 * time.Minute
	CheckInClosesAfter = 2 * time.Hour
	LateAfter          = 10 * time.Minute
)

// CheckInOpen reports whether members may check themselves in at now.
func (m Meeting) CheckInOpen(now time.Time) bool {
	return m.State == MeetingScheduled && !m.Backfilled &&
		!now.Before(m.Start.Add(-CheckInOpensBefore)) && !now.After(m.Start.Add(CheckInClosesAfter))
}

// IsLate reports whether a check-in at t counts as 迟到.
func (m Meeting) IsLate(t time.Time) bool { return t.After(m.Start.Add(LateAfter)) }

// Started reports whether the meeting has begun at now.
func (m Meeting) Started(now time.Time) bool { return !now.Before(m.Start) }

// Meeting errors.
var (
	ErrMeetingCancelled = errors.New("meeting cancelled")
	ErrMeetingClosed    = errors.New("meeting closed")
	ErrMeetingNotClosed = errors.New("meeting not closed")
	ErrInPast           = errors.New("time in the past")
	ErrCheckInClosed    = errors.New("check-in not open")
	ErrNotExpected      = errors.New("member not expected at this meeting")
	// ErrNotInvited: a 支委会 or another 党小组's meeting is not the
	// member's to answer (they may still attend as 列席, by an officer).
	ErrNotInvited     = errors.New("meeting not for this member to answer")
	ErrNotAnswered    = errors.New("no leave to reject")
	ErrNoGroup        = errors.New("党小组会 needs a group")
	ErrNotStarted     = errors.New("meeting not started")
	ErrBackfillFuture = errors.New("backfilled meeting in the future")
	// ErrNobodyPresent refuses to close a meeting nobody has signed in to
	// unless the officer confirms (CloseEmptyMeeting): everyone expected
	// would be recorded 缺席, most often because sign-ins were not taken.
	ErrNobodyPresent = errors.New("nobody present at the meeting")
)

// Invited reports whether a meeting is the member's to answer: everyone's,
// but a 支委会 the committee's and a 党小组会 its group's. Exempt members
// and those not yet full members may answer what they are invited to.
func Invited(mt Meeting, m Member) bool {
	m.Exempt, m.Status = "", StatusFull
	return Expected(mt.Type, mt.Group, m)
}

// Expected reports whether a roster entry is expected (应到) at a meeting of
// this type and group: Party members who are not exempt; for a 支委会 the
// committee; for a 党小组会 the members of that group.
func Expected(t MeetingType, group string, m Member) bool {
	if m.Removed || m.Exempt != "" || !m.Status.IsPartyMember() {
		return false
	}
	switch t {
	case MeetingCommittee:
		return m.Role.IsCommittee()
	case MeetingGroup:
		return m.Group == group
	}
	return true
}
