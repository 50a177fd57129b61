package ledger

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/zhibu/zhibu"
)

// attendanceXLSX renders the 考勤台账 of a period as an XLSX workbook: the
// 汇总 sheet, then a 会议记录 sheet per meeting.
func attendanceXLSX(l zhibu.Ledger, loc *time.Location) ([]byte, error) {
	f, err := newWorkbook(summarySheet)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	if err := writeSummary(f, st, l); err != nil {
		return nil, err
	}
	names := sheetNames(l.Meetings, loc, summarySheet)
	for i, rec := range l.Meetings {
		if err := writeRecord(f, st, names[i], l.Branch.Name, rec, loc); err != nil {
			return nil, err
		}
	}
	return workbookBytes(f)
}

// attendanceCSV renders the 汇总 as CSV for Excel, names formula-safe.
func attendanceCSV(l zhibu.Ledger) []byte {
	s := summarize(l.Summary)
	rows := [][]string{s.csvHeader()}
	for _, r := range s.Rows {
		rows = append(rows, s.csvRow(r))
	}
	return writeCSV(append(rows, s.csvRow(s.Total)))
}

// summaryRow is one line of the 汇总 table: a member's counts per meeting
// type and over all types.
type summaryRow struct {
	Name   string
	ByType map[zhibu.MeetingType]zhibu.MemberStats
	Total  zhibu.MemberStats
}

// summary is the 汇总 table: the meeting types that occur, a row per
// member (worst first) and the branch total.
type summary struct {
	Types []zhibu.MeetingType
	Rows  []summaryRow
	Total summaryRow
}

// summarize folds the per-member-and-type statistics into one row per member.
func summarize(stats []zhibu.MemberStats) summary {
	type key struct {
		id   int64
		name string // only when there is no member id
	}
	s := summary{Total: summaryRow{Name: colTotal, ByType: map[zhibu.MeetingType]zhibu.MemberStats{}}}
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
			s.Rows = append(s.Rows, summaryRow{Name: ms.Name, ByType: map[zhibu.MeetingType]zhibu.MemberStats{}})
		}
		s.Rows[i].add(ms)
		s.Total.add(ms)
		seen[ms.Type] = true
	}
	s.Types = typesInOrder(seen)
	sortRows(s.Rows)
	return s
}

func (r *summaryRow) add(ms zhibu.MemberStats) {
	r.ByType[ms.Type] = plus(r.ByType[ms.Type], ms)
	r.Total = plus(r.Total, ms)
}

// plus adds b's counts to a's, keeping a's identity.
func plus(a, b zhibu.MemberStats) zhibu.MemberStats {
	a.Expected, a.Present, a.Late = a.Expected+b.Expected, a.Present+b.Present, a.Late+b.Late
	a.Leave, a.Absent = a.Leave+b.Leave, a.Absent+b.Absent
	return a
}

// typesInOrder lists the types seen in zhibu.MeetingTypes order; a type
// the list does not know goes last, so no count is dropped.
func typesInOrder(seen map[zhibu.MeetingType]bool) []zhibu.MeetingType {
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

// sortRows orders rows by attendance rate, lowest first, then by name.
// A member with nothing expected has no rate and goes last.
func sortRows(rows []summaryRow) {
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
func (s summary) counts(r summaryRow) []int {
	out := make([]int, 0, 4*len(s.Types)+len(totalCols))
	for _, t := range s.Types {
		m := r.ByType[t]
		out = append(out, m.Expected, m.Present, m.Leave, m.Absent)
	}
	t := r.Total
	return append(out, t.Expected, t.Present, t.Late, t.Leave, t.Absent)
}

// columns is the number of columns of the 汇总 table.
func (s summary) columns() int { return 1 + 4*len(s.Types) + len(totalCols) + 1 }

func (s summary) csvHeader() []string {
	h := []string{colName}
	for _, t := range s.Types {
		for _, c := range typeCols {
			h = append(h, string(t)+" "+c)
		}
	}
	for _, c := range totalCols {
		h = append(h, colTotal+" "+c)
	}
	return append(h, colRate)
}

func (s summary) csvRow(r summaryRow) []string {
	out := []string{csvSafe(r.Name)}
	for _, n := range s.counts(r) {
		out = append(out, strconv.Itoa(n))
	}
	rate := ""
	if r.Total.Expected > 0 {
		rate = fmt.Sprintf("%.1f%%", r.Total.Rate()*100)
	}
	return append(out, rate)
}

// writeSummary writes the 汇总 sheet: a title, a two-row header with each
// type's columns under a merged type name, a row per member and the total.
func writeSummary(f *excelize.File, st styles, l zhibu.Ledger) error {
	s := summarize(l.Summary)
	sw, err := f.NewStreamWriter(summarySheet)
	if err != nil {
		return fmt.Errorf("ledger: summary sheet: %w", err)
	}
	if err := summaryLayout(sw, s.columns()); err != nil {
		return fmt.Errorf("ledger: summary layout: %w", err)
	}
	title := fmt.Sprintf(summaryTitle, l.Branch.Name, l.Period.Label)
	rows := append([][]any{{excelize.Cell{StyleID: st.title, Value: title}}}, s.headerRows(st)...)
	for _, r := range s.Rows {
		rows = append(rows, s.xlsRow(r, st, false))
	}
	rows = append(rows, s.xlsRow(s.Total, st, true))
	for i, r := range rows {
		if err := sw.SetRow(cell(1, i+1), r); err != nil {
			return fmt.Errorf("ledger: summary row %d: %w", i+1, err)
		}
	}
	if err := s.mergeHeader(sw); err != nil {
		return fmt.Errorf("ledger: summary merge: %w", err)
	}
	return sw.Flush()
}

// summaryLayout sets widths and freezes the name column and the header.
func summaryLayout(sw *excelize.StreamWriter, cols int) error {
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
func (s summary) headerRows(st styles) [][]any {
	head := func(v string) any { return excelize.Cell{StyleID: st.head, Value: v} }
	top, sub := []any{head(colName)}, []any{head("")}
	for _, t := range s.Types {
		for i, c := range typeCols {
			top = append(top, head(groupHead(i, string(t))))
			sub = append(sub, head(c))
		}
	}
	for i, c := range totalCols {
		top = append(top, head(groupHead(i, colTotal)))
		sub = append(sub, head(c))
	}
	return [][]any{append(top, head(colRate)), append(sub, head(""))}
}

// groupHead is a group name for the group's first column, blank after it.
func groupHead(i int, name string) string {
	if i == 0 {
		return name
	}
	return ""
}

// mergeHeader merges the title across the table, 姓名 and 出席率 over two
// rows, and each group name over its columns.
func (s summary) mergeHeader(sw *excelize.StreamWriter) error {
	last := s.columns()
	merges := [][2]string{{"A1", cell(last, 1)}, {"A2", "A3"}, {cell(last, 2), cell(last, 3)}}
	col := 2
	for range s.Types {
		merges = append(merges, [2]string{cell(col, 2), cell(col+3, 2)})
		col += 4
	}
	merges = append(merges, [2]string{cell(col, 2), cell(col+len(totalCols)-1, 2)})
	for _, m := range merges {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return err
		}
	}
	return nil
}

// xlsRow is a member's (or the total's) row: numbers as numbers and the
// rate as a fraction shown as a percentage, blank when nothing was expected.
func (s summary) xlsRow(r summaryRow, st styles, total bool) []any {
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
