package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
)

// BenchmarkInboxWhoAmI measures updates per second through the whole path:
// getUpdates from the emulator, store in SQLite, handle /whoami (roster
// lookups), answer over HTTP, mark processed.
func BenchmarkInboxWhoAmI(b *testing.B) {
	h := newHarness(b)
	h.setup()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		h.srv.SendText(groupID, memberID, "/whoami")
		if i%100 == 99 || i == b.N-1 {
			h.step()
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	if n := h.whoamiReplies(); n != b.N {
		b.Fatalf("answered %d of %d", n, b.N)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "updates/s")
}

// fiveYears fills the test branch up to 50 members and 1,500 closed
// meetings over five years (about 75,000 attendance records), written
// straight to the store: the benchmarks measure reading, not filling.
func (h *harness) fiveYears(b *testing.B) {
	h.setup()
	h.importMembers(47, 5)
	ctx := context.Background()
	br, _ := h.db.BranchByChat(ctx, groupID)
	roster, _ := h.db.Members(ctx, br.ID)
	start := testStart.AddDate(-5, 0, 0)
	types := []zhibu.MeetingType{zhibu.MeetingGeneral, zhibu.MeetingLecture, zhibu.MeetingThemeDay, zhibu.MeetingOther}
	for i := range 1500 {
		m := zhibu.Meeting{BranchID: br.ID, Type: types[i%len(types)], Start: start.Add(time.Duration(i) * 29 * time.Hour),
			Place: "会议室", State: zhibu.MeetingScheduled}
		m, err := h.db.CreateMeeting(ctx, m, zhibu.Change{Action: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		var recs []zhibu.Attendance
		for j, mem := range roster {
			a := zhibu.Attendance{MeetingID: m.ID, MemberID: mem.ID}
			switch (i + j) % 10 {
			case 0:
				a.Answer, a.LeaveReason = zhibu.AnswerLeave, "出差"
			case 1:
			default:
				a.CheckedInAt, a.CheckedInBy, a.Late = m.Start, mem.ID, (i+j)%10 == 2
			}
			recs = append(recs, a)
		}
		m.State, m.ClosedAt = zhibu.MeetingClosed, m.Start.Add(2*time.Hour)
		if err := h.db.CloseMeeting(ctx, m, zhibu.Close(m, roster, recs), zhibu.Change{Action: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
	h.say(secretaryID, secretaryID, "/start")
}

// BenchmarkAttendanceThisYear measures "/attendance 今年" end to end: the
// command through the emulator, the aggregate query over a year of a
// five-year branch, and the private reply.
func BenchmarkAttendanceThisYear(b *testing.B) {
	h := newHarness(b)
	h.fiveYears(b)
	b.ResetTimer()
	for range b.N {
		h.srv.SendText(groupID, secretaryID, "/attendance 今年")
		h.step()
	}
	b.StopTimer()
	if got := h.last(secretaryID); !strings.Contains(got, "党员046｜") {
		b.Fatalf("attendance reply = %q", got)
	}
}

// BenchmarkExportFiveYears measures "/export attendance" over five years:
// loading 1,500 meetings and 75,000 records, rendering XLSX and CSV, and
// uploading both.
func BenchmarkExportFiveYears(b *testing.B) {
	h := newHarness(b)
	h.fiveYears(b)
	b.ResetTimer()
	for range b.N {
		h.srv.SendText(groupID, secretaryID, "/export attendance 2021-11-01~2026-11-30")
		h.step()
	}
	b.StopTimer()
	msgs := h.srv.BotMessages(secretaryID)
	if d := msgs[len(msgs)-2].Document; d == nil || d.Size < 100000 {
		b.Fatalf("export = %+v", d)
	}
}

// pledgeStep is one move of a benchmark pledge through its cycle.
type pledgeStep struct {
	to   zhibu.PledgeState
	kind zhibu.EventKind
	text string
	file []zhibu.Evidence
}

// pledgeBranch fills the test branch to 500 members with 5,000 pledges,
// each with a history of five events (made, approved, two progress notes,
// claimed or confirmed), through the store's own methods.
func (h *harness) pledgeBranch(b *testing.B) {
	h.setup()
	h.importMembers(497, 20)
	ctx := context.Background()
	br, _ := h.db.BranchByChat(ctx, groupID)
	roster, _ := h.db.Members(ctx, br.ID)
	now := h.clock.Now()
	for i := range 5000 {
		mem := roster[i%len(roster)]
		p := zhibu.Pledge{BranchID: br.ID, MemberID: mem.ID, Content: fmt.Sprintf("第%d条承诺：每月走访困难群众", i),
			Category: zhibu.Categories[i%5], Deadline: now.AddDate(0, 0, i%60-20), State: zhibu.PledgePending}
		p, err := h.db.CreatePledge(ctx, p, zhibu.PledgeEvent{Kind: zhibu.EventCreated, ActorID: mem.ID, Text: p.Content})
		if err != nil {
			b.Fatal(err)
		}
		last := pledgeStep{zhibu.PledgeClaimed, zhibu.EventClaimed, "已完成", nil}
		if i%3 == 0 {
			last = pledgeStep{zhibu.PledgeFulfilled, zhibu.EventConfirmed, "", nil}
		}
		steps := []pledgeStep{
			{zhibu.PledgePublished, zhibu.EventApproved, "", nil},
			{zhibu.PledgePublished, zhibu.EventProgress, "走访一户", []zhibu.Evidence{{FileID: "f", FileName: "照片.jpg", Size: 120000, Kind: "photo"}}},
			{zhibu.PledgePublished, zhibu.EventProgress, "走访两户", nil},
			last,
		}
		for _, s := range steps {
			from := p.State
			p.State = s.to
			if p, err = h.db.UpdatePledge(ctx, p, from, zhibu.PledgeEvent{PledgeID: p.ID, Kind: s.kind, ActorID: mem.ID, Text: s.text, Files: s.file}); err != nil {
				b.Fatal(err)
			}
		}
	}
	h.say(secretaryID, secretaryID, "/start")
}

// BenchmarkPledgeStats measures "/pledges 统计" end to end on a 500-member
// branch with 5,000 pledges.
func BenchmarkPledgeStats(b *testing.B) {
	h := newHarness(b)
	h.pledgeBranch(b)
	b.ResetTimer()
	for range b.N {
		h.srv.SendText(groupID, secretaryID, "/pledges 统计")
		h.step()
	}
	b.StopTimer()
	if got := h.last(secretaryID); !strings.Contains(got, "支部合计｜5000｜5000｜") {
		b.Fatalf("stats = %q", got[max(0, len(got)-300):])
	}
}

// BenchmarkExportPledges measures "/export pledges" end to end: 5,000
// pledges with 25,000 history entries to XLSX and CSV, uploaded.
func BenchmarkExportPledges(b *testing.B) {
	h := newHarness(b)
	h.pledgeBranch(b)
	b.ResetTimer()
	for range b.N {
		h.srv.SendText(groupID, secretaryID, "/export pledges")
		h.step()
	}
	b.StopTimer()
	msgs := h.srv.BotMessages(secretaryID)
	if d := msgs[len(msgs)-2].Document; d == nil || d.Size < 100000 {
		b.Fatalf("export = %+v", d)
	}
}

// importMembers imports n more members spread over groups 党小组, as the
// 书记 would with a CSV file.
func (h *harness) importMembers(n, groups int) {
	h.t.Helper()
	var csv strings.Builder
	csv.WriteString("姓名,状态,党小组\n")
	for i := range n {
		fmt.Fprintf(&csv, "党员%03d,正式党员,第%d党小组\n", i, i%groups+1)
	}
	if got := h.sendFile(secretaryID, "名册.csv", []byte(csv.String()), "/roster import"); !strings.HasPrefix(got, "名册导入完成") {
		h.t.Fatalf("import = %q", got)
	}
}
