package cntime

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

// Nows of the time-parsing tests, all in Beijing. testNow is Saturday 2026-11-21 10:00.
var (
	tpMonday = time.Date(2026, 11, 23, 9, 0, 0, 0, testNow.Location())   // Monday
	tpSunday = time.Date(2026, 11, 22, 20, 0, 0, 0, testNow.Location())  // Sunday evening
	tpDec31  = time.Date(2026, 12, 31, 18, 0, 0, 0, testNow.Location())  // Thursday, New Year's Eve
	tpJan5   = time.Date(2027, 1, 5, 8, 30, 0, 0, testNow.Location())    // Tuesday
	tpOddSec = time.Date(2026, 11, 21, 10, 0, 37, 5, testNow.Location()) // seconds to drop
)

// bj is a time in Beijing.
func bj(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, testNow.Location())
}

// day and at build the When a test expects: a day only, or a day and a clock.
func day(y int, m time.Month, d int) When {
	return When{Time: bj(y, m, d, 0, 0), HasDate: true}
}

func at(y int, m time.Month, d, h, min int) When {
	return When{Time: bj(y, m, d, h, min), HasDate: true, HasClock: true}
}

// clockOn is a clock with no day named, on the day of now.
func clockOn(now time.Time, h, min int) When {
	y, m, d := now.Date()
	return When{Time: time.Date(y, m, d, h, min, 0, 0, now.Location()), HasClock: true}
}

func fmtWhen(w When) string {
	if w.IsZero() {
		return "zero"
	}
	return fmt.Sprintf("%s date=%v clock=%v", w.Time.Format("2006-01-02 15:04:05 MST"), w.HasDate, w.HasClock)
}

func sameWhen(got, want When) bool {
	return got.Time.Equal(want.Time) && got.HasDate == want.HasDate && got.HasClock == want.HasClock &&
		(got.IsZero() || got.Time.Location() == want.Time.Location())
}

