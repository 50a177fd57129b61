package bot

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

func (b *Bot) cmdCampaign(r *request) error {
	verb, rest, _ := strings.Cut(r.args, " ")
	switch {
	case verb == "new" || verb == "新建":
		c, err := b.cfg.Campaigns.NewCampaign(r.ctx, r.chatID, r.from, strings.TrimSpace(rest))
		if err != nil {
			return err
		}
		b.reply(r, msgf(msgCampaignMade, c.Number, esc(c.Name), c.Number))
		return nil
	case verb == "help" || verb == "帮助":
		b.usage(r, zhibu.ActManageCampaign, msgCampaignUsage, msgCampaignMemberUsage)
		return nil
	}
	n := 0
	if verb != "" {
		var err error
		if n, err = strconv.Atoi(strings.TrimPrefix(verb, "#")); err != nil || n <= 0 {
			b.usage(r, zhibu.ActManageCampaign, msgCampaignUsage, msgCampaignMemberUsage)
			return nil
		}
	}
	return b.campaignProgress(r, n)
}

func (b *Bot) campaignProgress(r *request, n int) error {
	br, c, stages, err := b.cfg.Campaigns.Progress(r.ctx, r.chatID, r.from, n)
	if errors.Is(err, zhibu.ErrNotFound) {
		return userError(msgf(msgCampaignNotFound, n))
	}
	if err != nil {
		return err
	}
	if len(stages) == 0 && n == 0 {
		b.usage(r, zhibu.ActManageCampaign, msgCampaignNone+"\n\n"+msgCampaignUsage, msgCampaignNone)
		return nil
	}
	loc := br.Location()
	title := msgCampaignsTitle
	if c.Name != "" {
		title = msgf(msgCampaignTitle, esc(c.Name))
	}
	lines := []string{title}
	now := b.cfg.Now()
	for _, st := range stages {
		s := st.Stage
		state := msgStageActive
		switch {
		case now.Before(s.Start):
			state = msgStageUpcoming
		case !now.Before(s.End):
			state = msgStageEnded
		}
		lines = append(lines, msgf(msgStageLine, s.Number, esc(s.Name), esc(dayText(s.Start.In(loc), now)),
			esc(dayText(s.End.Add(-time.Hour).In(loc), now)), state, stageMissing(st)))
	}
	b.reply(r, strings.Join(lines, "\n"))
	return nil
}

// cmdStage: "/stage add 活动编号 阶段名 开始 结束 [要求…]", or a plan block
// with one stage a line after "/stage add 活动编号".
func (b *Bot) cmdStage(r *request) error {
	verb, rest, _ := strings.Cut(r.args, " ")
	if verb != "add" && verb != "添加" {
		return b.officerUsage(r, zhibu.ActManageCampaign, msgStageUsage)
	}
	head, block, _ := strings.Cut(strings.TrimSpace(rest), "\n")
	num, first, _ := strings.Cut(strings.TrimSpace(head), " ")
	n, err := strconv.Atoi(strings.TrimPrefix(num, "#"))
	if err != nil || n <= 0 {
		return b.officerUsage(r, zhibu.ActManageCampaign, msgStageUsage)
	}
	lines := strings.Split(block, "\n")
	if strings.TrimSpace(first) != "" {
		lines = append([]string{first}, lines...)
	}
	br, err := b.branch(r)
	if err != nil {
		return err
	}
	loc := br.Location()
	var drafts []zhibu.StageDraft
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		d, err := parseStageLine(l, b.cfg.Now().In(loc))
		if err != nil {
			if _, ok := err.(userError); ok {
				return err
			}
			var te *cntime.TimeError
			if errors.As(err, &te) {
				return userError(msgf(msgStageLineTime, len(drafts)+1, timeRefusal(te, useStage, b.cfg.Now().In(loc))))
			}
			return userError(msgf(msgStageBadLine, len(drafts)+1, echo(strings.TrimSpace(l))))
		}
		drafts = append(drafts, d)
	}
	if len(drafts) == 0 {
		b.reply(r, msgStageUsage)
		return nil
	}
	ss, err := b.cfg.Campaigns.AddStages(r.ctx, r.chatID, r.from, n, drafts)
	if err != nil {
		return campaignError(err, n)
	}
	var out []string
	now := b.cfg.Now()
	for _, s := range ss {
		req := ""
		if len(s.Requirements) > 0 {
			req = "：" + esc(reqList(s.Requirements))
		}
		out = append(out, msgf(msgStageLineShort, s.Number, esc(s.Name), esc(dayText(s.Start.In(loc), now)),
			esc(dayText(s.End.Add(-time.Hour).In(loc), now)), req))
	}
	b.reply(r, msgf(msgStagesAdded, len(ss), strings.Join(out, "\n")))
	return nil
}

