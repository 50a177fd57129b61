package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/zhibu/zhibu/bot/telegramtest"
)

// at is a wall-clock time in the test branch's zone.
func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, testStart.Location())
}

// since returns the bot's messages in a chat after the first n.
func (h *harness) since(chatID int64, n int) []telegramtest.Message {
	return h.srv.BotMessages(chatID)[n:]
}

// plains is what members read of messages.
func plains(ms []telegramtest.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Plain)
	}
	return out
}

// A member's own reminder comes at the hour they asked, even in the
// branch's quiet hours: they protect the group, not a person from their own
// reminder.
func TestPersonalReminderComesAtTheHourAsked(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(memberID, memberID, "/start")
	h.mustSay(memberID, memberID, "/remind 今晚10点半 吃药", "已设置提醒 #1（个人提醒，私聊发送）：吃药\n下次：11月21日 周六 晚上 22:30")
	group, priv := h.botCount(groupID), h.botCount(memberID)
	h.clock.Set(at(2026, 11, 21, 22, 30))
	h.remind()
	got := h.since(memberID, priv)
	if len(got) != 1 || got[0].Plain != "⏰ 吃药" || !got[0].Date.Equal(at(2026, 11, 21, 22, 30)) {
		t.Errorf("at 22:30 privately: %+v, want ⏰ 吃药 at 22:30", plains(got))
	}
	h.clock.Set(at(2026, 11, 22, 7, 30))
	h.remind()
	if got := h.since(memberID, priv); len(got) != 1 {
		t.Errorf("after quiet hours privately: %q, want it once", plains(got))
	}
	if got := h.since(groupID, group); len(got) != 0 {
		t.Errorf("the group heard %q", plains(got))
	}
}

// A member's own reminder that can only become a note in the group (they
// never opened a private chat) waits for the end of quiet hours, as any
// group post does.
func TestPersonalReminderNoteInTheGroupWaitsForTheMorning(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, memberID, "/remind 今晚10点半 吃药")
	group := h.botCount(groupID)
	h.clock.Set(at(2026, 11, 21, 22, 30))
	h.remind()
	h.clock.Set(at(2026, 11, 22, 3, 0))
	h.remind()
	if got := h.since(groupID, group); len(got) != 0 {
		t.Errorf("in quiet hours the group heard %q", plains(got))
	}
	h.clock.Set(at(2026, 11, 22, 7, 30))
	h.remind()
	got := h.since(groupID, group)
	if len(got) != 1 || !strings.HasPrefix(got[0].Plain, "赵强（@zhaoqiang）：有一条提醒无法私信送达。") || strings.Contains(got[0].Plain, "吃药") {
		t.Errorf("at 07:30 the group: %q, want one note naming 赵强, without the text", plains(got))
	}
}

// A branch reminder due in quiet hours says, when it is made and in
// /reminders, when it will really be posted; and is posted then.
func TestBranchReminderInQuietHoursSaysWhenItIsPosted(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.mustSay(groupID, secretaryID, "/remind 12月31日 23:30 跨年提醒", "已设置提醒 #1（支部提醒）：跨年提醒\n"+
		"下次：12月31日 周四 晚上 23:30\n"+
		"注意：22:00—07:30 是本支部的免打扰时段，这条提醒将在 2027年1月1日 周五 早上 07:30 发到群里；要按时发请改时间或修改 /rules 免打扰。")
	h.mustSay(groupID, secretaryID, "/remind 每天23点 查岗", "已设置提醒 #2（支部提醒）：查岗\n"+
		"下次：11月21日 周六 晚上 23:00\n"+
		"注意：22:00—07:30 是本支部的免打扰时段，落在其中的提醒要等免打扰结束才发到群里（11月21日 周六 晚上 23:00 那次将在 11月22日 周日 早上 07:30 发出）；要按时发请改时间或修改 /rules 免打扰。")
	h.mustSay(groupID, secretaryID, "/remind 每天9点 早学习", "已设置提醒 #3（支部提醒）：早学习\n下次：11月22日 周日 上午 09:00")
	h.say(groupID, secretaryID, "/remind 暂停 2")
	golden(t, "reminders_quiet", h.say(groupID, memberID, "/reminders"))
	h.say(groupID, secretaryID, "/remind 删除 3")

	group := h.botCount(groupID)
	h.clock.Set(at(2026, 12, 31, 23, 30))
	h.remind()
	h.clock.Set(at(2026, 12, 31, 23, 45))
	if got := h.say(groupID, memberID, "/reminders"); !strings.Contains(got, "#1 12月31日 周四 晚上 23:30｜跨年提醒｜支部提醒｜下次：2027年1月1日 周五 早上 07:30（免打扰时段后发，原定 12月31日 周四 晚上 23:30）") {
		t.Errorf("/reminders while held:\n%s", got)
	}
	h.clock.Set(at(2027, 1, 1, 7, 30))
	h.remind()
	var posted []telegramtest.Message
	for _, m := range h.since(groupID, group) {
		if strings.HasPrefix(m.Plain, "⏰") {
			posted = append(posted, m)
		}
	}
	if len(posted) != 1 || posted[0].Plain != "⏰ 跨年提醒" || !posted[0].Date.Equal(at(2027, 1, 1, 7, 30)) {
		t.Errorf("posted: %q, want ⏰ 跨年提醒 at 07:30, not marked late", plains(posted))
	}

	// Without quiet hours nothing is held, and nothing is said.
	h.say(groupID, secretaryID, "/rules 免打扰 无")
	h.mustSay(groupID, secretaryID, "/remind 1月1日 23:30 守岁", "已设置提醒 #4（支部提醒）：守岁\n下次：1月1日 周五 晚上 23:30")
}

