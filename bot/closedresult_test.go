package bot_test

import (
	"strings"
	"testing"
	"time"
)

// TestClosedAnnouncementFollowsCorrections: after a meeting is closed, a
// correction, a 列席 and a changed 主持人 show on the group's announcement,
// which used to keep the 实到 of the close.
func TestClosedAnnouncementFollowsCorrections(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ann := h.meetingAt("支委会")
	h.at(19, 0)
	h.mustSay(groupID, secretaryID, "/checkin 1 李书记", "已为 李书记 签到（#1，19:00）。")
	h.at(21, 0)
	h.say(groupID, secretaryID, "/close 1")
	if got := h.message(ann); !strings.HasSuffix(got, "会议已结束：应到 2｜实到 1｜请假 0｜缺席 1") {
		t.Fatalf("announcement after close = %q", got)
	}
	steps := []struct{ say, want string }{
		{"/meeting 1 更正 王芳 出席", "会议已结束：应到 2｜实到 2｜请假 0｜缺席 0"},
		{"/meeting 1 列席 钱老师", "会议已结束：应到 2｜实到 2｜请假 0｜缺席 0｜列席 1"},
		{"/meeting 1 主持 王芳", "主持人：王芳"},
		{"/meeting 1 更正 王芳 请假", "会议已结束：应到 2｜实到 1｜请假 1｜缺席 0｜列席 1"},
	}
	for _, s := range steps {
		h.say(groupID, secretaryID, s.say)
		// An edit moments after the last one waits its turn, as counts do.
		h.clock.Advance(10 * time.Second)
		h.tick()
		if got := h.message(ann); !strings.Contains(got, s.want) {
			t.Errorf("after %q the announcement = %q, want %q", s.say, got, s.want)
		}
	}
}
