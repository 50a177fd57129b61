package cntime

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// When is a parsed time phrase.
type When struct {
	Time     time.Time // in now's location; midnight of the day when HasClock is false (ParseDeadline: 23:59)
	HasDate  bool      // the phrase named a day (explicitly or relatively: 明天, 周三, 3天后 …)
	HasClock bool      // the phrase named a time of day (19:00, 7点半, 2小时后 …)
	// Chosen says which reading was taken where the phrase allowed several
	// (a part of day alone, a bare hour); the caller echoes it with the way
	// to write the other. ChoiceNone when the phrase meant one time.
	Chosen Choice
	// Hour12 is the hour as written, for the echo of a choice ("3点").
	Hour12 int
}

// Choice is a reading chosen among several.
type Choice int

// The readings ParseTime chooses.
const (
	ChoiceNone Choice = iota
	// ChoicePartHour: a part of day alone took its usual hour (PartHours):
	// 明天下午 is 15:00.
	ChoicePartHour
	// ChoiceAfternoon: a bare hour 1–5 is in the afternoon, never at night:
	// 三点 is 15:00, 凌晨3点 is 03:00.
	ChoiceAfternoon
	// ChoiceMorning: a bare hour 6–11 is in the morning: 明天7点 is 07:00.
	ChoiceMorning
	// ChoiceEvening: a bare hour 6–11 with no day, already past this
	// morning, is this evening: 7点 said at 10:00 is 19:00.
	ChoiceEvening
)

// PartHours are the usual hours of a part of day said alone (明天下午, 今晚):
// what a branch means by it. 凌晨 and the night (夜里, 深夜, 半夜) have none:
// they are refused without a clock.
var PartHours = []struct {
	Word         string
	Hour, Minute int
}{
	{"早上", 8, 0}, {"上午", 9, 0}, {"中午", 12, 0}, {"下午", 15, 0}, {"傍晚", 18, 0}, {"晚上", 19, 30},
}

// partHour is the usual clock of a part of day (PartHours), and false for
// 凌晨 and the night.
func partHour(part dayPart) (h, m int, ok bool) {
	var word string
	switch part {
	case partMorning:
		word = "早上"
	case partForenoon:
		word = "上午"
	case partNoon:
		word = "中午"
	case partAfternoon:
		word = "下午"
	case partDusk:
		word = "傍晚"
	case partEvening:
		word = "晚上"
	}
	for _, x := range PartHours {
		if x.Word == word {
			return x.Hour, x.Minute, true
		}
	}
	return 0, 0, false
}

// IsZero reports whether w is the zero When, which ParseTimeRange returns
// for the end of a phrase that is not a range.
func (w When) IsZero() bool { return w == When{} }

// TimeReason says why a time phrase was refused.
type TimeReason string

// Reasons a TimeError can carry.
const (
	// TimeUnrecognized: not a phrase ParseTime understands ("随便", "下下下周八", "").
	TimeUnrecognized TimeReason = "unrecognized"
	// TimeImpossible: understood, but no such time (2月30日, 25点, 19:60, 下午13点,
	// a range that ends before it starts).
	TimeImpossible TimeReason = "impossible"
	// TimeAmbiguous: understood, but it could mean two times ("晚上12点", "9:5").
	TimeAmbiguous TimeReason = "ambiguous"
	// TimeFuzzy: an approximate hour ("七八点", "三四点"): say one.
	TimeFuzzy TimeReason = "fuzzy"
	// TimeNightHour: a night hour without 凌晨 ("零点", "明天凌晨" with no
	// clock): say which.
	TimeNightHour TimeReason = "night_hour"
	// TimeBackwards: a range whose end, as read, is not after its start
	// ("明天19:00-18:00", "2026年5月20日至2026年5月6日"); TimeError.Start
	// and End say how each was read.
	TimeBackwards TimeReason = "backwards"
	// TimeWrongWeekday: a date written with a weekday it does not fall on
	// ("12月5日（周五）" when 12月5日 is a Saturday).
	TimeWrongWeekday TimeReason = "wrong_weekday"
)

