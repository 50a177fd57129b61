package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/zhibu/zhibu/bot/telegramtest"
)

// A reply that fails every attempt is given up, and the 书记 learns of it
// privately (what, to whom, why, without its text); /branch counts it.
func TestGiveUpToldToSecretary(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(secretaryID, secretaryID, "/start")
	privBefore := len(h.srv.BotMessages(secretaryID))
	groupBefore := len(h.srv.BotMessages(groupID))
	h.srv.Fail(telegramtest.Fault{Method: "sendMessage", ChatID: groupID, Code: 500, Times: 8})
	h.say(groupID, memberID, "/whoami")
	for range 12 {
		h.clock.Advance(10 * time.Minute)
		h.flush()
	}
	if got := h.srv.BotMessages(groupID)[groupBefore:]; len(got) != 0 {
		t.Errorf("after 8 failures the group got %v, want nothing", got)
	}
	notes := h.srv.BotMessages(secretaryID)[privBefore:]
	if len(notes) != 1 {
		t.Fatalf("the 书记 got %d notes, want 1", len(notes))
	}
	want := "⚠️ 有一条消息未能送达（第一党支部）。\n内容：对 赵强 发送的 /whoami 的回复\n发给：本支部的群\n" +
		"原因：多次发送都失败（Telegram 或网络故障）\n如有需要，请提醒对方重新操作。一小时内再有未送达的消息不再逐条通知，总数可发送 /branch 查看。"
	if notes[0].Plain != want {
		t.Errorf("note = %q, want %q", notes[0].Plain, want)
	}
	if strings.Contains(notes[0].Plain, "姓名：") {
		t.Errorf("the note carries the reply's text: %q", notes[0].Plain)
	}
	if got := h.say(groupID, memberID, "/branch"); !strings.HasSuffix(got, "本月有 1 条消息未能送达。") {
		t.Errorf("/branch = %q, want the month's count", got)
	}
}

// A message Telegram refuses (400) is given up at once, not tried eight
// times.
func TestRejectedGivenUpAtOnce(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(secretaryID, secretaryID, "/start")
	privBefore := len(h.srv.BotMessages(secretaryID))
	h.srv.Fail(telegramtest.Fault{Method: "sendMessage", ChatID: groupID, Code: 400, Description: "Bad Request: can't parse entities"})
	h.say(groupID, memberID, "/whoami")
	notes := h.srv.BotMessages(secretaryID)[privBefore:]
	if len(notes) != 1 || !strings.Contains(notes[0].Plain, "原因：Telegram 拒绝了这条消息") {
		t.Errorf("notes = %v, want one saying Telegram refused it", notes)
	}
	if got := h.say(groupID, memberID, "/whoami"); !strings.HasPrefix(got, "姓名：赵强") {
		t.Errorf("the next reply = %q", got)
	}
}

// An outage that loses many messages brings the 书记 one note an hour, not
// one per message; /branch has the whole count.
func TestGiveUpNotesAnHourApart(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(secretaryID, secretaryID, "/start")
	privBefore := len(h.srv.BotMessages(secretaryID))
	h.srv.Fail(telegramtest.Fault{Method: "sendMessage", ChatID: groupID, Code: 400, Times: 3})
	h.say(groupID, memberID, "/whoami")
	h.say(groupID, organizerID, "/whoami")
	h.say(groupID, memberID, "/branch")
	if n := len(h.srv.BotMessages(secretaryID)) - privBefore; n != 1 {
		t.Errorf("three messages lost within the hour brought %d notes, want 1", n)
	}
	if got := h.say(groupID, memberID, "/branch"); !strings.HasSuffix(got, "本月有 3 条消息未能送达。") {
		t.Errorf("/branch = %q, want the three counted", got)
	}
	h.clock.Advance(time.Hour)
	h.srv.Fail(telegramtest.Fault{Method: "sendMessage", ChatID: groupID, Code: 400})
	h.say(groupID, memberID, "/whoami")
	if n := len(h.srv.BotMessages(secretaryID)) - privBefore; n != 2 {
		t.Errorf("an hour later a lost message brought %d notes in all, want 2", n)
	}
}
