package zhibu

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// shanghai is the zone of the test branches unless a test says otherwise.
var shanghai = mustLoadLocation("Asia/Shanghai")

// testBranchID is the id of the branch of the rule tests.
const testBranchID int64 = 7

// newTestView returns branch 7 (chat -100) in loc with the default
// settings: quiet hours 22:00–07:30, meeting leads 24 h and 1 h.
func newTestView(loc *time.Location) *BranchView {
	return &BranchView{Branch: Branch{ID: testBranchID, ChatID: -100, TimeZone: loc.String(), Loc: loc},
		Settings: DefaultSettings()}
}

// bj is a wall-clock time in Beijing.
func bj(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, shanghai)
}

// sameView compares BranchViews by identity: an occurrence carries the view
// it was listed with.
var sameView = cmp.Comparer(func(a, b *BranchView) bool { return a == b })

func TestBranchViewQuiet(t *testing.T) {
	newYork := mustLoadLocation("America/New_York")
	tests := []struct {
		name       string
		loc        *time.Location
		start, end int // minutes after local midnight
		at         time.Time
		wantQuiet  bool
		wantEnd    time.Time
	}{
		{"night, a minute before", shanghai, 22 * 60, 7*60 + 30, bj(2026, 11, 21, 21, 59), false, bj(2026, 11, 22, 7, 30)},
		{"night, at the start", shanghai, 22 * 60, 7*60 + 30, bj(2026, 11, 21, 22, 0), true, bj(2026, 11, 22, 7, 30)},
		{"night, after midnight", shanghai, 22 * 60, 7*60 + 30, bj(2026, 11, 22, 0, 0), true, bj(2026, 11, 22, 7, 30)},
		{"night, a minute before the end", shanghai, 22 * 60, 7*60 + 30, bj(2026, 11, 22, 7, 29), true, bj(2026, 11, 22, 7, 30)},
		{"night, at the end", shanghai, 22 * 60, 7*60 + 30, bj(2026, 11, 22, 7, 30), false, bj(2026, 11, 23, 7, 30)},
		{"night, seconds before the end", shanghai, 22 * 60, 7*60 + 30, bj(2026, 11, 22, 7, 29).Add(59 * time.Second), true, bj(2026, 11, 22, 7, 30)},
		{"night, at the last day of a month", shanghai, 22 * 60, 7*60 + 30, bj(2026, 11, 30, 23, 0), true, bj(2026, 12, 1, 7, 30)},
		{"daytime, before", shanghai, 12 * 60, 14 * 60, bj(2026, 11, 21, 11, 59), false, bj(2026, 11, 21, 14, 0)},
		{"daytime, at the start", shanghai, 12 * 60, 14 * 60, bj(2026, 11, 21, 12, 0), true, bj(2026, 11, 21, 14, 0)},
		{"daytime, inside", shanghai, 12 * 60, 14 * 60, bj(2026, 11, 21, 13, 59), true, bj(2026, 11, 21, 14, 0)},
		{"daytime, at the end", shanghai, 12 * 60, 14 * 60, bj(2026, 11, 21, 14, 0), false, bj(2026, 11, 22, 14, 0)},
		{"daytime, at midnight", shanghai, 12 * 60, 14 * 60, bj(2026, 11, 21, 0, 0), false, bj(2026, 11, 21, 14, 0)},
		{"none, at night", shanghai, 22 * 60, 22 * 60, bj(2026, 11, 21, 23, 0), false, bj(2026, 11, 21, 23, 0)},
		{"none, at the would-be start", shanghai, 22 * 60, 22 * 60, bj(2026, 11, 21, 22, 0), false, bj(2026, 11, 21, 22, 0)},
		// 2026-11-21 10:00 in Beijing is 2026-11-20 21:00 in New York.
		{"New York, 21:59 there", newYork, 22 * 60, 7*60 + 30, bj(2026, 11, 21, 10, 59), false, bj(2026, 11, 21, 20, 30)},
		{"New York, 22:00 there", newYork, 22 * 60, 7*60 + 30, bj(2026, 11, 21, 11, 0), true, bj(2026, 11, 21, 20, 30)},
		{"New York, 07:29 there", newYork, 22 * 60, 7*60 + 30, bj(2026, 11, 21, 20, 29), true, bj(2026, 11, 21, 20, 30)},
		{"New York, 07:30 there", newYork, 22 * 60, 7*60 + 30, bj(2026, 11, 21, 20, 30), false, bj(2026, 11, 22, 20, 30)},
		{"New York, the night clocks spring forward", newYork, 22 * 60, 7*60 + 30,
			time.Date(2026, 3, 8, 1, 0, 0, 0, newYork), true, time.Date(2026, 3, 8, 7, 30, 0, 0, newYork)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newTestView(tt.loc)
			v.Settings.QuietStart, v.Settings.QuietEnd = tt.start, tt.end
			if got := v.Quiet(tt.at); got != tt.wantQuiet {
				t.Errorf("Quiet(%s) = %v, want %v", tt.at.In(tt.loc), got, tt.wantQuiet)
			}
			if got := v.QuietEnd(tt.at); !got.Equal(tt.wantEnd) {
				t.Errorf("QuietEnd(%s) = %s, want %s", tt.at.In(tt.loc), got.In(tt.loc), tt.wantEnd.In(tt.loc))
			}
		})
	}
}

