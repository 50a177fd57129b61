package cntime

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// dayWordKind says how a day word resolves.
type dayWordKind int

const (
	dayRelative    dayWordKind = iota // n days from today
	dayMonthEnd                       // the last day of the month n months from this one
	dayMonthStart                     // the first day of the month n months from this one
	dayHoliday                        // month*100+day in the nearest year
	dayMonthMiddle                    // the 15th of the month n months from this one
	dayYearEnd                        // December 31 of the year n years from this one
	dayQuarterEnd                     // the last day of the quarter n quarters from this one
	dayWeekend                        // a weekend: two days, so TimeAmbiguous (a deadline reads it)
)

// dayWordMeaning is what a day word names, with the part of day some imply.
type dayWordMeaning struct {
	kind dayWordKind
	n    int
	part dayPart
}

// dayWords are the words that name a day on their own.
var dayWords = map[string]dayWordMeaning{
	"今天": {dayRelative, 0, partNone}, "今日": {dayRelative, 0, partNone},
	"明天": {dayRelative, 1, partNone}, "明日": {dayRelative, 1, partNone},
	"后天": {dayRelative, 2, partNone}, "大后天": {dayRelative, 3, partNone},
	"昨天": {dayRelative, -1, partNone}, "昨日": {dayRelative, -1, partNone},
	"前天": {dayRelative, -2, partNone}, "大前天": {dayRelative, -3, partNone},
	"今晚": {dayRelative, 0, partEvening}, "今夜": {dayRelative, 0, partEvening},
	"明晚": {dayRelative, 1, partEvening}, "昨晚": {dayRelative, -1, partEvening},
	"今早": {dayRelative, 0, partMorning}, "今晨": {dayRelative, 0, partMorning},
	"明早": {dayRelative, 1, partMorning}, "明晨": {dayRelative, 1, partMorning},

	"月底": {dayMonthEnd, 0, partNone}, "本月底": {dayMonthEnd, 0, partNone},
	"这月底": {dayMonthEnd, 0, partNone}, "这个月底": {dayMonthEnd, 0, partNone},
	"下月底": {dayMonthEnd, 1, partNone}, "下个月底": {dayMonthEnd, 1, partNone},
	"上月底": {dayMonthEnd, -1, partNone}, "上个月底": {dayMonthEnd, -1, partNone},
	"月初": {dayMonthStart, 0, partNone}, "本月初": {dayMonthStart, 0, partNone},
	"这月初": {dayMonthStart, 0, partNone}, "这个月初": {dayMonthStart, 0, partNone},
	"下月初": {dayMonthStart, 1, partNone}, "下个月初": {dayMonthStart, 1, partNone},

	"月中": {dayMonthMiddle, 0, partNone}, "本月中": {dayMonthMiddle, 0, partNone},
	"下月中": {dayMonthMiddle, 1, partNone}, "下个月中": {dayMonthMiddle, 1, partNone},
	"月末": {dayMonthEnd, 0, partNone}, "本月末": {dayMonthEnd, 0, partNone},
	"下月末": {dayMonthEnd, 1, partNone}, "下个月末": {dayMonthEnd, 1, partNone},
	"本月最后一天": {dayMonthEnd, 0, partNone}, "这个月最后一天": {dayMonthEnd, 0, partNone},
	"这月最后一天": {dayMonthEnd, 0, partNone}, "下月最后一天": {dayMonthEnd, 1, partNone},
	"下个月最后一天": {dayMonthEnd, 1, partNone}, "上月最后一天": {dayMonthEnd, -1, partNone},
	"上个月最后一天": {dayMonthEnd, -1, partNone},

	"周末": {dayWeekend, 0, partNone}, "本周末": {dayWeekend, 0, partNone}, "这周末": {dayWeekend, 0, partNone},
	"这个周末": {dayWeekend, 0, partNone}, "下周末": {dayWeekend, 1, partNone}, "下个周末": {dayWeekend, 1, partNone},
	"上周末": {dayWeekend, -1, partNone}, "上个周末": {dayWeekend, -1, partNone},

	"季度末": {dayQuarterEnd, 0, partNone}, "本季度末": {dayQuarterEnd, 0, partNone},
	"季末": {dayQuarterEnd, 0, partNone}, "下季度末": {dayQuarterEnd, 1, partNone},
	"年底": {dayYearEnd, 0, partNone}, "年末": {dayYearEnd, 0, partNone},
	"今年底": {dayYearEnd, 0, partNone}, "今年年底": {dayYearEnd, 0, partNone}, "今年末": {dayYearEnd, 0, partNone},
	"本年底": {dayYearEnd, 0, partNone}, "明年底": {dayYearEnd, 1, partNone}, "明年年底": {dayYearEnd, 1, partNone},

	// Fixed dates, in the nearest year (the lunar holidays come from the
	// holiday table, not from here).
	"元旦": {dayHoliday, 101, partNone}, "五一": {dayHoliday, 501, partNone},
	"劳动节": {dayHoliday, 501, partNone}, "五四": {dayHoliday, 504, partNone},
	"青年节": {dayHoliday, 504, partNone}, "七一": {dayHoliday, 701, partNone},
	"建党节": {dayHoliday, 701, partNone}, "党的生日": {dayHoliday, 701, partNone},
	"八一": {dayHoliday, 801, partNone}, "建军节": {dayHoliday, 801, partNone},
	"教师节": {dayHoliday, 910, partNone}, "国庆": {dayHoliday, 1001, partNone},
	"国庆节": {dayHoliday, 1001, partNone}, "十一": {dayHoliday, 1001, partNone},
	"三八": {dayHoliday, 308, partNone}, "妇女节": {dayHoliday, 308, partNone},
	"植树节": {dayHoliday, 312, partNone}, "六一": {dayHoliday, 601, partNone},
	"儿童节": {dayHoliday, 601, partNone}, "公祭日": {dayHoliday, 1213, partNone},
}

