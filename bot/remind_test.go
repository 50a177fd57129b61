package bot_test

import (
	"strings"
	"testing"
	"time"
)

// groupTexts is every bot message in the group after index from.
func (h *harness) groupTexts(from int) []string {
	var out []string
	for _, m := range h.srv.BotMessages(groupID)[from:] {
		out = append(out, m.Plain)
	}
	return out
}

func TestMeetingRemindersNameTheSilentOnce(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.meetingAt("党员大会") // 2026-11-25 19:00
	ann := h.srv.BotMessages(groupID)
	h.press(organizerID, ann[len(ann)-1].ID, "参加")
	h.say(memberID, memberID, "/start")       // 赵强 can be written to privately
	h.say(secretaryID, secretaryID, "/start") // the 书记's compliance reminders go there too
	start := len(h.srv.BotMessages(groupID))
	privBefore := len(h.srv.BotMessages(memberID))
	h.at(18, 59)
	h.clock.Set(time.Date(2026, 11, 24, 19, 0, 0, 0, testStart.Location()))
	h.remind()
	h.remind() // a second tick sends nothing twice
	got := h.groupTexts(start)
	if len(got) != 1 {
		t.Fatalf("24 h reminder: %d group messages %q, want exactly one", len(got), got)
	}
	golden(t, "remind_meeting_24h", got[0])
	if m, _ := h.srv.LastBotMessage(groupID); len(m.Buttons) == 0 {
		t.Errorf("the reminder has no answer buttons")
	}
	if n := len(h.srv.BotMessages(memberID)) - privBefore; n != 1 {
		t.Errorf("private notes to 赵强 = %d, want 1", n)
	}
	// 1 h before, the silent are told privately only: the group's next post
	// is the check-in opening with the 签到 button, half an hour later.
	h.clock.Set(time.Date(2026, 11, 25, 18, 0, 0, 0, testStart.Location()))
	h.remind()
	if n := len(h.srv.BotMessages(memberID)) - privBefore; n != 2 {
		t.Errorf("private notes to 赵强 after 1 h = %d, want 2", n)
	}
	h.clock.Set(time.Date(2026, 11, 25, 18, 30, 0, 0, testStart.Location()))
	h.remind()
	got = h.groupTexts(start + 1)
	if len(got) != 1 || got[0] != "开始签到：#1 党员大会 11月25日 周三 晚上 19:00 开始，现在可以签到了（21:00 前有效）。" {
		t.Errorf("after 1 h and check-in the group got %q, want the check-in post only", got)
	}
}

func TestRescheduledAndCancelledMeetingsMoveTheirReminders(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(secretaryID, secretaryID, "/start")
	h.meetingAt("支委会")
	h.say(groupID, secretaryID, "/meeting 1 改期 11月27日 19:00")
	start := len(h.srv.BotMessages(groupID))
	h.clock.Set(time.Date(2026, 11, 24, 19, 0, 0, 0, testStart.Location()))
	h.remind()
	if got := h.groupTexts(start); len(got) != 0 {
		t.Errorf("reminder at the old time: %q", got)
	}
	h.clock.Set(time.Date(2026, 11, 26, 19, 0, 0, 0, testStart.Location()))
	h.remind()
	if got := h.groupTexts(start); len(got) != 1 || !strings.Contains(got[0], "11月27日 周五 晚上 19:00") {
		t.Errorf("reminder at the new time: %q", got)
	}
	h.say(groupID, secretaryID, "/meeting 1 取消 改为线上学习")
	start = len(h.srv.BotMessages(groupID))
	h.clock.Set(time.Date(2026, 11, 27, 18, 0, 0, 0, testStart.Location()))
	h.remind()
	if got := h.groupTexts(start); len(got) != 0 {
		t.Errorf("reminder for a cancelled meeting: %q", got)
	}
}

