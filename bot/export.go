package bot

import (
	"strings"

	"github.com/zhibu/zhibu/cntime"
)

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
	loc := br.Location()
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

// exportPledges sends the 承诺台账 (XLSX and CSV) to the officer privately.
func (b *Bot) exportPledges(r *request) error {
	l, err := b.cfg.Pledges.Ledger(r.ctx, r.chatID, r.from)
	if err != nil {
		return err
	}
	loc := l.Branch.Location()
	xlsx, err := pledgesXLSX(l, loc)
	if err != nil {
		return err
	}
	day := l.Now.In(loc).Format("2006-01-02")
	files := []outFile{{"承诺台账-" + day + ".xlsx", xlsx}, {"承诺台账-" + day + ".csv", pledgesCSV(l, loc)}}
	caption := msgf(msgExportPledgesCaption, esc(l.Branch.Name), day)
	return b.sendFilesPrivately(r, files, caption, msgExportPledgesSent)
}
