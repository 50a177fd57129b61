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
