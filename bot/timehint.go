package bot

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhibu/zhibu/cntime"
)

// timeUse is what a time phrase was written for: a refusal offers
// phrasings that work there.
type timeUse int

const (
	useMeeting  timeUse = iota // a meeting's start, or start and end
	useDeadline                // a pledge's or a call's deadline
	useRemind                  // a reminder: one time or a schedule
	usePeriod                  // /attendance, /compliance, /export
	useStage                   // a campaign stage's first and last day
)

// timeErr turns a refused time phrase into the refusal for use, as of now
// in the branch's zone; other errors pass unchanged.
func timeErr(err error, use timeUse, now time.Time) error {
	var te *cntime.TimeError
	if !errors.As(err, &te) {
		return err
	}
	return userError(timeRefusal(te, use, now))
}

// timeRefusal says what in the phrase could not be read, or why what was
// read is no time, and how to write it for use.
func timeRefusal(te *cntime.TimeError, use timeUse, now time.Time) string {
	if text, ok := timeReasonText(te); ok {
		return text
	}
	in := echo(te.Input)
	var why string
	switch te.Reason {
	case cntime.TimeBackwards:
		if use == usePeriod {
			why = msgf(msgTimeBackwards, in, esc(cntime.FormatDate(te.Start)), esc(cntime.FormatDate(te.End)))
		} else {
			why = msgf(msgTimeBackwards, in, esc(cntime.FormatReading(te.Start, now)), esc(cntime.FormatReading(te.End, now)))
		}
	case cntime.TimeImpossible:
		why = msgf(msgTimeNoSuch, in)
	case cntime.TimeWrongWeekday:
		why = msgf(msgTimeWrongWeekday, in)
		// The date without its weekday, to say which day it is.
		if w, err := cntime.ParseTime(weekdayWord.ReplaceAllString(te.Input, " "), now); err == nil && w.HasDate {
			why = msgf(msgTimeWrongWeekdayIs, in, esc(dayText(w.Time, now)))
		}
	case cntime.TimeAmbiguous:
		why = msgf(msgTimeMidnight, in)
		if oneDigitMinute.MatchString(te.Input) {
			why = msgf(msgTimeMinutes, in)
		}
	default:
		why = msgf(msgTimeUnknown, in)
		// Name the words not understood, unless that is all of it.
		whole := utf8.RuneCountInString(strings.ReplaceAll(te.Input, " ", ""))
		if part := cntime.Unread(te.Input, now); part != "" && utf8.RuneCountInString(part) < whole {
			why = msgf(msgTimeUnknownPart, in, echo(part))
		}
	}
	return why + msgf(msgTimeWriteLike, timeExamples(use, now))
}

// oneDigitMinute matches a clock whose minutes are one digit (9:5, 7点5,
// 七点五): 9:05 or 9:50? The other ambiguous times are midnights.
var oneDigitMinute = regexp.MustCompile(`([:：][0-9０-９]|点[0-9０-９一二三四五六七八九])([^0-9０-９分]|$)`)

// weekdayWord is a weekday written beside a date, with its brackets.
var weekdayWord = regexp.MustCompile(`[（(]?\s*(周|星期|礼拜|週|禮拜)[一二三四五六日天1-7]\s*[)）]?`)

// timeExamples are two or three phrasings that work for use, with a date
// a week from now rather than one that may have passed.
func timeExamples(use timeUse, now time.Time) string {
	week := now.AddDate(0, 0, 7)
	day := fmt.Sprintf("%d月%d日", week.Month(), week.Day())
	switch use {
	case useDeadline:
		return msgf(msgExamplesDeadline, day)
	case useRemind:
		return msgExamplesRemind
	case usePeriod:
		return msgf(msgExamplesPeriod, now.Year(), now.Month(), now.Month())
	case useStage:
		end := week.AddDate(0, 0, 14)
		return msgf(msgExamplesStage, day, fmt.Sprintf("%d月%d日", end.Month(), end.Day()))
	}
	return msgf(msgExamplesMeeting, day)
}

// dayText writes t's day as "11月25日 周三", with its year when that is
// not now's ("2027年1月5日 周二"), in t's location.
func dayText(t, now time.Time) string {
	if t.Year() != now.In(t.Location()).Year() {
		return cntime.FormatLongDay(t)
	}
	return cntime.FormatDay(t)
}

// inPast refuses a time that has passed, saying how it was read (a bare
// 7点 said at 21:00 is this morning's), in the branch's zone.
func (b *Bot) inPast(r *request, t time.Time, text string) error {
	br, err := b.branch(r)
	if err != nil {
		return err
	}
	now := b.cfg.Now().In(br.Location())
	return userError(msgf(text, esc(cntime.FormatReading(t.In(br.Location()), now))))
}

// deadlineInPast refuses a deadline that has passed, shown as deadlines
// are (a day's end is the day).
func (b *Bot) deadlineInPast(r *request, t time.Time) error {
	br, err := b.branch(r)
	if err != nil {
		return err
	}
	return userError(msgf(msgDeadlinePastAt, deadlineText(t, br.Location(), b.cfg.Now())))
}

// makeUpNote marks a workday schedule's occurrence on a weekend make-up
// working day (调休上班), saying when the holiday arrangement it comes from
// is only provisional; "" otherwise.
func makeUpNote(spec string, t time.Time) string {
	if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday || !cntime.Workday(t) {
		return ""
	}
	if rec, err := cntime.ParseRecurrence(spec); err != nil || !rec.UsesWorkdays() {
		return ""
	}
	if a, ok := cntime.HolidayArrangementOf(t.Year()); ok && a.Provisional {
		return msgMakeUpDayProvisional
	}
	return msgMakeUpDay
}

// lateTomorrow reports 明天 (明早, 明晚, 明日) said between midnight and
// 05:00: taken as the calendar's tomorrow, which the person still up may
// not mean.
func lateTomorrow(phrase string, now time.Time) bool {
	return now.Hour() < 5 && strings.ContainsAny(phrase, "明") && !strings.Contains(phrase, "明年")
}

// tomorrowNote says which day 明天 was taken as, said after midnight; ""
// otherwise.
func tomorrowNote(phrase string, t, now time.Time) string {
	if !lateTomorrow(phrase, now) {
		return ""
	}
	return "\n" + msgf(msgLateTomorrow, esc(dayText(t, now)))
}
