package cntime

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// dayPart is a part of the day (上午, 晚上 …) that turns a 12-hour clock into a
// 24-hour one. Parts from partNoon on are afternoon or evening.
type dayPart int

const (
	partNone      dayPart = iota
	partDawn              // 凌晨
	partMorning           // 早上 早晨 清晨 早
	partForenoon          // 上午
	partNoon              // 中午
	partAfternoon         // 下午
	partDusk              // 傍晚
	partEvening           // 晚上 晚 夜晚 晚间
	partNight             // 夜里 夜间 深夜 半夜: an evening hour with a clock, no usual hour without
)

// dayPartWords are the words for parts of the day.
var dayPartWords = map[string]dayPart{
	"凌晨": partDawn,
	"清晨": partMorning, "早上": partMorning, "早晨": partMorning, "早": partMorning, "一早": partMorning,
	"上午": partForenoon,
	"中午": partNoon,
	"下午": partAfternoon,
	"傍晚": partDusk,
	"晚上": partEvening, "晚间": partEvening, "夜晚": partEvening, "晚": partEvening,
	"夜里": partNight, "夜间": partNight, "深夜": partNight, "半夜": partNight,
}

// dayPartWord reads a part of the day.
func (p *phraseParser) dayPartWord(s string) (int, TimeReason) {
	w, ok := longestWord(s, dayPartIndex)
	if !ok {
		return 0, ""
	}
	return len(w), p.setPart(dayPartWords[w])
}

// clock reads H:MM and N点 / N时 with the minutes that may follow.
func (p *phraseParser) clock(s string) (int, TimeReason) {
	if n := fuzzyNumber(s); n > 0 && (strings.HasPrefix(s[n:], "点") || strings.HasPrefix(s[n:], "时")) {
		return n + len("点"), TimeFuzzy // 七八点: about seven or eight
	}
	h, ok := leadingNumber(s)
	if !ok {
		return 0, ""
	}
	rest := s[h.n:]
	if r, ok := strings.CutPrefix(rest, ":"); ok {
		m, ok := leadingNumber(r)
		if h.cn || h.digits > 2 || !ok || m.cn || m.digits > 2 {
			return 0, ""
		}
		if m.digits == 1 { // 9:5 — 9:05 or 9:50?
			return len(s) - len(r) + m.n, TimeAmbiguous
		}
		return len(s) - len(r) + m.n, p.setClock(h.v, m.v, true, h.digits == 2 || h.v >= 10)
	}
	r, ok := strings.CutPrefix(rest, "点")
	if !ok {
		r, ok = strings.CutPrefix(rest, "时")
	}
	if !ok || h.digits > 2 {
		return 0, ""
	}
	if next, ok := leadingNumber(r); ok && next.v == h.v+1 && (strings.HasPrefix(r[next.n:], "点") || strings.HasPrefix(r[next.n:], "时")) {
		return len(s) - len(r) + next.n + len("点"), TimeFuzzy // 3点4点
	}
	minute, r, why := clockMinutes(r)
	if why == "" {
		why = p.setClock(h.v, minute, false, false)
	}
	return len(s) - len(r), why
}

// fuzzyNumber is the length of the Chinese numerals at the start of s when
// they name two neighbouring numbers (七八, 三四, 九十, 十一二): an
// approximate hour or day, not 78; else 0.
func fuzzyNumber(s string) int {
	var rs [3]rune
	n, size := 0, 0
	for _, r := range s {
		if n == len(rs) || !strings.ContainsRune(chineseNumerals, r) {
			break
		}
		rs[n], n, size = r, n+1, size+utf8.RuneLen(r)
	}
	a, b := chineseDigit(rs[0]), chineseDigit(rs[1])
	switch {
	case n == 2 && rs[0] == '九' && rs[1] == '十', // nine or ten
		n == 3 && rs[0] == '十' && b >= 1 && chineseDigit(rs[2]) == b+1, // 十一二: eleven or twelve
		n == 2 && rs[1] != '十' && a >= 1 && b == a+1:
		return size
	}
	return 0
}

// clockMinutes reads what may follow 点: 半, 一刻, 三刻, 整, 钟, or minutes
// (30, 三十, 零五, 5分). It returns the minutes and the rest of s.
func clockMinutes(s string) (int, string, TimeReason) {
	for _, w := range []struct {
		word   string
		minute int
	}{{"半", 30}, {"一刻", 15}, {"三刻", 45}, {"整", 0}, {"钟", 0}} {
		if r, ok := strings.CutPrefix(s, w.word); ok {
			return w.minute, r, ""
		}
	}
	m, ok := leadingNumber(s)
	if !ok {
		return 0, s, ""
	}
	r, unit := strings.CutPrefix(s[m.n:], "分")
	r = strings.TrimPrefix(r, "钟")
	switch {
	case m.digits > 2:
		return 0, r, TimeUnrecognized
	case !unit && (m.single || m.digits == 1): // 7点5 — 7:05 or 7:50?
		return 0, r, TimeAmbiguous
	}
	return m.v, r, ""
}

// applyDayPart turns the hour h as written after part into a 24-hour hour.
// colon says h was written H:MM, where 13+ after an afternoon or evening
// part is plainly meant as written (下午15:00).
func applyDayPart(part dayPart, h int, colon bool) (int, TimeReason) {
	switch {
	case part == partNone:
		return h, ""
	case h >= 13 && colon && part >= partNoon:
		return h, ""
	case h >= 13:
		return 0, TimeImpossible
	}
	switch part {
	case partDawn:
		if h == 12 {
			return 0, ""
		}
		if h <= 6 {
			return h, ""
		}
	case partMorning:
		if h <= 11 {
			return h, ""
		}
	case partForenoon:
		return h, ""
	case partNoon:
		if h == 11 || h == 12 {
			return h, ""
		}
		if h >= 1 && h <= 3 {
			return h + 12, ""
		}
	case partAfternoon, partDusk:
		if h == 12 && part == partAfternoon {
			return 12, ""
		}
		if h >= 1 && h <= 11 {
			return h + 12, ""
		}
	case partEvening, partNight:
		if h >= 5 && h <= 11 {
			return h + 12, ""
		}
		return 0, TimeAmbiguous // 晚上12点, 夜里2点: which night?
	}
	return 0, TimeImpossible
}

// exampleHours is a usual clock for each part of the day, on the 12-hour
// clock the part implies.
var exampleHours = map[dayPart]int{
	partDawn: 6, partMorning: 8, partForenoon: 9, partNoon: 12,
	partAfternoon: 3, partDusk: 6, partEvening: 7, partNight: 11,
}

// ClockExample completes a phrase that names a part of the day but no clock
// with a usual hour of that part, for a hint: "后天下午" gives "后天下午3点",
// "今晚" gives "今晚7点". It reports false when the phrase does not end with
// a part of the day, so the caller offers its own examples instead of
// writing "后天下午晚上7点".
func ClockExample(phrase string) (string, bool) {
	phrase = strings.TrimSpace(phrase)
	best, part := "", partNone
	consider := func(word string, p dayPart) {
		if p != partNone && strings.HasSuffix(phrase, word) && len(word) > len(best) {
			best, part = word, p
		}
	}
	for w, p := range dayPartWords {
		consider(w, p)
	}
	for w, m := range dayWords {
		consider(w, m.part)
	}
	if part == partNone {
		return "", false
	}
	return fmt.Sprintf("%s%d点", phrase, exampleHours[part]), true
}
