package bot

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/zhibu/zhibu"
)

// The pledge ledger (承诺台账, docs/domain.md §5) export: a workbook with the
// ledger and its 兑现率 on one sheet and every pledge's history on another,
// and a CSV twin of the ledger rows. Like the attendance export, the texts
// are file headings, not chat messages, so they live here.
const (
	xlsPledgeSheet   = "承诺台账"
	xlsPledgeHistory = "履诺记录"
	xlsPledgeTitle   = "%s 承诺台账（截至 %s）"
	xlsPledgeOverdue = "%s（逾期）"
	xlsPledgeReview  = "%s：%s"
	xlsPledgeFile    = "%s（%s）"
	xlsPledgeDate    = "2006-01-02"
)

// Column headings of the two sheets; the CSV uses the ledger's.
var (
	xlsPledgeCols   = []string{"编号", "责任人", "内容", "类别", "时限", "状态", "进度", "兑现日期", "点评"}
	xlsPledgeEvCols = []string{"编号", "责任人", "时间", "事项", "办理人", "内容", "附件"}
)

// pledgesXLSX renders the 承诺台账 as an XLSX workbook.
func pledgesXLSX(l zhibu.PledgeLedger, loc *time.Location) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(xlsFastZip)
	st, err := newXLSPledgeStyles(f)
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", xlsPledgeSheet); err != nil {
		return nil, fmt.Errorf("export: rename sheet: %w", err)
	}
	if err := xlsWritePledges(f, st, l, loc); err != nil {
		return nil, err
	}
	if err := xlsWritePledgeEvents(f, st, l, loc); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("export: write workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// pledgesCSV renders the ledger sheet as CSV for Excel: UTF-8 with BOM, CRLF, formula-safe.
func pledgesCSV(l zhibu.PledgeLedger, loc *time.Location) []byte {
	rows := [][]string{xlsPledgeCols}
	for _, r := range pledgeLedgerRows(l, loc) {
		rows = append(rows, r.csv())
	}
	return ledgerCSV(rows)
}

// ledgerCSV writes rows as CSV that opens correctly in Excel, as
// attendanceCSV does: a BOM, CRLF line ends (also inside quoted cells, where
// Excel reads them as line breaks) and every cell through ledgerCSVSafe, so
// a number must not start with a sign.
func ledgerCSV(rows [][]string) []byte {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF") // without it Excel reads the file as the local ANSI code page
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	var safe []string
	for _, r := range rows {
		safe = safe[:0]
		for _, c := range r {
			safe = append(safe, ledgerCSVSafe(c))
		}
		_ = w.Write(safe) // writing to a bytes.Buffer cannot fail
	}
	w.Flush()
	return buf.Bytes()
}

// pledgeLedgerRow is one line of the 承诺台账, every column as shown.
type pledgeLedgerRow struct {
	Number                             int
	Owner, Content, Category, Deadline string
	State, Progress, DoneAt, Review    string
}

func (r pledgeLedgerRow) csv() []string {
	return []string{strconv.Itoa(r.Number), r.Owner, r.Content, r.Category, r.Deadline, r.State, r.Progress, r.DoneAt, r.Review}
}

// pledgeLedgerRows lays out the pledges in ledger order, dates in loc.
func pledgeLedgerRows(l zhibu.PledgeLedger, loc *time.Location) []pledgeLedgerRow {
	progress := ledgerLatestProgress(l.Events)
	out := make([]pledgeLedgerRow, len(l.Pledges))
	for i, p := range l.Pledges {
		state := string(p.State)
		if p.Overdue(l.Now) {
			state = fmt.Sprintf(xlsPledgeOverdue, state)
		}
		out[i] = pledgeLedgerRow{
			Number: p.Number, Owner: l.Names[p.MemberID], Content: p.Content, Category: string(p.Category),
			Deadline: ledgerPledgeDate(p.Deadline, loc), State: state, Progress: progress[p.ID],
			DoneAt: ledgerPledgeDate(p.DoneAt, loc), Review: ledgerReview(p.Grade, p.Comment),
		}
	}
	return out
}

// ledgerLatestProgress is PledgeLedger.LatestProgress for every pledge in
// one pass: asking per pledge scans the whole history each time, which for
// 5,000 pledges is 125 million steps.
func ledgerLatestProgress(events []zhibu.PledgeEvent) map[int64]string {
	out := map[int64]string{}
	for _, e := range events {
		if e.Kind == zhibu.EventProgress {
			out[e.PledgeID] = e.Text
		}
	}
	return out
}

// ledgerPledgeTally counts the ledger's pledges for the 兑现率 block, with the
// same rules as the store's PledgeCounts.
func ledgerPledgeTally(l zhibu.PledgeLedger) zhibu.PledgeCounts {
	c := zhibu.PledgeCounts{Made: len(l.Pledges)}
	for _, p := range l.Pledges {
		if p.State.Public() {
			c.Published++
		}
		if p.State == zhibu.PledgeFulfilled {
			c.Fulfilled++
		}
		if p.State == zhibu.PledgeCannot {
			c.Cannot++
		}
		if p.Overdue(l.Now) {
			c.Overdue++
		}
	}
	return c
}

// ledgerPledgeDate is "2026-12-10" in loc, "" for the zero time.
func ledgerPledgeDate(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(xlsPledgeDate)
}

// ledgerReview is the 点评: "优秀：按时完成", the grade or the comment alone,
// or "" when there is neither.
func ledgerReview(g zhibu.Grade, comment string) string {
	switch {
	case g == "":
		return comment
	case comment == "":
		return string(g)
	}
	return fmt.Sprintf(xlsPledgeReview, g, comment)
}

// ledgerEvidence lists an event's files: "照片.jpg（120 KB）、说明.pdf（1.5 MB）".
// A photo has no file name on Telegram, so it is called 照片.
func ledgerEvidence(files []zhibu.Evidence) string {
	names := make([]string, len(files))
	for i, e := range files {
		name := e.FileName
		if name == "" {
			name = "文件"
			if e.Kind == "photo" {
				name = "照片"
			}
		}
		if e.Size > 0 {
			name = fmt.Sprintf(xlsPledgeFile, name, ledgerFileSize(e.Size))
		}
		names[i] = name
	}
	return strings.Join(names, xlsNameSep)
}

// ledgerFileSize is a file size as people read it: "512 B", "120 KB", "1.5 MB".
func ledgerFileSize(n int64) string {
	const k = 1024
	if n < k {
		return fmt.Sprintf("%d B", n)
	}
	if kb := (n + k/2) / k; kb < k {
		return fmt.Sprintf("%d KB", kb)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(k*k))
}
