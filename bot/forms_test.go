package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

// TestMeetingLineAnyOrder: the keyword fields of a one-line /meeting and
// 补录 are read in any order after the type and time — 补录 at the end
// (as the README writes it) is not swallowed into 议题.
func TestMeetingLineAnyOrder(t *testing.T) {
	tests := []struct {
		name, line string
		want       []string // lines the draft must show
		backfill   bool
	}{
		{"补录 last, README order", "/meeting 党课 11月20日 15:00 地点:图书馆 议题:党史 主讲:张教授 补录",
			[]string{"地点：图书馆", "议题：党史", "主讲人：张教授"}, true},
		{"补录 between fields", "/meeting 党课 11月20日 15:00 议题:党史 补录 地点:图书馆",
			[]string{"地点：图书馆", "议题：党史"}, true},
		{"补录 first", "/meeting 党课 补录 11月20日 15:00 地点:图书馆 议题:党史",
			[]string{"地点：图书馆", "议题：党史"}, true},
		{"fields reversed", "/meeting 支委会 2026-11-25 19:00 记录:王芳 主持:王芳 议题:学习全会精神 地点:环保楼508",
			[]string{"地点：环保楼508", "议题：学习全会精神", "主持人：王芳", "记录人：王芳"}, false},
		{"topic with spaces before place", "/meeting 支委会 2026-11-25 19:00 议题:学习 全会 精神 地点:环保楼 508",
			[]string{"地点：环保楼 508", "议题：学习 全会 精神"}, false},
		{"full-width colons", "/meeting 支委会 2026-11-25 19:00 地点：环保楼508 主持人：王芳",
			[]string{"地点：环保楼508", "主持人：王芳"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.setup()
			got := h.say(groupID, secretaryID, tt.line)
			if !strings.HasPrefix(got, "请确认会议信息") {
				t.Fatalf("%s: bot said %q, want a draft", tt.line, got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w+"\n") && !strings.HasSuffix(got, w) {
					t.Errorf("draft = %q, want a line %q", got, w)
				}
			}
			if b := strings.Contains(got, "（补录"); b != tt.backfill {
				t.Errorf("draft = %q, backfill shown = %v, want %v", got, b, tt.backfill)
			}
			if strings.Contains(got, "议题：党史 补录") {
				t.Errorf("draft = %q: 补录 swallowed into 议题", got)
			}
		})
	}
}

func TestMeetingLineRefusals(t *testing.T) {
	h := newHarness(t)
	h.setup()
	before := h.snapshot(groupID)
	for _, tt := range []struct{ line, want string }{
		{"/meeting 支委会 2026-11-25 19:00 地点:甲 议题:学习 地点:乙", "“地点:”写了两次，请只写一次。"},
		{"/meeting 支委会 后天下午 地点:会议室", "请写上几点开会，例如 “后天下午3点”。"},
		{"/meeting 支委会 今晚 地点:会议室", "请写上几点开会，例如 “今晚7点”。"},
		{"/meeting 支委会 下周三 地点:会议室", "请写上几点开会，例如 “下周三 19:00” 或 “下周三晚上7点”。"},
		{"/meeting 党课 11月20日 15:00 地点:图书馆 议题:党史", "这个时间已经过去了。如果是线下已经开过的会，请在命令里加“补录”，只记入台账。"},
	} {
		h.mustSay(groupID, secretaryID, tt.line, tt.want)
	}
	h.unchanged(groupID, before)
	h.mustSay(groupID, memberID, "/meetings", "还没有安排会议。支委可以用 /meeting 安排。")
}

// replyToLast replies to the bot's latest question in the group and
// returns what the bot said last.
func (h *harness) replyToLast(userID int64, text string) string {
	h.t.Helper()
	q, _ := h.lastQuestion()
	h.srv.Reply(groupID, userID, q, text)
	h.step()
	return h.last(groupID)
}

