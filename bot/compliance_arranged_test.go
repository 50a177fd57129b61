package bot_test

import (
	"strings"
	"testing"
	"time"
)

// TestComplianceArranged: a 支委会 scheduled later in the month shows in
// /compliance as arranged, and the 书记's compliance reminder does not ask
// for it (it used to say 支委会尚未召开); one scheduled next month or
// cancelled leaves its requirement due.
func TestComplianceArranged(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(secretaryID, secretaryID, "/start")
	h.schedule("/meeting 支委会 11月24日 15:00 地点:书记办公室 议题:审议发展对象")
	h.schedule("/meeting 主题党日 12月2日 9:00 地点:广场")
	h.schedule("/meeting 党课 11月26日 19:00 地点:图书馆")
	h.say(groupID, secretaryID, "/meeting 3 取消 讲课老师出差")
	got := h.say(groupID, memberID, "/compliance")
	for _, want := range []string{
		"📅 支委会｜2026年11月：已安排 #1（11月24日 周二 下午 15:00）",
		"⏳ 主题党日｜2026年11月：待召开，还剩 9 天",
		"⏳ 党课｜2026年第四季度：待召开，还剩 40 天",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("/compliance = %q, want a line %q", got, want)
		}
	}

	before := h.botCount(secretaryID)
	h.clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, testStart.Location())) // 7 days before the month's last
	h.remind()
	msgs := h.srv.BotMessages(secretaryID)[before:]
	if len(msgs) != 1 || msgs[0].Plain != "三会一课提醒：\n• 2026年11月：主题党日尚未召开，还剩 7 天" {
		var texts []string
		for _, m := range msgs {
			texts = append(texts, m.Plain)
		}
		t.Errorf("compliance reminders to the 书记 = %q, want 主题党日 alone", texts)
	}

	// Held and not closed, it waits for /close; closed, it is held.
	h.clock.Set(time.Date(2026, 11, 24, 18, 0, 0, 0, testStart.Location()))
	if got := h.say(groupID, secretaryID, "/compliance"); !strings.Contains(got, "⌛ 支委会｜2026年11月：#1 已开始但还没结束") {
		t.Errorf("/compliance after the meeting = %q, want it to be closed", got)
	}
	h.say(groupID, secretaryID, "/checkin 1 王芳")
	h.say(groupID, secretaryID, "/close 1")
	if got := h.say(groupID, secretaryID, "/compliance"); !strings.Contains(got, "✅ 支委会｜2026年11月：已召开（11月24日）") {
		t.Errorf("/compliance after the close = %q, want it held", got)
	}
}

// A meeting held and not closed is never called not held: the 书记 is
// asked to close it (trial).
func TestComplianceReminderNamesTheMeetingToClose(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(secretaryID, secretaryID, "/start")
	h.schedule("/meeting 支委会 11月22日 15:00 地点:书记办公室")
	before := h.botCount(secretaryID)
	h.clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, testStart.Location())) // 7 days before the month's last
	h.remind()
	var texts []string
	for _, m := range h.srv.BotMessages(secretaryID)[before:] {
		texts = append(texts, m.Plain)
	}
	all := strings.Join(texts, "\n")
	if strings.Contains(all, "支委会尚未召开") || !strings.Contains(all, "请发送 /close 1") {
		t.Errorf("reminders to the 书记 = %q, want /close 1 asked for and no 支委会尚未召开", texts)
	}
}
