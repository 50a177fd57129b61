package cntime

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseTimeRange(t *testing.T) {
	sat := testNow
	tests := []struct {
		in         string
		now        time.Time
		start, end When
	}{
		{"19:00-21:00", sat, clockOn(sat, 19, 0), clockOn(sat, 21, 0)},
		{"19:00至21:00", sat, clockOn(sat, 19, 0), clockOn(sat, 21, 0)},
		{"19:00~21:00", sat, clockOn(sat, 19, 0), clockOn(sat, 21, 0)},
		{"19：00～21：00", sat, clockOn(sat, 19, 0), clockOn(sat, 21, 0)},
		{"19:00 — 21:00", sat, clockOn(sat, 19, 0), clockOn(sat, 21, 0)},
		{"19:00到21:00", sat, clockOn(sat, 19, 0), clockOn(sat, 21, 0)},
		{"明天下午3点到5点", sat, at(2026, 11, 22, 15, 0), at(2026, 11, 22, 17, 0)},
		{"明天下午3点到下午5点半", sat, at(2026, 11, 22, 15, 0), at(2026, 11, 22, 17, 30)},
		{"2026-11-25 19:00~21:30", sat, at(2026, 11, 25, 19, 0), at(2026, 11, 25, 21, 30)},
		{"2026-11-25 19:00-21:30", sat, at(2026, 11, 25, 19, 0), at(2026, 11, 25, 21, 30)},
		{"11-25 19:00-21:00", sat, at(2026, 11, 25, 19, 0), at(2026, 11, 25, 21, 0)},
		{"下午3-5点", sat, clockOn(sat, 15, 0), clockOn(sat, 17, 0)},
		{"19-21点", sat, clockOn(sat, 19, 0), clockOn(sat, 21, 0)},
		{"晚上7点到9点", sat, clockOn(sat, 19, 0), clockOn(sat, 21, 0)},
		{"上午9点到13点", sat, clockOn(sat, 9, 0), clockOn(sat, 13, 0)},
		{"上午10点到下午2点", sat, clockOn(sat, 10, 0), clockOn(sat, 14, 0)},
		{"下午3点到17:00", sat, clockOn(sat, 15, 0), clockOn(sat, 17, 0)},
		{"周三 19:00至21:00", sat, at(2026, 11, 25, 19, 0), at(2026, 11, 25, 21, 0)},
		{"今晚7点到明天凌晨1点", sat, at(2026, 11, 21, 19, 0), at(2026, 11, 22, 1, 0)},
		{"11月25日到11月27日", sat, day(2026, 11, 25), day(2026, 11, 27)},
		{"12/30-1/2", sat, day(2026, 12, 30), day(2027, 1, 2)},
		{"明天19:00", sat, at(2026, 11, 22, 19, 0), When{}},
		{"11-25", sat, day(2026, 11, 25), When{}},
		{"2026-11-25", sat, day(2026, 11, 25), When{}},
		{"10-12", sat, day(2026, 10, 12), When{}},
		{"10-12点", sat, clockOn(sat, 10, 0), clockOn(sat, 12, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			start, end, err := ParseTimeRange(tt.in, tt.now)
			if err != nil || !sameWhen(start, tt.start) || !sameWhen(end, tt.end) {
				t.Errorf("ParseTimeRange(%q) = %s, %s, %v; want %s, %s",
					tt.in, fmtWhen(start), fmtWhen(end), err, fmtWhen(tt.start), fmtWhen(tt.end))
			}
		})
	}
}

