package bot_test

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The assertions of TestQuarter over everything the chats saw.

// slack is how late a reminder may be while the bot runs: the engine
// ticks every minute.
const slack = time.Minute

// checkReminders: every message the engine sent is a reminder of something
// the script made, sent once, not before it was due, not before what it
// reminds of existed, late only across a restart (by at most the gap) and
// marked late exactly when it is. It returns the occurrences sent.
func (q *quarter) checkReminders(evs []seen) map[occurrence]seen {
	sent := map[occurrence]seen{}
	for _, e := range evs {
		if e.phase != phaseRemind || e.Kind != "bot_text" {
			continue
		}
		kind, subject, cands, ok := q.classify(e)
		if !ok {
			q.t.Errorf("%s: a message the reminders cannot explain: %q", q.where(e), e.Text)
			continue
		}
		c, ok := latestBefore(cands, e.Time)
		if !ok {
			q.t.Errorf("%s: %s %s sent before it was due (%s): %q", q.where(e), kind, subject, q.fmtTimes(cands), e.Text)
			continue
		}
		o := occurrence{chat: e.ChatID, kind: kind, subject: subject, due: c.at}
		if first, dup := sent[o]; dup {
			q.t.Errorf("%s: %s %s due %s sent twice (first %s): %q", q.where(e), kind, subject, q.stamp(c.at), q.stamp(first.Time), e.Text)
		}
		sent[o] = e
		if c.at.Before(c.born) {
			q.t.Errorf("%s: %s %s due %s, before what it reminds of existed (%s): %q", q.where(e), kind, subject,
				q.stamp(c.at), q.stamp(c.born), e.Text)
		}
		late := e.Time.Sub(c.at)
		// A member's own reminder comes privately at its hour; any other
		// that is not urgent is held by quiet hours.
		held := quiet(c.at.In(q.loc)) && !urgentKinds[kind] && !(kind == "custom" && e.ChatID > 0)
		if allowed := q.allowedLateness(c.at, held); late > allowed {
			q.t.Errorf("%s: %s %s due %s sent %s late (allowed %s): %q", q.where(e), kind, subject, q.stamp(c.at), late, allowed, e.Text)
		}
		// Held by quiet hours, a reminder is on time when they end.
		if held {
			late = e.Time.Sub(q.nextMorning(c.at))
		}
		if kindsWithLateTag[kind] && strings.Contains(e.Text, lateMark) != (late > 10*time.Minute) {
			q.t.Errorf("%s: %s %s due %s, sent %s after: late mark %v: %q", q.where(e), kind, subject, q.stamp(c.at), late,
				strings.Contains(e.Text, lateMark), e.Text)
		}
	}
	return sent
}

// latestBefore is the latest candidate not after t.
func latestBefore(cs []cand, t time.Time) (cand, bool) {
	var best cand
	found := false
	for _, c := range cs {
		if !c.at.After(t) && (!found || c.at.After(best.at)) {
			best, found = c, true
		}
	}
	return best, found
}

// allowedLateness: a tick's minute while the bot runs; until the restart
// when due while it was down; until the morning when held by quiet hours.
func (q *quarter) allowedLateness(due time.Time, held bool) time.Duration {
	for _, d := range q.downs {
		if d.has(due) {
			return d.to.Sub(due) + slack
		}
	}
	if held {
		return q.nextMorning(due).Sub(due) + slack
	}
	return slack
}

// quiet reports whether a wall-clock time is in the default quiet hours,
// 22:00–07:30.
func quiet(l time.Time) bool { return l.Hour() >= 22 || l.Hour()*60+l.Minute() < 7*60+30 }

// urgentKinds are sent in quiet hours: the script holds no meeting then.
var urgentKinds = map[string]bool{"checkin": true}

// checkExpected: the reminders the members rely on all came — each
// meeting's check-in opening, and every due time of every custom reminder
// whose chat could be written to; a meeting's lead reminders come to the
// group only when it is 2 h or more away (then only when someone has not
// answered, which the notice's own tests cover), never closer: the
// check-in opening is the group's next post.
func (q *quarter) checkExpected(sent map[occurrence]seen) {
	want := func(o occurrence, what string) {
		if _, ok := sent[o]; !ok {
			q.t.Errorf("%s due %s never came to chat %d", what, q.stamp(o.due), o.chat)
		}
	}
	for _, n := range q.meetingNumbers() {
		m := q.meetings[n]
		subject := "#" + strconv.Itoa(n)
		for _, c := range q.leadCands(n) {
			if _, ok := sent[occurrence{groupID, "meeting_lead", subject, c.at}]; ok && m.start.Sub(c.at) < 2*time.Hour {
				q.t.Errorf("the meeting reminder of %s due %s came to the group %s before the start", subject, q.stamp(c.at), m.start.Sub(c.at))
			}
		}
		if at := m.start.Add(-30 * time.Minute); !at.Before(m.born) {
			want(occurrence{groupID, "checkin", subject, at}, "the check-in opening of "+subject)
		}
		// Closed in time, a meeting asks nobody to close it; left open, it
		// asks once.
		nags := 0
		for o := range sent {
			if o.kind == "close_nag" && o.subject == subject {
				nags++
			}
		}
		if late := m.closed.IsZero() || m.closed.After(m.end.Add(30*time.Minute)); nags != map[bool]int{false: 0, true: 1}[late] {
			q.t.Errorf("%s closed %s: asked to close it %d times", subject, q.stamp(m.closed), nags)
		}
	}
	for _, c := range q.customs {
		for _, at := range c.times {
			if at.Before(c.born) || slices.ContainsFunc(c.away, func(s span) bool { return s.has(at) }) {
				continue
			}
			want(occurrence{c.chat, "custom", c.text, at}, "the reminder “"+c.text+"”")
		}
	}
}

