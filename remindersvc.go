package zhibu

import (
	"context"
	"strings"
	"time"

	"github.com/zhibu/zhibu/cntime"
)

// NextFunc gives the first occurrence of a schedule strictly after t (zero
// when it never fires again).
type NextFunc func(t time.Time) time.Time

// CronParser reads the 5-field spec of a "cron …" reminder in a location.
// The domain uses no cron library: the adapter injects one.
type CronParser func(spec string, loc *time.Location) (NextFunc, error)

// Reminders holds the use cases of custom reminders (/remind).
type Reminders struct {
	svc   *Service
	store ReminderStore
	cron  CronParser
	now   func() time.Time
}

// NewReminders returns the reminder use cases.
func NewReminders(svc *Service, store ReminderStore, cron CronParser) *Reminders {
	return &Reminders{svc: svc, store: store, cron: cron, now: svc.now}
}

// cronPrefix marks a spec written in cron syntax.
const cronPrefix = "cron "

// Schedule returns the occurrences of a reminder in loc: its one time, its
// Chinese recurrence, or its cron spec.
func (rs *Reminders) Schedule(r Reminder, loc *time.Location) (NextFunc, error) {
	return ReminderSchedule(r, loc, rs.cron)
}

// ReminderSchedule returns the occurrences of a reminder in loc: its one
// time, its Chinese recurrence, or its cron spec read by cron.
func ReminderSchedule(r Reminder, loc *time.Location, cron CronParser) (NextFunc, error) {
	if r.Spec == "" {
		once := r.Once
		return func(t time.Time) time.Time {
			if once.After(t) {
				return once
			}
			return time.Time{}
		}, nil
	}
	if strings.HasPrefix(r.Spec, cronPrefix) {
		return cron(strings.TrimPrefix(r.Spec, cronPrefix), loc)
	}
	rec, err := cntime.ParseRecurrence(r.Spec)
	if err != nil {
		return nil, err
	}
	return func(t time.Time) time.Time { return rec.Next(t.In(loc)) }, nil
}

// ReminderDraft is a reminder as written: one time or a spec, and a text.
type ReminderDraft struct {
	Once time.Time
	Spec string
	Text string
	// Personal asks for the author's own reminder, sent privately, even
	// when the author is an officer (set in the private chat).
	Personal bool
}

// Create stores a reminder: officers make branch reminders (to the group)
// unless the draft is Personal, members their own private ones. Its schedule is read in the branch's
// zone. It returns the first fire time.
func (rs *Reminders) Create(ctx context.Context, chatID int64, p Person, d ReminderDraft) (Reminder, time.Time, error) {
	b, actor, err := rs.svc.Actor(ctx, chatID, p)
	if err != nil {
		return Reminder{}, time.Time{}, err
	}
	text, err := checkText(FieldContent, d.Text, MaxReminderTextLen, true)
	if err != nil {
		return Reminder{}, time.Time{}, err
	}
	now := rs.now()
	r := Reminder{BranchID: b.ID, OwnerID: actor.ID, Private: d.Personal || !Can(actor.Role, ActManageCampaign), Text: text,
		Once: d.Once, Spec: d.Spec, CreatedAt: now, UpdatedAt: now}
	next, err := rs.check(r, b.Location(), now)
	if err != nil {
		return Reminder{}, time.Time{}, err
	}
	err = rs.svc.atomically(ctx, func(ctx context.Context) error {
		if err := rs.roomFor(ctx, r, now); err != nil {
			return err
		}
		r, err = rs.store.CreateReminder(ctx, r)
		return err
	})
	if err != nil {
		return Reminder{}, time.Time{}, err
	}
	return r, next, nil
}

