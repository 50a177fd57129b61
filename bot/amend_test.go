package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

// changes lists the branch's audit log, newest first.
func (h *harness) changes(n int) []zhibu.Change {
	h.t.Helper()
	ctx := context.Background()
	b, err := h.db.BranchByChat(ctx, groupID)
	if err != nil {
		h.t.Fatalf("BranchByChat: %v", err)
	}
	cs, err := h.db.Changes(ctx, b.ID, n)
	if err != nil {
		h.t.Fatalf("Changes: %v", err)
	}
	return cs
}

// TestPostsAndObserversAfterClose: the 主持人, 记录人 and 列席 may be changed
// before a meeting and after it is closed, each change audited; the group
// hears only that it was changed.
func TestPostsAndObserversAfterClose(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ann := h.meetingAt("党员大会")
	h.mustSay(groupID, secretaryID, "/meeting 1 主持 王芳", "已更改 #1 的主持人。")
	if got := h.message(ann); !strings.Contains(got, "主持人：王芳") {
		t.Errorf("announcement = %q, want the new host", got)
	}
	h.mustSay(groupID, secretaryID, "/meeting 1 主持 王芳", "#1 的主持人本来就是 王芳，没有改动。")
	h.mustSay(groupID, secretaryID, "/meeting 1 记录人 赵强", "已更改 #1 的记录人。")
	h.mustSay(groupID, secretaryID, "/meeting 1 主持 无名氏", "名册上没有“无名氏”，不能担任主持人或记录人。")
	h.mustSay(groupID, secretaryID, "/meeting 1 主持 "+strings.Repeat("名", 4100),
		"名册上没有“"+strings.Repeat("名", 30)+"…”，不能担任主持人或记录人。")
	h.mustSay(groupID, memberID, "/meeting 1 主持 赵强", "只有书记、副书记、组织委员、宣传委员、纪检委员可以安排会议。")
	h.mustSay(groupID, memberID, "/meeting 1 主持", "用法：/meeting 编号 查看会议详情；/meetings 查看会议列表。")

	h.at(19, 0)
	h.say(groupID, secretaryID, "/checkin 1 王芳")
	h.at(21, 30)
	h.say(groupID, secretaryID, "/close 1")
	h.mustSay(groupID, secretaryID, "/meeting 1 主持 李书记", "已更改 #1 的主持人。")
	h.mustSay(groupID, secretaryID, "/meeting 1 记录 无", "已更改 #1 的记录人。")
	h.mustSay(groupID, organizerID, "/meeting 1 列席 赵六", "已更正 #1 的列席记录。")
	h.mustSay(groupID, organizerID, "/meeting 1 列席 赵六", "已更正 #1 的列席记录。") // once is enough: nothing doubles
	h.mustSay(groupID, organizerID, "/meeting 1 列席 赵强", "赵强 是这次会议的应到人员，请用 /meeting 1 更正 赵强 出席。")
	h.mustSay(groupID, memberID, "/meeting 1 主持 赵强", "只有书记、副书记、组织委员、宣传委员、纪检委员可以管理考勤。")
	if got := h.say(groupID, memberID, "/meeting 1"); !strings.Contains(got, "列席 1") {
		t.Errorf("meeting after the late 列席 = %q, want 列席 1", got)
	}
	h.clock.Advance(10 * time.Second)
	h.tick()
	if got := h.message(ann); !strings.Contains(got, "主持人：李书记") || strings.Contains(got, "记录人") {
		t.Errorf("announcement after the close = %q, want 李书记 hosting and no 记录人", got)
	}
	var got []string
	for _, c := range h.changes(3) {
		got = append(got, c.Action+" "+c.Subject+" "+c.ActorName)
	}
	want := []string{"attendance.observer 赵六 王芳", "meeting.recorder 1 李书记", "meeting.host 1 李书记"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("audit log (-want +got):\n%s", diff)
	}
	if cs := h.changes(3); len(cs) == 3 && (cs[1].Before != "赵强" || cs[1].After != "" || cs[2].Before != "王芳" || cs[2].After != "李书记") {
		t.Errorf("audit log = %+v, want the names before and after", cs)
	}
}

