package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
	"github.com/zhibu/zhibu/scheduler"
)

// member finds a roster entry by id in a roster.
func memberByID(roster []zhibu.Member, id int64) zhibu.Member {
	for _, m := range roster {
		if m.ID == id {
			return m
		}
	}
	return zhibu.Member{}
}

// pledgeDue: to the pledger privately; the daily digest covers those who
// cannot be reached.
func (r renderCtx) pledgeDue(ctx context.Context) ([]scheduler.Message, error) {
	p, err := r.b.cfg.Pledges.PledgeOf(ctx, r.br.ID, int(r.o.Ref))
	if err != nil || !p.State.Open() {
		return nil, nil
	}
	roster, err := r.roster(ctx)
	if err != nil {
		return nil, err
	}
	owner := memberByID(roster, p.MemberID)
	if !r.reachable(ctx, []zhibu.Member{owner})[owner.TelegramID] {
		return nil, nil
	}
	text := msgf(msgRemindPledge, r.late, p.Number, deadlineText(p.Deadline, r.loc), r.left(p.Deadline), esc(p.Content), p.Number, p.Number)
	return []scheduler.Message{r.private(owner.TelegramID, text)}, nil
}

// pledgeDigest: one group message naming the pledgers due in 7 or 1 days
// today whom the bot cannot reach privately.
func (r renderCtx) pledgeDigest(ctx context.Context) ([]scheduler.Message, error) {
	day := at(r.o.FireAt, 0, r.loc)
	var lines []string
	roster, err := r.roster(ctx)
	if err != nil {
		return nil, err
	}
	for _, days := range pledgeLeads {
		from := day.AddDate(0, 0, days)
		pls, err := r.b.cfg.Pledges.DueBetween(ctx, from, from.AddDate(0, 0, 1))
		if err != nil {
			return nil, err
		}
		for _, p := range pls {
			owner := memberByID(roster, p.MemberID)
			if p.BranchID != r.br.ID || r.reachable(ctx, []zhibu.Member{owner})[owner.TelegramID] {
				continue
			}
			lines = append(lines, msgf(msgRemindPledgeLine, mention(owner.Name, owner.Username), p.Number, esc(p.Content), deadlineText(p.Deadline, r.loc)))
		}
	}
	if len(lines) == 0 {
		return nil, nil
	}
	return []scheduler.Message{r.group(msgf(msgRemindPledgeGroup, r.late, strings.Join(lines, "\n")), nil)}, nil
}

// officers are the branch's committee members.
func officers(roster []zhibu.Member, action zhibu.Action) []zhibu.Member {
	var out []zhibu.Member
	for _, m := range roster {
		if !m.Removed && zhibu.Can(m.Role, action) {
			out = append(out, m)
		}
	}
	return out
}

// overdue: the weekly digest of overdue pledges, to each officer privately.
func (r renderCtx) overdue(ctx context.Context) ([]scheduler.Message, error) {
	pls, err := r.b.cfg.Pledges.OverdueOf(ctx, r.br.ID, r.now)
	if err != nil || len(pls) == 0 {
		return nil, err
	}
	roster, err := r.roster(ctx)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, p := range pls {
		owner := memberByID(roster, p.MemberID)
		lines = append(lines, msgf(msgRemindPledgeLine, esc(owner.Name), p.Number, esc(p.Content), deadlineText(p.Deadline, r.loc)))
	}
	text := msgf(msgRemindOverdue, esc(cntime.FormatDay(r.now.In(r.loc))), strings.Join(lines, "\n"))
	var out []scheduler.Message
	offs := officers(roster, zhibu.ActReviewPledge)
	ok := r.reachable(ctx, offs)
	for _, m := range offs {
		if ok[m.TelegramID] {
			out = append(out, r.private(m.TelegramID, text))
		}
	}
	return out, nil
}