// TestGuidedFormKeepsInput: a wrong answer is refused at its step with the
// reason and the step asked again in the same message, so a reply to the
// refusal goes on; nothing typed before is lost.
func TestGuidedFormKeepsInput(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/meeting")
	form, _ := h.srv.LastBotMessage(groupID)
	h.press(secretaryID, form.ID, "党课")
	const askTime = "第2步：请回复本消息写会议时间，例如 下周三晚上7点、11月25日19:00-21:00。回复“取消”可退出。"
	const askPlace = "第3步：请回复本消息写会议地点。回复“取消”可退出。"
	long := strings.Repeat("楼", 4100)
	steps := []struct{ reply, want string }{
		{"下下周八", "时间看不懂：“下下周八”。请写成 2026-11-25 19:00、11月25日19点 或 下周三晚上7点。\n" + askTime},
		{"后天下午", "请写上几点开会，例如 “后天下午3点”。\n" + askTime},
		{"昨天19:00", "这个时间已经过去了。如果是线下已经开过的会，请在时间后面加“补录”，例如 11月20日 15:00 补录。\n" + askTime},
		{"明天19:00 补录", "补录只能记录已经开过的会，这个时间还没到。\n" + askTime},
		{"下周三晚上7点", askPlace},
		{long, "地点太长了（最多 100 个字，这里有 4100 个字）：“" + strings.Repeat("楼", 30) + "…”。\n" + askPlace},
		{"环保楼508", "第4步：请回复本消息写会议议题（没有就回复“无”）。回复“取消”可退出。"},
	}
	for _, s := range steps {
		// Each reply answers the latest message, which after a refusal is the refusal itself.
		if got := h.replyToLast(secretaryID, s.reply); got != s.want {
			t.Errorf("reply %.20q: bot said %q, want %q", s.reply, got, s.want)
		}
	}
	if got := h.replyToLast(secretaryID, "党史学习"); !strings.Contains(got, "类型：党课\n时间：11月25日 周三 19:00\n地点：环保楼508\n议题：党史学习") {
		t.Errorf("draft = %q, want every answer kept", got)
	}
}

// TestGuidedFormStrayReply: after a refusal, a reply to the earlier
// question (not the refusal) still answers the step being asked.
func TestGuidedFormStrayReply(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/meeting")
	form, _ := h.srv.LastBotMessage(groupID)
	h.press(secretaryID, form.ID, "支委会")
	first, _ := h.lastQuestion()
	h.srv.Reply(groupID, secretaryID, first, "八点")
	h.step()
	h.srv.Reply(groupID, secretaryID, first, "下周三晚上7点")
	h.step()
	if got := h.last(groupID); got != "第3步：请回复本消息写会议地点。回复“取消”可退出。" {
		t.Errorf("reply to the first question after a refusal: bot said %q, want the place asked", got)
	}
}

// TestGuidedFormTypedType: the type may be typed in reply to the type
// question, and an unknown one is asked again with the buttons.
func TestGuidedFormTypedType(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/meeting")
	form, _ := h.srv.LastBotMessage(groupID)
	h.srv.Reply(groupID, secretaryID, form.ID, "茶话会")
	h.step()
	m, _ := h.srv.LastBotMessage(groupID)
	if !strings.HasPrefix(m.Plain, "不认识的会议类型“茶话会”。") || len(m.Buttons) != 3 {
		t.Errorf("unknown type typed: bot said %q with %d rows of buttons, want the refusal and the type buttons again", m.Plain, len(m.Buttons))
	}
	h.srv.Reply(groupID, secretaryID, m.ID, "支委会")
	h.step()
	if got := h.last(groupID); !strings.HasPrefix(got, "第2步") {
		t.Errorf("type typed: bot said %q, want the time asked", got)
	}
}

