package cntime

import (
	"strings"
	"time"
	"unicode/utf8"
)

// timePhrase is what a phrase said, before it is resolved against now.
type timePhrase struct {
	hasDate bool
	year    int
	month   time.Month
	day     int

	// unwritten is what the date left out and the scanner filled in from
	// today: a range's end takes it from its start instead, and what looks
	// ahead takes the next such day.
	unwritten dateGap
	lastDay   bool // 月底: the last day of whichever month the date ends in
	holiday   bool // a holiday or festival: "before" it is the day before (节前)

	// A weekday written instead of a date (周三, 下周三) or beside one
	// (12月1日（周二）); scanning ends by reconciling the two.
	hasWeekday bool
	weekday    int // 0 = Monday
	weeks      int // the week: bareWeek, or weeks from this one

	part dayPart

	hasClock     bool
	hour, minute int  // as written, before the part of day applies
	colon        bool // written H:MM, so an hour of 13+ is plainly 24-hour
	zeroPadded   bool // written 0H:MM: a 24-hour clock, taken as written

	hasInstant bool // a relative offset in hours or minutes
	instant    time.Time
}

// phraseParser collects the tokens of one phrase.
type phraseParser struct {
	now time.Time
	ph  timePhrase
}

// scanTimePhrase splits a normalized phrase into tokens. It fails on the first
// token that is impossible or repeats a slot, or on text that is no token.
func scanTimePhrase(s string, now time.Time) (timePhrase, TimeReason) {
	p := phraseParser{now: now}
	if len(s) > maxTimePhrase {
		return timePhrase{}, TimeUnrecognized
	}
	for rest := s; ; {
		rest = strings.TrimLeft(rest, " ,()")
		if rest == "" {
			if why := p.finish(); why != "" {
				return timePhrase{}, why
			}
			return p.ph, ""
		}
		n, why := p.token(rest)
		if why != "" {
			return timePhrase{}, why
		}
		if n == 0 {
			return timePhrase{}, TimeUnrecognized
		}
		rest = rest[n:]
	}
}

// token reads one token at the start of s: its length, 0 if none matches,
// or why a matching token is refused.
func (p *phraseParser) token(s string) (int, TimeReason) {
	for _, read := range []func(string) (int, TimeReason){
		p.relativeDate, p.festival, p.dayWord, p.weekday, p.offset, p.numericDate, p.chineseDate, p.dayPartWord, p.clock,
	} {
		if n, why := read(s); n > 0 || why != "" {
			return n, why
		}
	}
	return 0, ""
}

func (p *phraseParser) setDate(y int, m time.Month, d int) TimeReason {
	if p.ph.hasDate || p.ph.hasInstant {
		return TimeUnrecognized
	}
	if !validDate(y, m, d) || y < MinYear || y > MaxYear {
		return TimeImpossible
	}
	p.ph.hasDate, p.ph.year, p.ph.month, p.ph.day = true, y, m, d
	return ""
}

// The years a date may name: a branch's records start after 1970, and
// nothing is planned beyond 2100.
const (
	MinYear = 1970
	MaxYear = 2100
)

// setDayOffset sets the date n days from today.
func (p *phraseParser) setDayOffset(n int) TimeReason {
	y, m, d := p.now.Date()
	t := time.Date(y, m, d+n, 12, 0, 0, 0, time.UTC)
	return p.setDate(t.Year(), t.Month(), t.Day())
}

func (p *phraseParser) setPart(part dayPart) TimeReason {
	if p.ph.part != partNone || p.ph.hasInstant {
		return TimeUnrecognized
	}
	p.ph.part = part
	return ""
}

func (p *phraseParser) setClock(h, m int, colon, padded bool) TimeReason {
	if p.ph.hasClock || p.ph.hasInstant {
		return TimeUnrecognized
	}
	if h > 23 || m > 59 {
		return TimeImpossible
	}
	p.ph.hasClock, p.ph.hour, p.ph.minute, p.ph.colon, p.ph.zeroPadded = true, h, m, colon, padded
	return ""
}

// setInstant sets now + d, which combines with nothing else.
func (p *phraseParser) setInstant(d time.Duration) TimeReason {
	if p.ph.hasDate || p.ph.hasWeekday || p.ph.hasClock || p.ph.part != partNone || p.ph.hasInstant {
		return TimeUnrecognized
	}
	t := p.now.Add(d)
	// Drop the local seconds without rebuilding the time, which could shift
	// it across a DST fold.
	t = t.Add(-time.Duration(t.Second())*time.Second - time.Duration(t.Nanosecond()))
	p.ph.hasInstant, p.ph.instant = true, t
	return ""
}