// TimeError says why a phrase was refused; the bot turns it into Chinese with an example.
type TimeError struct {
	Input  string // the phrase as the user wrote it, trimmed
	Reason TimeReason
	// Start and End are the two ends of a TimeBackwards range as read
	// (for a period, the first day of each end); zero otherwise.
	Start, End time.Time
}

func (e *TimeError) Error() string { return fmt.Sprintf("time %q: %s", e.Input, e.Reason) }

// ParseTime reads a time phrase as people write it in Chinese, relative to
// now, and returns it in now's location with seconds zero. The error is a
// *TimeError.
//
// A phrase is a sequence of at most one day, one part of day and one clock, in
// any order, optionally separated by spaces or commas; or a lone offset in
// hours or minutes. A weekday may stand beside a date (12月1日（周二）19:00,
// as notices and the bot's echo write it). Full-width digits and
// punctuation, parentheses, surrounding quotes, trailing punctuation and
// traditional characters (下週三, 後天, 兩點) are tolerated. N is an Arabic or
// Chinese number (19, 十九, 两, 二〇二六, 廿五).
//
//	day:    YYYY-MM-DD  YYYY/MM/DD  YYYY.MM.DD  MM-DD  MM/DD  MM.DD
//	        [YYYY年|YY年|今年|明年|后年|去年|前年]M月D[日|号]   D日 | D号 (a day of the nearest month)
//	        [本月|这个月|下[个]月|下下个月|上[个]月][的]D(日|号)
//	        今天 今日 明天 明日 后天 大后天 昨天 昨日 前天 大前天
//	        今晚 明晚 昨晚 今夜 (the day + 晚上)  今早 今晨 明早 明晨 (the day + 早上)
//	        [本|这|这个|下|下个|下下|下下个|上|上个|上上|上上个](周|星期|礼拜)(一…六|日|天|1…7)
//	        [本|这个|这|下[个]|上[个]]月(初|中|底|末|最后一天)  [今年|明年]年底 年末 [本|下]季度末
//	        元旦 五一 劳动节 五四 七一 建党节 八一 教师节 国庆[节] 十一 三八 植树节 六一 公祭日,
//	        春节 过年 除夕 元宵 清明 端午 中秋 (the holiday table), each also after a year (明年国庆)
//	        N(天|日|周|星期|礼拜|个月|个工作日)(后|以后|之后|前|以前|之前)  半个月后
//	part:   凌晨 清晨 早上 早晨 早 一早 上午 中午 下午 傍晚 晚上 晚间 夜晚 晚 夜里 夜间 深夜 半夜
//	clock:  H:MM   N(点|时)[钟|整|半|一刻|三刻|N[分]]
//	offset: N[个](小时|钟头)[M分钟](后|以后|之后)  N分[钟](后…)  [N个]半[个]小时后 (now + offset)
//
// Decisions:
//   - A date without a year takes the year that puts it nearest to now (11/20
//     seen on 2026-11-21 is 2026-11-20; 1/5 is 2027-01-05); ties go forward.
//     A bare D号 likewise takes the nearest month that has that day.
//   - A bare weekday (周三) is the next one on or after today; 本周三/这周三 is
//     the Wednesday of the current Monday-based week, even if past; 下周三 and
//     上周三 are in the next and the previous week. A weekday beside a date
//     must fall on it, else TimeWrongWeekday; where the date leaves out its
//     year, the weekday picks it (1月5日 周一 written in November 2026 is
//     2026-01-05, as the echo of that date reads). 周末 is TimeAmbiguous
//     (Saturday or Sunday?).
//   - A two-digit year is this century's up to ten years ahead of now, else
//     the last century's (26年 is 2026, 99年 1999). Years before 1970 or
//     after 2100 are TimeImpossible.
//   - N个月后 is today's day of that month, or its last day when shorter;
//     半个月 is fifteen days; N个工作日后 counts working days (Workday).
//   - 月初 is the 1st, 月中 the 15th, 月底 and 月末 the last day; 上旬, 中旬,
//     下旬 are spans, not days (ParsePeriod and ParseDeadline read them).
//   - A clock without a part of day is read as a person at work means it
//     (When.Chosen says which reading was taken): 13–23 and 12 as written;
//     1–5 in the afternoon (三点 is 15:00; at night write 凌晨3点); 6–11 in
//     the morning, except with no day named when that hour has passed today
//     and the evening one has not (7点 said at 10:00 is 19:00); 0 is
//     TimeNightHour. A zero-padded colon clock (03:00) is a 24-hour clock,
//     taken as written.
//   - With 下午, 傍晚, 晚上 an hour 1–11 gets +12 (中午1点 is 13:00, 中午12点
//     and 下午12点 are 12:00, 上午12点 is noon, 凌晨12点 is 00:00). 晚上/夜里
//     with 0–4 or 12 is TimeAmbiguous: which night's midnight is meant? Write
//     00:00 or 凌晨1点 with the day instead.
//   - Two neighbouring numbers before 点 (七八点, 九十点, 十一二点, 3点4点)
//     or 号 (七八号) are TimeFuzzy: say one.
//   - An hour of 13 or more after a part of day is TimeImpossible when written
//     with 点 (下午13点, 上午15点), but a colon clock after an afternoon or
//     evening part is taken as written, as notices often say 下午15:00.
//   - Minutes must be written with two digits or with 分: 9:5, 7点5 and 七点五
//     are TimeAmbiguous (9:05 or 9:50?); 9:05, 7点05, 七点零五, 7点5分 are fine.
//   - 24点 and 24:00 are TimeImpossible; write 00:00 with the next day (a
//     deadline reads them as the end of the day: ParseDeadline).
//   - A part of day alone with a day takes the part's usual hour
//     (PartHours, ChoicePartHour): 明天下午 is 15:00, 今晚 19:30. 凌晨 and
//     the night (夜里, 深夜, 半夜) have no usual hour: 明天凌晨 is
//     TimeNightHour. A phrase with neither a day nor a clock (下午) is
//     TimeUnrecognized.
//   - A clock without a day is on today's date, even if already past, with
//     HasDate false; the caller decides whether that is meant.
//   - 3天后 and 1周后 are days (HasClock false unless a clock is also given);
//     2小时后 and 30分钟后 are instants (HasDate and HasClock both true) and
//     combine with nothing else.
func ParseTime(s string, now time.Time) (When, error) {
	ph, why := scanTimePhrase(normalizeTimeInput(s), now)
	var w When
	if why == "" {
		w, why = ph.resolveOn(now, now, false)
	}
	if why != "" {
		return When{}, &TimeError{Input: strings.TrimSpace(s), Reason: why}
	}
	return w, nil
}