func TestCustomReminders(t *testing.T) {
	h := newHarness(t)
	h.setup()
	tests := []struct {
		user       int64
		text, want string
	}{
		{secretaryID, "/remind 每月1日9点 交党费", "已设置提醒 #1（支部提醒）：交党费\n下次：12月1日 周二 上午 09:00"},
		{memberID, "/remind 明天上午10点 交学习心得", "已设置提醒 #2（个人提醒，私聊发送）：（内容不在群里显示）\n下次：11月22日 周日 上午 10:00"},
		{secretaryID, "/remind cron 0 8 * * 1 周一学习", "已设置提醒 #3（支部提醒）：周一学习\n下次：11月23日 周一 早上 08:00"},
		{secretaryID, "/remind", ""},
		{secretaryID, "/remind 昨天9点 过去", "按 11月20日 周五 上午 09:00 理解，提醒时间已经过去了，请写以后的时间，例如 明天上午9点。"},
		{secretaryID, "/remind 随便哪天 交党费", "时间看不懂：“随便哪天”。可以这样写：明天上午9点、每周五下午3点、每月最后一个工作日、每年七一。"},
		{secretaryID, "/remind cron * * * * * 每分钟", "提醒太频繁了：两次提醒至少间隔 10 分钟。"},
		{secretaryID, "/remind cron TZ=UTC 0 9 * * 交党费", "cron 格式看不懂：“TZ=UTC 0 9 * *”。请写 5 段：分 时 日 月 周，例如 cron 0 9 1 * *；不要写 TZ=。"},
		{secretaryID, "/remind 每天9点", "请写上提醒内容，例如 /remind 每月1日9点 交党费。"},
		{secretaryID, "/remind 每天 9点", "请写上提醒内容，例如 /remind 每月1日9点 交党费。"},
		{secretaryID, "/remind 明天 下午3点", "请写上提醒内容，例如 /remind 每月1日9点 交党费。"},
		{secretaryID, "/remind cron 0 9 30 2 * 二月三十日", "这个提醒永远不会触发，请检查时间。"},
		{secretaryID, "/remind 每月32日 交党费", "没有这个时间：“每月32日”，请检查日期和钟点。可以这样写：明天上午9点、每周五下午3点、每月最后一个工作日、每年七一。"},
		{memberID, "/remind 暂停 1", "只有书记、副书记、组织委员、宣传委员、纪检委员可以安排活动阶段、三会一课要求和支部提醒。"},
		{organizerID, "/remind 删除 2", "没有 #2 号提醒，或不是你能管理的提醒。发送 /reminders 查看。"},
	}
	for _, tt := range tests {
		got := h.say(groupID, tt.user, tt.text)
		if tt.want != "" && got != tt.want {
			t.Errorf("%s = %q, want %q", tt.text, got, tt.want)
		}
	}
	golden(t, "reminders_list", h.say(groupID, secretaryID, "/reminders"))
	golden(t, "upcoming", h.say(groupID, secretaryID, "/upcoming"))
	// In the group a member's own list shows that a personal reminder
	// exists, not what it says.
	if got := h.say(groupID, memberID, "/reminders"); strings.Contains(got, "交学习心得") || !strings.Contains(got, "（个人提醒，内容只在私聊里显示）") {
		t.Errorf("a member's /reminders in the group = %q", got)
	}
	h.say(memberID, memberID, "/start")
	h.clock.Set(time.Date(2026, 11, 22, 10, 0, 0, 0, testStart.Location()))
	h.remind()
	if got := h.last(memberID); got != "⏰ 交学习心得" {
		t.Errorf("private reminder = %q", got)
	}
	h.mustSay(groupID, secretaryID, "/remind 暂停 1", "已暂停提醒 #1。")
	start := len(h.srv.BotMessages(groupID))
	h.clock.Set(time.Date(2026, 12, 1, 9, 0, 0, 0, testStart.Location()))
	h.remind()
	for _, text := range h.groupTexts(start) {
		if strings.Contains(text, "交党费") {
			t.Errorf("a paused reminder was sent: %q", text)
		}
	}
}

