package ledger

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

// person is a roster entry of the test ledger.
type person struct {
	id     int64
	name   string
	status zhibu.Status
}

var (
	zhangSan = person{1, "张三", zhibu.StatusFull}
	liMing   = person{2, "李<&>明", zhibu.StatusFull}
	wangFang = person{3, "王🌟芳", zhibu.StatusProbationary}
	zhaoLiu  = person{4, "赵六", zhibu.StatusFull}
	qianQi   = person{5, "钱七", zhibu.StatusFull}
	sunBa    = person{6, "孙八", zhibu.StatusDisciplined}
	wuShi    = person{7, "吴十", zhibu.StatusFull}
	zhouJiu  = person{8, "周九", zhibu.StatusActivist}
)

// closedRec is a closed record of p at a meeting.
func closedRec(p person, o zhibu.Outcome) zhibu.Attendance {
	a := zhibu.Attendance{MemberID: p.id, Name: p.name, Expected: o != zhibu.OutcomeObserver, Outcome: o}
	a.Observer = !a.Expected
	a.Late = o == zhibu.OutcomeLate
	return a
}

func leaveRec(p person, reason string, rejected bool) zhibu.Attendance {
	a := closedRec(p, zhibu.OutcomeLeave)
	a.Answer, a.LeaveReason, a.LeaveRejected = zhibu.AnswerLeave, reason, rejected
	if rejected {
		a.Outcome = zhibu.OutcomeAbsent
	}
	return a
}

// newTestRecord builds a closed meeting's record with its tally.
func newTestRecord(m zhibu.Meeting, host, recorder string, rs []zhibu.Attendance, statuses map[int64]zhibu.Status) zhibu.Record {
	m.State = zhibu.MeetingClosed
	return zhibu.Record{Result: zhibu.Result{Meeting: m, Records: rs, Tally: zhibu.Count(m.Type, rs, statuses)}, Host: host, Recorder: recorder}
}

// statsOf aggregates the expected records per member and type, as
// the store's AttendanceStats does.
func statsOf(recs []zhibu.Record) []zhibu.MemberStats {
	type key struct {
		id int64
		t  zhibu.MeetingType
	}
	idx := map[key]int{}
	var out []zhibu.MemberStats
	for _, rec := range recs {
		for _, a := range rec.Records {
			if !a.Expected {
				continue
			}
			k := key{a.MemberID, rec.Meeting.Type}
			i, ok := idx[k]
			if !ok {
				i, idx[k] = len(out), len(out)
				out = append(out, zhibu.MemberStats{MemberID: a.MemberID, Name: a.Name, Type: k.t})
			}
			s := &out[i]
			s.Expected++
			switch a.Outcome {
			case zhibu.OutcomePresent:
				s.Present++
			case zhibu.OutcomeLate:
				s.Present++
				s.Late++
			case zhibu.OutcomeLeave:
				s.Leave++
			case zhibu.OutcomeAbsent:
				s.Absent++
			}
		}
	}
	return out
}

