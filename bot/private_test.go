package bot_test

import (
	"strings"
	"testing"
	"time"
)

// The private chat of someone on no roster: a greeting that says how to
// begin, help, group-only commands named, and a hint for plain text.
func TestPrivateChatOfAStranger(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.mustSay(guestID, guestID, "/start", "你好！我是支部助手。\n私聊已开启，以后需要私下告诉你的事（如详细名册、提醒）会发到这里。\n\n把我加入支部的群聊后，请群管理员发送 /setup 支部名称。发送 /help 查看帮助。")
	golden(t, "help_private", h.say(guestID, guestID, "/help"))
	for _, cmd := range []string{"whoami", "meetings", "pledge 读书", "attendance 我", "remind 明天9点 读书"} {
		h.mustSay(guestID, guestID, "/"+cmd, "你还不在任何支部的名册上，这里还办不了。\n请在支部群里发送 /join 你的姓名 申请加入；批准后，就可以在这里私下使用了。")
	}
	for _, cmd := range []string{"setup", "join"} {
		h.mustSay(guestID, guestID, "/"+cmd, "这个命令要在支部群里使用。请把我加入支部的群聊，在群里发送 /"+cmd+"。")
	}
	h.mustSay(guestID, guestID, "你好", "我只认得命令。发送 /help 查看可以用的命令；要答复会议，发送 /meetings 后点按钮。")
}

// A member does in private what concerns them: greeted by name and branch,
// sees and answers meetings by button, gives a leave reason, checks in,
// sees their attendance, makes a pledge, sets a personal reminder; the
// group sees only the counts change.
func TestPrivateChatOfAMember(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ann := h.meetingAt("党员大会")
	h.schedule("/meeting 支委会 2026-11-26 19:00 地点:办公室") // #2: 赵强 is not expected
	golden(t, "start_member", h.say(memberID, memberID, "/start"))
	golden(t, "help_private_member", h.say(memberID, memberID, "/help"))
	h.mustSay(memberID, memberID, "/whoami", "姓名：赵强\n状态：正式党员\n党小组：无\n职务：无\n支部：第一党支部")
	groupBefore := h.botCount(groupID)

	list := h.say(memberID, memberID, "/meetings")
	if !strings.Contains(list, "#1 党员大会") || !strings.Contains(list, "点下面的按钮答复是否参加") {
		t.Errorf("/meetings in private = %q", list)
	}
	m, _ := h.srv.LastBotMessage(memberID)
	for _, row := range m.Buttons {
		for _, x := range row {
			if strings.HasPrefix(x.Text, "#2") {
				t.Errorf("a button to answer the 支委会 he is not expected at: %q", x.Text)
			}
		}
	}
	if got := h.pressIn(memberID, memberID, m.ID, "#1 参加"); got != "已记录：你将参加 #1。" {
		t.Errorf("参加 in private = %q", got)
	}
	if !strings.Contains(h.message(ann), "参加 1｜请假 0｜未答复 2") {
		t.Errorf("announcement after a private answer: %q", h.message(ann))
	}
	// 请假 from the meeting's detail: the reason is asked and given here.
	h.say(memberID, memberID, "/meeting 1")
	m, _ = h.srv.LastBotMessage(memberID)
	h.pressIn(memberID, memberID, m.ID, "请假")
	q, _ := h.questionIn(memberID)
	h.srv.Reply(memberID, memberID, q, "陪母亲复查")
	h.step()
	if got := h.last(memberID); got != "已记录 赵强 请假（#1）。\n如果按错了、能参加，发送 /meetings 后在 #1 下点“参加”即可改回。" {
		t.Errorf("leave reason in private = %q", got)
	}
	h.clock.Advance(5 * time.Second)
	h.tick()
	if !strings.Contains(h.message(ann), "参加 0｜请假 1｜未答复 2") {
		t.Errorf("announcement after a private leave: %q", h.message(ann))
	}
	// Check in from the private chat when check-in opens.
	h.at(18, 45)
	if got := h.say(memberID, memberID, "/checkin"); !strings.Contains(got, "签到") {
		t.Errorf("/checkin in private = %q", got)
	}
	if got := h.say(memberID, memberID, "/attendance 我"); !strings.Contains(got, "赵强") {
		t.Errorf("/attendance 我 in private = %q", got)
	}
	// A pledge made in private, with its category chosen there.
	h.say(memberID, memberID, "/pledge 每月读一本书")
	m, _ = h.srv.LastBotMessage(memberID)
	if got := h.pressIn(memberID, memberID, m.ID, "学习"); got != "类别已改为：学习" {
		t.Errorf("category in private = %q", got)
	}
	if got := h.say(memberID, memberID, "/pledges 我"); !strings.Contains(got, "每月读一本书") {
		t.Errorf("/pledges 我 in private = %q", got)
	}
	if got := h.say(memberID, memberID, "/remind 明天晚上8点 吃降压药"); !strings.Contains(got, "吃降压药") {
		t.Errorf("/remind in private = %q", got)
	}
	// Scheduling is for officers, in private too.
	h.mustSay(memberID, memberID, "/meeting 党课 12月1日 19:00 地点:活动室", "只有书记、副书记、组织委员、宣传委员、纪检委员可以安排会议。")
	for _, m := range h.srv.BotMessages(groupID)[groupBefore:] {
		for _, private := range []string{"陪母亲复查", "吃降压药", "每月读一本书"} {
			if strings.Contains(m.Plain, private) {
				t.Errorf("group message %q shows %q", m.Plain, private)
			}
		}
	}
	if n := h.botCount(groupID) - groupBefore; n > 1 {
		t.Errorf("the member's private business made %d group messages, want at most the check-in note", n)
	}
}