// The new-user trial: the bot is down from 12-31 15:00 to 01-02 15:00. The
// one-offs due meanwhile are sent once, late and saying so, like the
// recurring catch-up, and /reminders no longer lists them as to come.
func TestOneOffsMissedByDowntimeAreSentLate(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(memberID, memberID, "/start")
	h.say(groupID, secretaryID, "/remind 每天9点 打卡")
	h.say(groupID, secretaryID, "/remind 元旦 放假通知")
	h.say(groupID, secretaryID, "/remind 12月31日下午5点 交总结")
	h.say(memberID, memberID, "/remind 12月31日下午4点半 看电视")
	h.clock.Set(at(2026, 12, 31, 9, 0))
	h.remind()
	h.clock.Set(at(2026, 12, 31, 15, 0))
	h.remind() // the last tick before the downtime
	group, priv := h.botCount(groupID), h.botCount(memberID)

	h.clock.Set(at(2027, 1, 2, 15, 0))
	h.restart()
	h.remind()
	h.restart()
	h.clock.Set(at(2027, 1, 2, 15, 1))
	h.remind()

	const late = "（机器人曾暂停运行，这条提醒晚发了）"
	want := []string{"⏰ 交总结" + late, "⏰ 放假通知" + late, "⏰ 打卡" + late}
	if got := plains(h.since(groupID, group)); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the group after the restart: %q, want %q", got, want)
	}
	if got := plains(h.since(memberID, priv)); len(got) != 1 || got[0] != "⏰ 看电视"+late {
		t.Errorf("赵强 privately after the restart: %q, want ⏰ 看电视, late, once", got)
	}
	golden(t, "reminders_after_downtime", h.say(memberID, memberID, "/reminders"))
}

// A one-off missed for more than a week is not sent: /reminders says so,
// and its owner — for a branch reminder the 书记 — is told privately, once,
// when quiet hours allow.
func TestOneOffMissedForAWeekIsReported(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(memberID, memberID, "/start")
	h.say(secretaryID, secretaryID, "/start")
	h.say(groupID, organizerID, "/remind 12月1日 10点 交党费")
	h.say(memberID, memberID, "/remind 12月1日 11点 看书")
	h.clock.Set(at(2026, 11, 30, 12, 0))
	h.remind() // then the bot is down until 12-10 06:00
	group, sec, mem, org := h.botCount(groupID), h.botCount(secretaryID), h.botCount(memberID), h.botCount(organizerID)

	h.clock.Set(at(2026, 12, 10, 6, 0))
	h.restart()
	h.remind()
	if got := plains(h.since(secretaryID, sec)); len(got) != 0 {
		t.Errorf("in quiet hours the 书记 was told %q", got)
	}
	h.clock.Set(at(2026, 12, 10, 7, 30))
	h.remind()
	h.restart()
	h.clock.Set(at(2026, 12, 10, 7, 31))
	h.remind()

	if got := plains(h.since(groupID, group)); len(got) != 0 {
		t.Errorf("the group heard %q, want nothing", got)
	}
	wantSec := "支部提醒 #1 没有发到群里：它定在 12月1日 周二 上午 10:00，那时机器人停止了运行，恢复时已超过 7 天，不再补发。\n" +
		"内容：交党费\n还需要的话请重新设置：/remind 时间 内容"
	if got := plains(h.since(secretaryID, sec)); len(got) != 1 || got[0] != wantSec {
		t.Errorf("the 书记 was told %q, want once %q", got, wantSec)
	}
	wantMine := "你的个人提醒 #2 没有发出：它定在 12月1日 周二 上午 11:00，那时机器人停止了运行，恢复时已超过 7 天，不再补发。\n" +
		"内容：看书\n还需要的话请重新设置：/remind 时间 内容"
	if got := plains(h.since(memberID, mem)); len(got) != 1 || got[0] != wantMine {
		t.Errorf("赵强 was told %q, want once %q", got, wantMine)
	}
	if got := plains(h.since(organizerID, org)); len(got) != 0 {
		t.Errorf("王芳 was told %q, want nothing: the 书记 is", got)
	}
	golden(t, "reminders_missed", h.say(memberID, memberID, "/reminders"))
}
