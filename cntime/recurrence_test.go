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

// recIn is a day of a month of each year, quarter or half-year.
func recIn(k RecurrenceKind, month, day, h, m int) Recurrence {
	return Recurrence{Kind: k, Month: month, Day: day, Hour: h, Minute: m}
}

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
		{"每月初", recMonthly(1, 9, 0)},
		{"每月第一天 8点", recMonthly(1, 8, 0)},

		// A day of the year.
		{"每年6月30日", recIn(RecurYearDay, 6, 30, 9, 0)},
		{"每年6月30号 下午3点", recIn(RecurYearDay, 6, 30, 15, 0)},
		{"每年6月", recIn(RecurYearDay, 6, 1, 9, 0)}, // a month alone: its 1st
		{"每年6月份 10:00", recIn(RecurYearDay, 6, 1, 10, 0)},
		{"每年的六月三十日", recIn(RecurYearDay, 6, 30, 9, 0)},
		{"每年十二月", recIn(RecurYearDay, 12, 1, 9, 0)},
		{"每年6月 15:00", recIn(RecurYearDay, 6, 1, 15, 0)},
		{"每年6月3点", recIn(RecurYearDay, 6, 1, 15, 0)}, // 3点 is the clock, not a day
		{"每年2月29日", recIn(RecurYearDay, 2, 29, 9, 0)},
		{"每年6月底", recIn(RecurYearDay, 6, 30, 9, 0)},
		{"每年2月底", recIn(RecurYearDay, 2, 29, 9, 0)}, // Feb 28 in a common year
		{"每年12月最后一天", recIn(RecurYearDay, 12, 31, 9, 0)},
		{"每年年底", recIn(RecurYearDay, 12, 31, 9, 0)},
		{"每年底 16点", recIn(RecurYearDay, 12, 31, 16, 0)},
		{"每年年初", recIn(RecurYearDay, 1, 1, 9, 0)},
		{"每年七一", recIn(RecurYearDay, 7, 1, 9, 0)},
		{"每年建党节上午9点", recIn(RecurYearDay, 7, 1, 9, 0)},
		{"每年党的生日", recIn(RecurYearDay, 7, 1, 9, 0)},
		{"每年国庆节", recIn(RecurYearDay, 10, 1, 9, 0)},
		{"每年国庆 8点", recIn(RecurYearDay, 10, 1, 8, 0)},
		{"每年五四", recIn(RecurYearDay, 5, 4, 9, 0)},
		{"每年教师节", recIn(RecurYearDay, 9, 10, 9, 0)},
		{"每年元旦", recIn(RecurYearDay, 1, 1, 9, 0)},
		{"每年6月30號", recIn(RecurYearDay, 6, 30, 9, 0)}, // traditional 號

		// A day of each quarter.
		{"每季度第一个月", recIn(RecurQuarterDay, 1, 1, 9, 0)},
		{"每季度第一个月 10日", recIn(RecurQuarterDay, 1, 10, 9, 0)},
		{"每季度第一个月10号下午3点", recIn(RecurQuarterDay, 1, 10, 15, 0)},
		{"每季度第一个月10点", recIn(RecurQuarterDay, 1, 1, 10, 0)},
		{"每季度第二个月", recIn(RecurQuarterDay, 2, 1, 9, 0)},
		{"每季度第三个月15日", recIn(RecurQuarterDay, 3, 15, 9, 0)},
		{"每季度第2个月31日", recIn(RecurQuarterDay, 2, 31, 9, 0)},
		{"每个季度的第一个月5号", recIn(RecurQuarterDay, 1, 5, 9, 0)},
		{"每季第一月", recIn(RecurQuarterDay, 1, 1, 9, 0)},
		{"每季度初", recIn(RecurQuarterDay, 1, 1, 9, 0)},
		{"每季度第一天 8:30", recIn(RecurQuarterDay, 1, 1, 8, 30)},

		// A day of each half-year.
		{"每半年", recIn(RecurHalfYearDay, 1, 1, 9, 0)},
		{"每半年 下午3点", recIn(RecurHalfYearDay, 1, 1, 15, 0)},
		{"每半年初", recIn(RecurHalfYearDay, 1, 1, 9, 0)},
		{"每半年第一天", recIn(RecurHalfYearDay, 1, 1, 9, 0)},
		{"每半年第一个月15日", recIn(RecurHalfYearDay, 1, 15, 9, 0)},
		{"每半年第六个月", recIn(RecurHalfYearDay, 6, 1, 9, 0)},
		{"每个半年第三个月20号", recIn(RecurHalfYearDay, 3, 20, 9, 0)},
		{"每半年末", recOf(RecurHalfYearEnd, 9, 0)},
		{"每半年底 17:00", recOf(RecurHalfYearEnd, 17, 0)},
		{"每半年最后一天", recOf(RecurHalfYearEnd, 9, 0)},

		// A period's first or last working day.
		{"每月最后一个工作日", recOf(RecurMonthLastWorkday, 9, 0)},
		{"每月最后一个工作日 16:00", recOf(RecurMonthLastWorkday, 16, 0)},
		{"每个月的最后一个工作日下午4点", recOf(RecurMonthLastWorkday, 16, 0)},
		{"每月最后工作日", recOf(RecurMonthLastWorkday, 9, 0)},
		{"每月第一个工作日", recOf(RecurMonthFirstWorkday, 9, 0)},
		{"每月首个工作日 8点半", recOf(RecurMonthFirstWorkday, 8, 30)},
		{"每月第1个工作日", recOf(RecurMonthFirstWorkday, 9, 0)},
		{"每季度第一个工作日", recOf(RecurQuarterFirstWorkday, 9, 0)},
		{"每季度最后一个工作日 15:00", recOf(RecurQuarterLastWorkday, 15, 0)},
		{"每半年第一个工作日", recOf(RecurHalfYearFirstWorkday, 9, 0)},
		{"每半年最后一个工作日", recOf(RecurHalfYearLastWorkday, 9, 0)},
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
		{"每年", TimeUnrecognized},
		{"每年随便", TimeUnrecognized},
		{"每年6", TimeUnrecognized},
		{"每年6月30", TimeUnrecognized},
		{"每年6月30日前", TimeUnrecognized},
		{"每年春节", TimeUnrecognized}, // a lunar date moves: not a yearly day
		{"每年中秋", TimeUnrecognized},
		{"每年13月", TimeImpossible},
		{"每年0月", TimeImpossible},
		{"每年十三月5日", TimeImpossible},
		{"每年2月30日", TimeImpossible},
		{"每年6月31日", TimeImpossible},
		{"每年4月31号", TimeImpossible},
		{"每年6月0日", TimeImpossible},
		{"每年6月30日25点", TimeImpossible},
		{"每季度第四个月", TimeImpossible},
		{"每季度第0个月", TimeImpossible},
		{"每季度第十个月", TimeImpossible},
		{"每季度第一个月32日", TimeImpossible},
		{"每季度第", TimeUnrecognized},
		{"每季度第一个", TimeUnrecognized},
		{"每季度第一周", TimeUnrecognized},
		{"每季度第二个工作日", TimeUnrecognized},
		{"每半年第七个月", TimeImpossible},
		{"每半年第一个月0号", TimeImpossible},
		{"每半年随便", TimeUnrecognized},
		{"每月初一", TimeUnrecognized}, // lunar
		{"每月第二个工作日", TimeUnrecognized},
		{"每月最后一个", TimeUnrecognized},
		{"每年第一个工作日", TimeUnrecognized},
		{"每月最后一个工作日凌晨", TimeNightHour},
		{"每半年晚上12点", TimeAmbiguous},
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
		{"year day ahead", recIn(RecurYearDay, 6, 30, 9, 0), bj(2026, 11, 21, 10, 0), bj(2027, 6, 30, 9, 0)},
		{"year day later today", recIn(RecurYearDay, 6, 30, 9, 0), bj(2026, 6, 30, 8, 0), bj(2026, 6, 30, 9, 0)},
		{"year day 七一", recIn(RecurYearDay, 7, 1, 15, 0), bj(2026, 7, 1, 15, 0), bj(2027, 7, 1, 15, 0)},
		{"year Feb 29 common", recIn(RecurYearDay, 2, 29, 9, 0), bj(2026, 11, 21, 10, 0), bj(2027, 2, 28, 9, 0)},
		{"year Feb 29 leap", recIn(RecurYearDay, 2, 29, 9, 0), bj(2027, 2, 28, 9, 0), bj(2028, 2, 29, 9, 0)},
		{"year Feb 29 after leap", recIn(RecurYearDay, 2, 29, 9, 0), bj(2028, 2, 29, 9, 0), bj(2029, 2, 28, 9, 0)},
		{"quarter day", recIn(RecurQuarterDay, 1, 10, 9, 0), bj(2026, 11, 21, 10, 0), bj(2027, 1, 10, 9, 0)},
		{"quarter day next", recIn(RecurQuarterDay, 1, 10, 9, 0), bj(2027, 1, 10, 9, 0), bj(2027, 4, 10, 9, 0)},
		{"quarter 2nd month 31st November", recIn(RecurQuarterDay, 2, 31, 9, 0), bj(2026, 11, 21, 10, 0), bj(2026, 11, 30, 9, 0)},
		{"quarter 2nd month 31st February", recIn(RecurQuarterDay, 2, 31, 9, 0), bj(2026, 11, 30, 9, 0), bj(2027, 2, 28, 9, 0)},
		{"quarter 2nd month 31st leap", recIn(RecurQuarterDay, 2, 31, 9, 0), bj(2028, 2, 1, 9, 0), bj(2028, 2, 29, 9, 0)},
		{"quarter 2nd month 31st May", recIn(RecurQuarterDay, 2, 31, 9, 0), bj(2027, 2, 28, 9, 0), bj(2027, 5, 31, 9, 0)},
		{"quarter first day is 元旦", recIn(RecurQuarterDay, 1, 1, 9, 0), bj(2026, 12, 31, 10, 0), bj(2027, 1, 1, 9, 0)},
		{"half-year first day", recIn(RecurHalfYearDay, 1, 1, 9, 0), bj(2026, 11, 21, 10, 0), bj(2027, 1, 1, 9, 0)},
		{"half-year first day July", recIn(RecurHalfYearDay, 1, 1, 9, 0), bj(2027, 1, 1, 9, 0), bj(2027, 7, 1, 9, 0)},
		{"half-year 6th month", recIn(RecurHalfYearDay, 6, 15, 9, 0), bj(2026, 11, 21, 10, 0), bj(2026, 12, 15, 9, 0)},
		{"half-year end", recOf(RecurHalfYearEnd, 9, 0), bj(2026, 11, 21, 10, 0), bj(2026, 12, 31, 9, 0)},
		{"half-year end June", recOf(RecurHalfYearEnd, 9, 0), bj(2026, 12, 31, 9, 0), bj(2027, 6, 30, 9, 0)},
		{"last workday: Saturday 31st", recOf(RecurMonthLastWorkday, 16, 0), bj(2026, 1, 10, 9, 0), bj(2026, 1, 30, 16, 0)},
		{"last workday: 调休 Saturday", recOf(RecurMonthLastWorkday, 16, 0), bj(2026, 1, 30, 16, 0), bj(2026, 2, 28, 16, 0)},
		{"last workday: weekend end", recOf(RecurMonthLastWorkday, 16, 0), bj(2026, 5, 10, 9, 0), bj(2026, 5, 29, 16, 0)},
		{"last workday: before 国庆", recOf(RecurMonthLastWorkday, 16, 0), bj(2026, 9, 10, 9, 0), bj(2026, 9, 30, 16, 0)},
		{"last workday: later today", recOf(RecurMonthLastWorkday, 16, 0), bj(2026, 11, 30, 10, 0), bj(2026, 11, 30, 16, 0)},
		{"last workday: 调休 Sunday", recOf(RecurMonthLastWorkday, 16, 0), bj(2027, 1, 10, 9, 0), bj(2027, 1, 31, 16, 0)},
		{"last workday: after 春节", recOf(RecurMonthLastWorkday, 16, 0), bj(2027, 2, 1, 9, 0), bj(2027, 2, 26, 16, 0)},
		{"first workday: 调休 Sunday after 元旦", recOf(RecurMonthFirstWorkday, 9, 0), bj(2025, 12, 31, 10, 0), bj(2026, 1, 4, 9, 0)},
		{"first workday: Sunday 1st", recOf(RecurMonthFirstWorkday, 9, 0), bj(2026, 1, 4, 9, 0), bj(2026, 2, 2, 9, 0)},
		{"first workday: after 劳动节", recOf(RecurMonthFirstWorkday, 9, 0), bj(2026, 4, 30, 10, 0), bj(2026, 5, 6, 9, 0)},
		{"first workday: after 国庆", recOf(RecurMonthFirstWorkday, 9, 0), bj(2026, 9, 30, 10, 0), bj(2026, 10, 8, 9, 0)},
		{"first workday: next month", recOf(RecurMonthFirstWorkday, 9, 0), bj(2026, 10, 8, 9, 0), bj(2026, 11, 2, 9, 0)},
		{"quarter first workday", recOf(RecurQuarterFirstWorkday, 9, 0), bj(2026, 11, 21, 10, 0), bj(2027, 1, 4, 9, 0)},
		{"quarter first workday 国庆", recOf(RecurQuarterFirstWorkday, 9, 0), bj(2026, 9, 1, 10, 0), bj(2026, 10, 8, 9, 0)},
		{"quarter first workday April", recOf(RecurQuarterFirstWorkday, 9, 0), bj(2027, 1, 4, 9, 0), bj(2027, 4, 1, 9, 0)},
		{"quarter last workday", recOf(RecurQuarterLastWorkday, 9, 0), bj(2026, 11, 21, 10, 0), bj(2026, 12, 31, 9, 0)},
		{"quarter last workday June", recOf(RecurQuarterLastWorkday, 9, 0), bj(2027, 4, 1, 10, 0), bj(2027, 6, 30, 9, 0)},
		{"quarter last workday beyond the table", recOf(RecurQuarterLastWorkday, 9, 0), bj(2028, 7, 1, 10, 0), bj(2028, 9, 29, 9, 0)},
		{"half-year first workday", recOf(RecurHalfYearFirstWorkday, 9, 0), bj(2026, 11, 21, 10, 0), bj(2027, 1, 4, 9, 0)},
		{"half-year first workday July", recOf(RecurHalfYearFirstWorkday, 9, 0), bj(2027, 1, 4, 9, 0), bj(2027, 7, 1, 9, 0)},
		{"half-year first workday 2028", recOf(RecurHalfYearFirstWorkday, 9, 0), bj(2027, 7, 1, 9, 0), bj(2028, 1, 3, 9, 0)},
		{"half-year last workday", recOf(RecurHalfYearLastWorkday, 9, 0), bj(2026, 12, 31, 9, 0), bj(2027, 6, 30, 9, 0)},
		{"half-year last workday December", recOf(RecurHalfYearLastWorkday, 9, 0), bj(2027, 6, 30, 9, 0), bj(2027, 12, 31, 9, 0)},
		{"last workday in UTC", recOf(RecurMonthLastWorkday, 16, 0), time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 28, 16, 0, 0, 0, time.UTC)},
		{"in UTC", recDaily(9, 0), time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC), time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)},
		{"workdays in UTC", recOf(RecurWorkdays, 9, 0), time.Date(2026, 9, 30, 10, 0, 0, 0, time.UTC), time.Date(2026, 10, 8, 9, 0, 0, 0, time.UTC)},
		{"zero", Recurrence{}, bj(2026, 11, 21, 10, 0), time.Time{}},
		{"invalid hour", recDaily(24, 0), bj(2026, 11, 21, 10, 0), time.Time{}},
		{"invalid day", recMonthly(32, 9, 0), bj(2026, 11, 21, 10, 0), time.Time{}},
		{"invalid kind", Recurrence{Kind: 99}, bj(2026, 11, 21, 10, 0), time.Time{}},
		{"invalid year day", recIn(RecurYearDay, 2, 30, 9, 0), bj(2026, 11, 21, 10, 0), time.Time{}},
		{"invalid quarter month", recIn(RecurQuarterDay, 4, 1, 9, 0), bj(2026, 11, 21, 10, 0), time.Time{}},
		{"invalid half-year month", recIn(RecurHalfYearDay, 7, 1, 9, 0), bj(2026, 11, 21, 10, 0), time.Time{}},
		{"invalid month on a workday kind", recIn(RecurMonthLastWorkday, 1, 0, 9, 0), bj(2026, 11, 21, 10, 0), time.Time{}},
		{"invalid month on a daily", recIn(RecurDaily, 1, 0, 9, 0), bj(2026, 11, 21, 10, 0), time.Time{}},
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

