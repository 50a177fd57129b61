package zhibu

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestItemScheduled: a requirement with a meeting of its type scheduled in
// the period and not over is 已安排, not 待召开; one over and not closed is
// 待结束; one held counts whatever else is scheduled; one scheduled in the
// next period leaves this one due.
func TestItemScheduled(t *testing.T) {
	rule := Rule{Type: MeetingCommittee, Cadence: CadenceMonth}
	committee := func(n int, state MeetingState, start time.Time) judged {
		return judged{Meeting: Meeting{ID: int64(n), Number: n, Type: MeetingCommittee, State: state, Start: start,
			End: start.Add(90 * time.Minute)}, counts: state == MeetingClosed}
	}
	nov24, nov28 := bj(2026, 11, 24, 15, 0), bj(2026, 11, 28, 9, 0)
	now := bj(2026, 11, 21, 9, 0)
	tests := []struct {
		name     string
		now      time.Time
		held     []judged
		state    ItemState
		arranged []Arranged
		toClose  []int
	}{
		{"scheduled later in the month", now, []judged{committee(2, MeetingScheduled, nov24)},
			ItemScheduled, []Arranged{{2, nov24}}, nil},
		{"two scheduled, by start", now, []judged{committee(3, MeetingScheduled, nov28), committee(2, MeetingScheduled, nov24)},
			ItemScheduled, []Arranged{{2, nov24}, {3, nov28}}, nil},
		{"in progress", bj(2026, 11, 24, 16, 0), []judged{committee(2, MeetingScheduled, nov24)},
			ItemScheduled, []Arranged{{2, nov24}}, nil},
		{"over and not closed", bj(2026, 11, 24, 17, 0), []judged{committee(2, MeetingScheduled, nov24)},
			ItemToClose, nil, []int{2}},
		{"over, and another to come", bj(2026, 11, 25, 9, 0), []judged{committee(2, MeetingScheduled, nov24), committee(3, MeetingScheduled, nov28)},
			ItemToClose, []Arranged{{3, nov28}}, []int{2}},
		{"held, and another scheduled", now, []judged{committee(1, MeetingClosed, bj(2026, 11, 3, 19, 0)), committee(2, MeetingScheduled, nov24)},
			ItemHeld, []Arranged{{2, nov24}}, nil},
		{"scheduled next month", now, []judged{committee(2, MeetingScheduled, bj(2026, 12, 2, 19, 0))},
			ItemDue, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := item(rule, "", PeriodOf(CadenceMonth, tt.now), tt.held, tt.now)
			if it.State != tt.state {
				t.Errorf("item(%s).State = %s, want %s", tt.name, it.State, tt.state)
			}
			if diff := cmp.Diff(tt.arranged, it.Arranged); diff != "" {
				t.Errorf("item(%s).Arranged mismatch (-want +got):\n%s", tt.name, diff)
			}
			if diff := cmp.Diff(tt.toClose, it.ToClose); diff != "" {
				t.Errorf("item(%s).ToClose mismatch (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}

// TestNoticeComplianceArranged: the 书记's reminder leaves out a
// requirement with a meeting scheduled later in the period; one scheduled
// only next month, or over and never closed, is still due.
func TestNoticeComplianceArranged(t *testing.T) {
	v := newTestView(shanghai)
	fire := bj(2026, 11, 24, 9, 0)
	occ := Occurrence{Key: "compliance:7:2026-11-24", Branch: v, FireAt: fire, Policy: PolicyRecurring,
		Series: "compliance:7:2026-11", Kind: KindCompliance}
	meeting := func(id int64, typ MeetingType, group string, state MeetingState, start time.Time) Meeting {
		return Meeting{ID: id, Number: int(id), BranchID: testBranchID, Type: typ, Group: group, State: state, Start: start}
	}
	held := []Meeting{
		meeting(50, MeetingCommittee, "", MeetingClosed, bj(2026, 11, 10, 19, 0)),
		meeting(51, MeetingThemeDay, "", MeetingClosed, bj(2026, 10, 15, 9, 0)),
	}
	tests := []struct {
		name      string
		arranged  []Meeting
		wantItems []string
	}{
		{"nothing scheduled", nil, []string{"党小组会 第一党小组 2026年11月 6", "主题党日 2026年11月 6"}},
		{"the 主题党日 scheduled", []Meeting{meeting(60, MeetingThemeDay, "", MeetingScheduled, bj(2026, 11, 28, 9, 0))},
			[]string{"党小组会 第一党小组 2026年11月 6"}},
		{"both scheduled: no reminder", []Meeting{
			meeting(60, MeetingThemeDay, "", MeetingScheduled, bj(2026, 11, 28, 9, 0)),
			meeting(61, MeetingGroup, "第一党小组", MeetingScheduled, bj(2026, 11, 24, 19, 0)),
		}, nil},
		{"scheduled next month", []Meeting{meeting(60, MeetingThemeDay, "", MeetingScheduled, bj(2026, 12, 1, 9, 0))},
			[]string{"党小组会 第一党小组 2026年11月 6", "主题党日 2026年11月 6"}},
		{"over and never closed", []Meeting{meeting(60, MeetingThemeDay, "", MeetingScheduled, bj(2026, 11, 20, 9, 0))},
			[]string{"党小组会 第一党小组 2026年11月 6", "主题党日 2026年11月 6"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newTestFacts(fire)
			d.held[testBranchID] = held
			d.arranged = map[int64][]Meeting{testBranchID: tt.arranged}
			for _, m := range held {
				for _, id := range []int64{1, 2, 3, 6, 9} {
					d.heldRecords[m.ID] = append(d.heldRecords[m.ID], Attendance{MeetingID: m.ID, MemberID: id, Expected: true, Outcome: OutcomePresent})
				}
			}
			n := d.notice(occ)
			if diff := cmp.Diff(tt.wantItems, itemsOf(n.Items)); diff != "" {
				t.Errorf("notice(%s) Items mismatch (-want +got):\n%s", tt.name, diff)
			}
			if got := len(n.Private) > 0 || n.Group; got != (len(tt.wantItems) > 0) {
				t.Errorf("notice(%s) sent = %v, want %v", tt.name, got, len(tt.wantItems) > 0)
			}
		})
	}
}