func TestParseTime(t *testing.T) {
	sat := testNow
	tests := []struct {
		in   string
		now  time.Time
		want When
	}{
		// Dates, with or without a year.
		{"2026-11-25", sat, day(2026, 11, 25)},
		{"2026/11/25", sat, day(2026, 11, 25)},
		{"2026.11.25", sat, day(2026, 11, 25)},
		{"2026-1-5", sat, day(2026, 1, 5)},
		{"11/25", sat, day(2026, 11, 25)},
		{"11.25", sat, day(2026, 11, 25)},
		{"11-25", sat, day(2026, 11, 25)},
		{"2026年11月25日", sat, day(2026, 11, 25)},
		{"11月25日", sat, day(2026, 11, 25)},
		{"11月25号", sat, day(2026, 11, 25)},
		{"11月25", sat, day(2026, 11, 25)},
		{"十一月二十五日", sat, day(2026, 11, 25)},
		{"十二月一号", sat, day(2026, 12, 1)},
		{"二〇二六年十一月二十五日", sat, day(2026, 11, 25)},
		{"11/20", sat, day(2026, 11, 20)},
		{"1/5", sat, day(2027, 1, 5)},
		{"5月20日", sat, day(2027, 5, 20)}, // 180 days ahead beats 185 behind
		{"6月1日", sat, day(2026, 6, 1)},
		{"25号", sat, day(2026, 11, 25)},
		{"1号", sat, day(2026, 12, 1)},
		{"七一", sat, day(2026, 7, 1)},
		{"国庆", sat, day(2026, 10, 1)},
		{"元旦", sat, day(2027, 1, 1)},
		// Clocks without a day are today.
		{"19:00", sat, clockOn(sat, 19, 0)},
		{"19：00", sat, clockOn(sat, 19, 0)},
		{"9:05", sat, clockOn(sat, 21, 5)}, // 09:05 has passed: this evening
		{"00:00", sat, clockOn(sat, 0, 0)}, // a padded 24-hour clock is as written
		{"19点", sat, clockOn(sat, 19, 0)},
		{"7点", sat, clockOn(sat, 19, 0)},
		{"7点半", sat, clockOn(sat, 19, 30)},
		{"19点30分", sat, clockOn(sat, 19, 30)},
		{"7点30", sat, clockOn(sat, 19, 30)},
		{"7点一刻", sat, clockOn(sat, 19, 15)},
		{"7点三刻", sat, clockOn(sat, 19, 45)},
		{"19时30分", sat, clockOn(sat, 19, 30)},
		{"十九点三十分", sat, clockOn(sat, 19, 30)},
		{"七点零五", sat, clockOn(sat, 19, 5)},
		{"7点5分", sat, clockOn(sat, 19, 5)},
		{"两点半", sat, clockOn(sat, 14, 30)}, // never at night without 凌晨
		{"凌晨零点", sat, clockOn(sat, 0, 0)},
		{"12点", sat, clockOn(sat, 12, 0)},
		{"7点钟", sat, clockOn(sat, 19, 0)},
		{"８点整", sat, clockOn(sat, 20, 0)},
		// Parts of day.
		{"下午3点", sat, clockOn(sat, 15, 0)},
		{"晚上7点", sat, clockOn(sat, 19, 0)},
		{"晚7点", sat, clockOn(sat, 19, 0)},
		{"傍晚6点", sat, clockOn(sat, 18, 0)},
		{"中午12点", sat, clockOn(sat, 12, 0)},
		{"中午1点", sat, clockOn(sat, 13, 0)},
		{"上午10点", sat, clockOn(sat, 10, 0)},
		{"上午12点", sat, clockOn(sat, 12, 0)},
		{"凌晨2点", sat, clockOn(sat, 2, 0)},
		{"凌晨12点", sat, clockOn(sat, 0, 0)},
		{"早上8点", sat, clockOn(sat, 8, 0)},
		{"早晨7点半", sat, clockOn(sat, 7, 30)},
		{"夜里11点", sat, clockOn(sat, 23, 0)},
		{"下午12点", sat, clockOn(sat, 12, 0)},
		{"下午3:30", sat, clockOn(sat, 15, 30)},
		{"下午15:00", sat, clockOn(sat, 15, 0)},
		{"晚上19:30", sat, clockOn(sat, 19, 30)},
		{"明天下午", sat, at(2026, 11, 22, 15, 0)}, // a part alone: its usual hour
		{"今晚", sat, at(2026, 11, 21, 19, 30)},
		// Relative days.
		{"今天", sat, day(2026, 11, 21)},
		{"明天", sat, day(2026, 11, 22)},
		{"后天", sat, day(2026, 11, 23)},
		{"大后天", sat, day(2026, 11, 24)},
		{"昨天", sat, day(2026, 11, 20)},
		{"前天", sat, day(2026, 11, 19)},
		{"今晚7点", sat, at(2026, 11, 21, 19, 0)},
		{"明晚8点", sat, at(2026, 11, 22, 20, 0)},
		{"明早8点", sat, at(2026, 11, 22, 8, 0)},
		{"明天早上9点", sat, at(2026, 11, 22, 9, 0)},
		{"昨天下午3点", sat, at(2026, 11, 20, 15, 0)},
		// Weekdays; the week of testNow runs Monday 11-16 to Sunday 11-22.
		{"周三", sat, day(2026, 11, 25)},
		{"星期三", sat, day(2026, 11, 25)},
		{"礼拜三", sat, day(2026, 11, 25)},
		{"周六", sat, day(2026, 11, 21)},
		{"周日", sat, day(2026, 11, 22)},
		{"周天", sat, day(2026, 11, 22)},
		{"星期日", sat, day(2026, 11, 22)},
		{"星期天", sat, day(2026, 11, 22)},
		{"周5", sat, day(2026, 11, 27)},
		{"本周五", sat, day(2026, 11, 20)},
		{"这周五", sat, day(2026, 11, 20)},
		{"这个星期一", sat, day(2026, 11, 16)},
		{"下周三", sat, day(2026, 11, 25)},
		{"下星期一", sat, day(2026, 11, 23)},
		{"下个礼拜天", sat, day(2026, 11, 29)},
		{"下下周三", sat, day(2026, 12, 2)},
		{"上周三", sat, day(2026, 11, 11)},
		{"周一", tpMonday, day(2026, 11, 23)},
		{"周日", tpMonday, day(2026, 11, 29)},
		{"本周日", tpMonday, day(2026, 11, 29)},
		{"下周一", tpMonday, day(2026, 11, 30)},
		{"上周日", tpMonday, day(2026, 11, 22)},
		{"周日", tpSunday, day(2026, 11, 22)},
		{"周一", tpSunday, day(2026, 11, 23)},
		{"本周一", tpSunday, day(2026, 11, 16)},
		{"下周一", tpSunday, day(2026, 11, 23)},
		{"下周一", tpDec31, day(2027, 1, 4)},
		// Month ends and starts.
		{"月底", sat, day(2026, 11, 30)},
		{"本月底", sat, day(2026, 11, 30)},
		{"下月底", sat, day(2026, 12, 31)},
		{"下个月底", tpDec31, day(2027, 1, 31)},
		{"月初", sat, day(2026, 11, 1)},
		{"下月初", tpDec31, day(2027, 1, 1)},
		{"月底", tpDec31, day(2026, 12, 31)},
		// Offsets.
		{"3天后", sat, day(2026, 11, 24)},
		{"三天后", sat, day(2026, 11, 24)},
		{"3天以后", sat, day(2026, 11, 24)},
		{"3天前", sat, day(2026, 11, 18)},
		{"1周后", sat, day(2026, 11, 28)},
		{"一周后", sat, day(2026, 11, 28)},
		{"两个星期后", sat, day(2026, 12, 5)},
		{"2小时后", sat, at(2026, 11, 21, 12, 0)},
		{"两小时后", sat, at(2026, 11, 21, 12, 0)},
		{"30分钟后", sat, at(2026, 11, 21, 10, 30)},
		{"半小时后", sat, at(2026, 11, 21, 10, 30)},
		{"半个小时后", sat, at(2026, 11, 21, 10, 30)},
		{"一个半小时后", sat, at(2026, 11, 21, 11, 30)},
		{"2小时后", tpOddSec, at(2026, 11, 21, 12, 0)},
		{"10小时后", tpDec31, at(2027, 1, 1, 4, 0)},
		{"3天后 下午3点", sat, at(2026, 11, 24, 15, 0)},
		{"3天后19:00", sat, at(2026, 11, 24, 19, 0)},
		// Combinations.
		{"下周三晚上7点", sat, at(2026, 11, 25, 19, 0)},
		{"明天 19:00", sat, at(2026, 11, 22, 19, 0)},
		{"明天,19:00", sat, at(2026, 11, 22, 19, 0)},
		{"11月25日 19:30", sat, at(2026, 11, 25, 19, 30)},
		{"11月25日晚上7点", sat, at(2026, 11, 25, 19, 0)},
		{"2026-11-25 19:00", sat, at(2026, 11, 25, 19, 0)},
		{"2026/11/25 19:00", sat, at(2026, 11, 25, 19, 0)},
		{"周五下午3点半", sat, at(2026, 11, 27, 15, 30)},
		{"周三 下午 3 点", sat, at(2026, 11, 25, 15, 0)},
		{"19:00 明天", sat, at(2026, 11, 22, 19, 0)},
		{"1/5 19:00", tpDec31, at(2027, 1, 5, 19, 0)},
		{"12/25", tpDec31, day(2026, 12, 25)},
		{"明天", tpDec31, day(2027, 1, 1)},
		{"12月30日", tpJan5, day(2026, 12, 30)},
		// Full-width forms, spaces, quotes, punctuation.
		{"１９：００", sat, clockOn(sat, 19, 0)},
		{"２０２６－１１－２５", sat, day(2026, 11, 25)},
		{"  明天　19:00。 ", sat, at(2026, 11, 22, 19, 0)},
		{"“明天下午3点”", sat, at(2026, 11, 22, 15, 0)},
		{"明天19:00！", sat, at(2026, 11, 22, 19, 0)},
		{"周三晚7点?", sat, at(2026, 11, 25, 19, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTime(tt.in, tt.now)
			if err != nil || !sameWhen(got, tt.want) {
				t.Errorf("ParseTime(%q) = %s, %v; want %s", tt.in, fmtWhen(got), err, fmtWhen(tt.want))
			}
		})
	}
}

