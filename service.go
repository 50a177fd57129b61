package zhibu

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
	"unicode"
	"unicode/utf8"
)

// Store is everything the Service needs from persistence.
type Store interface {
	Units
	BranchStore
	MemberStore
	JoinStore
	// Undelivered counts the messages of a branch (carrying its id, or to
	// its group chat) queued since since that could not be delivered.
	Undelivered(ctx context.Context, branchID, chatID int64, since time.Time) (int, error)
}

// Service holds the use cases of branches and rosters.
type Service struct {
	store   Store
	now     func() time.Time
	nameKey func(string) string // see SetNameKey
}

// NewService returns a Service over store, taking time from now.
func NewService(store Store, now func() time.Time) *Service {
	return &Service{store: store, now: now}
}

// SetupResult tells what /setup did.
type SetupResult struct {
	Branch  Branch
	Created bool
	Founder Member // the 书记 registered with a new branch
	OldName string // set when renamed
	// Reactivated is set when the branch was inactive (the bot had been
	// removed) and is in use again.
	Reactivated bool
}

// Setup registers the chat's branch with the sender as its 书记, or renames
// an existing branch. Registering needs a chat administrator; renaming needs
// ActRenameBranch.
func (s *Service) Setup(ctx context.Context, chatID int64, name, tz string, p Person, chatAdmin bool) (SetupResult, error) {
	name, err := CleanTitle(FieldBranchName, name, MaxBranchNameLen)
	if err != nil {
		return SetupResult{}, err
	}
	b, err := s.store.BranchByChat(ctx, chatID)
	if errors.Is(err, ErrNotFound) {
		return s.create(ctx, chatID, name, tz, p, chatAdmin)
	}
	if err != nil {
		return SetupResult{}, err
	}
	m, err := s.store.MemberByTelegram(ctx, b.ID, p.TelegramID)
	if errors.Is(err, ErrNotFound) {
		return SetupResult{}, &ForbiddenError{Action: ActRenameBranch}
	}
	if err != nil {
		return SetupResult{}, err
	}
	if err := Authorize(m, ActRenameBranch); err != nil {
		return SetupResult{}, err
	}
	old, wasActive := b.Name, b.Active
	b.Name, b.Active, b.UpdatedAt = name, true, s.now()
	c := s.change(b.ID, p, m.Name, "branch.rename", "", old, name)
	if err := s.store.UpdateBranch(ctx, b, c); err != nil {
		return SetupResult{}, err
	}
	return SetupResult{Branch: b, OldName: old, Reactivated: !wasActive}, nil
}

func (s *Service) create(ctx context.Context, chatID int64, name, tz string, p Person, chatAdmin bool) (SetupResult, error) {
	if !chatAdmin {
		return SetupResult{}, ErrNotChatAdmin
	}
	if tz == "" {
		tz = DefaultTimeZone
	}
	now := s.now()
	founderName := FounderName(p.DisplayName)
	b := Branch{ChatID: chatID, Name: name, TimeZone: tz, Active: true, CreatedAt: now, UpdatedAt: now}
	m := Member{Name: founderName, Status: StatusFull, Role: RoleSecretary, TelegramID: p.TelegramID,
		Username: p.Username, CreatedAt: now, UpdatedAt: now}
	c := s.change(0, p, founderName, "branch.create", name, "", name)
	b, m, err := s.store.CreateBranch(ctx, b, m, c)
	if errors.Is(err, ErrConflict) {
		// Another /setup registered the chat a moment ago: this one is
		// now a rename, which needs the rights of one.
		return s.Setup(ctx, chatID, name, tz, p, false)
	}
	if err != nil {
		return SetupResult{}, err
	}
	return SetupResult{Branch: b, Created: true, Founder: m}, nil
}

func (s *Service) change(branchID int64, p Person, actorName, action, subject, before, after string) Change {
	return Change{BranchID: branchID, ActorID: p.TelegramID, ActorName: actorName, Action: action,
		Subject: subject, Before: before, After: after, At: s.now()}
}

// FounderName makes a roster name from a Telegram display name: spaces
// removed, cut to MaxNameLen, "书记" when nothing usable is left. The 书记
// can correct it later.
func FounderName(display string) string {
	var r []rune
	for _, c := range StripHidden(display) {
		if !unicode.IsSpace(c) && !unicode.IsControl(c) && c != utf8.RuneError {
			r = append(r, c)
		}
	}
	if len(r) > MaxNameLen {
		r = r[:MaxNameLen]
	}
	if name := StripHidden(string(r)); name != "" { // cutting may leave a joiner with nothing to join
		return name
	}
	return string(RoleSecretary)
}

