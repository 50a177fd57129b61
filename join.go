package zhibu

import (
	"context"
	"errors"
	"slices"
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
	Branch   Branch
	Request  JoinRequest
	OnRoster bool
	// Office is the office of that roster entry: approval gives it to the
	// account, so only the 书记 may approve, and Tell (the 书记 with an
	// account) are to hear of the request. RoleNone when it holds none.
	Office Role
	Tell   []Member
	// Again is set when the sender already waits for a decision: the
	// request is that one, to show the officers again (the first card may
	// never have reached the group).
	Again bool
	// Asked, on Again, is the name this /join asked for, cleaned: it may
	// differ from the waiting request's, which stands.
	Asked string
}

// RequestJoin records the sender's wish to join the chat's branch under name.
// An account makes at most MaxJoinRequestsPerDay a day to a branch
// (*LimitError); asking again while one is pending shows that one again and
// counts nothing.
func (s *Service) RequestJoin(ctx context.Context, chatID int64, p Person, name string) (JoinOutcome, error) {
	return inUnit(ctx, s.store, func(ctx context.Context) (JoinOutcome, error) {
		return s.requestJoin(ctx, chatID, p, name)
	})
}

// requestJoin is RequestJoin's unit of work: the pending request, the day's
// count and the new request.
func (s *Service) requestJoin(ctx context.Context, chatID int64, p Person, name string) (JoinOutcome, error) {
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
	if r, err := s.store.PendingJoin(ctx, b.ID, p.TelegramID); err == nil {
		out := JoinOutcome{Branch: b, Request: r, Again: true, Asked: name}
		return out, s.officeAsked(ctx, &out)
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
	if err := s.rosterLookAlike(ctx, b.ID, name); err != nil {
		return JoinOutcome{}, err
	}
	out := JoinOutcome{Branch: b}
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
	if out.Request, err = s.store.CreateJoinRequest(ctx, r); err != nil {
		return JoinOutcome{}, err
	}
	return out, s.officeAsked(ctx, &out)
}

// officeAsked fills in the office a join request would link its account
// to (an unlinked active entry of that name holding one) and the 书记 to
// tell.
func (s *Service) officeAsked(ctx context.Context, out *JoinOutcome) error {
	r := out.Request
	m, err := s.store.MemberByName(ctx, r.BranchID, r.Name)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil
	case err != nil:
		return err
	case m.Removed || m.Linked() || m.Role == RoleNone:
		return nil
	}
	ms, err := s.store.Members(ctx, r.BranchID)
	if err != nil {
		return err
	}
	out.Office, out.Tell = m.Role, linkedSecretaries(ms)
	return nil
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
// unlinked, or creates one; linking an entry that holds an office is the
// 书记's alone (an *OfficeError), checked against the roster as it is now,
// in the unit of work that writes. A request of another branch is
// ErrNotFound; the applicant deciding their own is ErrOwnJoin.
func (s *Service) DecideJoin(ctx context.Context, chatID int64, p Person, requestID int64, approve bool, status Status) (JoinDecision, error) {
	return inUnit(ctx, s.store, func(ctx context.Context) (JoinDecision, error) {
		return s.decideJoin(ctx, chatID, p, requestID, approve, status)
	})
}

func (s *Service) decideJoin(ctx context.Context, chatID int64, p Person, requestID int64, approve bool, status Status) (JoinDecision, error) {
	b, officer, err := s.authorized(ctx, chatID, p, ActDecideJoin)
	if errors.Is(err, ErrNotMember) {
		if r, e := s.store.JoinRequest(ctx, requestID); e == nil && r.BranchID == b.ID && r.TelegramID == p.TelegramID {
			return JoinDecision{}, ErrOwnJoin
		}
	}
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
	old, freed, err := s.joiningMember(ctx, b.ID, r)
	if err != nil {
		return JoinDecision{}, err
	}
	m := old
	m.Status, m.TelegramID, m.Username, m.Removed, m.UpdatedAt = status, r.TelegramID, r.Username, false, s.now()
	if err := mayChange(officer, old, m); err != nil {
		return JoinDecision{}, err
	}
	if m.Role != RoleNone && !status.IsPartyMember() {
		return JoinDecision{}, ErrOfficeNeedsMember
	}
	if err := s.keepsSecretary(ctx, old, m); err != nil {
		return JoinDecision{}, err
	}
	before := describe(old)
	if old.ID == 0 {
		before = ""
	}
	if freed != nil {
		// The account leaves the removed entry it was linked to, which
		// keeps its history, before it links the entry asked for.
		before := describe(*freed)
		freed.TelegramID, freed.Username, freed.UpdatedAt = 0, "", s.now()
		c := s.change(b.ID, p, officer.Name, "member.unlink", freed.Name, before, describe(*freed))
		if _, err := s.store.SaveMembers(ctx, []Member{*freed}, []Change{c}); err != nil {
			return JoinDecision{}, err
		}
	}
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

// joiningMember is the roster entry an approved request links or creates,
// and, when the account is still linked to a removed entry of another
// name, that entry: the account leaves it (freed).
func (s *Service) joiningMember(ctx context.Context, branchID int64, r JoinRequest) (m Member, freed *Member, err error) {
	old, err := s.store.MemberByTelegram(ctx, branchID, r.TelegramID)
	switch {
	case err == nil && !old.Removed:
		return Member{}, nil, ErrAlreadyMember
	case err == nil && old.Name == r.Name:
		return old, nil, nil // a removed member rejoining under the same name is restored
	case err != nil && !errors.Is(err, ErrNotFound):
		return Member{}, nil, err
	}
	rejoining := err == nil // removed, and now asking under another name
	m, err = s.store.MemberByName(ctx, branchID, r.Name)
	switch {
	case err == nil && m.Linked():
		return Member{}, nil, ErrNameLinked
	case err == nil && rejoining:
		// Removed under one name (a duplicate entry, say), the person is
		// on the roster under this one: the account moves here.
		return m, &old, nil
	case err == nil:
		return m, nil, nil
	case !errors.Is(err, ErrNotFound):
		return Member{}, nil, err
	}
	// A new name: one that looks like it may have been added since the
	// request was made.
	ms, err := s.store.Members(ctx, branchID)
	if err != nil {
		return Member{}, nil, err
	}
	others := slices.DeleteFunc(ms, func(o Member) bool { return rejoining && o.ID == old.ID })
	if err := s.lookAlike(others, r.Name); err != nil {
		return Member{}, nil, err
	}
	if rejoining {
		old.Name = r.Name // the same person's entry, restored under the new name; the audit keeps the old one
		return old, nil, nil
	}
	return Member{BranchID: branchID, Name: r.Name, CreatedAt: s.now()}, nil, nil
}
