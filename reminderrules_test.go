package zhibu

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestMeetingOccurrences(t *testing.T) {
	v := newTestView(shanghai)
	leads := newTestView(shanghai)
	leads.Settings.LeadTimes = []time.Duration{2 * time.Hour, 30 * time.Minute}
	evening := Meeting{ID: 12, BranchID: testBranchID, Number: 3, Type: MeetingGeneral, State: MeetingScheduled,
		Start: bj(2026, 11, 25, 19, 0)} // unix 1795604400
	late := evening
	late.Start = bj(2026, 11, 25, 23, 0) // unix 1795618800, in quiet hours
	backfilled := evening
	backfilled.Backfilled = true
	// lead and checkIn build the expected occurrences with their exact keys.
	lead := func(v *BranchView, key, series string, fireAt, start time.Time, urgent bool) Occurrence {
		return Occurrence{Key: key, Branch: v, FireAt: fireAt, Policy: PolicyRecurring, Expires: start, Urgent: urgent,
			Series: series, Kind: KindMeetingLead, Ref: 12, Number: 3}
	}
	checkIn := func(v *BranchView, key string, fireAt, expires time.Time) Occurrence {
		return Occurrence{Key: key, Branch: v, FireAt: fireAt, Policy: PolicyEvent, Expires: expires, Urgent: true,
			Kind: KindCheckIn, Ref: 12, Number: 3}
	}
	// closeNag: half an hour after a meeting without an end (taken as 2
	// hours) is over, if still open.
	closeNag := func(v *BranchView, key string, fireAt time.Time) Occurrence {
		return Occurrence{Key: key, Branch: v, FireAt: fireAt, Policy: PolicyDeadline, Expires: fireAt.Add(-30*time.Minute).AddDate(0, 0, 7),
			Kind: KindCloseNag, Ref: 12, Number: 3}
	}
	week := [2]time.Time{bj(2026, 11, 21, 0, 0), bj(2026, 11, 28, 0, 0)}
	tests := []struct {
		name     string
		view     *BranchView
		meeting  Meeting
		from, to time.Time
		want     []Occurrence
	}{
		{
			name: "default leads and check-in", view: v, meeting: evening, from: week[0], to: week[1],
			want: []Occurrence{
				lead(v, "meeting:12:lead:1440:1795604400", "meeting:12:1795604400", bj(2026, 11, 24, 19, 0), evening.Start, false),
				lead(v, "meeting:12:lead:60:1795604400", "meeting:12:1795604400", bj(2026, 11, 25, 18, 0), evening.Start, false),
				checkIn(v, "meeting:12:checkin:1795604400", bj(2026, 11, 25, 18, 30), bj(2026, 11, 25, 21, 0)),
				closeNag(v, "meeting:12:close:1795604400", bj(2026, 11, 25, 21, 30)),
			},
		},
		{
			name: "window starting at the 24-hour lead and ending at the 1-hour lead", view: v, meeting: evening,
			from: bj(2026, 11, 24, 19, 0), to: bj(2026, 11, 25, 18, 0),
			want: []Occurrence{
				lead(v, "meeting:12:lead:1440:1795604400", "meeting:12:1795604400", bj(2026, 11, 24, 19, 0), evening.Start, false),
			},
		},
		{
			name: "window starting a nanosecond after the 24-hour lead", view: v, meeting: evening,
			from: bj(2026, 11, 24, 19, 0).Add(time.Nanosecond), to: bj(2026, 11, 25, 18, 30).Add(time.Nanosecond),
			want: []Occurrence{
				lead(v, "meeting:12:lead:60:1795604400", "meeting:12:1795604400", bj(2026, 11, 25, 18, 0), evening.Start, false),
				checkIn(v, "meeting:12:checkin:1795604400", bj(2026, 11, 25, 18, 30), bj(2026, 11, 25, 21, 0)),
			},
		},
		{
			name: "window after the check-in opened", view: v, meeting: evening,
			from: bj(2026, 11, 25, 18, 31), to: week[1],
			want: []Occurrence{closeNag(v, "meeting:12:close:1795604400", bj(2026, 11, 25, 21, 30))},
		},
		{
			name: "starting in quiet hours, the leads are urgent", view: v, meeting: late, from: week[0], to: week[1],
			want: []Occurrence{
				lead(v, "meeting:12:lead:1440:1795618800", "meeting:12:1795618800", bj(2026, 11, 24, 23, 0), late.Start, true),
				lead(v, "meeting:12:lead:60:1795618800", "meeting:12:1795618800", bj(2026, 11, 25, 22, 0), late.Start, true),
				checkIn(v, "meeting:12:checkin:1795618800", bj(2026, 11, 25, 22, 30), bj(2026, 11, 26, 1, 0)),
				closeNag(v, "meeting:12:close:1795618800", bj(2026, 11, 26, 1, 30)),
			},
		},
		{
			name: "backfilled", view: v, meeting: backfilled, from: week[0], to: week[1],
		},
		{
			name: "the branch's own lead times", view: leads, meeting: evening, from: week[0], to: week[1],
			want: []Occurrence{
				lead(leads, "meeting:12:lead:120:1795604400", "meeting:12:1795604400", bj(2026, 11, 25, 17, 0), evening.Start, false),
				lead(leads, "meeting:12:lead:30:1795604400", "meeting:12:1795604400", bj(2026, 11, 25, 18, 30), evening.Start, false),
				checkIn(leads, "meeting:12:checkin:1795604400", bj(2026, 11, 25, 18, 30), bj(2026, 11, 25, 21, 0)),
				closeNag(leads, "meeting:12:close:1795604400", bj(2026, 11, 25, 21, 30)),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := meetingOccurrences(tt.view, tt.meeting, tt.from, tt.to)
			if diff := cmp.Diff(tt.want, got, sameView); diff != "" {
				t.Errorf("meetingOccurrences(#%d at %s, %s, %s) mismatch (-want +got):\n%s",
					tt.meeting.Number, tt.meeting.Start, tt.from, tt.to, diff)
			}
		})
	}
}

