package bot_test

import (
	"regexp"
	"strconv"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

// What TestQuarter knows of the branch, written down as its script acts,
// independently of the bot: each reminder's due time and what it reminds of
// are derived from here, never from the bot's own records.

type model struct {
	setupAt  time.Time
	meetings map[int]*qMeeting
	customs  []*qCustom
	pledges  map[int]*qPledge
	calls    map[int]*qCall
	stages   map[string]*qStage
	// private are strings that must never be in the bot's group messages:
	// leave reasons, personal reminder texts, grades and review comments,
	// exemption reasons, disciplinary status.
	private []string
}

func newModel() model {
	return model{meetings: map[int]*qMeeting{}, pledges: map[int]*qPledge{}, calls: map[int]*qCall{},
		stages: map[string]*qStage{}}
}

// qMeeting is a meeting as the script scheduled it.
type qMeeting struct {
	number     int
	typ        string
	start, end time.Time
	born       time.Time // published or last changed: no reminder of it before
	ann        int       // the announcement's message id in the group
	expect     int       // 应到, counted from the roster by hand
	closed     time.Time // when /close was sent
}

// qCustom is a /remind reminder: its text, where it goes, when it was set
// and every time it is due from a day and a half before that (the engine's
// lookback) to the end.
type qCustom struct {
	text  string
	chat  int64
	born  time.Time
	times []time.Time
	away  []span // when its owner cannot be written to privately
}

type qPledge struct {
	number   int
	deadline time.Time // the last day, any hour
	born     time.Time // published (公示)
}

type qCall struct {
	number   int
	deadline time.Time
	born     time.Time
}

type qStage struct {
	first, last time.Time // the first and last day, at 00:00
	born        time.Time
}

// cand is a time a reminder may be due, and since when what it reminds
// of exists.
type cand struct{ at, born time.Time }

// occurrence is one reminder as the members read it: where, what kind,
// of what, due when.
type occurrence struct {
	chat    int64
	kind    string
	subject string
	due     time.Time
}

// recurring returns the times of a recurrence (cntime's language) from
// from to to.
func recurring(spec string, from, to time.Time) ([]time.Time, error) {
	rec, err := cntime.ParseRecurrence(spec)
	if err != nil {
		return nil, err
	}
	var out []time.Time
	for at := rec.Next(from.Add(-time.Second)); !at.IsZero() && !at.After(to); at = rec.Next(at) {
		out = append(out, at)
	}
	return out, nil
}

// morning is day d's 09:00, when day-based reminders are due.
func (m *model) morning(d time.Time) time.Time {
	return cntime.DayAt(d, zhibu.MorningHour, 0)
}

// Recognising the engine's messages. A late one carries a mark in
// parentheses after its title.
var (
	reCustom         = regexp.MustCompile(`^⏰ (.+?)(?:（机器人曾暂停运行，这条提醒晚发了）)?$`)
	reMeetingLead    = regexp.MustCompile(`^会议提醒(?:（[^）]*）)?：#(\d+) `)
	reMeetingNote    = regexp.MustCompile(`^提醒：#(\d+) `)
	reCheckInOpen    = regexp.MustCompile(`^开始签到：#(\d+) `)
	reCloseNag       = regexp.MustCompile(`^请结束会议(?:（[^）]*）)?：#(\d+) `)
	reMeetingUnsent  = regexp.MustCompile(`^(\S+)：#(\d+) \S+ 的会议提醒无法私信送达`)
	rePledgeDue      = regexp.MustCompile(`^提醒(?:（[^）]*）)?：你的承诺 #(\d+) `)
	rePledgeUnsent   = regexp.MustCompile(`^(\S+)：承诺 #(\d+) 的到期提醒无法私信送达`)
	rePledgeDigest   = regexp.MustCompile(`^承诺到期提醒`)
	reCallNag        = regexp.MustCompile(`^承诺征集提醒(?:（[^）]*）)?：#(\d+) `)
	reStageStart     = regexp.MustCompile(`^转段：(\S+?)(?:（[^）]*）)? 开始`)
	reStageSoon      = regexp.MustCompile(`^阶段提醒(?:（[^）]*）)?：(\S+) 将于`)
	reStageSummary   = regexp.MustCompile(`^阶段小结：(\S+) 已结束`)
	reCompliance     = regexp.MustCompile(`^三会一课提醒`)
	reAbsence        = regexp.MustCompile(`^出勤关注`)
	reOverdue        = regexp.MustCompile(`^支委周报`)
	reUnsent         = regexp.MustCompile(`^(\S+)：有一条提醒无法私信送达`)
	lateMark         = "（机器人曾暂停运行，这条提醒晚发了）"
	kindsWithLateTag = map[string]bool{"custom": true, "meeting_lead": true, "pledge_due": true, "call_nag": true,
		"stage_start": true, "stage_soon": true, "compliance": true, "close_nag": true}
)

// classify says what a message of the engine reminds of and when it may be
// due; ok is false for a message the model cannot explain.
func (q *quarter) classify(e seen) (kind, subject string, cands []cand, ok bool) {
	text := e.Text
	num := func(re *regexp.Regexp, i int) int {
		n, _ := strconv.Atoi(re.FindStringSubmatch(text)[i])
		return n
	}
	switch {
	case reCustom.MatchString(text):
		return q.customCands(e.ChatID, reCustom.FindStringSubmatch(text)[1])
	case reMeetingLead.MatchString(text):
		n := num(reMeetingLead, 1)
		return "meeting_lead", "#" + strconv.Itoa(n), q.leadCands(n), q.meetings[n] != nil
	case reMeetingNote.MatchString(text):
		n := num(reMeetingNote, 1)
		return "meeting_note", "#" + strconv.Itoa(n), q.leadCands(n), q.meetings[n] != nil
	case reMeetingUnsent.MatchString(text):
		n := num(reMeetingUnsent, 2)
		return "meeting_unsent", reMeetingUnsent.FindStringSubmatch(text)[1] + "#" + strconv.Itoa(n), q.leadCands(n), q.meetings[n] != nil
	case reCheckInOpen.MatchString(text):
		n := num(reCheckInOpen, 1)
		if m := q.meetings[n]; m != nil {
			return "checkin", "#" + strconv.Itoa(n), []cand{{m.start.Add(-30 * time.Minute), m.born}}, true
		}
	case reCloseNag.MatchString(text):
		n := num(reCloseNag, 1)
		if m := q.meetings[n]; m != nil {
			return "close_nag", "#" + strconv.Itoa(n), []cand{{m.end.Add(30 * time.Minute), m.born}}, true
		}
	case rePledgeDue.MatchString(text):
		n := num(rePledgeDue, 1)
		return "pledge_due", "#" + strconv.Itoa(n), q.pledgeCands(n), q.pledges[n] != nil
	case rePledgeUnsent.MatchString(text):
		n := num(rePledgeUnsent, 2)
		return "pledge_unsent", rePledgeUnsent.FindStringSubmatch(text)[1] + "#" + strconv.Itoa(n), q.pledgeCands(n), q.pledges[n] != nil
	case rePledgeDigest.MatchString(text):
		var cs []cand
		for n := range q.pledges {
			cs = append(cs, q.pledgeCands(n)...)
		}
		return "pledge_digest", "", cs, true
	case reCallNag.MatchString(text):
		n := num(reCallNag, 1)
		if c := q.calls[n]; c != nil {
			return "call_nag", "#" + strconv.Itoa(n), q.beforeDays(c.deadline, c.born, 3, 1), true
		}
	case reStageStart.MatchString(text), reStageSoon.MatchString(text), reStageSummary.MatchString(text):
		return q.stageCands(text)
	case reCompliance.MatchString(text):
		return "compliance", "", q.calendarCands(func(d time.Time) bool {
			left := zhibu.DaysToMonthEnd(d)
			return left == 7 || left == 3 || left == 1
		}), true
	case reAbsence.MatchString(text):
		return "absence", "", q.calendarCands(func(d time.Time) bool { return d.Day() == 1 }), true
	case reOverdue.MatchString(text):
		return "overdue", "", q.calendarCands(func(d time.Time) bool { return d.Weekday() == time.Monday }), true
	case reUnsent.MatchString(text):
		return "unsent", reUnsent.FindStringSubmatch(text)[1], q.anyCands(), true
	}
	return "", "", nil, false
}

// leadCands: a meeting is reminded 24 hours and 1 hour before it starts.
func (q *quarter) leadCands(n int) []cand {
	m := q.meetings[n]
	if m == nil {
		return nil
	}
	return []cand{{m.start.Add(-24 * time.Hour), m.born}, {m.start.Add(-time.Hour), m.born}}
}

// customCands: the times of the reminder with that text going to chat.
func (q *quarter) customCands(chat int64, text string) (string, string, []cand, bool) {
	for _, c := range q.customs {
		if c.text != text || c.chat != chat {
			continue
		}
		var cs []cand
		for _, at := range c.times {
			cs = append(cs, cand{at, c.born})
		}
		return "custom", text, cs, true
	}
	return "", "", nil, false
}

// pledgeCands: 7 and 1 days before the deadline, in the morning (the
// group's digest too).
func (q *quarter) pledgeCands(n int) []cand {
	p := q.pledges[n]
	if p == nil || p.born.IsZero() {
		return nil
	}
	return q.beforeDays(p.deadline, p.born, 7, 1)
}

// beforeDays: the mornings days before a deadline's day.
func (q *quarter) beforeDays(deadline, born time.Time, days ...int) []cand {
	var out []cand
	for _, d := range days {
		out = append(out, cand{q.morning(deadline.In(q.loc).AddDate(0, 0, -d)), born})
	}
	return out
}

// stageCands: a stage starts (转段) on its first morning, is reminded 7, 3
// and 1 days before its last day (not before it started) and summed up the
// morning after.
func (q *quarter) stageCands(text string) (string, string, []cand, bool) {
	var kind, name string
	switch {
	case reStageStart.MatchString(text):
		kind, name = "stage_start", reStageStart.FindStringSubmatch(text)[1]
	case reStageSoon.MatchString(text):
		kind, name = "stage_soon", reStageSoon.FindStringSubmatch(text)[1]
	default:
		kind, name = "stage_summary", reStageSummary.FindStringSubmatch(text)[1]
	}
	s := q.stages[name]
	if s == nil {
		return "", "", nil, false
	}
	opens := q.morning(s.first)
	switch kind {
	case "stage_start":
		return kind, name, []cand{{opens, s.born}}, true
	case "stage_summary":
		return kind, name, []cand{{q.morning(s.last.AddDate(0, 0, 1)), s.born}}, true
	}
	var cs []cand
	for _, c := range q.beforeDays(s.last, s.born, 7, 3, 1) {
		if !c.at.Before(opens) {
			cs = append(cs, c)
		}
	}
	return kind, name, cs, true
}

// calendarCands: the mornings of the quarter that match.
func (q *quarter) calendarCands(match func(time.Time) bool) []cand {
	var out []cand
	for d := q.morning(q.begin); !d.After(q.end); d = d.AddDate(0, 0, 1) {
		if match(d) {
			out = append(out, cand{d, q.setupAt})
		}
	}
	return out
}

// anyCands: every time some reminder is due (a note that a private
// reminder could not be delivered says nothing of which).
func (q *quarter) anyCands() []cand {
	var out []cand
	for _, c := range q.customs {
		for _, at := range c.times {
			out = append(out, cand{at, c.born})
		}
	}
	for n := range q.meetings {
		out = append(out, q.leadCands(n)...)
		m := q.meetings[n]
		out = append(out, cand{m.end.Add(30 * time.Minute), m.born})
	}
	for n := range q.pledges {
		out = append(out, q.pledgeCands(n)...)
	}
	return append(out, q.calendarCands(func(time.Time) bool { return true })...)
}