// ParseTimeRange reads a phrase that may be a range: two ParseTime phrases
// joined by -, ~, 至, 到 or a dash ("19:00-21:00", "明天下午3点到5点",
// "2026-11-25 19:00~21:30", "下午3-5点"). Without a range end is the zero When.
//
// An end that names no day takes the start's day (and its HasDate); an end
// clock without a part of day takes the start's part when that makes sense
// (下午3点到5点 ends at 17:00, 上午9点到13点 at 13:00). An end date takes the
// year and month it leaves out from the start (5月6日至20日, 5月6-20日,
// 12月28日至1月3日 ends next January), and a bare weekday end is the first on
// or after the start (下周一至周五). 从 or 自 may begin the range. The end
// must be after the start, else TimeBackwards: 22:00-01:00 is refused
// (write it with both days: 今晚10点到明天凌晨1点), and so is 5月20日至5月6日,
// which is not moved a year on. A bare "10-12" is a date (October 12),
// "10-12点" a range.
func ParseTimeRange(s string, now time.Time) (start, end When, err error) {
	in := normalizeTimeInput(s)
	start, err = ParseTime(in, now)
	if err == nil {
		return start, When{}, nil
	}
	worst := err.(*TimeError).Reason
	var back [2]time.Time                     // the first backwards reading
	for _, from := range []string{"从", "自"} { // 从5月6日到5月20日
		if r, ok := strings.CutPrefix(in, from); ok && (strings.Contains(r, "到") || strings.Contains(r, "至")) {
			in = r
		}
	}
	if len(in) > maxTimePhrase {
		in = "" // not worth trying every split
	}
	for i := 1; i < len(in); i++ {
		n := rangeSepLen(in[i:])
		if n == 0 {
			continue
		}
		a, b, why := timeRange(in[:i], in[i+n:], now)
		if why == "" {
			return a, b, nil
		}
		if why == TimeBackwards && back[0].IsZero() {
			back = [2]time.Time{a.Time, b.Time}
		}
		worst = graverReason(worst, why)
	}
	e := &TimeError{Input: strings.TrimSpace(s), Reason: worst}
	if worst == TimeBackwards {
		e.Start, e.End = back[0], back[1]
	}
	return When{}, When{}, e
}

