package zhibu

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// RegistrationMode says who may register a new branch on this server. It
// never touches a branch already registered: that one keeps working, and
// /setup still renames or reactivates it, whatever the mode.
type RegistrationMode string

// Registration modes.
const (
	// RegistrationApproval: a group administrator asks, a server operator
	// approves or refuses privately. The default: a Party organisation's
	// server serves the branches its operator knows.
	RegistrationApproval RegistrationMode = "approval"
	// RegistrationOpen: any group administrator registers at once.
	RegistrationOpen RegistrationMode = "open"
	// RegistrationClosed: no new branch.
	RegistrationClosed RegistrationMode = "closed"
)

// RegistrationModes lists the modes, the default first.
var RegistrationModes = []RegistrationMode{RegistrationApproval, RegistrationOpen, RegistrationClosed}

// RegistrationPolicy is the server's rule for new branches: its mode and
// the operators (Telegram user ids) who approve requests and may list every
// branch.
type RegistrationPolicy struct {
	Mode      RegistrationMode // "" means RegistrationApproval
	Operators []int64
}

// Effective is the mode in force: approval when none was set.
func (p RegistrationPolicy) Effective() RegistrationMode {
	if p.Mode == "" {
		return RegistrationApproval
	}
	return p.Mode
}

// IsOperator reports whether a Telegram user operates this server.
func (p RegistrationPolicy) IsOperator(telegramID int64) bool {
	return telegramID != 0 && slices.Contains(p.Operators, telegramID)
}

// Unattended reports the approval mode with nobody to approve: every
// request would wait forever, so none is taken.
func (p RegistrationPolicy) Unattended() bool {
	return p.Effective() == RegistrationApproval && len(p.Operators) == 0
}

// RegistrationState is where a request to register a branch stands.
type RegistrationState string

// Registration states.
const (
	RegistrationPending   RegistrationState = "pending"
	RegistrationApproved  RegistrationState = "approved"
	RegistrationRefused   RegistrationState = "refused"
	RegistrationWithdrawn RegistrationState = "withdrawn" // the bot left the group, or it registered another way
)

// Registration is a group's request to register a branch, waiting for a
// server operator.
type Registration struct {
	ID        int64
	ChatID    int64
	ChatTitle string // the group's title when asked
	Name      string // the branch name asked for
	TimeZone  string
	Requester Person // becomes the branch's 书记 when approved
	State     RegistrationState
	// DecidedBy and DeciderName are the operator who approved or refused.
	DecidedBy   int64
	DeciderName string
	CreatedAt   time.Time
	DecidedAt   time.Time
}

// RegistrationStore persists registration requests.
type RegistrationStore interface {
	// BranchByChat returns the branch of a chat, or ErrNotFound.
	BranchByChat(ctx context.Context, chatID int64) (Branch, error)
	// CreateRegistration stores a pending request; ErrConflict when the
	// chat has one pending already.
	CreateRegistration(ctx context.Context, r Registration) (Registration, error)
	// Registration returns a request by id, or ErrNotFound.
	Registration(ctx context.Context, id int64) (Registration, error)
	// RegistrationsSince counts the requests of a chat created at or after
	// since, in any state.
	RegistrationsSince(ctx context.Context, chatID int64, since time.Time) (int, error)
	// PendingRegistrations lists the pending requests, oldest first; of one
	// chat when chatID is not 0.
	PendingRegistrations(ctx context.Context, chatID int64) ([]Registration, error)
	// DecideRegistration records r's State, DecidedBy, DeciderName and
	// DecidedAt on a request still pending; ErrAlreadyDecided otherwise.
	DecideRegistration(ctx context.Context, r Registration) error
	// MoveRegistrations moves a chat's pending requests to the supergroup
	// it became.
	MoveRegistrations(ctx context.Context, fromChatID, toChatID int64) error
	// Branches lists every branch, inactive ones included, by id.
	Branches(ctx context.Context) ([]Branch, error)
}

// Errors of registration.
var (
	// ErrRegistrationClosed means this server takes no new branch (closed
	// mode, or approval mode with no operator configured).
	ErrRegistrationClosed = errors.New("registration of new branches closed")
	// ErrNotOperator means the person does not operate this server.
	ErrNotOperator = errors.New("not a server operator")
)

