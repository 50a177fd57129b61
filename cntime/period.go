package cntime

import (
	"fmt"
	"strings"
	"time"
)

// Period is a half-open interval [From, To) in now's location, with a Chinese label for headings.
type Period struct {
	From, To time.Time
	Label    string // 2026年第四季度, 2026年11月, 2026年, 2026年1月1日至2026年6月30日
}

// ParsePeriod reads the period of an attendance query, relative to now. The
// error is a *TimeError. Accepted, with full-width forms, traditional
// characters and spaces tolerated:
//
//	""  本季度 这季度 这个季度 本季 当季   the current calendar quarter (the default)
//	上季度 上个季度 上一季度 下季度       the previous or next quarter
//	本月 这个月 这月 当月 上月 上个月 下月  a month
//	本周 这周 上周 上上周 下周 (星期, 礼拜)  a week, Monday to Sunday
//	今年 本年 本年度 去年 前年 明年        a year
//	Y   Y年  Y年度  YY年                 the year Y (four digits; YY年 as ParseTime reads it: 26年 is 2026)
//	[Y年|今年…](上半年|下半年)            a half year
//	YQn Yqn Y-Qn  Y年[第]n季度  Y年Qn      a quarter; n is 1–4 or 一–四
//	Y-MM Y/MM Y.MM  Y年M月[份]           a month
//	[Y年]M月(上旬|中旬|下旬)  [本月|上月|下月](上旬|中旬|下旬)   the 1st–10th, 11th–20th, 21st–last
//	Y-MM-DD Y/MM/DD Y.MM.DD  Y年M月D日   a day
//	上半年 下半年 [第]n季度 Qn M月 上旬…  without a year: the latest such that has begun
//	A~B  A至B  A到B  A-B  从A到B         from the start of A to the end of B, inclusive
//	A至今  A以来                         from the start of A to the end of today
//
// A period named without its year is the latest such that has begun, the one
// a secretary asking for a report has records of: 三季度 asked in January is
// last year's, 12月 asked in November last December. The end of a range takes
// a missing year from its start and moves to the next year when its month
// comes before the start's (2025年12月至3月, 12月至1月); an end earlier in
// the start's own month (5月20日至5月6日) is TimeBackwards, as is any B
// starting before A; 2026-13, 2026Q5, 2026-02-30 and years before 1970 or
// after 2100 are TimeImpossible.
func ParsePeriod(s string, now time.Time) (Period, error) {
	in, loc := normalizeTimeInput(s), now.Location()
	if in == "" {
		y, m, _ := now.Date()
		return quarterPeriod(y, (int(m)+2)/3, loc), nil
	}
	for _, from := range []string{"从", "自"} { // 从9月到11月
		if r, ok := strings.CutPrefix(in, from); ok && (strings.Contains(r, "到") || strings.Contains(r, "至")) {
			in = r
		}
	}
	for _, since := range []string{"至今", "以来", "到现在", "到今天"} {
		if r, ok := strings.CutSuffix(in, since); ok && r != "" {
			p, why := periodSince(r, now)
			if why != "" {
				return Period{}, &TimeError{Input: strings.TrimSpace(s), Reason: why}
			}
			return p, nil
		}
	}
	p, worst := periodSpan(in, now)
	if worst == "" {
		return p, nil
	}
	var back Period // the first backwards reading
	if len(in) > maxTimePhrase {
		in = "" // not worth trying every split
	}
	for i := 1; i < len(in); i++ {
		n := rangeSepLen(in[i:])
		if n == 0 {
			continue
		}
		p, why := periodRange(in[:i], in[i+n:], now)
		if why == "" {
			return p, nil
		}
		if why == TimeBackwards && back.From.IsZero() {
			back = p
		}
		worst = graverReason(worst, why)
	}
	e := &TimeError{Input: strings.TrimSpace(s), Reason: worst}
	if worst == TimeBackwards {
		e.Start, e.End = back.From, back.To
	}
	return Period{}, e
}

