package cntime

import (
	"testing"
	"time"
)

func TestDayAt(t *testing.T) {
	ny := mustLoadLocation("America/New_York")
	tests := []struct {
		name         string
		t            time.Time
		hour, minute int
		want         time.Time
	}{
		{"morning", testNow, 8, 0, bj(2026, 11, 21, 8, 0)},
		{"midnight", bj(2026, 11, 21, 23, 59), 0, 0, bj(2026, 11, 21, 0, 0)},
		{"minutes", testNow, 19, 30, bj(2026, 11, 21, 19, 30)},
		{"t's location", time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC).In(testNow.Location()), 8, 0, bj(2026, 11, 22, 8, 0)},
		{"in UTC", time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC), 8, 0, time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)},
		{"DST day", time.Date(2026, 3, 8, 12, 0, 0, 0, ny), 8, 0, time.Date(2026, 3, 8, 8, 0, 0, 0, ny)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DayAt(tt.t, tt.hour, tt.minute)
			if !got.Equal(tt.want) || got.Location() != tt.t.Location() {
				t.Errorf("DayAt(%s, %d, %d) = %s, want %s", tt.t, tt.hour, tt.minute, got, tt.want)
			}
		})
	}
}

func TestDaysBetween(t *testing.T) {
	ny := mustLoadLocation("America/New_York")
	tests := []struct {
		name     string
		from, to time.Time
		want     int
	}{
		{"same day", bj(2026, 11, 21, 0, 0), bj(2026, 11, 21, 23, 59), 0},
		{"tomorrow, a minute later", bj(2026, 11, 21, 23, 59), bj(2026, 11, 22, 0, 0), 1},
		{"tomorrow, a day less a minute later", bj(2026, 11, 21, 0, 0), bj(2026, 11, 22, 23, 59), 1},
		{"to the month's end", testNow, bj(2026, 11, 30, 9, 0), 9},
		{"over the year", bj(2026, 12, 31, 9, 0), bj(2027, 1, 1, 9, 0), 1},
		{"over February", bj(2028, 2, 28, 9, 0), bj(2028, 3, 1, 9, 0), 2},
		{"backwards", bj(2026, 11, 25, 9, 0), testNow, -4},
		{"each in its location", time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC), bj(2026, 11, 22, 1, 0), 1},
		{"over a DST change", time.Date(2026, 3, 7, 0, 0, 0, 0, ny), time.Date(2026, 3, 9, 0, 0, 0, 0, ny), 2},
		{"over the DST end", time.Date(2026, 10, 31, 23, 30, 0, 0, ny), time.Date(2026, 11, 1, 23, 30, 0, 0, ny), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DaysBetween(tt.from, tt.to); got != tt.want {
				t.Errorf("DaysBetween(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
			}
		})
	}
}