// newTestLedger is November 2026 of a branch: a 党员大会 with a voting
// quorum, a 党课 with two versions of minutes and a 支委会 without quorum.
func newTestLedger(t *testing.T) zhibu.Ledger {
	t.Helper()
	loc := mustShanghai(t)
	at := func(day, h, m int) time.Time { return time.Date(2026, 11, day, h, m, 0, 0, loc) }
	statuses := map[int64]zhibu.Status{}
	for _, p := range []person{zhangSan, liMing, wangFang, zhaoLiu, qianQi, sunBa, wuShi, zhouJiu} {
		statuses[p.id] = p.status
	}
	general := newTestRecord(zhibu.Meeting{ID: 30, Number: 3, Type: zhibu.MeetingGeneral, Start: at(4, 19, 0), End: at(4, 21, 0),
		Place: "党员活动室", Topic: "讨论确定发展对象", HostID: 1, RecorderID: 2}, zhangSan.name, liMing.name, []zhibu.Attendance{
		closedRec(zhangSan, zhibu.OutcomePresent), closedRec(liMing, zhibu.OutcomePresent), closedRec(wangFang, zhibu.OutcomeLate),
		leaveRec(zhaoLiu, "出差", false), closedRec(qianQi, zhibu.OutcomeAbsent), leaveRec(sunBa, "家里有事", true),
		closedRec(wuShi, zhibu.OutcomePresent), closedRec(zhouJiu, zhibu.OutcomeObserver)}, statuses)
	lecture := newTestRecord(zhibu.Meeting{ID: 40, Number: 4, Type: zhibu.MeetingLecture, Start: at(18, 19, 0),
		Place: "三楼会议室", Topic: "学习党章", Lecturer: "吴教授", HostID: 1}, zhangSan.name, "", []zhibu.Attendance{
		closedRec(zhangSan, zhibu.OutcomePresent), closedRec(liMing, zhibu.OutcomePresent), closedRec(wangFang, zhibu.OutcomePresent),
		closedRec(zhaoLiu, zhibu.OutcomePresent), closedRec(qianQi, zhibu.OutcomeAbsent), closedRec(sunBa, zhibu.OutcomePresent),
		closedRec(wuShi, zhibu.OutcomePresent)}, statuses)
	lecture.Minutes = []zhibu.Minutes{
		{ID: 1, MeetingID: 40, Version: 1, Text: "初稿：学习党章。", AuthorID: 2, CreatedAt: at(18, 21, 30)},
		{ID: 2, MeetingID: 40, Version: 2, Text: "学习党章第一章。\n讨论热烈 <&> 🌟", AuthorID: 1, CreatedAt: at(19, 9, 15)},
	}
	committee := newTestRecord(zhibu.Meeting{ID: 50, Number: 5, Type: zhibu.MeetingCommittee, Start: at(25, 19, 0), End: at(25, 21, 0),
		Place: "书记办公室", Topic: "研究年度工作", HostID: 1, RecorderID: 2}, zhangSan.name, liMing.name, []zhibu.Attendance{
		closedRec(zhangSan, zhibu.OutcomePresent), leaveRec(liMing, "培训", false), closedRec(qianQi, zhibu.OutcomeAbsent)}, statuses)
	recs := []zhibu.Record{general, lecture, committee}
	return zhibu.Ledger{
		Branch:   zhibu.Branch{ID: 1, Name: "第一党支部", TimeZone: zhibu.DefaultTimeZone},
		Period:   cntime.Period{From: at(1, 0, 0), To: time.Date(2026, 12, 1, 0, 0, 0, 0, loc), Label: "2026年11月"},
		Summary:  statsOf(recs),
		Meetings: recs,
	}
}