func TestTooManyReminders(t *testing.T) {
	h := newHarness(t)
	h.setup()
	for i := range 50 {
		h.say(groupID, secretaryID, "/remind 每天9点 第"+strings.Repeat("条", i+1))
	}
	h.mustSay(groupID, secretaryID, "/remind 每天10点 多一条", "本支部的提醒已达上限（50 个）。请先用 /remind 删除 编号 删掉不用的。")
	// A member's personal reminders have their own limit: the branch's
	// full list does not stop them, and theirs do not fill the branch's.
	for i := range 20 {
		h.say(groupID, memberID, "/remind 每天8点 自己的第"+strings.Repeat("条", i+1))
	}
	h.mustSay(groupID, memberID, "/remind 每天8点 再一条", "你的个人提醒已达上限（20 个）。请先用 /reminders 查看，再用 /remind 删除 编号 删掉不用的。")
	if got := h.say(groupID, memberID, "/remind 删除 51"); !strings.HasPrefix(got, "已删除提醒 #51") {
		t.Errorf("deleting one's own reminder = %q", got)
	}
	if got := h.say(groupID, memberID, "/remind 每天8点 再一条"); !strings.HasPrefix(got, "已设置提醒") {
		t.Errorf("after deleting one, a new personal reminder = %q", got)
	}
}

func TestCampaignStagesAndReminders(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.mustSay(groupID, memberID, "/campaign new 主题教育", "只有书记、副书记、组织委员、宣传委员、纪检委员可以安排活动阶段、三会一课要求和支部提醒。")
	h.mustSay(groupID, secretaryID, "/campaign new 学习贯彻主题教育", "已新建活动 #1 “学习贯彻主题教育”。下一步用 /stage add 1 阶段名 开始 结束 添加阶段。")
	h.mustSay(groupID, secretaryID, "/stage add 1 学习动员 2026-12-01 2026-11-30", "阶段“学习动员”的结束日期（2026年11月30日）早于开始日期（2026年12月1日）。格式：阶段名 开始 结束。")
	h.mustSay(groupID, secretaryID, "/stage add 1 学习动员 2026-12-01 2026-12-10 要求很多", "不认识的要求“要求很多”。可写：承诺、提交:学习心得、会议:党员大会。")
	golden(t, "stages_added", h.say(groupID, secretaryID, "/stage add 1\n学习动员 2026-12-01 2026-12-10 承诺 提交:学习心得\n分析评议 2026-12-11 2026-12-31 会议:党员大会"))
	h.mustSay(groupID, secretaryID, "/stage add 1 整改提高 2026-12-20 2027-01-10", "阶段“整改提高”（2026年12月20日至2027年1月10日）和阶段“分析评议”（2026年12月11日至2026年12月31日）重叠了。请调整日期（相邻阶段可以首尾相接）。")
	h.mustSay(groupID, memberID, "/submit 1 心得", "阶段 #1 不在进行中，现在不能提交。")
	start := len(h.srv.BotMessages(groupID))
	h.clock.Set(time.Date(2026, 12, 1, 9, 0, 0, 0, testStart.Location()))
	h.remind()
	golden(t, "stage_start", strings.Join(h.groupTexts(start), "\n---\n"))
	h.mustSay(groupID, memberID, "/submit 1 学习心得：深刻领会……", "已收到 赵强 在阶段 #1 “学习动员”的提交。")
	h.mustSay(groupID, memberID, "/submit 2 心得", "阶段 #2 没有要求提交材料。")
	start = len(h.srv.BotMessages(groupID))
	h.clock.Set(time.Date(2026, 12, 3, 9, 0, 0, 0, testStart.Location())) // 7 days before the last day, 12-10
	h.remind()
	golden(t, "stage_soon", strings.Join(h.groupTexts(start), "\n---\n"))
	golden(t, "campaign_progress", h.say(groupID, memberID, "/campaign 1"))
}