// checkPrivacy: no bot message the group saw (new or edited) holds a
// private string, unless it repeats what the member typed in the group in
// that very action (the bot echoing a command, listed in echoes). typed
// lists the private strings members had to type in the group themselves.
func (q *quarter) checkPrivacy(evs []seen) (echoes, typed []string) {
	for _, e := range evs {
		if e.ChatID != groupID {
			continue
		}
		if e.Kind == "user_text" && slices.ContainsFunc(q.private, func(s string) bool { return strings.Contains(e.Text, s) }) {
			typed = append(typed, fmt.Sprintf("%s %s：%s", q.stamp(e.Time), e.From, e.Text))
			continue
		}
		for _, s := range q.private {
			if !strings.Contains(e.Text, s) {
				continue
			}
			switch {
			case e.Kind != "bot_text" && e.Kind != "bot_edit":
			case e.action >= 0 && strings.Contains(q.actions[e.action], s):
				echoes = append(echoes, fmt.Sprintf("%s 「%s」 → %q", q.stamp(e.Time), q.actions[e.action], e.Text))
			default:
				q.t.Errorf("%s: private %q reached the group: %q", q.where(e), s, e.Text)
			}
		}
	}
	return echoes, typed
}

var (
	reNoticeCounts = regexp.MustCompile(`应到 (\d+) 人｜参加 (\d+)｜请假 (\d+)｜未答复 (\d+)`)
	reClosedCounts = regexp.MustCompile(`应到 (\d+)｜实到 (\d+)(?:（迟到 \d+）)?｜请假 (\d+)｜缺席 (\d+)`)
	reAnnounced    = regexp.MustCompile(`^会议通知 #(\d+) `)
	reClosedTitle  = regexp.MustCompile(`^#(\d+) \S+ 已结束`)
)

// checkCounts: every count line the group saw adds up (应到 = 参加 + 请假 +
// 未答复; after the meeting, 应到 = 实到 + 请假 + 缺席), and the 应到 of an
// announcement or a result is the roster's.
func (q *quarter) checkCounts(evs []seen) (lines int) {
	for _, e := range evs {
		if e.ChatID != groupID || (e.Kind != "bot_text" && e.Kind != "bot_edit") {
			continue
		}
		for _, re := range []*regexp.Regexp{reNoticeCounts, reClosedCounts} {
			for _, m := range re.FindAllStringSubmatch(e.Text, -1) {
				lines++
				v := make([]int, 4)
				for i := range v {
					v[i], _ = strconv.Atoi(m[i+1])
				}
				if v[0] != v[1]+v[2]+v[3] {
					q.t.Errorf("%s: counts do not add up in %q: %d ≠ %d + %d + %d", q.where(e), m[0], v[0], v[1], v[2], v[3])
				}
				if n := q.meetingOf(e); n != 0 && v[0] != q.meetings[n].expect {
					q.t.Errorf("%s: #%d 应到 %d, the roster says %d: %q", q.where(e), n, v[0], q.meetings[n].expect, m[0])
				}
			}
		}
	}
	return lines
}

var (
	reCheckedIn = regexp.MustCompile(`已签到 (\d+)`)
	rePresent   = regexp.MustCompile(`实到 (\d+)`)
)

// staleAtClose lists the meetings whose announcement, when the meeting was
// closed, showed fewer checked in (已签到) than the result counted present
// (实到): someone's check-in never reached the announcement.
func (q *quarter) staleAtClose(evs []seen) []string {
	checkedIn := map[int]string{}
	var out []string
	for _, e := range evs {
		if e.ChatID != groupID || (e.Kind != "bot_text" && e.Kind != "bot_edit") {
			continue
		}
		n := q.meetingOf(e)
		if n == 0 {
			continue
		}
		if m := reCheckedIn.FindStringSubmatch(e.Text); m != nil && e.MessageID == q.meetings[n].ann {
			checkedIn[n] = m[1]
		}
		if reClosedTitle.MatchString(e.Text) {
			if m := rePresent.FindStringSubmatch(e.Text); m != nil && m[1] != checkedIn[n] {
				out = append(out, fmt.Sprintf("#%d: the announcement said 已签到 %s, the result 实到 %s", n, checkedIn[n], m[1]))
			}
		}
	}
	return out
}

// meetingOf is the meeting an announcement (or its edit) or a result is of.
func (q *quarter) meetingOf(e seen) int {
	for n, m := range q.meetings {
		if e.MessageID == m.ann {
			return n
		}
	}
	for _, re := range []*regexp.Regexp{reAnnounced, reClosedTitle} {
		if m := re.FindStringSubmatch(e.Text); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
	}
	return 0
}

func (q *quarter) meetingNumbers() []int {
	var out []int
	for n := range q.meetings {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

// stamp is a time as the transcript shows it.
func (q *quarter) stamp(t time.Time) string {
	return t.In(q.loc).Format("01-02 15:04:05")
}

func (q *quarter) fmtTimes(cs []cand) string {
	var out []string
	for _, c := range cs {
		out = append(out, q.stamp(c.at))
	}
	return strings.Join(out, ", ")
}

// where names an event for a failure: when and in which chat.
func (q *quarter) where(e seen) string {
	return q.stamp(e.Time) + " " + chatLabel(e)
}
