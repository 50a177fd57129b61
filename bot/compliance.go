package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

// cmdCompliance shows each requirement of the current month, quarter and
// year (and the previous period) as held, due or missed.
func (b *Bot) cmdCompliance(r *request) error {
	if r.args != "" {
		// Not a period command: say so rather than answer another
		// question than the one asked.
		return userError(msgf(msgComplianceNoPeriod, echo(r.args)))
	}
	br, items, err := b.cfg.Compliance.Status(r.ctx, r.chatID, r.from)
	if err != nil {
		return err
	}
	officer := b.may(r, zhibu.ActManageCampaign)
	if len(items) == 0 {
		text := msgComplianceNone
		if officer {
			text += msgComplianceSet
		}
		b.reply(r, text)
		return nil
	}
	lines := []string{msgf(msgComplianceTitle, esc(cntime.FormatDay(b.cfg.Now().In(br.Location()))))}
	for _, it := range items {
		group := ""
		if it.Group != "" {
			group = "（" + esc(it.Group) + "）"
		}
		lines = append(lines, msgf(msgComplianceItem, icon(it.State), esc(string(it.Rule.Type)), group, esc(it.Period.Label), itemState(it, officer, b.cfg.Now())))
	}
	b.reply(r, strings.Join(lines, "\n"))
	return nil
}

func icon(s zhibu.ItemState) string {
	switch s {
	case zhibu.ItemHeld:
		return "✅"
	case zhibu.ItemDue:
		return "⏳"
	case zhibu.ItemMadeUp:
		return "🔁"
	case zhibu.ItemToClose:
		return "⌛"
	case zhibu.ItemScheduled:
		return "📅"
	}
	return "❌"
}

// itemState is how an item stands; officers are told what to do about it.
func itemState(it zhibu.Item, officer bool, now time.Time) string {
	s := stateText(it, officer, now)
	for _, u := range it.Uncounted {
		if u.Quorum {
			s += "；" + msgf(msgUncountedQuorum, u.Number, u.Tally.VotingPresent, u.Tally.VotingExpected)
		} else {
			s += "；" + msgf(msgUncountedEmpty, u.Number)
		}
	}
	return s
}

func stateText(it zhibu.Item, officer bool, now time.Time) string {
	loc := it.Period.From.Location()
	switch it.State {
	case zhibu.ItemScheduled:
		var ms []string
		for _, a := range it.Arranged {
			ms = append(ms, msgf(msgArrangedMeeting, a.Number, cntime.FormatReading(a.Start.In(loc), now.In(loc))))
		}
		return msgf(msgArranged, strings.Join(ms, "、"))
	case zhibu.ItemToClose:
		var ns []string
		for _, n := range it.ToClose {
			ns = append(ns, strconv.Itoa(n))
		}
		if !officer {
			return msgf(msgToCloseMember, strings.Join(ns, "、#"))
		}
		return msgf(msgToClose, strings.Join(ns, "、#"))
	case zhibu.ItemHeld:
		var days []string
		for _, t := range it.Held {
			days = append(days, t.In(loc).Format("1月2日"))
		}
		return msgf(msgHeldOn, strings.Join(days, "、"))
	case zhibu.ItemDue:
		return msgf(msgDueIn, remaining(it.DaysLeft))
	case zhibu.ItemMadeUp:
		return msgf(msgMadeUp, it.MadeUp.In(loc).Format("1月2日"))
	}
	return msgMissed
}