func TestRecurrenceNextDSTYearly(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	// 每年3月8日 02:30: in 2026 the clock skips from 02:00 to 03:00 that
	// day, in 2027 the change is on March 14 and 02:30 exists.
	r := recIn(RecurYearDay, 3, 8, 2, 30)
	got := r.Next(time.Date(2026, 1, 1, 0, 0, 0, 0, ny))
	if want := time.Date(2026, 3, 8, 3, 0, 0, 0, ny); !got.Equal(want) {
		t.Errorf("%v.Next(2026-01-01) = %v, want %v", r, got, want)
	}
	if again, want := r.Next(got), time.Date(2027, 3, 8, 2, 30, 0, 0, ny); !again.Equal(want) {
		t.Errorf("%v.Next(%v) = %v, want %v", r, got, again, want)
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
		{recIn(RecurYearDay, 6, 30, 9, 0), "每年6月30日 09:00"},
		{recIn(RecurYearDay, 2, 29, 9, 0), "每年2月29日 09:00"},
		{recIn(RecurYearDay, 7, 1, 15, 0), "每年7月1日 15:00"},
		{recIn(RecurQuarterDay, 1, 1, 9, 0), "每季度第一天 09:00"},
		{recIn(RecurQuarterDay, 1, 10, 9, 0), "每季度第一个月10日 09:00"},
		{recIn(RecurQuarterDay, 3, 31, 9, 0), "每季度第三个月31日 09:00"},
		{recIn(RecurHalfYearDay, 1, 1, 9, 0), "每半年第一天 09:00"},
		{recIn(RecurHalfYearDay, 1, 15, 9, 0), "每半年第一个月15日 09:00"},
		{recIn(RecurHalfYearDay, 6, 1, 9, 0), "每半年第六个月1日 09:00"},
		{recOf(RecurHalfYearEnd, 17, 0), "每半年末 17:00"},
		{recOf(RecurMonthFirstWorkday, 9, 0), "每月第一个工作日 09:00"},
		{recOf(RecurMonthLastWorkday, 16, 0), "每月最后一个工作日 16:00"},
		{recOf(RecurQuarterFirstWorkday, 9, 0), "每季度第一个工作日 09:00"},
		{recOf(RecurQuarterLastWorkday, 9, 0), "每季度最后一个工作日 09:00"},
		{recOf(RecurHalfYearFirstWorkday, 9, 0), "每半年第一个工作日 09:00"},
		{recOf(RecurHalfYearLastWorkday, 9, 0), "每半年最后一个工作日 09:00"},
		{Recurrence{}, ""},
		{recIn(RecurYearDay, 6, 31, 9, 0), ""},
		{recIn(RecurQuarterDay, 0, 1, 9, 0), ""},
		{Recurrence{Kind: RecurHalfYearEnd, Weekday: time.Monday}, ""},
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
		// bound: MinInterval is a lower bound (the workday kinds), not the
		// shortest gap of these years.
		bound bool
	}{
		{recDaily(9, 0), day, false},
		{recOf(RecurWorkdays, 8, 30), day, false},
		{recWeekly(time.Monday, 9, 0), 7 * day, false},
		{recMonthly(1, 9, 0), 28 * day, false},
		{recMonthly(28, 9, 0), 28 * day, false},
		{recMonthly(29, 9, 0), 29 * day, false},
		{recMonthly(30, 9, 0), 29 * day, false},
		{recMonthly(31, 9, 0), 28 * day, false},
		{recOf(RecurMonthEnd, 9, 0), 28 * day, false},
		{recOf(RecurQuarterEnd, 9, 0), 90 * day, false},
		{recIn(RecurYearDay, 6, 30, 9, 0), 365 * day, false},
		{recIn(RecurYearDay, 2, 29, 9, 0), 365 * day, false},
		{recIn(RecurQuarterDay, 1, 1, 9, 0), 90 * day, false},  // Jan 1 to Apr 1 of a common year
		{recIn(RecurQuarterDay, 2, 1, 9, 0), 89 * day, false},  // Feb 1 to May 1 of a common year
		{recIn(RecurQuarterDay, 2, 31, 9, 0), 90 * day, false}, // Nov 30 to Feb 28
		{recIn(RecurQuarterDay, 3, 31, 9, 0), 90 * day, false}, // as 每季度末
		{recIn(RecurHalfYearDay, 1, 1, 9, 0), 181 * day, false},
		{recIn(RecurHalfYearDay, 2, 29, 9, 0), 182 * day, false}, // Feb 28 or 29 to Aug 29
		{recOf(RecurHalfYearEnd, 9, 0), 181 * day, false},
		{recOf(RecurMonthFirstWorkday, 9, 0), 16 * day, true},
		{recOf(RecurMonthLastWorkday, 9, 0), 16 * day, true},
		{recOf(RecurQuarterFirstWorkday, 9, 0), 78 * day, true},
		{recOf(RecurQuarterLastWorkday, 9, 0), 78 * day, true},
		{recOf(RecurHalfYearFirstWorkday, 9, 0), 169 * day, true},
		{recOf(RecurHalfYearLastWorkday, 9, 0), 169 * day, true},
		{Recurrence{}, 0, false},
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
			if shortest != tt.want && !(tt.bound && shortest > tt.want) {
				t.Errorf("shortest gap of %v from 2026 to 2033 = %v, want MinInterval %v", tt.r, shortest, tt.want)
			}
		})
	}
}

