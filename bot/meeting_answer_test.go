package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"
)

// meetingAt schedules a 支委会 (李书记, 王芳 expected; 赵强 is no committee
// member) or a 党员大会 at 2026-11-25 19:00 and returns the announcement id.
func (h *harness) meetingAt(typ string) int {
	h.t.Helper()
	return h.schedule("/meeting " + typ + " 2026-11-25 19:00 地点:环保楼508 议题:学习全会精神")
}

// at moves the clock to 2026-11-25 hh:mm Shanghai time.
func (h *harness) at(hh, mm int) {
	h.clock.Set(time.Date(2026, 11, 25, hh, mm, 0, 0, testStart.Location()))
}

func TestAnswerButtonsAndCoalescedCounts(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ann := h.meetingAt("党员大会")
	if got := h.press(memberID, ann, "参加"); got != "已记录：你将参加 #1。" {
		t.Errorf("参加 answer = %q", got)
	}
	if !strings.Contains(h.message(ann), "应到 3 人｜参加 1｜请假 0｜未答复 2｜已签到 0") {
		t.Errorf("counts not refreshed at once: %q", h.message(ann))
	}
	edits := func() int { m, _ := h.srv.Message(groupID, ann); return m.Edits }
	before := edits()
	h.press(organizerID, ann, "参加")
	h.press(secretaryID, ann, "参加")
	if edits() != before {
		t.Errorf("announcement edited %d times within 5 s, want coalesced", edits()-before)
	}
	h.clock.Advance(5 * time.Second)
	h.tick()
	if edits() != before+1 || !strings.Contains(h.message(ann), "参加 3｜请假 0｜未答复 0") {
		t.Errorf("after the pause: %d edits, text %q", edits()-before, h.message(ann))
	}
	h.tick()
	if edits() != before+1 {
		t.Errorf("Tick edited again with nothing new")
	}
	// Pressing again changes one's answer.
	h.clock.Advance(time.Minute)
	h.say(memberID, memberID, "/start")
	h.press(memberID, ann, "请假")
	q, _ := h.questionIn(memberID) // asked privately
	h.srv.Reply(memberID, memberID, q, "临时出差")
	h.step()
	if !strings.Contains(h.message(ann), "参加 2｜请假 1｜未答复 0") {
		t.Errorf("after changing to 请假: %q", h.message(ann))
	}
}

func TestLeaveByReplyAndRejection(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ann := h.meetingAt("党员大会")
	// 赵强 never opened a private chat: the group gets a button to open it,
	// and the reason is asked there, never in the group.
	if got := h.press(memberID, ann, "请假"); got != "请在和我的私聊里写明请假原因。" {
		t.Errorf("请假 answer = %q", got)
	}
	hint, _ := h.srv.LastBotMessage(groupID)
	if hint.Plain != "赵强（@zhaoqiang）：请点下面的按钮和我私聊（屏蔽过我的请先解除屏蔽），写明 #1 的请假原因（原因只有支委能看到）。" ||
		len(hint.Buttons) != 1 || !strings.Contains(hint.Buttons[0][0].URL, "?start=leave_-100500_1") {
		t.Errorf("group hint = %q %+v", hint.Plain, hint.Buttons)
	}
	h.say(memberID, memberID, "/start leave_-100500_1") // the button opens the private chat
	q, text := h.questionIn(memberID)
	if text != "请回复本消息写明请假原因（#1 党员大会）。原因只有支委能看到。" {
		t.Errorf("question = %q", text)
	}
	h.srv.Reply(memberID, memberID, q, "出差<北京>")
	h.step()
	if got := h.last(memberID); got != "已记录 赵强 请假（#1）。\n如果按错了、能参加，发送 /meetings 后在 #1 下点“参加”即可改回。" {
		t.Errorf("leave = %q", got)
	}
	for _, m := range h.srv.BotMessages(groupID) {
		if strings.Contains(m.Plain, "出差") {
			t.Errorf("the reason reached the group: %q", m.Plain)
		}
	}
	h.mustSay(groupID, memberID, "/leave 1 驳回 王芳", "只有书记、副书记、组织委员、宣传委员、纪检委员可以管理考勤。")
	h.mustSay(groupID, secretaryID, "/leave 1 驳回 王芳", "王芳 在这次会议没有待批的请假。")
	// The rejection is told to 赵强 privately; the group reads only that
	// it was handled.
	groupStart := h.botCount(groupID)
	h.say(groupID, secretaryID, "/leave 1 驳回 赵强")
	if got := h.groupTexts(groupStart); len(got) != 1 || got[0] != "已处理 #1 的一条请假，结果会私信告知本人。" {
		t.Errorf("the group read %q after the rejection", got)
	}
	if got := h.last(memberID); got != "赵强，你在 #1 的请假未获批准，请按时参会；如未参加将记为缺席。" {
		t.Errorf("赵强 privately read %q", got)
	}
	h.mustSay(groupID, organizerID, "/leave 1 家里有事", "已记录 王芳 请假（#1）。")
	for _, tt := range []struct{ text, want string }{
		{"/leave", "用法：/leave 编号 原因，例如 /leave 3 出差在外地。"},
		{"/leave 1", "请写明请假原因。"},
		{"/leave abc 有事", "请写会议编号（数字），例如 /leave 3。发送 /meetings 查看编号。"},
		{"/leave 9 有事", "本支部没有 #9 号会议。发送 /meetings 查看会议列表。"},
		{"/leave 1 " + strings.Repeat("事", 201), "请假原因太长了（最多 200 个字）。"},
	} {
		h.mustSay(groupID, memberID, tt.text, tt.want)
	}
}

