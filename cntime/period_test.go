package cntime

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// period builds the Period from day a to day b inclusive, in Beijing.
func period(a, b time.Time, label string) Period {
	return Period{From: a, To: b.AddDate(0, 0, 1), Label: label}
}

func d(y int, m time.Month, day int) time.Time { return bj(y, m, day, 0, 0) }

func TestParsePeriod(t *testing.T) {
	sat := testNow
	q4 := period(d(2026, 10, 1), d(2026, 12, 31), "2026年第四季度")
	q3 := period(d(2026, 7, 1), d(2026, 9, 30), "2026年第三季度")
	nov := period(d(2026, 11, 1), d(2026, 11, 30), "2026年11月")
	oct := period(d(2026, 10, 1), d(2026, 10, 31), "2026年10月")
	y2026 := period(d(2026, 1, 1), d(2026, 12, 31), "2026年")
	h1 := period(d(2026, 1, 1), d(2026, 6, 30), "2026年上半年")
	tests := []struct {
		in   string
		now  time.Time
		want Period
	}{
		{"", sat, q4},
		{"本季度", sat, q4},
		{"这个季度", sat, q4},
		{"上季度", sat, q3},
		{"本月", sat, nov},
		{"这个月", sat, nov},
		{"上月", sat, oct},
		{"上个月", sat, oct},
		{"今年", sat, y2026},
		{"本年", sat, y2026},
		{"去年", sat, period(d(2025, 1, 1), d(2025, 12, 31), "2025年")},
		{"2026", sat, y2026},
		{"2026年", sat, y2026},
		{"2026Q3", sat, q3},
		{"2026q3", sat, q3},
		{"2026-Q3", sat, q3},
		{"２０２６Ｑ３", sat, q3},
		{"2026年第三季度", sat, q3},
		{"2026年三季度", sat, q3},
		{"2026年第3季度", sat, q3},
		{"2026-10", sat, oct},
		{"2026年10月", sat, oct},
		{"2026.10", sat, oct},
		{"2026/10", sat, oct},
		{"2026年十月", sat, oct},
		{"2026-11-25", sat, period(d(2026, 11, 25), d(2026, 11, 25), "2026年11月25日")},
		{"2026年上半年", sat, h1},
		{"上半年", sat, h1},
		{"今年上半年", sat, h1},
		{"去年下半年", sat, period(d(2025, 7, 1), d(2025, 12, 31), "2025年下半年")},
		{"2026-01-01~2026-06-30", sat, period(d(2026, 1, 1), d(2026, 6, 30), "2026年1月1日至2026年6月30日")},
		{"2026-01-01至2026-06-30", sat, period(d(2026, 1, 1), d(2026, 6, 30), "2026年1月1日至2026年6月30日")},
		{"2026-01-01到2026-06-30", sat, period(d(2026, 1, 1), d(2026, 6, 30), "2026年1月1日至2026年6月30日")},
		{"2026-01-01 - 2026-06-30", sat, period(d(2026, 1, 1), d(2026, 6, 30), "2026年1月1日至2026年6月30日")},
		{"2026-01~2026-06", sat, period(d(2026, 1, 1), d(2026, 6, 30), "2026年1月至2026年6月")},
		{"2026-03-01~2026-03-01", sat, period(d(2026, 3, 1), d(2026, 3, 1), "2026年3月1日至2026年3月1日")},
		{"2025Q4-2026Q1", sat, period(d(2025, 10, 1), d(2026, 3, 31), "2025年第四季度至2026年第一季度")},
		// January: the previous quarter and month are last year's.
		{"", tpJan5, period(d(2027, 1, 1), d(2027, 3, 31), "2027年第一季度")},
		{"上季度", tpJan5, q4},
		{"上月", tpJan5, period(d(2026, 12, 1), d(2026, 12, 31), "2026年12月")},
		{"十二月", tpJan5, period(d(2026, 12, 1), d(2026, 12, 31), "2026年12月")},
		{"三季度", tpJan5, q3},
		{"1月", tpJan5, period(d(2027, 1, 1), d(2027, 1, 31), "2027年1月")},
		{"本月", tpDec31, period(d(2026, 12, 1), d(2026, 12, 31), "2026年12月")},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePeriod(tt.in, tt.now)
			if err != nil {
				t.Fatalf("ParsePeriod(%q) = %v, want %+v", tt.in, err, tt.want)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParsePeriod(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParsePeriodRefused(t *testing.T) {
	tests := []struct {
		in   string
		want TimeReason
	}{
		{"随便", TimeUnrecognized},
		{"下下月", TimeUnrecognized},
		{"20261", TimeUnrecognized},
		{"26", TimeUnrecognized}, // 26年 is 2026 (the corpus)
		{"2026-10-", TimeUnrecognized},
		{"2026年10月1日晚", TimeUnrecognized},
		{"2026-10~", TimeUnrecognized},
		{"2026-13", TimeImpossible},
		{"2026年13月", TimeImpossible},
		{"2026Q5", TimeImpossible},
		{"2026年第五季度", TimeImpossible},
		{"2026-02-30", TimeImpossible},
		{"2026-06-30~2026-01-01", TimeBackwards},
		{"2026-06~2026-01", TimeBackwards},
		{"2026-13-01~2026-06-30", TimeImpossible},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePeriod(tt.in, testNow)
			var te *TimeError
			if !errors.As(err, &te) || te.Reason != tt.want {
				t.Errorf("ParsePeriod(%q) = %+v, %v; want reason %s", tt.in, got, err, tt.want)
			}
		})
	}
}

// A period's end takes what it leaves out from its start (issue 12).
func TestPeriodEndInheritsFromStart(t *testing.T) {
	shanghai := mustLoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, shanghai)
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, shanghai) }
	for _, tt := range []struct {
		in       string
		from, to time.Time // To is exclusive
	}{
		{"2026年5月6日至5月20日", d(2026, 5, 6), d(2026, 5, 21)},
		{"2025年5月6日至20日", d(2025, 5, 6), d(2025, 5, 21)},
		{"5月6日至20日", d(2026, 5, 6), d(2026, 5, 21)},
		{"2025年12月至3月", d(2025, 12, 1), d(2026, 4, 1)},
		{"2025年12月28日至1月3日", d(2025, 12, 28), d(2026, 1, 4)},
		{"2025年10月至本月", d(2025, 10, 1), d(2026, 12, 1)},
	} {
		p, err := ParsePeriod(tt.in, now)
		if err != nil || !p.From.Equal(tt.from) || !p.To.Equal(tt.to) {
			t.Errorf("ParsePeriod(%q) = %v – %v, %v; want %v – %v", tt.in, p.From, p.To, err, tt.from, tt.to)
		}
	}
}

// Weeks are periods too, Monday to Sunday (issue 12).
func TestPeriodWeeks(t *testing.T) {
	shanghai := mustLoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, shanghai) // a Sunday
	d := func(m time.Month, day int) time.Time { return time.Date(2026, m, day, 0, 0, 0, 0, shanghai) }
	for in, want := range map[string][2]time.Time{
		"本周": {d(11, 23), d(11, 30)}, "上周": {d(11, 16), d(11, 23)}, "下周": {d(11, 30), d(12, 7)},
		"上个星期": {d(11, 16), d(11, 23)}, "上週": {d(11, 16), d(11, 23)},
	} {
		p, err := ParsePeriod(in, now)
		if err != nil || !p.From.Equal(want[0]) || !p.To.Equal(want[1]) {
			t.Errorf("ParsePeriod(%q) = %v – %v, %v; want %v – %v", in, p.From, p.To, err, want[0], want[1])
		}
	}
}
