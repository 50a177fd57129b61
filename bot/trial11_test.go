package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Found as a 70-year-old member in the simulator: one member who never
// opened a private chat and set many daily personal reminders (8:01, 8:02,
// ...) made the group read the same "无法私信送达" note once per reminder,
// twenty times in twenty minutes. The group is told once a month per
// member, however many reminders they have.
func TestManyPersonalRemindersNotedOnceAMonthPerMember(t *testing.T) {
	h := newHarness(t)
	h.setup()
	for i := 1; i <= 5; i++ {
		h.say(groupID, memberID, fmt.Sprintf("/remind 每天 8:%02d 吃药第%d次", i, i))
	}
	start := h.botCount(groupID)
	day := time.Date(2026, 11, 22, 8, 0, 0, 0, testStart.Location())
	for d := range 2 {
		for i := 1; i <= 5; i++ {
			h.clock.Set(day.AddDate(0, 0, d).Add(time.Duration(i) * time.Minute))
			h.remind()
		}
	}
	if got := h.groupNotes(start, "无法私信送达"); len(got) != 1 {
		t.Errorf("5 daily reminders over 2 days brought %d notes to the group, want 1", len(got))
	}
	for _, m := range h.srv.BotMessages(groupID)[start:] {
		if strings.Contains(m.Text, "吃药") {
			t.Errorf("a personal reminder's text reached the group: %q", m.Text)
		}
	}
}