func TestCheckInWindowLateAndSignIn(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ann := h.meetingAt("党员大会")
	// Too early, the member is told when to come back.
	if got := h.press(memberID, ann, "签到"); got != "#1 还没到签到时间：11月25日 周三 晚上 18:30 开始签到（会前30分钟）。" {
		t.Errorf("early check-in = %q", got)
	}
	h.at(18, 35)
	if got := h.press(memberID, ann, "签到"); got != "签到成功。" {
		t.Errorf("check-in = %q", got)
	}
	h.at(19, 11)
	h.mustSay(groupID, organizerID, "/checkin", "王芳 已签到（#1，迟到）。")
	h.mustSay(groupID, memberID, "/checkin 1 李书记", "只有书记、副书记、组织委员、宣传委员、纪检委员可以管理考勤。")
	h.mustSay(groupID, organizerID, "/checkin 1 无名氏", "名册上没有“无名氏”。发送 /roster 查看名册。")
	h.mustSay(groupID, organizerID, "/checkin 1 李书记", "已为 李书记 签到（#1，19:11，迟到，由 王芳 代签）。")
	h.mustSay(groupID, organizerID, "/meeting 1 列席 钱老师", "已记录 钱老师 列席 #1。")
	h.mustSay(groupID, organizerID, "/meeting 1 列席 赵强", "赵强 本来就是这次会议的应到人员，请用 /checkin 1 赵强 代签。")
	h.at(21, 30)
	if got := h.press(memberID, ann, "签到"); got != "#1 的签到已在 11月25日 周三 晚上 21:00 截止（会议开始后2小时）。没签上的，请支委结束会议时补签。" {
		t.Errorf("late check-in = %q", got)
	}
	golden(t, "meeting_close_general", h.say(groupID, secretaryID, "/close 1"))
	q := h.srv.Press(groupID, memberID, ann, "a:1:y")
	h.step()
	// A member is told it is over, not how officers correct it.
	if got, _, _ := h.srv.CallbackAnswer(q); got != "#1 已结束，不能再答复或签到。" {
		t.Errorf("button after close = %q", got)
	}
}

func TestCloseRulesAndCorrection(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.meetingAt("支委会")
	h.mustSay(groupID, secretaryID, "/close 1", "#1 还没开始，不能结束。")
	h.at(19, 0)
	h.mustSay(groupID, memberID, "/close 1", "只有书记、副书记、组织委员、宣传委员、纪检委员可以管理考勤。")
	h.mustSay(groupID, secretaryID, "/close x", "请写会议编号（数字），例如 /close 3。发送 /meetings 查看编号。")
	h.mustSay(groupID, secretaryID, "/checkin 1 李书记", "已为 李书记 签到（#1，19:00）。")
	golden(t, "meeting_close_committee", h.say(groupID, secretaryID, "/close 1"))
	h.mustSay(groupID, secretaryID, "/close 1", "#1 已结束。需要更正请用 /meeting 1 更正 姓名 出席|迟到|请假|缺席。")
	h.mustSay(groupID, memberID, "/meeting 1 更正 王芳 出席", "只有书记、副书记、组织委员、宣传委员、纪检委员可以管理考勤。")
	h.mustSay(groupID, secretaryID, "/meeting 1 更正 王芳 到了", "结果只能是：出席、迟到、请假、缺席。")
	h.mustSay(groupID, secretaryID, "/meeting 1 更正 赵强 出席", "赵强 不是这次会议的应到人员。")
	// The group hears only that it was done, with the corrected counts (the
	// result posted at the close is out of date); the details go privately.
	h.mustSay(groupID, secretaryID, "/meeting 1 更正 王芳 出席", "已更正 #1 王芳 的考勤记录。\n更正后的结果：\n#1 支委会 已结束（11月25日 周三 晚上 19:00）\n应到 2｜实到 2（迟到 0）｜请假 0｜缺席 0｜列席 0\n出席率 100.0%\n支委应到 2，实到 2：超过半数，会议有效。")
	b, _ := h.db.BranchByChat(context.Background(), groupID)
	cs, _ := h.db.Changes(context.Background(), b.ID, 1)
	if len(cs) != 1 || cs[0].Action != "attendance.correct" || cs[0].Before != "缺席" || cs[0].After != "出席" || cs[0].ActorName != "李书记" {
		t.Errorf("audit = %+v, want the correction recorded", cs)
	}
}

