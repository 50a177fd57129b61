package bot

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/zhibu/zhibu"
)

// The attendance ledger (考勤台账) export: a workbook for an inspection with
// a 汇总 sheet and one 会议记录 sheet per meeting, and a CSV twin of 汇总.
// The texts are file headings, not chat messages, so they live here.
const (
	xlsSummarySheet = "汇总"
	xlsSummaryTitle = "%s 考勤汇总（%s）"
	xlsName         = "姓名"
	xlsTotal        = "合计"
	xlsRate         = "出席率"
)

// Column headings: four per meeting type, five totals before the rate.
var (
	xlsTypeCols  = []string{"应到", "实到", "请假", "缺席"}
	xlsTotalCols = []string{"应到", "实到", "迟到", "请假", "缺席"}
)

// attendanceXLSX renders the attendance ledger (考勤台账) of a period as an XLSX workbook.
func attendanceXLSX(l zhibu.Ledger, loc *time.Location) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(xlsFastZip)
	st, err := newLedgerStyles(f)
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", xlsSummarySheet); err != nil {
		return nil, fmt.Errorf("export: rename sheet: %w", err)
	}
	if err := xlsWriteSummary(f, st, l); err != nil {
		return nil, err
	}
	names := ledgerSheetNames(l.Meetings, loc, xlsSummarySheet)
	for i, rec := range l.Meetings {
		if err := xlsWriteRecord(f, st, names[i], l.Branch.Name, rec, loc); err != nil {
			return nil, err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("export: write workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// xlsFastZip compresses with flate.BestSpeed and one reused compressor: a
// five-year ledger has thousands of small sheets, and the default level
// costs about 15% of the export's time for a file 8% smaller.
func xlsFastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	fw, _ := flate.NewWriter(nil, flate.BestSpeed) // errors only on a bad level
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		fw.Reset(out) // zip closes each entry before it opens the next
		return fw, nil
	})
	return zw
}

// attendanceCSV renders the same summary as CSV that opens correctly in Excel: UTF-8 with BOM, CRLF.
func attendanceCSV(l zhibu.Ledger, loc *time.Location) []byte {
	s := ledgerSummarize(l.Summary)
	var buf bytes.Buffer
	buf.WriteString("\uFEFF") // without it Excel reads the file as the local ANSI code page
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	// Writing to a bytes.Buffer cannot fail, so the errors are not checked.
	_ = w.Write(s.csvHeader())
	for _, r := range s.Rows {
		_ = w.Write(s.csvRow(r))
	}
	_ = w.Write(s.csvRow(s.Total))
	w.Flush()
	return buf.Bytes()
}

// ledgerRow is one line of the 汇总 table: a member's counts per meeting
// type and over all types.
type ledgerRow struct {
	Name   string
	ByType map[zhibu.MeetingType]zhibu.MemberStats
	Total  zhibu.MemberStats
}

// ledgerSummary is the 汇总 table: the meeting types that occur, a row per
// member (worst first) and the branch total.
type ledgerSummary struct {
	Types []zhibu.MeetingType
	Rows  []ledgerRow
	Total ledgerRow
}

// ledgerSummarize folds the per-member-and-type statistics into one row per member.
func ledgerSummarize(stats []zhibu.MemberStats) ledgerSummary {
	type key struct {
		id   int64
		name string // only when there is no member id
	}
	s := ledgerSummary{Total: ledgerRow{Name: xlsTotal, ByType: map[zhibu.MeetingType]zhibu.MemberStats{}}}
	index := map[key]int{}
	seen := map[zhibu.MeetingType]bool{}
	for _, ms := range stats {
		k := key{id: ms.MemberID}
		if k.id == 0 {
			k.name = ms.Name
		}
		i, ok := index[k]
		if !ok {
			i = len(s.Rows)
			index[k] = i
			s.Rows = append(s.Rows, ledgerRow{Name: ms.Name, ByType: map[zhibu.MeetingType]zhibu.MemberStats{}})
		}
		s.Rows[i].add(ms)
		s.Total.add(ms)
		seen[ms.Type] = true
	}
	s.Types = ledgerTypes(seen)
	ledgerSort(s.Rows)
	return s
}

