package bot

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

// Headings of a meeting's sheet, laid out like a paper 会议记录 (docs/domain.md §4).
const (
	xlsRecordTitle  = "%s 会议记录（#%d）"
	xlsBackfilled   = "%s（补录）"
	xlsUnset        = "未填写"
	xlsNobody       = "无"
	xlsNameSep      = "、"
	xlsWithReason   = "%s（%s）"
	xlsNoReason     = "无故"
	xlsRejected     = "请假未获批准"
	xlsQuorumVote   = "有表决权党员应到 %d 人，实到 %d 人，超过半数：%s；选举（超过五分之四）：%s"
	xlsQuorumCommit = "支委应到 %d，实到 %d，超过半数：%s"
	xlsVersions     = "第%d版，共%d版（%s）"
	xlsVersion      = "第%d版"
	xlsNoMinutes    = "未录入"
	xlsStamp        = "2006-01-02 15:04"
)

// xlsMaxSheetName is Excel's limit on a sheet name, in UTF-16 code units.
const xlsMaxSheetName = 31

// ledgerField is one label/value line of a 会议记录 sheet. Long values
// (minutes) wrap in a tall row.
type ledgerField struct {
	Label string
	Value any
	Long  bool
}

// ledgerRecordFields lays out a closed meeting's 会议记录, times shown in loc.
func ledgerRecordFields(rec zhibu.Record, loc *time.Location) []ledgerField {
	out := ledgerHeaderFields(rec.Meeting, rec.Host, rec.Recorder, loc)
	out = append(out, ledgerAttendanceFields(rec)...)
	return append(out, ledgerMinutesFields(rec, loc)...)
}

func ledgerHeaderFields(m zhibu.Meeting, host, recorder string, loc *time.Location) []ledgerField {
	kind := string(m.Type)
	if m.Backfilled {
		kind = fmt.Sprintf(xlsBackfilled, kind)
	}
	out := []ledgerField{{Label: "会议类型", Value: kind}}
	if m.Group != "" {
		out = append(out, ledgerField{Label: "党小组", Value: m.Group})
	}
	out = append(out,
		ledgerField{Label: "日期", Value: cntime.FormatLongDay(m.Start.In(loc))},
		ledgerField{Label: "时间", Value: cntime.FormatClockRange(m.Start.In(loc), m.End.In(loc))},
		ledgerField{Label: "地点", Value: ledgerOrUnset(m.Place)},
		ledgerField{Label: "主持人", Value: ledgerOrUnset(host)},
		ledgerField{Label: "记录人", Value: ledgerOrUnset(recorder)})
	if m.Type == zhibu.MeetingLecture {
		out = append(out, ledgerField{Label: "主讲人", Value: ledgerOrUnset(m.Lecturer)})
	}
	return append(out, ledgerField{Label: "议题", Value: ledgerOrUnset(m.Topic), Long: true})
}

func ledgerAttendanceFields(rec zhibu.Record) []ledgerField {
	g := ledgerAttendees(rec.Records)
	out := []ledgerField{
		{Label: "应到人数", Value: rec.Tally.Expected},
		{Label: "实到人数", Value: rec.Tally.Present},
		{Label: "出席人员", Value: ledgerNames(g.present)},
		{Label: "迟到", Value: ledgerNames(g.late)},
		{Label: "请假人员", Value: ledgerNames(g.leave)},
		{Label: "缺席人员", Value: ledgerNames(g.absent)},
		{Label: "列席人员", Value: ledgerNames(g.observers)},
	}
	if q := ledgerQuorum(rec.Meeting.Type, rec.Tally); q != "" {
		out = append(out, ledgerField{Label: "表决条件", Value: q})
	}
	return out
}

// ledgerPeople are a meeting's people by outcome; present includes the late.
type ledgerPeople struct{ present, late, leave, absent, observers []string }

// ledgerAttendees sorts closed records by outcome. A rejected leave was
// closed as 缺席 and says so; an expected record without an outcome counts
// as absent rather than vanishing.
func ledgerAttendees(rs []zhibu.Attendance) ledgerPeople {
	var g ledgerPeople
	for _, a := range rs {
		switch {
		case a.Observer || a.Outcome == zhibu.OutcomeObserver:
			g.observers = append(g.observers, a.Name)
		case a.Outcome == zhibu.OutcomePresent:
			g.present = append(g.present, a.Name)
		case a.Outcome == zhibu.OutcomeLate:
			g.present = append(g.present, a.Name)
			g.late = append(g.late, a.Name)
		case a.Outcome == zhibu.OutcomeLeave:
			g.leave = append(g.leave, ledgerWithReason(a.Name, a.LeaveReason))
		case a.LeaveRejected:
			g.absent = append(g.absent, ledgerWithReason(a.Name, xlsRejected))
		default:
			g.absent = append(g.absent, ledgerWithReason(a.Name, xlsNoReason))
		}
	}
	return g
}