// TestMeetingAtQuietEndKeepsItsLastLead: a meeting at 07:30, when quiet
// hours end, still gets its 1-hour lead (06:30, in quiet hours): holding it
// to 07:30 would reach the meeting, so it is urgent.
func TestMeetingAtQuietEndKeepsItsLastLead(t *testing.T) {
	v := newTestView(shanghai)
	m := Meeting{ID: 12, BranchID: testBranchID, Number: 3, State: MeetingScheduled, Start: bj(2026, 11, 25, 7, 30)}
	occs := meetingOccurrences(v, m, bj(2026, 11, 25, 6, 0), bj(2026, 11, 25, 7, 0))
	if len(occs) != 1 {
		t.Fatalf("meetingOccurrences(#3 at 07:30, 06:00, 07:00) = %v, want the 1-hour lead", keysOf(occs))
	}
	for _, now := range []time.Time{bj(2026, 11, 25, 6, 30), bj(2026, 11, 25, 7, 29), bj(2026, 11, 25, 7, 30)} {
		tr := TriageAt(occs, now, 10*time.Minute)
		if len(tr.Send) == 1 {
			return
		}
	}
	t.Errorf("TriageAt(%s) at 06:30, 07:29 and 07:30 never sent it", occs[0].Key)
}

func TestPledgeOccurrences(t *testing.T) {
	v := newTestView(shanghai)
	deadline := bj(2026, 12, 1, 23, 59) // unix 1796140740
	p := Pledge{ID: 5, BranchID: testBranchID, Number: 2, MemberID: 3, State: PledgePublished, Deadline: deadline}
	inUTC := p
	inUTC.Deadline = deadline.UTC() // as the store returns it
	due := func(key string, fireAt time.Time) Occurrence {
		return Occurrence{Key: key, Branch: v, FireAt: fireAt, Policy: PolicyDeadline, Expires: deadline,
			Kind: KindPledgeDue, Ref: 5, Number: 2}
	}
	digest := func(key string, fireAt, expires time.Time) Occurrence {
		return Occurrence{Key: key, Branch: v, FireAt: fireAt, Policy: PolicyDeadline, Expires: expires, Kind: KindPledgeDigest}
	}
	sevenDays := []Occurrence{
		due("pledge:5:7d:1796140740", bj(2026, 11, 24, 9, 0)),
		digest("pledge_digest:7:2026-11-24", bj(2026, 11, 24, 9, 0), bj(2026, 11, 25, 9, 0)),
	}
	oneDay := []Occurrence{
		due("pledge:5:1d:1796140740", bj(2026, 11, 30, 9, 0)),
		digest("pledge_digest:7:2026-11-30", bj(2026, 11, 30, 9, 0), bj(2026, 12, 1, 9, 0)),
	}
	tests := []struct {
		name     string
		pledge   Pledge
		from, to time.Time
		want     []Occurrence
	}{
		{"7 and 1 days before", p, bj(2026, 11, 21, 0, 0), bj(2026, 12, 2, 0, 0), slices.Concat(sevenDays, oneDay)},
		{"deadline stored in UTC", inUTC, bj(2026, 11, 21, 0, 0), bj(2026, 12, 2, 0, 0), slices.Concat(sevenDays, oneDay)},
		{"window starting at the 1-day reminder", p, bj(2026, 11, 30, 9, 0), bj(2026, 12, 2, 0, 0), oneDay},
		{"window ending at the 1-day reminder", p, bj(2026, 11, 21, 0, 0), bj(2026, 11, 30, 9, 0), sevenDays},
		{"window starting a nanosecond after the 1-day reminder", p, bj(2026, 11, 30, 9, 0).Add(time.Nanosecond), bj(2026, 12, 2, 0, 0), nil},
		{"no deadline", Pledge{ID: 6, BranchID: testBranchID, Number: 3, State: PledgePublished}, bj(2026, 11, 21, 0, 0), bj(2026, 12, 2, 0, 0), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pledgeOccurrences(v, tt.pledge, tt.from, tt.to)
			if diff := cmp.Diff(tt.want, got, sameView); diff != "" {
				t.Errorf("pledgeOccurrences(#%d due %s, %s, %s) mismatch (-want +got):\n%s",
					tt.pledge.Number, tt.pledge.Deadline, tt.from, tt.to, diff)
			}
		})
	}
}

