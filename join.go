package zhibu

import "time"

// JoinState is where a join request stands.
type JoinState string

// Join request states.
const (
	JoinPending  JoinState = "pending"
	JoinApproved JoinState = "approved"
	JoinRejected JoinState = "rejected"
)

// JoinRequest is someone's /join, waiting for an officer.
type JoinRequest struct {
	ID          int64
	BranchID    int64
	TelegramID  int64
	Username    string
	DisplayName string // Telegram display name of the applicant
	Name        string // the name they gave
	State       JoinState
	Status      Status // the status chosen on approval
	DecidedBy   int64  // Telegram id of the officer
	DecidedAt   time.Time
	CreatedAt   time.Time
}

// JoinStatuses are the statuses an officer can choose when approving.
var JoinStatuses = []Status{StatusFull, StatusProbationary, StatusActivist}
