package bot_test

import (
	"strings"
	"testing"
	"time"
)

// schedule proposes a meeting with one line and confirms it, returning the
// announcement's message id.
func (h *harness) schedule(line string) int {
	h.t.Helper()
	h.say(groupID, secretaryID, line)
	draft, _ := h.srv.LastBotMessage(groupID)
	if _, err := h.srv.PressButton(groupID, secretaryID, draft.ID, "确认发布"); err != nil {
		h.t.Fatalf("confirm %q: %v (bot said %q)", line, err, draft.Plain)
	}
	h.step()
	ann, _ := h.srv.LastBotMessage(groupID)
	return ann.ID
}

// press presses a labelled button as a user and returns the callback answer.
func (h *harness) press(userID int64, messageID int, label string) string {
	h.t.Helper()
	return h.pressIn(groupID, userID, messageID, label)
}

// pressIn presses a button of a message in any chat (a private chat too).
func (h *harness) pressIn(chatID, userID int64, messageID int, label string) string {
	h.t.Helper()
	q, err := h.srv.PressButton(chatID, userID, messageID, label)
	if err != nil {
		h.t.Fatalf("press %s: %v", label, err)
	}
	h.step()
	text, _, _ := h.srv.CallbackAnswer(q)
	return text
}

func (h *harness) message(id int) string {
	m, _ := h.srv.Message(groupID, id)
	return m.Plain
}

// Now is Saturday 2026-11-21 09:00 in Shanghai; 11月25日 is a Wednesday.
func TestScheduleOneLine(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/meeting 支委会 2026-11-25 19:00-21:00 地点:环保楼508 议题:学习全会精神 记录:王芳")
	golden(t, "meeting_draft", h.last(groupID))
	draft, _ := h.srv.LastBotMessage(groupID)
	posts := h.botCount(groupID)
	if got := h.press(secretaryID, draft.ID, "确认发布"); got != "确认发布" {
		t.Errorf("confirm answer = %q", got)
	}
	// The draft becomes the announcement: one post a meeting, not two.
	golden(t, "meeting_announce", h.message(draft.ID))
	if n := h.botCount(groupID) - posts; n != 0 {
		t.Errorf("confirming posted %d new messages (%q), want the draft edited into the announcement", n, h.last(groupID))
	}
}

func TestScheduleRefusals(t *testing.T) {
	h := newHarness(t)
	h.setup()
	long := strings.Repeat("学", 501)
	tests := []struct {
		name string
		user int64
		text string
		want string
	}{
		{"member", memberID, "/meeting 支委会 明天19:00 地点:会议室", "只有书记、副书记、组织委员、宣传委员、纪检委员可以安排会议。"},
		{"unknown type", secretaryID, "/meeting 茶话会 明天19:00 地点:会议室", "不认识的会议类型“茶话会”。可选：党员大会、支委会、党小组会、党课、主题党日、组织生活会、民主评议、其他。"},
		{"bad time", secretaryID, "/meeting 支委会 下下下周八 地点:会议室", "时间看不懂：“下下下周八”。可以这样写：明天下午3点、下周三晚上7点到9点、11月28日 19:00。"},
		{"impossible", secretaryID, "/meeting 支委会 2月30日 19:00 地点:会议室", "没有这个时间：“2月30日 19:00”，请检查日期和钟点。可以这样写：明天下午3点、下周三晚上7点到9点、11月28日 19:00。"},
		{"no clock", secretaryID, "/meeting 支委会 下周三 地点:会议室", "请写上几点开会，例如 “下周三 19:00” 或 “下周三晚上7点”。"},
		{"no time", secretaryID, "/meeting 支委会 地点:会议室", "请写上会议时间，例如 2026-11-25 19:00 或 下周三晚上7点。"},
		{"no place", secretaryID, "/meeting 支委会 明天19:00 议题:学习", "请写上地点，例如 地点:环保楼508。"},
		{"topic too long", secretaryID, "/meeting 支委会 明天19:00 地点:会议室 议题:" + long, "议题太长了（最多 500 个字，这里有 501 个字）：“" + strings.Repeat("学", 30) + "…”。"},
		{"past", secretaryID, "/meeting 支委会 昨天19:00 地点:会议室", "按 11月20日 周五 晚上 19:00 理解，这个时间已经过去了。要开以后的会，请写以后的时间，例如 明天晚上7点；线下已经开过的会，请在命令里加“补录”，只记入台账。"},
		{"number zero", secretaryID, "/meeting 0", "请写会议编号（数字），例如 /meeting 3。发送 /meetings 查看编号。"},
		{"negative number", secretaryID, "/meeting -3 取消 下雨", "请写会议编号（数字），例如 /meeting 3。发送 /meetings 查看编号。"},
		{"backfill future", secretaryID, "/meeting 支委会 补录 明天19:00 地点:会议室", "补录只能记录已经开过的会，这个时间还没到。"},
		{"end before start", secretaryID, "/meeting 支委会 明天19:00-18:00 地点:会议室", "“明天19:00-18:00”的结束早于开始：读作从 11月22日 周日 晚上 19:00 到 11月22日 周日 晚上 18:00。请把结束写在开始之后。可以这样写：明天下午3点、下周三晚上7点到9点、11月28日 19:00。"},
		{"group meeting without group", secretaryID, "/meeting 党小组会 明天19:00 地点:会议室", "党小组会要写明哪个党小组，例如 小组:第一党小组。"},
		{"unknown host", secretaryID, "/meeting 支委会 明天19:00 地点:会议室 主持:无名氏", "名册上没有“无名氏”，不能担任主持人或记录人。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.mustSay(groupID, tt.user, tt.text, tt.want)
		})
	}
	h.mustSay(groupID, memberID, "/meetings", "还没有安排会议。支委可以用 /meeting 安排。")
}

