package zhibu

import (
	"context"
	"errors"
	"time"
)

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

// JoinOutcome is what RequestJoin found: the request and whether the name is
// already on the roster without an account (approval will link it).
type JoinOutcome struct {
	Request  JoinRequest
	OnRoster bool
	// Again is set when the sender already waits for a decision: the
	// request is that one, to show the officers again (the first card may
	// never have reached the group).
	Again bool
}

// RequestJoin records the sender's wish to join the chat's branch under name.
// An account makes at most MaxJoinRequestsPerDay a day to a branch
// (*LimitError); asking again while one is pending shows that one again and
// counts nothing.
func (s *Service) RequestJoin(ctx context.Context, chatID int64, p Person, name string) (JoinOutcome, error) {
	name, err := CleanName(FieldName, name, MaxNameLen)
	if err != nil {
		return JoinOutcome{}, err
	}
	b, _, err := s.Actor(ctx, chatID, p)
	switch {
	case err == nil:
		return JoinOutcome{}, ErrAlreadyMember
	case !errors.Is(err, ErrNotMember):
		return JoinOutcome{}, err
	}
	var out JoinOutcome
	err = s.atomically(ctx, func(ctx context.Context) error {
		var err error
		out, err = s.requestJoin(ctx, b, p, name)
		return err
	})
	return out, err
}

// requestJoin is RequestJoin's unit of work: the pending request, the day's
// count and the new request.
func (s *Service) requestJoin(ctx context.Context, b Branch, p Person, name string) (JoinOutcome, error) {
	if r, err := s.store.PendingJoin(ctx, b.ID, p.TelegramID); err == nil {
		return JoinOutcome{Request: r, Again: true}, nil
	} else if !errors.Is(err, ErrNotFound) {
		return JoinOutcome{}, err
	}
	today, err := s.store.JoinRequestsSince(ctx, b.ID, p.TelegramID, dayStart(s.now(), b.Location()))
	if err != nil {
		return JoinOutcome{}, err
	}
	if err := atMost(LimitJoinRequests, today, MaxJoinRequestsPerDay); err != nil {
		return JoinOutcome{}, err
	}
	out := JoinOutcome{}
	m, err := s.store.MemberByName(ctx, b.ID, name)
	switch {
	case err == nil && m.Linked() && m.TelegramID != p.TelegramID:
		return JoinOutcome{}, ErrNameLinked
	case err == nil:
		out.OnRoster = !m.Removed
	case !errors.Is(err, ErrNotFound):
		return JoinOutcome{}, err
	}
	r := JoinRequest{BranchID: b.ID, TelegramID: p.TelegramID, Username: p.Username,
		DisplayName: p.DisplayName, Name: name, State: JoinPending, CreatedAt: s.now()}
	out.Request, err = s.store.CreateJoinRequest(ctx, r)
	return out, err
}

// JoinDecision is what DecideJoin did: the request, the member approved
// (the zero Member when rejected) and the officer who decided.
type JoinDecision struct {
	Request JoinRequest
	Member  Member
	Officer Member
}

// DecideJoin approves (with a status) or rejects a join request of the
// chat's branch. Approval links the roster entry of that name when it exists
// unlinked, or creates one. A request of another branch is ErrNotFound.
func (s *Service) DecideJoin(ctx context.Context, chatID int64, p Person, requestID int64, approve bool, status Status) (JoinDecision, error) {
	b, officer, err := s.authorized(ctx, chatID, p, ActDecideJoin)
	if err != nil {
		return JoinDecision{}, err
	}
	r, err := s.store.JoinRequest(ctx, requestID)
	if err != nil || r.BranchID != b.ID {
		return JoinDecision{}, ErrNotFound
	}
	if r.State != JoinPending {
		return JoinDecision{Request: r}, ErrAlreadyDecided
	}
	r.DecidedBy, r.DecidedAt = p.TelegramID, s.now()
	if !approve {
		r.State = JoinRejected
		c := s.change(b.ID, p, officer.Name, "join.reject", r.Name, "", "rejected")
		_, err := s.store.DecideJoin(ctx, r, nil, c)
		return JoinDecision{Request: r, Officer: officer}, err
	}
	if !isJoinStatus(status) {
		return JoinDecision{}, &ValidationError{Field: FieldStatus, Problem: ProblemUnknown, Value: string(status)}
	}
	m, err := s.joiningMember(ctx, b.ID, r)
	if err != nil {
		return JoinDecision{}, err
	}
	if m.Role != RoleNone && !status.IsPartyMember() {
		return JoinDecision{}, ErrOfficeNeedsMember
	}
	before := describe(m)
	if m.ID == 0 {
		before = ""
	}
	m.Status, m.TelegramID, m.Username, m.Removed, m.UpdatedAt = status, r.TelegramID, r.Username, false, s.now()
	r.State, r.Status = JoinApproved, status
	c := s.change(b.ID, p, officer.Name, "join.approve", r.Name, before, describe(m))
	m, err = s.store.DecideJoin(ctx, r, &m, c)
	return JoinDecision{Request: r, Member: m, Officer: officer}, err
}

func isJoinStatus(st Status) bool {
	for _, x := range JoinStatuses {
		if x == st {
			return true
		}
	}
	return false
}

// joiningMember is the roster entry an approved request links or creates.
func (s *Service) joiningMember(ctx context.Context, branchID int64, r JoinRequest) (Member, error) {
	old, err := s.store.MemberByTelegram(ctx, branchID, r.TelegramID)
	switch {
	case err == nil && !old.Removed:
		return Member{}, ErrAlreadyMember
	case err == nil && old.Name == r.Name:
		return old, nil // a removed member rejoining under the same name is restored
	case err != nil && !errors.Is(err, ErrNotFound):
		return Member{}, err
	}
	rejoining := err == nil // removed, and now asking under another name
	m, err := s.store.MemberByName(ctx, branchID, r.Name)
	switch {
	case err == nil && m.Linked():
		return Member{}, ErrNameLinked
	case err == nil && rejoining:
		return Member{}, ErrAlreadyMember // the account still belongs to the removed entry
	case err == nil:
		return m, nil
	case errors.Is(err, ErrNotFound) && rejoining:
		old.Name = r.Name // the same person's entry, restored under the new name; the audit keeps the old one
		return old, nil
	case errors.Is(err, ErrNotFound):
		return Member{BranchID: branchID, Name: r.Name, CreatedAt: s.now()}, nil
	}
	return Member{}, err
}
