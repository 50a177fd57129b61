package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
)

// A pledge never published (公示) is its maker's and the officers' alone:
// the group reads nothing of it, not its text, nor its state, nor that it
// exists.

const (
	msgWithdrawnWant   = "承诺 #%d 还没有公示，已撤回，不会在群里公示。撤回记在履诺记录里，你和支委查看这条承诺时能看到。"
	msgNeedPrivateWant = "这些信息只私下发给本人或支委。请先点下面的按钮和我私聊（发送 /start），再回群里重发命令。"
	msgNoPublicWant    = "还没有公示的承诺。同志们可以用 /pledge 内容 提交承诺。"
)

// neverInGroupSince fails when a message the bot posted in the group since
// message index from holds any of texts.
func (h *harness) neverInGroupSince(from int, texts ...string) {
	h.t.Helper()
	for _, got := range h.groupTexts(from) {
		for _, text := range texts {
			if strings.Contains(got, text) {
				h.t.Errorf("the group read %q: %q", text, got)
			}
		}
	}
}

func withdrawnText(n int) string { return fmt.Sprintf(msgWithdrawnWant, n) }

// The trial: 赵强 withdrew a pledge still under review with /cannot, and the
// group's list showed it as 无法兑现.
func TestCannotBeforePublicationWithdraws(t *testing.T) {
	h := newHarness(t)
	h.setup()
	for _, text := range []string{"承诺十", "承诺二", "承诺三"} {
		h.say(groupID, memberID, "/pledge "+text) // in the group by its maker's choice
	}
	start := h.botCount(groupID)
	h.mustSay(groupID, memberID, "/cannot 1 重复了，不需要", withdrawnText(1))
	h.mustSay(groupID, organizerID, "/pledges", msgNoPublicWant)
	h.mustSay(groupID, memberID, "/cannot 1 再说一遍", "承诺 #1 现在是“已撤回”，不能这样做。")
	h.mustSay(groupID, memberID, "/pledge 1 修改 承诺十一", "承诺 #1 现在是“已撤回”，不能这样做。")

	// The better-named way, on a pledge under review and on a returned one.
	h.mustSay(groupID, memberID, "/pledge 2 撤回", withdrawnText(2))
	h.review(secretaryID, "退回")
	h.say(secretaryID, secretaryID, "写具体一些")
	h.mustSay(groupID, memberID, "/cannot 3 不做了", withdrawnText(3))
	// A published pledge is not withdrawn: it can only be declared impossible.
	h.publish(memberID, "承诺四")
	h.mustSay(groupID, memberID, "/pledge 4 撤回", "承诺 #4 已公示，不能撤回。无法兑现请发 /cannot 4 说明，说明会记在履诺记录里。")
	h.mustSay(groupID, memberID, "/cannot 4 工作调动", "已记录：承诺 #4 无法兑现。你的说明记在履诺记录里，支委查看这条承诺时能看到。")
	if got := h.say(groupID, organizerID, "/pledges"); !strings.Contains(got, "#4［其他］承诺四｜时限：未定｜无法兑现") {
		t.Errorf("/pledges = %q, want #4 无法兑现", got)
	}
	h.neverInGroupSince(start, "承诺十", "承诺二", "承诺三", "重复了", "写具体一些")

	// The record keeps it, for its maker and the officers, in private.
	h.say(organizerID, organizerID, "/start")
	got := h.say(organizerID, organizerID, "/pledge 1")
	for _, want := range []string{"承诺十", "状态：已撤回", "提诺 承诺十", "撤回 重复了，不需要"} {
		if !strings.Contains(got, want) {
			t.Errorf("/pledge 1 to an officer lacks %q:\n%s", want, got)
		}
	}
	// Nor is it counted: 赵强 made one pledge that the branch knows of.
	if got := h.say(organizerID, organizerID, "/pledges 统计"); !strings.Contains(got, "赵强｜1｜1｜0｜0｜1｜") {
		t.Errorf("/pledges 统计 = %q, want 赵强 with the one published pledge only", got)
	}
	ctx := context.Background()
	br, _ := h.db.BranchByChat(ctx, groupID)
	for n, want := range map[int]zhibu.PledgeState{1: zhibu.PledgeWithdrawn, 2: zhibu.PledgeWithdrawn, 3: zhibu.PledgeWithdrawn, 4: zhibu.PledgeCannot} {
		if p, err := h.db.PledgeByNumber(ctx, br.ID, n); err != nil || p.State != want {
			t.Errorf("pledge #%d = %q, %v; want %q", n, p.State, err, want)
		}
	}
}

// The trial: 赵强, with no private chat yet, sent /pledges 我 in the group
// and the group read his pledges under review.
func TestOwnPledgesInGroupStayPrivate(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.publish(memberID, "每月读一本书")
	h.say(groupID, memberID, "/pledge 帮扶一名困难学生 截止 11月25日")
	start := h.botCount(groupID)

	h.mustSay(groupID, memberID, "/pledges 我", msgNeedPrivateWant)
	m, _ := h.srv.LastBotMessage(groupID)
	if len(m.Buttons) != 1 || m.Buttons[0][0].URL != "https://t.me/zhibu_bot?start=pledges" {
		t.Errorf("buttons = %+v, want the private chat's", m.Buttons)
	}
	h.mustSay(groupID, memberID, "/pledges 赵强", msgNeedPrivateWant)
	h.mustSay(groupID, memberID, "/pledge 2", msgNeedPrivateWant)
	h.say(memberID, memberID, "/start")
	if got := h.quiet(memberID, "/pledges 我"); !strings.Contains(got, "#2［其他］帮扶一名困难学生｜时限：11月25日 周三｜待审") {
		t.Errorf("/pledges 我 in private = %q", got)
	}
	if got := h.quiet(memberID, "/pledge 2"); !strings.Contains(got, "帮扶一名困难学生") {
		t.Errorf("/pledge 2 in private = %q", got)
	}

	// An officer sees pledges under review, privately only.
	h.say(organizerID, organizerID, "/start")
	h.quiet(organizerID, "/pledges 赵强")
	h.quiet(organizerID, "/pledge 2")
	h.clock.Set(time.Date(2026, 11, 30, 9, 0, 0, 0, testStart.Location()))
	if got := h.quiet(organizerID, "/pledges 逾期"); !strings.Contains(got, "帮扶一名困难学生") {
		t.Errorf("/pledges 逾期 to an officer = %q", got)
	}
	// A member's list of others' pledges holds only published ones and
	// stays in the group.
	if got := h.say(groupID, secretaryID, "/pledges"); !strings.Contains(got, "每月读一本书") {
		t.Errorf("/pledges = %q", got)
	}
	h.neverInGroupSince(start, "帮扶一名困难学生", "待审")
}

// A pledge withdrawn before publication does not count as the member's
// published pledge in what the group reads of a campaign's stage.
func TestWithdrawnPledgeMeetsNoStageRequirement(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/campaign new 主题教育")
	h.say(groupID, secretaryID, "/stage add 1 学习动员 2026-11-21 2026-11-28 承诺")
	h.say(groupID, memberID, "/pledge 承诺十")
	h.mustSay(groupID, memberID, "/cannot 1 重复了，不需要", withdrawnText(1))
	if got := h.say(groupID, memberID, "/campaign 1"); !strings.Contains(got, "赵强（@zhaoqiang）：缺公示承诺") {
		t.Errorf("/campaign 1 = %q, want 赵强 still without a published pledge", got)
	}
}