func (r *ledgerRow) add(ms zhibu.MemberStats) {
	r.ByType[ms.Type] = ledgerPlus(r.ByType[ms.Type], ms)
	r.Total = ledgerPlus(r.Total, ms)
}

// ledgerPlus adds b's counts to a's, keeping a's identity.
func ledgerPlus(a, b zhibu.MemberStats) zhibu.MemberStats {
	a.Expected, a.Present, a.Late = a.Expected+b.Expected, a.Present+b.Present, a.Late+b.Late
	a.Leave, a.Absent = a.Leave+b.Leave, a.Absent+b.Absent
	return a
}

// ledgerTypes lists the types seen in zhibu.MeetingTypes order; a type
// the list does not know goes last, so no count is dropped.
func ledgerTypes(seen map[zhibu.MeetingType]bool) []zhibu.MeetingType {
	var out, extra []zhibu.MeetingType
	for _, t := range zhibu.MeetingTypes {
		if seen[t] {
			out = append(out, t)
			delete(seen, t)
		}
	}
	for t := range seen {
		extra = append(extra, t)
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i] < extra[j] })
	return append(out, extra...)
}

// ledgerSort orders rows by attendance rate, lowest first, then by name.
// A member with nothing expected has no rate and goes last.
func ledgerSort(rows []ledgerRow) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].Total, rows[j].Total
		if (a.Expected == 0) != (b.Expected == 0) {
			return b.Expected == 0
		}
		if a.Rate() != b.Rate() {
			return a.Rate() < b.Rate()
		}
		return rows[i].Name < rows[j].Name
	})
}

// counts are a row's numbers in column order: four per type, then totals.
func (s ledgerSummary) counts(r ledgerRow) []int {
	out := make([]int, 0, 4*len(s.Types)+len(xlsTotalCols))
	for _, t := range s.Types {
		m := r.ByType[t]
		out = append(out, m.Expected, m.Present, m.Leave, m.Absent)
	}
	t := r.Total
	return append(out, t.Expected, t.Present, t.Late, t.Leave, t.Absent)
}

// columns is the number of columns of the 汇总 table.
func (s ledgerSummary) columns() int { return 1 + 4*len(s.Types) + len(xlsTotalCols) + 1 }

func (s ledgerSummary) csvHeader() []string {
	h := []string{xlsName}
	for _, t := range s.Types {
		for _, c := range xlsTypeCols {
			h = append(h, string(t)+" "+c)
		}
	}
	for _, c := range xlsTotalCols {
		h = append(h, xlsTotal+" "+c)
	}
	return append(h, xlsRate)
}

func (s ledgerSummary) csvRow(r ledgerRow) []string {
	out := []string{ledgerCSVSafe(r.Name)}
	for _, n := range s.counts(r) {
		out = append(out, strconv.Itoa(n))
	}
	rate := ""
	if r.Total.Expected > 0 {
		rate = fmt.Sprintf("%.1f%%", r.Total.Rate()*100)
	}
	return append(out, rate)
}

