package scheduler_test

import (
	"testing"
	"time"

	"github.com/zhibu/zhibu/scheduler"
)

func mustShanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatalf("LoadLocation(Asia/Shanghai) = %v", err)
	}
	return loc
}

const (
	night   = 22 * 60    // 22:00
	morning = 7*60 + 30  // 07:30
	lunch   = 13 * 60    // 13:00
	afterLn = 14 * 60    // 14:00
	noQuiet = 9 * 60     // start == end: none
	quietAt = 23*60 + 59 // 23:59
	quietTo = 0*60 + 1   // 00:01
)

func TestInQuietAndQuietEnd(t *testing.T) {
	sh := mustShanghai(t)
	at := func(d, h, m, s int) time.Time { return time.Date(2026, 3, d, h, m, s, 0, sh) }
	tests := []struct {
		name       string
		t          time.Time
		start, end int
		quiet      bool
		ends       time.Time
	}{
		{"night: evening before", at(10, 21, 59, 59), night, morning, false, at(11, 7, 30, 0)},
		{"night: starts", at(10, 22, 0, 0), night, morning, true, at(11, 7, 30, 0)},
		{"night: 23:00", at(10, 23, 0, 0), night, morning, true, at(11, 7, 30, 0)},
		{"night: midnight", at(11, 0, 0, 0), night, morning, true, at(11, 7, 30, 0)},
		{"night: just before end", at(11, 7, 29, 59), night, morning, true, at(11, 7, 30, 0)},
		{"night: ends", at(11, 7, 30, 0), night, morning, false, at(12, 7, 30, 0)},
		{"night: noon", at(11, 12, 0, 0), night, morning, false, at(12, 7, 30, 0)},
		{"night: end of month", time.Date(2026, 3, 31, 23, 0, 0, 0, sh), night, morning, true,
			time.Date(2026, 4, 1, 7, 30, 0, 0, sh)},
		{"lunch: before", at(10, 12, 59, 0), lunch, afterLn, false, at(10, 14, 0, 0)},
		{"lunch: starts", at(10, 13, 0, 0), lunch, afterLn, true, at(10, 14, 0, 0)},
		{"lunch: inside", at(10, 13, 59, 59), lunch, afterLn, true, at(10, 14, 0, 0)},
		{"lunch: ends", at(10, 14, 0, 0), lunch, afterLn, false, at(11, 14, 0, 0)},
		{"lunch: night", at(10, 23, 0, 0), lunch, afterLn, false, at(11, 14, 0, 0)},
		{"one minute across midnight", at(10, 23, 59, 0), quietAt, quietTo, true, at(11, 0, 1, 0)},
		{"none", at(10, 23, 0, 0), noQuiet, noQuiet, false, at(10, 23, 0, 0)},
		// The instant is what counts, not the zone it is written in.
		{"UTC input", time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC), night, morning, true, at(11, 7, 30, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scheduler.InQuiet(tt.t, tt.start, tt.end, sh); got != tt.quiet {
				t.Errorf("InQuiet(%s, %d, %d) = %v, want %v", tt.t, tt.start, tt.end, got, tt.quiet)
			}
			if got := scheduler.QuietEnd(tt.t, tt.start, tt.end, sh); !got.Equal(tt.ends) {
				t.Errorf("QuietEnd(%s, %d, %d) = %s, want %s", tt.t, tt.start, tt.end, got, tt.ends)
			}
		})
	}
}
