package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
)

func day(m time.Month, d, hh int) time.Time {
	return time.Date(2026, m, d, hh, 0, 0, 0, testStart.Location())
}

func TestPledgeRemindersPrivateOrDigest(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.publish(memberID, "走访困难群众 截止 12月10日")
	h.publish(organizerID, "组织志愿服务 截止 12月10日")
	h.say(memberID, memberID, "/start") // 赵强 reachable, 王芳 not
	start, priv := len(h.srv.BotMessages(groupID)), len(h.srv.BotMessages(memberID))
	h.clock.Set(day(12, 3, 9)) // 7 days before
	h.remind()
	h.clock.Set(day(12, 3, 10))
	h.remind()
	if got := h.srv.BotMessages(memberID)[priv:]; len(got) != 1 || !strings.HasPrefix(got[0].Plain, "提醒：你的承诺 #1 将于 12月10日 周四 到期（还有7天）") {
		t.Errorf("private pledge reminder = %+v", got)
	}
	digest := h.groupTexts(start)
	if len(digest) != 1 || !strings.Contains(digest[0], "王芳：#2 组织志愿服务") || strings.Contains(digest[0], "赵强") {
		t.Errorf("group digest = %q, want one naming only 王芳", digest)
	}
}

func TestCallNagNamesTheMissingOnce(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/pledgecall 请回复提交承诺 截止 12月10日")
	call, _ := h.srv.LastBotMessage(groupID)
	h.srv.Reply(groupID, memberID, call.ID, "每周读书")
	h.step()
	start := len(h.srv.BotMessages(groupID))
	h.clock.Set(day(12, 7, 9))
	h.remind()
	h.remind()
	got := h.groupTexts(start)
	if len(got) != 1 || got[0] != "承诺征集提醒：#1 “请回复提交承诺”将于 12月10日 周四 截止。\n尚未回复：李书记（@lishuji）、王芳。请回复征集消息提交承诺。" {
		t.Errorf("call nag = %q", got)
	}
}

func TestAbsenceStreakFlaggedToSecretaryOnly(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(secretaryID, secretaryID, "/start")
	// 党员大会 in Aug, Sep and Oct (backfilled): 赵强 never attends.
	for _, m := range []string{"9月20日", "10月20日", "11月20日"} {
		h.schedule("/meeting 党员大会 补录 " + m + " 19:00 地点:会议室")
	}
	for n := 1; n <= 3; n++ {
		h.say(groupID, secretaryID, "/checkin "+itoa(int64(n))+" 李书记")
		h.say(groupID, secretaryID, "/checkin "+itoa(int64(n))+" 王芳")
		h.say(groupID, secretaryID, "/close "+itoa(int64(n)))
	}
	start, priv := len(h.srv.BotMessages(groupID)), len(h.srv.BotMessages(secretaryID))
	h.clock.Set(day(12, 1, 9))
	h.remind()
	msgs := h.srv.BotMessages(secretaryID)[priv:]
	found := false
	for _, m := range msgs {
		if strings.HasPrefix(m.Plain, "出勤关注") {
			found = true
			if !strings.Contains(m.Plain, "赵强：连续 3 个月") || strings.Contains(m.Plain, "王芳") {
				t.Errorf("absence flag = %q", m.Plain)
			}
		}
	}
	if !found {
		t.Errorf("no absence flag to the 书记; got %d private messages", len(msgs))
	}
	for _, text := range h.groupTexts(start) {
		if strings.Contains(text, "出勤关注") || strings.Contains(text, "连续") {
			t.Errorf("an absence flag went to the group: %q", text)
		}
	}
}

func TestEngineSkipsAMalformedReminder(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/remind 每天9点 早学习")
	br, _ := h.db.BranchByChat(context.Background(), groupID)
	if _, err := h.db.CreateReminder(context.Background(), zhibu.Reminder{BranchID: br.ID, Text: "坏的", Spec: "cron 这不是 cron"}); err != nil {
		t.Fatal(err)
	}
	start := len(h.srv.BotMessages(groupID))
	h.clock.Set(day(11, 22, 9))
	h.remind()
	if got := h.groupTexts(start); len(got) != 1 || got[0] != "⏰ 早学习" {
		t.Errorf("with a malformed reminder beside it: %q", got)
	}
}

func TestBlockedMemberFallsBackToTheDigest(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.publish(memberID, "走访困难群众 截止 12月10日")
	h.say(memberID, memberID, "/start")
	h.srv.BlockBot(memberID, true)
	start := len(h.srv.BotMessages(groupID))
	h.clock.Set(day(12, 3, 9))
	h.remind() // the private reminder is forbidden: 赵强 becomes unreachable
	h.clock.Set(day(12, 9, 9))
	h.remind() // the 1-day reminder goes to the group digest instead
	got := h.groupTexts(start)
	if len(got) == 0 || !strings.Contains(got[len(got)-1], "赵强（@zhaoqiang）：#1 走访困难群众") {
		t.Errorf("after blocking, group = %q", got)
	}
}