// roomFor checks the limits: the branch's own reminders (MaxRemindersPerBranch)
// and each member's personal ones (MaxPersonalReminders) are counted apart,
// so no member can use up the branch's, and a removed member's do not count.
// Counted are the reminders still to come, paused ones included: a one-time
// reminder already sent (listed until deleted) takes no room.
func (rs *Reminders) roomFor(ctx context.Context, r Reminder, now time.Time) error {
	all, err := rs.store.Reminders(ctx, r.BranchID)
	if err != nil {
		return err
	}
	roster, err := rs.svc.store.Members(ctx, r.BranchID)
	if err != nil {
		return err
	}
	removed := map[int64]bool{}
	for _, m := range roster {
		removed[m.ID] = m.Removed
	}
	n := 0
	for _, x := range all {
		switch {
		case x.Spec == "" && !x.Once.After(now): // its one time has come
		case !r.Private && !x.Private:
			n++
		case r.Private && x.Private && x.OwnerID == r.OwnerID && !removed[x.OwnerID]:
			n++
		}
	}
	switch {
	case !r.Private && n >= MaxRemindersPerBranch:
		return ErrTooManyReminders
	case r.Private && n >= MaxPersonalReminders:
		return ErrTooManyPersonal
	}
	return nil
}

// check validates a reminder's schedule: it must fire in the future and
// never more often than every ten minutes.
func (rs *Reminders) check(r Reminder, loc *time.Location, now time.Time) (time.Time, error) {
	if r.Spec == "" && !r.Once.After(now) {
		return time.Time{}, ErrInPast
	}
	next, err := rs.Schedule(r, loc)
	if err != nil {
		return time.Time{}, err
	}
	first := next(now)
	if first.IsZero() {
		return time.Time{}, ErrNeverFires
	}
	t := first
	for range 50 {
		n := next(t)
		if n.IsZero() {
			break
		}
		if n.Sub(t) < MinReminderInterval {
			return time.Time{}, ErrTooOften
		}
		t = n
	}
	return first, nil
}

// Visible lists the reminders the sender may see: the branch's and their
// own private ones.
func (rs *Reminders) Visible(ctx context.Context, chatID int64, p Person) (Branch, []Reminder, error) {
	b, actor, err := rs.svc.Actor(ctx, chatID, p)
	if err != nil {
		return b, nil, err
	}
	all, err := rs.store.Reminders(ctx, b.ID)
	if err != nil {
		return b, nil, err
	}
	var out []Reminder
	for _, r := range all {
		if !r.Private || r.OwnerID == actor.ID {
			out = append(out, r)
		}
	}
	return b, out, nil
}

// Reminder actions of "/remind 删除|暂停|恢复 <编号>".
const (
	ReminderDelete = "删除"
	ReminderPause  = "暂停"
	ReminderResume = "恢复"
)

// SetState deletes, pauses or resumes a reminder: its owner, or an officer
// for a branch reminder.
func (rs *Reminders) SetState(ctx context.Context, chatID int64, p Person, n int, action string) (Reminder, error) {
	b, actor, err := rs.svc.Actor(ctx, chatID, p)
	if err != nil {
		return Reminder{}, err
	}
	r, err := rs.store.ReminderByNumber(ctx, b.ID, n)
	if err != nil || (r.Private && r.OwnerID != actor.ID) {
		return Reminder{}, ErrNotFound
	}
	if r.OwnerID != actor.ID {
		if err := Authorize(actor, ActManageCampaign); err != nil {
			return r, err
		}
	}
	switch action {
	case ReminderDelete:
		r.Deleted = true
	case ReminderPause:
		r.Paused = true
	case ReminderResume:
		r.Paused = false
	default:
		return r, &ValidationError{Field: FieldSetting, Problem: ProblemUnknown, Value: action}
	}
	r.UpdatedAt = rs.now()
	return r, rs.store.UpdateReminder(ctx, r)
}

// All lists every branch's live reminders, for the reminder engine.
func (rs *Reminders) All(ctx context.Context) ([]Reminder, error) { return rs.store.Reminders(ctx, 0) }

// ByNumber finds a branch's reminder by 编号, for the reminder engine.
func (rs *Reminders) ByNumber(ctx context.Context, branchID int64, n int) (Reminder, error) {
	return rs.store.ReminderByNumber(ctx, branchID, n)
}
