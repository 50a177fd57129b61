package zhibu

import (
	"context"
	"errors"
	"fmt"
)

// Offices (职务) carry the branch's powers, so changing who holds one is the
// 书记's alone (ActAssignRole): giving or taking an office, linking an
// account to an entry that holds one (the account gets its powers),
// unlinking it, removing such an entry (which ends the office), and renaming
// one that has no account (a /join under the new name would link to it). Each such
// rule is checked in the same unit of work as the write it allows.

var (
	// ErrOwnJoin means an applicant pressed a decision button of their own
	// join request.
	ErrOwnJoin = errors.New("own join request")
	// ErrSecretaryUnlinked means the change would leave the branch with 书记
	// entries, but none linked to an account: nobody could manage the branch,
	// nor approve the link of a 书记 entry.
	ErrSecretaryUnlinked = errors.New("branch would have no secretary with an account")
)

// OfficeChange is what a change would do to an entry that holds an office.
type OfficeChange string

// Office changes only the 书记 may make.
const (
	OfficeLink   OfficeChange = "link"   // link an account to the entry
	OfficeUnlink OfficeChange = "unlink" // take the entry's account away or give it another
	OfficeRemove OfficeChange = "remove" // take the entry off the roster, ending the office
	OfficeAssign OfficeChange = "assign" // give or take the office
	// OfficeRename renames an entry that holds an office and has no
	// account: whoever then asks /join under the new name would be
	// linked to it, office and all, on a card that named no office.
	OfficeRename OfficeChange = "rename"
)

// OfficeError means the actor may not make a change that touches an
// office: only the 书记 may.
type OfficeError struct {
	Name   string // the roster entry
	Role   Role   // the office it holds (or would hold)
	Change OfficeChange
}

func (e *OfficeError) Error() string {
	return fmt.Sprintf("office %s of %q: only the secretary may %s", e.Role, e.Name, e.Change)
}

// mayChange returns an *OfficeError unless actor may change the roster
// entry old into m: a change of an entry holding an office that gives or
// takes the office, links or unlinks an account, removes the entry or, while
// it has no account, renames it needs ActAssignRole.
func mayChange(actor, old, m Member) error {
	if Can(actor.Role, ActAssignRole) || (old.Role == RoleNone && m.Role == RoleNone) {
		return nil
	}
	role := old.Role
	if role == RoleNone {
		role = m.Role
	}
	e := &OfficeError{Name: old.Name, Role: role}
	if old.ID == 0 {
		e.Name = m.Name
	}
	switch {
	case m.Removed && !old.Removed:
		e.Change = OfficeRemove
	case old.TelegramID == 0 && m.TelegramID != 0:
		e.Change = OfficeLink
	case old.TelegramID != m.TelegramID:
		e.Change = OfficeUnlink
	case old.Role != m.Role:
		e.Change = OfficeAssign
	case old.ID != 0 && !old.Linked() && old.Role != RoleNone && old.Name != m.Name:
		e.Change = OfficeRename
	default:
		return nil
	}
	return e
}

// secretariesKept checks the roster after a change against the one
// before: it must keep a 书记 (ErrLastSecretary), and one with an account
// when it had one (ErrSecretaryUnlinked).
func secretariesKept(before, after []Member) error {
	all, linked := secretaryCount(after)
	if all == 0 {
		return ErrLastSecretary
	}
	if _, had := secretaryCount(before); linked == 0 && had > 0 {
		return ErrSecretaryUnlinked
	}
	return nil
}

// secretaryCount counts the active 书记 entries, and those linked to an account.
func secretaryCount(ms []Member) (all, linked int) {
	for _, m := range ms {
		if m.Removed || m.Role != RoleSecretary {
			continue
		}
		all++
		if m.Linked() {
			linked++
		}
	}
	return all, linked
}

// keepsSecretary returns ErrLastSecretary or ErrSecretaryUnlinked when
// changing the entry old into m would leave the branch without a 书记, or
// without one who has an account. Call it inside the unit of work that
// writes m.
func (s *Service) keepsSecretary(ctx context.Context, old, m Member) error {
	if old.Role != RoleSecretary {
		return nil
	}
	if m.Role == RoleSecretary && !m.Removed && m.TelegramID == old.TelegramID {
		return nil
	}
	before, err := s.store.Members(ctx, old.BranchID)
	if err != nil {
		return err
	}
	after := make([]Member, len(before))
	for i, x := range before {
		if x.ID == old.ID {
			x = m
		}
		after[i] = x
	}
	return secretariesKept(before, after)
}

// linkedSecretaries are the active 书记 of a roster who have an account:
// whom to tell when an account asks to take an unlinked office.
func linkedSecretaries(ms []Member) []Member {
	var out []Member
	for _, m := range ms {
		if !m.Removed && m.Role == RoleSecretary && m.Linked() {
			out = append(out, m)
		}
	}
	return out
}

// Units runs work as one unit (*storage.DB): every store method called with
// the context fn receives joins it, and its writes commit when fn returns
// nil or roll back together. Called inside a unit, it joins that unit. A
// rule that reads and then writes (the last 书记, who may link an office)
// runs in one, so that no other writer comes between the check and the
// write, even with several instances of the bot on one database; so is a
// per-member limit counted and its write made. The other stores join it
// too when they are the same database.
type Units interface {
	Atomically(ctx context.Context, fn func(ctx context.Context) error) error
}

// inUnit runs fn as one unit of work and returns what it returned.
func inUnit[T any](ctx context.Context, u Units, fn func(ctx context.Context) (T, error)) (T, error) {
	var out T
	err := u.Atomically(ctx, func(ctx context.Context) error {
		var err error
		out, err = fn(ctx)
		return err
	})
	return out, err
}
