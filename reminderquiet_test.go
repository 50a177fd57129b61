package zhibu

import (
	"testing"
	"time"
)

// sendTimes is the FireAt and SendAt of an occurrence, "" for none.
func sendTimes(o Occurrence, ok bool) string {
	if !ok {
		return ""
	}
	return o.FireAt.In(shanghai).Format("01-02 15:04") + " → " + o.SendAt().In(shanghai).Format("01-02 15:04")
}

func TestNextSend(t *testing.T) {
	v := newTestView(shanghai)
	created := bj(2026, 11, 21, 9, 0)
	once := func(at time.Time, private bool) Reminder {
		return Reminder{ID: 3, BranchID: testBranchID, Private: private, Once: at, CreatedAt: created, UpdatedAt: created}
	}
	daily := Reminder{ID: 4, BranchID: testBranchID, Spec: "每天23点", CreatedAt: created, UpdatedAt: created}
	tests := []struct {
		name string
		r    Reminder
		next NextFunc
		now  time.Time
		want string
	}{
		{"a branch one-off in quiet hours, posted when they end", once(bj(2026, 12, 31, 23, 30), false), nil,
			bj(2026, 11, 21, 10, 0), "12-31 23:30 → 01-01 07:30"},
		{"still held after its time", once(bj(2026, 12, 31, 23, 30), false), nil,
			bj(2026, 12, 31, 23, 45), "12-31 23:30 → 01-01 07:30"},
		{"sent once quiet hours ended", once(bj(2026, 12, 31, 23, 30), false), nil, bj(2027, 1, 1, 7, 30), ""},
		{"a member's own at the hour asked", once(bj(2026, 11, 21, 22, 30), true), nil,
			bj(2026, 11, 21, 10, 0), "11-21 22:30 → 11-21 22:30"},
		{"a member's own, its hour gone", once(bj(2026, 11, 21, 22, 30), true), nil, bj(2026, 11, 21, 22, 45), ""},
		{"outside quiet hours", once(bj(2026, 11, 21, 20, 0), false), nil, bj(2026, 11, 21, 10, 0),
			"11-21 20:00 → 11-21 20:00"},
		{"recurring, tonight's held to the morning", daily, dailyAt(23), bj(2026, 11, 21, 23, 30), "11-21 23:00 → 11-22 07:30"},
		{"recurring, after the morning: tonight's", daily, dailyAt(23), bj(2026, 11, 22, 8, 0), "11-22 23:00 → 11-23 07:30"},
		{"recurring, none held from before it was set", daily, dailyAt(23), bj(2026, 11, 21, 9, 30), "11-21 23:00 → 11-22 07:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := tt.next
			if next == nil {
				var err error
				if next, err = ReminderSchedule(tt.r, shanghai, nil); err != nil {
					t.Fatal(err)
				}
			}
			if got := sendTimes(NextSend(v, tt.r, next, tt.now)); got != tt.want {
				t.Errorf("NextSend(%s) = %q, want %q", tt.now, got, tt.want)
			}
		})
	}
}

func TestFirstHeld(t *testing.T) {
	v := newTestView(shanghai)
	noQuiet := newTestView(shanghai)
	noQuiet.Settings.QuietStart, noQuiet.Settings.QuietEnd = 0, 0
	now := bj(2026, 11, 21, 10, 0)
	hourly := func(t time.Time) time.Time { return t.Truncate(time.Hour).Add(time.Hour) }
	tests := []struct {
		name string
		v    *BranchView
		r    Reminder
		next NextFunc
		want string
	}{
		{"a branch one-off in quiet hours", v, Reminder{ID: 3, Once: bj(2026, 12, 31, 23, 30)}, nil, "12-31 23:30 → 01-01 07:30"},
		{"a member's own is not held", v, Reminder{ID: 3, Private: true, Once: bj(2026, 12, 31, 23, 30)}, nil, ""},
		{"no quiet hours", noQuiet, Reminder{ID: 3, Once: bj(2026, 12, 31, 23, 30)}, nil, ""},
		{"a one-off outside them", v, Reminder{ID: 3, Once: bj(2026, 12, 31, 21, 30)}, nil, ""},
		{"recurring: the first one held", v, Reminder{ID: 4, Spec: "cron 0 * * * *"}, hourly, "11-21 22:00 → 11-22 07:30"},
		{"recurring never in them", v, Reminder{ID: 4, Spec: "每天21点"}, dailyAt(21), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := tt.next
			if next == nil {
				var err error
				if next, err = ReminderSchedule(tt.r, shanghai, nil); err != nil {
					t.Fatal(err)
				}
			}
			if got := sendTimes(FirstHeld(tt.v, tt.r, next, now)); got != tt.want {
				t.Errorf("FirstHeld() = %q, want %q", got, tt.want)
			}
		})
	}
}
