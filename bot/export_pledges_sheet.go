package bot

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

// Column widths in characters of "0"; a CJK character is about two.
var (
	xlsPledgeWidths   = []float64{6, 12, 40, 10, 12, 16, 30, 12, 30}
	xlsPledgeEvWidths = []float64{6, 12, 17, 12, 12, 50, 36}
)

// Labels of the 兑现率 block under the ledger.
const (
	xlsPledgeMade      = "承诺总数"
	xlsPledgePublished = "已公示"
	xlsPledgeFulfilled = "已兑现"
	xlsPledgeOverdueN  = "逾期"
	xlsPledgeCannot    = "无法兑现"
	xlsPledgeRate      = "兑现率"
)

// xlsPledgeStyles are the attendance export's styles and a few of the pledge
// sheets' own: numbers at the top of tall wrapped rows, and the block's
// values aligned with their labels.
type xlsPledgeStyles struct {
	ledgerStyles
	number, value, valuePct int
}

func newXLSPledgeStyles(f *excelize.File) (xlsPledgeStyles, error) {
	base, err := newLedgerStyles(f)
	if err != nil {
		return xlsPledgeStyles{}, err
	}
	st := xlsPledgeStyles{ledgerStyles: base}
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "top", Color: "999999", Style: 1},
		{Type: "right", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
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
			return xlsPledgeStyles{}, fmt.Errorf("export: style: %w", err)
		}
	}
	return st, nil
}

// xlsRows streams a sheet's rows one after another.
type xlsRows struct {
	sw    *excelize.StreamWriter
	sheet string
	n     int // rows written, blank ones included
}

func (w *xlsRows) add(values []any, opts ...excelize.RowOpts) error {
	w.n++
	if err := w.sw.SetRow(xlsCell(1, w.n), values, opts...); err != nil {
		return fmt.Errorf("export: sheet %q row %d: %w", w.sheet, w.n, err)
	}
	return nil
}

// newXLSRows opens a stream on sheet, sets the column widths and freezes
// the rows above frozenRows+1.
func newXLSRows(f *excelize.File, sheet string, widths []float64, frozenRows int) (*xlsRows, error) {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("export: sheet %q: %w", sheet, err)
	}
	panes := &excelize.Panes{Freeze: true, YSplit: frozenRows, TopLeftCell: xlsCell(1, frozenRows+1), ActivePane: "bottomLeft"}
	if err := sw.SetPanes(panes); err != nil {
		return nil, fmt.Errorf("export: sheet %q panes: %w", sheet, err)
	}
	// Right to left, as in xlsSummaryLayout: the stream writer puts each new
	// width first and Excel wants them in ascending order.
	for i := len(widths) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, widths[i]); err != nil {
			return nil, fmt.Errorf("export: sheet %q widths: %w", sheet, err)
		}
	}
	return &xlsRows{sw: sw, sheet: sheet}, nil
}

// xlsHeadRow is a header row in the head style.
func xlsHeadRow(st xlsPledgeStyles, cols []string) []any {
	out := make([]any, len(cols))
	for i, c := range cols {
		out[i] = excelize.Cell{StyleID: st.head, Value: c}
	}
	return out
}

// xlsText is a text cell that wraps; blank text leaves the cell empty but bordered.
func xlsText(st xlsPledgeStyles, s string) excelize.Cell {
	if s == "" {
		return excelize.Cell{StyleID: st.text}
	}
	return excelize.Cell{StyleID: st.text, Value: s}
}