// ledgerCSVSafe keeps Excel from running a name such as "=HYPERLINK(…)" as a
// formula (CSV injection): such a cell gets a leading apostrophe.
func ledgerCSVSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// xlsWriteSummary writes the 汇总 sheet: a title, a two-row header with each
// type's columns under a merged type name, a row per member and the total.
func xlsWriteSummary(f *excelize.File, st ledgerStyles, l zhibu.Ledger) error {
	s := ledgerSummarize(l.Summary)
	sw, err := f.NewStreamWriter(xlsSummarySheet)
	if err != nil {
		return fmt.Errorf("export: summary sheet: %w", err)
	}
	if err := xlsSummaryLayout(sw, s.columns()); err != nil {
		return fmt.Errorf("export: summary layout: %w", err)
	}
	title := fmt.Sprintf(xlsSummaryTitle, l.Branch.Name, l.Period.Label)
	rows := append([][]any{{excelize.Cell{StyleID: st.title, Value: title}}}, s.headerRows(st)...)
	for _, r := range s.Rows {
		rows = append(rows, s.xlsRow(r, st, false))
	}
	rows = append(rows, s.xlsRow(s.Total, st, true))
	for i, r := range rows {
		if err := sw.SetRow(xlsCell(1, i+1), r); err != nil {
			return fmt.Errorf("export: summary row %d: %w", i+1, err)
		}
	}
	if err := s.mergeHeader(sw); err != nil {
		return fmt.Errorf("export: summary merge: %w", err)
	}
	return sw.Flush()
}

// xlsSummaryLayout sets widths and freezes the name column and the header.
func xlsSummaryLayout(sw *excelize.StreamWriter, cols int) error {
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 1, YSplit: 3, TopLeftCell: "B4", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	// Right to left: excelize puts each new width first, and Excel wants
	// the <col> elements in ascending order.
	if err := sw.SetColWidth(cols, cols, 9); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, cols-1, 7); err != nil {
		return err
	}
	return sw.SetColWidth(1, 1, 16)
}

// headerRows are rows 2 and 3: group names (merged later) and the counts'
// headings. Cells hidden by a merge carry the style so borders stay whole.
func (s ledgerSummary) headerRows(st ledgerStyles) [][]any {
	head := func(v string) any { return excelize.Cell{StyleID: st.head, Value: v} }
	top, sub := []any{head(xlsName)}, []any{head("")}
	for _, t := range s.Types {
		for i, c := range xlsTypeCols {
			top = append(top, head(xlsGroupHead(i, string(t))))
			sub = append(sub, head(c))
		}
	}
	for i, c := range xlsTotalCols {
		top = append(top, head(xlsGroupHead(i, xlsTotal)))
		sub = append(sub, head(c))
	}
	return [][]any{append(top, head(xlsRate)), append(sub, head(""))}
}

// xlsGroupHead is a group name for the group's first column, blank after it.
func xlsGroupHead(i int, name string) string {
	if i == 0 {
		return name
	}
	return ""
}

// mergeHeader merges the title across the table, 姓名 and 出席率 over two
// rows, and each group name over its columns.
func (s ledgerSummary) mergeHeader(sw *excelize.StreamWriter) error {
	last := s.columns()
	merges := [][2]string{{"A1", xlsCell(last, 1)}, {"A2", "A3"}, {xlsCell(last, 2), xlsCell(last, 3)}}
	col := 2
	for range s.Types {
		merges = append(merges, [2]string{xlsCell(col, 2), xlsCell(col+3, 2)})
		col += 4
	}
	merges = append(merges, [2]string{xlsCell(col, 2), xlsCell(col+len(xlsTotalCols)-1, 2)})
	for _, m := range merges {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return err
		}
	}
	return nil
}

// xlsRow is a member's (or the total's) row: numbers as numbers and the
// rate as a fraction shown as a percentage, blank when nothing was expected.
func (s ledgerSummary) xlsRow(r ledgerRow, st ledgerStyles, total bool) []any {
	nameStyle, numStyle, pctStyle := st.name, st.num, st.pct
	if total {
		nameStyle, numStyle, pctStyle = st.totalName, st.totalNum, st.totalPct
	}
	out := []any{excelize.Cell{StyleID: nameStyle, Value: r.Name}}
	for _, n := range s.counts(r) {
		out = append(out, excelize.Cell{StyleID: numStyle, Value: n})
	}
	var rate any
	if r.Total.Expected > 0 {
		rate = r.Total.Rate()
	}
	return append(out, excelize.Cell{StyleID: pctStyle, Value: rate})
}