// monthWords and yearWords name a month or a year relative to now.
var (
	monthWords = map[string]int{"本月": 0, "这月": 0, "这个月": 0, "当月": 0, "下月": 1, "下个月": 1,
		"下下月": 2, "下下个月": 2, "上月": -1, "上个月": -1}
	yearWords = map[string]int{"今年": 0, "本年": 0, "明年": 1, "后年": 2, "去年": -1, "前年": -2}
)

// relativeDate reads a day of a relative month (下月15号, 本月20日, 下个月的
// 15号) and a date or holiday of a relative or two-digit year (明年3月5日,
// 26年6月30日, 明年国庆, 去年七一).
func (p *phraseParser) relativeDate(s string) (int, TimeReason) {
	if w, ok := longestWord(s, monthWordIndex); ok {
		r := strings.TrimPrefix(s[len(w):], "的")
		d, ok := leadingNumber(r)
		if !ok {
			return 0, ""
		}
		r, ok = cutDayUnit(r[d.n:])
		if !ok {
			return 0, ""
		}
		y, m, _ := p.now.Date()
		first := time.Date(y, m+time.Month(monthWords[w]), 1, 12, 0, 0, 0, time.UTC)
		return len(s) - len(r), p.setDate(first.Year(), first.Month(), d.v)
	}
	year, rest := 0, ""
	if w, ok := longestWord(s, yearWordIndex); ok {
		year, rest = p.now.Year()+yearWords[w], s[len(w):]
	} else if n, ok := leadingNumber(s); ok && n.digits == 2 && strings.HasPrefix(s[n.n:], "年") {
		year, rest = twoDigitYear(n.v, p.now), s[n.n+len("年"):]
	} else {
		return 0, ""
	}
	if n, why, ok := p.holidayIn(year, rest); ok {
		return len(s) - len(rest) + n, why
	}
	m, ok := leadingNumber(rest)
	if !ok || !strings.HasPrefix(rest[m.n:], "月") {
		return 0, ""
	}
	r := rest[m.n+len("月"):]
	d, ok := leadingNumber(r)
	if !ok {
		return 0, ""
	}
	r, _ = cutDayUnit(r[d.n:])
	if m.v < 1 || m.v > 12 {
		return len(s) - len(r), TimeImpossible
	}
	return len(s) - len(r), p.setDate(year, time.Month(m.v), d.v)
}

// cutDayUnit cuts the 日 or 号 of a day off s, reporting whether there was one.
func cutDayUnit(s string) (string, bool) {
	if r, ok := strings.CutPrefix(s, "日"); ok {
		return r, true
	}
	return strings.CutPrefix(s, "号")
}

// twoDigitYear is the year written as its last two digits: this century's
// up to ten years ahead of now, else the last century's (26年 is 2026, 99年
// 1999, as a branch's records go back to members who joined in the 1990s).
func twoDigitYear(yy int, now time.Time) int {
	if 2000+yy <= now.Year()+10 {
		return 2000 + yy
	}
	return 1900 + yy
}

// holidayIn reads a holiday or festival of the given year at the start of s
// (明年国庆, 2027年春节): its length, or ok false when s starts with none.
func (p *phraseParser) holidayIn(year int, s string) (n int, why TimeReason, ok bool) {
	if w, ok := longestWord(s, festivalIndex); ok {
		f := festivalWords[w]
		day, ok := FestivalDay(f.name, time.Date(year, time.January, 1, 12, 0, 0, 0, time.UTC))
		if !ok || day.Year() != year {
			return len(w), TimeImpossible, true // the table does not reach it
		}
		day = day.AddDate(0, 0, f.offset)
		p.ph.holiday = true
		return len(w), p.setDate(day.Year(), day.Month(), day.Day()), true
	}
	if w, ok := longestWord(s, dayWordIndex); ok && dayWords[w].kind == dayHoliday && (w != "十一" || nationalDayAlone(s[len(w):])) {
		v := dayWords[w]
		p.ph.holiday = true
		return len(w), p.setDate(year, time.Month(v.n/100), v.n%100), true
	}
	return 0, "", false
}