func TestComplianceStatusAndReminder(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.meetingAt("支委会")
	h.at(19, 0)
	h.say(groupID, secretaryID, "/checkin 1")
	h.say(groupID, secretaryID, "/close 1")
	golden(t, "compliance", h.say(groupID, memberID, "/compliance"))
	h.mustSay(groupID, memberID, "/rules 党课 每月", "只有书记、副书记、组织委员、宣传委员、纪检委员可以安排活动阶段、三会一课要求和支部提醒。")
	h.mustSay(groupID, secretaryID, "/rules 党课 每周", "频率只能是：每月、每季度、每年、不要求。")
	h.mustSay(groupID, secretaryID, "/rules 党课 每月", "已将党课的要求改为：每月。")
	h.say(secretaryID, secretaryID, "/start")
	before := len(h.srv.BotMessages(secretaryID))
	h.clock.Set(time.Date(2026, 11, 29, 9, 0, 0, 0, testStart.Location())) // the day before the last of the month
	h.remind()
	msgs := h.srv.BotMessages(secretaryID)[before:]
	if len(msgs) != 1 {
		t.Fatalf("compliance reminders to the 书记 = %d, want 1", len(msgs))
	}
	golden(t, "remind_compliance", msgs[0].Plain)
}

// TestNewRemindersNotLate: a recurring reminder set after today's time, and a
// meeting published the evening before, send nothing "late" at once; they
// come at their next time, once.
func TestNewRemindersNotLate(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(secretaryID, secretaryID, "/start")
	h.clock.Set(time.Date(2026, 11, 21, 12, 30, 0, 0, testStart.Location()))
	h.say(groupID, secretaryID, "/remind 每天 8点 学习强国")
	h.clock.Set(time.Date(2026, 11, 21, 20, 0, 0, 0, testStart.Location()))
	h.schedule("/meeting 党员大会 明天19:00 地点:会议室")
	start := h.botCount(groupID)
	h.remind()
	h.clock.Advance(time.Minute)
	h.remind()
	for _, text := range h.groupTexts(start) {
		t.Errorf("right after they were made, the group got %q", text)
	}
	h.clock.Set(time.Date(2026, 11, 22, 8, 0, 0, 0, testStart.Location()))
	h.remind()
	h.clock.Set(time.Date(2026, 11, 22, 18, 0, 0, 0, testStart.Location()))
	h.remind()
	got := h.groupTexts(start)
	if len(got) != 1 || got[0] != "⏰ 学习强国" {
		t.Errorf("next day the group got %q, want the 08:00 reminder", got)
	}
	if last := h.last(secretaryID); !strings.HasPrefix(last, "提醒：#1 党员大会") {
		t.Errorf("the 1-hour meeting reminder to the silent 书记 = %q", last)
	}
	got = append(got, h.last(secretaryID))
	for _, text := range got {
		if strings.Contains(text, "晚发") {
			t.Errorf("a reminder on time says it is late: %q", text)
		}
	}
}

