package zhibu

import (
	"context"
	"errors"
	"time"
)

// Category is what a pledge is about (real branch reports use these).
type Category string

// Categories.
const (
	CategoryPost         Category = "岗位"
	CategoryService      Category = "服务群众"
	CategoryOrganization Category = "组织建设"
	CategoryStudy        Category = "学习"
	CategoryOther        Category = "其他"
)

// Categories lists every category in display order.
var Categories = []Category{CategoryPost, CategoryService, CategoryOrganization, CategoryStudy, CategoryOther}

// ParseCategory reads a category by name ("业务" is 岗位).
func ParseCategory(s string) (Category, bool) {
	if s == "业务" || s == "岗位业务" {
		return CategoryPost, true
	}
	for _, c := range Categories {
		if string(c) == s {
			return c, true
		}
	}
	return "", false
}

// PledgeState is where a pledge stands in the cycle 提诺 → 审诺 → 公示 →
// 践诺 → 评诺 (docs/domain.md §5).
type PledgeState string

// Pledge states.
const (
	PledgePending   PledgeState = "待审"   // submitted, waiting for review
	PledgeReturned  PledgeState = "已退回"  // sent back with a comment, to be edited
	PledgePublished PledgeState = "已公示"  // approved and public, being carried out
	PledgeClaimed   PledgeState = "待确认"  // the member says it is done; an officer confirms
	PledgeFulfilled PledgeState = "已兑现"  // confirmed
	PledgeCannot    PledgeState = "无法兑现" // declared impossible, with an explanation
	// PledgeWithdrawn is a pledge its maker took back before it was ever
	// published: it stays theirs and the officers' alone, and counts nowhere.
	PledgeWithdrawn PledgeState = "已撤回"
)

// Public reports whether the pledge has been published (公示) to the
// branch. A pledge withdrawn before publication never is.
func (s PledgeState) Public() bool {
	return s == PledgePublished || s == PledgeClaimed || s == PledgeFulfilled || s == PledgeCannot
}

// Open reports whether the pledge is still to be carried out.
func (s PledgeState) Open() bool {
	return s == PledgePending || s == PledgeReturned || s == PledgePublished || s == PledgeClaimed
}

// Grade is the evaluation (评诺) of a pledge.
type Grade string

// Grades.
const (
	GradeExcellent Grade = "优秀"
	GradeGood      Grade = "良好"
	GradePass      Grade = "合格"
	GradeFailed    Grade = "未完成"
)

// Grades lists every grade, best first.
var Grades = []Grade{GradeExcellent, GradeGood, GradePass, GradeFailed}

// ParseGrade reads a grade.
func ParseGrade(s string) (Grade, bool) {
	for _, g := range Grades {
		if string(g) == s {
			return g, true
		}
	}
	return "", false
}

// Limits on pledge texts, in characters.
const (
	MaxPledgeLen  = 500
	MaxNoteLen    = 500
	MaxCommentLen = 300
)

// Field names of pledge validation errors.
const (
	FieldContent  = "content"
	FieldNote     = "note"
	FieldComment  = "comment"
	FieldDeadline = "deadline"
	FieldCategory = "category"
	FieldGrade    = "grade"
)