func TestParseTimeRangeRefused(t *testing.T) {
	tests := []struct {
		in   string
		want TimeReason
	}{
		{"", TimeUnrecognized},
		{"19:00到随便", TimeUnrecognized},
		{"随便-21:00", TimeUnrecognized},
		{"19:00-", TimeUnrecognized},
		{"19:00-18:00", TimeBackwards},
		{"19:00-19:00", TimeBackwards},
		{"22:00-01:00", TimeBackwards},
		{"明天到昨天", TimeBackwards},
		{"25点-26点", TimeImpossible},
		{"2月30日19:00-21:00", TimeImpossible},
		{"晚上10点到12点", TimeAmbiguous},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			start, end, err := ParseTimeRange(tt.in, testNow)
			var te *TimeError
			if !errors.As(err, &te) || te.Reason != tt.want {
				t.Errorf("ParseTimeRange(%q) = %s, %s, %v; want reason %s", tt.in, fmtWhen(start), fmtWhen(end), err, tt.want)
			}
		})
	}
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{
		"下周三晚上7点", "明天 19:00", "2026-11-25 19:00~21:30", "明天下午3点到5点", "下午3-5点",
		"十一月二十五日", "二〇二六年十一月二十五日", "一个半小时后", "3天后 下午3点", "月底", "七点零五",
		"１９：００", "晚上12点", "9:5", "下下下周八", "2026Q3", "2026-01-01~2026-06-30", "去年下半年",
		"99999999999点", "一百零五天后", "周7", "",
		"明晚", "后天下午", "下週三", "5月6日至20日", "12月28日至1月3日", "七八点", "每周三下午", "下月15号",
		"26年6月30日", "99年12月31日", "6月30日前", "3天前", "零点", "凌晨3点", "从5月6日到5月20日", "年底", "建党节",
	} {
		f.Add(s)
	}
	for _, s := range corpusPhrases(f) {
		f.Add(s)
	}
	nows := []time.Time{testNow, tpMonday, tpSunday, tpDec31, tpOddSec,
		time.Date(2026, 3, 7, 12, 0, 0, 0, mustLoadLocation("America/New_York"))}
	f.Fuzz(func(t *testing.T, s string) {
		for _, now := range nows {
			for _, fn := range []struct {
				name  string
				parse func(string, time.Time) (When, error)
			}{{"ParseTime", ParseTime}, {"ParseTimeAhead", ParseTimeAhead}, {"ParseDeadline", ParseDeadline}} {
				checkFuzzWhen(t, fn.name, s, now, func() (When, When, error) {
					w, err := fn.parse(s, now)
					return w, When{}, err
				})
				if fn.name != "ParseDeadline" {
					checkEcho(t, fn.name, fn.parse, s, now)
				}
			}
			checkFuzzWhen(t, "ParseTimeRange", s, now, func() (When, When, error) { return ParseTimeRange(s, now) })
			_, _ = ParseRecurrence(s)
			p, err := ParsePeriod(s, now)
			if err == nil && (!p.To.After(p.From) || p.From.Location() != now.Location() || p.Label == "") {
				t.Errorf("ParsePeriod(%q) = %+v, want From < To in now's location, with a label", s, p)
			}
			checkTimeError(t, "ParsePeriod", s, err)
		}
	})
}

// checkEcho checks that the bot's echo of a reading (FormatReading, and
// the shorter FormatDateTime) reads back as the same time: what the
// secretary is shown is what was set.
func checkEcho(t *testing.T, fn string, parse func(string, time.Time) (When, error), s string, now time.Time) {
	t.Helper()
	w, err := parse(s, now)
	if err != nil {
		return
	}
	for _, echo := range []string{FormatReading(w.Time, now), FormatDateTime(w.Time, now)} {
		again, err := parse(echo, now)
		if err != nil || !again.Time.Equal(w.Time) && !inFold(w.Time) {
			t.Errorf("%s(%q, %s) = %s, echoed %q, read back as %s, %v", fn, s, now, fmtWhen(w), echo, fmtWhen(again), err)
		}
	}
}

// inFold reports a wall clock that a daylight saving change repeats (01:30
// in New York on the first Sunday of November): its echo, without a zone,
// reads back as the first of the two.
func inFold(t time.Time) bool {
	_, off := t.Zone()
	_, before := t.Add(-time.Hour).Zone()
	_, after := t.Add(time.Hour).Zone()
	return off != before || off != after
}

// corpusPhrases are the phrases of the corpus, to seed the fuzzer.
func corpusPhrases(f *testing.F) []string {
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	if err != nil {
		f.Fatal(err)
	}
	var phrases []string
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if fields := strings.Split(line, "|"); len(fields) == 3 {
				phrases = append(phrases, strings.TrimSpace(fields[1]))
			}
		}
	}
	return phrases
}

