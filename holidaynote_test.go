package zhibu

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The built-in holiday table has 2026 as published and 2027 provisional.
func TestHolidayGapAt(t *testing.T) {
	tests := []struct {
		now  time.Time
		want HolidayGap
		ok   bool
	}{
		{bj(2026, 11, 30, 23, 59), HolidayGap{}, false},                          // the 2027 notice may still come
		{bj(2026, 12, 1, 0, 0), HolidayGap{Year: 2027, Provisional: true}, true}, // from December 1st
		{bj(2027, 6, 1, 9, 0), HolidayGap{Year: 2027, Provisional: true}, true},  // the year itself provisional
		{bj(2027, 12, 1, 9, 0), HolidayGap{Year: 2027, Provisional: true}, true}, // this year first
		{bj(2028, 3, 1, 9, 0), HolidayGap{Year: 2028}, true},                     // missing
		{bj(2025, 12, 31, 9, 0), HolidayGap{Year: 2025}, true},
		// December 1st on the calendar of now's zone.
		{time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC), HolidayGap{}, false},
	}
	for _, tt := range tests {
		got, ok := HolidayGapAt(tt.now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("HolidayGapAt(%v) = %+v, %v; want %+v, %v", tt.now, got, ok, tt.want, tt.ok)
		}
	}
}

func TestHolidayOccurrences(t *testing.T) {
	v := newTestView(shanghai)
	note := func(fire time.Time) Occurrence {
		return Occurrence{Key: "holidays:7:2027", Branch: v, FireAt: fire, Policy: PolicyDeadline,
			Expires: bj(2028, 1, 1, 0, 0), Kind: KindHolidays, Ref: 2027}
	}
	since := bj(2026, 11, 21, 10, 0) // the branch's first reminder on working days
	tests := []struct {
		name     string
		since    time.Time
		from, to time.Time
		want     []Occurrence
	}{
		{"November", since, bj(2026, 11, 20, 0, 0), bj(2026, 12, 1, 0, 0), nil},
		{"December 1st, the morning hour", since, bj(2026, 11, 30, 0, 0), bj(2026, 12, 3, 0, 0), []Occurrence{note(bj(2026, 12, 1, 9, 0))}},
		{"a later tick: the same key", since, bj(2026, 12, 2, 0, 0), bj(2026, 12, 3, 0, 0), []Occurrence{note(bj(2026, 12, 2, 9, 0))}},
		{"a reminder set later", bj(2026, 12, 1, 15, 0), bj(2026, 11, 30, 0, 0), bj(2026, 12, 3, 0, 0), []Occurrence{note(bj(2026, 12, 2, 9, 0))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := holidayOccurrences(v, tt.since, tt.from, tt.to)
			if diff := cmp.Diff(tt.want, got, sameView); diff != "" {
				t.Errorf("holidayOccurrences (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUsesWorkdays(t *testing.T) {
	for spec, want := range map[string]bool{
		"工作日每天8点半": true, "每个工作日 9:00": true, "每天 9点": false, "每周五下午3点": false,
		"每月最后一个工作日 16:00": true, "每季度第一个工作日": true, "每季度初": false,
		"cron 0 9 * * 1-5": false, "": false,
	} {
		if got := usesWorkdays(spec); got != want {
			t.Errorf("usesWorkdays(%q) = %v, want %v", spec, got, want)
		}
	}
}
