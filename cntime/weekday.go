package cntime

import "time"

// setWeekdayWord notes a weekday (0 = Monday) of the week weeks from this
// one, or of no week (bareWeek); finish turns it into the date.
func (p *phraseParser) setWeekdayWord(weeks, day int) TimeReason {
	if p.ph.hasWeekday || p.ph.hasInstant {
		return TimeUnrecognized
	}
	p.ph.hasWeekday, p.ph.weeks, p.ph.weekday = true, weeks, day
	return ""
}

// finish completes a scanned phrase: a weekday alone names its date; a
// weekday beside a date must agree with it.
func (p *phraseParser) finish() TimeReason {
	if !p.ph.hasWeekday {
		return ""
	}
	if !p.ph.hasDate {
		if why := p.setDayOffset(p.weekdayOffset(p.ph.weeks, p.ph.weekday)); why != "" {
			return why
		}
		if p.ph.weeks == bareWeek {
			p.ph.unwritten = gapWeek
		}
		return ""
	}
	return p.reconcileWeekday()
}

// weekdayOffset is the number of days from today to day (0 = Monday) of the
// week weeks from this one, or, when weeks is bareWeek, to the next such
// day on or after today.
func (p *phraseParser) weekdayOffset(weeks, day int) int {
	today := mondayIndex(p.now)
	if weeks == bareWeek {
		return (day - today + 7) % 7
	}
	return weeks*7 + day - today
}

// mondayIndex is t's weekday counted from Monday (0) to Sunday (6).
func mondayIndex(t time.Time) int { return (int(t.Weekday()) + 6) % 7 }

// reconcileWeekday checks a date written with a weekday, as notices and
// the bot's own echo write it ("12月1日（周二）", "1月5日 周一 19:00"). Where
// the date leaves out its year (or month), the weekday chooses among the
// readings a command could take: this year's (as the echo leaves this year
// out), the nearest, and the next. They lie in two neighbouring years, in
// which a date falls on different weekdays, so at most one fits: "1月5日
// 周一" written in November 2026 is 2026-01-05 whichever way the command
// looks. A weekday that fits none is TimeWrongWeekday: which of the two
// was meant?
func (p *phraseParser) reconcileWeekday() TimeReason {
	ph := &p.ph
	y, m, _ := p.now.Date()
	today := civilDay(p.now.Date())
	cands := [][3]int{{ph.year, int(ph.month), ph.day}} // as scanned: the nearest
	switch ph.unwritten {
	case gapYear:
		next := y
		if civilDay(y, ph.month, ph.day) < today {
			next++
		}
		cands = append(cands, [3]int{y, int(ph.month), ph.day}, [3]int{next, int(ph.month), ph.day})
	case gapMonth:
		for k := 0; k <= 1; k++ { // this month's and the next
			first := time.Date(y, m+time.Month(k), 1, 12, 0, 0, 0, time.UTC)
			d := ph.day
			if ph.lastDay {
				d = monthLength(first.Year(), first.Month())
			}
			cands = append(cands, [3]int{first.Year(), int(first.Month()), d})
		}
	}
	for _, c := range cands {
		day := civilDay(c[0], time.Month(c[1]), c[2])
		if !validDate(c[0], time.Month(c[1]), c[2]) || ph.weeks != bareWeek && day != today+p.weekdayOffset(ph.weeks, ph.weekday) {
			continue
		}
		if mondayIndex(time.Date(c[0], time.Month(c[1]), c[2], 12, 0, 0, 0, time.UTC)) == ph.weekday {
			ph.year, ph.month, ph.day, ph.unwritten = c[0], time.Month(c[1]), c[2], gapNone
			return ""
		}
	}
	return TimeWrongWeekday
}