// An officer's personal reminder is set in private; in the group the same
// command makes a branch reminder.
func TestPrivateReminderOfAnOfficer(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(secretaryID, secretaryID, "/start")
	// The group's /help leaves an officer's commands to the private chat.
	if got := h.say(groupID, secretaryID, "/help"); strings.Contains(got, "/export pledges") || !strings.Contains(got, "私聊我发送 /help") {
		t.Errorf("officer's /help in the group = %q", got)
	}
	if got := h.say(secretaryID, secretaryID, "/help"); !strings.Contains(got, "/export pledges") || !strings.Contains(got, "/pledges 待审") {
		t.Errorf("officer's /help in private = %q", got)
	}
	if got := h.say(secretaryID, secretaryID, "/remind 明天晚上8点 复查胃镜"); !strings.Contains(got, "个人") {
		t.Errorf("officer's /remind in private = %q, want a personal reminder", got)
	}
	if got := h.say(groupID, secretaryID, "/reminders"); strings.Contains(got, "复查胃镜") {
		t.Errorf("/reminders in the group shows the officer's personal reminder: %q", got)
	}
	if got := h.say(secretaryID, secretaryID, "/reminders"); !strings.Contains(got, "复查胃镜") {
		t.Errorf("/reminders in private = %q", got)
	}
}

// A private meeting reminder carries 参加 / 请假, and pressing them answers
// the meeting of the branch that sent it.
func TestPrivateReminderButtons(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(memberID, memberID, "/start")
	ann := h.meetingAt("党员大会")
	h.at(18, 0) // the 1-hour lead
	h.remind()
	var rem int
	for _, m := range h.srv.BotMessages(memberID) {
		if strings.HasPrefix(m.Plain, "提醒：#1 党员大会") {
			rem = m.ID
		}
	}
	if rem == 0 {
		t.Fatalf("no private reminder; private chat: %q", h.last(memberID))
	}
	if got := h.pressIn(memberID, memberID, rem, "参加"); got != "已记录：你将参加 #1。" {
		t.Errorf("参加 under the private reminder = %q", got)
	}
	if !strings.Contains(h.message(ann), "参加 1｜") {
		t.Errorf("announcement = %q", h.message(ann))
	}
}

