package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/zhibu/zhibu/bot"
)

// A member who floods gets one polite word and the excess is dropped; the
// other members, and the same member a minute later, are answered as usual.
func TestFloodDroppedPolitely(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.bot = h.newBot(bot.Config{Flood: bot.DefaultFloodLimit})
	before := len(h.srv.BotMessages(groupID))
	for range 30 {
		h.srv.SendText(groupID, memberID, "/whoami")
	}
	h.step()
	var answered, slowDown int
	for _, m := range h.srv.BotMessages(groupID)[before:] {
		switch {
		case strings.HasPrefix(m.Plain, "姓名：赵强"):
			answered++
		case strings.HasPrefix(m.Plain, "你发送得太快了"):
			slowDown++
		}
	}
	if answered != bot.DefaultFloodLimit.Burst || slowDown != 1 {
		t.Errorf("30 commands at once: %d answered, %d asked to slow down; want %d and 1", answered, slowDown,
			bot.DefaultFloodLimit.Burst)
	}
	if got := h.say(groupID, organizerID, "/whoami"); !strings.HasPrefix(got, "姓名：王芳") {
		t.Errorf("another member during the flood got %q", got)
	}
	h.clock.Advance(time.Minute)
	if got := h.say(groupID, memberID, "/whoami"); !strings.HasPrefix(got, "姓名：赵强") {
		t.Errorf("a minute later the member got %q", got)
	}
}
