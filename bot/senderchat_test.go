package bot_test

import (
	"testing"

	"github.com/zhibu/zhibu/bot/telegramtest"
)

// A post "sent as" a channel comes from Telegram's one shared Channel_Bot
// account, whoever wrote it; an anonymous admin's from GroupAnonymousBot.
// Neither can join, pledge or answer a meeting: they are told why in one
// line, and nothing is recorded.
func TestPostsOnBehalfOfAChatCannotAct(t *testing.T) {
	const channelID = -100777
	const channelAsk = "这条消息是以频道“某频道”的身份发出的，我看不出是谁在发言：请切换回你自己的账号再发送。"
	const anonymousAsk = "我看不出是谁在发言：请先关闭“匿名管理员”身份，再发送这个命令。"
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/meeting 支部党员大会 明天 19:30 会议室")
	before, pledges := h.snapshot(groupID), h.pledgeCount()
	for _, cmd := range []string{
		"/join 某频道",
		"/pledge 每周走访一户困难群众",
		"/leave 1 出差",
		"/checkin",
		"/whoami",
		"/setup 第二党支部",
	} {
		h.srv.SendAsChannel(groupID, channelID, "某频道", cmd)
		h.step()
		if got := h.last(groupID); got != channelAsk {
			t.Errorf("%s as a channel: %q, want %q", cmd, got, channelAsk)
		}
		h.srv.SendAsGroup(groupID, cmd)
		h.step()
		if got := h.last(groupID); got != anonymousAsk {
			t.Errorf("%s as an anonymous admin: %q, want %q", cmd, got, anonymousAsk)
		}
	}
	// Nor can a channel answer a pledge call by replying to it.
	h.say(groupID, secretaryID, "/pledgecall 请各位同志回复本消息提交本阶段承诺 截止 12月10日")
	call, _ := h.srv.LastBotMessage(groupID)
	h.srv.ReplyAsChannel(groupID, channelID, "某频道", call.ID, "每周读书一次")
	h.step()
	if got := h.last(groupID); got != channelAsk {
		t.Errorf("reply to a pledge call as a channel: %q, want %q", got, channelAsk)
	}
	h.unchanged(groupID, before)
	if got := h.pledgeCount(); got != pledges {
		t.Errorf("pledges: %d, want %d", got, pledges)
	}
	if _, ok := h.srv.LastBotMessage(telegramtest.ChannelBotID); ok {
		t.Error("the bot wrote to Channel_Bot privately")
	}
}
