package zhibu

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Shanghai on machines without a zoneinfo database
)

// memStore is an in-memory Store that keeps the promises of the interface
// doc comments: ErrNotFound for missing rows, ids from 1, SaveMembers all or
// nothing with unique names and Telegram accounts per branch, DecideJoin as a
// compare-and-set. It records every Change so tests can read the audit log.
type memStore struct {
	unit     sync.Mutex // held by the unit of work in progress
	mu       sync.Mutex
	branches []Branch // index i holds id i+1
	members  []Member
	joins    []JoinRequest
	changes  []Change
}

var _ Store = (*memStore)(nil)
var _ ChangeStore = (*memStore)(nil)

type memUnitKey struct{}

// Atomically runs units of work one at a time, as SQLite's immediate
// transactions do. It rolls nothing back: each use case writes once, last.
func (s *memStore) Atomically(ctx context.Context, fn func(ctx context.Context) error) error {
	if ctx.Value(memUnitKey{}) == s {
		return fn(ctx)
	}
	s.unit.Lock()
	defer s.unit.Unlock()
	return fn(context.WithValue(ctx, memUnitKey{}, s))
}

func (s *memStore) BranchByChat(_ context.Context, chatID int64) (Branch, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range s.branches {
		if b.ChatID == chatID {
			return b, nil
		}
	}
	return Branch{}, ErrNotFound
}

func (s *memStore) BranchByID(_ context.Context, id int64) (Branch, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range s.branches {
		if b.ID == id {
			return b, nil
		}
	}
	return Branch{}, ErrNotFound
}

func (s *memStore) Undelivered(context.Context, int64, int64, time.Time) (int, error) { return 0, nil }

func (s *memStore) CreateBranch(_ context.Context, b Branch, founder Member, c Change) (Branch, Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, x := range s.branches {
		if x.ChatID == b.ChatID {
			return Branch{}, Member{}, fmt.Errorf("memstore: chat %d already has branch %d: %w", b.ChatID, x.ID, ErrConflict)
		}
	}
	b.ID = int64(len(s.branches) + 1)
	founder.BranchID, c.BranchID = b.ID, b.ID
	ms, err := s.stage([]Member{founder})
	if err != nil {
		return Branch{}, Member{}, err
	}
	s.branches = append(s.branches, b)
	s.commit(ms)
	s.changes = append(s.changes, c)
	return b, ms[0], nil
}

func (s *memStore) UpdateBranch(_ context.Context, b Branch, c Change) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b.ID < 1 || b.ID > int64(len(s.branches)) {
		return ErrNotFound
	}
	s.branches[b.ID-1] = b
	s.changes = append(s.changes, c)
	return nil
}

func (s *memStore) MoveBranch(_ context.Context, fromChatID, toChatID int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, b := range s.branches {
		if b.ChatID == fromChatID {
			s.branches[i].ChatID = toChatID
			return nil
		}
	}
	return ErrNotFound
}

func (s *memStore) Members(_ context.Context, branchID int64) ([]Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Member
	for _, m := range s.members {
		if m.BranchID == branchID {
			out = append(out, m)
		}
	}
	return out, nil
}

func (s *memStore) MemberByTelegram(_ context.Context, branchID, telegramID int64) (Member, error) {
	return s.find(func(m Member) bool { return m.BranchID == branchID && telegramID != 0 && m.TelegramID == telegramID })
}

func (s *memStore) MemberByName(_ context.Context, branchID int64, name string) (Member, error) {
	return s.find(func(m Member) bool { return m.BranchID == branchID && m.Name == name })
}

func (s *memStore) find(match func(Member) bool) (Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.members {
		if match(m) {
			return m, nil
		}
	}
	return Member{}, ErrNotFound
}

func (s *memStore) SaveMembers(_ context.Context, ms []Member, cs []Change) ([]Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	staged, err := s.stage(ms)
	if err != nil {
		return nil, err
	}
	s.commit(staged)
	s.changes = append(s.changes, cs...)
	return staged, nil
}

