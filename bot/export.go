package bot

import (
	"strings"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
	"github.com/zhibu/zhibu/ledger"
)

// cmdExport: "/export attendance [期间]" sends the 考勤台账 and
// "/export pledges" the 承诺台账, each as XLSX and CSV, to the officer
// privately. The package ledger renders the files.
func (b *Bot) cmdExport(r *request) error {
	what, rest, _ := strings.Cut(r.args, " ")
	if what == "pledges" || what == "承诺" {
		return b.exportPledges(r)
	}
	if what != "attendance" && what != "考勤" {
		return b.officerUsage(r, zhibu.ActExport, msgExportUsage)
	}
	br, err := b.branch(r)
	if err != nil {
		return err
	}
	loc := br.Location()
	p, err := cntime.ParsePeriod(strings.TrimSpace(rest), b.cfg.Now().In(loc))
	if err != nil {
		return timeErr(err, usePeriod, b.cfg.Now().In(loc))
	}
	l, err := b.cfg.Meetings.Ledger(r.ctx, r.chatID, r.from, p)
	if err != nil {
		return err
	}
	files, err := ledger.Attendance(l, loc)
	if err != nil {
		return err
	}
	caption := msgf(msgExportCaption, esc(br.Name), esc(p.Label))
	if len(l.Meetings) == 0 {
		caption += "\n" + msgExportEmpty
	}
	return b.sendFilesPrivately(r, outFiles(files), caption)
}

// exportPledges sends the 承诺台账 (XLSX and CSV) to the officer privately.
func (b *Bot) exportPledges(r *request) error {
	l, err := b.cfg.Pledges.Ledger(r.ctx, r.chatID, r.from)
	if err != nil {
		return err
	}
	loc := l.Branch.Location()
	files, err := ledger.Pledges(l, loc)
	if err != nil {
		return err
	}
	caption := msgf(msgExportPledgesCaption, esc(l.Branch.Name), l.Now.In(loc).Format("2006-01-02"))
	return b.sendFilesPrivately(r, outFiles(files), caption)
}

// outFiles are the ledger's files as documents to send.
func outFiles(files []ledger.File) []outFile {
	out := make([]outFile, len(files))
	for i, f := range files {
		out[i] = outFile{f.Name, f.Data}
	}
	return out
}