func TestChangeAndCancelNotifyAnswered(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ann := h.meetingAt("党员大会")
	h.press(memberID, ann, "参加")
	golden(t, "meeting_reschedule", h.say(groupID, secretaryID, "/meeting 1 改期 11月26日 19:30"))
	h.mustSay(groupID, secretaryID, "/meeting 1 改期 昨天19:00", "按 11月20日 周五 晚上 19:00 理解，这个时间已经过去了。要开以后的会，请写以后的时间，例如 明天晚上7点；线下已经开过的会，请在命令里加“补录”，只记入台账。")
	h.mustSay(groupID, memberID, "/meeting 1 地点 别处", "只有书记、副书记、组织委员、宣传委员、纪检委员可以安排会议。")
	h.mustSay(groupID, secretaryID, "/meeting 1 取消", "请写明取消原因，例如 /meeting 1 取消 台风停课。")
	golden(t, "meeting_cancel", h.say(groupID, secretaryID, "/meeting 1 取消 台风停课"))
	if got := h.press(memberID, ann, "参加"); got != "#1 已取消，不能再答复或签到。" {
		t.Errorf("button after cancel = %q", got)
	}
	h.mustSay(groupID, secretaryID, "/meeting 2", "本支部没有 #2 号会议。发送 /meetings 查看会议列表。")
}

// TestCountsAddUp: 应到 = 参加 + 请假 + 未答复 on the notice: a member on
// leave who checks in came; a rejected leave owes an answer again, and the
// next reminder names them.
func TestCountsAddUp(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ann := h.meetingAt("党员大会")
	h.press(secretaryID, ann, "参加")
	h.say(groupID, memberID, "/leave 1 出差")
	h.say(groupID, organizerID, "/leave 1 家里有事")
	h.say(groupID, secretaryID, "/leave 1 驳回 王芳")
	h.clock.Set(time.Date(2026, 11, 24, 19, 0, 0, 0, testStart.Location())) // the 24-hour reminder
	h.remind()
	if got := h.last(groupID); !strings.Contains(got, "尚未答复：王芳") {
		t.Errorf("the reminder after a rejected leave = %q, want 王芳 named", got)
	}
	h.at(19, 0)
	h.say(groupID, secretaryID, "/checkin 1 赵强")
	h.clock.Advance(10 * time.Second)
	h.tick()
	if got := h.message(ann); !strings.Contains(got, "应到 3 人｜参加 2｜请假 0｜未答复 1｜已签到 1") {
		t.Errorf("notice = %q, want 参加 2 (李书记, 赵强 who came despite leave), 未答复 1 (王芳)", got)
	}
}

// A leave asked again after an officer rejected it stands, and that
// officer hears of it privately, with the reason; the group does not.
func TestLeaveAskedAgainAfterRejection(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.meetingAt("党员大会")
	h.say(secretaryID, secretaryID, "/start")
	h.say(groupID, memberID, "/leave 1 出差")
	h.say(groupID, secretaryID, "/leave 1 驳回 赵强")
	group := h.botCount(groupID)
	h.say(memberID, memberID, "/start")
	h.say(memberID, memberID, "/leave 1 单位临时派我去外地，确实走不开")
	want := "赵强 在 #1 的请假被你驳回后，又请了假，原因：单位临时派我去外地，确实走不开\n如仍不批准，请发送 /leave 1 驳回 赵强。"
	if got := h.last(secretaryID); got != want {
		t.Errorf("the rejecting officer was told %q, want %q", got, want)
	}
	for _, m := range h.srv.BotMessages(groupID)[group:] {
		if strings.Contains(m.Plain, "走不开") {
			t.Errorf("the reason reached the group: %q", m.Plain)
		}
	}
	// A first leave tells nobody.
	before := h.botCount(secretaryID)
	h.say(organizerID, organizerID, "/start")
	h.say(organizerID, organizerID, "/leave 1 家里有事")
	if h.botCount(secretaryID) != before {
		t.Errorf("a first leave was told to the 书记: %q", h.last(secretaryID))
	}
}