// TestGuidedFormGroups: the 党小组 step offers the branch's groups as
// buttons; an unknown group typed is refused at that step; a 党小组长 is
// offered only their own group's meeting and is not asked which group.
func TestGuidedFormGroups(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/meeting")
	form, _ := h.srv.LastBotMessage(groupID)
	if got := h.press(secretaryID, form.ID, "党小组会"); got != "本支部还没有党小组，不能安排党小组会。可先用 /roster set 姓名 党小组 第一党小组 给同志分组。" {
		t.Errorf("党小组会 without groups = %q", got)
	}
	h.say(groupID, secretaryID, "/roster set 赵强 党小组 第二党小组")
	h.say(groupID, secretaryID, "/roster set 王芳 党小组 第一党小组")
	h.say(groupID, secretaryID, "/meeting")
	form, _ = h.srv.LastBotMessage(groupID)
	h.press(secretaryID, form.ID, "党小组会")
	q, _ := h.srv.LastBotMessage(groupID)
	if q.Plain != "党小组会：请点选党小组，或回复本消息写党小组名称。回复“取消”可退出。" || len(q.Buttons) != 2 ||
		q.Buttons[0][0].Text != "第一党小组" || q.Buttons[0][1].Text != "第二党小组" {
		t.Fatalf("group question = %q with buttons %v, want the two groups offered", q.Plain, q.Buttons)
	}
	h.srv.Reply(groupID, secretaryID, q.ID, "第三党小组")
	h.step()
	q, _ = h.srv.LastBotMessage(groupID)
	if !strings.HasPrefix(q.Plain, "名册上没有党小组“第三党小组”。") || len(q.Buttons) != 2 {
		t.Fatalf("unknown group = %q with %d rows, want refused and asked again with the buttons", q.Plain, len(q.Buttons))
	}
	h.press(secretaryID, q.ID, "第二党小组")
	if got := h.message(q.ID); got != "安排会议\n党小组：第二党小组" {
		t.Errorf("group question after the press = %q", got)
	}
	h.replyToLast(secretaryID, "下周三晚上7点")
	h.replyToLast(secretaryID, "会议室")
	if got := h.replyToLast(secretaryID, "无"); !strings.Contains(got, "类型：党小组会（第二党小组）") || !strings.Contains(got, "应到：1 人") {
		t.Errorf("draft = %q, want the 第二党小组 meeting", got)
	}

	h.mustSay(groupID, secretaryID, "/role 赵强 党小组长", "已任命 赵强 为党小组长。")
	h.say(groupID, memberID, "/meeting")
	form, _ = h.srv.LastBotMessage(groupID)
	if len(form.Buttons) != 2 || form.Buttons[0][0].Text != "党小组会" {
		t.Fatalf("a 党小组长's form offers %v, want 党小组会 only", form.Buttons)
	}
	h.press(memberID, form.ID, "党小组会")
	if got := h.last(groupID); !strings.HasPrefix(got, "第2步") {
		t.Errorf("a 党小组长 choosing 党小组会: bot said %q, want the time asked (their own group)", got)
	}
	h.replyToLast(memberID, "下周三晚上7点")
	h.replyToLast(memberID, "会议室")
	if got := h.replyToLast(memberID, "无"); !strings.Contains(got, "类型：党小组会（第二党小组）") {
		t.Errorf("a 党小组长's draft = %q, want their own group", got)
	}
	h.mustSay(groupID, guestID, "/meeting", "你还不在本支部名册上。请发送 /join 你的姓名 申请加入，例如 /join 张三。")
}

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
	if got := h.say(groupID, secretaryID, "/close 1"); !strings.Contains(got, "实到 0（迟到 0）｜请假 0｜缺席 3｜列席 1") {
		t.Errorf("close = %q, want 赵强 absent and one observer", got)
	}
	h.mustSay(groupID, organizerID, "/checkin 1 撤销 赵强", "#1 已结束。需要更正请用 /meeting 1 更正 姓名 出席|迟到|请假|缺席。")
	h.mustSay(groupID, memberID, "/checkin 1", "#1 已结束，不能再答复或签到。")
}