// Someone in two branches chooses once by button; the command they sent
// runs once they chose, and /branch switches.
func TestPrivateChatInTwoBranches(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.srv.AddBot(otherGroup, guestID)
	h.step()
	h.say(otherGroup, guestID, "/setup 第二党支部")
	h.say(otherGroup, memberID, "/join 赵强")
	card, _ := h.srv.LastBotMessage(otherGroup)
	h.srv.PressButton(otherGroup, guestID, card.ID, "预备党员")
	h.step()
	h.say(memberID, memberID, "/start")
	if got := h.last(memberID); !strings.Contains(got, "你在 2 个支部的名册上") {
		t.Errorf("/start in two branches = %q", got)
	}
	h.say(memberID, memberID, "/whoami")
	choice, _ := h.srv.LastBotMessage(memberID)
	if !strings.HasPrefix(choice.Plain, "这件事要为哪个支部办理") {
		t.Fatalf("no choice: %q", choice.Plain)
	}
	h.pressIn(memberID, memberID, choice.ID, "第二党支部")
	if got := h.last(memberID); got != "姓名：赵强\n状态：预备党员\n党小组：无\n职务：无\n支部：第二党支部" {
		t.Errorf("the command after choosing = %q", got)
	}
	if m, _ := h.srv.Message(memberID, choice.ID); m.Plain != "好的，私聊里现在办理「第二党支部」的事。" {
		t.Errorf("the choice reads %q", m.Plain)
	}
	h.mustSay(memberID, memberID, "/whoami", "姓名：赵强\n状态：预备党员\n党小组：无\n职务：无\n支部：第二党支部")
	h.say(memberID, memberID, "/branch")
	sw, _ := h.srv.LastBotMessage(memberID)
	h.pressIn(memberID, memberID, sw.ID, "第一党支部")
	h.mustSay(memberID, memberID, "/whoami", "姓名：赵强\n状态：正式党员\n党小组：无\n职务：无\n支部：第一党支部")
	// A forged choice of a branch one is not in changes nothing.
	q := h.srv.Press(memberID, memberID, sw.ID, "b:999")
	h.step()
	if got, _, _ := h.srv.CallbackAnswer(q); got != "你不在这个支部的名册上。" {
		t.Errorf("forged choice = %q", got)
	}
	h.mustSay(memberID, memberID, "/whoami", "姓名：赵强\n状态：正式党员\n党小组：无\n职务：无\n支部：第一党支部")
}

// A forged private button naming a branch the presser is not in is
// refused; nothing changes.
func TestPrivateButtonForgedBranch(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ann := h.meetingAt("党员大会")
	h.srv.AddBot(otherGroup, guestID)
	h.step()
	h.say(otherGroup, guestID, "/setup 第二党支部")
	h.say(guestID, guestID, "/start")
	m, _ := h.srv.LastBotMessage(guestID)
	before := h.message(ann)
	q := h.srv.Press(guestID, guestID, m.ID, "a:1:y@-100500")
	h.step()
	if got, _, _ := h.srv.CallbackAnswer(q); !strings.Contains(got, "名册") {
		t.Errorf("forged private 参加 = %q", got)
	}
	// A private button naming no branch (made before buttons did) is
	// refused plainly.
	q = h.srv.Press(guestID, guestID, m.ID, "a:1:y")
	h.step()
	if got, _, _ := h.srv.CallbackAnswer(q); got != "这个按钮已失效。请重新发送命令。" {
		t.Errorf("untagged private 参加 = %q", got)
	}
	h.clock.Advance(5 * time.Second)
	h.tick()
	if h.message(ann) != before {
		t.Errorf("a forged press changed the announcement: %q", h.message(ann))
	}
}

