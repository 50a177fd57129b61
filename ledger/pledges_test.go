package ledger

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/zhibu/zhibu"
)

// newTestPledgeLedger is a branch's 承诺台账 on 2026-11-21: seven pledges
// of three members, one in each state, one published pledge overdue.
func newTestPledgeLedger(t *testing.T) zhibu.PledgeLedger {
	t.Helper()
	loc := mustShanghai(t)
	day := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 23, 59, 0, 0, loc) }
	at := func(m, d, h, mi int) time.Time { return time.Date(2026, time.Month(m), d, h, mi, 0, 0, loc) }
	zhang, li, wang := zhangSan.id, liMing.id, wangFang.id
	pl := func(id int64, n int, member int64, content string, cat zhibu.Category, deadline time.Time, s zhibu.PledgeState) zhibu.Pledge {
		return zhibu.Pledge{ID: id, BranchID: 1, Number: n, MemberID: member, Content: content, Category: cat, Deadline: deadline, State: s}
	}
	served := pl(12, 4, zhang, "每月走访困难群众两户", zhibu.CategoryService, day(6, 30), zhibu.PledgeFulfilled)
	served.DoneAt, served.Grade, served.Comment = at(6, 28, 16, 0), zhibu.GradeExcellent, "按时完成，群众反映好"
	pledges := []zhibu.Pledge{
		pl(11, 1, zhang, "带头完成年度业务指标", zhibu.CategoryPost, day(12, 31), zhibu.PledgePublished),
		served,
		pl(21, 2, li, "=1+1 每周学习党史 <&>", zhibu.CategoryStudy, day(10, 31), zhibu.PledgePublished),
		pl(22, 5, li, "建好党员活动室\n每月开放两次 🚩", zhibu.CategoryOrganization, time.Time{}, zhibu.PledgePending),
		pl(31, 3, wang, "组织青年志愿服务", zhibu.CategoryOther, day(9, 30), zhibu.PledgeCannot),
		pl(32, 6, wang, "读完三本书", zhibu.CategoryStudy, day(12, 10), zhibu.PledgeReturned),
		pl(33, 7, wang, "结对帮扶一名入党积极分子", zhibu.CategoryPost, day(11, 30), zhibu.PledgeClaimed),
	}
	ev := func(pledge int64, kind zhibu.EventKind, actor int64, text string, when time.Time, files ...zhibu.Evidence) zhibu.PledgeEvent {
		return zhibu.PledgeEvent{PledgeID: pledge, Kind: kind, ActorID: actor, Text: text, At: when, Files: files}
	}
	events := []zhibu.PledgeEvent{
		ev(11, zhibu.EventCreated, zhang, "带头完成年度业务指标", at(3, 1, 9, 0)),
		ev(11, zhibu.EventApproved, zhang, "", at(3, 2, 10, 0)),
		ev(11, zhibu.EventProgress, zhang, "完成 60%", at(9, 1, 20, 0)),
		ev(11, zhibu.EventProgress, zhang, "完成 80%\n下月冲刺 <&> 🚀", at(11, 21, 19, 5)),
		ev(12, zhibu.EventCreated, zhang, "每月走访困难群众两户", at(3, 1, 9, 5)),
		ev(12, zhibu.EventProgress, zhang, "走访两户，记录见附件", at(6, 20, 10, 30),
			zhibu.Evidence{FileID: "f1", FileName: "照片.jpg", Size: 120 * 1024, Kind: "photo"},
			zhibu.Evidence{FileID: "f2", FileName: "走访<记录>&.docx", Size: 1536 * 1024, Kind: "document"}),
		ev(12, zhibu.EventConfirmed, li, "", at(6, 28, 16, 0)),
		ev(12, zhibu.EventReviewed, li, "优秀：按时完成，群众反映好", at(7, 1, 9, 0)),
		ev(21, zhibu.EventCreated, li, "=1+1 每周学习党史 <&>", at(3, 3, 8, 0)),
		ev(31, zhibu.EventCannot, wang, "工作调动，无法继续", at(9, 15, 18, 0)),
		ev(33, zhibu.EventClaimed, wang, "已结对", at(11, 20, 21, 0), zhibu.Evidence{FileID: "f3", Size: 300, Kind: "document"}),
	}
	return zhibu.PledgeLedger{
		Branch:  zhibu.Branch{ID: 1, Name: "第一党支部", TimeZone: zhibu.DefaultTimeZone},
		Now:     at(11, 21, 19, 30),
		Names:   map[int64]string{zhang: zhangSan.name, li: liMing.name, wang: wangFang.name},
		Pledges: pledges,
		Events:  events,
	}
}