// cmdRules shows or changes the 三会一课 cadence rules.
func (b *Bot) cmdRules(r *request) error {
	f := strings.Fields(r.args)
	if len(f) == 0 {
		st, err := b.cfg.Compliance.Settings(r.ctx, r.chatID, r.from)
		if err != nil {
			return err
		}
		lines := []string{msgRulesTitleMember}
		if b.may(r, zhibu.ActManageCampaign) {
			lines[0] = msgRulesTitle
		}
		for _, rule := range st.Rules {
			lines = append(lines, msgf(msgRuleLine, esc(string(rule.Type)), esc(string(rule.Cadence))))
		}
		lines = append(lines, msgf(msgQuietLine, cntime.FormatTimeOfDay(st.QuietStart), cntime.FormatTimeOfDay(st.QuietEnd)), msgf(msgLeadsLine, leadsText(st.LeadTimes)))
		b.reply(r, strings.Join(lines, "\n"))
		return nil
	}
	switch f[0] {
	case "免打扰":
		return b.setQuiet(r, f[1:])
	case "会议提醒":
		return b.setLeads(r, f[1:])
	}
	if len(f) != 2 {
		return b.officerUsage(r, zhibu.ActManageCampaign, msgRulesUsage)
	}
	t, err := zhibu.ParseMeetingType(f[0])
	if err != nil {
		return err
	}
	c := zhibu.Cadence(f[1])
	if c != zhibu.CadenceMonth && c != zhibu.CadenceQuarter && c != zhibu.CadenceYear && c != zhibu.CadenceNone {
		return userError(msgCadenceBad)
	}
	if _, err := b.cfg.Compliance.SetRule(r.ctx, r.chatID, r.from, t, c); err != nil {
		return err
	}
	b.reply(r, msgf(msgRuleSet, esc(string(t)), esc(string(c))))
	return nil
}

func leadsText(ls []time.Duration) string {
	var out []string
	for _, l := range ls {
		if l%time.Hour == 0 {
			out = append(out, fmt.Sprintf("%d小时", int(l.Hours())))
		} else {
			out = append(out, fmt.Sprintf("%d分钟", int(l.Minutes())))
		}
	}
	return strings.Join(out, "、")
}

// setQuiet: "/rules 免打扰 22:00-07:30" (or 无).
func (b *Bot) setQuiet(r *request, args []string) error {
	if len(args) != 1 {
		return userError(msgQuietUsage)
	}
	start, end := 0, 0
	if args[0] != "无" {
		from, to, ok := strings.Cut(args[0], "-")
		var err1, err2 error
		if start, err1 = parseClock(from); ok {
			end, err2 = parseClock(to)
		}
		if !ok || err1 != nil || err2 != nil {
			return userError(msgQuietUsage)
		}
	}
	st, err := b.cfg.Compliance.SetQuiet(r.ctx, r.chatID, r.from, start, end)
	if err != nil {
		return err
	}
	b.reply(r, msgf(msgQuietSet, cntime.FormatTimeOfDay(st.QuietStart), cntime.FormatTimeOfDay(st.QuietEnd)))
	return nil
}

func parseClock(s string) (int, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	return t.Hour()*60 + t.Minute(), nil
}

// setLeads: "/rules 会议提醒 24小时 1小时 30分钟".
func (b *Bot) setLeads(r *request, args []string) error {
	var leads []time.Duration
	for _, a := range args {
		d, err := parseLead(a)
		if err != nil {
			return userError(msgLeadsUsage)
		}
		leads = append(leads, d)
	}
	st, err := b.cfg.Compliance.SetLeadTimes(r.ctx, r.chatID, r.from, leads)
	var ve *zhibu.ValidationError
	if errors.As(err, &ve) {
		return userError(msgLeadsUsage)
	}
	if err != nil {
		return err
	}
	b.reply(r, msgf(msgLeadsSet, leadsText(st.LeadTimes)))
	return nil
}

func parseLead(s string) (time.Duration, error) {
	for suffix, unit := range map[string]time.Duration{"小时": time.Hour, "分钟": time.Minute, "天": 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.Atoi(n)
			if err != nil || v <= 0 {
				return 0, errors.New("bad lead")
			}
			return time.Duration(v) * unit, nil
		}
	}
	return 0, errors.New("bad lead")
}

// remaining says how many days are left after today (zhibu.DaysLeft), the
// same words in every message.
func remaining(days int) string {
	if days <= 0 {
		return msgLastDay
	}
	return msgf(msgRemaining, days)
}