// periodSince runs from the start of the period s to the end of today
// (9月至今, 今年以来).
func periodSince(s string, now time.Time) (Period, TimeReason) {
	from, why := periodSpan(s, now)
	if why != "" {
		return Period{}, why
	}
	if from.From.After(now) {
		return Period{}, TimeImpossible
	}
	today := DayAt(now, 0, 0)
	return Period{From: from.From, To: today.AddDate(0, 0, 1), Label: FormatDate(from.From) + "至" + FormatDate(today)}, ""
}

// periodRange joins the periods a and b.
func periodRange(a, b string, now time.Time) (Period, TimeReason) {
	from, why := periodSpan(strings.TrimSpace(a), now)
	if why != "" {
		return Period{}, why
	}
	to, why := periodEnd(strings.TrimSpace(b), from, now)
	if why != "" {
		return Period{}, why
	}
	if to.From.Before(from.From) {
		// Both ends' first days, for the refusal.
		return Period{From: from.From, To: to.From}, TimeBackwards
	}
	end := to.To
	if from.To.After(end) {
		end = from.To
	}
	return Period{From: from.From, To: end, Label: rangeLabel(from, to)}, ""
}

// rangeLabel names the range from a to b: "2026年1月至2026年6月", or by
// its first and last days where a side is itself a range of days (a week).
func rangeLabel(a, b Period) string {
	from, to := a.Label, b.Label
	if strings.Contains(from, "至") {
		from = FormatDate(a.From)
	}
	if strings.Contains(to, "至") {
		to = FormatDate(b.To.AddDate(0, 0, -1))
	}
	return from + "至" + to
}

// periodEnd reads the end of a range: what it leaves out (the year, or the
// year and month of a bare 20日) comes from the start, moving to the next
// year or month when it would begin before the start (5月6日至20日,
// 2025年12月至3月). A relative end (本月) or one with a year is read alone.
func periodEnd(b string, from Period, now time.Time) (Period, TimeReason) {
	loc := from.From.Location()
	if b == "" {
		return Period{}, TimeUnrecognized
	}
	if _, ok := periodWords[b]; ok {
		return periodSpan(b, now)
	}
	if w, ok := longestWord(b, periodWordIndex); ok && periodWords[w].unit == periodYear {
		return periodSpan(b, now)
	}
	if n, ok := leadingNumber(b); ok && n.digits == 4 {
		return periodSpan(b, now)
	}
	y, m := from.From.Year(), from.From.Month()
	if n, ok := leadingNumber(b); ok && (b[n.n:] == "日" || b[n.n:] == "号") {
		p, why := periodInYear(y, fmt.Sprintf("%d月%d日", m, n.v), loc)
		if why == "" && p.From.Before(from.From) {
			next := time.Date(y, m+1, 1, 12, 0, 0, 0, time.UTC)
			p, why = periodInYear(next.Year(), fmt.Sprintf("%d月%d日", next.Month(), n.v), loc)
		}
		return p, why
	}
	p, why := periodInYear(y, b, loc)
	if why == "" && p.From.Before(from.From) && p.From.Month() < from.From.Month() {
		p, why = periodInYear(y+1, b, loc) // 12月至3月; but 5月20日至5月6日 is refused
	}
	if why != "" {
		return periodSpan(b, now)
	}
	return p, ""
}

// periodUnit is the length of a relative period word.
type periodUnit int

const (
	periodQuarter periodUnit = iota
	periodMonth
	periodYear
	periodWeek
)