func mustOpenPledges(t *testing.T, l zhibu.PledgeLedger) *excelize.File {
	t.Helper()
	b, err := pledgesXLSX(l, mustShanghai(t))
	if err != nil {
		t.Fatalf("pledgesXLSX() error = %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("excelize.OpenReader() error = %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// mustRows reads a sheet as Excel shows it, each row padded to n cells.
func mustRows(t *testing.T, f *excelize.File, sheet string, n int) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("GetRows(%q) error = %v", sheet, err)
	}
	for i, r := range rows {
		for len(r) < n {
			r = append(r, "")
		}
		rows[i] = r
	}
	return rows
}

// pledgeRowsWant is the test ledger's table, header first.
var pledgeRowsWant = [][]string{
	{"编号", "责任人", "内容", "类别", "时限", "状态", "进度", "兑现日期", "点评"},
	{"1", "张三", "带头完成年度业务指标", "岗位", "2026-12-31", "已公示", "完成 80%\n下月冲刺 <&> 🚀", "", ""},
	{"4", "张三", "每月走访困难群众两户", "服务群众", "2026-06-30", "已兑现", "走访两户，记录见附件", "2026-06-28", "优秀：按时完成，群众反映好"},
	{"2", "李<&>明", "=1+1 每周学习党史 <&>", "学习", "2026-10-31", "已公示（逾期）", "", "", ""},
	{"5", "李<&>明", "建好党员活动室\n每月开放两次 🚩", "组织建设", "", "待审", "", "", ""},
	{"3", "王🌟芳", "组织青年志愿服务", "其他", "2026-09-30", "无法兑现", "", "", ""},
	{"6", "王🌟芳", "读完三本书", "学习", "2026-12-10", "已退回", "", "", ""},
	{"7", "王🌟芳", "结对帮扶一名入党积极分子", "岗位", "2026-11-30", "待确认", "", "", ""},
}

func TestPledgesXLSXLedger(t *testing.T) {
	f := mustOpenPledges(t, newTestPledgeLedger(t))
	if diff := cmp.Diff([]string{"承诺台账", "履诺记录"}, f.GetSheetList()); diff != "" {
		t.Fatalf("sheets (-want +got):\n%s", diff)
	}
	rows := mustRows(t, f, "承诺台账", 9)
	if got, want := rows[0][0], "第一党支部 承诺台账（截至 2026年11月21日）"; got != want {
		t.Errorf("A1 = %q, want %q", got, want)
	}
	if diff := cmp.Diff(pledgeRowsWant, rows[1:9]); diff != "" {
		t.Errorf("ledger rows (-want +got):\n%s", diff)
	}
	if typ, err := f.GetCellType("承诺台账", "A3"); err != nil || typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
		t.Errorf("GetCellType(A3) = %v, %v, want a number", typ, err)
	}
	// Then a blank row and the 兑现率 block: 5 published, 1 fulfilled.
	wantBlock := [][]string{
		{"", "", "", "", "", "", "", "", ""},
		{"承诺总数", "", "7", "", "", "", "", "", ""},
		{"已公示", "", "5", "", "", "", "", "", ""},
		{"已兑现", "", "1", "", "", "", "", "", ""},
		{"逾期", "", "1", "", "", "", "", "", ""},
		{"无法兑现", "", "1", "", "", "", "", "", ""},
		{"兑现率", "", "20.0%", "", "", "", "", "", ""},
	}
	if diff := cmp.Diff(wantBlock, rows[9:]); diff != "" {
		t.Errorf("兑现率 block (-want +got):\n%s", diff)
	}
	if raw, err := f.GetCellValue("承诺台账", "C16", excelize.Options{RawCellValue: true}); err != nil || raw != "0.2" {
		t.Errorf("C16 raw = %q, %v, want the fraction 0.2", raw, err)
	}
}

