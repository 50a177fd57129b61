package cntime_test

import (
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/zhibu/zhibu/cntime"
)

// The examples read phrases as a branch secretary in Beijing would write
// them on Saturday 2026-11-21 at 10:00.

func ExampleParseTime() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, loc) // a Saturday

	for _, s := range []string{"下周三晚上7点", "明天 19:00", "2026-12-01 19:00", "十二月一日下午两点半"} {
		w, err := cntime.ParseTime(s, now)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s → %s\n", s, w.Time.Format("2006-01-02 15:04 Mon"))
	}
	// Output:
	// 下周三晚上7点 → 2026-11-25 19:00 Wed
	// 明天 19:00 → 2026-11-22 19:00 Sun
	// 2026-12-01 19:00 → 2026-12-01 19:00 Tue
	// 十二月一日下午两点半 → 2026-12-01 14:30 Tue
}

// A clock without a part of day is a 24-hour clock; 下午, 傍晚 and 晚上 add
// twelve hours to 1–11. A clock alone is on today's date, even when it has
// passed: HasDate says whether the phrase named a day.
func ExampleParseTime_clock() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, loc)

	for _, s := range []string{"7点", "19:00", "下午3点", "下午15:00", "晚上7点半", "中午12点", "凌晨12点"} {
		w, err := cntime.ParseTime(s, now)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s → %s HasDate=%t\n", s, w.Time.Format("2006-01-02 15:04"), w.HasDate)
	}
	// Output:
	// 7点 → 2026-11-21 19:00 HasDate=false
	// 19:00 → 2026-11-21 19:00 HasDate=false
	// 下午3点 → 2026-11-21 15:00 HasDate=false
	// 下午15:00 → 2026-11-21 15:00 HasDate=false
	// 晚上7点半 → 2026-11-21 19:30 HasDate=false
	// 中午12点 → 2026-11-21 12:00 HasDate=false
	// 凌晨12点 → 2026-11-21 00:00 HasDate=false
}

// A date without a year takes the year that puts it nearest to now: on
// 2026-11-21, 11月20日 is yesterday and 1月5日 is in January 2027. A bare
// 15号 or 5号 is in the nearest month: the 15th of November, six days ago,
// but the 5th of December, in two weeks.
func ExampleParseTime_nearestYear() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, loc)

	for _, s := range []string{"11月20日", "1月5日", "1/5 9:00", "12.31", "15号", "5号", "元旦"} {
		w, err := cntime.ParseTime(s, now)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s → %s\n", s, w.Time.Format("2006-01-02 15:04"))
	}
	// Output:
	// 11月20日 → 2026-11-20 00:00
	// 1月5日 → 2027-01-05 00:00
	// 1/5 9:00 → 2027-01-05 09:00
	// 12.31 → 2026-12-31 00:00
	// 15号 → 2026-11-15 00:00
	// 5号 → 2026-12-05 00:00
	// 元旦 → 2027-01-01 00:00
}

// Days and weeks can be named relative to today. A day without a clock
// (明天下午, 3天后) has HasClock false and its Time at midnight, so the
// caller knows to ask for the time; an offset in hours or minutes is an
// instant.
func ExampleParseTime_relative() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, loc) // a Saturday

	for _, s := range []string{"周三", "本周三", "下周三", "月底", "明天下午", "3天后", "2小时后", "半小时后"} {
		w, err := cntime.ParseTime(s, now)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s → %s HasClock=%t\n", s, w.Time.Format("2006-01-02 15:04 Mon"), w.HasClock)
	}
	// Output:
	// 周三 → 2026-11-25 00:00 Wed HasClock=false
	// 本周三 → 2026-11-18 00:00 Wed HasClock=false
	// 下周三 → 2026-11-25 00:00 Wed HasClock=false
	// 月底 → 2026-11-30 00:00 Mon HasClock=false
	// 明天下午 → 2026-11-22 15:00 Sun HasClock=true
	// 3天后 → 2026-11-24 00:00 Tue HasClock=false
	// 2小时后 → 2026-11-21 12:00 Sat HasClock=true
	// 半小时后 → 2026-11-21 10:30 Sat HasClock=true
}

