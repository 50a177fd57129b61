package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

// Render writes a notice's messages: the bot is the reminder engine's
// Renderer. What is said to whom was decided by the domain (zhibu.Agenda);
// this chooses the words, with no I/O.
func (b *Bot) Render(n zhibu.Notice) ([]zhibu.Message, error) {
	ms, err := b.render(n)
	for i := range ms {
		fitMessage(&ms[i])
	}
	return ms, err
}

func (b *Bot) render(n zhibu.Notice) ([]zhibu.Message, error) {
	r := noticeText{n: n, loc: n.Location(), start: b.privateButton(startRemind)}
	if n.Late {
		r.late = msgLateMark
	}
	switch n.Kind {
	case zhibu.KindCloseNag:
		return r.closeNag(), nil
	case zhibu.KindMeetingLead, zhibu.KindCheckIn:
		return r.meeting(), nil
	case zhibu.KindPledgeDue:
		return r.pledgeDue(), nil
	case zhibu.KindPledgeDigest:
		return r.pledgeDigest(), nil
	case zhibu.KindOverdueDigest:
		return r.overdue(), nil
	case zhibu.KindCallNag:
		return r.callNag(), nil
	case zhibu.KindStageStart, zhibu.KindStageSoon, zhibu.KindStageSummary:
		return r.stage(), nil
	case zhibu.KindCompliance:
		return r.compliance(), nil
	case zhibu.KindAbsence:
		return r.absence(), nil
	case zhibu.KindCustom:
		return r.custom(), nil
	case zhibu.KindHolidays:
		return r.holidays(), nil
	}
	return nil, fmt.Errorf("bot: unknown reminder kind %q", n.Kind)
}

// startRemind is the payload of the button that opens the private chat
// under a reminder's note in the group.
const startRemind = "remind"

// noticeText writes one notice.
type noticeText struct {
	n     zhibu.Notice
	loc   *time.Location
	late  string
	start [][]zhibu.Button // opens the private chat with the bot
}

// send addresses text to the group and to each private recipient, as the
// notice says; groupButtons go under the group message. Each private
// message falls back to a note in the group naming its recipient, and the
// members the notice could not be sent to privately are named in one such
// note: nothing meant for someone privately is lost, and nothing private
// reaches the group.
func (r noticeText) send(group, private string, groupButtons [][]zhibu.Button) []zhibu.Message {
	var out []zhibu.Message
	if r.n.Group {
		out = append(out, r.n.GroupMessage(group, groupButtons))
	}
	for _, m := range r.n.Private {
		fb := r.n.FallbackMessage(m, r.undelivered([]zhibu.Member{m}), r.start)
		out = append(out, r.n.PrivateMessage(m, private, fb))
	}
	if len(r.n.Unreached) > 0 {
		out = append(out, r.n.UnreachedMessage(r.undelivered(r.n.Unreached), r.start))
	}
	return out
}

// undelivered is the group's note naming members a private reminder could
// not reach, asking them to open a private chat. It tells what the
// reminder is about only where the group knows it anyway: a meeting's
// number and type (announced in the group), a pledge's number (its maker
// and deadline are in the group's digest); never leave reasons, grades,
// absences, pledge texts, other members' pledges or a personal reminder's
// text. Every other kind says only that a reminder could not be delivered.
func (r noticeText) undelivered(ms []zhibu.Member) string {
	who := names(ms)
	switch r.n.Kind {
	case zhibu.KindMeetingLead:
		return msgf(msgUndeliveredMeeting, who, r.n.Meeting.Number, esc(string(r.n.Meeting.Type)))
	case zhibu.KindPledgeDue:
		return msgf(msgUndeliveredPledge, who, r.n.Pledge.Number)
	}
	return msgf(msgUndelivered, who)
}

// maxListed is how many members a group reminder names in one list: the
// rest are counted (a branch of 250 made a list Telegram refused, and
// nobody reads such a list).
const maxListed = 30

// listed names members as mentions joined with 、, the first maxListed of
// a longer list followed by how many they are in all.
func listed(ms []zhibu.Member) string {
	if len(ms) <= maxListed {
		return names(ms)
	}
	return names(ms[:maxListed]) + msgf(msgListedMore, len(ms))
}

// names lists members as mentions joined with 、.
func names(ms []zhibu.Member) string {
	var out []string
	for _, m := range ms {
		out = append(out, mention(m.Name, m.Username))
	}
	return strings.Join(out, "、")
}

// left says how long until t: calendar days in the branch's zone from a
// day ahead, hours or minutes below.
func (r noticeText) left(t time.Time) string {
	now := r.n.Now
	d := t.Sub(now)
	switch {
	case d >= 24*time.Hour:
		return msgf(msgDaysLeft, zhibu.DaysLeft(now.In(r.loc), t))
	case d >= time.Hour:
		return msgf(msgHoursLeft, int(d.Hours()+0.5))
	}
	return msgf(msgMinutesLeft, int(d.Minutes()+0.5))
}

