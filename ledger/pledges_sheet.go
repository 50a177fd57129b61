package ledger

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

// Column widths in characters of "0"; a CJK character is about two.
var (
	pledgeWidths  = []float64{6, 12, 40, 10, 12, 16, 30, 12, 30}
	historyWidths = []float64{6, 12, 17, 12, 12, 50, 36}
)

// pledgesXLSX renders the 承诺台账 as an XLSX workbook: the ledger sheet,
// then the 履诺记录.
func pledgesXLSX(l zhibu.PledgeLedger, loc *time.Location) ([]byte, error) {
	f, err := newWorkbook(pledgeSheet)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := newPledgeStyles(f)
	if err != nil {
		return nil, err
	}
	if err := writePledges(f, st, l, loc); err != nil {
		return nil, err
	}
	if err := writeHistory(f, st, l, loc); err != nil {
		return nil, err
	}
	return workbookBytes(f)
}

// pledgeStyles are the attendance ledger's styles and a few of the pledge
// sheets' own: numbers at the top of tall wrapped rows, and the block's
// values aligned with their labels.
type pledgeStyles struct {
	styles
	number, value, valuePct int
}

func newPledgeStyles(f *excelize.File) (pledgeStyles, error) {
	base, err := newStyles(f)
	if err != nil {
		return pledgeStyles{}, err
	}
	st := pledgeStyles{styles: base}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center"}
	pct := "0.0%"
	for _, s := range []struct {
		id *int
		s  excelize.Style
	}{
		{&st.number, excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
		{&st.value, excelize.Style{Border: border, Alignment: left}},
		{&st.valuePct, excelize.Style{Border: border, Alignment: left, CustomNumFmt: &pct}},
	} {
		if *s.id, err = f.NewStyle(&s.s); err != nil {
			return pledgeStyles{}, fmt.Errorf("ledger: style: %w", err)
		}
	}
	return st, nil
}

// rowWriter streams a sheet's rows one after another.
type rowWriter struct {
	sw    *excelize.StreamWriter
	sheet string
	n     int // rows written, blank ones included
}

func (w *rowWriter) add(values []any, opts ...excelize.RowOpts) error {
	w.n++
	if err := w.sw.SetRow(cell(1, w.n), values, opts...); err != nil {
		return fmt.Errorf("ledger: sheet %q row %d: %w", w.sheet, w.n, err)
	}
	return nil
}

// newRowWriter opens a stream on sheet, sets the column widths and
// freezes the rows above frozenRows+1.
func newRowWriter(f *excelize.File, sheet string, widths []float64, frozenRows int) (*rowWriter, error) {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("ledger: sheet %q: %w", sheet, err)
	}
	panes := &excelize.Panes{Freeze: true, YSplit: frozenRows, TopLeftCell: cell(1, frozenRows+1), ActivePane: "bottomLeft"}
	if err := sw.SetPanes(panes); err != nil {
		return nil, fmt.Errorf("ledger: sheet %q panes: %w", sheet, err)
	}
	// Right to left, as in summaryLayout: the stream writer puts each new
	// width first and Excel wants them in ascending order.
	for i := len(widths) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, widths[i]); err != nil {
			return nil, fmt.Errorf("ledger: sheet %q widths: %w", sheet, err)
		}
	}
	return &rowWriter{sw: sw, sheet: sheet}, nil
}

// headRow is a header row in the head style.
func headRow(st pledgeStyles, cols []string) []any {
	out := make([]any, len(cols))
	for i, c := range cols {
		out[i] = excelize.Cell{StyleID: st.head, Value: c}
	}
	return out
}

// textCell is a text cell that wraps; blank text leaves the cell empty but bordered.
func textCell(st pledgeStyles, s string) excelize.Cell {
	if s == "" {
		return excelize.Cell{StyleID: st.text}
	}
	return excelize.Cell{StyleID: st.text, Value: s}
}