// ledgerQuorum is the 表决条件 line of a 党员大会 or 支委会, "" for other types.
func ledgerQuorum(t zhibu.MeetingType, tl zhibu.Tally) string {
	switch t {
	case zhibu.MeetingGeneral:
		return fmt.Sprintf(xlsQuorumVote, tl.VotingExpected, tl.VotingPresent, ledgerYesNo(tl.CanVote()), ledgerYesNo(tl.CanElect()))
	case zhibu.MeetingCommittee:
		return fmt.Sprintf(xlsQuorumCommit, tl.VotingExpected, tl.VotingPresent, ledgerYesNo(tl.CanVote()))
	}
	return ""
}

// ledgerMinutesFields shows the latest version's text, then the earlier versions
// oldest first, each with its time and author: nothing is rewritten silently.
func ledgerMinutesFields(rec zhibu.Record, loc *time.Location) []ledgerField {
	vs := rec.Minutes
	if len(vs) == 0 {
		return []ledgerField{{Label: "会议记录", Value: xlsNoMinutes}, {Label: "记录版本", Value: xlsNobody}}
	}
	latest := 0
	for i, v := range vs {
		if v.Version >= vs[latest].Version {
			latest = i
		}
	}
	authors := ledgerAuthors(rec)
	stamp := func(v zhibu.Minutes) string {
		return strings.TrimSpace(v.CreatedAt.In(loc).Format(xlsStamp) + " " + authors[v.AuthorID])
	}
	out := []ledgerField{
		{Label: "会议记录", Value: vs[latest].Text, Long: true},
		{Label: "记录版本", Value: fmt.Sprintf(xlsVersions, vs[latest].Version, len(vs), stamp(vs[latest]))},
	}
	for i, v := range vs {
		if i != latest {
			out = append(out, ledgerField{Label: fmt.Sprintf(xlsVersion, v.Version), Value: stamp(v) + "\n" + v.Text, Long: true})
		}
	}
	return out
}

// ledgerAuthors maps member ids to names from what the record knows.
func ledgerAuthors(rec zhibu.Record) map[int64]string {
	names := map[int64]string{}
	for _, a := range rec.Records {
		if a.MemberID != 0 {
			names[a.MemberID] = a.Name
		}
	}
	names[rec.Meeting.HostID], names[rec.Meeting.RecorderID] = rec.Host, rec.Recorder
	delete(names, 0)
	return names
}

func ledgerWithReason(name, reason string) string {
	if reason == "" {
		return name
	}
	return fmt.Sprintf(xlsWithReason, name, reason)
}

func ledgerNames(names []string) string {
	if len(names) == 0 {
		return xlsNobody
	}
	return strings.Join(names, xlsNameSep)
}

func ledgerOrUnset(s string) string {
	if s == "" {
		return xlsUnset
	}
	return s
}

func ledgerYesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// xlsWriteRecord writes one meeting's 会议记录 as label/value rows under a
// title. Every sheet is streamed: a five-year ledger has thousands.
func xlsWriteRecord(f *excelize.File, st ledgerStyles, sheet, branch string, rec zhibu.Record, loc *time.Location) error {
	if _, err := f.NewSheet(sheet); err != nil {
		return fmt.Errorf("export: sheet %q: %w", sheet, err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("export: sheet %q: %w", sheet, err)
	}
	if err := sw.SetColWidth(2, 2, xlsValueWidth); err != nil { // right to left, as in xlsSummaryLayout
		return err
	}
	if err := sw.SetColWidth(1, 1, 14); err != nil {
		return err
	}
	title := fmt.Sprintf(xlsRecordTitle, branch, rec.Meeting.Number)
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: title}}, excelize.RowOpts{Height: 24}); err != nil {
		return err
	}
	for i, fl := range ledgerRecordFields(rec, loc) {
		row := []any{excelize.Cell{StyleID: st.label, Value: fl.Label}, excelize.Cell{StyleID: st.text, Value: fl.Value}}
		var opts []excelize.RowOpts
		if s, ok := fl.Value.(string); ok && fl.Long {
			opts = append(opts, excelize.RowOpts{Height: xlsRowHeight(s)})
		}
		if err := sw.SetRow(xlsCell(1, i+2), row, opts...); err != nil {
			return fmt.Errorf("export: sheet %q row %d: %w", sheet, i+2, err)
		}
	}
	if err := sw.MergeCell("A1", "B1"); err != nil {
		return err
	}
	return sw.Flush()
}