func TestOccurrenceSendAt(t *testing.T) {
	noQuiet := newTestView(shanghai)
	noQuiet.Settings.QuietStart, noQuiet.Settings.QuietEnd = 0, 0
	tests := []struct {
		name   string
		view   *BranchView
		fireAt time.Time
		urgent bool
		want   time.Time
	}{
		{"daytime", newTestView(shanghai), bj(2026, 11, 21, 10, 0), false, bj(2026, 11, 21, 10, 0)},
		{"a minute before quiet hours", newTestView(shanghai), bj(2026, 11, 21, 21, 59), false, bj(2026, 11, 21, 21, 59)},
		{"at the start of quiet hours", newTestView(shanghai), bj(2026, 11, 21, 22, 0), false, bj(2026, 11, 22, 7, 30)},
		{"in quiet hours after midnight", newTestView(shanghai), bj(2026, 11, 22, 3, 0), false, bj(2026, 11, 22, 7, 30)},
		{"at the end of quiet hours", newTestView(shanghai), bj(2026, 11, 22, 7, 30), false, bj(2026, 11, 22, 7, 30)},
		{"urgent in quiet hours", newTestView(shanghai), bj(2026, 11, 21, 23, 0), true, bj(2026, 11, 21, 23, 0)},
		{"no quiet hours", noQuiet, bj(2026, 11, 21, 23, 0), false, bj(2026, 11, 21, 23, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Occurrence{Key: "k", Branch: tt.view, FireAt: tt.fireAt, Urgent: tt.urgent}
			if got := o.SendAt(); !got.Equal(tt.want) {
				t.Errorf("Occurrence{FireAt: %s, Urgent: %v}.SendAt() = %s, want %s",
					tt.fireAt, tt.urgent, got.In(shanghai), tt.want)
			}
		})
	}
}

func TestOccurrenceExpiredAt(t *testing.T) {
	now := bj(2026, 11, 21, 10, 0)
	tests := []struct {
		name    string
		expires time.Time
		want    bool
	}{
		{"never", time.Time{}, false},
		{"a second later", now.Add(time.Second), false},
		{"now", now, true},
		{"before", now.Add(-time.Second), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Occurrence{Key: "k", Branch: newTestView(shanghai), Expires: tt.expires}
			if got := o.ExpiredAt(now); got != tt.want {
				t.Errorf("Occurrence{Expires: %s}.ExpiredAt(%s) = %v, want %v", tt.expires, now, got, tt.want)
			}
		})
	}
}

func TestSortOccurrences(t *testing.T) {
	ten := bj(2026, 11, 21, 10, 0)
	occs := []Occurrence{
		{Key: "c", FireAt: ten.Add(time.Minute)},
		{Key: "b", FireAt: ten},
		{Key: "d", FireAt: ten.Add(-time.Minute)},
		{Key: "a", FireAt: ten},
	}
	SortOccurrences(occs)
	if got, want := keysOf(occs), []string{"d", "a", "b", "c"}; !cmp.Equal(got, want) {
		t.Errorf("SortOccurrences() = %v, want %v", got, want)
	}
}

// keysOf lists the occurrences' keys in order.
func keysOf(occs []Occurrence) []string {
	var out []string
	for _, o := range occs {
		out = append(out, o.Key)
	}
	return out
}

// triageKeys is a Triage by keys; a Send key found late reads "key late",
// a Drop key Missed "key missed".
type triageKeys struct {
	Send, Drop, Skip, Held []string
}

func keysOfTriage(tr Triage) triageKeys {
	var out triageKeys
	for _, o := range tr.Send {
		k := o.Key
		if o.Late {
			k += " late"
		}
		out.Send = append(out.Send, k)
	}
	for _, o := range tr.Drop {
		k := o.Key
		if o.Missed {
			k += " missed"
		}
		out.Drop = append(out.Drop, k)
	}
	out.Skip, out.Held = keysOf(tr.Skip), keysOf(tr.Held)
	return out
}