// Pledge is a member's public pledge (公开承诺). Number is its 编号 in the
// branch. Content is the current version; History keeps every version.
type Pledge struct {
	ID        int64
	BranchID  int64
	Number    int
	MemberID  int64
	Content   string
	Category  Category
	Deadline  time.Time // zero when none
	State     PledgeState
	CallID    int64 // the call it answers, 0 when none
	Grade     Grade // 评诺, visible to the member and officers only
	Comment   string
	DoneAt    time.Time // when 兑现 was confirmed
	Pending   string    // a requested change to published content, "" when none
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Overdue reports whether the pledge is past its deadline and not done.
func (p Pledge) Overdue(now time.Time) bool {
	return !p.Deadline.IsZero() && now.After(p.Deadline) && p.State.Open()
}

// EventKind names an entry of a pledge's history.
type EventKind string

// Pledge history entries.
const (
	EventCreated         EventKind = "提诺"
	EventEdited          EventKind = "修改"
	EventCategory        EventKind = "类别"
	EventApproved        EventKind = "通过"
	EventReturned        EventKind = "退回"
	EventChangeRequested EventKind = "申请修改"
	EventChangeApproved  EventKind = "同意修改"
	EventChangeRejected  EventKind = "不同意修改"
	EventProgress        EventKind = "进度"
	EventClaimed         EventKind = "申请兑现"
	EventConfirmed       EventKind = "确认兑现"
	EventSentBack        EventKind = "未确认兑现"
	EventCannot          EventKind = "无法兑现"
	EventWithdrawn       EventKind = "撤回"
	EventReviewed        EventKind = "评诺"
)

// PledgeEvent is one entry of a pledge's history: who did what, when, with
// the text (new content, a note, a comment) and any evidence files.
type PledgeEvent struct {
	ID       int64
	PledgeID int64
	Kind     EventKind
	ActorID  int64 // member id
	Text     string
	Files    []Evidence
	At       time.Time
}

// Evidence is a file kept as proof of progress: the chat platform's file
// id with the file's name and size; the file itself stays on the platform.
type Evidence struct {
	FileID   string
	FileName string
	Size     int64
	Kind     string // "photo" or "document"
}

// PledgeCall is an officer's call for pledges: members answer by replying
// to its message.
type PledgeCall struct {
	ID        int64
	BranchID  int64
	Number    int
	Text      string
	Deadline  time.Time // zero when none
	MessageID int       // the chat message to reply to
	Closed    bool
	CreatedBy int64
	CreatedAt time.Time
}

// Open reports whether members may still answer the call at now.
func (c PledgeCall) Open(now time.Time) bool {
	return !c.Closed && (c.Deadline.IsZero() || !now.After(c.Deadline))
}

// Pledge errors.
var (
	ErrPledgeState = errors.New("pledge not in a state that allows this")
	ErrNotOwner    = errors.New("not the pledge's owner")
	ErrOwnPledge   = errors.New("officer approving own pledge")
	ErrCallClosed  = errors.New("pledge call closed")
	ErrNoChange    = errors.New("no pending change")
	ErrSameContent = errors.New("content unchanged")
)

// PledgeFilter selects pledges of a branch (every branch when BranchID is
// 0, for the reminder engine).
type PledgeFilter struct {
	BranchID  int64
	BranchIDs []int64       // several branches at once; empty means BranchID alone
	IDs       []int64       // these pledges only; empty means any
	MemberID  int64         // 0 means any
	States    []PledgeState // empty means any
	CallID    int64         // 0 means any
	CallIDs   []int64       // answers to these calls; empty means CallID alone
	// DeadlineFrom and DeadlineTo select deadlines in [from, to) when set.
	DeadlineFrom, DeadlineTo time.Time
}

// PledgeCounts is one member's (or the branch's) pledge statistics.
type PledgeCounts struct {
	MemberID  int64
	Made      int // every pledge but those withdrawn before publication
	Published int // public: published, claimed, fulfilled or cannot
	Fulfilled int
	Overdue   int
	Cannot    int
}

// Rate is the 兑现率: fulfilled / published, 0 when nothing was published.
func (c PledgeCounts) Rate() float64 {
	if c.Published == 0 {
		return 0
	}
	return float64(c.Fulfilled) / float64(c.Published)
}

// PledgeStore persists pledges, their history and calls.
type PledgeStore interface {
	// CreatePledge stores a pledge with its first event, assigning ID and the
	// branch's next Number atomically.
	CreatePledge(ctx context.Context, p Pledge, e PledgeEvent) (Pledge, error)
	// PledgeByNumber finds a branch's pledge by 编号, or ErrNotFound.
	PledgeByNumber(ctx context.Context, branchID int64, number int) (Pledge, error)
	// UpdatePledge saves a pledge's mutable fields and appends the event, in
	// one transaction, if the stored state still equals from (compare and
	// set); otherwise ErrPledgeState.
	UpdatePledge(ctx context.Context, p Pledge, from PledgeState, e PledgeEvent) (Pledge, error)
	// Pledges lists pledges by member then number.
	Pledges(ctx context.Context, f PledgeFilter) ([]Pledge, error)
	// PledgeEvents lists the history of several pledges, by pledge then time.
	PledgeEvents(ctx context.Context, pledgeIDs []int64) ([]PledgeEvent, error)
	// PledgeCounts aggregates per member with one SQL query; overdue is
	// counted against now.
	PledgeCounts(ctx context.Context, branchID int64, now time.Time) ([]PledgeCounts, error)

	// CreateCall stores a call, assigning ID and Number.
	CreateCall(ctx context.Context, c PledgeCall) (PledgeCall, error)
	// UpdateCall saves the message id and closed flag.
	UpdateCall(ctx context.Context, c PledgeCall) error
	// CallByMessage finds the call posted as a chat message, or ErrNotFound.
	CallByMessage(ctx context.Context, branchID int64, messageID int) (PledgeCall, error)
	// CallByNumber finds a call by 编号, or ErrNotFound.
	CallByNumber(ctx context.Context, branchID int64, number int) (PledgeCall, error)
	// Calls lists a branch's calls (every branch's when branchID is 0),
	// newest first; open only when openOnly.
	Calls(ctx context.Context, branchID int64, openOnly bool) ([]PledgeCall, error)
}

// PledgeLedger is the 承诺台账: every pledge of a branch with its history,
// for the export.
type PledgeLedger struct {
	Branch  Branch
	Now     time.Time
	Names   map[int64]string // member id → name
	Pledges []Pledge         // by member then number
	Events  []PledgeEvent    // by pledge then time
}

// LatestProgress is the text of a pledge's last progress note, "" if none.
func (l PledgeLedger) LatestProgress(pledgeID int64) string {
	out := ""
	for _, e := range l.Events {
		if e.PledgeID == pledgeID && e.Kind == EventProgress {
			out = e.Text
		}
	}
	return out
}