// An answer button made before a meeting moved is not taken for the new
// time: the member is told the new time and place, and the refreshed
// buttons answer it.
func TestAnswerButtonOfAMovedMeeting(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ann := h.meetingAt("党员大会")
	h.say(memberID, memberID, "/start")
	h.say(memberID, memberID, "/meetings")
	list, _ := h.srv.LastBotMessage(memberID)
	h.say(memberID, memberID, "/meeting 1")
	old, _ := h.srv.LastBotMessage(memberID)
	h.say(groupID, secretaryID, "/meeting 1 改期 11月26日 19:30")
	h.pressIn(memberID, memberID, list.ID, "#1 参加")
	if m, _ := h.srv.Message(memberID, list.ID); m.Plain != list.Plain {
		t.Errorf("an old button on the list rewrote it: %q", m.Plain)
	}
	want := "会议 #1 已改为：11月26日 周四 晚上 19:30，环保楼508。这个按钮是改之前的，这次没有记录。答复过的，原答复仍然有效；要答复或改答复，请按新的按钮。"
	if got := h.pressIn(memberID, memberID, old.ID, "参加"); got != want {
		t.Errorf("参加 under the old time = %q, want %q", got, want)
	}
	if strings.Contains(h.message(ann), "参加 1") {
		t.Errorf("an answer to the old time was counted: %q", h.message(ann))
	}
	m, _ := h.srv.Message(memberID, old.ID)
	if !strings.Contains(m.Plain, "11月26日 周四 晚上 19:30") {
		t.Errorf("the private message was not refreshed: %q", m.Plain)
	}
	if got := h.pressIn(memberID, memberID, old.ID, "参加"); got != "已记录：你将参加 #1。" {
		t.Errorf("参加 on the refreshed message = %q", got)
	}
	// The group's announcement was edited with the new time: its buttons work.
	if got := h.press(organizerID, ann, "参加"); got != "已记录：你将参加 #1。" {
		t.Errorf("参加 on the edited announcement = %q", got)
	}
}

// An older member types the leave reason instead of replying to the
// question, the next morning: it is taken as the answer.
func TestPrivatePlainTextAnswersTheOpenQuestion(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ann := h.meetingAt("党员大会")
	h.say(memberID, memberID, "/start")
	h.press(memberID, ann, "请假")
	h.clock.Advance(14 * time.Hour)
	h.srv.SendText(memberID, memberID, "腿脚不好去不了")
	h.step()
	if got := h.last(memberID); got != "已记录 赵强 请假（#1）。\n如果按错了、能参加，发送 /meetings 后在 #1 下点“参加”即可改回。" {
		t.Errorf("plain text after the question = %q", got)
	}
	// With no question open, plain text gets the hint.
	h.srv.SendText(memberID, memberID, "谢谢")
	h.step()
	if got := h.last(memberID); !strings.HasPrefix(got, "我只认得命令") {
		t.Errorf("plain text with no question = %q", got)
	}
}

// What an officer does in private that the branch must know still reaches
// the group: a meeting's change of time; a member's claim goes where the
// officers confirm it; a removal is confirmed in private.
func TestPrivateActsThatTheGroupMustSee(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.meetingAt("党员大会")
	h.say(secretaryID, secretaryID, "/start")
	groupBefore := h.botCount(groupID)
	if got := h.say(secretaryID, secretaryID, "/meeting 1 改期 11月26日 19:30"); got != "已在群里通知 #1 的变更。" {
		t.Errorf("改期 in private = %q", got)
	}
	if got := h.last(groupID); !strings.Contains(got, "11月26日 周四 晚上 19:30") {
		t.Errorf("the group heard %q", got)
	}
	if h.botCount(groupID) != groupBefore+1 {
		t.Errorf("改期 in private made %d group posts, want 1", h.botCount(groupID)-groupBefore)
	}
	h.say(memberID, memberID, "/start")
	h.publish(memberID, "每月读一本书")
	if got := h.say(memberID, memberID, "/done 1 读完了"); got != "已在群里提交承诺 #1 的兑现申请，等支委确认。" {
		t.Errorf("/done in private = %q", got)
	}
	claim, _ := h.srv.LastBotMessage(groupID)
	if got := h.press(secretaryID, claim.ID, "确认兑现"); got != "确认兑现" {
		t.Errorf("确认兑现 on a claim made in private = %q", got)
	}
	// The approval was told to the member privately.
	var told bool
	for _, m := range h.srv.BotMessages(memberID) {
		told = told || strings.HasPrefix(m.Plain, "你的承诺 #1 已通过审核并公示")
	}
	if !told {
		t.Errorf("the member was not told privately that the pledge was approved")
	}
	groupBefore = h.botCount(groupID)
	h.say(secretaryID, secretaryID, "/roster remove 王芳")
	ask, _ := h.srv.LastBotMessage(secretaryID)
	if !strings.Contains(ask.Plain, "王芳") || h.botCount(groupID) != groupBefore {
		t.Fatalf("removal asked %q in private, %d group posts", ask.Plain, h.botCount(groupID)-groupBefore)
	}
	h.pressIn(secretaryID, secretaryID, ask.ID, "确认移出")
	if got := h.say(groupID, secretaryID, "/whoami"); !strings.Contains(got, "李书记") {
		t.Errorf("whoami = %q", got)
	}
	if got := h.say(secretaryID, secretaryID, "/roster"); strings.Contains(got, "王芳") {
		t.Errorf("王芳 still on the roster: %q", got)
	}
}