// Registrations decides who registers new branches: open, closed, or by a
// server operator's approval.
type Registrations struct {
	svc    *Service
	store  RegistrationStore
	policy RegistrationPolicy
}

// NewRegistrations returns the registration use cases under policy; svc
// creates, renames and reactivates branches.
func NewRegistrations(svc *Service, store RegistrationStore, policy RegistrationPolicy) *Registrations {
	return &Registrations{svc: svc, store: store, policy: policy}
}

// Policy is the rule in force.
func (g *Registrations) Policy() RegistrationPolicy { return g.policy }

// SetupOutcome is what /setup did: a branch set up (Result), or a request
// waiting for an operator (Pending, Again when it was waiting already).
type SetupOutcome struct {
	Result  SetupResult
	Pending *Registration
	Again   bool
}

// Setup is /setup in a group titled title. A registered branch is renamed
// or reactivated in every mode (Service.Setup). A new one, by the mode: is
// refused with ErrRegistrationClosed (closed, or no operator), whoever
// asks; or, asked by a chat administrator, is created (open) or waits for
// an operator as one request per chat (approval). While a request waits,
// anyone's /setup hears that it waits.
func (g *Registrations) Setup(ctx context.Context, chatID int64, title, name, tz string, p Person, chatAdmin bool) (SetupOutcome, error) {
	name, err := CleanTitle(FieldBranchName, name, MaxBranchNameLen)
	if err != nil {
		return SetupOutcome{}, err
	}
	if _, err := g.store.BranchByChat(ctx, chatID); !errors.Is(err, ErrNotFound) {
		if err != nil {
			return SetupOutcome{}, err
		}
		res, err := g.svc.Setup(ctx, chatID, name, tz, p, chatAdmin)
		return SetupOutcome{Result: res}, err
	}
	open := g.policy.Effective() == RegistrationOpen
	switch err := g.Unregistered(ctx, chatID); {
	case errors.Is(err, ErrRegistrationPending):
		r, _, err := g.pending(ctx, chatID)
		return SetupOutcome{Pending: &r, Again: true}, err
	case !errors.Is(err, ErrNoBranch):
		return SetupOutcome{}, err // closed, or the store failed
	case !chatAdmin:
		return SetupOutcome{}, ErrNotChatAdmin
	case open:
		return g.create(ctx, chatID, name, tz, p)
	}
	return g.request(ctx, chatID, title, name, tz, p)
}

// create registers at once, withdrawing a request left from approval mode.
func (g *Registrations) create(ctx context.Context, chatID int64, name, tz string, p Person) (SetupOutcome, error) {
	res, err := g.svc.create(ctx, chatID, name, tz, p, true)
	if err != nil {
		return SetupOutcome{}, err
	}
	_, err = g.withdraw(ctx, chatID)
	return SetupOutcome{Result: res}, err
}

func (g *Registrations) request(ctx context.Context, chatID int64, title, name, tz string, p Person) (SetupOutcome, error) {
	if r, ok, err := g.pending(ctx, chatID); err != nil || ok {
		return SetupOutcome{Pending: &r, Again: ok}, err
	}
	now := g.svc.now()
	today, err := g.store.RegistrationsSince(ctx, chatID, dayStart(now, Branch{TimeZone: tz}.Location()))
	if err != nil {
		return SetupOutcome{}, err
	}
	if err := atMost(LimitRegistrations, today, MaxRegistrationsPerDay); err != nil {
		return SetupOutcome{}, err
	}
	r := Registration{ChatID: chatID, ChatTitle: title, Name: name, TimeZone: tz, Requester: p,
		State: RegistrationPending, CreatedAt: now}
	r, err = g.store.CreateRegistration(ctx, r)
	if errors.Is(err, ErrConflict) {
		// Another /setup asked a moment ago: that request stands.
		r, _, err = g.pending(ctx, chatID)
		return SetupOutcome{Pending: &r, Again: true}, err
	}
	if err != nil {
		return SetupOutcome{}, err
	}
	return SetupOutcome{Pending: &r}, nil
}