func TestCallOccurrences(t *testing.T) {
	v := newTestView(shanghai)
	deadline := bj(2026, 12, 1, 23, 59) // unix 1796140740
	c := PledgeCall{ID: 4, BranchID: testBranchID, Number: 1, Deadline: deadline, MessageID: 99}
	nag := func(key string, fireAt time.Time) Occurrence {
		return Occurrence{Key: key, Branch: v, FireAt: fireAt, Policy: PolicyDeadline, Expires: deadline,
			Kind: KindCallNag, Ref: 4, Number: 1}
	}
	noDeadline, notPosted := c, c
	noDeadline.Deadline, notPosted.MessageID = time.Time{}, 0
	from, to := bj(2026, 11, 21, 0, 0), bj(2026, 12, 2, 0, 0)
	tests := []struct {
		name     string
		call     PledgeCall
		from, to time.Time
		want     []Occurrence
	}{
		{"3 and 1 days before", c, from, to, []Occurrence{
			nag("call:4:3d:1796140740", bj(2026, 11, 28, 9, 0)),
			nag("call:4:1d:1796140740", bj(2026, 11, 30, 9, 0)),
		}},
		{"window ending at the 1-day nag", c, from, bj(2026, 11, 30, 9, 0), []Occurrence{
			nag("call:4:3d:1796140740", bj(2026, 11, 28, 9, 0)),
		}},
		{"no deadline", noDeadline, from, to, nil},
		{"not posted yet", notPosted, from, to, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := callOccurrences(v, tt.call, tt.from, tt.to)
			if diff := cmp.Diff(tt.want, got, sameView); diff != "" {
				t.Errorf("callOccurrences(#%d due %s message %d, %s, %s) mismatch (-want +got):\n%s",
					tt.call.Number, tt.call.Deadline, tt.call.MessageID, tt.from, tt.to, diff)
			}
		})
	}
}

