package zhibu

import (
	"context"
	"errors"
)

// ErrNotLinked means the roster entry has no Telegram account to unlink.
var ErrNotLinked = errors.New("member has no linked account")

// Unlinked is what UnlinkMember did: the branch, the entry as saved, and
// the account it was linked to (to be told).
type Unlinked struct {
	Branch  Branch
	Member  Member
	Account int64
}

// UnlinkMember takes the Telegram account off an active roster entry: the
// account no longer acts as that member, and the person links again through
// /join and an officer's approval. The entry, its history and its office
// stay. Unlinking an entry holding an office is the 书记's alone (an
// *OfficeError), and the branch keeps a 书记 with an account; both are
// checked in the unit of work that writes, which also records the change.
func (s *Service) UnlinkMember(ctx context.Context, chatID int64, p Person, name string) (Unlinked, error) {
	return inUnit(ctx, s.store, func(ctx context.Context) (Unlinked, error) {
		b, actor, old, m, err := s.unlinkTarget(ctx, chatID, p, name)
		if err != nil {
			return Unlinked{}, err
		}
		c := s.change(b.ID, p, actor.Name, "member.unlink", old.Name, describe(old), describe(m))
		m, err = s.saveOne(ctx, actor, old, m, c)
		return Unlinked{Branch: b, Member: m, Account: old.TelegramID}, err
	})
}

// PrepareUnlink checks an unlink without doing it and returns the entry it
// would unlink, so that the adapter can ask to confirm: the same rights and
// rules as UnlinkMember, which checks them again when it is done.
func (s *Service) PrepareUnlink(ctx context.Context, chatID int64, p Person, name string) (Member, error) {
	return inUnit(ctx, s.store, func(ctx context.Context) (Member, error) {
		_, actor, old, m, err := s.unlinkTarget(ctx, chatID, p, name)
		if err != nil {
			return Member{}, err
		}
		if err := mayChange(actor, old, m); err != nil {
			return Member{}, err
		}
		return old, s.keepsSecretary(ctx, old, m)
	})
}

// unlinkTarget authorizes the sender and finds the linked entry to unlink
// (old) and what it becomes (m).
func (s *Service) unlinkTarget(ctx context.Context, chatID int64, p Person, name string) (b Branch, actor, old, m Member, err error) {
	b, actor, old, err = s.target(ctx, chatID, p, ActManageRoster, name)
	if err != nil {
		return b, actor, old, m, err
	}
	if !old.Linked() {
		return b, actor, old, m, ErrNotLinked
	}
	m = old
	m.TelegramID, m.Username, m.UpdatedAt = 0, "", s.now()
	return b, actor, old, m, nil
}
