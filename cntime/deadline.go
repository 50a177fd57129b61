package cntime

import (
	"strings"
	"time"
)

// ParseDeadline reads the deadline of a pledge or a call (截止 …) and
// returns the last moment it allows: read ahead as ParseTimeAhead reads (6月30日
// written in November is next June's), then taken to the inclusive end of
// the day or unit it names. The error is a *TimeError.
//
// Decisions:
//   - A day without a clock, or with only a part of day (明天下午, 今晚),
//     ends at 23:59 of that day: HasClock is false and Time is 23:59. A
//     written clock is kept (明天下午5点前 is 17:00), with Chosen as
//     ParseTime gives it (明天三点 is 15:00).
//   - 前, 之前, 以前 after a day are inclusive: 6月30日前 and 周五前 end at
//     23:59 of that day, as notices mean "6月30日前报送"; 15日前 is by the
//     15th. After a holiday or festival they mean before it begins, the day
//     before (七一前 is June 30, 国庆前 September 30, 春节前 除夕), and
//     after the weekend its Friday (周末前). After a span (3月前, 下周前,
//     明年前) they could mean its start or its end, and are TimeAmbiguous;
//     write 3月底前 or 2月底前.
//   - A span (本周, 下月, 本季度, 一季度, 明年3月, 3月份, 12月上旬, 明年上半年,
//     2027年), with or without 内, 以内, 之内, 底, 末, ends at 23:59 of its
//     last day; one named without a year is the next that has not ended
//     (3月底 written in November is next March's). Weeks end on Sunday;
//     周末, 本周末 and 下周末 are that Sunday.
//   - N天内, N周内, N个月内, N个工作日内 end at 23:59 of the day N天后 …
//     names (3天内 written on Sunday is Wednesday 23:59; working days skip
//     holidays and count 调休 days); N小时内, N分钟内 are that instant.
//   - 24点, 24:00 and 晚上12点 after a day (今晚24点前, 12月31日24时) are
//     the end of that day, 23:59.
func ParseDeadline(s string, now time.Time) (When, error) {
	in := strings.TrimPrefix(normalizeTimeInput(s), "到") // 截止到月底
	w, why := parseDeadline(in, now)
	if why != "" {
		return When{}, &TimeError{Input: strings.TrimSpace(s), Reason: why}
	}
	return w, nil
}

// parseDeadline is ParseDeadline of a normalized phrase.
func parseDeadline(in string, now time.Time) (When, TimeReason) {
	if w, ok := weekendDeadline(in, now); ok {
		return w, ""
	}
	if w, why, ok := midnightDeadline(in, now); ok {
		return w, why
	}
	w, why := parseAhead(in, now)
	if why == "" {
		if !w.HasClock || w.Chosen == ChoicePartHour {
			w = dayEnd(w.Time, w.HasDate)
		}
		return w, ""
	}
	if w, spanWhy, ok := spanDeadline(in, now); ok {
		if spanWhy != "" {
			return When{}, graverReason(why, spanWhy)
		}
		return w, ""
	}
	return When{}, why
}

// dayEnd is a deadline at the end of day's day.
func dayEnd(day time.Time, hasDate bool) When {
	return When{Time: DayAt(day, 23, 59), HasDate: hasDate}
}

// weekendWeeks are the weekends a deadline may name, by week from this one.
var weekendWeeks = map[string]int{"周末": 0, "本周末": 0, "这周末": 0, "这个周末": 0, "下周末": 1, "下个周末": 1}

// weekendDeadline reads 周末, 下周末 (that Sunday) and 周末前 (that Friday).
func weekendDeadline(in string, now time.Time) (When, bool) {
	body, by := cutBy(in)
	n, ok := weekendWeeks[body]
	if !ok {
		return When{}, false
	}
	week := weekPeriod(now, n)
	last := week.To.AddDate(0, 0, -1)
	if by {
		last = week.From.AddDate(0, 0, 4)
	}
	return dayEnd(last, true), true
}

// midnights end a deadline at the end of its day; evening ones only after
// an evening or night part of day (今晚12点, 夜里12点).
var (
	midnights        = []string{"24点整", "24点", "24时", "24:00", "二十四点", "二十四时"}
	eveningMidnights = []string{"12点", "十二点", "12时", "12:00"}
)

// midnightDeadline reads a day ending with midnight: 今晚24点前,
// 12月31日24时, 明晚12点.
func midnightDeadline(in string, now time.Time) (When, TimeReason, bool) {
	body, _ := cutBy(in)
	for i, list := range [][]string{midnights, eveningMidnights} {
		for _, m := range list {
			day, ok := strings.CutSuffix(body, m)
			if !ok {
				continue
			}
			ph, why := scanTimePhrase(day, now)
			if why == "" {
				why = ph.fromStart(DayAt(now, 0, 0), true)
			}
			evening := ph.part == partEvening || ph.part == partNight
			switch {
			case i == 1 && !evening:
				return When{}, "", false // 下午12点 is noon
			case why != "":
				return When{}, why, true
			case ph.hasClock || ph.hasInstant || ph.part != partNone && !evening:
				return When{}, TimeImpossible, true
			}
			end := now
			if ph.hasDate {
				end = time.Date(ph.year, ph.month, ph.day, 0, 0, 0, 0, now.Location())
			}
			w := dayEnd(end, ph.hasDate)
			w.HasClock = true // written, as midnight
			return w, "", true
		}
	}
	return When{}, "", false
}

// spanDeadline reads a deadline that names a span rather than a day
// (下周, 3月底, 12月上旬, 3天内), and reports false for anything else.
func spanDeadline(in string, now time.Time) (When, TimeReason, bool) {
	body, by := cutBy(in)
	if r, ok := cutWithin(body); ok && !by {
		if endsWithUnit(r) {
			if w, why := parseAhead(r+"后", now); why == "" { // 3天内: by 3天后
				if !w.HasClock {
					w = dayEnd(w.Time, true)
				}
				return w, "", true
			}
		}
		body = r
		if whole, ok := map[string]string{"年": "今年", "月": "本月", "周": "本周"}[r]; ok {
			body = whole // 年内
		}
	}
	end := false
	for _, e := range []string{"底", "末"} {
		if r, ok := strings.CutSuffix(body, e); ok && r != "" {
			body, end = r, true
			break
		}
	}
	p, why := periodSpanFor(body, now, nextUnended)
	switch {
	case why == TimeImpossible:
		return When{}, why, true
	case why != "":
		return When{}, "", false
	case by && !end:
		return When{}, TimeAmbiguous, true // 3月前: by March 1 or by March 31?
	}
	return dayEnd(p.To.AddDate(0, 0, -1), true), "", true
}
