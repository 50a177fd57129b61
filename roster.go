package zhibu

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// Roster is what /roster shows: names for everyone, details for officers.
type Roster struct {
	Branch   Branch
	Detailed bool
	Members  []Member // active entries, in SortRoster order
}

// Roster lists the active roster of the chat's branch for the sender.
func (s *Service) Roster(ctx context.Context, chatID int64, p Person) (Roster, error) {
	b, m, err := s.authorized(ctx, chatID, p, ActViewRoster)
	if err != nil {
		return Roster{}, err
	}
	ms, err := s.store.Members(ctx, b.ID)
	if err != nil {
		return Roster{}, err
	}
	r := Roster{Branch: b, Detailed: Can(m.Role, ActViewRosterDetails)}
	for _, x := range SortRoster(ms) {
		if !x.Removed {
			r.Members = append(r.Members, x)
		}
	}
	return r, nil
}

// WhoAmI returns the sender's roster entry in the chat's branch.
func (s *Service) WhoAmI(ctx context.Context, chatID int64, p Person) (Branch, Member, error) {
	return s.Actor(ctx, chatID, p)
}

// Added is what AddMember did: the entry as saved, and whether it was a
// removed entry restored without the account it was linked to (Unlinked).
type Added struct {
	Member   Member
	Unlinked bool
}

// AddMember puts a person on the roster. A removed entry of the same name is
// restored rather than duplicated, without its Telegram account: whoever
// held it (perhaps the wrong person) links again through /join and an
// officer's approval.
func (s *Service) AddMember(ctx context.Context, chatID int64, p Person, name string, status Status, group string) (Added, error) {
	return inUnit(ctx, s.store, func(ctx context.Context) (Added, error) {
		return s.addMember(ctx, chatID, p, name, status, group)
	})
}

func (s *Service) addMember(ctx context.Context, chatID int64, p Person, name string, status Status, group string) (Added, error) {
	b, actor, err := s.authorized(ctx, chatID, p, ActManageRoster)
	if err != nil {
		return Added{}, err
	}
	if name, err = CleanName(FieldName, name, MaxNameLen); err != nil {
		return Added{}, err
	}
	if group != "" {
		if group, err = CleanName(FieldGroup, group, MaxGroupLen); err != nil {
			return Added{}, err
		}
	}
	if status == "" {
		status = StatusFull
	}
	if err := s.rosterLookAlike(ctx, b.ID, name); err != nil {
		return Added{}, err
	}
	old, err := s.store.MemberByName(ctx, b.ID, name)
	switch {
	case err == nil && !old.Removed:
		return Added{}, ErrNameTaken
	case errors.Is(err, ErrNotFound):
		old = Member{BranchID: b.ID, Name: name, CreatedAt: s.now()}
	case err != nil:
		return Added{}, err
	}
	m := restored(old)
	m.Status, m.Group, m.UpdatedAt = status, group, s.now()
	c := s.change(b.ID, p, actor.Name, "member.add", name, "", describe(m))
	m, err = s.saveOne(ctx, actor, old, m, c)
	return Added{Member: m, Unlinked: old.Linked()}, err
}

// restored is a roster entry back on the roster. A removed entry comes back
// without its account: it may have been removed because the wrong person
// held it, and the person links again through /join and an officer's
// approval. (A removed member's own /join restores the entry with his
// account: DecideJoin.)
func restored(m Member) Member {
	if m.Removed {
		m.TelegramID, m.Username = 0, ""
	}
	m.Removed = false
	return m
}

// saveOne writes the change of the roster entry old into m, which actor
// makes, once the office rules allow it: call it inside the unit of work
// that read old.
func (s *Service) saveOne(ctx context.Context, actor, old, m Member, c Change) (Member, error) {
	if err := mayChange(actor, old, m); err != nil {
		return Member{}, err
	}
	if err := s.keepsSecretary(ctx, old, m); err != nil {
		return Member{}, err
	}
	out, err := s.store.SaveMembers(ctx, []Member{m}, []Change{c})
	if err != nil {
		return Member{}, err
	}
	return out[0], nil
}

// describe is the audit form of a roster entry.
func describe(m Member) string {
	return fmt.Sprintf("status=%s group=%s role=%s exempt=%s telegram=%d removed=%v",
		m.Status, m.Group, m.Role, m.Exempt, m.TelegramID, m.Removed)
}

// Settings /roster set can change.
const (
	SettingName   = "姓名"
	SettingStatus = "状态"
	SettingGroup  = "党小组"
	SettingExempt = "免于考勤"
)

// SetMember changes one setting of a roster entry. 党小组 "无" clears the group.
func (s *Service) SetMember(ctx context.Context, chatID int64, p Person, name, setting, value string) (Member, error) {
	return inUnit(ctx, s.store, func(ctx context.Context) (Member, error) {
		return s.setMember(ctx, chatID, p, name, setting, value)
	})
}