func mustOpenWorkbook(t *testing.T, l zhibu.Ledger) *excelize.File {
	t.Helper()
	b, err := attendanceXLSX(l, mustShanghai(t))
	if err != nil {
		t.Fatalf("attendanceXLSX() error = %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("excelize.OpenReader() error = %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// summaryWant is the test ledger's 汇总 table, worst first.
var summaryWant = [][]string{
	{"姓名", "党员大会 应到", "党员大会 实到", "党员大会 请假", "党员大会 缺席", "支委会 应到", "支委会 实到", "支委会 请假", "支委会 缺席",
		"党课 应到", "党课 实到", "党课 请假", "党课 缺席", "合计 应到", "合计 实到", "合计 迟到", "合计 请假", "合计 缺席", "出席率"},
	{"钱七", "1", "0", "0", "1", "1", "0", "0", "1", "1", "0", "0", "1", "3", "0", "0", "0", "3", "0.0%"},
	{"孙八", "1", "0", "0", "1", "0", "0", "0", "0", "1", "1", "0", "0", "2", "1", "0", "0", "1", "50.0%"},
	{"赵六", "1", "0", "1", "0", "0", "0", "0", "0", "1", "1", "0", "0", "2", "1", "0", "1", "0", "50.0%"},
	{"李<&>明", "1", "1", "0", "0", "1", "0", "1", "0", "1", "1", "0", "0", "3", "2", "0", "1", "0", "66.7%"},
	{"吴十", "1", "1", "0", "0", "0", "0", "0", "0", "1", "1", "0", "0", "2", "2", "0", "0", "0", "100.0%"},
	{"张三", "1", "1", "0", "0", "1", "1", "0", "0", "1", "1", "0", "0", "3", "3", "0", "0", "0", "100.0%"},
	{"王🌟芳", "1", "1", "0", "0", "0", "0", "0", "0", "1", "1", "0", "0", "2", "2", "1", "0", "0", "100.0%"},
	{"合计", "7", "4", "1", "2", "3", "1", "1", "1", "7", "6", "0", "1", "17", "11", "1", "2", "4", "64.7%"},
}

func TestAttendanceXLSXSummary(t *testing.T) {
	f := mustOpenWorkbook(t, newTestLedger(t))
	rows, err := f.GetRows("汇总")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rows[0][0], "第一党支部 考勤汇总（2026年11月）"; got != want {
		t.Errorf("A1 = %q, want %q", got, want)
	}
	wantTop := []string{"姓名", "党员大会", "", "", "", "支委会", "", "", "", "党课", "", "", "", "合计", "", "", "", "", "出席率"}
	if diff := cmp.Diff(wantTop, rows[1]); diff != "" {
		t.Errorf("header row 2 (-want +got):\n%s", diff)
	}
	wantSub := []string{"", "应到", "实到", "请假", "缺席", "应到", "实到", "请假", "缺席", "应到", "实到", "请假", "缺席", "应到", "实到", "迟到", "请假", "缺席"}
	if diff := cmp.Diff(wantSub, rows[2]); diff != "" {
		t.Errorf("header row 3 (-want +got):\n%s", diff)
	}
	// The body as Excel shows it: the rate through its 0.0% format.
	if diff := cmp.Diff(summaryWant[1:], rows[3:]); diff != "" {
		t.Errorf("body rows (-want +got):\n%s", diff)
	}
	raw, err := f.GetCellValue("汇总", "S7", excelize.Options{RawCellValue: true})
	if err != nil || !strings.HasPrefix(raw, "0.6666") {
		t.Errorf("S7 raw = %q, %v, want the fraction 0.6666…", raw, err)
	}
}

func TestAttendanceXLSXSummaryLayout(t *testing.T) {
	f := mustOpenWorkbook(t, newTestLedger(t))
	merges, err := f.GetMergeCells("汇总")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range merges {
		got = append(got, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	want := []string{"A1:S1", "A2:A3", "S2:S3", "B2:E2", "F2:I2", "J2:M2", "N2:R2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged cells (-want +got):\n%s", diff)
	}
	panes, err := f.GetPanes("汇总")
	if err != nil || !panes.Freeze || panes.YSplit != 3 || panes.XSplit != 1 {
		t.Errorf("GetPanes(汇总) = %+v, %v, want frozen below row 3 and right of column A", panes, err)
	}
	if w, err := f.GetColWidth("汇总", "A"); err != nil || w < 10 {
		t.Errorf("GetColWidth(汇总, A) = %v, %v, want a name-wide column", w, err)
	}
}

// Excel repairs a sheet whose <col> widths are not in ascending order, and
// excelize's stream writer keeps them in reverse order of the calls.
func TestAttendanceXLSXColumnsAscending(t *testing.T) {
	b, err := attendanceXLSX(newTestLedger(t), mustShanghai(t))
	if err != nil {
		t.Fatal(err)
	}
	checkColumnsAscending(t, b)
}

// recordFieldMap reads a 会议记录 sheet's label/value rows.
func recordFieldMap(t *testing.T, f *excelize.File, sheet string) map[string]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("GetRows(%q) error = %v", sheet, err)
	}
	out := map[string]string{"": rows[0][0]}
	for _, r := range rows[1:] {
		if len(r) == 2 {
			out[r[0]] = r[1]
		}
	}
	return out
}

func TestAttendanceXLSXRecordSheets(t *testing.T) {
	f := mustOpenWorkbook(t, newTestLedger(t))
	wantSheets := []string{"汇总", "#3 党员大会 11-04", "#4 党课 11-18", "#5 支委会 11-25"}
	if diff := cmp.Diff(wantSheets, f.GetSheetList()); diff != "" {
		t.Fatalf("sheets (-want +got):\n%s", diff)
	}
	tests := []struct {
		sheet string
		want  map[string]string
	}{
		{"#3 党员大会 11-04", map[string]string{
			"": "第一党支部 会议记录（#3）", "会议类型": "党员大会", "日期": "2026年11月4日 周三", "时间": "19:00–21:00",
			"地点": "党员活动室", "主持人": "张三", "记录人": "李<&>明", "议题": "讨论确定发展对象", "应到人数": "7", "实到人数": "4",
			"出席人员": "张三、李<&>明、王🌟芳、吴十", "迟到": "王🌟芳", "请假人员": "赵六（出差）",
			"缺席人员": "钱七（无故）、孙八（请假未获批准）", "列席人员": "周九",
			"表决条件": "有表决权党员应到 5 人，实到 3 人，超过半数：是；选举（超过五分之四）：否",
			"会议记录": "未录入", "记录版本": "无"}},
		{"#4 党课 11-18", map[string]string{
			"时间": "19:00", "主讲人": "吴教授", "记录人": "未填写", "请假人员": "无", "缺席人员": "钱七（无故）",
			"会议记录": "学习党章第一章。\n讨论热烈 <&> 🌟", "记录版本": "第2版，共2版（2026-11-19 09:15 张三）",
			"第1版": "2026-11-18 21:30 李<&>明\n初稿：学习党章。"}},
		{"#5 支委会 11-25", map[string]string{
			"请假人员": "李<&>明（培训）", "表决条件": "支委应到 3，实到 1，超过半数：否"}},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			got := recordFieldMap(t, f, tt.sheet)
			for label, want := range tt.want {
				if got[label] != want {
					t.Errorf("%s = %q, want %q", label, got[label], want)
				}
			}
		})
	}
	got := recordFieldMap(t, f, "#4 党课 11-18")
	for _, label := range []string{"表决条件", "党小组"} {
		if v, ok := got[label]; ok {
			t.Errorf("党课 has %s = %q, want no such row", label, v)
		}
	}
}