func TestBackfillRecordsPastMeeting(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.schedule("/meeting 党课 补录 11月20日 15:00 地点:图书馆 议题:党史 主讲:张教授")
	if got, want := h.last(groupID), "已补录 #1 党课（11月20日 周五 下午 15:00，图书馆）。请用 /checkin 1 姓名 补签到会同志，再用 /close 1 结束并生成记录。"; got != want {
		t.Errorf("backfill = %q, want %q", got, want)
	}
	// 补签 of a meeting held yesterday dates the presence at the meeting, not today.
	h.mustSay(groupID, secretaryID, "/checkin 1 赵强", "已为 赵强 签到（#1，11月20日 周五 下午 15:00，由 李书记 补签）。")
	golden(t, "meeting_close_backfill", h.say(groupID, secretaryID, "/close 1"))
}

func TestGuidedForm(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/meeting")
	form, _ := h.srv.LastBotMessage(groupID)
	if form.Plain != "安排会议（第1步，共4步）\n请选择会议类型：" || len(form.Buttons) != 3 {
		t.Fatalf("form = %q with %d rows", form.Plain, len(form.Buttons))
	}
	if got := h.press(memberID, form.ID, "支委会"); got != "这是发起人才能进行的操作。" {
		t.Errorf("someone else's press = %q", got)
	}
	h.press(secretaryID, form.ID, "支委会")
	steps := []struct{ reply, want string }{
		{"下下周八", "时间看不懂：“下下周八”。可以这样写：明天下午3点、下周三晚上7点到9点、11月28日 19:00。\n第2步：请回复本消息写会议时间，例如 下周三晚上7点、11月22日 19:00–21:00。回复“取消”可退出。"},
		{"下周三晚上7点", "第3步：请回复本消息写会议地点。回复“取消”可退出。"},
		{"环保楼508", "第4步：请回复本消息写会议议题（没有就回复“无”）。回复“取消”可退出。"},
		{"无", ""},
	}
	for _, s := range steps {
		q, _ := h.lastQuestion()
		h.srv.Reply(groupID, secretaryID, q, s.reply)
		h.step()
		if s.want != "" && h.last(groupID) != s.want {
			t.Errorf("reply %q: bot said %q, want %q", s.reply, h.last(groupID), s.want)
		}
	}
	golden(t, "meeting_form_draft", h.last(groupID))
}

// lastQuestion is the bot's latest message asking for a reply in the group.
func (h *harness) lastQuestion() (int, string) { return h.questionIn(groupID) }

// questionIn is the bot's latest message asking for a reply in a chat.
func (h *harness) questionIn(chatID int64) (int, string) {
	msgs := h.srv.BotMessages(chatID)
	for i := len(msgs) - 1; i >= 0; i-- {
		if strings.Contains(msgs[i].Plain, "回复本消息") {
			return msgs[i].ID, msgs[i].Plain
		}
	}
	h.t.Fatal("no question from the bot")
	return 0, ""
}

