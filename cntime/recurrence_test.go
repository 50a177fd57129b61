package cntime

import (
	"errors"
	"testing"
	"time"
)

// Recurrences the tests build.
func recDaily(h, m int) Recurrence { return Recurrence{Kind: RecurDaily, Hour: h, Minute: m} }

func recWeekly(wd time.Weekday, h, m int) Recurrence {
	return Recurrence{Kind: RecurWeekly, Weekday: wd, Hour: h, Minute: m}
}

func recMonthly(day, h, m int) Recurrence {
	return Recurrence{Kind: RecurMonthDay, Day: day, Hour: h, Minute: m}
}

func recOf(k RecurrenceKind, h, m int) Recurrence { return Recurrence{Kind: k, Hour: h, Minute: m} }

func TestParseRecurrence(t *testing.T) {
	tests := []struct {
		in   string
		want Recurrence
	}{
		{"每天 9点", recDaily(9, 0)},
		{"每天早上9点", recDaily(9, 0)},
		{"每日 21:00", recDaily(21, 0)},
		{"每天晚上9点半", recDaily(21, 30)},
		{"天天 7:05", recDaily(7, 5)},
		{"每天", recDaily(9, 0)},
		{"每天的下午3点一刻", recDaily(15, 15)},
		{"每天 00:00", recDaily(0, 0)},
		{"每天23:59", recDaily(23, 59)},
		{"每天下午15:00", recDaily(15, 0)},
		{"每天十九点三十分", recDaily(19, 30)},
		{"每周五下午3点", recWeekly(time.Friday, 15, 0)},
		{"每周三下午", recWeekly(time.Wednesday, 15, 0)}, // a part alone: its usual hour
		{"每周三3点", recWeekly(time.Wednesday, 15, 0)}, // a bare 3 is in the afternoon
		{"每周三凌晨3点", recWeekly(time.Wednesday, 3, 0)},
		{"每周三7点", recWeekly(time.Wednesday, 7, 0)},
		{"每周一 9:00", recWeekly(time.Monday, 9, 0)},
		{"每星期三 19点", recWeekly(time.Wednesday, 19, 0)},
		{"每周日", recWeekly(time.Sunday, 9, 0)},
		{"每周天晚上8点", recWeekly(time.Sunday, 20, 0)},
		{"每礼拜六 10:00", recWeekly(time.Saturday, 10, 0)},
		{"每个星期二上午10点", recWeekly(time.Tuesday, 10, 0)},
		{"每周5 15:00", recWeekly(time.Friday, 15, 0)},
		{"每周7", recWeekly(time.Sunday, 9, 0)},
		{"每月1日9点", recMonthly(1, 9, 0)},
		{"每月1号 9:00", recMonthly(1, 9, 0)},
		{"每月15日", recMonthly(15, 9, 0)},
		{"每月三十一号晚上7点", recMonthly(31, 19, 0)},
		{"每个月10日 14:30", recMonthly(10, 14, 30)},
		{"每月最后一天", recOf(RecurMonthEnd, 9, 0)},
		{"每月最后一天 17:00", recOf(RecurMonthEnd, 17, 0)},
		{"每月底", recOf(RecurMonthEnd, 9, 0)},
		{"每月末下午4点", recOf(RecurMonthEnd, 16, 0)},
		{"每个月底 8点", recOf(RecurMonthEnd, 8, 0)},
		{"每季度末", recOf(RecurQuarterEnd, 9, 0)},
		{"每季度末 10:00", recOf(RecurQuarterEnd, 10, 0)},
		{"每季末上午10点", recOf(RecurQuarterEnd, 10, 0)},
		{"每季度最后一天 16:00", recOf(RecurQuarterEnd, 16, 0)},
		{"工作日每天8点半", recOf(RecurWorkdays, 8, 30)},
		{"每个工作日 8:30", recOf(RecurWorkdays, 8, 30)},
		{"工作日 08:30", recOf(RecurWorkdays, 8, 30)},
		{"每工作日早上7点", recOf(RecurWorkdays, 7, 0)},
		{"工作日", recOf(RecurWorkdays, 9, 0)},
		{"  “每周五 15：00”。 ", recWeekly(time.Friday, 15, 0)}, // full width, quotes, trailing stop
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRecurrence(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("ParseRecurrence(%q) = %+v, %v, want %+v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseRecurrenceRefused(t *testing.T) {
	tests := []struct {
		in   string
		want TimeReason
	}{
		{"", TimeUnrecognized},
		{"随便", TimeUnrecognized},
		{"明天9点", TimeUnrecognized},
		{"每周八", TimeUnrecognized},
		{"每周", TimeUnrecognized},
		{"每周末", TimeUnrecognized},
		{"每月", TimeUnrecognized},
		{"每月15", TimeUnrecognized},
		{"每季度", TimeUnrecognized},
		{"每年1月1日", TimeUnrecognized},
		{"每天凌晨", TimeNightHour},
		{"每天0点", TimeNightHour},
		{"每天明天9点", TimeUnrecognized},
		{"每天2小时后", TimeUnrecognized},
		{"每天9点每周五", TimeUnrecognized},
		{"每周一至周五 9点", TimeUnrecognized},
		{"每月32日", TimeImpossible},
		{"每月0号", TimeImpossible},
		{"每月100日", TimeImpossible},
		{"每天25点", TimeImpossible},
		{"每天 24:00", TimeImpossible},
		{"每天9:60", TimeImpossible},
		{"每天下午13点", TimeImpossible},
		{"每天9:5", TimeAmbiguous},
		{"每天晚上12点", TimeAmbiguous},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRecurrence(tt.in)
			var te *TimeError
			if !errors.As(err, &te) || te.Reason != tt.want || !got.IsZero() {
				t.Fatalf("ParseRecurrence(%q) = %+v, %v, want error %s", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestRecurrenceNext(t *testing.T) {
	tests := []struct {
		name string
		r    Recurrence
		from time.Time
		want time.Time
	}{
		{"daily later today", recDaily(19, 0), bj(2026, 11, 21, 10, 0), bj(2026, 11, 21, 19, 0)},
		{"daily passed today", recDaily(9, 0), bj(2026, 11, 21, 10, 0), bj(2026, 11, 22, 9, 0)},
		{"daily strictly after", recDaily(9, 0), bj(2026, 11, 21, 9, 0), bj(2026, 11, 22, 9, 0)},
		{"daily a second before", recDaily(9, 0), bj(2026, 11, 21, 8, 59).Add(59 * time.Second), bj(2026, 11, 21, 9, 0)},
		{"daily new year", recDaily(9, 0), bj(2026, 12, 31, 10, 0), bj(2027, 1, 1, 9, 0)},
		{"weekly this week", recWeekly(time.Friday, 15, 0), bj(2026, 11, 21, 10, 0), bj(2026, 11, 27, 15, 0)},
		{"weekly same day passed", recWeekly(time.Friday, 15, 0), bj(2026, 11, 27, 15, 0), bj(2026, 12, 4, 15, 0)},
		{"weekly same day ahead", recWeekly(time.Saturday, 11, 0), bj(2026, 11, 21, 10, 0), bj(2026, 11, 21, 11, 0)},
		{"weekly sunday", recWeekly(time.Sunday, 20, 0), bj(2026, 11, 21, 10, 0), bj(2026, 11, 22, 20, 0)},
		{"monthly next month", recMonthly(1, 9, 0), bj(2026, 11, 21, 10, 0), bj(2026, 12, 1, 9, 0)},
		{"monthly next year", recMonthly(1, 9, 0), bj(2026, 12, 15, 10, 0), bj(2027, 1, 1, 9, 0)},
		{"monthly 31st in November", recMonthly(31, 9, 0), bj(2026, 11, 5, 10, 0), bj(2026, 11, 30, 9, 0)},
		{"monthly 31st after November", recMonthly(31, 9, 0), bj(2026, 11, 30, 9, 0), bj(2026, 12, 31, 9, 0)},
		{"monthly 30th in February", recMonthly(30, 9, 0), bj(2027, 2, 1, 9, 0), bj(2027, 2, 28, 9, 0)},
		{"monthly 29th leap", recMonthly(29, 9, 0), bj(2028, 2, 1, 9, 0), bj(2028, 2, 29, 9, 0)},
		{"monthly 29th common", recMonthly(29, 9, 0), bj(2027, 2, 1, 9, 0), bj(2027, 2, 28, 9, 0)},
		{"monthly 29th after leap day", recMonthly(29, 9, 0), bj(2028, 2, 29, 9, 0), bj(2028, 3, 29, 9, 0)},
		{"month end February", recOf(RecurMonthEnd, 9, 0), bj(2027, 2, 10, 9, 0), bj(2027, 2, 28, 9, 0)},
		{"month end leap February", recOf(RecurMonthEnd, 9, 0), bj(2028, 2, 10, 9, 0), bj(2028, 2, 29, 9, 0)},
		{"month end after leap day", recOf(RecurMonthEnd, 9, 0), bj(2028, 2, 29, 9, 0), bj(2028, 3, 31, 9, 0)},
		{"month end later today", recOf(RecurMonthEnd, 17, 0), bj(2026, 11, 30, 9, 0), bj(2026, 11, 30, 17, 0)},
		{"quarter end december", recOf(RecurQuarterEnd, 9, 0), bj(2026, 11, 21, 10, 0), bj(2026, 12, 31, 9, 0)},
		{"quarter end new year", recOf(RecurQuarterEnd, 9, 0), bj(2026, 12, 31, 9, 0), bj(2027, 3, 31, 9, 0)},
		{"quarter end june", recOf(RecurQuarterEnd, 9, 0), bj(2027, 4, 1, 0, 0), bj(2027, 6, 30, 9, 0)},
		{"quarter end september", recOf(RecurQuarterEnd, 9, 0), bj(2027, 6, 30, 10, 0), bj(2027, 9, 30, 9, 0)},
		{"workdays skip weekend", recOf(RecurWorkdays, 8, 30), bj(2026, 11, 20, 9, 0), bj(2026, 11, 23, 8, 30)},
		{"workdays later today", recOf(RecurWorkdays, 8, 30), bj(2026, 9, 30, 8, 0), bj(2026, 9, 30, 8, 30)},
		{"workdays skip 国庆", recOf(RecurWorkdays, 8, 30), bj(2026, 9, 30, 9, 0), bj(2026, 10, 8, 8, 30)},
		{"workdays 调休 Saturday", recOf(RecurWorkdays, 8, 30), bj(2026, 10, 9, 9, 0), bj(2026, 10, 10, 8, 30)},
		{"workdays after 调休", recOf(RecurWorkdays, 8, 30), bj(2026, 10, 10, 9, 0), bj(2026, 10, 12, 8, 30)},
		{"workdays 调休 Sunday", recOf(RecurWorkdays, 8, 30), bj(2026, 9, 19, 9, 0), bj(2026, 9, 20, 8, 30)},
		{"workdays 春节", recOf(RecurWorkdays, 8, 30), bj(2026, 2, 14, 9, 0), bj(2026, 2, 24, 8, 30)},
		{"workdays 元旦 2027", recOf(RecurWorkdays, 8, 30), bj(2026, 12, 31, 9, 0), bj(2027, 1, 4, 8, 30)},
		{"in UTC", recDaily(9, 0), time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC), time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)},
		{"workdays in UTC", recOf(RecurWorkdays, 9, 0), time.Date(2026, 9, 30, 10, 0, 0, 0, time.UTC), time.Date(2026, 10, 8, 9, 0, 0, 0, time.UTC)},
		{"zero", Recurrence{}, bj(2026, 11, 21, 10, 0), time.Time{}},
		{"invalid hour", recDaily(24, 0), bj(2026, 11, 21, 10, 0), time.Time{}},
		{"invalid day", recMonthly(32, 9, 0), bj(2026, 11, 21, 10, 0), time.Time{}},
		{"invalid kind", Recurrence{Kind: 99}, bj(2026, 11, 21, 10, 0), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.r.Next(tt.from)
			if !got.Equal(tt.want) || (!got.IsZero() && got.Location() != tt.from.Location()) {
				t.Errorf("%v.Next(%v) = %v, want %v", tt.r, tt.from, got, tt.want)
			}
		})
	}
}

func TestRecurrenceNextDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	// 2026-03-08 02:30 does not exist in New York: clocks go from 02:00 EST
	// to 03:00 EDT, when 每天 02:30 fires that day.
	change := time.Date(2026, 3, 8, 3, 0, 0, 0, ny)
	for _, from := range []time.Time{time.Date(2026, 3, 8, 0, 0, 0, 0, ny), change.Add(-time.Minute)} {
		if got := recDaily(2, 30).Next(from); !got.Equal(change) {
			t.Errorf("Next(%v) = %v, want %v", from, got, change)
		}
	}
	got := change
	if again := recDaily(2, 30).Next(got); !again.Equal(time.Date(2026, 3, 9, 2, 30, 0, 0, ny)) {
		t.Errorf("Next(%v) = %v, want 2026-03-09 02:30", got, again)
	}
}

func TestRecurrenceString(t *testing.T) {
	tests := []struct {
		r    Recurrence
		want string
	}{
		{recDaily(9, 0), "每天 09:00"},
		{recWeekly(time.Friday, 15, 0), "每周五 15:00"},
		{recWeekly(time.Sunday, 20, 5), "每周日 20:05"},
		{recMonthly(1, 9, 0), "每月1日 09:00"},
		{recMonthly(31, 19, 30), "每月31日 19:30"},
		{recOf(RecurMonthEnd, 9, 0), "每月最后一天 09:00"},
		{recOf(RecurQuarterEnd, 16, 0), "每季度末 16:00"},
		{recOf(RecurWorkdays, 8, 30), "工作日 08:30"},
		{Recurrence{}, ""},
		{recDaily(9, 60), ""},
		{Recurrence{Kind: RecurDaily, Day: 3}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.r.String(); got != tt.want {
				t.Fatalf("%+v.String() = %q, want %q", tt.r, got, tt.want)
			}
			if tt.want == "" {
				return
			}
			if back, err := ParseRecurrence(tt.want); err != nil || back != tt.r {
				t.Errorf("ParseRecurrence(%q) = %+v, %v, want %+v", tt.want, back, err, tt.r)
			}
		})
	}
}

func TestRecurrenceMinInterval(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		r    Recurrence
		want time.Duration
	}{
		{recDaily(9, 0), day},
		{recOf(RecurWorkdays, 8, 30), day},
		{recWeekly(time.Monday, 9, 0), 7 * day},
		{recMonthly(1, 9, 0), 28 * day},
		{recMonthly(28, 9, 0), 28 * day},
		{recMonthly(29, 9, 0), 29 * day},
		{recMonthly(30, 9, 0), 29 * day},
		{recMonthly(31, 9, 0), 28 * day},
		{recOf(RecurMonthEnd, 9, 0), 28 * day},
		{recOf(RecurQuarterEnd, 9, 0), 90 * day},
		{Recurrence{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.r.String(), func(t *testing.T) {
			if got := tt.r.MinInterval(); got != tt.want {
				t.Fatalf("%+v.MinInterval() = %v, want %v", tt.r, got, tt.want)
			}
			if tt.want == 0 {
				return
			}
			// The claim holds over eight years with a leap year and the holidays.
			shortest := time.Duration(1 << 62)
			prev := tt.r.Next(bj(2026, 1, 1, 0, 0))
			for prev.Year() < 2034 {
				next := tt.r.Next(prev)
				shortest = min(shortest, next.Sub(prev))
				prev = next
			}
			if shortest != tt.want {
				t.Errorf("shortest gap of %v from 2026 to 2033 = %v, want MinInterval %v", tt.r, shortest, tt.want)
			}
		})
	}
}

func FuzzParseRecurrence(f *testing.F) {
	for _, s := range []string{
		"每天 9点", "每周五下午3点", "每月1日9点", "每月31日", "每月最后一天 17:00", "每季度末",
		"工作日每天8点半", "每个工作日 8:30", "每月32日", "每天25点", "每周八", "每天晚上12点",
	} {
		f.Add(s, int64(0))
	}
	base := bj(2026, 11, 21, 10, 0)
	f.Fuzz(func(t *testing.T, s string, minutes int64) {
		r, err := ParseRecurrence(s)
		if err != nil {
			var te *TimeError
			if !errors.As(err, &te) || !r.IsZero() {
				t.Fatalf("ParseRecurrence(%q) = %+v, %v, want a *TimeError and zero", s, r, err)
			}
			return
		}
		from := base.Add(time.Duration(minutes%(20*366*24*60)) * time.Minute)
		next := r.Next(from)
		if !next.After(from) || next.Second() != 0 || next.Nanosecond() != 0 || next.Location() != from.Location() {
			t.Fatalf("ParseRecurrence(%q).Next(%v) = %v, want a later whole minute", s, from, next)
		}
		if back, err := ParseRecurrence(r.String()); err != nil || back != r {
			t.Fatalf("ParseRecurrence(%q) = %+v, %v, want %+v", r.String(), back, err, r)
		}
	})
}