func (s *Service) setMember(ctx context.Context, chatID int64, p Person, name, setting, value string) (Member, error) {
	b, actor, m, err := s.target(ctx, chatID, p, ActManageRoster, name)
	if err != nil {
		return Member{}, err
	}
	old, before := m, describe(m)
	if err := s.apply(ctx, &m, setting, value); err != nil {
		return Member{}, err
	}
	m.UpdatedAt = s.now()
	c := s.change(b.ID, p, actor.Name, "member.set", name, before, describe(m))
	if setting == SettingName {
		c.After = "name=" + m.Name + " " + c.After
	}
	return s.saveOne(ctx, actor, old, m, c)
}

func (s *Service) apply(ctx context.Context, m *Member, setting, value string) error {
	var err error
	switch setting {
	case SettingName:
		var n string
		if n, err = CleanName(FieldName, value, MaxNameLen); err != nil {
			return err
		}
		if n == m.Name {
			return nil
		}
		if _, err := s.store.MemberByName(ctx, m.BranchID, n); err == nil {
			return ErrNameTaken
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		ms, err := s.store.Members(ctx, m.BranchID)
		if err != nil {
			return err
		}
		others := slices.DeleteFunc(ms, func(o Member) bool { return o.ID == m.ID })
		if err := s.lookAlike(others, n); err != nil {
			return err
		}
		m.Name = n
	case SettingStatus:
		var st Status
		if st, err = ParseStatus(value); err != nil {
			return err
		}
		if !st.IsPartyMember() && m.Role != RoleNone {
			return ErrOfficeNeedsMember
		}
		m.Status = st
	case SettingGroup:
		if value == "无" {
			m.Group = ""
			return nil
		}
		m.Group, err = CleanName(FieldGroup, value, MaxGroupLen)
	case SettingExempt:
		m.Exempt, err = ParseExempt(value)
	default:
		return &ValidationError{Field: FieldSetting, Problem: ProblemUnknown, Value: setting}
	}
	return err
}

// ErrOfficeNeedsMember means an office was given to someone who is not a
// Party member (an activist or candidate).
var ErrOfficeNeedsMember = errors.New("office needs a party member")

// target authorizes the sender for action and finds the active roster
// entry the action is about.
func (s *Service) target(ctx context.Context, chatID int64, p Person, a Action, name string) (Branch, Member, Member, error) {
	b, actor, err := s.authorized(ctx, chatID, p, a)
	if err != nil {
		return b, actor, Member{}, err
	}
	m, err := s.activeByName(ctx, b.ID, name)
	return b, actor, m, err
}

func (s *Service) activeByName(ctx context.Context, branchID int64, name string) (Member, error) {
	name, err := CleanName(FieldName, name, MaxNameLen)
	if err != nil {
		return Member{}, err
	}
	m, err := s.store.MemberByName(ctx, branchID, name)
	if err != nil {
		return Member{}, err
	}
	if m.Removed {
		return Member{}, ErrRemoved
	}
	return m, nil
}

// RemoveMember takes a person off the roster; the entry is kept for history,
// loses its office and is no longer expected at meetings. Removing someone
// who holds an office is the 书记's alone.
func (s *Service) RemoveMember(ctx context.Context, chatID int64, p Person, name string) (Member, error) {
	return inUnit(ctx, s.store, func(ctx context.Context) (Member, error) {
		b, actor, m, err := s.target(ctx, chatID, p, ActManageRoster, name)
		if err != nil {
			return Member{}, err
		}
		old := m
		m.Removed, m.Role, m.UpdatedAt = true, RoleNone, s.now()
		return s.saveOne(ctx, actor, old, m, s.change(b.ID, p, actor.Name, "member.remove", name, describe(old), describe(m)))
	})
}

// PrepareRemove checks a removal without doing it and returns the member it
// would remove, so that the adapter can ask to confirm taking an officer off
// the roster: the same rights and rules as RemoveMember, which checks them
// again when it is done.
func (s *Service) PrepareRemove(ctx context.Context, chatID int64, p Person, name string) (Member, error) {
	return inUnit(ctx, s.store, func(ctx context.Context) (Member, error) {
		_, actor, m, err := s.target(ctx, chatID, p, ActManageRoster, name)
		if err != nil {
			return Member{}, err
		}
		gone := m
		gone.Removed, gone.Role = true, RoleNone
		if err := mayChange(actor, m, gone); err != nil {
			return Member{}, err
		}
		return m, s.keepsSecretary(ctx, m, gone)
	})
}

// AssignRole gives a member an office, or clears it with RoleNone.
func (s *Service) AssignRole(ctx context.Context, chatID int64, p Person, name string, role Role) (Member, error) {
	return inUnit(ctx, s.store, func(ctx context.Context) (Member, error) {
		b, actor, m, err := s.target(ctx, chatID, p, ActAssignRole, name)
		if err != nil {
			return Member{}, err
		}
		if role != RoleNone && !m.Status.IsPartyMember() {
			return Member{}, ErrOfficeNeedsMember
		}
		old := m
		m.Role, m.UpdatedAt = role, s.now()
		return s.saveOne(ctx, actor, old, m, s.change(b.ID, p, actor.Name, "role.assign", name, describe(old), describe(m)))
	})
}