func TestGuidedFormCancelAndTimeout(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/meeting")
	form, _ := h.srv.LastBotMessage(groupID)
	h.press(secretaryID, form.ID, "取消")
	if got := h.message(form.ID); got != "已退出会议表单，什么都没有保存。" {
		t.Errorf("cancelled form = %q", got)
	}
	h.say(groupID, secretaryID, "/meeting")
	form, _ = h.srv.LastBotMessage(groupID)
	h.press(secretaryID, form.ID, "党课")
	q, _ := h.lastQuestion()
	h.srv.Reply(groupID, secretaryID, q, "取消")
	h.step()
	if got := h.last(groupID); got != "已退出会议表单，什么都没有保存。" {
		t.Errorf("cancel by reply = %q", got)
	}
	h.say(groupID, secretaryID, "/meeting")
	form, _ = h.srv.LastBotMessage(groupID)
	h.press(secretaryID, form.ID, "党课")
	q, _ = h.lastQuestion()
	h.clock.Advance(16 * time.Minute)
	h.tick()
	if got := h.last(groupID); got != "会议表单已超时取消。需要时请重新发送 /meeting。" {
		t.Errorf("timeout = %q", got)
	}
	h.srv.Reply(groupID, secretaryID, q, "明天19:00")
	h.step()
	if got := h.last(groupID); got != "这个提问已超时，你的回复没有记录。请重新操作。" {
		t.Errorf("reply after timeout answered %q, want it told the question timed out", got)
	}
}

// TestIdleTickReadsNothing: the housekeeping the run loop does every second
// reads the database only when a question may have timed out — once at
// start, then at the time-out — and the time-out is announced on time, a
// restart in between.
func TestIdleTickReadsNothing(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ctx := t.Context()
	h.bot.Tick(ctx) // learns when the next question times out
	idle := func(seconds int) int64 {
		t.Helper()
		before := h.stmts.Load()
		for range seconds {
			h.clock.Advance(time.Second)
			h.bot.Tick(ctx)
		}
		return h.stmts.Load() - before
	}
	if n := idle(600); n != 0 {
		t.Errorf("ten idle minutes ran %d SQL statements, want 0", n)
	}
	h.say(groupID, secretaryID, "/meeting")
	form, _ := h.srv.LastBotMessage(groupID)
	h.press(secretaryID, form.ID, "党课")
	if n := idle(14 * 60); n != 0 {
		t.Errorf("14 minutes waiting for an answer ran %d SQL statements, want 0", n)
	}
	h.restart()
	h.bot.Tick(ctx)
	if n := idle(59); n != 0 {
		t.Errorf("after a restart, a minute waiting ran %d SQL statements, want 0", n)
	}
	if got := h.last(groupID); got == "会议表单已超时取消。需要时请重新发送 /meeting。" {
		t.Fatalf("the form timed out after 15 minutes, want 15 minutes and more")
	}
	idle(2)
	h.flush()
	if got := h.last(groupID); got != "会议表单已超时取消。需要时请重新发送 /meeting。" {
		t.Errorf("after 15 minutes the group read %q, want the time-out", got)
	}
}

// A place and topic with HTML's special characters survive the confirmation:
// the draft becomes the announcement with them shown literally.
func TestConfirmDraftWithMarkup(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/meeting 支委会 2026-11-25 19:00 地点:A&B楼<3层> 议题:学习&讨论")
	draft, _ := h.srv.LastBotMessage(groupID)
	if got := h.press(secretaryID, draft.ID, "确认发布"); got != "确认发布" {
		t.Errorf("confirm answer = %q", got)
	}
	m, _ := h.srv.Message(groupID, draft.ID)
	if !strings.HasPrefix(m.Plain, "会议通知 #1") || !strings.Contains(m.Plain, "A&B楼<3层>") || !strings.Contains(m.Plain, "学习&讨论") {
		t.Errorf("draft after confirm = %q, want the announcement with the place and topic as typed", m.Plain)
	}
	if len(m.Buttons) != 1 || len(m.Buttons[0]) != 3 {
		t.Errorf("announcement buttons = %v, want 参加 请假 签到", m.Buttons)
	}
}