// parseStageLine reads "阶段名 开始 结束 [要求…]".
func parseStageLine(line string, now time.Time) (zhibu.StageDraft, error) {
	f := strings.Fields(line)
	if len(f) >= 2 && (len(f) == 2 || !isTime(f[2], now)) {
		// "整改落实 1月21日至2月10日": the days as one range.
		if a, z, err := cntime.ParseTimeRange(f[1], now); err == nil && !z.IsZero() {
			f = append([]string{f[0], a.Time.Format("2006-01-02"), z.Time.Format("2006-01-02")}, f[2:]...)
		}
	}
	if len(f) < 3 {
		return zhibu.StageDraft{}, errors.New("too few fields")
	}
	first, err := cntime.ParseTime(f[1], now)
	if err != nil {
		return zhibu.StageDraft{}, err
	}
	last, err := cntime.ParseTime(f[2], now)
	if err != nil {
		return zhibu.StageDraft{}, err
	}
	d := zhibu.StageDraft{Name: f[0], First: first.Time, Last: last.Time}
	for _, w := range f[3:] {
		q, ok := parseRequirement(w)
		if !ok {
			return d, userError(msgf(msgReqUnknown, echo(w)))
		}
		d.Requirements = append(d.Requirements, q)
	}
	return d, nil
}

// isTime reports whether s reads as a time.
func isTime(s string, now time.Time) bool {
	_, err := cntime.ParseTime(s, now)
	return err == nil
}

func parseRequirement(w string) (zhibu.Requirement, bool) {
	kind, arg, _ := strings.Cut(strings.ReplaceAll(w, "：", ":"), ":")
	switch kind {
	case "承诺":
		return zhibu.Requirement{Kind: zhibu.ReqPledge}, arg == ""
	case "提交":
		return zhibu.Requirement{Kind: zhibu.ReqSubmit, Item: arg}, true
	case "会议":
		t, err := zhibu.ParseMeetingType(arg)
		return zhibu.Requirement{Kind: zhibu.ReqMeeting, Meeting: t}, err == nil
	}
	return zhibu.Requirement{}, false
}

func campaignError(err error, n int) error {
	switch {
	case errors.Is(err, zhibu.ErrNotFound):
		return userError(msgf(msgCampaignNotFound, n))
	}
	var sc *zhibu.StageConflict
	if !errors.As(err, &sc) {
		return err
	}
	// The days as read, in the branch's zone (the new stage's).
	loc := sc.Stage.Start.Location()
	first := func(s zhibu.Stage) string { return esc(cntime.FormatDate(s.Start.In(loc))) }
	last := func(s zhibu.Stage) string { return esc(cntime.FormatDate(s.End.In(loc).AddDate(0, 0, -1))) }
	if errors.Is(err, zhibu.ErrStageOrder) {
		return userError(msgf(msgStageOrder, esc(sc.Stage.Name), last(sc.Stage), first(sc.Stage)))
	}
	return userError(msgf(msgStageOverlap, esc(sc.Stage.Name), first(sc.Stage), last(sc.Stage),
		esc(sc.Other.Name), first(sc.Other), last(sc.Other)))
}

// cmdSubmit: "/submit 阶段编号 内容".
func (b *Bot) cmdSubmit(r *request) error {
	num, text, _ := strings.Cut(r.args, " ")
	n, err := strconv.Atoi(strings.TrimPrefix(num, "#"))
	if err != nil || n <= 0 {
		b.reply(r, msgSubmitUsage)
		return nil
	}
	me, s, _, err := b.cfg.Campaigns.Submit(r.ctx, r.chatID, r.from, n, strings.TrimSpace(text))
	var ve *zhibu.ValidationError
	switch {
	case errors.Is(err, zhibu.ErrNotFound):
		return userError(msgf(msgStageNotFound, n))
	case errors.Is(err, zhibu.ErrStageClosed):
		return userError(msgf(msgStageClosed, n))
	case errors.Is(err, zhibu.ErrNoSubmit):
		return userError(msgf(msgNoSubmit, n))
	case errors.As(err, &ve) && ve.Problem == zhibu.ProblemEmpty:
		b.reply(r, msgSubmitUsage)
		return nil
	case err != nil:
		return err
	}
	b.reply(r, msgf(msgSubmitted, esc(me.Name), n, esc(s.Name)))
	return nil
}