func TestStageOccurrences(t *testing.T) {
	v := newTestView(shanghai)
	// The stage runs 2026-11-01 to 2026-11-30: End is the midnight after.
	s := Stage{ID: 9, BranchID: testBranchID, Number: 2, Name: "学习动员", Start: bj(2026, 11, 1, 0, 0), End: bj(2026, 12, 1, 0, 0)}
	inUTC := s
	inUTC.Start, inUTC.End = s.Start.UTC(), s.End.UTC() // as the store returns them
	occ := func(key string, fireAt time.Time, p Policy, expires time.Time, kind OccurrenceKind) Occurrence {
		return Occurrence{Key: key, Branch: v, FireAt: fireAt, Policy: p, Expires: expires, Kind: kind, Ref: 9, Number: 2}
	}
	all := []Occurrence{
		occ("stage:9:start", bj(2026, 11, 1, 9, 0), PolicyEvent, s.End, KindStageStart),
		// 7, 3 and 1 days before the last day (11-30): DaysLeft says so.
		occ("stage:9:7d", bj(2026, 11, 23, 9, 0), PolicyDeadline, s.End, KindStageSoon),
		occ("stage:9:3d", bj(2026, 11, 27, 9, 0), PolicyDeadline, s.End, KindStageSoon),
		occ("stage:9:1d", bj(2026, 11, 29, 9, 0), PolicyDeadline, s.End, KindStageSoon),
		occ("stage:9:summary", bj(2026, 12, 1, 9, 0), PolicyDeadline, bj(2026, 12, 8, 0, 0), KindStageSummary),
	}
	tests := []struct {
		name     string
		stage    Stage
		from, to time.Time
		want     []Occurrence
	}{
		{"the whole stage", s, bj(2026, 10, 31, 0, 0), bj(2026, 12, 2, 0, 0), all},
		{"stored in UTC", inUTC, bj(2026, 10, 31, 0, 0), bj(2026, 12, 2, 0, 0), all},
		{"the last week", s, bj(2026, 11, 23, 9, 0), bj(2026, 12, 1, 9, 0), all[1:4]},
		{"after the summary", s, bj(2026, 12, 1, 9, 1), bj(2026, 12, 9, 0, 0), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := stageOccurrences(v, tt.stage, tt.from, tt.to)
			if diff := cmp.Diff(tt.want, got, sameView); diff != "" {
				t.Errorf("stageOccurrences(%s %s–%s, %s, %s) mismatch (-want +got):\n%s",
					tt.stage.Name, tt.stage.Start, tt.stage.End, tt.from, tt.to, diff)
			}
		})
	}
}

// TestStageOccurrencesAcrossDaylightSaving: lead days are counted on the
// branch's calendar, not in UTC as stored, so a daylight saving change
// does not move a reminder to the day before.
func TestStageOccurrencesAcrossDaylightSaving(t *testing.T) {
	newYork := mustLoadLocation("America/New_York")
	v := newTestView(newYork)
	ny := func(mo time.Month, d, h int) time.Time { return time.Date(2026, mo, d, h, 0, 0, 0, newYork) }
	s := Stage{ID: 9, BranchID: testBranchID, Number: 2, Start: ny(3, 1, 0).UTC(), End: ny(3, 10, 0).UTC()}
	got := map[string]time.Time{}
	for _, o := range stageOccurrences(v, s, ny(2, 28, 0), ny(3, 12, 0)) {
		got[o.Key] = o.FireAt
	}
	want := map[string]time.Time{
		"stage:9:start": ny(3, 1, 9), "stage:9:7d": ny(3, 2, 9), "stage:9:3d": ny(3, 6, 9),
		"stage:9:1d": ny(3, 8, 9), "stage:9:summary": ny(3, 10, 9),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stageOccurrences(New York, 03-01–03-10 in UTC) fire times mismatch (-want +got):\n%s", diff)
	}
}

func TestDaysToMonthEnd(t *testing.T) {
	newYork := mustLoadLocation("America/New_York")
	tests := []struct {
		day  time.Time
		want int
	}{
		{bj(2026, 11, 30, 9, 0), 0},
		{bj(2026, 11, 30, 23, 59), 0},
		{bj(2026, 11, 28, 9, 0), 2},
		{bj(2026, 11, 24, 9, 0), 6},
		{bj(2026, 11, 23, 9, 0), 7},
		{bj(2026, 11, 1, 0, 0), 29},
		{bj(2026, 12, 31, 9, 0), 0},
		{bj(2027, 2, 28, 9, 0), 0},
		{bj(2027, 2, 22, 9, 0), 6},
		{bj(2028, 2, 29, 9, 0), 0},
		{bj(2028, 2, 28, 9, 0), 1},
		{time.Date(2026, 3, 1, 9, 0, 0, 0, newYork), 30},  // the month clocks spring forward
		{time.Date(2026, 11, 1, 9, 0, 0, 0, newYork), 29}, // and fall back
		{bj(2026, 12, 1, 7, 0).UTC(), 0},                  // 2026-11-30 23:00 UTC: the calendar of the time's own zone
	}
	for _, tt := range tests {
		t.Run(tt.day.Format("2006-01-02 15:04 MST"), func(t *testing.T) {
			if got := DaysToMonthEnd(tt.day); got != tt.want {
				t.Errorf("DaysToMonthEnd(%s) = %d, want %d", tt.day, got, tt.want)
			}
		})
	}
}

