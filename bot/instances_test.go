package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
)

// staleExpired is the prompts store as another instance saw it a moment
// ago: it lists as expired the questions read then, even those gone since.
type staleExpired struct {
	bot.Prompts
	list []zhibu.Prompt
}

func (s staleExpired) ExpiredPrompts(context.Context, time.Time) ([]zhibu.Prompt, error) {
	return s.list, nil
}

// TestQuestionExpiredByTwoInstances: two instances sharing a database both
// find the same guided form expired at the same moment; the group is told
// once that it lapsed.
func TestQuestionExpiredByTwoInstances(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/meeting")
	form, _ := h.srv.LastBotMessage(groupID)
	h.press(secretaryID, form.ID, "党课")
	h.clock.Advance(16 * time.Minute)
	expired, err := h.db.ExpiredPrompts(context.Background(), h.clock.Now())
	if err != nil || len(expired) != 1 {
		t.Fatalf("expired questions = %v, %v; want the form's", expired, err)
	}
	sender, engine := h.sender, h.engine
	other := h.newBot(bot.Config{Prompts: staleExpired{Prompts: h.db, list: expired}})
	h.sender, h.engine = sender, engine
	start := h.botCount(groupID)
	h.tick()
	other.Tick(context.Background())
	h.flush()
	if n := h.copies(groupID, start, "会议表单已超时取消"); n != 1 {
		t.Errorf("the group was told %d times that the form lapsed, want once", n)
	}
}
