package zhibu

import (
	"context"
	"time"
)

// Change is one entry of a branch's audit log: who changed what, from what,
// to what. Records are never silently rewritten; every change to the roster
// and the branch is stored with one.
type Change struct {
	BranchID  int64
	ActorID   int64  // Telegram id of the person who made the change, 0 for the system
	ActorName string // their name at the time
	Action    string // e.g. "member.add", "member.set", "role.assign"
	Subject   string // usually a member's name
	Before    string
	After     string
	At        time.Time
}

// BranchStore persists branches.
type BranchStore interface {
	// BranchByChat returns the branch of a chat, or ErrNotFound.
	BranchByChat(ctx context.Context, chatID int64) (Branch, error)
	// BranchByID returns a branch by its id, or ErrNotFound.
	BranchByID(ctx context.Context, id int64) (Branch, error)
	// CreateBranch stores a new branch and its founding 书记 atomically.
	CreateBranch(ctx context.Context, b Branch, founder Member, c Change) (Branch, Member, error)
	// UpdateBranch saves name, time zone and active flag.
	UpdateBranch(ctx context.Context, b Branch, c Change) error
	// MoveBranch moves a branch to a new chat id (group upgraded to supergroup).
	MoveBranch(ctx context.Context, fromChatID, toChatID int64) error
}

// BranchLister lists the active branches, for the reminder engine.
type BranchLister interface {
	ActiveBranches(ctx context.Context) ([]Branch, error)
}

// MemberStore persists roster entries.
type MemberStore interface {
	// Members lists a branch's roster, removed entries included, by id.
	Members(ctx context.Context, branchID int64) ([]Member, error)
	// MemberByTelegram finds the entry linked to a Telegram account, or ErrNotFound.
	MemberByTelegram(ctx context.Context, branchID, telegramID int64) (Member, error)
	// MemberByName finds an entry by exact name, or ErrNotFound.
	MemberByName(ctx context.Context, branchID int64, name string) (Member, error)
	// SaveMembers inserts (ID == 0) or updates members with their changes, all or nothing.
	SaveMembers(ctx context.Context, ms []Member, cs []Change) ([]Member, error)
}

// JoinStore persists join requests.
type JoinStore interface {
	CreateJoinRequest(ctx context.Context, r JoinRequest) (JoinRequest, error)
	// JoinRequest returns a request by id, or ErrNotFound.
	JoinRequest(ctx context.Context, id int64) (JoinRequest, error)
	// PendingJoin returns the pending request of an account in a branch, or ErrNotFound.
	PendingJoin(ctx context.Context, branchID, telegramID int64) (JoinRequest, error)
	// JoinRequestsSince counts an account's requests to a branch made at
	// or after since, whatever became of them.
	JoinRequestsSince(ctx context.Context, branchID, telegramID int64, since time.Time) (int, error)
	// DecideJoin marks a pending request decided and, when m is not nil,
	// saves that member, atomically. It returns ErrAlreadyDecided when the
	// request is no longer pending.
	DecideJoin(ctx context.Context, r JoinRequest, m *Member, c Change) (Member, error)
}

// ChangeStore reads a branch's audit log.
type ChangeStore interface {
	// Changes lists the newest changes first.
	Changes(ctx context.Context, branchID int64, limit int) ([]Change, error)
}