func TestRecurrenceUsesWorkdays(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"工作日 8点半", true}, {"每月最后一个工作日", true}, {"每月第一个工作日", true},
		{"每季度第一个工作日", true}, {"每季度最后一个工作日", true},
		{"每半年第一个工作日", true}, {"每半年最后一个工作日", true},
		{"每天", false}, {"每周五", false}, {"每月1日", false}, {"每月最后一天", false}, {"每季度末", false},
		{"每年6月30日", false}, {"每季度第一个月", false}, {"每半年", false}, {"每半年末", false},
	} {
		r, err := ParseRecurrence(tt.in)
		if err != nil {
			t.Fatalf("ParseRecurrence(%q): %v", tt.in, err)
		}
		if got := r.UsesWorkdays(); got != tt.want {
			t.Errorf("ParseRecurrence(%q).UsesWorkdays() = %v, want %v", tt.in, got, tt.want)
		}
	}
	if (Recurrence{Kind: RecurWorkdays, Hour: 24}).UsesWorkdays() {
		t.Error("an invalid Recurrence uses workdays")
	}
}

func FuzzParseRecurrence(f *testing.F) {
	for _, s := range []string{
		"每天 9点", "每周五下午3点", "每月1日9点", "每月31日", "每月最后一天 17:00", "每季度末",
		"工作日每天8点半", "每个工作日 8:30", "每月32日", "每天25点", "每周八", "每天晚上12点",
		"每年6月30日", "每年6月", "每年七一 下午3点", "每年2月29日", "每年2月30日", "每年13月",
		"每季度第一个月 10日", "每季度第二个月31日", "每季度初", "每季度第四个月", "每半年", "每半年末",
		"每半年第一个月15日", "每月最后一个工作日 16:00", "每月第一个工作日", "每季度最后一个工作日",
		"每半年第一个工作日",
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

// BenchmarkRecurrenceNext measures Next, which the scheduler and the
// reminder checks call many times, for each kind of day.
func BenchmarkRecurrenceNext(b *testing.B) {
	for _, s := range []string{"每天 9点", "每月最后一个工作日 16:00", "每季度第一个工作日", "每半年最后一个工作日",
		"每年6月30日", "每季度第一个月 10日", "每半年末"} {
		r, err := ParseRecurrence(s)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(r.String(), func(b *testing.B) {
			from := bj(2026, 7, 2, 10, 0)
			for b.Loop() {
				_ = r.Next(from)
			}
		})
	}
}
