package bot_test

import (
	"strings"
	"testing"
	"time"
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
		{"/meeting 党课 11月20日 15:00 地点:图书馆 议题:党史", "按 11月20日 周五 下午 15:00 理解，这个时间已经过去了。要开以后的会，请写以后的时间，例如 明天晚上7点；线下已经开过的会，请在命令里加“补录”，只记入台账。"},
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
	const askTime = "第2步：请回复本消息写会议时间，例如 下周三晚上7点、11月22日 19:00–21:00。回复“取消”可退出。"
	const askPlace = "第3步：请回复本消息写会议地点。回复“取消”可退出。"
	long := strings.Repeat("楼", 4100)
	steps := []struct{ reply, want string }{
		{"下下周八", "时间看不懂：“下下周八”。可以这样写：明天下午3点、下周三晚上7点到9点、11月28日 19:00。\n" + askTime},
		{"后天下午", "请写上几点开会，例如 “后天下午3点”。\n" + askTime},
		{"昨天19:00", "按 11月20日 周五 晚上 19:00 理解，这个时间已经过去了。要开以后的会，请写以后的时间，例如 明天晚上7点；线下已经开过的会，请在时间后面加“补录”，例如 11月20日 15:00 补录。\n" + askTime},
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
	if got := h.replyToLast(secretaryID, "党史学习"); !strings.Contains(got, "类型：党课\n时间：11月25日 周三 晚上 19:00\n地点：环保楼508\n议题：党史学习") {
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
	h.srv.Reply(groupID, secretaryID, first, "昨天晚上八点")
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

// groupForm sets up two 党小组 and begins a guided 党小组会 as the 书记,
// returning the question asking for the group.
func (h *harness) groupForm() int {
	h.t.Helper()
	h.say(groupID, secretaryID, "/roster set 赵强 党小组 第二党小组")
	h.say(groupID, secretaryID, "/roster set 王芳 党小组 第一党小组")
	h.say(groupID, secretaryID, "/meeting")
	form, _ := h.srv.LastBotMessage(groupID)
	h.press(secretaryID, form.ID, "党小组会")
	q, _ := h.lastQuestion()
	return q
}

// TestGuidedFormEarlierButtons: a 党小组 button on an earlier question of a
// live form, after the step was asked again below, chooses the group (it
// used to answer that the form had timed out); once the form has gone on,
// an earlier button says so; someone else's press is refused.
func TestGuidedFormEarlierButtons(t *testing.T) {
	h := newHarness(t)
	h.setup()
	first := h.groupForm()
	h.srv.Reply(groupID, secretaryID, first, "第三党小组")
	h.step()
	again, _ := h.srv.LastBotMessage(groupID)
	if got := h.press(memberID, first, "第一党小组"); got != "这是发起人才能进行的操作。" {
		t.Errorf("someone else pressing the earlier question = %q", got)
	}
	if got := h.press(secretaryID, first, "第一党小组"); got != "安排会议\n党小组：第一党小组" {
		t.Errorf("pressing the earlier question = %q, want the group chosen", got)
	}
	for _, id := range []int{first, again.ID} {
		if m, _ := h.srv.Message(groupID, id); m.Plain != "安排会议\n党小组：第一党小组" || len(m.Buttons) != 0 {
			t.Errorf("question %d after the press = %q with %d rows, want the choice without buttons", id, m.Plain, len(m.Buttons))
		}
	}
	if got := h.last(groupID); !strings.HasPrefix(got, "第2步") {
		t.Fatalf("after the press the bot said %q, want the time asked", got)
	}

	// The group typed in reply leaves the question's buttons; the form goes on.
	h2 := newHarness(t)
	h2.setup()
	first = h2.groupForm()
	h2.srv.Reply(groupID, secretaryID, first, "第二党小组")
	h2.step()
	if got := h2.press(secretaryID, first, "第一党小组"); got != "这份会议表单已在后面的消息里继续，请在最新的表单消息上继续。" {
		t.Errorf("pressing a question the form has gone past = %q", got)
	}
	if got := h2.replyToLast(secretaryID, "下周三晚上7点"); !strings.HasPrefix(got, "第3步") {
		t.Errorf("the form after the earlier press: bot said %q, want the place asked", got)
	}
	place, _ := h2.lastQuestion()
	if got := h2.press(secretaryID, first, "取消"); got != "已退出会议表单，什么都没有保存。" {
		t.Errorf("取消 on an earlier question = %q, want the form cancelled", got)
	}
	if got := h2.message(place); got != "已退出会议表单，什么都没有保存。" {
		t.Errorf("the open question after 取消 = %q, want it cancelled", got)
	}
	posts := h2.botCount(groupID)
	h2.srv.Reply(groupID, secretaryID, place, "会议室")
	h2.step()
	if h2.botCount(groupID) != posts {
		t.Errorf("a reply after 取消: bot said %q, want the form gone", h2.last(groupID))
	}
}

// TestGuidedFormTimeExample: the time step's example is tomorrow evening,
// not a fixed date that may be past.
func TestGuidedFormTimeExample(t *testing.T) {
	h := newHarnessWith(t, harnessOptions{start: time.Date(2026, 12, 31, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))})
	h.setup()
	h.say(groupID, secretaryID, "/meeting")
	form, _ := h.srv.LastBotMessage(groupID)
	h.press(secretaryID, form.ID, "支委会")
	const want = "第2步：请回复本消息写会议时间，例如 下周三晚上7点、1月1日 19:00–21:00。回复“取消”可退出。"
	if got := h.last(groupID); got != want {
		t.Errorf("time question = %q, want %q", got, want)
	}
	// The example reads as it is written.
	if got := h.replyToLast(secretaryID, "1月1日 19:00–21:00"); !strings.HasPrefix(got, "第3步") {
		t.Errorf("the example typed back: bot said %q, want the place asked", got)
	}
}