// festivalWords name a festival of the holiday table, with the days from
// it: 除夕 is the day before 春节, 元宵 (正月十五) fourteen days after.
var festivalWords = map[string]struct {
	name   string
	offset int
}{
	"春节": {"春节", 0}, "过年": {"春节", 0}, "大年初一": {"春节", 0}, "正月初一": {"春节", 0},
	"除夕": {"春节", -1}, "大年三十": {"春节", -1},
	"清明": {"清明节", 0}, "清明节": {"清明节", 0},
	"端午": {"端午节", 0}, "端午节": {"端午节", 0},
	"中秋": {"中秋节", 0}, "中秋节": {"中秋节", 0},
	"元宵": {"春节", 14}, "元宵节": {"春节", 14}, "正月十五": {"春节", 14},
}

// festival reads 春节, 清明, 端午, 中秋 and 除夕: the next one the holiday
// table knows, on or after today (除夕 is the day before 春节).
func (p *phraseParser) festival(s string) (int, TimeReason) {
	w, ok := longestWord(s, festivalIndex)
	if !ok {
		return 0, ""
	}
	f := festivalWords[w]
	day, ok := FestivalDay(f.name, p.now.AddDate(0, 0, -f.offset))
	if !ok {
		return len(w), TimeImpossible // the table does not reach it yet
	}
	day = day.AddDate(0, 0, f.offset)
	p.ph.holiday = true
	return len(w), p.setDate(day.Year(), day.Month(), day.Day())
}

// dayWord reads 今天, 明晚, 月底, 国庆 and the like.
func (p *phraseParser) dayWord(s string) (int, TimeReason) {
	w, ok := longestWord(s, dayWordIndex)
	if !ok || w == "十一" && !nationalDayAlone(s[len(w):]) {
		return 0, ""
	}
	var why TimeReason
	y, m, _ := p.now.Date()
	switch v := dayWords[w]; v.kind {
	case dayRelative:
		why = p.setDayOffset(v.n)
	case dayMonthEnd, dayMonthStart, dayMonthMiddle:
		t := time.Date(y, m+time.Month(v.n), 1, 12, 0, 0, 0, time.UTC)
		switch v.kind {
		case dayMonthEnd:
			t = t.AddDate(0, 1, -1)
		case dayMonthMiddle:
			t = t.AddDate(0, 0, 14)
		}
		why = p.setDate(t.Year(), t.Month(), t.Day())
		if monthUnwritten[w] {
			p.ph.unwritten, p.ph.lastDay = gapMonth, v.kind == dayMonthEnd
		}
	case dayHoliday:
		why = p.setNearestYear(time.Month(v.n/100), v.n%100)
		p.ph.holiday = true
	case dayYearEnd:
		why = p.setDate(y+v.n, time.December, 31)
	case dayQuarterEnd:
		q := y*4 + (int(m)-1)/3 + v.n
		t := time.Date(q/4, time.Month(q%4*3+4), 0, 12, 0, 0, 0, time.UTC) // day 0: the quarter's last
		why = p.setDate(t.Year(), t.Month(), t.Day())
	case dayWeekend:
		why = TimeAmbiguous // Saturday or Sunday?
	}
	if why == "" && dayWords[w].part != partNone {
		why = p.setPart(dayWords[w].part)
	}
	return len(w), why
}

// nationalDayAlone reports whether 十一 followed by rest names 国庆 (十一前,
// 十一上午) rather than a number (十一点, 十一月, 十一号).
func nationalDayAlone(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || !isDigit(rest[0]) && !strings.ContainsRune(chineseNumerals+"点时月日号:分个天周年小半刻", r)
}

// weekday reads 周三, 下星期日, 本周五 and the like.
func (p *phraseParser) weekday(s string) (int, TimeReason) {
	for _, pre := range weekPrefixes {
		rest, ok := strings.CutPrefix(s, pre.word)
		if !ok {
			continue
		}
		for _, unit := range []string{"周", "星期", "礼拜"} {
			if r, ok := strings.CutPrefix(rest, unit); ok {
				if day, n := weekdayIndex(r); n > 0 {
					return len(s) - len(r) + n, p.setWeekdayWord(pre.weeks, day)
				}
			}
		}
	}
	return 0, ""
}

// weekdayIndex reads 一…六, 日, 天 or 1…7 at the start of s: the day
// (0 = Monday) and its length, or length 0.
func weekdayIndex(s string) (int, int) {
	for i, name := range []string{"一", "二", "三", "四", "五", "六", "日", "天"} {
		if strings.HasPrefix(s, name) {
			return min(i, 6), len(name)
		}
	}
	if s != "" && s[0] >= '1' && s[0] <= '7' && (len(s) == 1 || !isDigit(s[1])) {
		return int(s[0] - '1'), 1
	}
	return 0, 0
}