// periodWords are the relative periods, with their offset from the current one.
var periodWords = map[string]struct {
	unit periodUnit
	n    int
}{
	"本季度": {periodQuarter, 0}, "这季度": {periodQuarter, 0}, "这个季度": {periodQuarter, 0},
	"本季": {periodQuarter, 0}, "当季": {periodQuarter, 0},
	"上季度": {periodQuarter, -1}, "上个季度": {periodQuarter, -1}, "上一季度": {periodQuarter, -1},
	"下季度": {periodQuarter, 1}, "下个季度": {periodQuarter, 1},
	"本月": {periodMonth, 0}, "这个月": {periodMonth, 0}, "这月": {periodMonth, 0}, "当月": {periodMonth, 0},
	"上月": {periodMonth, -1}, "上个月": {periodMonth, -1}, "下月": {periodMonth, 1}, "下个月": {periodMonth, 1},
	"本周": {periodWeek, 0}, "这周": {periodWeek, 0}, "这个星期": {periodWeek, 0}, "本星期": {periodWeek, 0},
	"这个礼拜": {periodWeek, 0}, "上周": {periodWeek, -1}, "上个星期": {periodWeek, -1}, "上星期": {periodWeek, -1},
	"上个礼拜": {periodWeek, -1}, "下周": {periodWeek, 1}, "下个星期": {periodWeek, 1}, "下星期": {periodWeek, 1},
	"上上周": {periodWeek, -2}, "上上个星期": {periodWeek, -2}, "上上个礼拜": {periodWeek, -2},
	"下个礼拜": {periodWeek, 1}, "本礼拜": {periodWeek, 0}, "这礼拜": {periodWeek, 0}, "上礼拜": {periodWeek, -1},
	"今年": {periodYear, 0}, "本年": {periodYear, 0}, "本年度": {periodYear, 0}, "今年度": {periodYear, 0},
	"去年": {periodYear, -1}, "上一年": {periodYear, -1}, "前年": {periodYear, -2}, "明年": {periodYear, 1},
}

// yearChoice says which year a period named without one is in.
type yearChoice int

const (
	latestBegun yearChoice = iota // a report's: the latest such period that has begun
	nextUnended                   // a deadline's: the next such period that has not ended
)

// periodSpan reads one period that is not a range, as a report asks for it.
func periodSpan(s string, now time.Time) (Period, TimeReason) {
	return periodSpanFor(s, now, latestBegun)
}

// periodSpanFor reads one period that is not a range; one named without
// its year is in the year choice picks.
func periodSpanFor(s string, now time.Time, choice yearChoice) (Period, TimeReason) {
	loc := now.Location()
	y, m, _ := now.Date()
	if s == "" {
		return Period{}, TimeUnrecognized
	}
	if w, ok := periodWords[s]; ok {
		switch w.unit {
		case periodQuarter:
			q := y*4 + (int(m)-1)/3 + w.n
			return quarterPeriod(q/4, q%4+1, loc), ""
		case periodMonth:
			first := time.Date(y, m+time.Month(w.n), 1, 12, 0, 0, 0, time.UTC)
			return monthPeriod(first.Year(), first.Month(), loc), ""
		case periodWeek:
			return weekPeriod(now, w.n), ""
		default:
			return yearPeriod(y+w.n, loc), ""
		}
	}
	if p, why, ok := xunSpan(s, now, choice); ok {
		return p, why
	}
	if w, ok := longestWord(s, periodWordIndex); ok && periodWords[w].unit == periodYear {
		return periodInYear(y+periodWords[w].n, s[len(w):], loc)
	}
	if n, ok := leadingNumber(s); ok && (n.digits == 4 || n.digits == 2 && strings.HasPrefix(s[n.n:], "年")) {
		year, rest := n.v, s[n.n:]
		if n.digits == 2 {
			year = twoDigitYear(n.v, now) // 26年, 25年下半年
		}
		if r, ok := strings.CutPrefix(rest, "年度"); ok {
			rest = r
		} else {
			rest = strings.TrimPrefix(rest, "年")
		}
		return periodInYear(year, rest, loc)
	}
	p, why := periodInYear(y, s, loc)
	if why != "" {
		return p, why
	}
	switch {
	case choice == latestBegun && p.From.After(now):
		return periodInYear(y-1, s, loc)
	case choice == nextUnended && !p.To.After(now):
		return periodInYear(y+1, s, loc)
	}
	return p, ""
}

