package zhibu

import "context"

// Choices is what a member may pick in the guided form: the meeting types
// they may schedule and the 党小组 a 党小组会 may be for. OwnGroup is set for
// a 党小组长, who convenes their own group's meeting only.
type Choices struct {
	Types    []MeetingType
	Groups   []string // the branch's 党小组, sorted
	OwnGroup string
}

// Choices lists what the sender may schedule: every type and group for
// officers, their own group's 党小组会 for a 党小组长. Anyone else is refused
// with the *ForbiddenError of scheduling.
func (ms *Meetings) Choices(ctx context.Context, chatID int64, p Person) (Choices, error) {
	b, actor, err := ms.svc.Actor(ctx, chatID, p)
	if err != nil {
		return Choices{}, err
	}
	if err := Authorize(actor, ActScheduleMeeting); err != nil {
		if mayConvene(actor, ActScheduleMeeting, MeetingGroup, actor.Group) != nil {
			return Choices{}, err
		}
		return Choices{Types: []MeetingType{MeetingGroup}, Groups: []string{actor.Group}, OwnGroup: actor.Group}, nil
	}
	roster, err := ms.svc.store.Members(ctx, b.ID)
	if err != nil {
		return Choices{}, err
	}
	return Choices{Types: MeetingTypes, Groups: groupsOf(roster)}, nil
}

// CheckStep validates what a guided form has gathered so far, so that a
// wrong answer is refused at its own step and asked again: the sender's
// right to schedule the type, the group once named (on the roster, and
// their own for a 党小组长), the time once given (to come, or past with 补录),
// and the place, topic and lecturer once given. Plan checks the whole
// draft at the end.
func (ms *Meetings) CheckStep(ctx context.Context, chatID int64, p Person, d Draft) error {
	b, actor, err := ms.svc.Actor(ctx, chatID, p)
	if err != nil {
		return err
	}
	group := d.Group
	if d.Type == MeetingGroup && group == "" && actor.Role == RoleGroupLeader {
		group = actor.Group
	}
	if err := mayConvene(actor, ActScheduleMeeting, d.Type, group); err != nil {
		return err
	}
	if _, err := ParseMeetingType(string(d.Type)); err != nil {
		return err
	}
	if d.Type == MeetingGroup && d.Group != "" {
		roster, err := ms.svc.store.Members(ctx, b.ID)
		if err != nil {
			return err
		}
		if _, err := ms.checkGroup(d.Group, roster); err != nil {
			return err
		}
	}
	if !d.Start.IsZero() {
		if err := ms.checkTimes(d); err != nil {
			return err
		}
	}
	return checkOptional(d)
}

// checkOptional validates the free-text fields given so far.
func checkOptional(d Draft) error {
	for _, f := range []struct {
		field, text string
		limit       int
	}{{FieldPlace, d.Place, MaxPlaceLen}, {FieldTopic, d.Topic, MaxTopicLen}, {FieldLecturer, d.Lecturer, MaxLecturerLen}} {
		if _, err := checkText(f.field, f.text, f.limit, false); err != nil {
			return err
		}
	}
	return nil
}