// callNag: one group message naming who has not answered a call.
func (r renderCtx) callNag(ctx context.Context) ([]scheduler.Message, error) {
	calls, err := r.b.cfg.Pledges.AllOpenCalls(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range calls {
		if c.ID != r.o.Ref {
			continue
		}
		missing, err := r.b.cfg.Pledges.CallMissing(ctx, c)
		if err != nil || len(missing) == 0 {
			return nil, err
		}
		text := msgf(msgRemindCallNag, r.late, c.Number, esc(c.Text), deadlineText(c.Deadline, r.loc), names(missing))
		return []scheduler.Message{r.group(text, nil)}, nil
	}
	return nil, nil
}

// stage: the start (转段) with its requirements, the reminders before its
// end listing who is missing what, and the summary.
func (r renderCtx) stage(ctx context.Context) ([]scheduler.Message, error) {
	s, err := r.b.cfg.Campaigns.Stage(ctx, r.br.ID, int(r.o.Ref))
	if err != nil {
		return nil, nil
	}
	last := s.End.Add(-time.Hour)
	switch r.o.Kind {
	case kindStageStart:
		req := ""
		if len(s.Requirements) > 0 {
			req = msgf(msgRemindStageReq, esc(reqList(s.Requirements)))
		}
		return []scheduler.Message{r.group(msgf(msgRemindStageStart, esc(s.Name)+r.late, fmt.Sprintf("阶段 #%d", s.Number),
			esc(cntime.FormatDay(s.Start.In(r.loc))), esc(cntime.FormatDay(last.In(r.loc))), req), nil)}, nil
	}
	st, err := r.b.cfg.Campaigns.StageStatus(ctx, s)
	if err != nil {
		return nil, err
	}
	detail := stageMissing(st)
	if r.o.Kind == kindStageSummary {
		return []scheduler.Message{r.group(msgf(msgRemindStageSummary, esc(s.Name), detail), nil)}, nil
	}
	if len(st.Missing) == 0 && len(st.MeetingDue) == 0 {
		return nil, nil
	}
	text := msgf(msgRemindStageSoon, r.late, esc(s.Name), esc(cntime.FormatDay(last.In(r.loc))), r.left(s.End), detail)
	return []scheduler.Message{r.group(text, nil)}, nil
}

func reqName(q zhibu.Requirement) string {
	switch q.Kind {
	case zhibu.ReqPledge:
		return msgReqPledge
	case zhibu.ReqSubmit:
		if q.Item != "" {
			return "提交" + q.Item
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
		sb.WriteString(msgf(msgStageMissingLine, mention(m.Member.Name, m.Member.Username), esc(strings.Join(what, "、"))))
	}
	for _, t := range st.MeetingDue {
		sb.WriteString(msgf(msgStageMeetingDue, esc(string(t))))
	}
	if sb.Len() == 0 {
		return msgStageAllDone
	}
	return sb.String()
}

// compliance: to the 书记 privately (the group when not reachable), the
// requirements still unmet in periods ending in 7, 3 or 1 days.
func (r renderCtx) compliance(ctx context.Context) ([]scheduler.Message, error) {
	// Counted from the morning it was due: found late, it still speaks of
	// that day; found after the month ended, it has nothing left to say.
	now := r.o.FireAt.In(r.loc)
	if !r.now.Before(zhibu.PeriodOf(zhibu.CadenceMonth, now).To) {
		return nil, nil
	}
	items, err := r.b.cfg.Compliance.Items(ctx, r.br.ID, now, false)
	if err != nil {
		return nil, err
	}
	days := daysToMonthEnd(now)
	monthEnd := zhibu.PeriodOf(zhibu.CadenceMonth, now).To
	var lines []string
	for _, it := range items {
		if it.State != zhibu.ItemDue || !it.Period.To.Equal(monthEnd) {
			continue
		}
		group := ""
		if it.Group != "" {
			group = "（" + esc(it.Group) + "）"
		}
		lines = append(lines, msgf(msgComplianceLine, esc(it.Period.Label), group, esc(string(it.Rule.Type)), days))
	}
	if len(lines) == 0 {
		return nil, nil
	}
	text := msgf(msgRemindCompliance, r.late, strings.Join(lines, "\n"))
	return r.toSecretaries(ctx, text, true)
}

// toSecretaries sends text privately to each reachable 书记; when none is
// reachable, to the group if public allows, otherwise nowhere.
func (r renderCtx) toSecretaries(ctx context.Context, text string, public bool) ([]scheduler.Message, error) {
	roster, err := r.roster(ctx)
	if err != nil {
		return nil, err
	}
	secs := officers(roster, zhibu.ActAssignRole)
	ok := r.reachable(ctx, secs)
	var out []scheduler.Message
	for _, m := range secs {
		if ok[m.TelegramID] {
			out = append(out, r.private(m.TelegramID, text))
		}
	}
	if len(out) == 0 && public {
		out = append(out, r.group(text, nil))
	}
	return out, nil
}

// absence: members with 3 or 5 months without attending, to the 书记 only.
func (r renderCtx) absence(ctx context.Context) ([]scheduler.Message, error) {
	ss, err := r.b.cfg.Compliance.AbsenceStreaks(ctx, r.br.ID, r.now.In(r.loc))
	if err != nil || len(ss) == 0 {
		return nil, err
	}
	var lines []string
	for _, s := range ss {
		lines = append(lines, msgf(msgAbsenceLine, esc(s.Member.Name), s.Months))
	}
	return r.toSecretaries(ctx, msgf(msgRemindAbsence, strings.Join(lines, "\n")), false)
}

// custom: a /remind reminder, to the group or to its owner privately.
func (r renderCtx) custom(ctx context.Context) ([]scheduler.Message, error) {
	rem, err := r.b.cfg.Reminders.ByNumber(ctx, r.br.ID, int(r.o.Ref))
	if err != nil || rem.Paused || rem.Deleted {
		return nil, nil
	}
	text := msgf(msgRemindCustom, esc(rem.Text), r.late)
	if !rem.Private {
		return []scheduler.Message{r.group(text, nil)}, nil
	}
	roster, err := r.roster(ctx)
	if err != nil {
		return nil, err
	}
	owner := memberByID(roster, rem.OwnerID)
	if !owner.Linked() {
		return nil, nil
	}
	return []scheduler.Message{r.private(owner.TelegramID, text)}, nil
}