func TestAttendanceXLSXMinutesRowIsTall(t *testing.T) {
	f := mustOpenWorkbook(t, newTestLedger(t))
	rows, err := f.GetRows("#4 党课 11-18")
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == "会议记录" {
			h, err := f.GetRowHeight("#4 党课 11-18", i+1)
			if err != nil || h < 30 {
				t.Errorf("GetRowHeight(会议记录) = %v, %v, want ≥ 30", h, err)
			}
			return
		}
	}
	t.Error("no 会议记录 row")
}

func TestAttendanceSheetNames(t *testing.T) {
	loc := mustShanghai(t)
	day := time.Date(2026, 11, 25, 19, 0, 0, 0, loc)
	var recs []zhibu.Record
	for i := range 40 {
		m := zhibu.Meeting{Number: 100 + i, Type: zhibu.MeetingCommittee, Start: day}
		switch i % 4 {
		case 1:
			m.Number = 100 // repeated numbers must still give unique names
		case 2:
			m.Type = zhibu.MeetingType("其他/[特别]:会议*?\\" + strings.Repeat("很长", 20))
		case 3:
			m.Type = zhibu.MeetingType("'🌟" + strings.Repeat("党", 40))
		}
		recs = append(recs, zhibu.Record{Result: zhibu.Result{Meeting: m}})
	}
	names := sheetNames(recs, loc, "汇总")
	seen := map[string]bool{"汇总": true}
	for i, n := range names {
		if u := len(utf16.Encode([]rune(n))); u == 0 || u > 31 {
			t.Errorf("name %d %q has %d UTF-16 units, want 1–31", i, n, u)
		}
		if strings.ContainsAny(n, `[]:*?/\`) || strings.HasPrefix(n, "'") || strings.HasSuffix(n, "'") {
			t.Errorf("name %d %q is not a valid sheet name", i, n)
		}
		if seen[strings.ToLower(n)] {
			t.Errorf("name %d %q is not unique", i, n)
		}
		seen[strings.ToLower(n)] = true
	}
	if names[0] != "#100 支委会 11-25" {
		t.Errorf("names[0] = %q, want %q", names[0], "#100 支委会 11-25")
	}
	f := mustOpenWorkbook(t, zhibu.Ledger{Meetings: recs})
	if got := len(f.GetSheetList()); got != 41 {
		t.Errorf("workbook has %d sheets, want 41", got)
	}
}

func TestAttendanceCSV(t *testing.T) {
	b := attendanceCSV(newTestLedger(t))
	s := string(b)
	if !strings.HasPrefix(s, "\uFEFF") {
		t.Fatalf("attendanceCSV() starts %q, want the UTF-8 BOM", s[:min(len(s), 8)])
	}
	if strings.Count(s, "\n") != strings.Count(s, "\r\n") || !strings.HasSuffix(s, "\r\n") {
		t.Errorf("attendanceCSV() line ends are not all CRLF: %q", s)
	}
	got, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatalf("csv.ReadAll() error = %v", err)
	}
	if diff := cmp.Diff(summaryWant, got); diff != "" {
		t.Errorf("attendanceCSV() rows (-want +got):\n%s", diff)
	}
}

func TestCSVSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"张三", "张三"}, {"李<&>明", "李<&>明"}, {"=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"}, {"+1", "'+1"}, {"@a", "'@a"}, {"", ""},
	}
	for _, tt := range tests {
		if got := csvSafe(tt.in); got != tt.want {
			t.Errorf("csvSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// newBenchLedger is five years of a 50-member branch: 1,500 closed
// meetings, every member expected at each, 75,000 records.
func newBenchLedger(b *testing.B) zhibu.Ledger {
	b.Helper()
	loc := mustShanghai(b)
	types := []zhibu.MeetingType{zhibu.MeetingGeneral, zhibu.MeetingCommittee, zhibu.MeetingGroup, zhibu.MeetingLecture, zhibu.MeetingThemeDay}
	outcomes := []zhibu.Outcome{zhibu.OutcomePresent, zhibu.OutcomePresent, zhibu.OutcomePresent, zhibu.OutcomePresent, zhibu.OutcomeLate,
		zhibu.OutcomePresent, zhibu.OutcomeLeave, zhibu.OutcomePresent, zhibu.OutcomeAbsent, zhibu.OutcomePresent}
	statuses := map[int64]zhibu.Status{}
	for j := range 50 {
		statuses[int64(j+1)] = zhibu.StatusFull
	}
	start := time.Date(2022, 1, 1, 19, 0, 0, 0, loc)
	recs := make([]zhibu.Record, 1500)
	for i := range recs {
		m := zhibu.Meeting{ID: int64(i + 1), Number: i + 1, Type: types[i%len(types)], Start: start.Add(time.Duration(i) * 29 * time.Hour),
			Place: "党员活动室", Topic: "学习贯彻会议精神", HostID: 1, RecorderID: 2}
		m.End = m.Start.Add(2 * time.Hour)
		rs := make([]zhibu.Attendance, 50)
		for j := range rs {
			rs[j] = zhibu.Attendance{MeetingID: m.ID, MemberID: int64(j + 1), Name: fmt.Sprintf("党员%02d", j+1), Expected: true, Outcome: outcomes[(i+j)%len(outcomes)]}
			if rs[j].Outcome == zhibu.OutcomeLeave {
				rs[j].LeaveReason = "出差"
			}
		}
		recs[i] = newTestRecord(m, "党员01", "党员02", rs, statuses)
		recs[i].Minutes = []zhibu.Minutes{{Version: 1, Text: strings.Repeat("会议传达学习了上级精神，大家踊跃发言。", 20), AuthorID: 2, CreatedAt: m.End}}
	}
	return zhibu.Ledger{Branch: zhibu.Branch{Name: "第一党支部"}, Period: cntime.Period{Label: "2022—2026年"}, Summary: statsOf(recs), Meetings: recs}
}

func BenchmarkAttendanceXLSX5Years(b *testing.B) {
	l := newBenchLedger(b)
	loc := mustShanghai(b)
	for b.Loop() {
		out, err := attendanceXLSX(l, loc)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(out)), "bytes")
	}
}
