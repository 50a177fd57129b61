package cntime

import (
	"testing"
	"time"
)

func TestWeekdayName(t *testing.T) {
	week := []string{"周一", "周二", "周三", "周四", "周五", "周六", "周日"}
	for i, want := range week {
		d := bj(2026, 11, 23+i, 12, 0) // Monday 11-23 onwards
		if got := WeekdayName(d); got != want {
			t.Errorf("WeekdayName(%s) = %q, want %q", d, got, want)
		}
	}
}

func TestFormatters(t *testing.T) {
	utc := time.Date(2026, 12, 31, 20, 0, 0, 0, time.UTC) // 2027-01-01 04:00 in Beijing
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"FormatDay", FormatDay(bj(2026, 11, 25, 19, 0)), "11月25日 周三"},
		{"FormatDay/Jan", FormatDay(bj(2027, 1, 5, 0, 0)), "1月5日 周二"},
		{"FormatDay/t's location", FormatDay(utc), "12月31日 周四"},
		{"FormatLongDay", FormatLongDay(bj(2026, 11, 25, 19, 0)), "2026年11月25日 周三"},
		{"FormatLongDay/Jan", FormatLongDay(bj(2027, 1, 5, 0, 0)), "2027年1月5日 周二"},
		{"FormatDate", FormatDate(bj(2026, 11, 21, 19, 30)), "2026年11月21日"},
		{"FormatDate/Jan", FormatDate(bj(2027, 1, 5, 0, 0)), "2027年1月5日"},
		{"FormatDate/t's location", FormatDate(utc.In(testNow.Location())), "2027年1月1日"},
		{"FormatDateTime", FormatDateTime(bj(2026, 11, 25, 19, 0), testNow), "11月25日 周三 19:00"},
		{"FormatDateTime/morning", FormatDateTime(bj(2026, 11, 25, 7, 5), testNow), "11月25日 周三 07:05"},
		{"FormatDateTime/next year", FormatDateTime(bj(2027, 1, 5, 19, 0), testNow), "2027年1月5日 周二 19:00"},
		{"FormatDateTime/last year", FormatDateTime(bj(2026, 12, 30, 19, 0), tpJan5), "2026年12月30日 周三 19:00"},
		{"FormatDateTime/now in UTC", FormatDateTime(bj(2027, 1, 1, 9, 0), utc), "1月1日 周五 09:00"},
		{"FormatTimeRange", FormatTimeRange(bj(2026, 11, 25, 19, 0), bj(2026, 11, 25, 21, 0), testNow), "11月25日 周三 19:00–21:00"},
		{"FormatTimeRange/no end", FormatTimeRange(bj(2026, 11, 25, 19, 0), time.Time{}, testNow), "11月25日 周三 19:00"},
		{"FormatTimeRange/next year", FormatTimeRange(bj(2027, 1, 5, 9, 0), bj(2027, 1, 5, 11, 30), testNow), "2027年1月5日 周二 09:00–11:30"},
		{"FormatTimeRange/end's location", FormatTimeRange(bj(2026, 11, 25, 19, 0), bj(2026, 11, 25, 21, 0).UTC(), testNow), "11月25日 周三 19:00–13:00"},
		{"FormatClockRange", FormatClockRange(bj(2026, 11, 25, 19, 0), bj(2026, 11, 25, 21, 0)), "19:00–21:00"},
		{"FormatClockRange/no end", FormatClockRange(bj(2026, 11, 25, 9, 5), time.Time{}), "09:05"},
		{"FormatDeadline", FormatDeadline(bj(2026, 11, 25, 18, 0)), "11月25日 周三 18:00"},
		{"FormatDeadline/whole day", FormatDeadline(bj(2026, 11, 25, 23, 59)), "11月25日 周三"},
		{"FormatDeadline/23:00", FormatDeadline(bj(2026, 11, 25, 23, 0)), "11月25日 周三 23:00"},
		{"FormatDeadline/midnight", FormatDeadline(bj(2026, 11, 26, 0, 0)), "11月26日 周四 00:00"},
		{"FormatTimeOfDay/midnight", FormatTimeOfDay(0), "00:00"},
		{"FormatTimeOfDay", FormatTimeOfDay(7*60 + 30), "07:30"},
		{"FormatTimeOfDay/evening", FormatTimeOfDay(22 * 60), "22:00"},
		{"FormatTimeOfDay/last minute", FormatTimeOfDay(23*60 + 59), "23:59"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
			}
		})
	}
}