func TestParseTimeRefused(t *testing.T) {
	tests := []struct {
		in   string
		want TimeReason
	}{
		{"", TimeUnrecognized},
		{"   ", TimeUnrecognized},
		{"随便", TimeUnrecognized},
		{"下下下周八", TimeUnrecognized},
		{"周八", TimeUnrecognized},
		{"明天或后天", TimeUnrecognized},
		{"明天后天", TimeUnrecognized},
		{"下午", TimeUnrecognized},
		{"下周", TimeUnrecognized},
		{"11月", TimeUnrecognized},
		{"2026-11", TimeUnrecognized},
		{"2小时后 明天", TimeUnrecognized},
		{"明天 2小时后", TimeUnrecognized},
		{"19:00 20:00", TimeUnrecognized},
		{"123:00", TimeUnrecognized},
		{"19:00:00", TimeUnrecognized},
		{"11/25/2026", TimeUnrecognized},
		{"2月30日", TimeImpossible},
		{"2026年2月29日", TimeImpossible},
		{"2026-13-01", TimeImpossible},
		{"13月", TimeImpossible},
		{"十三月一日", TimeImpossible},
		{"32号", TimeImpossible},
		{"11/31", TimeImpossible},
		{"25点", TimeImpossible},
		{"24:00", TimeImpossible},
		{"19:60", TimeImpossible},
		{"7点60分", TimeImpossible},
		{"下午13点", TimeImpossible},
		{"上午15点", TimeImpossible},
		{"上午15:00", TimeImpossible},
		{"凌晨8点", TimeImpossible},
		{"中午5点", TimeImpossible},
		{"下午0点", TimeImpossible},
		{"晚上12点", TimeAmbiguous},
		{"上周三晚上12点", TimeAmbiguous},
		{"夜里2点", TimeAmbiguous},
		{"9:5", TimeAmbiguous},
		{"7点5", TimeAmbiguous},
		{"七点五", TimeAmbiguous},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTime(tt.in, testNow)
			var te *TimeError
			if !errors.As(err, &te) || te.Reason != tt.want {
				t.Fatalf("ParseTime(%q) = %s, %v; want reason %s", tt.in, fmtWhen(got), err, tt.want)
			}
			if te.Input != trimmedSpace(tt.in) {
				t.Errorf("ParseTime(%q) error Input = %q, want the trimmed input", tt.in, te.Input)
			}
		})
	}
}