// TestRemoveOfficerAsksFirst: taking someone with an office off the roster
// is confirmed with buttons; a plain member is removed at once.
func TestRemoveOfficerAsksFirst(t *testing.T) {
	h := newHarness(t)
	h.setup()
	before := h.snapshot(groupID)
	if got := h.say(groupID, secretaryID, "/roster remove 王芳"); got != "确认移出名册？\n王芳 现任组织委员。移出名册将同时免去其职务，历史记录仍保留。" {
		t.Fatalf("remove an officer = %q, want a confirmation", got)
	}
	ask, _ := h.srv.LastBotMessage(groupID)
	if got := h.press(organizerID, ask.ID, "确认移出"); got != "这是发起人才能进行的操作。" {
		t.Errorf("someone else's press = %q", got)
	}
	h.press(secretaryID, ask.ID, "取消")
	if got := h.message(ask.ID); got != "已取消，没有移出任何人。" {
		t.Errorf("after 取消 = %q", got)
	}
	h.unchanged(groupID, before)

	h.say(groupID, secretaryID, "/roster remove 王芳")
	ask, _ = h.srv.LastBotMessage(groupID)
	h.clock.Advance(16 * time.Minute)
	if got := h.press(secretaryID, ask.ID, "确认移出"); got != "这个确认已超时，没有移出任何人。需要时请重新发送 /roster remove 姓名。" {
		t.Errorf("late press = %q", got)
	}
	h.unchanged(groupID, before)

	// Left alone, the question times out and its buttons go.
	h.say(groupID, secretaryID, "/roster remove 王芳")
	ask, _ = h.srv.LastBotMessage(groupID)
	h.clock.Advance(16 * time.Minute)
	h.tick()
	if m, _ := h.srv.Message(groupID, ask.ID); m.Plain != "这个确认已超时，没有移出任何人。需要时请重新发送 /roster remove 姓名。" || len(m.Buttons) != 0 {
		t.Errorf("timed-out confirmation = %q with buttons %v", m.Plain, m.Buttons)
	}
	h.unchanged(groupID, before)

	h.say(groupID, secretaryID, "/roster remove 王芳")
	ask, _ = h.srv.LastBotMessage(groupID)
	if got := h.press(secretaryID, ask.ID, "确认移出"); got != "确认移出" {
		t.Errorf("confirm = %q", got)
	}
	if got := h.message(ask.ID); got != "已把 王芳 移出名册。历史记录仍保留，以后的会议不再计入应到。" {
		t.Errorf("after 确认移出 = %q", got)
	}
	if cs := h.changes(1); len(cs) != 1 || cs[0].Action != "member.remove" || cs[0].Subject != "王芳" {
		t.Errorf("audit = %+v, want the removal", cs)
	}
	h.mustSay(groupID, secretaryID, "/roster remove 赵强", "已把 赵强 移出名册。历史记录仍保留，以后的会议不再计入应到。")
	h.mustSay(groupID, secretaryID, "/roster remove 赵强", "“赵强”已移出名册。如需恢复，请用 /roster add 赵强。")
	h.mustSay(groupID, secretaryID, "/roster remove 李书记", "支部至少要保留一名书记。请先用 /role 姓名 书记 任命另一位书记。")
}

// TestHintsFollowTheReader: a plain member who types an officer's command
// wrongly, or reads a state officers act on, is never told to use a
// command only officers may use (being told who may is fine).
func TestHintsFollowTheReader(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.meetingAt("党员大会")
	h.at(19, 0)
	h.say(groupID, secretaryID, "/close 1")
	officerOnly := []string{"更正", "/roster add", "/roster set", "/roster remove", "/roster import", "/role ", "/close",
		"/export", "/stage", "/campaign new", "/rules 类型", "/pledgecall", "/pledges 待审", "统计", "驳回", "代签", "/meeting 编号 改期"}
	for _, text := range []string{
		"/checkin 1", "/meeting 1 foo", "/meeting help", "/meeting 1 主持", "/roster foo", "/roster add", "/roster set",
		"/roster remove", "/role", "/close x", "/close", "/export", "/export foo", "/stage", "/stage add x",
		"/campaign help", "/campaign", "/campaign x", "/rules", "/rules 党课", "/compliance", "/pledgecall 结束 x",
		"/pledges 张 三", "/leave", "/pledges 李书记",
	} {
		got := h.say(groupID, memberID, text)
		for _, w := range officerOnly {
			// "只有…可以…" and "支委可以用…" say who may; they do not tell the member to.
			if strings.Contains(got, w) && !strings.HasPrefix(got, "只有") && !strings.Contains(got, "支委可以用 "+w) {
				t.Errorf("a member's %q was answered %q, which suggests %q", text, got, w)
			}
		}
	}
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
	if got := h.last(memberID); got != "已记录 赵强 请假（#1）。" {
		t.Errorf("reason asked again = %q", got)
	}
}