// A range ends on the start's day unless it names another, and an end
// clock borrows the start's part of day: 下午3点到5点 ends at 17:00. A
// phrase that is not a range has the zero When as its end.
func ExampleParseTimeRange() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, loc)

	for _, s := range []string{"明天下午3点到5点", "下午3-5点", "2026-11-25 19:00~21:30", "今晚10点到明天凌晨1点", "10-12", "22:00-01:00"} {
		start, end, err := cntime.ParseTimeRange(s, now)
		switch {
		case err != nil:
			fmt.Printf("%s → %v\n", s, err)
		case end.IsZero():
			fmt.Printf("%s → %s, not a range\n", s, start.Time.Format("2006-01-02 15:04"))
		default:
			fmt.Printf("%s → %s to %s\n", s, start.Time.Format("2006-01-02 15:04"), end.Time.Format("2006-01-02 15:04"))
		}
	}
	// Output:
	// 明天下午3点到5点 → 2026-11-22 15:00 to 2026-11-22 17:00
	// 下午3-5点 → 2026-11-21 15:00 to 2026-11-21 17:00
	// 2026-11-25 19:00~21:30 → 2026-11-25 19:00 to 2026-11-25 21:30
	// 今晚10点到明天凌晨1点 → 2026-11-21 22:00 to 2026-11-22 01:00
	// 10-12 → 2026-10-12 00:00, not a range
	// 22:00-01:00 → time "22:00-01:00": backwards
}

// ParseTimeRange returns the zero When as the end of a phrase that is
// not a range.
func ExampleWhen_IsZero() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, loc)

	_, end, err := cntime.ParseTimeRange("明天19:00", now)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(end.IsZero())
	// Output:
	// true
}

// Every refusal is a *TimeError. Its Reason tells the bot what to say:
// the phrase was not understood, names no such time, or could mean two.
func ExampleTimeError() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, loc)

	for _, s := range []string{"2月30日", "下午13点", "25点", "晚上12点", "9:5", "下下下周八"} {
		_, err := cntime.ParseTime(s, now)
		var te *cntime.TimeError
		if !errors.As(err, &te) {
			log.Fatalf("ParseTime(%q) = %v, want a *TimeError", s, err)
		}
		switch te.Reason {
		case cntime.TimeImpossible:
			fmt.Printf("%s: there is no such time\n", te.Input)
		case cntime.TimeAmbiguous:
			fmt.Printf("%s: it could mean two times\n", te.Input)
		case cntime.TimeUnrecognized:
			fmt.Printf("%s: not understood\n", te.Input)
		}
	}
	// Output:
	// 2月30日: there is no such time
	// 下午13点: there is no such time
	// 25点: there is no such time
	// 晚上12点: it could mean two times
	// 9:5: it could mean two times
	// 下下下周八: not understood
}

// A period is half-open, [From, To), with a label for headings. Without a
// year, a quarter or a month is the latest one that has begun.
func ExampleParsePeriod() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, loc)

	for _, s := range []string{"", "上月", "2026Q3", "12月", "去年下半年", "2026-01~2026-06"} {
		p, err := cntime.ParsePeriod(s, now)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%q → %s [%s, %s)\n", s, p.Label, p.From.Format(time.DateOnly), p.To.Format(time.DateOnly))
	}
	// Output:
	// "" → 2026年第四季度 [2026-10-01, 2027-01-01)
	// "上月" → 2026年10月 [2026-10-01, 2026-11-01)
	// "2026Q3" → 2026年第三季度 [2026-07-01, 2026-10-01)
	// "12月" → 2025年12月 [2025-12-01, 2026-01-01)
	// "去年下半年" → 2025年下半年 [2025-07-01, 2026-01-01)
	// "2026-01~2026-06" → 2026年1月至2026年6月 [2026-01-01, 2026-07-01)
}

func ExampleMonthOf() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, loc)

	p := cntime.MonthOf(now)
	fmt.Printf("%s [%s, %s)\n", p.Label, p.From.Format(time.DateOnly), p.To.Format(time.DateOnly))
	// Output:
	// 2026年11月 [2026-11-01, 2026-12-01)
}

func ExampleQuarterOf() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, loc)

	p := cntime.QuarterOf(now)
	fmt.Printf("%s [%s, %s)\n", p.Label, p.From.Format(time.DateOnly), p.To.Format(time.DateOnly))
	// Output:
	// 2026年第四季度 [2026-10-01, 2027-01-01)
}