func TestQuietHoursWaitForTheMorning(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/remind 明天23:00 夜里的提醒")
	start := len(h.srv.BotMessages(groupID))
	h.clock.Set(time.Date(2026, 11, 22, 23, 0, 0, 0, testStart.Location()))
	h.remind()
	if got := h.groupTexts(start); len(got) != 0 {
		t.Errorf("sent in quiet hours: %q", got)
	}
	h.clock.Set(time.Date(2026, 11, 23, 7, 30, 0, 0, testStart.Location()))
	h.remind()
	if got := h.groupTexts(start); len(got) != 1 || !strings.Contains(got[0], "夜里的提醒") {
		t.Errorf("after quiet hours: %q", got)
	}
	// A meeting starting at 22:30 is reminded an hour before, in quiet
	// hours: privately (so close to the start, the check-in post is the
	// group's).
	h.schedule("/meeting 支委会 11月24日 22:30 地点:线上")
	h.say(organizerID, organizerID, "/start")
	priv := h.botCount(organizerID)
	h.clock.Set(time.Date(2026, 11, 24, 21, 30, 0, 0, testStart.Location()))
	h.remind()
	var got []string
	for _, m := range h.srv.BotMessages(organizerID)[priv:] {
		if strings.HasPrefix(m.Plain, "提醒：#1 支委会") {
			got = append(got, m.Plain)
		}
	}
	if len(got) != 1 {
		t.Errorf("urgent meeting reminder in quiet hours: %q", got)
	}
}

func TestRulesQuietHoursAndLeadTimes(t *testing.T) {
	h := newHarness(t)
	h.setup()
	for _, tt := range []struct {
		user       int64
		text, want string
	}{
		{memberID, "/rules 免打扰 23:00-07:00", "只有书记、副书记、组织委员、宣传委员、纪检委员可以安排活动阶段、三会一课要求和支部提醒。"},
		{secretaryID, "/rules 免打扰 晚上", "用法：/rules 免打扰 22:00-07:30，或 /rules 免打扰 无"},
		{secretaryID, "/rules 免打扰 23:00-07:00", "免打扰时段已改为 23:00—07:00。"},
		{secretaryID, "/rules 会议提醒 5分钟", "用法：/rules 会议提醒 24小时 1小时（1 到 4 个，每个在 10分钟 到 7天 之间）"},
		{secretaryID, "/rules 会议提醒 2天 2小时", "会议提醒改为会前 48小时、2小时。"},
	} {
		h.mustSay(groupID, tt.user, tt.text, tt.want)
	}
	golden(t, "rules", h.say(groupID, memberID, "/rules"))
	h.meetingAt("支委会") // 11-25 19:00: reminded 11-23 19:00 and 11-25 17:00
	start := len(h.srv.BotMessages(groupID))
	h.clock.Set(time.Date(2026, 11, 23, 19, 0, 0, 0, testStart.Location()))
	h.remind()
	h.clock.Set(time.Date(2026, 11, 25, 17, 0, 0, 0, testStart.Location()))
	h.remind()
	var got []string
	for _, text := range h.groupTexts(start) {
		if strings.HasPrefix(text, "会议提醒") {
			got = append(got, text)
		}
	}
	if len(got) != 2 || !strings.Contains(got[0], "（2天后）") || !strings.Contains(got[1], "（2小时后）") {
		t.Errorf("reminders with the branch's lead times = %q", got)
	}
}

func TestOverdueDigestToOfficersAndStageSummary(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.publish(memberID, "月底交心得 截止 11月25日")
	h.say(organizerID, organizerID, "/start")
	h.say(groupID, secretaryID, "/campaign new 主题教育")
	h.say(groupID, secretaryID, "/stage add 1 学习动员 2026-11-22 2026-11-28 承诺")
	before := len(h.srv.BotMessages(organizerID))
	start := len(h.srv.BotMessages(groupID))
	h.clock.Set(day(11, 30, 9)) // Monday: the overdue digest; the day after the stage: its summary
	h.remind()
	var digest []string
	for _, m := range h.srv.BotMessages(organizerID)[before:] {
		if strings.HasPrefix(m.Plain, "支委周报") {
			digest = append(digest, m.Plain)
		}
	}
	if len(digest) != 1 || !strings.Contains(digest[0], "赵强：#1 月底交心得") {
		t.Errorf("overdue digest to 王芳 = %q", digest)
	}
	var summary []string
	for _, text := range h.groupTexts(start) {
		if strings.HasPrefix(text, "阶段小结") {
			summary = append(summary, text)
		}
		if strings.HasPrefix(text, "支委周报") {
			t.Errorf("the overdue digest went to the group: %q", text)
		}
	}
	if len(summary) != 1 || summary[0] != "阶段小结：学习动员 已结束\n• 李书记（@lishuji）：缺公示承诺\n• 王芳：缺公示承诺" {
		t.Errorf("stage summary = %q", summary)
	}
}
