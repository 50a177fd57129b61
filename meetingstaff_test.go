package zhibu

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSignedAt(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	start := time.Date(2026, 11, 25, 19, 0, 0, 0, shanghai)
	m := Meeting{Start: start, State: MeetingScheduled}
	backfilled := m
	backfilled.Backfilled = true
	closed := m
	closed.State = MeetingClosed
	tests := []struct {
		name string
		m    Meeting
		now  time.Time
		want time.Time
	}{
		{"代签 during the meeting", m, start.Add(20 * time.Minute), start.Add(20 * time.Minute)},
		{"代签 before it starts", m, start.Add(-10 * time.Minute), start.Add(-10 * time.Minute)},
		{"last minute of the window", m, start.Add(CheckInClosesAfter), start.Add(CheckInClosesAfter)},
		{"补签 the next day", m, start.Add(14 * time.Hour), start},
		{"补录 held last week", backfilled, start.Add(7 * 24 * time.Hour), start},
		{"列席 after the close", closed, start.Add(time.Hour), start},
	}
	for _, tt := range tests {
		if got := signedAt(tt.m, tt.now); !got.Equal(tt.want) {
			t.Errorf("%s: signedAt(%v) = %v, want %v", tt.name, tt.now, got, tt.want)
		}
	}
}

func TestPrepareRemove(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	before, _ := st.Members(ctx, b.ID)
	got, err := svc.PrepareRemove(ctx, testChat, secretary, "李组织")
	if err != nil || got.Name != "李组织" || got.Role != RoleOrganizer {
		t.Errorf("PrepareRemove(李组织) = %+v, %v, want the 组织委员", got, err)
	}
	if _, err := svc.PrepareRemove(ctx, testChat, member, "李组织"); !sameError(err, &ForbiddenError{}) {
		t.Errorf("PrepareRemove(by ordinary member) = %v, want ForbiddenError", err)
	}
	if _, err := svc.PrepareRemove(ctx, testChat, secretary, "王书记"); !errors.Is(err, ErrLastSecretary) {
		t.Errorf("PrepareRemove(the only 书记) = %v, want ErrLastSecretary", err)
	}
	var oe *OfficeError
	if _, err := svc.PrepareRemove(ctx, testChat, organizer, "王书记"); !errors.As(err, &oe) || oe.Change != OfficeRemove {
		t.Errorf("PrepareRemove(the 书记, by the 组织委员) = %v, want OfficeError{remove}", err)
	}
	after, _ := st.Members(ctx, b.ID)
	if diff := cmp.Diff(before, after); diff != "" || len(st.log()) != 0 {
		t.Errorf("PrepareRemove changed the roster (-before +after):\n%s\nlog: %v", diff, st.log())
	}
}
