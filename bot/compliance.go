package bot

import (
	"strings"

	"github.com/zhibu/zhibu"
)

// cmdCompliance shows each requirement of the current month, quarter and
// year (and the previous period) as held, due or missed.
func (b *Bot) cmdCompliance(r *request) error {
	loc, err := b.branchLoc(r)
	if err != nil {
		return err
	}
	items, err := b.cfg.Compliance.Status(r.ctx, r.chatID, r.from, loc)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		b.reply(r, msgComplianceNone)
		return nil
	}
	lines := []string{msgf(msgComplianceTitle, esc(zhibu.FormatDay(b.cfg.Now().In(loc))))}
	for _, it := range items {
		group := ""
		if it.Group != "" {
			group = "（" + esc(it.Group) + "）"
		}
		lines = append(lines, msgf(msgComplianceItem, icon(it.State), esc(string(it.Rule.Type)), group, esc(it.Period.Label), itemState(it, r)))
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
	}
	return "❌"
}

func itemState(it zhibu.Item, r *request) string {
	switch it.State {
	case zhibu.ItemHeld:
		var days []string
		for _, t := range it.Held {
			days = append(days, t.In(it.Period.From.Location()).Format("1月2日"))
		}
		return msgf(msgHeldOn, strings.Join(days, "、"))
	case zhibu.ItemDue:
		return msgf(msgDueIn, it.DaysLeft)
	case zhibu.ItemMadeUp:
		return msgf(msgMadeUp, it.MadeUp.In(it.Period.From.Location()).Format("1月2日"))
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
		lines := []string{msgRulesTitle}
		for _, rule := range st.Rules {
			lines = append(lines, msgf(msgRuleLine, esc(string(rule.Type)), esc(string(rule.Cadence))))
		}
		b.reply(r, strings.Join(lines, "\n"))
		return nil
	}
	if len(f) != 2 {
		b.reply(r, msgRulesUsage)
		return nil
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
