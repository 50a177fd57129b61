package bot

import (
	"strings"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
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
	loc, err := b.branchLoc(r)
	if err != nil {
		return err
	}
	now := b.cfg.Now()
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
	b.reply(r, strings.Join(lines, "\n"))
	return nil
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
	res, officer, err := b.cfg.Meetings.Result(r.ctx, r.chatID, r.from, n)
	if err != nil {
		return err
	}
	loc, err := b.branchLoc(r)
	if err != nil {
		return err
	}
	public := b.announceText(r.ctx, res.Meeting, loc)
	if res.Meeting.State == zhibu.MeetingClosed {
		public = closeText(res, loc, b.cfg.Now())
	}
	if !officer {
		b.reply(r, public)
		return nil
	}
	rec, err := b.cfg.Meetings.Record(r.ctx, r.chatID, r.from, n)
	if err != nil {
		return err
	}
	return b.sendPrivately(r, public+"\n\n"+detailText(rec, loc), msgDetailPrivate, public)
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

// cmdAttendance: "/attendance [期间] [类型] [姓名|我]".
func (b *Bot) cmdAttendance(r *request) error {
	br, err := b.cfg.Service.Branch(r.ctx, r.chatID)
	if err != nil {
		return err
	}
	loc := b.loc(br)
	q, err := b.parseAttendanceArgs(r, strings.Fields(r.args), b.cfg.Now().In(loc))
	if err != nil {
		return err
	}
	st, err := b.cfg.Meetings.Attendance(r.ctx, r.chatID, r.from, q.period, q.typ, q.name, q.self)
	if err != nil {
		return nameError(err, q.name)
	}
	return b.sendPrivately(r, statsText(st), msgAttendanceSent, "")
}

type attendanceQuery struct {
	period cntime.Period
	typ    zhibu.MeetingType
	name   string
	self   bool
}

func (b *Bot) parseAttendanceArgs(r *request, args []string, now time.Time) (attendanceQuery, error) {
	var q attendanceQuery
	var rest []string
	names := map[string]bool{}
	if ro, err := b.cfg.Service.Roster(r.ctx, r.chatID, r.from); err == nil {
		for _, m := range ro.Members {
			names[m.Name] = true
		}
	}
	for _, a := range args {
		if t, err := zhibu.ParseMeetingType(a); err == nil {
			q.typ = t
			continue
		}
		switch {
		case a == "我":
			q.self = true
		case names[a]:
			q.name = a
		default:
			rest = append(rest, a)
		}
	}
	p, err := cntime.ParsePeriod(strings.Join(rest, " "), now)
	if err != nil {
		return q, userError(msgf(msgPeriodBad, esc(strings.Join(rest, " "))))
	}
	q.period = p
	return q, nil
}

func statsText(st zhibu.Stats) string {
	typ := ""
	if st.Type != "" {
		typ = "，" + string(st.Type)
	}
	lines := []string{msgf(msgAttendanceTitle, esc(st.Branch.Name), esc(st.Period.Label), esc(typ)), msgAttendanceHeader}
	for _, s := range st.Rows {
		lines = append(lines, msgf(msgAttendanceLine, esc(s.Name), s.Expected, s.Present, s.Leave, s.Absent, s.Late, percent(s.Rate())))
	}
	if len(st.Rows) == 0 || (len(st.Rows) == 1 && st.Rows[0].Expected == 0) {
		lines = append(lines, msgAttendanceEmpty)
	}
	return strings.Join(lines, "\n")
}

// cmdExport: "/export attendance [期间]" sends the XLSX ledger and its CSV
// twin to the officer privately.
func (b *Bot) cmdExport(r *request) error {
	what, rest, _ := strings.Cut(r.args, " ")
	if what == "pledges" || what == "承诺" {
		return b.exportPledges(r)
	}
	if what != "attendance" && what != "考勤" {
		b.reply(r, msgExportUsage)
		return nil
	}
	br, err := b.cfg.Service.Branch(r.ctx, r.chatID)
	if err != nil {
		return err
	}
	loc := b.loc(br)
	p, err := cntime.ParsePeriod(strings.TrimSpace(rest), b.cfg.Now().In(loc))
	if err != nil {
		return userError(msgf(msgPeriodBad, esc(strings.TrimSpace(rest))))
	}
	l, err := b.cfg.Meetings.Ledger(r.ctx, r.chatID, r.from, p)
	if err != nil {
		return err
	}
	xlsx, err := attendanceXLSX(l, loc)
	if err != nil {
		return err
	}
	name := "考勤台账-" + strings.ReplaceAll(p.Label, " ", "")
	caption := msgf(msgExportCaption, esc(br.Name), esc(p.Label))
	if len(l.Meetings) == 0 {
		caption += "\n" + msgExportEmpty
	}
	files := []outFile{{name + ".xlsx", xlsx}, {name + ".csv", attendanceCSV(l, loc)}}
	return b.sendFilesPrivately(r, files, caption, msgExportSent)
}

// outFile is a document the bot sends.
type outFile struct {
	name string
	data []byte
}

func (b *Bot) sendFilesPrivately(r *request, files []outFile, caption, sentNote string) error {
	for i, f := range files {
		c := ""
		if i == 0 {
			c = caption
		}
		if err := b.sendDocument(r.ctx, r.from.TelegramID, f.name, f.data, c); err != nil {
			if isForbidden(err) && r.group {
				b.reply(r, msgNeedPrivate, withButtons(b.privateButton(r.cmd)))
				return nil
			}
			return err
		}
	}
	if r.group {
		b.reply(r, sentNote)
	}
	return nil
}
