package zhibu

import (
	"context"
	"errors"
	"time"
)

// Undelivered is a message the sending path gave up on, as the branch's
// 书记 learns of it: what kind of message, to whom, why. It never holds the
// message's text, which may be someone's private matter.
type Undelivered struct {
	Branch Branch
	Tell   []Member // the linked 书记 (the 副书记 when there is none)
	Kind   string   // the message's kind ("reply", "meeting_lead" …)
	Group  bool     // it was for the branch's group
	To     Member   // else the member it was for (zero when not on the roster)
	Why    GiveUp
}

// KindGiveUpNote is the kind of the note about a message given up; a note
// that cannot be delivered is not noted again.
const KindGiveUpNote = "giveup_note"

// Undelivered finds the branch of a message given up and who must hear of
// it. It reports false when the message belongs to no branch it can find,
// or is itself such a note.
func (s *Service) Undelivered(ctx context.Context, m Message, why GiveUp) (Undelivered, bool, error) {
	if m.Kind == KindGiveUpNote {
		return Undelivered{}, false, nil
	}
	var b Branch
	var err error
	switch {
	case m.BranchID != 0:
		b, err = s.store.BranchByID(ctx, m.BranchID)
	case !m.Private:
		b, err = s.store.BranchByChat(ctx, m.ChatID)
	default:
		return Undelivered{}, false, nil
	}
	if errors.Is(err, ErrNotFound) {
		return Undelivered{}, false, nil
	}
	if err != nil {
		return Undelivered{}, false, err
	}
	ms, err := s.store.Members(ctx, b.ID)
	if err != nil {
		return Undelivered{}, false, err
	}
	u := Undelivered{Branch: b, Kind: m.Kind, Group: !m.Private, Why: why, Tell: secretaries(ms)}
	if m.Private {
		for _, x := range ms {
			if x.TelegramID == m.ChatID && !x.Removed {
				u.To = x
			}
		}
	}
	return u, len(u.Tell) > 0, nil
}

// secretaries are the linked 书记 of a roster, or its 副书记 when there is
// none: who hears of what goes wrong with the bot.
func secretaries(ms []Member) []Member {
	for _, role := range []Role{RoleSecretary, RoleDeputy} {
		var out []Member
		for _, x := range ms {
			if !x.Removed && x.Role == role && x.TelegramID != 0 {
				out = append(out, x)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// Secretaries lists who hears of what goes wrong with a branch's group: its
// linked 书记, or its 副书记 when there is none.
func (s *Service) Secretaries(ctx context.Context, b Branch) ([]Member, error) {
	ms, err := s.store.Members(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	return secretaries(ms), nil
}

// monthStart is the first moment of t's month in loc.
func monthStart(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc)
}