// timeRange resolves the two halves of a range.
func timeRange(left, right string, now time.Time) (When, When, TimeReason) {
	lp, why := scanTimePhrase(left, now)
	if why != "" && endsWithNumeral(left) {
		// "下午3-5点": the start borrows the end's 点.
		if p, w := scanTimePhrase(left+"点", now); w == "" {
			lp, why = p, ""
		}
	}
	if why != "" {
		return When{}, When{}, why
	}
	start, why := lp.resolveOn(now, now, false)
	if why != "" {
		return When{}, When{}, why
	}
	rp, why := scanTimePhrase(right, now)
	if why != "" {
		return When{}, When{}, why
	}
	if why := rp.fromStart(start.Time, false); why != "" {
		return When{}, When{}, why
	}
	end, why := rp.resolveEnd(now, start, lp.part)
	if why != "" {
		return When{}, When{}, why
	}
	if !end.Time.After(start.Time) {
		return start, end, TimeBackwards
	}
	return start, end, ""
}

// fromStart fills in what a date left out from start instead of today:
// the end of a range from the range's start (5月6日至20日 ends on May 20 of
// the start's year, 12月28日至1月3日 in the year after the start's, 下周一至周五
// on the Friday after that Monday), and a look ahead from today (6月30日
// written in November is next June's). A month or day before the start's
// moves to the next year or month; a day earlier in the start's own month
// moves to next year only when ahead: a range's end before its start is
// refused, not moved a year on.
func (ph *timePhrase) fromStart(start time.Time, ahead bool) TimeReason {
	if !ph.hasDate || ph.unwritten == gapNone {
		return ""
	}
	y, m, d := start.Date()
	var first time.Time
	switch ph.unwritten {
	case gapWeek:
		t := time.Date(y, m, d+(ph.weekday-mondayIndex(start)+7)%7, 12, 0, 0, 0, time.UTC)
		ph.year, ph.month, ph.day = t.Year(), t.Month(), t.Day()
		return ""
	case gapYear:
		first = time.Date(y, ph.month, 1, 12, 0, 0, 0, time.UTC)
		if (ph.month < m || ph.month == m && ph.day < d && ahead) && !(ahead && recentlyPassed(y, ph.month, ph.day, start)) {
			first = first.AddDate(1, 0, 0)
		}
	default: // gapMonth
		first = time.Date(y, m, 1, 12, 0, 0, 0, time.UTC)
		if !ph.lastDay && (ph.day < d || !validDate(y, m, ph.day)) {
			first = first.AddDate(0, 1, 0)
		}
	}
	day := ph.day
	if ph.lastDay {
		day = monthLength(first.Year(), first.Month())
	}
	if !validDate(first.Year(), first.Month(), day) {
		return TimeImpossible
	}
	ph.year, ph.month, ph.day = first.Year(), first.Month(), day
	return ""
}

