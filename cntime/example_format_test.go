package cntime_test

import (
	"fmt"
	"log"
	"time"

	"github.com/zhibu/zhibu/cntime"
)

func ExampleWeekdayName() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, loc)

	fmt.Println(cntime.WeekdayName(now))
	// Output:
	// 周六
}

// The day is written in t's location: 20:00 UTC is already the next day
// in Beijing.
func ExampleFormatDay() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	t := time.Date(2026, 11, 24, 20, 0, 0, 0, time.UTC)

	fmt.Println(cntime.FormatDay(t))
	fmt.Println(cntime.FormatDay(t.In(loc)))
	// Output:
	// 11月24日 周二
	// 11月25日 周三
}

func ExampleFormatLongDay() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cntime.FormatLongDay(time.Date(2026, 11, 25, 19, 0, 0, 0, loc)))
	// Output:
	// 2026年11月25日 周三
}

func ExampleFormatDate() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cntime.FormatDate(time.Date(2026, 11, 25, 19, 0, 0, 0, loc)))
	// Output:
	// 2026年11月25日
}

// The year is written only when it is not now's.
func ExampleFormatDateTime() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, loc)

	fmt.Println(cntime.FormatDateTime(time.Date(2026, 11, 25, 19, 0, 0, 0, loc), now))
	fmt.Println(cntime.FormatDateTime(time.Date(2027, 1, 5, 7, 5, 0, 0, loc), now))
	// Output:
	// 11月25日 周三 19:00
	// 2027年1月5日 周二 07:05
}

// The way the bot shows a meeting: the end is written as a clock, and a
// meeting without an end has the zero time.
func ExampleFormatTimeRange() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, loc)
	start := time.Date(2026, 11, 25, 19, 0, 0, 0, loc)

	fmt.Println(cntime.FormatTimeRange(start, start.Add(2*time.Hour), now))
	fmt.Println(cntime.FormatTimeRange(start, time.Time{}, now))
	// Output:
	// 11月25日 周三 19:00–21:00
	// 11月25日 周三 19:00
}

func ExampleFormatClockRange() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	start := time.Date(2026, 11, 25, 19, 0, 0, 0, loc)

	fmt.Println(cntime.FormatClockRange(start, start.Add(150*time.Minute)))
	fmt.Println(cntime.FormatClockRange(start, time.Time{}))
	// Output:
	// 19:00–21:30
	// 19:00
}

// A deadline written as a day alone ("截止 11月30日") is kept as 23:59 of
// that day, and written back as the day.
func ExampleFormatDeadline() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cntime.FormatDeadline(time.Date(2026, 11, 30, 23, 59, 0, 0, loc)))
	fmt.Println(cntime.FormatDeadline(time.Date(2026, 11, 30, 18, 0, 0, 0, loc)))
	// Output:
	// 11月30日 周一
	// 11月30日 周一 18:00
}

// Quiet hours are kept as minutes after midnight.
func ExampleFormatTimeOfDay() {
	fmt.Println(cntime.FormatTimeOfDay(22*60) + "-" + cntime.FormatTimeOfDay(7*60+30))
	// Output:
	// 22:00-07:30
}

// The morning of a deadline's day, for a reminder.
func ExampleDayAt() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	deadline := time.Date(2026, 11, 30, 23, 59, 0, 0, loc)

	fmt.Println(cntime.DayAt(deadline, 9, 0).Format("2006-01-02 15:04"))
	fmt.Println(cntime.DayAt(deadline.AddDate(0, 0, -3), 9, 0).Format("2006-01-02 15:04"))
	// Output:
	// 2026-11-30 09:00
	// 2026-11-27 09:00
}

// Calendar days, not periods of 24 hours: from Saturday 22:00 to Monday
// 08:00 is two days.
func ExampleDaysBetween() {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 22, 0, 0, 0, loc)

	fmt.Println(cntime.DaysBetween(now, time.Date(2026, 11, 23, 8, 0, 0, 0, loc)))
	fmt.Println(cntime.DaysBetween(now, time.Date(2026, 11, 21, 23, 59, 0, 0, loc)))
	fmt.Println(cntime.DaysBetween(now, time.Date(2027, 1, 1, 0, 0, 0, 0, loc)))
	// Output:
	// 2
	// 0
	// 41
}