// meeting: one group message naming everyone who has not answered, with
// the answer buttons again, and a private note to those who can be
// reached; at check-in opening, the 签到 button.
func (r noticeText) meeting() []zhibu.Message {
	m := r.n.Meeting
	when := span(m, r.loc, r.n.Now)
	if r.n.Kind == zhibu.KindCheckIn {
		rows := [][]zhibu.Button{{{Text: btnCheckIn, Data: fmt.Sprintf("a:%d:c", m.Number)}}}
		closes := m.Start.Add(zhibu.CheckInClosesAfter).In(r.loc).Format("15:04")
		return r.send(msgf(msgRemindCheckIn, m.Number, esc(string(m.Type)), esc(when), closes), "", rows)
	}
	text := msgf(msgRemindMeeting, r.late, m.Number, esc(string(m.Type)), esc(when), r.left(m.Start), esc(m.Place), orNone(m.Topic))
	switch {
	case len(r.n.Silent) > 0:
		text += msgf(msgRemindUnanswered, listed(r.n.Silent))
	case len(r.n.Offline) == 0:
		text += msgRemindAllAnswered
	}
	if len(r.n.Offline) > 0 {
		text += msgf(msgRemindOffline, listed(r.n.Offline))
	}
	private := msgf(msgRemindPrivate, m.Number, esc(string(m.Type)), esc(when), esc(m.Place))
	out := r.send(text, private, answerButtons(m))
	for i := range out {
		// A private reminder carries the buttons that answer it.
		if out[i].ChatID > 0 && out[i].ChatID != r.n.Branch.ChatID {
			out[i].Buttons = tagButtons(privateAnswerButtons(m), r.n.Branch.ChatID)
		}
	}
	return out
}

// pledgeDue: to the pledger privately.
func (r noticeText) pledgeDue() []zhibu.Message {
	p := r.n.Pledge
	text := msgf(msgRemindPledge, r.late, p.Number, deadlineText(p.Deadline, r.loc, r.n.Now), r.left(p.Deadline), esc(p.Content), p.Number, p.Number)
	return r.send("", text, nil)
}

// pledgeDigest: one group message naming the published pledges due in 7
// or 1 days of pledgers whom the bot cannot reach privately. A pledge not
// yet published (公示) never reaches the group, whatever the domain passed.
func (r noticeText) pledgeDigest() []zhibu.Message {
	var lines []string
	for _, l := range r.n.Lines {
		if p := l.Pledge; p.State.Public() {
			lines = append(lines, msgf(msgRemindPledgeLine, mention(l.Owner.Name, l.Owner.Username), p.Number,
				esc(p.Content), deadlineText(p.Deadline, r.loc, r.n.Now)))
		}
	}
	if len(lines) == 0 {
		return nil
	}
	return r.send(msgf(msgRemindPledgeGroup, r.late, strings.Join(lines, "\n")), "", nil)
}

// overdue: the weekly digest of overdue pledges, to the officers.
func (r noticeText) overdue() []zhibu.Message {
	var lines []string
	for _, l := range r.n.Lines {
		lines = append(lines, msgf(msgRemindPledgeLine, esc(l.Owner.Name), l.Pledge.Number, esc(l.Pledge.Content),
			deadlineText(l.Pledge.Deadline, r.loc, r.n.Now)))
	}
	text := msgf(msgRemindOverdue, esc(cntime.FormatDay(r.n.Now.In(r.loc))))
	if len(lines) > 0 {
		text += msgf(msgRemindOverduePledges, strings.Join(lines, "\n"))
	}
	var open []string
	for _, m := range r.n.Unclosed {
		open = append(open, msgf(msgRemindUnclosedLine, m.Number, esc(string(m.Type)), esc(span(m, r.loc, r.n.Now)), m.Number))
	}
	if len(open) > 0 {
		text += msgf(msgRemindUnclosed, strings.Join(open, "\n"))
	}
	return r.send(text, text, nil)
}

// callNag: one group message naming who has not answered a call.
func (r noticeText) callNag() []zhibu.Message {
	c := r.n.Call
	text := msgf(msgRemindCallNagDue, r.late, c.Number, esc(c.Text), deadlineText(c.Deadline, r.loc, r.n.Now))
	if len(r.n.Missing) > 0 {
		text += msgf(msgRemindCallNagWho, listed(r.n.Missing))
	}
	if len(r.n.Offline) > 0 {
		text += msgf(msgRemindCallOffline, listed(r.n.Offline))
	}
	return r.send(text, "", nil)
}