// Branch returns the active branch of a chat: ErrNoBranch when none was set
// up, ErrBranchInactive when it was deactivated.
func (s *Service) Branch(ctx context.Context, chatID int64) (Branch, error) {
	b, err := s.store.BranchByChat(ctx, chatID)
	if errors.Is(err, ErrNotFound) {
		return Branch{}, ErrNoBranch
	}
	if err != nil {
		return Branch{}, err
	}
	if !b.Active {
		return b, ErrBranchInactive
	}
	return b, nil
}

// Actor returns the active branch of a chat and the sender's roster entry;
// ErrNotMember when the sender is not (or no longer) on the roster.
func (s *Service) Actor(ctx context.Context, chatID int64, p Person) (Branch, Member, error) {
	b, err := s.Branch(ctx, chatID)
	if err != nil {
		return Branch{}, Member{}, err
	}
	m, err := s.store.MemberByTelegram(ctx, b.ID, p.TelegramID)
	if errors.Is(err, ErrNotFound) || (err == nil && m.Removed) {
		return b, Member{}, ErrNotMember
	}
	if err != nil {
		return b, Member{}, err
	}
	return b, m, nil
}

// authorized is Actor followed by Authorize.
func (s *Service) authorized(ctx context.Context, chatID int64, p Person, a Action) (Branch, Member, error) {
	b, m, err := s.Actor(ctx, chatID, p)
	if err != nil {
		return b, m, err
	}
	return b, m, Authorize(m, a)
}

// SetActive marks the chat's branch active or inactive (bot added or
// removed). Its data stays. It returns ErrNotFound for a chat with no branch.
func (s *Service) SetActive(ctx context.Context, chatID int64, active bool) (Branch, error) {
	b, err := s.store.BranchByChat(ctx, chatID)
	if err != nil {
		return Branch{}, err
	}
	if b.Active == active {
		return b, nil
	}
	b.Active, b.UpdatedAt = active, s.now()
	c := Change{BranchID: b.ID, Action: "branch.active", Before: fmt.Sprint(!active), After: fmt.Sprint(active), At: s.now()}
	return b, s.store.UpdateBranch(ctx, b, c)
}

// Migrate moves a chat's branch to the supergroup the chat became.
func (s *Service) Migrate(ctx context.Context, fromChatID, toChatID int64) error {
	err := s.store.MoveBranch(ctx, fromChatID, toChatID)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// Summary is what /branch shows.
type Summary struct {
	Branch   Branch
	Officers []Member // committee and group leaders, by rank
	Members  int      // active roster entries who are Party members
	Others   int      // activists and candidates
	// Undelivered counts this month's messages of the branch that could
	// not be delivered.
	Undelivered int
}

// Summary describes the chat's branch.
func (s *Service) Summary(ctx context.Context, chatID int64) (Summary, error) {
	b, err := s.Branch(ctx, chatID)
	if err != nil {
		return Summary{}, err
	}
	ms, err := s.store.Members(ctx, b.ID)
	if err != nil {
		return Summary{}, err
	}
	sum := Summary{Branch: b}
	if sum.Undelivered, err = s.store.Undelivered(ctx, b.ID, b.ChatID, monthStart(s.now(), b.Location())); err != nil {
		return Summary{}, err
	}
	for _, m := range SortRoster(ms) {
		if m.Removed {
			continue
		}
		if m.Role != RoleNone {
			sum.Officers = append(sum.Officers, m)
		}
		if m.Status.IsPartyMember() {
			sum.Members++
		} else {
			sum.Others++
		}
	}
	return sum, nil
}

// SortRoster orders members as rosters show them: officers by rank, then
// by 党小组, then by when they were added. It returns a new slice.
func SortRoster(ms []Member) []Member {
	out := append([]Member(nil), ms...)
	rank := func(r Role) int {
		for i, x := range Roles {
			if x == r {
				return i
			}
		}
		return len(Roles)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank(a.Role) != rank(b.Role) {
			return rank(a.Role) < rank(b.Role)
		}
		if a.Group != b.Group {
			return a.Group < b.Group
		}
		return a.ID < b.ID
	})
	return out
}
