package cntime

import (
	"errors"
	"testing"
	"time"
)

// The echo names the part of the day and is read back to the same time.
func TestFormatReadingRoundTrip(t *testing.T) {
	loc := testNow.Location()
	for h := range 24 {
		for _, m := range []int{0, 30, 59} {
			at := time.Date(2026, 11, 25, h, m, 0, 0, loc)
			for _, now := range []time.Time{testNow, testNow.AddDate(-1, 0, 0)} {
				echo := FormatReading(at, now)
				w, err := ParseTime(echo, now)
				if err != nil || !w.Time.Equal(at) {
					t.Errorf("ParseTime(FormatReading(%s)) = %q → %v, %v", at.Format("2006-01-02 15:04"), echo, w.Time, err)
				}
			}
		}
	}
	if got := FormatReading(time.Date(2026, 11, 25, 19, 0, 0, 0, loc), testNow); got != "11月25日 周三 晚上 19:00" {
		t.Errorf("FormatReading = %q", got)
	}
	if got := FormatReadingRange(time.Date(2027, 1, 5, 15, 0, 0, 0, loc), time.Date(2027, 1, 5, 17, 0, 0, 0, loc), testNow); got != "2027年1月5日 周二 下午 15:00–17:00" {
		t.Errorf("FormatReadingRange = %q", got)
	}
}

// A date may be followed by its weekday, as notices write it; a weekday
// the date does not fall on is refused, not ignored.
func TestDateWithItsWeekday(t *testing.T) {
	for _, tt := range []struct {
		in, want string
	}{
		{"11月25日（周三）下午3点", "2026-11-25 15:00"},
		{"11月25日 星期三 19:00", "2026-11-25 19:00"},
		{"1月5日 周二 9点", "2027-01-05 09:00"},
		{"2026年11月25日(礼拜三)", "2026-11-25 00:00"},
		// Without its year, the weekday picks this year's day (the echo
		// of 2026-01-05 leaves the year out) over the nearest one.
		{"1月5日 周一", "2026-01-05 00:00"},
	} {
		w, err := ParseTime(tt.in, testNow)
		if err != nil || w.Time.Format("2006-01-02 15:04") != tt.want {
			t.Errorf("ParseTime(%q) = %v, %v; want %s", tt.in, w.Time, err, tt.want)
		}
	}
	for _, in := range []string{"11月25日 周四 19:00", "1月5日 周三"} {
		var te *TimeError
		if _, err := ParseTime(in, testNow); !errors.As(err, &te) || te.Reason != TimeWrongWeekday {
			t.Errorf("ParseTime(%q) = %v, want TimeWrongWeekday", in, err)
		}
	}
}