// monthUnwritten are the day words that name no month: this month's day,
// or, for what looks ahead, next month's once it has passed (月初 written on
// November 29 is December 1).
var monthUnwritten = map[string]bool{"月初": true, "月中": true, "月底": true, "月末": true}

// bareWeek marks a weekday without a week word: the next one on or after today.
const bareWeek = 99

// weekPrefixes are the words before 周/星期/礼拜, longest first, with the week they name.
var weekPrefixes = []struct {
	word  string
	weeks int
}{
	{"下下个", 2}, {"下下", 2}, {"上上个", -2}, {"上上", -2}, {"下个", 1}, {"这个", 0}, {"上个", -1},
	{"本", 0}, {"这", 0}, {"下", 1}, {"上", -1}, {"", bareWeek},
}

// numericDate reads 2026-11-25, 2026/11/25, 2026.11.25, 11-25, 11/25, 11.25.
func (p *phraseParser) numericDate(s string) (int, TimeReason) {
	a, ok := leadingNumber(s)
	if !ok || a.cn || a.n == len(s) || !strings.ContainsRune("-/.", rune(s[a.n])) {
		return 0, ""
	}
	sep := s[a.n]
	b, ok := leadingNumber(s[a.n+1:])
	if !ok || b.cn || b.digits > 2 {
		return 0, ""
	}
	n := a.n + 1 + b.n
	more := n < len(s) && s[n] == sep
	switch {
	case a.digits == 4 && more:
		c, ok := leadingNumber(s[n+1:])
		if !ok || c.cn || c.digits > 2 {
			return 0, ""
		}
		return n + 1 + c.n, p.setDate(a.v, time.Month(b.v), c.v)
	case a.digits <= 2 && !more:
		return n, p.setNearestYear(time.Month(a.v), b.v)
	}
	return 0, ""
}

