package cntime

import (
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestWorkdayAndHoliday(t *testing.T) {
	tests := []struct {
		day     time.Time
		workday bool
		holiday string // "" for none
	}{
		// 2026, as published.
		{bj(2026, 1, 1, 9, 0), false, "元旦"},
		{bj(2026, 1, 3, 9, 0), false, "元旦"},
		{bj(2026, 1, 4, 9, 0), true, ""}, // Sunday, 调休
		{bj(2026, 1, 5, 9, 0), true, ""},
		{bj(2026, 2, 14, 9, 0), true, ""}, // Saturday, 调休
		{bj(2026, 2, 15, 9, 0), false, "春节"},
		{bj(2026, 2, 17, 9, 0), false, "春节"}, // 正月初一
		{bj(2026, 2, 23, 9, 0), false, "春节"},
		{bj(2026, 2, 24, 9, 0), true, ""},
		{bj(2026, 2, 28, 9, 0), true, ""}, // Saturday, 调休
		{bj(2026, 3, 1, 9, 0), false, ""}, // an ordinary Sunday
		{bj(2026, 4, 6, 9, 0), false, "清明节"},
		{bj(2026, 5, 5, 9, 0), false, "劳动节"},
		{bj(2026, 5, 9, 9, 0), true, ""}, // Saturday, 调休
		{bj(2026, 6, 19, 9, 0), false, "端午节"},
		{bj(2026, 9, 20, 9, 0), true, ""}, // Sunday, 调休
		{bj(2026, 9, 25, 9, 0), false, "中秋节"},
		{bj(2026, 10, 1, 0, 0), false, "国庆节"},
		{bj(2026, 10, 7, 23, 59), false, "国庆节"},
		{bj(2026, 10, 8, 9, 0), true, ""},
		{bj(2026, 10, 10, 9, 0), true, ""}, // Saturday, 调休
		{bj(2026, 10, 11, 9, 0), false, ""},
		{bj(2026, 11, 21, 9, 0), false, ""}, // Saturday
		{bj(2026, 11, 23, 9, 0), true, ""},
		// 2027, provisional.
		{bj(2027, 1, 1, 9, 0), false, "元旦"},
		{bj(2027, 1, 4, 9, 0), true, ""},
		{bj(2027, 2, 5, 9, 0), false, "春节"}, // 除夕
		{bj(2027, 2, 6, 9, 0), false, "春节"}, // 正月初一
		{bj(2027, 4, 5, 9, 0), false, "清明节"},
		{bj(2027, 5, 1, 9, 0), false, "劳动节"},
		{bj(2027, 6, 9, 9, 0), false, "端午节"},
		{bj(2027, 9, 15, 9, 0), false, "中秋节"},
		{bj(2027, 10, 1, 9, 0), false, "国庆节"},
		{bj(2027, 10, 9, 9, 0), true, ""}, // Saturday, 调休
		// A year without a table: Monday to Friday.
		{bj(2029, 5, 1, 9, 0), true, ""}, // Tuesday
		{bj(2029, 5, 5, 9, 0), false, ""},
		// The day is t's day in t's location.
		{time.Date(2026, 9, 30, 20, 0, 0, 0, time.UTC), true, ""}, // 10月1日 in Beijing
		{time.Date(2026, 9, 30, 20, 0, 0, 0, time.UTC).In(testNow.Location()), false, "国庆节"},
	}
	for _, tt := range tests {
		t.Run(tt.day.Format(time.DateTime+" MST"), func(t *testing.T) {
			if got := Workday(tt.day); got != tt.workday {
				t.Errorf("Workday(%v) = %v, want %v", tt.day, got, tt.workday)
			}
			name, ok := Holiday(tt.day)
			if name != tt.holiday || ok != (tt.holiday != "") {
				t.Errorf("Holiday(%v) = %q, %v, want %q", tt.day, name, ok, tt.holiday)
			}
		})
	}
}

func TestHolidayYears(t *testing.T) {
	if diff := cmp.Diff([]int{2026, 2027}, HolidayYears()); diff != "" {
		t.Errorf("HolidayYears() (-want +got):\n%s", diff)
	}
}

// TestHolidayTable checks the built-in holidays.txt: it parses (every
// check of the format holds), and each year names the seven holidays once
// each, in the notices' order, within its year.
func TestHolidayTable(t *testing.T) {
	years, err := readHolidayFile(embeddedHolidays, embeddedName)
	if err != nil {
		t.Fatalf("readHolidayFile(holidays.txt): %v", err)
	}
	if _, err := indexHolidays(years); err != nil {
		t.Fatalf("indexHolidays(holidays.txt): %v", err)
	}
	for year, a := range years {
		var names []string
		for _, s := range a.off {
			names = append(names, s.name)
			if y := strconv.Itoa(year); dayString(s.from)[:4] != y || dayString(s.to)[:4] != y {
				t.Errorf("%d: %s %s–%s is not within the year", year, s.name, dayString(s.from), dayString(s.to))
			}
		}
		if diff := cmp.Diff(holidayNames, names); diff != "" {
			t.Errorf("%d: holidays (-want +got):\n%s", year, diff)
		}
	}
}

// The lunar festivals come from the holiday table, the next one on or
// after today (issue 12).
func TestFestivalDays(t *testing.T) {
	shanghai := mustLoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, shanghai)
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, shanghai) }
	for in, want := range map[string]time.Time{
		"春节": d(2027, 2, 6), "过年": d(2027, 2, 6), "除夕": d(2027, 2, 5), "清明": d(2027, 4, 5),
		"端午节": d(2027, 6, 9), "中秋": d(2027, 9, 15), "中秋节晚上7点": time.Date(2027, 9, 15, 19, 0, 0, 0, shanghai),
	} {
		w, err := ParseTime(in, now)
		if err != nil || !w.Time.Equal(want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", in, w.Time, err, want)
		}
	}
	// Before this year's: this year's.
	if w, err := ParseTime("中秋", time.Date(2026, 9, 1, 10, 0, 0, 0, shanghai)); err != nil || !w.Time.Equal(d(2026, 9, 25)) {
		t.Errorf("ParseTime(中秋) on 2026-09-01 = %v, %v; want 2026-09-25", w.Time, err)
	}
	// Beyond the table: refused, not guessed.
	if _, err := ParseTime("春节", time.Date(2027, 3, 1, 10, 0, 0, 0, shanghai)); err == nil {
		t.Error("ParseTime(春节) after the table's last one was guessed")
	}
}