func TestTriageAt(t *testing.T) {
	v := newTestView(shanghai)
	day := bj(2026, 11, 21, 10, 0)   // Saturday, outside quiet hours
	night := bj(2026, 11, 21, 23, 0) // in quiet hours
	const lateAfter = 10 * time.Minute
	occ := func(key string, fireAt time.Time, p Policy, series string) Occurrence {
		return Occurrence{Key: key, Branch: v, FireAt: fireAt, Policy: p, Series: series}
	}
	expiring := func(o Occurrence, at time.Time) Occurrence { o.Expires = at; return o }
	urgent := func(o Occurrence) Occurrence { o.Urgent = true; return o }
	tests := []struct {
		name string
		occs []Occurrence
		now  time.Time
		want triageKeys
	}{
		{
			name: "on time",
			occs: []Occurrence{occ("pledge:5:1d:1", day, PolicyDeadline, "")},
			now:  day,
			want: triageKeys{Send: []string{"pledge:5:1d:1"}},
		},
		{
			name: "expired at now is dropped",
			occs: []Occurrence{expiring(occ("meeting:12:checkin:1", day.Add(-3*time.Hour), PolicyEvent, ""), day)},
			now:  day,
			want: triageKeys{Drop: []string{"meeting:12:checkin:1"}},
		},
		{
			name: "expired a second later is sent, late",
			occs: []Occurrence{expiring(occ("meeting:12:checkin:1", day.Add(-3*time.Hour), PolicyEvent, ""), day.Add(time.Second))},
			now:  day,
			want: triageKeys{Send: []string{"meeting:12:checkin:1 late"}},
		},
		{
			name: "expired in quiet hours is dropped, not held",
			occs: []Occurrence{expiring(occ("pledge:5:1d:1", night.Add(-time.Hour), PolicyDeadline, ""), night)},
			now:  night,
			want: triageKeys{Drop: []string{"pledge:5:1d:1"}},
		},
		{
			name: "not urgent in quiet hours is held",
			occs: []Occurrence{occ("custom:3:1", night.Add(-30*time.Minute), PolicyDeadline, "")},
			now:  night,
			want: triageKeys{Held: []string{"custom:3:1"}},
		},
		{
			name: "urgent in quiet hours is sent",
			occs: []Occurrence{urgent(occ("meeting:12:checkin:1", night.Add(-5*time.Minute), PolicyEvent, ""))},
			now:  night,
			want: triageKeys{Send: []string{"meeting:12:checkin:1"}},
		},
		{
			name: "held by quiet hours, sent when they end, is on time",
			occs: []Occurrence{occ("custom:3:1", night, PolicyDeadline, "")},
			now:  bj(2026, 11, 22, 7, 30),
			want: triageKeys{Send: []string{"custom:3:1"}},
		},
		{
			name: "held by quiet hours, found well after they end, is late",
			occs: []Occurrence{occ("custom:3:1", night, PolicyDeadline, "")},
			now:  bj(2026, 11, 22, 7, 50),
			want: triageKeys{Send: []string{"custom:3:1 late"}},
		},
		{
			name: "a member's own reminder in quiet hours is sent at its time",
			occs: []Occurrence{urgent(expiring(occ("custom:3:1", night, PolicyOnce, ""), night.Add(OneOffGrace)))},
			now:  night,
			want: triageKeys{Send: []string{"custom:3:1"}},
		},
		{
			name: "a one-off missed by downtime is sent late within its grace",
			occs: []Occurrence{expiring(occ("custom:3:1", day.Add(-6*24*time.Hour), PolicyOnce, ""), day.Add(24*time.Hour))},
			now:  day,
			want: triageKeys{Send: []string{"custom:3:1 late"}},
		},
		{
			name: "a one-off past its grace is dropped, missed",
			occs: []Occurrence{expiring(occ("custom:3:1", day.Add(-8*24*time.Hour), PolicyOnce, ""), day.Add(-24*time.Hour))},
			now:  day,
			want: triageKeys{Drop: []string{"custom:3:1 missed"}},
		},
		{
			name: "the note of a missed one-off waits for the end of quiet hours",
			occs: []Occurrence{urgent(expiring(occ("custom:3:1", night.Add(-8*24*time.Hour), PolicyOnce, ""), night.Add(-24*time.Hour)))},
			now:  night,
			want: triageKeys{Held: []string{"custom:3:1"}},
		},
		{
			name: "late only beyond lateAfter",
			occs: []Occurrence{
				occ("exactly", day.Add(-lateAfter), PolicyDeadline, ""),
				occ("beyond", day.Add(-lateAfter-time.Second), PolicyDeadline, ""),
			},
			now:  day,
			want: triageKeys{Send: []string{"beyond late", "exactly"}},
		},
		{
			name: "of a recurring series only the latest is sent",
			occs: []Occurrence{
				occ("custom:3:tue", day.AddDate(0, 0, -4), PolicyRecurring, "custom:3"),
				occ("custom:3:sat", day, PolicyRecurring, "custom:3"),
				occ("custom:3:mon", day.AddDate(0, 0, -5), PolicyRecurring, "custom:3"),
			},
			now:  day.Add(time.Hour),
			want: triageKeys{Send: []string{"custom:3:sat late"}, Skip: []string{"custom:3:mon", "custom:3:tue"}},
		},
		{
			name: "a tie in a series goes to the greater key",
			occs: []Occurrence{
				occ("b", day, PolicyRecurring, "s"),
				occ("c", day, PolicyRecurring, "s"),
				occ("a", day, PolicyRecurring, "s"),
			},
			now:  day,
			want: triageKeys{Send: []string{"c"}, Skip: []string{"a", "b"}},
		},
		{
			name: "series are independent",
			occs: []Occurrence{
				occ("s1:old", day.Add(-2*time.Hour), PolicyRecurring, "s1"),
				occ("s2:old", day.Add(-3*time.Hour), PolicyRecurring, "s2"),
				occ("s1:new", day.Add(-time.Hour), PolicyRecurring, "s1"),
				occ("s2:new", day, PolicyRecurring, "s2"),
			},
			now:  day,
			want: triageKeys{Send: []string{"s1:new late", "s2:new"}, Skip: []string{"s2:old", "s1:old"}},
		},
		{
			name: "a deadline with a series is not collapsed",
			occs: []Occurrence{
				occ("d:2", day, PolicyDeadline, "s"),
				occ("d:1", day.Add(-time.Hour), PolicyDeadline, "s"),
			},
			now:  day,
			want: triageKeys{Send: []string{"d:1 late", "d:2"}},
		},
		{
			name: "a recurring occurrence without a series is not collapsed",
			occs: []Occurrence{
				occ("r:2", day, PolicyRecurring, ""),
				occ("r:1", day.Add(-time.Hour), PolicyRecurring, ""),
			},
			now:  day,
			want: triageKeys{Send: []string{"r:1 late", "r:2"}},
		},
		{
			name: "the latest of a series past its event is dropped, the older skipped",
			occs: []Occurrence{
				expiring(occ("meeting:12:lead:1440:1", day.Add(-25*time.Hour), PolicyRecurring, "meeting:12:1"), day.Add(-time.Hour)),
				expiring(occ("meeting:12:lead:60:1", day.Add(-2*time.Hour), PolicyRecurring, "meeting:12:1"), day.Add(-time.Hour)),
			},
			now:  day,
			want: triageKeys{Drop: []string{"meeting:12:lead:60:1"}, Skip: []string{"meeting:12:lead:1440:1"}},
		},
		{
			name: "the latest of a series held by quiet hours, the older skipped",
			occs: []Occurrence{
				occ("compliance:7:2026-11-24", night.Add(-4*24*time.Hour), PolicyRecurring, "compliance:7:2026-11"),
				occ("compliance:7:2026-11-28", night.Add(-14*time.Hour), PolicyRecurring, "compliance:7:2026-11"),
			},
			now:  night,
			want: triageKeys{Skip: []string{"compliance:7:2026-11-24"}, Held: []string{"compliance:7:2026-11-28"}},
		},
		{
			name: "ordered by FireAt, then key",
			occs: []Occurrence{
				occ("b", day, PolicyDeadline, ""),
				occ("c", day.Add(-time.Minute), PolicyEvent, ""),
				occ("a", day, PolicyEvent, ""),
				occ("z", day.Add(-2*time.Minute), PolicyDeadline, ""),
			},
			now:  day,
			want: triageKeys{Send: []string{"z", "c", "a", "b"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := keysOfTriage(TriageAt(tt.occs, tt.now, lateAfter))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("TriageAt(%v, %s, %s) mismatch (-want +got):\n%s", keysOf(tt.occs), tt.now, lateAfter, diff)
			}
		})
	}
}

func TestTriageAtKeepsOccurrences(t *testing.T) {
	v := newTestView(shanghai)
	now := bj(2026, 11, 21, 10, 0)
	o := Occurrence{Key: "pledge:5:1d:1", Branch: v, FireAt: now.Add(-time.Hour), Policy: PolicyDeadline,
		Expires: now.Add(time.Hour), Kind: KindPledgeDue, Ref: 5, Number: 2}
	got := TriageAt([]Occurrence{o}, now, 10*time.Minute)
	want := o
	want.Late = true
	if diff := cmp.Diff(Triage{Send: []Occurrence{want}}, got, sameView); diff != "" {
		t.Errorf("TriageAt(%s) mismatch (-want +got):\n%s", o.Key, diff)
	}
}
