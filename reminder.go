package zhibu

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Reminder is a custom reminder (/remind): once at a time, or recurring by
// a Chinese recurrence or a cron spec. Branch reminders go to the group;
// a member's own go to their private chat.
type Reminder struct {
	ID        int64
	BranchID  int64
	Number    int
	OwnerID   int64 // member who made it
	Private   bool  // the owner's own reminder, sent privately
	Text      string
	Once      time.Time // one-off time; zero for recurring
	Spec      string    // recurring: Chinese recurrence, or "cron <5 fields>"
	Paused    bool
	Deleted   bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// OccurrenceKey is the delivery key of the reminder's occurrence at t.
func (r Reminder) OccurrenceKey(t time.Time) string {
	return fmt.Sprintf("custom:%d:%d", r.ID, t.Unix())
}

// Reminder limits.
const (
	MaxRemindersPerBranch = 50
	// MaxPersonalReminders is how many personal reminders each member may
	// keep, apart from the branch's.
	MaxPersonalReminders = 20
	MaxReminderTextLen   = 300
	MinReminderInterval  = 10 * time.Minute
)

// Reminder errors.
var (
	ErrTooManyReminders = errors.New("too many reminders")
	ErrTooManyPersonal  = errors.New("too many personal reminders")
	ErrTooOften         = errors.New("reminder fires too often")
	ErrNeverFires       = errors.New("reminder never fires")
	// ErrCronSpec means a "cron …" reminder's spec could not be read.
	ErrCronSpec = errors.New("bad cron spec")
)

// ReminderStore persists custom reminders.
type ReminderStore interface {
	CreateReminder(ctx context.Context, r Reminder) (Reminder, error) // assigns ID and Number
	ReminderByNumber(ctx context.Context, branchID int64, n int) (Reminder, error)
	UpdateReminder(ctx context.Context, r Reminder) error
	// Reminders lists a branch's reminders that are not deleted (branchID 0: every branch).
	Reminders(ctx context.Context, branchID int64) ([]Reminder, error)
	// CountReminders counts a branch's reminders that are not deleted.
	CountReminders(ctx context.Context, branchID int64) (int, error)
}
