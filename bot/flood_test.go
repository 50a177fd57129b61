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
	answered, slowDown := floodReplies(h, before)
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

// A member who keeps sending a command every half second for a minute is
// told once to slow down, not after every command let through; the word
// comes again only after a quiet spell (the whole budget back).
func TestSustainedFloodWarnedOnce(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.bot = h.newBot(bot.Config{Flood: bot.DefaultFloodLimit})
	before := len(h.srv.BotMessages(groupID))
	for range 120 {
		h.srv.SendText(groupID, memberID, "/whoami")
		h.step()
		h.clock.Advance(500 * time.Millisecond)
	}
	answered, slowDown := floodReplies(h, before)
	if slowDown != 1 || answered < bot.DefaultFloodLimit.Burst || answered > bot.DefaultFloodLimit.Burst+11 {
		t.Errorf("a command every 0.5 s for a minute: %d answered, %d asked to slow down; want the budget's (%d, then one every 6 s) and one word",
			answered, slowDown, bot.DefaultFloodLimit.Burst)
	}
	// Quiet long enough for the whole budget to come back, then a new flood:
	// one new word.
	h.clock.Advance(time.Minute)
	before = len(h.srv.BotMessages(groupID))
	for range 30 {
		h.srv.SendText(groupID, memberID, "/whoami")
	}
	h.step()
	if _, slowDown := floodReplies(h, before); slowDown != 1 {
		t.Errorf("a second flood after a quiet minute: %d words to slow down, want 1", slowDown)
	}
}

// floodReplies counts, among the group's bot messages from from on, the
// answers to 赵强's /whoami and the words to slow down.
func floodReplies(h *harness, from int) (answered, slowDown int) {
	for _, m := range h.srv.BotMessages(groupID)[from:] {
		switch {
		case strings.HasPrefix(m.Plain, "姓名：赵强"):
			answered++
		case strings.HasPrefix(m.Plain, "你发送得太快了"):
			slowDown++
		}
	}
	return answered, slowDown
}