// stage assigns ids to new members and checks the whole roster as it would
// be after saving ms, without changing anything.
func (s *memStore) stage(ms []Member) ([]Member, error) {
	roster := append([]Member(nil), s.members...)
	out := make([]Member, len(ms))
	for i, m := range ms {
		switch {
		case m.ID == 0:
			m.ID = int64(len(roster) + 1)
			roster = append(roster, m)
		case m.ID > int64(len(roster)) || roster[m.ID-1].BranchID != m.BranchID:
			return nil, fmt.Errorf("memstore: save member %d: %w", m.ID, ErrNotFound)
		default:
			roster[m.ID-1] = m
		}
		out[i] = m
	}
	for i, a := range roster {
		for _, b := range roster[i+1:] {
			if a.BranchID != b.BranchID {
				continue
			}
			if a.Name == b.Name {
				return nil, ErrNameTaken
			}
			if a.TelegramID != 0 && a.TelegramID == b.TelegramID {
				return nil, ErrAlreadyMember
			}
		}
	}
	return out, nil
}

func (s *memStore) commit(ms []Member) {
	for _, m := range ms {
		if m.ID > int64(len(s.members)) {
			s.members = append(s.members, m)
		} else {
			s.members[m.ID-1] = m
		}
	}
}

func (s *memStore) CreateJoinRequest(_ context.Context, r JoinRequest) (JoinRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.ID = int64(len(s.joins) + 1)
	s.joins = append(s.joins, r)
	return r, nil
}

func (s *memStore) JoinRequest(_ context.Context, id int64) (JoinRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id < 1 || id > int64(len(s.joins)) {
		return JoinRequest{}, ErrNotFound
	}
	return s.joins[id-1], nil
}

func (s *memStore) PendingJoin(_ context.Context, branchID, telegramID int64) (JoinRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.joins {
		if r.BranchID == branchID && r.TelegramID == telegramID && r.State == JoinPending {
			return r, nil
		}
	}
	return JoinRequest{}, ErrNotFound
}

func (s *memStore) JoinRequestsSince(_ context.Context, branchID, telegramID int64, since time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.joins {
		if r.BranchID == branchID && r.TelegramID == telegramID && !r.CreatedAt.Before(since) {
			n++
		}
	}
	return n, nil
}

func (s *memStore) DecideJoin(_ context.Context, r JoinRequest, m *Member, c Change) (Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.ID < 1 || r.ID > int64(len(s.joins)) {
		return Member{}, ErrNotFound
	}
	if s.joins[r.ID-1].State != JoinPending {
		return Member{}, ErrAlreadyDecided
	}
	var saved Member
	if m != nil {
		staged, err := s.stage([]Member{*m})
		if err != nil {
			return Member{}, err
		}
		s.commit(staged)
		saved = staged[0]
	}
	s.joins[r.ID-1] = r
	s.changes = append(s.changes, c)
	return saved, nil
}

func (s *memStore) Changes(_ context.Context, branchID int64, limit int) ([]Change, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Change
	for i := len(s.changes) - 1; i >= 0 && len(out) < limit; i-- {
		if s.changes[i].BranchID == branchID {
			out = append(out, s.changes[i])
		}
	}
	return out, nil
}

// log returns the audit log recorded so far, oldest first.
func (s *memStore) log() []Change {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Change(nil), s.changes...)
}

// resetLog forgets the changes made while setting up a test.
func (s *memStore) resetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.changes = nil
}

// testNow is the fixed time of every test: Saturday 2026-11-21 10:00 in Beijing.
var testNow = time.Date(2026, 11, 21, 10, 0, 0, 0, mustLoadLocation("Asia/Shanghai"))

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// newTestService returns a Service over an empty memStore with the clock
// stopped at testNow.
func newTestService(t *testing.T) (*Service, *memStore) {
	t.Helper()
	st := &memStore{}
	return NewService(st, func() time.Time { return testNow }), st
}