func TestCalendarOccurrences(t *testing.T) {
	v := newTestView(shanghai)
	compliance := func(day int) Occurrence {
		return Occurrence{Key: fmt.Sprintf("compliance:7:2026-11-%02d", day), Branch: v, FireAt: bj(2026, 11, day, 9, 0),
			Policy: PolicyRecurring, Series: "compliance:7:2026-11", Kind: KindCompliance}
	}
	overdue := func(day int) Occurrence {
		return Occurrence{Key: fmt.Sprintf("pledge_overdue:7:2026-11-%02d", day), Branch: v, FireAt: bj(2026, 11, day, 9, 0),
			Policy: PolicyRecurring, Series: "pledge_overdue:7", Kind: KindOverdueDigest}
	}
	want := []Occurrence{
		{Key: "absence:7:2026-11", Branch: v, FireAt: bj(2026, 11, 1, 9, 0), Policy: PolicyDeadline,
			Expires: bj(2026, 12, 1, 9, 0), Kind: KindAbsence},
		overdue(2), overdue(9), overdue(16),
		compliance(23), overdue(23),
		compliance(27), compliance(29), overdue(30),
		{Key: "absence:7:2026-12", Branch: v, FireAt: bj(2026, 12, 1, 9, 0), Policy: PolicyDeadline,
			Expires: bj(2027, 1, 1, 9, 0), Kind: KindAbsence},
	}
	from, to := bj(2026, 11, 1, 0, 0), bj(2026, 12, 2, 0, 0)
	got := calendarOccurrences(v, from, to)
	SortOccurrences(got)
	if diff := cmp.Diff(want, got, sameView); diff != "" {
		t.Errorf("calendarOccurrences(%s, %s) mismatch (-want +got):\n%s", from, to, diff)
	}
}

// firing is an occurrence by key, series and fire time on the branch's
// clock.
type firing struct {
	Key, Series, At string
}

func firingsOf(occs []Occurrence, kind OccurrenceKind) []firing {
	var out []firing
	for _, o := range occs {
		if o.Kind == kind {
			out = append(out, firing{o.Key, o.Series, o.FireAt.In(o.Branch.Location()).Format("2006-01-02 15:04 MST")})
		}
	}
	return out
}