// chineseDate reads [YYYY年]M月D[日|号] and D日 / D号.
func (p *phraseParser) chineseDate(s string) (int, TimeReason) {
	if n := fuzzyNumber(s); n > 0 && (strings.HasPrefix(s[n:], "号") || strings.HasPrefix(s[n:], "日")) {
		return n + len("号"), TimeFuzzy // 七八号: about the 7th or 8th
	}
	a, ok := leadingNumber(s)
	if !ok {
		return 0, ""
	}
	rest, year := s[a.n:], 0
	if r, ok := strings.CutPrefix(rest, "年"); ok {
		if n, why, ok := p.holidayIn(a.v, r); ok && a.v >= MinYear && a.v <= MaxYear { // 2027年国庆
			return len(s) - len(r) + n, why
		}
		m, ok := leadingNumber(r)
		if !ok || a.v < 1000 || a.v > 9999 {
			return len(s) - len(r), TimeUnrecognized
		}
		year, a, rest = a.v, m, r[m.n:]
	}
	if r, ok := strings.CutPrefix(rest, "月"); ok {
		d, ok := leadingNumber(r)
		if a.v < 1 || a.v > 12 {
			return len(s) - len(r), TimeImpossible
		}
		if !ok {
			return len(s) - len(r), TimeUnrecognized
		}
		r = r[d.n:]
		if r2, ok := strings.CutPrefix(r, "日"); ok {
			r = r2
		} else {
			r = strings.TrimPrefix(r, "号")
		}
		if year != 0 {
			return len(s) - len(r), p.setDate(year, time.Month(a.v), d.v)
		}
		return len(s) - len(r), p.setNearestYear(time.Month(a.v), d.v)
	}
	if year != 0 {
		return len(s) - len(rest), TimeUnrecognized
	}
	if r, ok := strings.CutPrefix(rest, "日"); ok {
		return len(s) - len(r), p.setNearestMonth(a.v)
	}
	if r, ok := strings.CutPrefix(rest, "号"); ok {
		return len(s) - len(r), p.setNearestMonth(a.v)
	}
	return 0, ""
}

// dateGap is what a written date left out.
type dateGap int

const (
	gapNone  dateGap = iota
	gapYear          // 5月20日
	gapMonth         // 20日 (and so the year)
	gapWeek          // 周三: the next one on or after today
)

// setNearestYear sets m/d in the year that puts it nearest to today; ties go forward.
func (p *phraseParser) setNearestYear(m time.Month, d int) TimeReason {
	defer func() { p.ph.unwritten = gapYear }()
	y, _, _ := p.now.Date()
	var cands [][3]int
	for _, cy := range []int{y - 1, y, y + 1} {
		cands = append(cands, [3]int{cy, int(m), d})
	}
	return p.setNearest(cands)
}

// setNearestMonth sets day d of the month (last, this or next) nearest to today.
func (p *phraseParser) setNearestMonth(d int) TimeReason {
	defer func() { p.ph.unwritten = gapMonth }()
	y, m, _ := p.now.Date()
	var cands [][3]int
	for k := -1; k <= 1; k++ {
		first := time.Date(y, m+time.Month(k), 1, 12, 0, 0, 0, time.UTC)
		cands = append(cands, [3]int{first.Year(), int(first.Month()), d})
	}
	return p.setNearest(cands)
}

// setNearest sets the valid candidate {y, m, d} nearest to today, later ones
// winning ties; TimeImpossible if none is valid.
func (p *phraseParser) setNearest(cands [][3]int) TimeReason {
	today := civilDay(p.now.Date())
	best, bestDist := -1, 0
	for i, c := range cands {
		if !validDate(c[0], time.Month(c[1]), c[2]) {
			continue
		}
		dist := civilDay(c[0], time.Month(c[1]), c[2]) - today
		dist = max(dist, -dist)
		if best < 0 || dist <= bestDist {
			best, bestDist = i, dist
		}
	}
	if best < 0 {
		return TimeImpossible
	}
	c := cands[best]
	return p.setDate(c[0], time.Month(c[1]), c[2])
}

// civilDay numbers calendar days, whatever the zone.
func civilDay(y int, m time.Month, d int) int {
	return int(time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Unix() / 86400)
}