// pending returns the chat's pending request, if any.
func (g *Registrations) pending(ctx context.Context, chatID int64) (Registration, bool, error) {
	rs, err := g.store.PendingRegistrations(ctx, chatID)
	if err != nil || len(rs) == 0 {
		return Registration{}, false, err
	}
	return rs[0], true, nil
}

// RegistrationDecision is what an operator's press did. Already is set when
// the request had been decided (by another operator, an earlier press) or
// withdrawn: Request then tells how, and nothing changed.
type RegistrationDecision struct {
	Request Registration
	Already bool
	// Result is the branch created, on approval.
	Result SetupResult
}

// Decide approves or refuses a pending request as operator. Approval
// registers the branch with the requester as its 书记. Only an operator
// may decide, checked on every press. The decision and the branch it
// creates are one unit of work: of two instances deciding at once, one
// decides, and a decision is never recorded without its branch.
func (g *Registrations) Decide(ctx context.Context, operator Person, id int64, approve bool) (RegistrationDecision, error) {
	if !g.policy.IsOperator(operator.TelegramID) {
		return RegistrationDecision{}, ErrNotOperator
	}
	return inUnit(ctx, g.svc.store, func(ctx context.Context) (RegistrationDecision, error) {
		return g.decide(ctx, operator, id, approve)
	})
}

func (g *Registrations) decide(ctx context.Context, operator Person, id int64, approve bool) (RegistrationDecision, error) {
	r, err := g.store.Registration(ctx, id)
	if err != nil {
		return RegistrationDecision{}, err
	}
	if r.State != RegistrationPending {
		return RegistrationDecision{Request: r, Already: true}, nil
	}
	r.State, r.DecidedBy, r.DeciderName, r.DecidedAt = RegistrationRefused, operator.TelegramID, operator.DisplayName, g.svc.now()
	if approve {
		r.State = RegistrationApproved
	}
	if err := g.store.DecideRegistration(ctx, r); errors.Is(err, ErrAlreadyDecided) {
		// Another operator won the race a moment ago.
		r, err = g.store.Registration(ctx, id)
		return RegistrationDecision{Request: r, Already: true}, err
	} else if err != nil {
		return RegistrationDecision{}, err
	}
	d := RegistrationDecision{Request: r}
	if approve {
		d.Result, err = g.svc.create(ctx, r.ChatID, r.Name, r.TimeZone, r.Requester, true)
	}
	return d, err
}

// Withdraw drops the chat's pending request (the bot left the group) and
// reports whether there was one.
func (g *Registrations) Withdraw(ctx context.Context, chatID int64) (bool, error) {
	return g.withdraw(ctx, chatID)
}

func (g *Registrations) withdraw(ctx context.Context, chatID int64) (bool, error) {
	rs, err := g.store.PendingRegistrations(ctx, chatID)
	if err != nil {
		return false, err
	}
	for _, r := range rs {
		r.State, r.DecidedAt = RegistrationWithdrawn, g.svc.now()
		if err := g.store.DecideRegistration(ctx, r); err != nil && !errors.Is(err, ErrAlreadyDecided) {
			return false, err
		}
	}
	return len(rs) > 0, nil
}

// Migrate moves a chat's pending requests to the supergroup it became, so
// that an approval registers the branch where the group now is.
func (g *Registrations) Migrate(ctx context.Context, fromChatID, toChatID int64) error {
	return g.store.MoveRegistrations(ctx, fromChatID, toChatID)
}

// Overview is what an operator sees of the server: every branch and the
// pending requests.
type Overview struct {
	Branches []Branch
	Pending  []Registration
}

// Overview lists the server's branches and pending requests, for an
// operator only.
func (g *Registrations) Overview(ctx context.Context, p Person) (Overview, error) {
	if !g.policy.IsOperator(p.TelegramID) {
		return Overview{}, ErrNotOperator
	}
	bs, err := g.store.Branches(ctx)
	if err != nil {
		return Overview{}, fmt.Errorf("overview: %w", err)
	}
	rs, err := g.store.PendingRegistrations(ctx, 0)
	if err != nil {
		return Overview{}, fmt.Errorf("overview: %w", err)
	}
	return Overview{Branches: bs, Pending: rs}, nil
}