func ExampleYearOf() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, loc)

	p := cntime.YearOf(now)
	fmt.Printf("%s [%s, %s)\n", p.Label, p.From.Format(time.DateOnly), p.To.Format(time.DateOnly))
	// Output:
	// 2026年 [2026-01-01, 2027-01-01)
}

// A schedule without a clock is at 09:00; 每月31日 is kept as written and
// fires on the last day of a shorter month.
func ExampleParseRecurrence() {
	for _, s := range []string{"每周五下午3点", "每月15日", "每月底", "工作日每天8点半", "每季度末 18:00", "每月32日", "每天下午"} {
		r, err := cntime.ParseRecurrence(s)
		if err != nil {
			fmt.Printf("%s → %v\n", s, err)
			continue
		}
		fmt.Printf("%s → %s\n", s, r)
	}
	// Output:
	// 每周五下午3点 → 每周五 15:00
	// 每月15日 → 每月15日 09:00
	// 每月底 → 每月最后一天 09:00
	// 工作日每天8点半 → 工作日 08:30
	// 每季度末 18:00 → 每季度末 18:00
	// 每月32日 → time "每月32日": impossible
	// 每天下午 → 每天 15:00
}

// 工作日 skips public holidays and weekends but fires on the weekend days
// that are 调休 make-up working days: after 国庆节 2026, Saturday 10月10日.
func ExampleRecurrence_Next() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	r, err := cntime.ParseRecurrence("工作日 8点半")
	if err != nil {
		log.Fatal(err)
	}

	t := time.Date(2026, 9, 30, 10, 0, 0, 0, loc)
	for range 4 {
		t = r.Next(t)
		fmt.Println(t.Format("2006-01-02 15:04 Mon"))
	}
	// Output:
	// 2026-10-08 08:30 Thu
	// 2026-10-09 08:30 Fri
	// 2026-10-10 08:30 Sat
	// 2026-10-12 08:30 Mon
}

// 每月31日 fires on the last day of a month that has no 31st, rather than
// skip it.
func ExampleRecurrence_Next_monthDay() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, loc)
	r, err := cntime.ParseRecurrence("每月31日")
	if err != nil {
		log.Fatal(err)
	}

	t := now
	for range 4 {
		t = r.Next(t)
		fmt.Println(t.Format("2006-01-02 15:04"))
	}
	// Output:
	// 2026-11-30 09:00
	// 2026-12-31 09:00
	// 2027-01-31 09:00
	// 2027-02-28 09:00
}

// Schedules by year, quarter and half-year: a period written without a day
// means its first day, and named fixed dates are read as their day.
func ExampleParseRecurrence_periods() {
	for _, s := range []string{"每年6月30号 下午3点", "每年6月", "每年建党节", "每季度第一个月 10日", "每季度初",
		"每半年", "每半年末", "每月最后一个工作日 16:00", "每年2月30日", "每季度第四个月"} {
		r, err := cntime.ParseRecurrence(s)
		if err != nil {
			fmt.Printf("%s → %v\n", s, err)
			continue
		}
		fmt.Printf("%s → %s\n", s, r)
	}
	// Output:
	// 每年6月30号 下午3点 → 每年6月30日 15:00
	// 每年6月 → 每年6月1日 09:00
	// 每年建党节 → 每年7月1日 09:00
	// 每季度第一个月 10日 → 每季度第一个月10日 09:00
	// 每季度初 → 每季度第一天 09:00
	// 每半年 → 每半年第一天 09:00
	// 每半年末 → 每半年末 09:00
	// 每月最后一个工作日 16:00 → 每月最后一个工作日 16:00
	// 每年2月30日 → time "每年2月30日": impossible
	// 每季度第四个月 → time "每季度第四个月": impossible
}

// A month's last working day skips weekends and holidays and counts 调休
// make-up days: in 2026 January ends on a Saturday, and Saturday 2月28日 is a
// make-up working day after 春节.
func ExampleRecurrence_Next_lastWorkday() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	r, err := cntime.ParseRecurrence("每月最后一个工作日 16:00")
	if err != nil {
		log.Fatal(err)
	}

	t := time.Date(2026, 1, 10, 9, 0, 0, 0, loc)
	for range 5 {
		t = r.Next(t)
		fmt.Println(t.Format("2006-01-02 15:04 Mon"))
	}
	// Output:
	// 2026-01-30 16:00 Fri
	// 2026-02-28 16:00 Sat
	// 2026-03-31 16:00 Tue
	// 2026-04-30 16:00 Thu
	// 2026-05-29 16:00 Fri
}