func TestCalendarOccurrencesByMonth(t *testing.T) {
	newYork := mustLoadLocation("America/New_York")
	tests := []struct {
		name     string
		view     *BranchView
		from, to time.Time
		kind     OccurrenceKind
		want     []firing
	}{
		{"compliance in February", newTestView(shanghai), bj(2027, 2, 1, 0, 0), bj(2027, 3, 1, 0, 0), KindCompliance, []firing{
			{"compliance:7:2027-02-21", "compliance:7:2027-02", "2027-02-21 09:00 CST"},
			{"compliance:7:2027-02-25", "compliance:7:2027-02", "2027-02-25 09:00 CST"},
			{"compliance:7:2027-02-27", "compliance:7:2027-02", "2027-02-27 09:00 CST"},
		}},
		{"compliance in a leap February", newTestView(shanghai), bj(2028, 2, 1, 0, 0), bj(2028, 3, 1, 0, 0), KindCompliance, []firing{
			{"compliance:7:2028-02-22", "compliance:7:2028-02", "2028-02-22 09:00 CST"},
			{"compliance:7:2028-02-26", "compliance:7:2028-02", "2028-02-26 09:00 CST"},
			{"compliance:7:2028-02-28", "compliance:7:2028-02", "2028-02-28 09:00 CST"},
		}},
		{"compliance in a 31-day month, into the next", newTestView(shanghai), bj(2026, 12, 1, 0, 0), bj(2027, 1, 26, 0, 0), KindCompliance, []firing{
			{"compliance:7:2026-12-24", "compliance:7:2026-12", "2026-12-24 09:00 CST"},
			{"compliance:7:2026-12-28", "compliance:7:2026-12", "2026-12-28 09:00 CST"},
			{"compliance:7:2026-12-30", "compliance:7:2026-12", "2026-12-30 09:00 CST"},
			{"compliance:7:2027-01-24", "compliance:7:2027-01", "2027-01-24 09:00 CST"},
		}},
		{"a window starting at 09:00 includes that morning", newTestView(shanghai), bj(2026, 11, 23, 9, 0), bj(2026, 11, 24, 0, 0), KindCompliance, []firing{
			{"compliance:7:2026-11-23", "compliance:7:2026-11", "2026-11-23 09:00 CST"},
		}},
		{"a window starting after 09:00 does not", newTestView(shanghai), bj(2026, 11, 23, 9, 0).Add(time.Nanosecond), bj(2026, 11, 24, 0, 0), KindCompliance, nil},
		{"a window ending at 09:00 does not", newTestView(shanghai), bj(2026, 11, 22, 0, 0), bj(2026, 11, 23, 9, 0), KindCompliance, nil},
		{"absence on the 1st, across a year", newTestView(shanghai), bj(2026, 12, 1, 0, 0), bj(2027, 2, 1, 9, 1), KindAbsence, []firing{
			{"absence:7:2026-12", "", "2026-12-01 09:00 CST"},
			{"absence:7:2027-01", "", "2027-01-01 09:00 CST"},
			{"absence:7:2027-02", "", "2027-02-01 09:00 CST"},
		}},
		{"New York, on its own clock", newTestView(newYork), bj(2026, 11, 29, 0, 0), bj(2026, 12, 2, 0, 0), KindOverdueDigest, []firing{
			{"pledge_overdue:7:2026-11-30", "pledge_overdue:7", "2026-11-30 09:00 EST"},
		}},
		{"New York, the 1st", newTestView(newYork), bj(2026, 11, 29, 0, 0), bj(2026, 12, 2, 0, 0), KindAbsence, []firing{
			{"absence:7:2026-12", "", "2026-12-01 09:00 EST"},
		}},
		{"New York, the day before the last", newTestView(newYork), bj(2026, 11, 29, 0, 0), bj(2026, 12, 2, 0, 0), KindCompliance, []firing{
			{"compliance:7:2026-11-29", "compliance:7:2026-11", "2026-11-29 09:00 EST"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := calendarOccurrences(tt.view, tt.from, tt.to)
			SortOccurrences(got)
			if diff := cmp.Diff(tt.want, firingsOf(got, tt.kind)); diff != "" {
				t.Errorf("calendarOccurrences(%s, %s, %s) %s mismatch (-want +got):\n%s",
					tt.view.TimeZone, tt.from, tt.to, tt.kind, diff)
			}
		})
	}
}

// everyMinute is a schedule firing at each whole minute.
func everyMinute(t time.Time) time.Time { return t.Truncate(time.Minute).Add(time.Minute) }

// dailyAt is a schedule firing each day at h:00 in Beijing.
func dailyAt(h int) NextFunc {
	return func(t time.Time) time.Time {
		t = t.In(shanghai)
		at := time.Date(t.Year(), t.Month(), t.Day(), h, 0, 0, 0, shanghai)
		if !at.After(t) {
			at = at.AddDate(0, 0, 1)
		}
		return at
	}
}

func TestCustomOccurrences(t *testing.T) {
	v := newTestView(shanghai)
	once := Reminder{ID: 3, BranchID: testBranchID, Number: 1, Text: "交党费", Once: bj(2026, 11, 25, 20, 0)} // unix 1795608000
	daily := Reminder{ID: 4, BranchID: testBranchID, Number: 2, Text: "学习强国", Spec: "每天20点"}
	mine := once
	mine.Private = true
	paused := daily
	paused.Paused = true
	onceNext, err := ReminderSchedule(once, shanghai, nil)
	if err != nil {
		t.Fatalf("ReminderSchedule(once) = %v", err)
	}
	recurring := func(key string, at time.Time) Occurrence {
		return Occurrence{Key: key, Branch: v, FireAt: at, Policy: PolicyRecurring, Series: "custom:4",
			Kind: KindCustom, Ref: 4, Number: 2, Title: "学习强国"}
	}
	tests := []struct {
		name     string
		reminder Reminder
		next     NextFunc
		from, to time.Time
		want     []Occurrence
	}{
		{"one-off", once, onceNext, bj(2026, 11, 21, 0, 0), bj(2026, 11, 28, 0, 0), []Occurrence{
			{Key: "custom:3:1795608000", Branch: v, FireAt: bj(2026, 11, 25, 20, 0), Policy: PolicyOnce,
				Expires: bj(2026, 12, 2, 20, 0), Kind: KindCustom, Ref: 3, Number: 1, Title: "交党费"},
		}},
		{"one-off at the window's start", once, onceNext, bj(2026, 11, 25, 20, 0), bj(2026, 11, 28, 0, 0), []Occurrence{
			{Key: "custom:3:1795608000", Branch: v, FireAt: bj(2026, 11, 25, 20, 0), Policy: PolicyOnce,
				Expires: bj(2026, 12, 2, 20, 0), Kind: KindCustom, Ref: 3, Number: 1, Title: "交党费"},
		}},
		{"a member's own one-off: urgent, its text hidden", mine, onceNext, bj(2026, 11, 21, 0, 0), bj(2026, 11, 28, 0, 0), []Occurrence{
			{Key: "custom:3:1795608000", Branch: v, FireAt: bj(2026, 11, 25, 20, 0), Policy: PolicyOnce,
				Expires: bj(2026, 12, 2, 20, 0), Urgent: true, Kind: KindCustom, Ref: 3, Number: 1},
		}},
		{"one-off at the window's end", once, onceNext, bj(2026, 11, 21, 0, 0), bj(2026, 11, 25, 20, 0), nil},
		{"one-off past", once, onceNext, bj(2026, 11, 26, 0, 0), bj(2026, 11, 28, 0, 0), nil},
		{"recurring", daily, dailyAt(20), bj(2026, 11, 21, 10, 0), bj(2026, 11, 24, 10, 0), []Occurrence{
			recurring("custom:4:1795262400", bj(2026, 11, 21, 20, 0)),
			recurring("custom:4:1795348800", bj(2026, 11, 22, 20, 0)),
			recurring("custom:4:1795435200", bj(2026, 11, 23, 20, 0)),
		}},
		{"recurring, from its time", daily, dailyAt(20), bj(2026, 11, 21, 20, 0), bj(2026, 11, 22, 20, 0), []Occurrence{
			recurring("custom:4:1795262400", bj(2026, 11, 21, 20, 0)),
		}},
		{"paused", paused, dailyAt(20), bj(2026, 11, 21, 10, 0), bj(2026, 11, 24, 10, 0), nil},
		{"never fires", daily, func(time.Time) time.Time { return time.Time{} }, bj(2026, 11, 21, 10, 0), bj(2026, 11, 24, 10, 0), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := customOccurrences(v, tt.reminder, tt.next, tt.from, tt.to)
			if diff := cmp.Diff(tt.want, got, sameView); diff != "" {
				t.Errorf("customOccurrences(#%d, %s, %s) mismatch (-want +got):\n%s",
					tt.reminder.Number, tt.from, tt.to, diff)
			}
		})
	}
}

