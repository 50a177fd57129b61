package zhibu

import (
	"context"
	"errors"
	"time"
)

// Campaign is a movement that comes from above in stages (主题教育,
// 创先争优 …, docs/domain.md §6). Stages are data, never code.
type Campaign struct {
	ID        int64
	BranchID  int64
	Number    int
	Name      string
	CreatedBy int64
	CreatedAt time.Time
}

// ReqKind is a kind of requirement a stage can carry.
type ReqKind string

// Requirement kinds.
const (
	ReqPledge  ReqKind = "承诺" // every member has a published pledge
	ReqSubmit  ReqKind = "提交" // every member submitted an item (Item names it, e.g. 学习心得)
	ReqMeeting ReqKind = "会议" // a meeting of Meeting's type was held in the window
)

// Requirement is one condition of a stage.
type Requirement struct {
	Kind    ReqKind
	Item    string      // for ReqSubmit: what to submit
	Meeting MeetingType // for ReqMeeting
}

// Stage is one 阶段 of a campaign: a window [Start, End) in which its
// requirements must be met. Number is its 编号 in the branch (members
// /submit to it).
type Stage struct {
	ID           int64
	CampaignID   int64
	BranchID     int64
	Number       int
	Name         string
	Start        time.Time // local midnight of the first day
	End          time.Time // local midnight after the last day
	Requirements []Requirement
	CreatedAt    time.Time
}

// Submission is a member's item for a stage (学习心得 …).
type Submission struct {
	ID        int64
	StageID   int64
	MemberID  int64
	Text      string
	CreatedAt time.Time
}

// Campaign errors.
var (
	ErrStageOrder   = errors.New("stage ends before it starts")
	ErrStageOverlap = errors.New("stage overlaps another stage of the campaign")
	ErrStageClosed  = errors.New("stage not open")
	ErrNoSubmit     = errors.New("stage asks for no submission")
)

// StageConflict is a stage refused for its dates, with what the refusal
// shows: the stage as read and, for ErrStageOverlap, the stage it overlaps.
type StageConflict struct {
	Err   error // ErrStageOrder or ErrStageOverlap
	Stage Stage // the refused stage; End is the day after its last day
	Other Stage // the stage it overlaps
}

func (e *StageConflict) Error() string { return e.Err.Error() }

func (e *StageConflict) Unwrap() error { return e.Err }

// Limits of campaigns.
const (
	MaxCampaignNameLen = 60
	MaxStageNameLen    = 40
	MaxSubmissionLen   = 2000
)

// CampaignStore persists campaigns, stages and submissions.
type CampaignStore interface {
	CreateCampaign(ctx context.Context, c Campaign) (Campaign, error)              // assigns ID and Number
	CampaignByNumber(ctx context.Context, branchID int64, n int) (Campaign, error) // ErrNotFound
	Campaigns(ctx context.Context, branchID int64) ([]Campaign, error)
	// AddStages stores stages of one campaign atomically, assigning IDs and Numbers.
	AddStages(ctx context.Context, ss []Stage) ([]Stage, error)
	StageByNumber(ctx context.Context, branchID int64, n int) (Stage, error) // ErrNotFound
	// Stages lists a campaign's stages by start (campaignID 0: every stage of the branch).
	Stages(ctx context.Context, branchID, campaignID int64) ([]Stage, error)
	// StagesBetween lists stages of every branch whose Start or End falls in [from, to) or
	// that span it, for the reminder engine.
	StagesBetween(ctx context.Context, from, to time.Time) ([]Stage, error)
	// SaveSubmission inserts or replaces a member's submission for a stage.
	SaveSubmission(ctx context.Context, s Submission) (Submission, error)
	Submissions(ctx context.Context, stageID int64) ([]Submission, error)
}