// validDate reports whether y-m-d is a day of the calendar.
func validDate(y int, m time.Month, d int) bool {
	if m < time.January || m > time.December || d < 1 {
		return false
	}
	return d <= time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

// numeral is a number read from the start of a string.
type numeral struct {
	v      int
	n      int  // bytes read
	digits int  // Arabic digits read; 0 for Chinese numerals
	cn     bool // written in Chinese numerals
	single bool // a lone Chinese digit 一…九, as in the ambiguous 七点五
}

// leadingNumber reads an Arabic or Chinese number at the start of s: 19,
// 十九, 两, 二十五, 零五, 二〇二六.
func leadingNumber(s string) (numeral, bool) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i > 0 {
		v := 0
		for _, c := range s[:min(i, 9)] {
			v = v*10 + int(c-'0')
		}
		return numeral{v: v, n: i, digits: i}, true
	}
	var rs []rune
	for _, r := range s {
		if !strings.ContainsRune(chineseNumerals, r) {
			break
		}
		rs = append(rs, r)
	}
	v, ok := chineseValue(rs)
	if !ok {
		return numeral{}, false
	}
	single := len(rs) == 1 && v >= 1 && v <= 9
	return numeral{v: v, n: len(string(rs)), cn: true, single: single}, true
}

const chineseNumerals = "零〇一二两三四五六七八九十百廿卅"

// chineseValue reads a run of Chinese numerals: positional (二十五, 一百零五)
// or digit by digit (二〇二六, 零五).
func chineseValue(rs []rune) (int, bool) {
	if len(rs) == 0 || len(rs) > 8 {
		return 0, false
	}
	if rs[0] == '廿' || rs[0] == '卅' { // 廿五 is 25, 卅 30: as dates are written
		tens := 20
		if rs[0] == '卅' {
			tens = 30
		}
		if len(rs) == 1 {
			return tens, true
		}
		d := chineseDigit(rs[1])
		return tens + d, len(rs) == 2 && d >= 1
	}
	if strings.ContainsAny(string(rs[1:]), "廿卅") {
		return 0, false
	}
	if !strings.ContainsAny(string(rs), "十百") {
		v := 0
		for _, r := range rs {
			v = v*10 + chineseDigit(r)
		}
		return v, true
	}
	total, cur := 0, -1
	for _, r := range rs {
		switch r {
		case '十', '百':
			unit := 10
			if r == '百' {
				unit = 100
			}
			total += max(cur, 1) * unit
			cur = -1
		case '零', '〇':
		default:
			if cur >= 0 {
				return 0, false
			}
			cur = chineseDigit(r)
		}
	}
	return total + max(cur, 0), true
}

// chineseDigit is the value of one of 零〇一二两三四五六七八九.
func chineseDigit(r rune) int {
	switch r {
	case '零':
		return 0
	case '两':
		return 2
	}
	return strings.IndexRune("〇一二三四五六七八九", r) / len("〇")
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// endsWithNumeral reports whether s ends with a digit or a Chinese numeral.
func endsWithNumeral(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return (r >= '0' && r <= '9') || strings.ContainsRune(chineseNumerals, r)
}

// A wordIndex finds the longest of a set of words that a phrase starts
// with, trying only the words that begin as the phrase does.
type wordIndex map[rune][]string

// indexWords indexes the keys of words, each rune's longest first.
func indexWords[T any](words map[string]T) wordIndex {
	ix := wordIndex{}
	for w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		ix[r] = append(ix[r], w)
	}
	for _, ws := range ix {
		slices.SortFunc(ws, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	}
	return ix
}

// longestWord returns the longest word of ix that s starts with.
func longestWord(s string, ix wordIndex) (string, bool) {
	r, _ := utf8.DecodeRuneInString(s)
	for _, w := range ix[r] {
		if strings.HasPrefix(s, w) {
			return w, true
		}
	}
	return "", false
}

// The indexes of the word sets.
var (
	dayWordIndex    = indexWords(dayWords)
	dayPartIndex    = indexWords(dayPartWords)
	monthWordIndex  = indexWords(monthWords)
	yearWordIndex   = indexWords(yearWords)
	festivalIndex   = indexWords(festivalWords)
	offsetUnitIndex = indexWords(offsetUnits)
	periodWordIndex = indexWords(periodWords)
)
