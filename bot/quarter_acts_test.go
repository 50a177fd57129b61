package bot_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/zhibu/zhibu/bot/telegramtest"
)

// What the members of TestQuarter do, written down in the model as they
// do it.

// More accounts of the quarter's branch, besides those of the harness.
const (
	zhouID = 15 // 周敏, made 宣传委员
	wuID   = 16 // 吴刚, put under 留党察看
)

// names of the accounts, for the leave flow's questions.
var quarterNames = map[int64]string{secretaryID: "李书记", organizerID: "王芳", memberID: "赵强", guestID: "孙丽",
	zhouID: "周敏", wuID: "吴刚"}

// addAccounts puts 周敏 and 吴刚 in the group.
func (q *quarter) addAccounts() {
	for _, u := range []telegramtest.User{{ID: zhouID, FirstName: "周敏"}, {ID: wuID, FirstName: "吴刚", Username: "wugang"}} {
		q.srv.AddUser(u)
		q.srv.JoinGroup(groupID, u.ID)
	}
}

// join: a member asks to join and the 书记 approves with a status.
func (q *quarter) join(userID int64, status string) {
	q.t.Helper()
	q.say(groupID, userID, "/join "+quarterNames[userID])
	req := q.lastIn(groupID, "加入申请")
	q.pressIn(0, groupID, secretaryID, req.ID, status)
}

// meeting publishes a meeting: the line, then 确认发布 on the draft. The
// meeting is expected to get number n and expect members.
func (q *quarter) meeting(n int, by int64, typ string, start time.Time, length time.Duration, rest string, expect int) *qMeeting {
	q.t.Helper()
	end := start.Add(length)
	line := fmt.Sprintf("/meeting %s %s-%s %s", typ, start.Format("2006-01-02 15:04"), end.Format("15:04"), rest)
	q.sayAbout(n, groupID, by, line)
	draft := q.lastIn(groupID, "请确认会议信息")
	q.pressIn(n, groupID, by, draft.ID, "确认发布")
	ann := q.lastIn(groupID, "会议通知 #")
	if want := fmt.Sprintf("会议通知 #%d %s", n, typ); !strings.HasPrefix(ann.Plain, want) {
		q.t.Fatalf("announcement %q, want it to begin %q", ann.Plain, want)
	}
	m := &qMeeting{number: n, typ: typ, start: start, end: end, born: ann.Date, ann: ann.ID, expect: expect}
	q.meetings[n] = m
	return m
}

// reschedule moves a meeting; nothing of its old time may be reminded.
func (q *quarter) reschedule(m *qMeeting, by int64, start time.Time, length time.Duration) {
	q.t.Helper()
	end := start.Add(length)
	q.sayAbout(m.number, groupID, by, fmt.Sprintf("/meeting %d 改期 %s-%s", m.number, start.Format("1月2日 15:04"), end.Format("15:04")))
	m.start, m.end, m.born = start, end, q.clock.Now().Add(-6*time.Second)
}

// attend presses 参加 under the announcement.
func (q *quarter) attend(m *qMeeting, userID int64) {
	q.t.Helper()
	q.pressIn(m.number, groupID, userID, m.ann, "参加")
}

// leave presses 请假 and gives the reason where the bot asks for it: in the
// private chat, opened from the group's button when it was never opened.
func (q *quarter) leave(m *qMeeting, userID int64, reason string) {
	q.t.Helper()
	q.private = append(q.private, reason)
	before := q.botCount(userID)
	q.pressIn(m.number, groupID, userID, m.ann, "请假")
	if q.botCount(userID) == before {
		q.say(userID, userID, fmt.Sprintf("/start leave_%d_%d", groupID, m.number))
	}
	ask := q.lastIn(userID, "请回复本消息写明请假原因（#"+strconv.Itoa(m.number))
	q.reply(m.number, userID, userID, ask.ID, reason)
}

// checkIn presses 签到 under the group's check-in opening of the meeting,
// once time has come to the action's.
func (q *quarter) checkIn(m *qMeeting, userID int64) {
	q.t.Helper()
	q.runTo(q.next)
	opening := q.lastIn(groupID, fmt.Sprintf("开始签到：#%d ", m.number))
	q.pressIn(m.number, groupID, userID, opening.ID, "签到")
}

// checkInAnn presses 签到 under the announcement.
func (q *quarter) checkInAnn(m *qMeeting, userID int64) {
	q.t.Helper()
	q.pressIn(m.number, groupID, userID, m.ann, "签到")
}

// officer types a command about a meeting in the group.
func (q *quarter) officer(m *qMeeting, userID int64, format string, args ...any) {
	q.t.Helper()
	q.sayAbout(m.number, groupID, userID, fmt.Sprintf(format, args...))
}

