package scheduler_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

func TestUpcomingAndNextAt(t *testing.T) {
	ctx := context.Background()
	sh := shanghai
	at := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, sh) }
	env := newTestEnv(t, at(2, 12, 0))
	env.src.rules = []rule{{name: "nag", branch: 1, policy: zhibu.PolicyRecurring, next: daily(9, 0, sh)}}
	env.src.once = []zhibu.Occurrence{
		{Key: "now", Branch: branchView(1), FireAt: at(2, 12, 0), Policy: zhibu.PolicyDeadline},
		{Key: "other-branch", Branch: branchView(2), FireAt: at(2, 13, 0), Policy: zhibu.PolicyDeadline},
		{Key: "already", Branch: branchView(1), FireAt: at(2, 14, 0), Policy: zhibu.PolicyDeadline},
		{Key: "b-urgent", Branch: branchView(1), FireAt: at(2, 23, 0), Policy: zhibu.PolicyDeadline, Urgent: true},
		{Key: "a-urgent", Branch: branchView(1), FireAt: at(2, 23, 0), Policy: zhibu.PolicyDeadline, Urgent: true},
		{Key: "custom", Branch: branchView(1), FireAt: at(2, 23, 0), Policy: zhibu.PolicyDeadline},
		// Held until 07:30, after its meeting began: it would be dropped.
		{Key: "meeting", Branch: branchView(1), FireAt: at(2, 23, 30), Policy: zhibu.PolicyEvent, Expires: at(3, 7, 0)},
		{Key: "far", Branch: branchView(1), FireAt: at(5, 10, 0), Policy: zhibu.PolicyDeadline},
	}
	already := []zhibu.Delivery{{Key: "already", BranchID: 1, Outcome: zhibu.DeliverySent}}
	if _, err := env.db.Deliver(ctx, at(2, 11, 0), already); err != nil {
		t.Fatalf("Deliver(already) = %v", err)
	}

	type shown struct {
		Key string
		At  string
	}
	list := func(occs []zhibu.Occurrence) []shown {
		var out []shown
		for _, o := range occs {
			out = append(out, shown{o.Key, o.FireAt.In(sh).Format("01-02 15:04")})
		}
		return out
	}
	all := []shown{{"a-urgent", "03-02 23:00"}, {"b-urgent", "03-02 23:00"}, {"custom", "03-03 07:30"},
		{keyAt("nag", 1, at(3, 9, 0)), "03-03 09:00"}, {keyAt("nag", 1, at(4, 9, 0)), "03-04 09:00"}}
	tests := []struct {
		name    string
		n       int
		horizon time.Duration
		want    []shown
	}{
		{"two days", 10, 48 * time.Hour, all},
		{"first three", 3, 48 * time.Hour, all[:3]},
		{"all of them", 0, 48 * time.Hour, all},
		{"to the morning", 10, 19*time.Hour + 30*time.Minute, all[:3]},
		{"an hour", 10, time.Hour, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := env.engine.Upcoming(ctx, 1, tt.n, tt.horizon)
			if err != nil {
				t.Fatalf("Upcoming() = %v", err)
			}
			if diff := cmp.Diff(tt.want, list(got)); diff != "" {
				t.Errorf("Upcoming(1, %d, %s) (-want +got):\n%s", tt.n, tt.horizon, diff)
			}
		})
	}

	nextTests := []struct {
		horizon time.Duration
		want    time.Time
	}{
		{48 * time.Hour, at(2, 13, 0)},
		{time.Hour, at(2, 13, 0)},
		{59 * time.Minute, time.Time{}},
	}
	for _, tt := range nextTests {
		if got, err := env.engine.NextAt(ctx, tt.horizon); err != nil || !got.Equal(tt.want) {
			t.Errorf("NextAt(%s) = %s, %v; want %s", tt.horizon, got, err, tt.want)
		}
	}
}
