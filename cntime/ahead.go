package cntime

import (
	"strings"
	"time"
)

// ParseTimeAhead is ParseTime for what looks ahead (a reminder, a
// deadline): a day written without its year or month is the next such day
// from today, not the nearest one, so 6月30日 written in November is next
// June's, 5日 written on the 20th is next month's and 月初 written on the
// 29th is next month's 1st; a clock written without a day that has already
// passed today is tomorrow's (HasDate stays false). A day written without
// its year that passed at most a month ago (recentPast) is that day, not
// next year's: 1月4日 written on January 5th is a slip for the caller to
// refuse as past, showing the day. It also reads what a
// deadline says:
//
//	X前 X之前 X以前                by X: the day X itself (6月30日前, 月底之前, 下周五以前);
//	                              before a holiday or festival, the day before it
//	                              (国庆前 is September 30: 节前)
//	本周内 下月内 本季度内 今年内    the last day of that period
//
// N天前 stays N days ago, an offset.
func ParseTimeAhead(s string, now time.Time) (When, error) {
	w, why := parseAhead(normalizeTimeInput(s), now)
	if why != "" {
		return When{}, &TimeError{Input: strings.TrimSpace(s), Reason: why}
	}
	return w, nil
}

// parseAhead is ParseTimeAhead of a normalized phrase.
func parseAhead(in string, now time.Time) (When, TimeReason) {
	if last, ok := withinPeriod(in, now); ok {
		return When{Time: DayAt(last, 0, 0), HasDate: true}, ""
	}
	in, by := cutBy(in)
	ph, why := scanTimePhrase(in, now)
	if why == "" {
		why = ph.fromStart(DayAt(now, 0, 0), true)
	}
	if why != "" {
		return When{}, why
	}
	w, why := ph.resolveOn(now, now, false)
	if why == "" && !w.HasDate && w.Time.Before(now) {
		w, why = ph.resolveOn(now, now.AddDate(0, 0, 1), false)
	}
	if why == "" && by && ph.holiday && !w.HasClock {
		w.Time = w.Time.AddDate(0, 0, -1)
	}
	return w, why
}

// withinPeriod reads 本周内, 下月内, 本季度内, 今年内 and the like: the last
// day of that period.
func withinPeriod(in string, now time.Time) (time.Time, bool) {
	r, ok := cutWithin(in)
	if !ok {
		return time.Time{}, false
	}
	if w, ok := periodWords[r]; !ok || w.unit == periodQuarter && r != "本季度" && r != "这个季度" && r != "下季度" {
		return time.Time{}, false
	}
	p, why := periodSpan(r, now)
	return p.To.AddDate(0, 0, -1), why == ""
}

// cutWithin cuts 内, 以内 or 之内 off the end of s.
func cutWithin(s string) (string, bool) {
	for _, within := range []string{"之内", "以内", "内"} {
		if r, ok := strings.CutSuffix(s, within); ok && r != "" {
			return r, true
		}
	}
	return s, false
}

// cutBy cuts the "by" of a deadline off the end of s: 前, 之前 or 以前, but
// not the 前 of an offset (3天前 is three days ago).
func cutBy(s string) (string, bool) {
	for _, by := range []string{"之前", "以前", "前"} {
		if r, ok := strings.CutSuffix(s, by); ok && r != "" && !endsWithUnit(r) {
			return r, true
		}
	}
	return s, false
}

// endsWithUnit reports a phrase ending in an offset's unit (3天, 2周,
// 一个星期, 半个月), before which 前 means ago, not by. 日 and 月 are no
// such units here: 15日前 in a deadline is by the 15th, as notices write
// it, and 3月前 names March (3个月前 is three months ago).
func endsWithUnit(s string) bool {
	for _, u := range []string{"天", "周", "星期", "礼拜", "小时", "钟头", "分钟", "个月", "工作日"} {
		if strings.HasSuffix(s, u) {
			r := strings.TrimSuffix(strings.TrimSuffix(s, u), "个")
			if r != "" {
				if _, ok := leadingNumber(r[len(r)-1:]); ok || endsWithNumeral(r) || strings.HasSuffix(r, "半") {
					return true
				}
			}
		}
	}
	return false
}