func trimmedSpace(s string) string {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}

// TestParseTimeDST checks that a zone with daylight saving time keeps the
// wall clock for days and the elapsed time for hours.
func TestParseTimeDST(t *testing.T) {
	ny := mustLoadLocation("America/New_York")
	now := time.Date(2026, 3, 7, 12, 0, 0, 0, ny) // the clocks go forward early on 3-8
	tests := []struct {
		in   string
		want time.Time
	}{
		{"明天上午9点", time.Date(2026, 3, 8, 9, 0, 0, 0, ny)},
		{"24小时后", time.Date(2026, 3, 8, 13, 0, 0, 0, ny)},
		{"下周一 19:00", time.Date(2026, 3, 9, 19, 0, 0, 0, ny)},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in, now)
		if err != nil || !got.Time.Equal(tt.want) || got.Time.Location() != ny {
			t.Errorf("ParseTime(%q) = %s, %v; want %s", tt.in, fmtWhen(got), err, tt.want)
		}
	}
}

// A phrase that allows several readings says which one was taken, so the
// bot can echo it with the way to write the other (issue 12: never
// silently wrong).
func TestParseTimeChoices(t *testing.T) {
	shanghai := mustLoadLocation("Asia/Shanghai")
	morning := time.Date(2026, 11, 21, 10, 0, 0, 0, shanghai) // a Saturday, 10:00
	for _, tt := range []struct {
		in     string
		want   time.Time
		chosen Choice
	}{
		{"明天下午", time.Date(2026, 11, 22, 15, 0, 0, 0, shanghai), ChoicePartHour},
		{"明晚", time.Date(2026, 11, 22, 19, 30, 0, 0, shanghai), ChoicePartHour},
		{"明天上午", time.Date(2026, 11, 22, 9, 0, 0, 0, shanghai), ChoicePartHour},
		{"明早", time.Date(2026, 11, 22, 8, 0, 0, 0, shanghai), ChoicePartHour},
		{"周三中午", time.Date(2026, 11, 25, 12, 0, 0, 0, shanghai), ChoicePartHour},
		{"明天三点", time.Date(2026, 11, 22, 15, 0, 0, 0, shanghai), ChoiceAfternoon},
		{"3:30", time.Date(2026, 11, 21, 15, 30, 0, 0, shanghai), ChoiceAfternoon},
		{"凌晨3点", time.Date(2026, 11, 21, 3, 0, 0, 0, shanghai), ChoiceNone},
		{"明天7点", time.Date(2026, 11, 22, 7, 0, 0, 0, shanghai), ChoiceMorning},
		{"7点", time.Date(2026, 11, 21, 19, 0, 0, 0, shanghai), ChoiceEvening},
		{"11点", time.Date(2026, 11, 21, 11, 0, 0, 0, shanghai), ChoiceMorning},
		{"12点", time.Date(2026, 11, 21, 12, 0, 0, 0, shanghai), ChoiceNone},
		{"19:00", time.Date(2026, 11, 21, 19, 0, 0, 0, shanghai), ChoiceNone},
		{"03:00", time.Date(2026, 11, 21, 3, 0, 0, 0, shanghai), ChoiceNone},
		{"下午3点", time.Date(2026, 11, 21, 15, 0, 0, 0, shanghai), ChoiceNone},
	} {
		w, err := ParseTime(tt.in, morning)
		if err != nil || !w.Time.Equal(tt.want) || w.Chosen != tt.chosen || !w.HasClock {
			t.Errorf("ParseTime(%q) = %v %d clock=%v, %v; want %v %d", tt.in, w.Time, w.Chosen, w.HasClock, err, tt.want, tt.chosen)
		}
	}
	// A range follows its start: 7点到9点 said at 10:00 is this evening.
	s, e, err := ParseTimeRange("7点到9点", morning)
	if err != nil || s.Time.Hour() != 19 || e.Time.Hour() != 21 {
		t.Errorf("ParseTimeRange(7点到9点) = %v–%v, %v; want 19:00–21:00", s.Time, e.Time, err)
	}
	for _, in := range []string{"明天凌晨", "零点", "0:30"} {
		if _, err := ParseTime(in, morning); err == nil {
			t.Errorf("ParseTime(%q) accepted a night hour nobody wrote", in)
		}
	}
}