// TestOverlongInput: a 4,100-character argument to any command is refused
// with a short message that says what was wrong first, quoting at most a
// few words of it; nothing is stored. (The emulator fails the test on any
// message over Telegram's 4,096 characters.)
func TestOverlongInput(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.meetingAt("党员大会")
	h.say(groupID, secretaryID, "/campaign new 主题教育")
	long := strings.Repeat("测", 4100)
	before := h.snapshot(groupID)
	tests := []struct {
		user int64
		text string
	}{
		{secretaryID, "/setup " + long},
		{secretaryID, "/meeting " + long},
		{secretaryID, "/meeting 支委会 " + long},
		{secretaryID, "/meeting 支委会 明天19:00 地点:" + long},
		{secretaryID, "/meeting 支委会 明天19:00 地点:会议室 议题:" + long},
		{secretaryID, "/meeting 1 地点 " + long},
		{secretaryID, "/meeting 1 改期 " + long},
		{secretaryID, "/meeting 1 取消 " + long},
		{secretaryID, "/meeting 1 列席 " + long},
		{secretaryID, "/meeting 1 记录 " + long},
		{guestID, "/join " + long},
		{secretaryID, "/roster add " + long},
		{secretaryID, "/roster set 赵强 党小组 " + long},
		{secretaryID, "/roster set 赵强 姓名 " + long},
		{secretaryID, "/roster remove " + long},
		{secretaryID, "/role " + long + " 组织委员"},
		{secretaryID, "/checkin 1 " + long},
		{memberID, "/leave 1 " + long},
		{memberID, "/pledge " + long},
		{memberID, "/pledges " + long},
		{secretaryID, "/pledgecall " + long},
		{secretaryID, "/campaign new " + long},
		{secretaryID, "/stage add 1 " + long},
		{memberID, "/submit 1 " + long},
		{secretaryID, "/remind 明天9点 " + long},
		{secretaryID, "/remind " + long},
		{secretaryID, "/attendance " + long},
		{secretaryID, "/export attendance " + long},
		{secretaryID, "/rules " + long + " 每月"},
	}
	for _, tt := range tests {
		n := h.botCount(groupID)
		got := h.say(groupID, tt.user, tt.text)
		name := tt.text[:strings.Index(tt.text, "测")]
		if h.botCount(groupID) != n+1 {
			t.Errorf("%s…: %d messages, want one reply", name, h.botCount(groupID)-n)
		}
		if strings.Contains(got, strings.Repeat("测", maxEchoTest+1)) {
			t.Errorf("%s…: reply quotes more than %d characters of the input: %.80q", name, maxEchoTest, got)
		}
		if strings.HasPrefix(got, "“") || len([]rune(got)) > 300 {
			t.Errorf("%s…: reply = %.120q, want a short one saying what is wrong first", name, got)
		}
	}
	quoted := "“" + strings.Repeat("测", 30) + "…”。"
	h.mustSay(groupID, secretaryID, "/setup "+long, "支部名称太长了（最多 40 个字，这里有 4100 个字）："+quoted)
	h.mustSay(groupID, secretaryID, "/meeting 1 取消 "+long, "取消原因太长了（最多 200 个字，这里有 4100 个字）："+quoted)
	h.unchanged(groupID, before)
	if got := h.say(groupID, memberID, "/meetings"); strings.Count(got, "#") != 1 {
		t.Errorf("/meetings = %q, want only the one meeting scheduled before", got)
	}
}

// maxEchoTest is how many characters of their input a reply may quote.
const maxEchoTest = 30

// TestGuidedFormRosterChangedMeanwhile: when the draft no longer holds at
// the end (the group emptied while the form was filled in), the last step
// is asked again with the reason; the form is not dropped.
func TestGuidedFormRosterChangedMeanwhile(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/roster set 赵强 党小组 第二党小组")
	h.say(groupID, secretaryID, "/meeting")
	form, _ := h.srv.LastBotMessage(groupID)
	h.press(secretaryID, form.ID, "党小组会")
	q, _ := h.srv.LastBotMessage(groupID)
	h.press(secretaryID, q.ID, "第二党小组")
	h.replyToLast(secretaryID, "下周三晚上7点")
	h.replyToLast(secretaryID, "会议室")
	h.say(groupID, secretaryID, "/roster set 赵强 党小组 无")
	want := "名册上没有党小组“第二党小组”。发送 /roster 查看。\n第4步：请回复本消息写会议议题（没有就回复“无”）。回复“取消”可退出。"
	if got := h.replyToLast(secretaryID, "无"); got != want {
		t.Errorf("draft after the group emptied = %q, want %q", got, want)
	}
	if got := h.replyToLast(secretaryID, "取消"); got != "已退出会议表单，什么都没有保存。" {
		t.Errorf("cancel = %q", got)
	}
}