// close ends a meeting with /close.
func (q *quarter) close(m *qMeeting, userID int64) {
	q.t.Helper()
	q.officer(m, userID, "/close %d", m.number)
	m.closed = q.clock.Now().Add(-6 * time.Second)
}

// reminder sets a /remind reminder: spec is a recurrence, or at the time of a
// one-off. Personal ones go to the member's private chat, away from it
// while they cannot be written to.
func (q *quarter) reminder(userID int64, spec, text string, personal bool, at time.Time, away ...span) {
	q.t.Helper()
	q.say(groupID, userID, "/remind "+spec+" "+text)
	c := &qCustom{text: text, chat: groupID, born: q.clock.Now().Add(-6 * time.Second), away: away}
	if personal {
		c.chat = userID
		q.private = append(q.private, text)
	}
	if !at.IsZero() {
		c.times = []time.Time{at}
	} else {
		ts, err := recurring(spec, c.born.Add(-36*time.Hour), q.end)
		if err != nil {
			q.t.Fatalf("recurrence %q: %v", spec, err)
		}
		c.times = ts
	}
	q.customs = append(q.customs, c)
}

var rePledgeNumber = regexp.MustCompile(`#(\d+)（待审）`)

// pledgeByReply answers the call by replying to it; the pledge is expected
// to get number n, due on deadline's day.
func (q *quarter) pledgeByReply(n int, userID int64, call int, text string, deadline time.Time) {
	q.t.Helper()
	q.reply(0, groupID, userID, call, text)
	q.notePledge(n, deadline)
}

// notePledge checks the number the bot gave the latest pledge.
func (q *quarter) notePledge(n int, deadline time.Time) {
	q.t.Helper()
	m := rePledgeNumber.FindStringSubmatch(q.last(groupID))
	if m == nil || m[1] != strconv.Itoa(n) {
		q.t.Fatalf("pledge answer %q, want #%d", q.last(groupID), n)
	}
	q.pledges[n] = &qPledge{number: n, deadline: deadline}
}

var rePendingPledge = regexp.MustCompile(`^待审承诺 #(\d+)`)

// review lists the pending pledges as an officer, in the private chat,
// and decides each: decide returns the button to press ("" to leave it)
// and, for 退回, the reason.
func (q *quarter) review(userID int64, decide func(n int) (button, reason string)) {
	q.t.Helper()
	from := q.botCount(userID)
	q.say(userID, userID, "/pledges 待审")
	for _, msg := range q.srv.BotMessages(userID)[from:] {
		m := rePendingPledge.FindStringSubmatch(msg.Plain)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		button, reason := decide(n)
		if button == "" {
			continue
		}
		q.pressIn(0, userID, userID, msg.ID, button)
		if button == "通过" {
			q.pledges[n].born = q.clock.Now().Add(-6 * time.Second)
			continue
		}
		ask := q.lastIn(userID, "请回复本消息，写明退回承诺")
		q.reply(0, userID, userID, ask.ID, reason)
	}
}

// confirmDone: a member claims a pledge done and an officer confirms it.
func (q *quarter) confirmDone(n int, userID, officerID int64, note string) {
	q.t.Helper()
	q.say(groupID, userID, fmt.Sprintf("/done %d %s", n, note))
	claim := q.lastIn(groupID, fmt.Sprintf("申请兑现 #%d", n))
	q.pressIn(0, groupID, officerID, claim.ID, "确认兑现")
}

// grade reviews a pledge (评诺); grade and comment are the member's and the
// officers' only.
func (q *quarter) grade(userID int64, n int, grade, comment string) {
	q.t.Helper()
	q.private = append(q.private, grade, comment)
	q.say(userID, userID, fmt.Sprintf("/review %d %s %s", n, grade, comment))
}

// stagesAdded notes the stages of a /stage add: name, first and last day.
func (q *quarter) stagesAdded(stages ...string) {
	q.t.Helper()
	for _, s := range stages {
		f := strings.Fields(s)
		first, err1 := time.ParseInLocation("2006-01-02", f[1], q.loc)
		last, err2 := time.ParseInLocation("2006-01-02", f[2], q.loc)
		if err1 != nil || err2 != nil {
			q.t.Fatalf("stage %q: %v %v", s, err1, err2)
		}
		q.stages[f[0]] = &qStage{first: first, last: last, born: q.clock.Now().Add(-6 * time.Second)}
	}
}

// block: a member blocks (or unblocks) the bot in their private chat.
func (q *quarter) block(userID int64, blocked bool) {
	q.t.Helper()
	label := "屏蔽机器人"
	if !blocked {
		label = "解除屏蔽"
	}
	q.act(0, quarterNames[userID]+" "+label, func() { q.srv.BlockBot(userID, blocked) })
}