// writePledges writes the 承诺台账 sheet: a title, the header, a row per
// pledge, a blank row and the 兑现率 block. Rows are not given heights:
// Excel fits a row without one to its wrapped text when it opens the file.
func writePledges(f *excelize.File, st pledgeStyles, l zhibu.PledgeLedger, loc *time.Location) error {
	w, err := newRowWriter(f, pledgeSheet, pledgeWidths, 2)
	if err != nil {
		return err
	}
	title := fmt.Sprintf(pledgeTitle, l.Branch.Name, cntime.FormatDate(l.Now.In(loc)))
	if err := w.add([]any{excelize.Cell{StyleID: st.title, Value: title}}, excelize.RowOpts{Height: 24}); err != nil {
		return err
	}
	if err := w.add(headRow(st, pledgeCols)); err != nil {
		return err
	}
	for _, r := range pledgeRows(l, loc) {
		if err := w.add(r.xls(st)); err != nil {
			return err
		}
	}
	w.n++ // the blank row before the block
	merges := [][2]string{{"A1", cell(len(pledgeCols), 1)}}
	for _, r := range tallyRows(st, pledgeTally(l)) {
		if err := w.add(r); err != nil {
			return err
		}
		merges = append(merges, [2]string{cell(1, w.n), cell(2, w.n)})
	}
	for _, m := range merges {
		if err := w.sw.MergeCell(m[0], m[1]); err != nil {
			return fmt.Errorf("ledger: pledge sheet merge: %w", err)
		}
	}
	return w.sw.Flush()
}

// xls is the row as cells: the 编号 a number, the rest text.
func (r pledgeRow) xls(st pledgeStyles) []any {
	return []any{excelize.Cell{StyleID: st.number, Value: r.Number}, textCell(st, r.Owner), textCell(st, r.Content),
		textCell(st, r.Category), textCell(st, r.Deadline), textCell(st, r.State), textCell(st, r.Progress),
		textCell(st, r.DoneAt), textCell(st, r.Review)}
}

// tallyRows are the 兑现率 block: each label over columns A–B (merged by
// the caller) and its value in C. The rate is a fraction shown as a
// percentage, blank when nothing has been published.
func tallyRows(st pledgeStyles, c zhibu.PledgeCounts) [][]any {
	row := func(label string, style int, v any) []any {
		return []any{excelize.Cell{StyleID: st.label, Value: label}, excelize.Cell{StyleID: st.label}, excelize.Cell{StyleID: style, Value: v}}
	}
	var rate any
	if c.Published > 0 {
		rate = c.Rate()
	}
	return [][]any{
		row(tallyMade, st.value, c.Made),
		row(tallyPublic, st.value, c.Published),
		row(tallyDone, st.value, c.Fulfilled),
		row(tallyOverdue, st.value, c.Overdue),
		row(tallyCannot, st.value, c.Cannot),
		row(tallyRate, st.valuePct, rate),
	}
}

// writeHistory writes the 履诺记录 sheet: every event in the ledger's
// order, each with its pledge's 编号 and 责任人.
func writeHistory(f *excelize.File, st pledgeStyles, l zhibu.PledgeLedger, loc *time.Location) error {
	if _, err := f.NewSheet(historySheet); err != nil {
		return fmt.Errorf("ledger: sheet %q: %w", historySheet, err)
	}
	w, err := newRowWriter(f, historySheet, historyWidths, 1)
	if err != nil {
		return err
	}
	if err := w.add(headRow(st, historyCols)); err != nil {
		return err
	}
	byID := make(map[int64]zhibu.Pledge, len(l.Pledges))
	for _, p := range l.Pledges {
		byID[p.ID] = p
	}
	for _, e := range l.Events {
		p, ok := byID[e.PledgeID]
		var number any // blank for an event whose pledge the ledger lacks
		if ok {
			number = p.Number
		}
		row := []any{excelize.Cell{StyleID: st.number, Value: number}, textCell(st, l.Names[p.MemberID]),
			textCell(st, e.At.In(loc).Format(stampLayout)), textCell(st, string(e.Kind)), textCell(st, l.Names[e.ActorID]),
			textCell(st, e.Text), textCell(st, evidence(e.Files))}
		if err := w.add(row); err != nil {
			return err
		}
	}
	return w.sw.Flush()
}
