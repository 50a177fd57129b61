package bot_test

import (
	"strings"
	"testing"
	"time"
)

// closeEmpty closes meeting n nobody signed in to, confirming when asked,
// and returns the result the group reads.
func (h *harness) closeEmpty(n string) string {
	h.t.Helper()
	h.say(groupID, secretaryID, "/close "+n)
	ask, _ := h.srv.LastBotMessage(groupID)
	if !strings.HasPrefix(ask.Plain, "确认结束 #"+n) {
		h.t.Fatalf("/close %s with nobody present = %q, want a confirmation", n, ask.Plain)
	}
	h.press(secretaryID, ask.ID, "确认结束")
	return h.message(ask.ID)
}

const closeEmptyAsk = "确认结束 #1？\n还没有同志签到：现在结束，应到的同志都记为缺席（已请假的记为请假），实到 0 会发到群里并记入台账。\n到会的同志可先用 /checkin 1 姓名 补签，再结束。"

// TestCloseNobodyPresentAsks: /close of a meeting nobody signed in to asks
// the officer first, with how to add sign-ins; 取消 leaves it open, and with
// someone present it closes at once. It used to post 实到 0 silently.
func TestCloseNobodyPresentAsks(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ann := h.meetingAt("支委会")
	h.at(21, 0)
	posts := h.botCount(groupID)
	h.mustSay(groupID, secretaryID, "/close 1", closeEmptyAsk)
	ask, _ := h.srv.LastBotMessage(groupID)
	if len(ask.Buttons) != 1 || len(ask.Buttons[0]) != 2 || ask.Buttons[0][0].Text != "确认结束" || ask.Buttons[0][1].Text != "取消" {
		t.Errorf("confirmation buttons = %v, want 确认结束 / 取消", ask.Buttons)
	}
	if got := h.press(organizerID, ask.ID, "确认结束"); got != "这是发起人才能进行的操作。" {
		t.Errorf("someone else confirming = %q", got)
	}
	if got := h.press(secretaryID, ask.ID, "取消"); got != "已取消，#1 没有结束。" {
		t.Errorf("取消 = %q", got)
	}
	if got := h.message(ask.ID); got != "已取消，#1 没有结束。" {
		t.Errorf("confirmation after 取消 = %q", got)
	}
	if n := h.botCount(groupID) - posts; n != 1 {
		t.Errorf("the group got %d messages, want the confirmation alone", n)
	}
	h.mustSay(groupID, secretaryID, "/checkin 1 王芳", "已为 王芳 签到（#1，21:00，迟到，由 李书记 代签）。")
	if got := h.say(groupID, secretaryID, "/close 1"); !strings.HasPrefix(got, "#1 支委会 已结束") || !strings.Contains(got, "实到 1") {
		t.Errorf("/close with one present = %q, want closed at once", got)
	}
	if got := h.message(ann); !strings.Contains(got, "实到 1") {
		t.Errorf("announcement after close = %q, want the result", got)
	}
}

// TestCloseNobodyPresentConfirmed: 确认结束 closes the meeting, the
// confirmation becomes the result and the announcement shows it; a
// confirmation left unanswered times out without closing.
func TestCloseNobodyPresentConfirmed(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ann := h.meetingAt("支委会")
	h.at(21, 0)
	got := h.closeEmpty("1")
	if !strings.HasPrefix(got, "#1 支委会 已结束") || !strings.Contains(got, "实到 0（迟到 0）｜请假 0｜缺席 2") {
		t.Errorf("confirmed close = %q, want the result", got)
	}
	if got := h.message(ann); !strings.Contains(got, "实到 0") {
		t.Errorf("announcement after close = %q, want the result", got)
	}
	h.mustSay(groupID, secretaryID, "/close 1", "#1 已结束。需要更正请用 /meeting 1 更正 姓名 出席|迟到|请假|缺席。")

	h.schedule("/meeting 党课 11月25日 20:00 地点:图书馆 补录")
	h.mustSay(groupID, secretaryID, "/close 2", strings.ReplaceAll(closeEmptyAsk, "1", "2"))
	ask, _ := h.srv.LastBotMessage(groupID)
	h.clock.Advance(16 * time.Minute)
	h.tick()
	if got := h.message(ask.ID); got != "这个确认已超时，#2 没有结束。需要时请重新发送 /close 2。" {
		t.Errorf("confirmation after 16 minutes = %q", got)
	}
	if got := h.say(groupID, memberID, "/meeting 2"); strings.Contains(got, "已结束") {
		t.Errorf("#2 after the confirmation timed out = %q, want it open", got)
	}
}