// stage: the start (转段) with its requirements, the reminders before its
// end listing who is missing what, and the summary.
func (r noticeText) stage() []zhibu.Message {
	s := r.n.Stage
	last := s.End.Add(-time.Hour)
	switch r.n.Kind {
	case zhibu.KindStageStart:
		req := ""
		if len(s.Requirements) > 0 {
			req = msgf(msgRemindStageReq, esc(reqList(s.Requirements)))
		}
		return r.send(msgf(msgRemindStageStart, esc(s.Name)+r.late, msgf(msgStageNumber, s.Number),
			esc(dayText(s.Start.In(r.loc), r.n.Now)), esc(dayText(last.In(r.loc), r.n.Now)), req), "", nil)
	case zhibu.KindStageSummary:
		return r.send(msgf(msgRemindStageSummary, esc(s.Name), stageMissing(r.n.Status)), "", nil)
	}
	text := msgf(msgRemindStageSoon, r.late, esc(s.Name), esc(dayText(last.In(r.loc), r.n.Now)), r.left(s.End),
		stageMissing(r.n.Status))
	return r.send(text, "", nil)
}

func reqName(q zhibu.Requirement) string {
	switch q.Kind {
	case zhibu.ReqPledge:
		return msgReqPledge
	case zhibu.ReqSubmit:
		if q.Item != "" {
			return msgf(msgReqSubmit, q.Item)
		}
		return msgReqSubmitDefault
	}
	return msgf(msgReqMeeting, string(q.Meeting))
}

func reqList(rs []zhibu.Requirement) string {
	var out []string
	for _, q := range rs {
		out = append(out, reqName(q))
	}
	return strings.Join(out, "、")
}

// stageMissing lists who is missing what, by name, in one text.
func stageMissing(st zhibu.StageStatus) string {
	var sb strings.Builder
	for _, m := range st.Missing {
		var what []string
		for _, q := range m.What {
			what = append(what, reqName(q))
		}
		line := msgStageMissingLine
		if m.Member.TelegramID == 0 {
			line = msgStageMissingOffline // cannot submit: the officers collect it
		}
		sb.WriteString(msgf(line, mention(m.Member.Name, m.Member.Username), esc(strings.Join(what, "、"))))
	}
	for _, t := range st.MeetingDue {
		sb.WriteString(msgf(msgStageMeetingDue, esc(string(t))))
	}
	if sb.Len() == 0 {
		return msgStageAllDone
	}
	return sb.String()
}

// compliance: the requirements still unmet in periods ending in 7, 3 or 1
// days, to the 书记 (or the group).
func (r noticeText) compliance() []zhibu.Message {
	var lines []string
	for _, it := range r.n.Items {
		group := ""
		if it.Group != "" {
			group = "（" + esc(it.Group) + "）"
		}
		days := zhibu.DaysLeft(r.n.Now.In(r.loc), it.Period.To)
		if len(it.ToClose) > 0 {
			// Held but not closed: it counts once /close records it.
			lines = append(lines, msgf(msgComplianceLineToClose, esc(it.Period.Label), group, esc(string(it.Rule.Type)), it.ToClose[0], remaining(days)))
			continue
		}
		lines = append(lines, msgf(msgComplianceLine, esc(it.Period.Label), group, esc(string(it.Rule.Type)), remaining(days)))
	}
	text := msgf(msgRemindCompliance, r.late, strings.Join(lines, "\n"))
	return r.send(text, text, nil)
}

// absence: members with 3 or 5 months without attending, to the 书记 only.
func (r noticeText) absence() []zhibu.Message {
	var lines []string
	for _, s := range r.n.Streaks {
		lines = append(lines, msgf(msgAbsenceLine, esc(s.Member.Name), s.Months))
	}
	text := msgf(msgRemindAbsence, strings.Join(lines, "\n"))
	return r.send(text, text, nil)
}

// custom: a /remind reminder, to the group or to its owner privately.
func (r noticeText) custom() []zhibu.Message {
	if r.n.Missed {
		return r.send("", r.missed(), nil)
	}
	text := msgf(msgRemindCustom, esc(r.n.Reminder.Text), r.late)
	return r.send(text, text, nil)
}

// missed tells privately of a one-off reminder never sent: the bot was not
// running at its time, nor for zhibu.OneOffGrace after.
func (r noticeText) missed() string {
	rem, format := r.n.Reminder, msgRemindMissedBranch
	if rem.Private {
		format = msgRemindMissedMine
	}
	return msgf(format, rem.Number, esc(cntime.FormatReading(rem.Once.In(r.loc), r.n.Now.In(r.loc))),
		int(zhibu.OneOffGrace/(24*time.Hour)), esc(rem.Text))
}

// closeNag: a meeting over and not closed, to its organiser privately.
func (r noticeText) closeNag() []zhibu.Message {
	m := r.n.Meeting
	text := msgf(msgRemindClose, r.late, m.Number, esc(string(m.Type)),
		esc(cntime.FormatReading(m.Start.In(r.loc), r.n.Now.In(r.loc))), m.Number)
	return r.send("", text, nil)
}
