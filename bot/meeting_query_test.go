package bot_test

import (
	"strings"
	"testing"
)

// heldMeetings schedules and closes two meetings: a 党员大会 where 赵强 took
// leave and 王芳 was absent, and a 支委会 both officers attended.
func (h *harness) heldMeetings() {
	h.t.Helper()
	h.meetingAt("党员大会")
	h.mustSay(groupID, memberID, "/leave 1 出差", "已记录 赵强 请假（#1）。")
	h.schedule("/meeting 支委会 2026-11-25 21:00 地点:办公室")
	h.at(19, 0)
	h.say(groupID, secretaryID, "/checkin 1")
	h.at(21, 0)
	h.say(groupID, secretaryID, "/checkin 2")
	h.say(groupID, organizerID, "/checkin 2")
	h.say(groupID, secretaryID, "/close 1")
	h.say(groupID, secretaryID, "/close 2")
}

func TestMinutesVersionsKept(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.meetingAt("支委会")
	h.mustSay(groupID, memberID, "/minutes 1 我来写", "只有书记、副书记、组织委员、宣传委员、纪检委员可以写会议记录。")
	h.mustSay(groupID, secretaryID, "/minutes 1 一、传达全会精神。\n二、讨论<发展>计划 & 预算 🌟", "已保存 #1 的会议记录（第 1 版）。")
	h.say(groupID, secretaryID, "/minutes 1")
	q, text := h.lastQuestion()
	if text != "请回复本消息，写入 #1 支委会 的会议记录正文（议题、发言、表决情况、决议等）。" {
		t.Errorf("question = %q", text)
	}
	h.srv.Reply(groupID, secretaryID, q, "修订：表决 5 票赞成。")
	h.step()
	if got := h.last(groupID); got != "已保存 #1 的会议记录（第 2 版，之前的版本仍保留）。" {
		t.Errorf("second version = %q", got)
	}
	h.mustSay(groupID, secretaryID, "/minutes", "用法：/minutes 编号 正文，或先发 /minutes 编号 再回复机器人的提问。")
	h.mustSay(groupID, secretaryID, "/minutes 1 "+strings.Repeat("字", 20001), "会议记录太长了（最多 20000 字）。请分成几段，用 /minutes 编号 再补充一版。")
	vs, err := h.db.MinutesOf(t.Context(), 1)
	if err != nil || len(vs) != 2 || vs[0].Text != "一、传达全会精神。\n二、讨论<发展>计划 & 预算 🌟" {
		t.Errorf("stored minutes = %+v (%v), want both versions, the first exactly as written", vs, err)
	}
}

func TestMeetingsListAndDetail(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.heldMeetings()
	h.schedule("/meeting 党课 2026-11-28 15:00 地点:图书馆 主讲:张教授")
	golden(t, "meetings_list", h.say(groupID, memberID, "/meetings"))
	golden(t, "meeting_detail_member", h.say(groupID, memberID, "/meeting 1"))
	h.say(secretaryID, secretaryID, "/start")
	h.quiet(secretaryID, "/meeting 1")
	golden(t, "meeting_detail_officer", h.last(secretaryID))
	if strings.Contains(h.say(groupID, memberID, "/meeting 1"), "出差") {
		t.Errorf("a leave reason was shown to a member")
	}
}

func TestAttendanceStatsPrivate(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.heldMeetings()
	// 王芳 never started a private chat: nothing private goes to the group.
	if got := h.say(groupID, organizerID, "/attendance"); got != "这些信息只私下发给本人或支委。请先点下面的按钮和我私聊（发送 /start），再回群里重发命令。" {
		t.Errorf("without private chat = %q", got)
	}
	h.say(organizerID, organizerID, "/start")
	h.quiet(organizerID, "/attendance")
	golden(t, "attendance_officer", h.last(organizerID))
	h.quiet(organizerID, "/attendance 本月 支委会")
	golden(t, "attendance_officer_committee", h.last(organizerID))
	h.say(memberID, memberID, "/start")
	h.mustSay(groupID, memberID, "/attendance 王芳", "只有书记、副书记、组织委员、宣传委员、纪检委员可以查看全体出勤。")
	for _, text := range []string{"/attendance 我", "/attendance"} {
		h.quiet(memberID, text)
		if got := h.last(memberID); strings.Contains(got, "王芳") || !strings.Contains(got, "赵强｜1｜0｜1｜0｜0｜0.0%") {
			t.Errorf("%s for a member = %q, want only their own row", text, got)
		}
	}
	h.mustSay(groupID, organizerID, "/attendance 下下季度", "时间看不懂：“下下季度”。可以这样写：本季度、上个月、今年、2026年11月1日至11月15日。")
	h.mustSay(groupID, guestID, "/attendance", "你还不在本支部名册上。请发送 /join 你的姓名 申请加入，例如 /join 张三。")
}