func TestCustomOccurrencesBounded(t *testing.T) {
	v := newTestView(shanghai)
	r := Reminder{ID: 4, BranchID: testBranchID, Number: 2, Text: "打卡", Spec: "cron * * * * *"}
	from, to := bj(2026, 11, 21, 10, 0), bj(2026, 11, 23, 10, 0) // 2880 minutes
	got := customOccurrences(v, r, everyMinute, from, to)
	if len(got) != maxRecurrenceSteps {
		t.Fatalf("customOccurrences(every minute, %s, %s) = %d occurrences, want %d", from, to, len(got), maxRecurrenceSteps)
	}
	if first, last := got[0].FireAt, got[len(got)-1].FireAt; !first.Equal(from) || !last.Equal(from.Add(999*time.Minute)) {
		t.Errorf("customOccurrences(every minute, %s, %s) = %s … %s, want %s … %s",
			from, to, first, last, from, from.Add(999*time.Minute))
	}
}

// TestCustomOccurrencesWindowStart: a window starting within the second
// after a fire time (the engine lists from now+1ns) does not include it.
func TestCustomOccurrencesWindowStart(t *testing.T) {
	v := newTestView(shanghai)
	r := Reminder{ID: 4, BranchID: testBranchID, Number: 2, Text: "学习强国", Spec: "每天20点"}
	from, to := bj(2026, 11, 21, 20, 0).Add(time.Nanosecond), bj(2026, 11, 22, 10, 0)
	if got := customOccurrences(v, r, dailyAt(20), from, to); len(got) != 0 {
		t.Errorf("customOccurrences(daily 20:00, %s, %s) = %v at %s, want none", from, to, keysOf(got), got[0].FireAt)
	}
}

// TestStageSoonNotBeforeItsStart: a stage shorter than 7 days has no "7
// days left" before it starts.
func TestStageSoonNotBeforeItsStart(t *testing.T) {
	v := newTestView(shanghai)
	s := Stage{ID: 9, BranchID: testBranchID, Number: 2, Start: bj(2026, 11, 1, 0, 0), End: bj(2026, 11, 4, 0, 0)}
	for _, o := range stageOccurrences(v, s, bj(2026, 10, 1, 0, 0), bj(2026, 12, 1, 0, 0)) {
		if o.Kind == KindStageSoon && o.FireAt.Before(bj(2026, 11, 1, 9, 0)) {
			t.Errorf("stageOccurrences(11-01–11-03) has %s at %s, before the stage starts", o.Key, o.FireAt)
		}
	}
}

