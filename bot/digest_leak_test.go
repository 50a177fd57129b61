package bot_test

import (
	"strings"
	"testing"
	"time"
)

// TestPledgeDigestShowsOnlyPublishedPledges: the morning digest in the
// group names the pledges due soon of members the bot cannot reach
// privately. It must hold only what the group could already see, the
// pledges published (公示). A pledge made privately and waiting for
// review, or one sent back (退回), is left out: neither its text nor its
// number, deadline or maker.
func TestPledgeDigestShowsOnlyPublishedPledges(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.publish(memberID, "每月走访两户困难群众 截止 12月10日")
	// 王芳 makes a pledge in the private chat, then blocks the bot: it is
	// still waiting for review.
	h.say(organizerID, organizerID, "/pledge 帮扶一名困难学生 截止 12月10日")
	h.srv.BlockBot(organizerID, true)
	h.step()
	// 赵强 makes a second one, which is sent back (退回) with a comment.
	h.say(groupID, memberID, "/pledge 组织一次义诊 截止 12月10日")
	h.review(secretaryID, "退回")
	q, _ := h.questionIn(secretaryID)
	h.srv.Reply(secretaryID, secretaryID, q, "日期和地点没有写清楚")
	h.step()
	if got, want := h.last(secretaryID), "已把对承诺 #3 的意见转告 赵强。"; got != want {
		t.Fatalf("reviewer told = %q, want %q", got, want)
	}

	start := h.botCount(groupID)
	h.clock.Set(time.Date(2026, 12, 3, 9, 0, 0, 0, testStart.Location())) // 7 days before 12-10
	h.remind()
	got := h.groupTexts(start)
	var digests []string
	for _, text := range got {
		if strings.HasPrefix(text, "承诺到期提醒") {
			digests = append(digests, text)
		}
		for _, private := range []string{"帮扶一名困难学生", "义诊", "#2", "#3", "王芳", "尚未公示"} {
			if strings.Contains(text, private) {
				t.Errorf("the group read %q in %q", private, text)
			}
		}
	}
	want := "承诺到期提醒\n• 赵强（@zhaoqiang）：#1 每月走访两户困难群众（12月10日 周四到期）\n完成后请发 /done 编号 说明。"
	if len(digests) != 1 || digests[0] != want {
		t.Errorf("group digests = %q, want one: %q", digests, want)
	}
}