func TestExportAttendance(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.heldMeetings()
	h.mustSay(groupID, memberID, "/export attendance", "只有书记、副书记、组织委员、宣传委员、纪检委员可以导出台账。")
	h.mustSay(groupID, secretaryID, "/export", "用法：/export attendance [期间]（考勤台账，例如 /export attendance 今年）或 /export pledges（承诺台账）。")
	h.say(secretaryID, secretaryID, "/start")
	h.quiet(secretaryID, "/export attendance 今年")
	var docs []string
	for _, m := range h.srv.BotMessages(secretaryID) {
		if m.Document != nil {
			docs = append(docs, m.Document.Name)
			if m.Document.Size == 0 {
				t.Errorf("%s is empty", m.Document.Name)
			}
		}
	}
	if strings.Join(docs, ",") != "考勤台账-2026年.xlsx,考勤台账-2026年.csv" {
		t.Errorf("documents = %v", docs)
	}
	msgs := h.srv.BotMessages(secretaryID)
	csv := string(msgs[len(msgs)-1].Document.Content)
	if !strings.HasPrefix(csv, "\uFEFF") || !strings.Contains(csv, "赵强") {
		t.Errorf("CSV = %q, want BOM and the members", csv)
	}
}

func TestGroupLeaderRunsOwnGroupMeeting(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/roster set 赵强 党小组 第一党小组")
	h.say(groupID, secretaryID, "/role 赵强 党小组长")
	h.say(groupID, secretaryID, "/roster add 陈静 正式党员 第一党小组")
	h.say(groupID, memberID, "/meeting 党小组会 2026-11-25 19:00 地点:教室")
	draft, _ := h.srv.LastBotMessage(groupID)
	if !strings.Contains(draft.Plain, "类型：党小组会（第一党小组）") || !strings.Contains(draft.Plain, "应到：2 人") {
		t.Fatalf("group leader's draft = %q", draft.Plain)
	}
	// Its host is the group's 党小组长 unless another is named, also when
	// the 书记 schedules it.
	if !strings.Contains(draft.Plain, "主持人：赵强") {
		t.Errorf("a 党小组会's default host: %q", draft.Plain)
	}
	h.say(groupID, secretaryID, "/meeting 党小组会 2026-11-26 19:00 地点:教室 小组:第一党小组")
	if d, _ := h.srv.LastBotMessage(groupID); !strings.Contains(d.Plain, "主持人：赵强") {
		t.Errorf("the 书记's draft of a 党小组会: %q", d.Plain)
	}
	h.press(memberID, draft.ID, "确认发布")
	h.mustSay(groupID, memberID, "/meeting 支委会 2026-11-25 19:00 地点:教室", "只有书记、副书记、组织委员、宣传委员、纪检委员可以安排会议。")
	h.at(19, 5)
	h.mustSay(groupID, memberID, "/checkin 1 陈静", "已为 陈静 签到（#1，19:05，由 赵强 代签）。")
	h.mustSay(groupID, memberID, "/close 1", "#1 党小组会 已结束（11月25日 周三 晚上 19:00）\n应到 2｜实到 1（迟到 0）｜请假 0｜缺席 1｜列席 0\n出席率 50.0%")
}

func TestMeetingOfAnotherBranchNotFound(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.meetingAt("支委会")
	h.srv.AddBot(otherGroup, guestID)
	h.step()
	h.say(otherGroup, guestID, "/setup 第二党支部")
	for _, text := range []string{"/meeting 1", "/leave 1 有事", "/checkin 1", "/close 1"} {
		h.mustSay(otherGroup, guestID, text, "本支部没有 #1 号会议。发送 /meetings 查看会议列表。")
	}
	q := h.srv.Press(otherGroup, guestID, 1, "a:1:y")
	h.step()
	if got, _, _ := h.srv.CallbackAnswer(q); got != "本支部没有 #1 号会议。发送 /meetings 查看会议列表。" {
		t.Errorf("forged press = %q", got)
	}
}