// An officer schedules with one line in private: the draft is confirmed
// there and the announcement is posted in the group, where its buttons
// work; the guided form is for the group.
func TestScheduleInPrivate(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(secretaryID, secretaryID, "/start")
	h.mustSay(secretaryID, secretaryID, "/meeting", "逐步填写的会议表单请在支部群里发送 /meeting。私聊里可以用一行安排：/meeting 类型 时间 地点:… 议题:…，确认后通知发到群里。")
	group := h.botCount(groupID)
	h.say(secretaryID, secretaryID, "/meeting 党课 2026-11-26 19:00 地点:活动室 议题:党章")
	draft, _ := h.srv.LastBotMessage(secretaryID)
	if !strings.HasPrefix(draft.Plain, "请确认会议信息") || h.botCount(groupID) != group {
		t.Fatalf("draft in private = %q; %d group posts", draft.Plain, h.botCount(groupID)-group)
	}
	h.pressIn(secretaryID, secretaryID, draft.ID, "确认发布")
	if m, _ := h.srv.Message(secretaryID, draft.ID); m.Plain != "已发布：会议通知 #1 已发到支部群。" {
		t.Errorf("the private draft reads %q", m.Plain)
	}
	ann, _ := h.srv.LastBotMessage(groupID)
	if !strings.HasPrefix(ann.Plain, "会议通知 #1 党课") || h.botCount(groupID) != group+1 {
		t.Fatalf("the group got %q (%d posts)", ann.Plain, h.botCount(groupID)-group)
	}
	if got := h.press(memberID, ann.ID, "参加"); got != "已记录：你将参加 #1。" {
		t.Errorf("参加 on the announcement = %q", got)
	}
	h.clock.Advance(5 * time.Second)
	h.tick()
	if !strings.Contains(h.message(ann.ID), "参加 1｜") {
		t.Errorf("the announcement's counts were not refreshed: %q", h.message(ann.ID))
	}
}

// A meeting closed in private: the officer reads the result there and the
// group gets it as its own post.
func TestCloseInPrivate(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.meetingAt("党员大会")
	h.say(secretaryID, secretaryID, "/start")
	h.at(19, 5)
	h.say(groupID, memberID, "/checkin 1")
	h.at(21, 0)
	got := h.say(secretaryID, secretaryID, "/close 1")
	if !strings.HasPrefix(got, "#1 党员大会 已结束") {
		t.Fatalf("/close in private = %q", got)
	}
	if h.last(groupID) != got {
		t.Errorf("the group read %q, want the result %q", h.last(groupID), got)
	}
}

// A 支委会 is not a plain member's to answer: 参加 and 请假 say so and
// record nothing.
func TestAnswerToAMeetingNotOnesOwn(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ann := h.meetingAt("支委会")
	before := h.message(ann)
	want := "#1 不在你的应到范围内（支委会只请支委，党小组会只请本组同志），不用答复。如需列席，请联系支委。"
	for _, label := range []string{"参加", "请假"} {
		if got := h.press(memberID, ann, label); got != want {
			t.Errorf("%s by a plain member = %q, want %q", label, got, want)
		}
	}
	h.clock.Advance(5 * time.Second)
	h.tick()
	if h.message(ann) != before {
		t.Errorf("the announcement changed: %q", h.message(ann))
	}
	if got := h.press(organizerID, ann, "参加"); got != "已记录：你将参加 #1。" {
		t.Errorf("a committee member's 参加 = %q", got)
	}
}