// xunWords are the thirds of a month: the 1st–10th, 11th–20th, 21st–last.
var xunWords = []string{"上旬", "中旬", "下旬"}

// xunSpan reads a third of a month named without a year: 下旬 (this
// month's, or the one choice picks), 本月下旬, 下月上旬. It reports false
// for anything else (11月下旬 is read with its month).
func xunSpan(s string, now time.Time, choice yearChoice) (Period, TimeReason, bool) {
	for i, x := range xunWords {
		month, ok := strings.CutSuffix(s, x)
		if !ok {
			continue
		}
		y, m, _ := now.Date()
		if w, ok := periodWords[month]; ok && w.unit == periodMonth {
			m += time.Month(w.n)
		} else if month != "" {
			return Period{}, "", false
		}
		first := time.Date(y, m, 1, 12, 0, 0, 0, time.UTC)
		p := xunPeriod(first.Year(), first.Month(), i, now.Location())
		switch {
		case month != "":
		case choice == latestBegun && p.From.After(now):
			first = first.AddDate(0, -1, 0)
		case choice == nextUnended && !p.To.After(now):
			first = first.AddDate(0, 1, 0)
		}
		return xunPeriod(first.Year(), first.Month(), i, now.Location()), "", true
	}
	return Period{}, "", false
}

// xunPeriod is the ith third (0: 上旬, 1: 中旬, 2: 下旬) of month m of year y.
func xunPeriod(y int, m time.Month, i int, loc *time.Location) Period {
	from := time.Date(y, m, 1+10*i, 0, 0, 0, 0, loc)
	to := from.AddDate(0, 0, 10)
	if i == 2 {
		to = time.Date(y, m+1, 1, 0, 0, 0, 0, loc)
	}
	return Period{From: from, To: to, Label: fmt.Sprintf("%d年%d月%s", y, m, xunWords[i])}
}

// periodInYear reads what may follow a year: nothing, a half, a quarter, a
// month or a day.
func periodInYear(y int, s string, loc *time.Location) (Period, TimeReason) {
	if y < MinYear || y > MaxYear {
		return Period{}, TimeImpossible
	}
	switch s {
	case "":
		return yearPeriod(y, loc), ""
	case "上半年", "下半年":
		from := time.Date(y, time.January, 1, 0, 0, 0, 0, loc)
		label := fmt.Sprintf("%d年上半年", y)
		if s == "下半年" {
			from, label = from.AddDate(0, 6, 0), fmt.Sprintf("%d年下半年", y)
		}
		return Period{From: from, To: from.AddDate(0, 6, 0), Label: label}, ""
	}
	if q, ok := quarterNumber(s); ok {
		if q < 1 || q > 4 {
			return Period{}, TimeImpossible
		}
		return quarterPeriod(y, q, loc), ""
	}
	return monthOrDay(y, s, loc)
}

// quarterNumber reads Qn, -Qn, 第n季度, n季度, 第n季.
func quarterNumber(s string) (int, bool) {
	if r, ok := strings.CutPrefix(strings.TrimPrefix(s, "-"), "q"); ok {
		n, ok := leadingNumber(r)
		return n.v, ok && !n.cn && n.n == len(r)
	}
	r := strings.TrimPrefix(s, "第")
	n, ok := leadingNumber(r)
	if !ok {
		return 0, false
	}
	r = r[n.n:]
	return n.v, r == "季度" || r == "季"
}

