package zhibu

import (
	"context"
	"errors"
	"time"
)

// MeetingFilter selects meetings of a branch (every branch when BranchID
// is 0, for the reminder engine) by start time, state and type.
type MeetingFilter struct {
	BranchID  int64
	BranchIDs []int64        // several branches at once; empty means BranchID alone
	IDs       []int64        // these meetings only; empty means any
	From, To  time.Time      // Start in [From, To); zero bounds are open
	States    []MeetingState // empty means any
	Type      MeetingType    // empty means any
	Desc      bool           // newest first
	Limit     int            // 0 means no limit
}

// Minutes is one version of a meeting's minutes (会议记录正文). A second
// version never replaces the first: both are kept.
type Minutes struct {
	ID        int64
	MeetingID int64
	Version   int
	Text      string
	AuthorID  int64 // member id
	CreatedAt time.Time
}

// StatsFilter selects what attendance statistics cover: closed meetings of
// a branch starting in [From, To), optionally of one type or one member.
type StatsFilter struct {
	BranchID int64
	From, To time.Time
	Type     MeetingType
	MemberID int64
	ByType   bool // one row per member and type instead of per member
}

// MeetingStore persists meetings, attendance and minutes.
type MeetingStore interface {
	// CreateMeeting stores a meeting, assigning its ID and the next Number
	// of its branch atomically.
	CreateMeeting(ctx context.Context, m Meeting, c Change) (Meeting, error)
	// MeetingByNumber finds a branch's meeting by 编号, or ErrNotFound.
	MeetingByNumber(ctx context.Context, branchID int64, number int) (Meeting, error)
	// UpdateMeeting saves a meeting's fields and the change.
	UpdateMeeting(ctx context.Context, m Meeting, c Change) error
	// Meetings lists meetings by start time.
	Meetings(ctx context.Context, f MeetingFilter) ([]Meeting, error)
	// Attendance lists a meeting's records.
	Attendance(ctx context.Context, meetingID int64) ([]Attendance, error)
	// AttendanceOf lists the records of several meetings, by meeting then id.
	AttendanceOf(ctx context.Context, meetingIDs []int64) ([]Attendance, error)
	// SaveAttendance inserts (ID == 0) or updates one record, with an
	// optional change for the audit log. A second record for the same
	// meeting and member (or observer name) is ErrConflict.
	SaveAttendance(ctx context.Context, a Attendance, c *Change) (Attendance, error)
	// CloseMeeting saves the closed meeting and replaces its records with
	// the frozen ones, atomically.
	CloseMeeting(ctx context.Context, m Meeting, records []Attendance, c Change) error
	// AddMinutes stores a new version (the next number for the meeting).
	AddMinutes(ctx context.Context, v Minutes, c Change) (Minutes, error)
	// MinutesOf lists a meeting's minutes, oldest version first.
	MinutesOf(ctx context.Context, meetingID int64) ([]Minutes, error)
	// MinutesOfAll lists the minutes of several meetings, by meeting then version.
	MinutesOfAll(ctx context.Context, meetingIDs []int64) ([]Minutes, error)
	// AttendanceStats aggregates closed meetings' expected records per
	// member (and type), with aggregate SQL.
	AttendanceStats(ctx context.Context, f StatsFilter) ([]MemberStats, error)
}

// ErrConflict means a unique record already exists.
var ErrConflict = errors.New("conflict")