// xlsWritePledges writes the 承诺台账 sheet: a title, the header, a row per
// pledge, a blank row and the 兑现率 block. Rows are not given heights:
// Excel fits a row without one to its wrapped text when it opens the file.
func xlsWritePledges(f *excelize.File, st xlsPledgeStyles, l zhibu.PledgeLedger, loc *time.Location) error {
	w, err := newXLSRows(f, xlsPledgeSheet, xlsPledgeWidths, 2)
	if err != nil {
		return err
	}
	title := fmt.Sprintf(xlsPledgeTitle, l.Branch.Name, cntime.FormatDate(l.Now.In(loc)))
	if err := w.add([]any{excelize.Cell{StyleID: st.title, Value: title}}, excelize.RowOpts{Height: 24}); err != nil {
		return err
	}
	if err := w.add(xlsHeadRow(st, xlsPledgeCols)); err != nil {
		return err
	}
	for _, r := range pledgeLedgerRows(l, loc) {
		if err := w.add(r.xls(st)); err != nil {
			return err
		}
	}
	w.n++ // the blank row before the block
	merges := [][2]string{{"A1", xlsCell(len(xlsPledgeCols), 1)}}
	for _, r := range xlsPledgeTallyRows(st, ledgerPledgeTally(l)) {
		if err := w.add(r); err != nil {
			return err
		}
		merges = append(merges, [2]string{xlsCell(1, w.n), xlsCell(2, w.n)})
	}
	for _, m := range merges {
		if err := w.sw.MergeCell(m[0], m[1]); err != nil {
			return fmt.Errorf("export: pledge sheet merge: %w", err)
		}
	}
	return w.sw.Flush()
}

// xls is the row as cells: the 编号 a number, the rest text.
func (r pledgeLedgerRow) xls(st xlsPledgeStyles) []any {
	return []any{excelize.Cell{StyleID: st.number, Value: r.Number}, xlsText(st, r.Owner), xlsText(st, r.Content),
		xlsText(st, r.Category), xlsText(st, r.Deadline), xlsText(st, r.State), xlsText(st, r.Progress),
		xlsText(st, r.DoneAt), xlsText(st, r.Review)}
}

// xlsPledgeTallyRows are the 兑现率 block: each label over columns A–B (merged
// by the caller) and its value in C. The rate is a fraction shown as a
// percentage, blank when nothing has been published.
func xlsPledgeTallyRows(st xlsPledgeStyles, c zhibu.PledgeCounts) [][]any {
	row := func(label string, style int, v any) []any {
		return []any{excelize.Cell{StyleID: st.label, Value: label}, excelize.Cell{StyleID: st.label}, excelize.Cell{StyleID: style, Value: v}}
	}
	var rate any
	if c.Published > 0 {
		rate = c.Rate()
	}
	return [][]any{
		row(xlsPledgeMade, st.value, c.Made),
		row(xlsPledgePublished, st.value, c.Published),
		row(xlsPledgeFulfilled, st.value, c.Fulfilled),
		row(xlsPledgeOverdueN, st.value, c.Overdue),
		row(xlsPledgeCannot, st.value, c.Cannot),
		row(xlsPledgeRate, st.valuePct, rate),
	}
}

// xlsWritePledgeEvents writes the 履诺记录 sheet: every event in the
// ledger's order, each with its pledge's 编号 and 责任人.
func xlsWritePledgeEvents(f *excelize.File, st xlsPledgeStyles, l zhibu.PledgeLedger, loc *time.Location) error {
	if _, err := f.NewSheet(xlsPledgeHistory); err != nil {
		return fmt.Errorf("export: sheet %q: %w", xlsPledgeHistory, err)
	}
	w, err := newXLSRows(f, xlsPledgeHistory, xlsPledgeEvWidths, 1)
	if err != nil {
		return err
	}
	if err := w.add(xlsHeadRow(st, xlsPledgeEvCols)); err != nil {
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
		row := []any{excelize.Cell{StyleID: st.number, Value: number}, xlsText(st, l.Names[p.MemberID]),
			xlsText(st, e.At.In(loc).Format(xlsStamp)), xlsText(st, string(e.Kind)), xlsText(st, l.Names[e.ActorID]),
			xlsText(st, e.Text), xlsText(st, ledgerEvidence(e.Files))}
		if err := w.add(row); err != nil {
			return err
		}
	}
	return w.sw.Flush()
}