// recentPast is how far back a date written without its year, looking
// ahead, is still that recent day rather than next year's: 1月4日 written
// on January 5th is yesterday (a slip the command refuses as past, showing
// the day), not a year away; 6月30日 written in November is next June's.
const recentPast = 31

// recentlyPassed reports whether y-m-d is one to recentPast days before
// start.
func recentlyPassed(y int, m time.Month, d int, start time.Time) bool {
	if !validDate(y, m, d) {
		return false
	}
	ago := civilDay(start.Date()) - civilDay(y, m, d)
	return ago >= 1 && ago <= recentPast
}

// resolveEnd resolves the end of a range on the start's day, borrowing the
// start's part of day unless that makes the end impossible.
func (ph timePhrase) resolveEnd(now time.Time, start When, startPart dayPart) (When, TimeReason) {
	if startPart == partNone && (start.Chosen == ChoiceAfternoon || start.Chosen == ChoiceEvening) {
		startPart = partAfternoon // 3点到5点, 7点到9点 said in the morning: the end follows the start
	}
	if ph.part == partNone && ph.hasClock && startPart != partNone {
		borrowed := ph
		borrowed.part = startPart
		w, why := borrowed.resolveOn(now, start.Time, start.HasDate)
		if why != TimeImpossible {
			return w, why
		}
	}
	return ph.resolveOn(now, start.Time, start.HasDate)
}

// resolveOn turns ph into a When; a phrase that names no day is on day's
// date, and dayNamed is then reported as HasDate.
func (ph timePhrase) resolveOn(now, day time.Time, dayNamed bool) (When, TimeReason) {
	if ph.hasInstant {
		return When{Time: ph.instant, HasDate: true, HasClock: true}, ""
	}
	if !ph.hasDate && !ph.hasClock {
		return When{}, TimeUnrecognized
	}
	y, m, d := day.Date()
	if ph.hasDate {
		y, m, d, dayNamed = ph.year, ph.month, ph.day, true
	}
	hour, minute, hasClock, chosen := 0, ph.minute, ph.hasClock, ChoiceNone
	switch {
	case ph.hasClock && ph.part == partNone && !(ph.colon && ph.zeroPadded):
		// A bare hour, read as a person at work means it.
		var why TimeReason
		if hour, chosen, why = bareHour(ph.hour, ph.minute, ph.hasDate, time.Date(y, m, d, 0, 0, 0, 0, now.Location()), now); why != "" {
			return When{}, why
		}
	case ph.hasClock:
		var why TimeReason
		if hour, why = applyDayPart(ph.part, ph.hour, ph.colon); why != "" {
			return When{}, why
		}
	case ph.part != partNone && ph.hasDate:
		var ok bool
		if hour, minute, ok = partHour(ph.part); !ok {
			return When{}, TimeNightHour // 明天凌晨, 明天夜里: which hour of the night?
		}
		hasClock, chosen = true, ChoicePartHour
	}
	t := time.Date(y, m, d, hour, minute, 0, 0, now.Location())
	return When{Time: t, HasDate: dayNamed, HasClock: hasClock, Chosen: chosen, Hour12: ph.hour}, ""
}

// bareHour reads an hour written without a part of day. Hours 13–23 and 12
// are as written; 1–5 are in the afternoon (no one meets at 3 in the night
// without saying 凌晨); 6–11 are in the morning, except when no day is
// named and the morning hour has passed today while the evening one has
// not (7点 said at 10:00 is 19:00). 0 is refused: write 凌晨 or 24:00's day.
func bareHour(h, minute int, dayNamed bool, day, now time.Time) (int, Choice, TimeReason) {
	switch {
	case h == 0:
		return 0, ChoiceNone, TimeNightHour
	case h >= 12:
		return h, ChoiceNone, ""
	case h <= 5:
		return h + 12, ChoiceAfternoon, ""
	case dayNamed:
		return h, ChoiceMorning, ""
	}
	morning := DayAt(day, h, minute)
	if morning.Before(now) && DayAt(day, h+12, minute).After(now) {
		return h + 12, ChoiceEvening, ""
	}
	return h, ChoiceMorning, ""
}

