package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Per-member limits: nobody can fill the branch's queues alone. Each
// refusal says the limit and what to do, and stores nothing.

const pledgeLimitText = "你已有 10 条承诺尚未完成，这是每人同时可有的上限。" +
	"请先发 /pledges 我 查看：已兑现的发 /done 编号 说明，无法兑现或不再需要的发 /cannot 编号 说明，然后再提新承诺。"

// TestLimitOpenPledges: a member holds at most 10 open pledges (under
// review, sent back, published or waiting for confirmation); an 11th, by
// /pledge or by a reply to a call, is refused until one is closed.
func TestLimitOpenPledges(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(memberID, memberID, "/start")
	for i := 1; i <= 10; i++ {
		if got := h.say(memberID, memberID, fmt.Sprintf("/pledge 第%d项承诺 学习", i)); !strings.HasPrefix(got, fmt.Sprintf("已提交承诺 #%d（待审）", i)) {
			t.Fatalf("pledge %d = %q", i, got)
		}
	}
	n := h.pledgeCount()
	h.mustSay(memberID, memberID, "/pledge 第11项承诺 学习", pledgeLimitText)
	h.mustSay(groupID, memberID, "/pledge 第11项承诺 学习", pledgeLimitText)
	h.say(groupID, secretaryID, "/pledgecall 请各位同志回复本消息提交承诺")
	call, _ := h.srv.LastBotMessage(groupID)
	h.srv.Reply(groupID, memberID, call.ID, "回复征集的承诺")
	h.step()
	if got := h.last(groupID); got != pledgeLimitText {
		t.Errorf("reply to a call at the limit = %q, want %q", got, pledgeLimitText)
	}
	if got := h.pledgeCount(); got != n {
		t.Errorf("pledges stored = %d, want %d (nothing new at the limit)", got, n)
	}
	// Another member is not held back by 赵强's.
	if got := h.say(groupID, organizerID, "/pledge 王芳的承诺 学习"); !strings.HasPrefix(got, "已提交承诺 #11（待审）") {
		t.Errorf("another member's pledge = %q", got)
	}
	// Closing one makes room.
	h.say(memberID, memberID, "/cannot 1 与第2项重复，撤回")
	if got := h.say(memberID, memberID, "/pledge 第11项承诺 学习"); !strings.HasPrefix(got, "已提交承诺 #12（待审）") {
		t.Errorf("after /cannot, a new pledge = %q", got)
	}
}

// TestLimitJoinRequestsPerDay: an account asks to join a branch at most 3
// times a day, rejected requests included; asking again while one is
// pending still shows it again; the next day it may ask again.
func TestLimitJoinRequestsPerDay(t *testing.T) {
	h := newHarness(t)
	h.setup()
	for i := 0; i < 2; i++ {
		h.say(groupID, guestID, "/join 孙丽")
		req, _ := h.srv.LastBotMessage(groupID)
		h.press(secretaryID, req.ID, "拒绝")
	}
	h.say(groupID, guestID, "/join 孙丽") // the third, pending
	h.mustSay(groupID, guestID, "/join 孙丽", "加入申请（再次提交）\n孙丽 申请以“孙丽”加入本支部名册，仍在等待审批。\n支委请选择身份批准，或拒绝：")
	req, _ := h.srv.LastBotMessage(groupID)
	h.press(secretaryID, req.ID, "拒绝")

	before, n := h.snapshot(groupID), h.botCount(groupID)
	want := "你今天已提交 3 次加入申请，这是每天的上限。请先联系支委了解情况，明天再申请。"
	h.mustSay(groupID, guestID, "/join 孙丽", want)
	h.mustSay(groupID, guestID, "/join 孙小丽", want)
	h.unchanged(groupID, before)
	for _, m := range h.srv.BotMessages(groupID)[n:] {
		if len(m.Buttons) != 0 {
			t.Errorf("a refused request posted buttons: %q", m.Plain)
		}
	}
	h.clock.Set(time.Date(2026, 11, 22, 0, 0, 0, 0, testStart.Location())) // midnight in the branch's zone
	if got := h.say(groupID, guestID, "/join 孙丽"); !strings.HasPrefix(got, "加入申请\n孙丽 申请以“孙丽”加入本支部名册。") {
		t.Errorf("the next day, /join = %q", got)
	}
}

// TestLimitPersonalRemindersCountOnlyLive: the 20 personal reminders a
// member may keep are the ones still to come: one-time reminders already
// sent do not use up the limit.
func TestLimitPersonalRemindersCountOnlyLive(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(memberID, memberID, "/start")
	for i := 1; i <= 20; i++ {
		if got := h.say(memberID, memberID, fmt.Sprintf("/remind 2026-11-22 %02d:00 第%d件事", i%24, i)); !strings.HasPrefix(got, "已设置提醒") {
			t.Fatalf("reminder %d = %q", i, got)
		}
	}
	h.mustSay(memberID, memberID, "/remind 每天8点 量血压",
		"你的个人提醒已达上限（20 个）。请先用 /reminders 查看，再用 /remind 删除 编号 删掉不用的。")
	h.clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, testStart.Location()))
	h.remind() // every one of them is due
	h.flush()
	if got := h.say(memberID, memberID, "/remind 每天8点 量血压"); !strings.HasPrefix(got, "已设置提醒 #21") {
		t.Errorf("after the 20 were sent, a new reminder = %q", got)
	}
}

// TestLimitProgressNotes: a pledge keeps at most 50 progress notes; the
// 51st is refused and stores nothing, and the pledge can still be claimed.
func TestLimitProgressNotes(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.publish(memberID, "每月走访两户困难群众")
	h.say(memberID, memberID, "/start")
	for i := 1; i <= 50; i++ {
		h.mustSay(memberID, memberID, fmt.Sprintf("/progress 1 第%d次走访", i), "已记录承诺 #1 的进展。")
	}
	h.mustSay(memberID, memberID, "/progress 1 第51次走访",
		"承诺 #1 已有 50 条进展记录，这是每条承诺的上限。之后的进展请在完成时写进 /done 1 说明。")
	if got := h.say(memberID, memberID, "/pledge 1"); strings.Contains(got, "第51次走访") {
		t.Errorf("the refused note was kept: %q", got)
	}
	if got := h.say(memberID, memberID, "/done 1 一年走访二十四户"); strings.Contains(got, "上限") {
		t.Errorf("/done after the limit = %q", got)
	}
}