// 每年2月29日 fires on February 28th in a common year rather than once in
// four years.
func ExampleRecurrence_Next_yearly() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	r, err := cntime.ParseRecurrence("每年2月29日")
	if err != nil {
		log.Fatal(err)
	}

	t := time.Date(2026, 11, 21, 10, 0, 0, 0, loc)
	for range 3 {
		t = r.Next(t)
		fmt.Println(t.Format("2006-01-02 15:04"))
	}
	// Output:
	// 2027-02-28 09:00
	// 2028-02-29 09:00
	// 2029-02-28 09:00
}

// UsesWorkdays finds the schedules that depend on the State Council's
// holiday table.
func ExampleRecurrence_UsesWorkdays() {
	for _, s := range []string{"工作日 8点半", "每月最后一个工作日", "每季度第一个工作日", "每月最后一天", "每半年"} {
		r, err := cntime.ParseRecurrence(s)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(s, r.UsesWorkdays())
	}
	// Output:
	// 工作日 8点半 true
	// 每月最后一个工作日 true
	// 每季度第一个工作日 true
	// 每月最后一天 false
	// 每半年 false
}

// MinInterval is the shortest gap between two firings, for refusing
// schedules that fire too often.
func ExampleRecurrence_MinInterval() {
	for _, s := range []string{"每天9点", "工作日9点", "每周一", "每月15日", "每月30日", "每季度末", "每年6月30日", "每月最后一个工作日"} {
		r, err := cntime.ParseRecurrence(s)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %d days\n", s, r.MinInterval()/(24*time.Hour))
	}
	// Output:
	// 每天9点: 1 days
	// 工作日9点: 1 days
	// 每周一: 7 days
	// 每月15日: 28 days
	// 每月30日: 29 days
	// 每季度末: 90 days
	// 每年6月30日: 365 days
	// 每月最后一个工作日: 16 days
}

// String writes a schedule in one canonical form, whichever way it was
// written, so two spellings of one schedule read the same in a listing.
func ExampleRecurrence_String() {
	for _, s := range []string{"每个礼拜五 下午三点", "每星期5的15:00", "每个月最后一天", "天天早上7点"} {
		r, err := cntime.ParseRecurrence(s)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.String())
	}
	// Output:
	// 每周五 15:00
	// 每周五 15:00
	// 每月最后一天 09:00
	// 每天 07:00
}

func ExampleRecurrence_IsZero() {
	r, err := cntime.ParseRecurrence("随便")
	fmt.Println(r.IsZero(), err != nil)
	// Output:
	// true true
}

// 2026's 国庆节 runs from 10月1日 to 7日, and Saturday 10月10日 is a make-up
// working day (调休上班); an ordinary Saturday is not a working day.
func ExampleWorkday() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range []time.Time{
		time.Date(2026, 9, 30, 9, 0, 0, 0, loc),
		time.Date(2026, 10, 1, 9, 0, 0, 0, loc),
		time.Date(2026, 10, 10, 9, 0, 0, 0, loc),
		time.Date(2026, 11, 21, 9, 0, 0, 0, loc),
		time.Date(2026, 11, 23, 9, 0, 0, 0, loc),
	} {
		fmt.Println(d.Format("2006-01-02 Mon"), cntime.Workday(d))
	}
	// Output:
	// 2026-09-30 Wed true
	// 2026-10-01 Thu false
	// 2026-10-10 Sat true
	// 2026-11-21 Sat false
	// 2026-11-23 Mon true
}

func ExampleHoliday() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range []time.Time{
		time.Date(2026, 2, 17, 9, 0, 0, 0, loc),
		time.Date(2026, 10, 3, 9, 0, 0, 0, loc), // a Saturday inside the holiday
		time.Date(2026, 10, 10, 9, 0, 0, 0, loc),
	} {
		name, ok := cntime.Holiday(d)
		fmt.Printf("%s %q %t\n", d.Format(time.DateOnly), name, ok)
	}
	// Output:
	// 2026-02-17 "春节" true
	// 2026-10-03 "国庆节" true
	// 2026-10-10 "" false
}

// Outside these years Workday counts every Monday to Friday, so a year's
// notice should be added when the State Council publishes it.
func ExampleHolidayYears() {
	fmt.Println(cntime.HolidayYears())
	// Output:
	// [2026 2027]
}