// monthOrDay reads -MM[-DD] (or with / or .) and M月[D日].
func monthOrDay(y int, s string, loc *time.Location) (Period, TimeReason) {
	var sep string
	if s != "" && strings.ContainsRune("-/.", rune(s[0])) {
		sep, s = s[:1], s[1:]
	}
	m, ok := leadingNumber(s)
	if !ok || (sep != "" && (m.cn || m.digits > 2)) {
		return Period{}, TimeUnrecognized
	}
	rest, monthWord := strings.CutPrefix(s[m.n:], "月")
	if sep == "" && !monthWord {
		return Period{}, TimeUnrecognized
	}
	if m.v < 1 || m.v > 12 {
		return Period{}, TimeImpossible
	}
	if monthWord {
		rest = strings.TrimPrefix(rest, "份") // 10月份
		for i, x := range xunWords {
			if rest == x {
				return xunPeriod(y, time.Month(m.v), i, loc), ""
			}
		}
	}
	if rest == "" {
		return monthPeriod(y, time.Month(m.v), loc), ""
	}
	if sep != "" {
		rest, ok = strings.CutPrefix(rest, sep)
		if !ok {
			return Period{}, TimeUnrecognized
		}
	}
	d, ok := leadingNumber(rest)
	rest = rest[d.n:]
	if sep == "" {
		if r, ok := strings.CutPrefix(rest, "日"); ok {
			rest = r
		} else {
			rest = strings.TrimPrefix(rest, "号")
		}
	}
	switch {
	case !ok || rest != "" || (sep != "" && (d.cn || d.digits > 2)):
		return Period{}, TimeUnrecognized
	case !validDate(y, time.Month(m.v), d.v):
		return Period{}, TimeImpossible
	}
	from := time.Date(y, time.Month(m.v), d.v, 0, 0, 0, 0, loc)
	return Period{From: from, To: from.AddDate(0, 0, 1), Label: fmt.Sprintf("%d年%d月%d日", y, m.v, d.v)}, ""
}

// weekPeriod is the Monday-based week n weeks from now's
// ("2026年11月23日至2026年11月29日").
func weekPeriod(now time.Time, n int) Period {
	y, m, d := now.Date()
	monday := time.Date(y, m, d-(int(now.Weekday())+6)%7+7*n, 0, 0, 0, 0, now.Location())
	sunday := monday.AddDate(0, 0, 6)
	return Period{From: monday, To: monday.AddDate(0, 0, 7),
		Label: fmt.Sprintf("%d年%d月%d日至%d年%d月%d日", monday.Year(), monday.Month(), monday.Day(), sunday.Year(), sunday.Month(), sunday.Day())}
}

func yearPeriod(y int, loc *time.Location) Period {
	from := time.Date(y, time.January, 1, 0, 0, 0, 0, loc)
	return Period{From: from, To: from.AddDate(1, 0, 0), Label: fmt.Sprintf("%d年", y)}
}

func quarterPeriod(y, q int, loc *time.Location) Period {
	from := time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, loc)
	names := [...]string{"一", "二", "三", "四"}
	return Period{From: from, To: from.AddDate(0, 3, 0), Label: fmt.Sprintf("%d年第%s季度", y, names[q-1])}
}

func monthPeriod(y int, m time.Month, loc *time.Location) Period {
	from := time.Date(y, m, 1, 0, 0, 0, 0, loc)
	return Period{From: from, To: from.AddDate(0, 1, 0), Label: fmt.Sprintf("%d年%d月", y, m)}
}

// MonthOf is the calendar month containing t, in t's location ("2026年11月").
func MonthOf(t time.Time) Period { return monthPeriod(t.Year(), t.Month(), t.Location()) }

// QuarterOf is the calendar quarter containing t, in t's location
// ("2026年第四季度").
func QuarterOf(t time.Time) Period {
	return quarterPeriod(t.Year(), (int(t.Month())+2)/3, t.Location())
}

// YearOf is the calendar year containing t, in t's location ("2026年").
func YearOf(t time.Time) Period { return yearPeriod(t.Year(), t.Location()) }