func checkFuzzWhen(t *testing.T, fn, s string, now time.Time, parse func() (When, When, error)) {
	t.Helper()
	start, end, err := parse()
	checkTimeError(t, fn, s, err)
	if err != nil {
		return
	}
	for _, w := range []When{start, end} {
		if w.IsZero() {
			continue
		}
		if w.Time.Second() != 0 || w.Time.Nanosecond() != 0 || w.Time.Location() != now.Location() {
			t.Errorf("%s(%q, %s) = %s, want zero seconds in now's location", fn, s, now, fmtWhen(w))
		}
		if !w.HasDate && !w.HasClock {
			t.Errorf("%s(%q, %s) = %s, want a day or a clock", fn, s, now, fmtWhen(w))
		}
		if w.Time.Year() < 1970 || w.Time.Year() > 2100 {
			t.Errorf("%s(%q, %s) = %s, want a time between 1970 and 2100", fn, s, now, fmtWhen(w))
		}
	}
	if !end.IsZero() && !end.Time.After(start.Time) {
		t.Errorf("%s(%q, %s) = %s, %s, want the end after the start", fn, s, now, fmtWhen(start), fmtWhen(end))
	}
}

func checkTimeError(t *testing.T, fn, s string, err error) {
	t.Helper()
	var te *TimeError
	if err != nil && (!errors.As(err, &te) || te.Reason == "") {
		t.Errorf("%s(%q) error = %#v, want a *TimeError with a reason", fn, s, err)
	}
}

func TestParseTimeLongInput(t *testing.T) {
	long := strings.Repeat("19:00-", 200) + "21:00"
	if _, _, err := ParseTimeRange(long, testNow); err == nil {
		t.Errorf("ParseTimeRange(%d bytes) = nil error, want TimeUnrecognized", len(long))
	}
	if _, err := ParsePeriod(strings.Repeat("2026-", 100), testNow); err == nil {
		t.Errorf("ParsePeriod(long) = nil error, want TimeUnrecognized")
	}
	if w, err := ParseTime("九九九九九九九九小时后", testNow); err == nil {
		t.Errorf("ParseTime(九九九九九九九九小时后) = %s, want an error", fmtWhen(w))
	}
}

// The end of a range takes what its date leaves out from the start, not
// from today (issue 12): a range that starts in another year ends in it.
func TestRangeEndInheritsFromStart(t *testing.T) {
	shanghai := mustLoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, shanghai)
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, shanghai) }
	for _, tt := range []struct {
		in         string
		start, end time.Time
	}{
		{"2026年5月6日至5月20日", d(2026, 5, 6), d(2026, 5, 20)},
		{"2027年1月5日至10日", d(2027, 1, 5), d(2027, 1, 10)},
		{"5月6日至20日", d(2027, 5, 6), d(2027, 5, 20)},
		{"5月6日-20日", d(2027, 5, 6), d(2027, 5, 20)},
		{"12月28日至1月3日", d(2026, 12, 28), d(2027, 1, 3)},
		{"2025年12月28日至1月3日", d(2025, 12, 28), d(2026, 1, 3)},
		{"从5月6日到5月20日", d(2027, 5, 6), d(2027, 5, 20)},
		{"自12月1日至15日", d(2026, 12, 1), d(2026, 12, 15)},
		{"1月28日至2月3日", d(2027, 1, 28), d(2027, 2, 3)},
		{"11月28日至3日", d(2026, 11, 28), d(2026, 12, 3)},
	} {
		s, e, err := ParseTimeRange(tt.in, now)
		if err != nil || !s.Time.Equal(tt.start) || !e.Time.Equal(tt.end) {
			t.Errorf("ParseTimeRange(%q) = %v – %v, %v; want %v – %v", tt.in, s.Time, e.Time, err, tt.start, tt.end)
		}
	}
}

// A range that ends before it starts is refused with both ends as read,
// so that the refusal can show them.
func TestBackwardsRangeShowsBothEnds(t *testing.T) {
	_, _, err := ParseTimeRange("明天19:00-18:00", testNow)
	var te *TimeError
	if !errors.As(err, &te) || te.Reason != TimeBackwards ||
		te.Start.Format("01-02 15:04") != "11-22 19:00" || te.End.Format("01-02 15:04") != "11-22 18:00" {
		t.Errorf("ParseTimeRange(明天19:00-18:00) = %#v", err)
	}
	_, err = ParsePeriod("2026年5月20日至2026年5月6日", testNow)
	if !errors.As(err, &te) || te.Reason != TimeBackwards ||
		te.Start.Format("2006-01-02") != "2026-05-20" || te.End.Format("2006-01-02") != "2026-05-06" {
		t.Errorf("ParsePeriod(2026年5月20日至2026年5月6日) = %#v", err)
	}
}
