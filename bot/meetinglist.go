package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/zhibu/zhibu"
)

// recentMeetings is how many held meetings /meetings shows.
const recentMeetings = 5

func (b *Bot) cmdMeetings(r *request) error {
	l, err := b.cfg.Meetings.List(r.ctx, r.chatID, r.from, recentMeetings)
	if err != nil {
		return err
	}
	if len(l.Upcoming)+len(l.Recent) == 0 {
		b.reply(r, msgMeetingsNone)
		return nil
	}
	loc, now := l.Branch.Location(), b.cfg.Now()
	lines := []string{msgMeetingsTitle}
	if len(l.Upcoming) > 0 {
		lines = append(lines, msgMeetingsUpcoming)
		for _, res := range l.Upcoming {
			lines = append(lines, listLine(res, loc, now))
		}
	}
	if len(l.Recent) > 0 {
		lines = append(lines, msgMeetingsRecent)
		for _, res := range l.Recent {
			lines = append(lines, listLine(res, loc, now))
		}
	}
	var rows [][]zhibu.Button
	if !r.group {
		// In private, each meeting to come that the member is expected
		// at can be answered here.
		_, me, err := b.cfg.Service.Actor(r.ctx, r.chatID, r.from)
		if err != nil {
			return err
		}
		for _, res := range l.Upcoming {
			if res.Meeting.State == zhibu.MeetingScheduled && res.Meeting.Start.After(now) && expects(res, me.ID) && len(rows) < 5 {
				rows = append(rows, meetingRow(res.Meeting))
			}
		}
		if len(rows) > 0 {
			lines = append(lines, msgMeetingsAnswerHere)
		}
	}
	b.reply(r, strings.Join(lines, "\n"), withButtons(rows))
	return nil
}

// expects reports whether member is expected at the meeting.
func expects(res zhibu.Result, member int64) bool {
	for _, a := range res.Records {
		if a.MemberID == member {
			return a.Expected
		}
	}
	return false
}

// meetingRow answers one meeting from the private chat.
func meetingRow(m zhibu.Meeting) []zhibu.Button {
	v := meetingVersion(m)
	return []zhibu.Button{
		{Text: msgf(btnAttendN, m.Number), Data: fmt.Sprintf("a:%d:y:%s", m.Number, v)},
		{Text: msgf(btnLeaveN, m.Number), Data: fmt.Sprintf("a:%d:l:%s", m.Number, v)},
	}
}

func listLine(res zhibu.Result, loc *time.Location, now time.Time) string {
	m := res.Meeting
	var state string
	switch {
	case m.State == zhibu.MeetingClosed:
		state = msgf(msgMeetingsResult, res.Tally.Present, res.Tally.Expected)
	case m.Start.Before(now):
		state = msgMeetingsOpen + "，" + answerCounts(res)
	default:
		state = answerCounts(res)
	}
	return msgf(msgMeetingsLine, m.Number, esc(string(m.Type)), esc(span(m, loc, now)), state)
}

func answerCounts(res zhibu.Result) string {
	var attend, leave, none int
	for _, a := range res.Records {
		switch {
		case !a.Expected:
		case a.OnLeave():
			leave++
		case a.Answer == zhibu.AnswerAttend || a.CheckedIn():
			attend++
		default:
			none++
		}
	}
	return msgf(msgMeetingsAnswers, attend, leave, none)
}

// meetingDetail shows one meeting; officers also get who answered what,
// sent privately.
func (b *Bot) meetingDetail(r *request, n int) error {
	v, officer, err := b.cfg.Meetings.View(r.ctx, r.chatID, r.from, n)
	if err != nil {
		return err
	}
	loc := v.Branch.Location()
	public := announceText(v, b.cfg.Now())
	if v.Meeting.State == zhibu.MeetingClosed {
		public = closeText(v.Result, loc, b.cfg.Now())
	}
	var rows [][]zhibu.Button
	if !r.group && v.Meeting.State == zhibu.MeetingScheduled && v.Meeting.Start.After(b.cfg.Now()) {
		rows = privateAnswerButtons(v.Meeting)
	}
	if !officer {
		b.reply(r, public, withButtons(rows))
		return nil
	}
	rec, err := b.cfg.Meetings.Record(r.ctx, r.chatID, r.from, n)
	if err != nil {
		return err
	}
	if !r.group {
		b.reply(r, public+"\n\n"+detailText(rec, loc), withButtons(rows))
		return nil
	}
	return b.sendPrivately(r, public+"\n\n"+detailText(rec, loc), "", public)
}

// detailText lists people by answer or outcome, with leave reasons.
func detailText(rec zhibu.Record, loc *time.Location) string {
	groups := map[string][]string{}
	var order []string
	add := func(label, item string) {
		if _, ok := groups[label]; !ok {
			order = append(order, label)
		}
		groups[label] = append(groups[label], item)
	}
	for _, a := range rec.Records {
		label, item := detailEntry(a, rec.Meeting.State == zhibu.MeetingClosed, loc)
		add(label, item)
	}
	lines := []string{msgDetailAnswers}
	for _, label := range order {
		lines = append(lines, label+"："+strings.Join(groups[label], "、"))
	}
	if len(order) == 0 {
		lines = append(lines, msgDetailNone)
	}
	for _, v := range rec.Minutes[max(0, len(rec.Minutes)-1):] {
		lines = append(lines, msgf("会议记录（第 %d 版）：\n%s", v.Version, esc(v.Text)))
	}
	return strings.Join(lines, "\n")
}

func detailEntry(a zhibu.Attendance, closed bool, loc *time.Location) (string, string) {
	name := esc(a.Name)
	signed := ""
	if a.CheckedIn() && a.CheckedInBy != 0 && a.CheckedInBy != a.MemberID {
		signed = "（代签）"
	}
	switch {
	case closed:
		if a.Outcome == zhibu.OutcomeLeave {
			return string(a.Outcome), name + "（" + esc(a.LeaveReason) + "）"
		}
		return string(a.Outcome), name + signed
	case a.Observer:
		return string(zhibu.OutcomeObserver), name
	case a.CheckedIn():
		return btnCheckIn, name + "（" + a.CheckedInAt.In(loc).Format("15:04") + lateNote(a) + "）" + signed
	case a.LeaveRejected:
		return "请假被驳回", name + "（" + esc(a.LeaveReason) + "）"
	case a.OnLeave():
		return btnLeave, name + "（" + esc(a.LeaveReason) + "）"
	case a.Answer == zhibu.AnswerAttend:
		return btnAttend, name
	}
	return "未答复", name
}