// TestComplianceTellsTheTruth: a 党课 closed with nobody there and a 党员大会
// below its quorum do not count, and /compliance says why; a 主题党日 past
// its end and never closed shows as 待结束 with what to do.
func TestComplianceTellsTheTruth(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.schedule("/meeting 党课 2026-11-23 19:00 地点:会议室 主讲:王教授")
	h.schedule("/meeting 党员大会 2026-11-24 19:00 地点:会议室")
	h.schedule("/meeting 主题党日 2026-11-25 09:00 地点:会议室")
	h.clock.Set(time.Date(2026, 11, 23, 21, 0, 0, 0, testStart.Location()))
	h.closeEmpty("1")
	h.clock.Set(time.Date(2026, 11, 24, 19, 0, 0, 0, testStart.Location()))
	h.say(groupID, secretaryID, "/checkin 2") // 1 of 3 full members: below the quorum
	h.clock.Set(time.Date(2026, 11, 24, 21, 0, 0, 0, testStart.Location()))
	h.say(groupID, secretaryID, "/close 2")
	h.clock.Set(time.Date(2026, 11, 25, 15, 0, 0, 0, testStart.Location()))
	got := h.say(groupID, memberID, "/compliance")
	for _, want := range []string{
		"党课｜2026年第四季度：待召开，还剩 36 天；#1 无人出席，不计入",
		"党员大会｜2026年第四季度：待召开，还剩 36 天；#2 到会人数未过半（实到 1 人，应到有表决权的 3 人），不计入",
		"⌛ 主题党日｜2026年11月：#3 已开始但还没结束，支委结束会议后才计入", // a member cannot /close
	} {
		if !strings.Contains(got, want) {
			t.Errorf("/compliance lacks %q:\n%s", want, got)
		}
	}
	if got := h.say(groupID, secretaryID, "/compliance"); !strings.Contains(got, "⌛ 主题党日｜2026年11月：#3 已开始但还没结束，请发送 /close 编号 结束会议后才计入") {
		t.Errorf("/compliance for the 书记 = %q, want told to /close", got)
	}
}

// TestOpenMeetingAsksToBeClosed: half an hour after a meeting ends, if
// nobody closed it, whoever scheduled it is asked privately, once; the group
// hears nothing of it.
func TestOpenMeetingAsksToBeClosed(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(secretaryID, secretaryID, "/start")
	h.meetingAt("党员大会")
	group, priv := h.botCount(groupID), h.botCount(secretaryID)
	h.at(21, 29)
	h.remind()
	h.at(21, 30)
	h.remind()
	h.at(22, 30)
	h.remind()
	var nags []string
	for _, m := range h.srv.BotMessages(secretaryID)[priv:] {
		if strings.HasPrefix(m.Plain, "请结束会议") {
			nags = append(nags, m.Plain)
		}
	}
	want := "请结束会议：#1 党员大会（11月25日 周三 晚上 19:00）已过结束时间，还没有记录结果。开完了请发送 /close 1 记录出勤；结束后才计入三会一课。"
	if len(nags) != 1 || nags[0] != want {
		t.Errorf("the 书记 was asked %q, want once %q", nags, want)
	}
	for _, text := range h.groupTexts(group) {
		if strings.Contains(text, "结束会议") {
			t.Errorf("the group heard of it: %q", text)
		}
	}
	// Still open on Monday, it is in the officers' weekly note, privately.
	priv = h.botCount(secretaryID)
	h.clock.Set(time.Date(2026, 11, 30, 9, 0, 0, 0, testStart.Location()))
	h.remind()
	h.clock.Advance(2 * time.Second) // a private chat takes one message a second
	h.flush()
	want = "支委周报（11月30日 周一）\n开过但还没有结束的会议（结束前不计入三会一课）：\n• #1 党员大会 11月25日 周三 晚上 19:00，请发送 /close 1"
	var notes []string
	for _, m := range h.srv.BotMessages(secretaryID)[priv:] {
		if strings.HasPrefix(m.Plain, "支委周报") {
			notes = append(notes, m.Plain)
		}
	}
	if len(notes) != 1 || notes[0] != want {
		t.Errorf("the weekly note = %q, want %q", notes, want)
	}
	// Closed, it is in no later note.
	h.closeEmpty("1")
	priv = h.botCount(secretaryID)
	h.clock.Set(time.Date(2026, 12, 7, 9, 0, 0, 0, testStart.Location()))
	h.remind()
	for _, m := range h.srv.BotMessages(secretaryID)[priv:] {
		if strings.Contains(m.Plain, "#1 党员大会") {
			t.Errorf("a closed meeting in the weekly note: %q", m.Plain)
		}
	}
	for _, text := range h.groupTexts(group) {
		if strings.Contains(text, "支委周报") {
			t.Errorf("the weekly note went to the group: %q", text)
		}
	}
}
