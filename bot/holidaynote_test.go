package bot_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zhibu/zhibu/cntime"
)

// The holiday table built in has 2027 only provisional: from December 1st
// 2026 the 书记 of a branch with a reminder on working days is told once,
// privately, that the year's arrangement is missing.

// The built-in 2027 arrangement is provisional: the note says what the
// bot does with it (trial: the note said the opposite).
const holidayNote2027 = "节假日安排提醒（仅书记可见）\n" +
	"国务院还没有正式公布2027年的节假日安排，机器人目前按推算的暂定安排发送本支部“工作日”的提醒：暂定放假的日子不提醒，暂定调休上班的周末照常提醒。正式安排如果不同，个别日子会提醒错。\n" +
	"请告诉负责维护机器人的管理员，通知公布后把2027年的正式安排补上。补上以后提醒会自动按正式安排发送，本支部的提醒不用改。\n" +
	"（关于2027年的这条提示只发一次。）"

// holidayBranches sets up 第一党支部 with a reminder on working days and
// 第二党支部 (孙丽 its 书记) with a weekly one; both 书记 can be written to
// privately.
func (h *harness) holidayBranches() {
	h.t.Helper()
	h.setup()
	h.say(secretaryID, secretaryID, "/start")
	h.say(groupID, secretaryID, "/remind 工作日每天8点半 学习强国打卡")
	h.srv.AddBot(otherGroup, guestID)
	h.step()
	h.say(otherGroup, guestID, "/setup 第二党支部")
	h.say(guestID, guestID, "/start")
	h.say(otherGroup, guestID, "/remind 每周五下午3点 理论学习")
}

// holidayNotes are the bot's messages in a chat that speak of the holiday
// arrangement.
func (h *harness) holidayNotes(chatID int64) []string {
	var out []string
	for _, m := range h.srv.BotMessages(chatID) {
		if strings.Contains(m.Plain, "节假日安排") {
			out = append(out, m.Plain)
		}
	}
	return out
}

// days runs the reminder engine each morning from day on, for n days.
func (h *harness) days(day time.Time, n int) {
	h.t.Helper()
	for i := range n {
		h.clock.Set(day.AddDate(0, 0, i))
		h.remind()
	}
}

func TestHolidayNoteToTheSecretaryOfAWorkdayBranchOnce(t *testing.T) {
	h := newHarness(t)
	h.holidayBranches()
	loc := testStart.Location()
	h.days(time.Date(2026, 11, 29, 9, 0, 0, 0, loc), 2) // November: the 2027 notice may still come
	if got := h.holidayNotes(secretaryID); len(got) != 0 {
		t.Fatalf("in November the 书记 got %q, want nothing yet", got)
	}
	h.days(time.Date(2026, 12, 1, 9, 0, 0, 0, loc), 3)
	h.restart()
	h.days(time.Date(2026, 12, 4, 9, 0, 0, 0, loc), 3)
	if got := h.holidayNotes(secretaryID); len(got) != 1 || got[0] != holidayNote2027 {
		t.Errorf("第一党支部's 书记 got %q, want the note once:\n%s", got, holidayNote2027)
	}
	for _, chat := range []int64{groupID, otherGroup, guestID, organizerID, memberID} {
		if got := h.holidayNotes(chat); len(got) != 0 {
			t.Errorf("chat %d got %q, want nothing: only the 书记 of a branch with a reminder on working days is told", chat, got)
		}
	}
	// The reminder itself goes on: Nov 30, Dec 1–4 (5 and 6 are a weekend).
	if n := len(h.groupNotes(0, "⏰ 学习强国打卡")); n != 5 {
		t.Errorf("the reminder on working days was sent %d times, want 5", n)
	}
}

// Once the 2027 arrangement is loaded (ZHIBU_HOLIDAYS), nobody is told.
func TestNoHolidayNoteWhenTheYearIsLoaded(t *testing.T) {
	confirmed := strings.Replace(provisional2027(t), "[2027] 暂定", "[2027] 国办发明电〔2026〕99号", 1)
	if err := cntime.LoadHolidays(strings.NewReader(confirmed), "holidays-2027.txt"); err != nil {
		t.Fatalf("LoadHolidays: %v", err)
	}
	t.Cleanup(restoreHolidays(t))
	h := newHarness(t)
	h.holidayBranches()
	h.days(time.Date(2026, 12, 1, 9, 0, 0, 0, testStart.Location()), 3)
	if got := h.holidayNotes(secretaryID); len(got) != 0 {
		t.Errorf("with 2027 loaded the 书记 got %q, want nothing", got)
	}
}

// provisional2027 is the built-in table's 2027 section.
func provisional2027(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../cntime/holidays.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n[2027] 暂定\n")
	if !ok {
		t.Fatal("holidays.txt has no provisional 2027")
	}
	return "[2027] 暂定\n" + section
}

// restoreHolidays loads the built-in table again over what a test loaded.
func restoreHolidays(t *testing.T) func() {
	return func() {
		f, err := os.Open("../cntime/holidays.txt")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := cntime.LoadHolidays(f, "holidays.txt"); err != nil {
			t.Fatal(err)
		}
	}
}