// rangeSepLen is the length of the range separator at the start of s, or 0.
func rangeSepLen(s string) int {
	switch {
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "~"):
		return 1
	case strings.HasPrefix(s, "至"), strings.HasPrefix(s, "到"):
		return len("至")
	}
	return 0
}

// graverReason returns the more telling of two reasons: impossible beats
// ambiguous beats unrecognized.
func graverReason(a, b TimeReason) TimeReason {
	rank := func(r TimeReason) int {
		switch r {
		case TimeFuzzy, TimeNightHour, TimeBackwards, TimeWrongWeekday:
			return 4
		case TimeImpossible:
			return 3
		case TimeAmbiguous:
			return 2
		case TimeUnrecognized:
			return 1
		}
		return 0
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}

// maxTimePhrase is the length in bytes past which a phrase is not read at
// all: a time is short, and a long text must not cost much.
const maxTimePhrase = 240

// normalizeTimeInput folds full-width forms to ASCII, every space and
// parenthesis to ' ' and every dash to '~', lower-cases ASCII letters, and trims spaces, quotes and
// trailing punctuation.
func normalizeTimeInput(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
			r -= 0xFEE0
		}
		switch {
		case r == '—' || r == '–' || r == '―' || r == '‒' || r == '〜':
			return '~'
		case unicode.IsSpace(r), r == '(', r == ')':
			return ' ' // 12月1日（周二）: a weekday in parentheses, as notices write it
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}, s)
	if strings.ContainsFunc(s, func(r rune) bool { return variantRunes[r] }) {
		s = variants.Replace(s)
	}
	for strings.Contains(s, "~~") {
		s = strings.ReplaceAll(s, "~~", "~")
	}
	s = strings.Trim(s, " \"'“”‘’「」『』")
	s = strings.TrimRight(s, " .,;!?。、…\"'“”‘’「」『』")
	return dropInnerSpaces(s)
}

// variantPairs are the traditional and variant characters of time
// phrases, each with the simplified one it is read as: 下週三, 禮拜五, 後天,
// 兩個小時後, 10號, 8點, 這週五, 過年, 本週內, 兩個鐘頭後, 勞動節.
var variantPairs = []string{
	"週", "周", "禮拜", "礼拜", "後", "后", "個", "个", "號", "号", "點", "点", "時", "时",
	"鐘", "钟", "兩", "两", "淩晨", "凌晨", "間", "间", "還", "还", "曆", "历",
	"節", "节", "慶", "庆", "國", "国", "黨", "党", "軍", "军", "們", "们",
	"這", "这", "過", "过", "內", "内", "頭", "头", "勞", "劳", "動", "动", "兒", "儿", "婦", "妇", "師", "师",
}

// variants replaces variantPairs; variantRunes are the runes they start
// with, so that a phrase without any is not copied.
var (
	variants     = strings.NewReplacer(variantPairs...)
	variantRunes = func() map[rune]bool {
		runes := map[rune]bool{}
		for i := 0; i < len(variantPairs); i += 2 {
			r, _ := utf8.DecodeRuneInString(variantPairs[i])
			runes[r] = true
		}
		return runes
	}()
)

// dropInnerSpaces removes the spaces of "下午 3 点" and "明天 19:00" but keeps
// one between two digits, as in "11/25 19:00".
func dropInnerSpaces(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' {
			b.WriteByte(s[i])
			continue
		}
		j := i
		for j < len(s) && s[j] == ' ' {
			j++
		}
		if i > 0 && j < len(s) && isDigit(s[i-1]) && isDigit(s[j]) {
			b.WriteByte(' ')
		}
		i = j - 1
	}
	return b.String()
}