// What looks ahead rolls a date without its year to the next one.
func TestParseTimeAhead(t *testing.T) {
	shanghai := mustLoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, shanghai)
	for in, want := range map[string]time.Time{
		"6月30日":      time.Date(2027, 6, 30, 0, 0, 0, 0, shanghai),
		"12月31日":     time.Date(2026, 12, 31, 0, 0, 0, 0, shanghai),
		"11月29日":     time.Date(2026, 11, 29, 0, 0, 0, 0, shanghai),
		"5日":         time.Date(2026, 12, 5, 0, 0, 0, 0, shanghai),
		"2026年6月30日": time.Date(2026, 6, 30, 0, 0, 0, 0, shanghai),
		"明天":         time.Date(2026, 11, 30, 0, 0, 0, 0, shanghai),
	} {
		w, err := ParseTimeAhead(in, now)
		if err != nil || !w.Time.Equal(want) {
			t.Errorf("ParseTimeAhead(%q) = %v, %v; want %v", in, w.Time, err, want)
		}
	}
}

// More ways a secretary writes a day (issue 12): traditional characters,
// relative months and years, two-digit years, year and month ends, the
// Party's dates, and a deadline's "by".
func TestParseTimeMoreDays(t *testing.T) {
	shanghai := mustLoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, shanghai)
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, shanghai) }
	for _, tt := range []struct {
		in   string
		want time.Time
	}{
		{"下週三", d(2026, 12, 2)}, // Sunday 29th: next week begins tomorrow
		{"禮拜五", d(2026, 12, 4)},
		{"後天", d(2026, 12, 1)},
		{"12月5號", d(2026, 12, 5)},
		{"下月15号", d(2026, 12, 15)},
		{"下个月15日", d(2026, 12, 15)},
		{"本月20日", d(2026, 11, 20)},
		{"明年3月5日", d(2027, 3, 5)},
		{"26年6月30日", d(2026, 6, 30)},
		{"27年1月8号", d(2027, 1, 8)},
		{"年底", d(2026, 12, 31)},
		{"今年年底", d(2026, 12, 31)},
		{"月中", d(2026, 11, 15)},
		{"下月中", d(2026, 12, 15)},
		{"建党节", d(2026, 7, 1)}, // the nearest one; ParseTimeAhead would give 2027
		{"教师节", d(2026, 9, 10)},
		{"八一", d(2026, 8, 1)},
	} {
		w, err := ParseTime(tt.in, now)
		if err != nil || !w.Time.Equal(tt.want) || !w.HasDate {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", tt.in, w.Time, err, tt.want)
		}
	}
	for _, tt := range []struct {
		in   string
		want time.Time
	}{
		{"6月30日前", d(2027, 6, 30)},
		{"月底之前", d(2026, 11, 30)},
		{"下周五以前", d(2026, 12, 4)},
		{"12月10号前", d(2026, 12, 10)},
	} {
		w, err := ParseTimeAhead(tt.in, now)
		if err != nil || !w.Time.Equal(tt.want) {
			t.Errorf("ParseTimeAhead(%q) = %v, %v; want %v", tt.in, w.Time, err, tt.want)
		}
	}
	if w, err := ParseTimeAhead("3天前", now); err != nil || !w.Time.Equal(d(2026, 11, 26)) {
		t.Errorf("ParseTimeAhead(3天前) = %v, %v; want three days ago, as written", w.Time, err)
	}
}

// An approximate hour is told apart from an impossible one.
func TestParseTimeFuzzyHour(t *testing.T) {
	for in, want := range map[string]TimeReason{"七八点": TimeFuzzy, "明天三四点": TimeFuzzy, "零点": TimeNightHour, "明天凌晨": TimeNightHour, "78点": TimeImpossible} {
		_, err := ParseTime(in, testNow)
		var te *TimeError
		if !errors.As(err, &te) || te.Reason != want {
			t.Errorf("ParseTime(%q) = %v, want reason %s", in, err, want)
		}
	}
}