// xlsValueWidth is the width of the value column, in characters of "0".
const xlsValueWidth = 80

// xlsRowHeight guesses the points a wrapped text needs in the value column: a
// CJK character is about two "0" wide. Excel caps rows at 409 points.
func xlsRowHeight(s string) float64 {
	lines := 0
	for _, para := range strings.Split(s, "\n") {
		w := 0
		for _, r := range para {
			w++
			if r >= 0x2E80 {
				w++
			}
		}
		lines += max(1, (w+xlsValueWidth-1)/xlsValueWidth)
	}
	return min(409, max(20, 15*float64(lines)+4))
}

// ledgerSheetNames names each meeting's sheet "#12 支委会 11-25": valid
// for Excel (no []:*?/\, at most 31 units) and unique, case-insensitively,
// also against the taken names.
func ledgerSheetNames(recs []zhibu.Record, loc *time.Location, taken ...string) []string {
	used := map[string]bool{}
	for _, t := range taken {
		used[strings.ToLower(t)] = true
	}
	out := make([]string, len(recs))
	for i, rec := range recs {
		m := rec.Meeting
		base := xlsSheetName(fmt.Sprintf("#%d %s %s", m.Number, m.Type, m.Start.In(loc).Format("01-02")))
		name := base
		for n := 2; used[strings.ToLower(name)]; n++ {
			suffix := fmt.Sprintf(" (%d)", n)
			name = xlsTruncUTF16(base, xlsMaxSheetName-len(suffix)) + suffix
		}
		used[strings.ToLower(name)] = true
		out[i] = name
	}
	return out
}

// xlsSheetName replaces the characters Excel forbids, drops apostrophes
// at either end and cuts the name to Excel's length.
func xlsSheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, s)
	s = xlsTruncUTF16(strings.Trim(s, "'"), xlsMaxSheetName)
	if s = strings.Trim(s, "'"); s == "" {
		return "_"
	}
	return s
}

// xlsTruncUTF16 cuts s to at most n UTF-16 code units without splitting a character.
func xlsTruncUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		if units += utf16.RuneLen(r); units > n {
			return s[:i]
		}
	}
	return s
}

// ledgerStyles are the workbook's cell styles.
type ledgerStyles struct {
	title, head, name, num, pct, totalName, totalNum, totalPct, label, text int
}

func newLedgerStyles(f *excelize.File) (ledgerStyles, error) {
	var st ledgerStyles
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "top", Color: "999999", Style: 1},
		{Type: "right", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	bold := &excelize.Font{Bold: true}
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}
	pct := "0.0%"
	for _, s := range []struct {
		id *int
		s  excelize.Style
	}{
		{&st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: center}},
		{&st.head, excelize.Style{Font: bold, Border: border, Fill: fill, Alignment: center}},
		{&st.name, excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&st.num, excelize.Style{Border: border, Alignment: center}},
		{&st.pct, excelize.Style{Border: border, Alignment: center, CustomNumFmt: &pct}},
		{&st.totalName, excelize.Style{Font: bold, Border: border, Fill: fill}},
		{&st.totalNum, excelize.Style{Font: bold, Border: border, Fill: fill, Alignment: center}},
		{&st.totalPct, excelize.Style{Font: bold, Border: border, Fill: fill, Alignment: center, CustomNumFmt: &pct}},
		{&st.label, excelize.Style{Font: bold, Border: border, Alignment: top}},
		{&st.text, excelize.Style{Border: border, Alignment: top}},
	} {
		id, err := f.NewStyle(&s.s)
		if err != nil {
			return ledgerStyles{}, fmt.Errorf("export: style: %w", err)
		}
		*s.id = id
	}
	return st, nil
}

// xlsCell is "B3" for column 2, row 3; both are small positive numbers here.
func xlsCell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}