// TestUndoCheckIn: an officer takes back a check-in before the close,
// audited; after the close the correction path applies.
func TestUndoCheckIn(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ann := h.meetingAt("党员大会")
	h.at(18, 50)
	h.mustSay(groupID, memberID, "/checkin 1", "赵强 已签到（#1）。")
	h.mustSay(groupID, memberID, "/checkin 1 撤销 赵强", "只有书记、副书记、组织委员、宣传委员、纪检委员可以管理考勤。")
	h.mustSay(groupID, organizerID, "/checkin 1 撤销 赵强", "已撤销 赵强 在 #1 的签到（已记录）。")
	h.mustSay(groupID, organizerID, "/checkin 1 撤销 赵强", "赵强 在 #1 没有签到记录，不需要撤销。")
	h.mustSay(groupID, organizerID, "/checkin 1 撤销 无名氏", "名册上没有“无名氏”。发送 /roster 查看名册。")
	h.clock.Advance(10 * time.Second)
	h.tick()
	if got := h.message(ann); !strings.Contains(got, "已签到 0") {
		t.Errorf("announcement = %q, want 已签到 0 after the undo", got)
	}
	if cs := h.changes(1); len(cs) != 1 || cs[0].Action != "attendance.undo_check_in" || cs[0].Subject != "赵强" || cs[0].ActorName != "王芳" {
		t.Errorf("audit = %+v, want the undo recorded", cs)
	}
	// A guest's 列席 may be taken back and recorded again.
	h.mustSay(groupID, organizerID, "/meeting 1 列席 钱老师", "已记录 钱老师 列席 #1。")
	h.mustSay(groupID, organizerID, "/checkin 1 撤销 钱老师", "已撤销 钱老师 在 #1 的签到（已记录）。")
	h.mustSay(groupID, organizerID, "/meeting 1 列席 钱老师", "已记录 钱老师 列席 #1。")
	h.at(21, 30)
	if got := h.closeEmpty("1"); !strings.Contains(got, "实到 0（迟到 0）｜请假 0｜缺席 3｜列席 1") {
		t.Errorf("close = %q, want 赵强 absent and one observer", got)
	}
	h.mustSay(groupID, organizerID, "/checkin 1 撤销 赵强", "#1 已结束。需要更正请用 /meeting 1 更正 姓名 出席|迟到|请假|缺席。")
	h.mustSay(groupID, memberID, "/checkin 1", "#1 已结束，不能再答复或签到。")
}

// TestMeetingsRecentInDateOrder: /meetings lists what was held newest
// first, a 补录 not closed yet in its place by date, not ahead of the rest.
func TestMeetingsRecentInDateOrder(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.schedule("/meeting 党课 11月10日 15:00 地点:图书馆 补录")
	h.schedule("/meeting 支委会 11月18日 19:00 地点:会议室 补录")
	h.say(groupID, secretaryID, "/close 2")
	h.schedule("/meeting 主题党日 11月14日 9:00 地点:广场 补录")
	h.say(groupID, secretaryID, "/close 3")
	got := h.say(groupID, memberID, "/meetings")
	var order []string
	for _, l := range strings.Split(got, "\n") {
		if strings.HasPrefix(l, "#") {
			order = append(order, l[:2])
		}
	}
	if want := []string{"#2", "#3", "#1"}; !cmp.Equal(order, want) {
		t.Errorf("/meetings lists %v, want %v (11月18日, 11月14日, 11月10日):\n%s", order, want, got)
	}
}

// TestLateLeaveReasonAfterAttend: 请假, then 参加, then the answer to the
// old reason question: the member attends, and the late reason is refused
// politely instead of switching them back to 请假.
func TestLateLeaveReasonAfterAttend(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(memberID, memberID, "/start") // the reason is asked privately
	ann := h.meetingAt("党员大会")
	h.press(memberID, ann, "请假")
	q, _ := h.questionIn(memberID)
	h.clock.Advance(time.Minute)
	h.press(memberID, ann, "参加")
	h.srv.Reply(memberID, memberID, q, "出差")
	h.step()
	if got := h.last(memberID); got != "你已答复参加 #1，这条请假原因没有记录。如需请假，请再点会议通知上的“请假”。" {
		t.Errorf("late reason = %q", got)
	}
	h.clock.Advance(10 * time.Second)
	h.tick()
	if got := h.message(ann); !strings.Contains(got, "参加 1｜请假 0") {
		t.Errorf("notice = %q, want the member still attending", got)
	}
	// Asked again after 参加, the reason counts.
	h.press(memberID, ann, "请假")
	q, _ = h.questionIn(memberID)
	h.srv.Reply(memberID, memberID, q, "出差")
	h.step()
	if got := h.last(memberID); got != "已记录 赵强 请假（#1）。\n如果按错了、能参加，发送 /meetings 后在 #1 下点“参加”即可改回。" {
		t.Errorf("reason asked again = %q", got)
	}
}