func TestPledgesXLSXLayout(t *testing.T) {
	f := mustOpenPledges(t, newTestPledgeLedger(t))
	panes, err := f.GetPanes("承诺台账")
	if err != nil || !panes.Freeze || panes.YSplit != 2 || panes.XSplit != 0 {
		t.Errorf("GetPanes(承诺台账) = %+v, %v, want frozen below row 2", panes, err)
	}
	panes, err = f.GetPanes("履诺记录")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("GetPanes(履诺记录) = %+v, %v, want frozen below row 1", panes, err)
	}
	merges, err := f.GetMergeCells("承诺台账")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range merges {
		got = append(got, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	want := []string{"A1:I1", "A11:B11", "A12:B12", "A13:B13", "A14:B14", "A15:B15", "A16:B16"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged cells (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		sheet, col string
		min        float64
	}{{"承诺台账", "B", 10}, {"承诺台账", "C", 30}, {"承诺台账", "F", 14}, {"承诺台账", "G", 20}, {"履诺记录", "F", 30}} {
		if w, err := f.GetColWidth(tt.sheet, tt.col); err != nil || w < tt.min {
			t.Errorf("GetColWidth(%s, %s) = %v, %v, want ≥ %v", tt.sheet, tt.col, w, err, tt.min)
		}
	}
	style, err := f.GetCellStyle("承诺台账", "C7")
	if err != nil {
		t.Fatal(err)
	}
	if s, err := f.GetStyle(style); err != nil || s.Alignment == nil || !s.Alignment.WrapText {
		t.Errorf("C7 style = %+v, %v, want wrapped text", s, err)
	}
}

// Excel repairs a sheet whose <col> widths are out of order.
func TestPledgesXLSXColumnsAscending(t *testing.T) {
	b, err := pledgesXLSX(newTestPledgeLedger(t), mustShanghai(t))
	if err != nil {
		t.Fatal(err)
	}
	checkColumnsAscending(t, b)
}

func TestPledgesXLSXHistory(t *testing.T) {
	l := newTestPledgeLedger(t)
	rows := mustRows(t, mustOpenPledges(t, l), "履诺记录", 7)
	if len(rows) != len(l.Events)+1 {
		t.Fatalf("履诺记录 has %d rows, want the header and %d events", len(rows), len(l.Events))
	}
	tests := []struct {
		row  int
		want []string
	}{
		{0, []string{"编号", "责任人", "时间", "事项", "办理人", "内容", "附件"}},
		{1, []string{"1", "张三", "2026-03-01 09:00", "提诺", "张三", "带头完成年度业务指标", ""}},
		{4, []string{"1", "张三", "2026-11-21 19:05", "进度", "张三", "完成 80%\n下月冲刺 <&> 🚀", ""}},
		{6, []string{"4", "张三", "2026-06-20 10:30", "进度", "张三", "走访两户，记录见附件", "照片.jpg（120 KB）、走访<记录>&.docx（1.5 MB）"}},
		{7, []string{"4", "张三", "2026-06-28 16:00", "确认兑现", "李<&>明", "", ""}},
		{11, []string{"7", "王🌟芳", "2026-11-20 21:00", "申请兑现", "王🌟芳", "已结对", "文件（300 B）"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, rows[tt.row]); diff != "" {
			t.Errorf("履诺记录 row %d (-want +got):\n%s", tt.row+1, diff)
		}
	}
}

func TestPledgesXLSXEmpty(t *testing.T) {
	l := zhibu.PledgeLedger{Branch: zhibu.Branch{Name: "新支部"}, Now: time.Date(2027, 1, 5, 8, 0, 0, 0, time.UTC)}
	f := mustOpenPledges(t, l)
	rows := mustRows(t, f, "承诺台账", 3)
	want := [][]string{
		{"新支部 承诺台账（截至 2027年1月5日）", "", ""},
		{"编号", "责任人", "内容", "类别", "时限", "状态", "进度", "兑现日期", "点评"},
		{"", "", ""},
		{"承诺总数", "", "0"}, {"已公示", "", "0"}, {"已兑现", "", "0"}, {"逾期", "", "0"}, {"无法兑现", "", "0"},
		{"兑现率", "", ""}, // no rate when nothing is published
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("empty ledger (-want +got):\n%s", diff)
	}
}

func TestPledgesLatestProgress(t *testing.T) {
	l := newTestPledgeLedger(t)
	got := latestProgress(l.Events)
	for _, p := range l.Pledges {
		if want := l.LatestProgress(p.ID); got[p.ID] != want {
			t.Errorf("latestProgress()[%d] = %q, want LatestProgress = %q", p.ID, got[p.ID], want)
		}
	}
}

func TestPledgesFileSize(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{{0, "0 B"}, {1023, "1023 B"}, {1024, "1 KB"}, {120 * 1024, "120 KB"}, {1023*1024 + 511, "1023 KB"},
		{1024*1024 - 1, "1.0 MB"}, {1536 * 1024, "1.5 MB"}, {20 << 20, "20.0 MB"}}
	for _, tt := range tests {
		if got := fileSize(tt.n); got != tt.want {
			t.Errorf("fileSize(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestPledgesReview(t *testing.T) {
	tests := []struct {
		g             zhibu.Grade
		comment, want string
	}{{"", "", ""}, {zhibu.GradeGood, "", "良好"}, {"", "请补充材料", "请补充材料"}, {zhibu.GradeExcellent, "按时完成", "优秀：按时完成"}}
	for _, tt := range tests {
		if got := review(tt.g, tt.comment); got != tt.want {
			t.Errorf("review(%q, %q) = %q, want %q", tt.g, tt.comment, got, tt.want)
		}
	}
}

func TestPledgesCSV(t *testing.T) {
	s := string(pledgesCSV(newTestPledgeLedger(t), mustShanghai(t)))
	if !strings.HasPrefix(s, "\uFEFF") {
		t.Fatalf("pledgesCSV() starts %q, want the UTF-8 BOM", s[:min(len(s), 8)])
	}
	if strings.Count(s, "\n") != strings.Count(s, "\r\n") || !strings.HasSuffix(s, "\r\n") {
		t.Errorf("pledgesCSV() line ends are not all CRLF: %q", s)
	}
	got, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatalf("csv.ReadAll() error = %v", err)
	}
	// The same rows as the sheet, but a text Excel would run as a formula
	// is kept as text by a leading apostrophe.
	want := make([][]string, len(pledgeRowsWant))
	for i, r := range pledgeRowsWant {
		want[i] = append([]string(nil), r...)
	}
	want[3][2] = "'=1+1 每周学习党史 <&>"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pledgesCSV() rows (-want +got):\n%s", diff)
	}
}

// newBenchPledgeLedger is a large branch: 500 members with ten pledges
// each, every pledge with five events, one of them carrying a photo.
func newBenchPledgeLedger(b *testing.B) zhibu.PledgeLedger {
	b.Helper()
	loc := mustShanghai(b)
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, loc)
	states := []zhibu.PledgeState{zhibu.PledgeFulfilled, zhibu.PledgePublished, zhibu.PledgeFulfilled, zhibu.PledgeClaimed, zhibu.PledgeCannot}
	kinds := []zhibu.EventKind{zhibu.EventCreated, zhibu.EventApproved, zhibu.EventProgress, zhibu.EventProgress, zhibu.EventClaimed}
	l := zhibu.PledgeLedger{Branch: zhibu.Branch{Name: "第一党支部"}, Now: time.Date(2026, 11, 21, 19, 0, 0, 0, loc), Names: map[int64]string{}}
	for m := range 500 {
		l.Names[int64(m+1)] = fmt.Sprintf("党员%03d", m+1)
	}
	for i := range 5000 {
		p := zhibu.Pledge{ID: int64(i + 1), Number: i + 1, MemberID: int64(i/10 + 1), Category: zhibu.Categories[i%len(zhibu.Categories)],
			Content: strings.Repeat("立足岗位做贡献，服务群众办实事。", 3), Deadline: start.AddDate(0, i%11, 0), State: states[i%len(states)]}
		if p.State == zhibu.PledgeFulfilled {
			p.DoneAt, p.Grade, p.Comment = p.Deadline.AddDate(0, 0, -3), zhibu.GradeGood, "按时完成"
		}
		l.Pledges = append(l.Pledges, p)
		for j, k := range kinds {
			e := zhibu.PledgeEvent{PledgeID: p.ID, Kind: k, ActorID: p.MemberID, Text: "本月走访两户，解决实际困难一件。", At: start.Add(time.Duration(i*5+j) * time.Hour)}
			if j == 3 {
				e.Files = []zhibu.Evidence{{FileID: "f", FileName: "照片.jpg", Size: 150_000, Kind: "photo"}}
			}
			l.Events = append(l.Events, e)
		}
	}
	return l
}

func BenchmarkPledgesXLSX5000(b *testing.B) {
	l := newBenchPledgeLedger(b)
	loc := mustShanghai(b)
	for b.Loop() {
		out, err := pledgesXLSX(l, loc)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(out)), "bytes")
	}
}

func BenchmarkPledgesCSV5000(b *testing.B) {
	l := newBenchPledgeLedger(b)
	loc := mustShanghai(b)
	for b.Loop() {
		pledgesCSV(l, loc)
	}
}