// TestCallNagNotBeforeThePost: a call posted 11-29 10:00 due 12-01 has no
// 3-day nag of 11-28 (it would go late right after the post, naming everyone).
func TestCallNagNotBeforeThePost(t *testing.T) {
	v := newTestView(shanghai)
	c := PledgeCall{ID: 4, BranchID: testBranchID, Number: 1, Deadline: bj(2026, 12, 1, 23, 59), MessageID: 99,
		CreatedAt: bj(2026, 11, 29, 10, 0)}
	for _, o := range callOccurrences(v, c, bj(2026, 11, 27, 22, 0), bj(2026, 11, 29, 10, 1)) {
		if o.FireAt.Before(c.CreatedAt) {
			t.Errorf("callOccurrences(posted %s) has %s at %s, before the call was posted", c.CreatedAt, o.Key, o.FireAt)
		}
	}
}

// TestNothingBeforeItExisted: no reminder is due before what it reminds of
// existed — the trial saw each of these sent "late" the moment it was made.
func TestNothingBeforeItExisted(t *testing.T) {
	v := newTestView(shanghai)
	from, to := bj(2026, 11, 20, 0, 0), bj(2026, 11, 23, 0, 0)
	// A meeting published at 20:00 the evening before its 19:00 start: no
	// 24-hour lead (19:00 that evening), the 1-hour lead and check-in stay.
	m := Meeting{ID: 1, BranchID: testBranchID, Number: 1, State: MeetingScheduled, Start: bj(2026, 11, 22, 19, 0),
		CreatedAt: bj(2026, 11, 21, 20, 0), UpdatedAt: bj(2026, 11, 21, 20, 0)}
	for _, o := range meetingOccurrences(v, m, from, to) {
		if o.FireAt.Before(m.CreatedAt) {
			t.Errorf("meeting published %s has %s at %s", m.CreatedAt, o.Key, o.FireAt)
		}
	}
	if n := len(meetingOccurrences(v, m, from, to)); n != 3 {
		t.Errorf("meeting published the evening before: %d occurrences, want the 1-hour lead, the check-in and the close", n)
	}
	// "Every day at 8" set at 12:30 first fires tomorrow.
	r := Reminder{ID: 3, BranchID: testBranchID, Spec: "0 8 * * *", CreatedAt: bj(2026, 11, 21, 12, 30),
		UpdatedAt: bj(2026, 11, 21, 12, 30)}
	got := customOccurrences(v, r, dailyAt(8), bj(2026, 11, 21, 0, 0), to)
	if len(got) != 1 || !got[0].FireAt.Equal(bj(2026, 11, 22, 8, 0)) {
		t.Errorf("daily 08:00 set at 12:30: %v, want only tomorrow's", keysOf(got))
	}
	// A pledge under review, or returned, is not reminded; once published
	// it is, from then on.
	p := Pledge{ID: 5, BranchID: testBranchID, Number: 2, Deadline: bj(2026, 11, 28, 23, 59), State: PledgePending,
		CreatedAt: bj(2026, 11, 1, 10, 0), UpdatedAt: bj(2026, 11, 1, 10, 0)}
	window := func() []Occurrence { return pledgeOccurrences(v, p, bj(2026, 11, 20, 0, 0), bj(2026, 11, 29, 0, 0)) }
	for _, st := range []PledgeState{PledgePending, PledgeReturned, PledgeClaimed, PledgeFulfilled} {
		p.State = st
		if got := window(); len(got) != 0 {
			t.Errorf("a pledge %s is reminded: %v", st, keysOf(got))
		}
	}
	p.State, p.UpdatedAt = PledgePublished, bj(2026, 11, 22, 15, 0) // published after its 7-day reminder (11-21 09:00)
	for _, o := range window() {
		if o.FireAt.Before(p.UpdatedAt) {
			t.Errorf("pledge published %s has %s at %s", p.UpdatedAt, o.Key, o.FireAt)
		}
	}
	if n := len(window()); n != 2 {
		t.Errorf("published pledge: %d occurrences, want the 1-day reminder and its digest", n)
	}
	// A branch set up on the 28th has no "7 days left" of the 24th.
	b := newTestView(shanghai)
	b.CreatedAt = bj(2026, 11, 28, 10, 0)
	for _, o := range calendarOccurrences(b, bj(2026, 11, 20, 0, 0), bj(2026, 12, 1, 0, 0)) {
		if o.FireAt.Before(b.CreatedAt) {
			t.Errorf("branch set up %s has %s at %s", b.CreatedAt, o.Key, o.FireAt)
		}
	}
}
