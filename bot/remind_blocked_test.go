package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhibu/zhibu/bot/telegramtest"
)

// Blocked members are never silently dropped: a private reminder that
// cannot be delivered becomes a note in the group naming the member,
// without what was private, with a button to open the private chat.

// privateSends counts the bot's attempts to send a message to a chat, and
// how many of them Telegram forbade.
func (h *harness) privateSends(chatID int64) (tries, forbidden int) {
	id := strconv.FormatInt(chatID, 10)
	for _, r := range h.srv.Requests() {
		if r.Method == "sendMessage" && r.Params["chat_id"] == id {
			tries++
			if r.Status == 403 {
				forbidden++
			}
		}
	}
	return tries, forbidden
}

// reachable reports whether the bot believes it may write to userID privately.
func (h *harness) reachable(userID int64) bool {
	h.t.Helper()
	got, err := h.db.Reachable(context.Background(), []int64{userID})
	if err != nil {
		h.t.Fatalf("Reachable: %v", err)
	}
	return got[userID]
}

// groupNotes are the bot's group messages after index from that contain
// text, with their buttons.
func (h *harness) groupNotes(from int, text string) []telegramtest.Message {
	var out []telegramtest.Message
	for _, m := range h.srv.BotMessages(groupID)[from:] {
		if strings.Contains(m.Plain, text) {
			out = append(out, m)
		}
	}
	return out
}

// opensPrivateChat checks that a note's only button opens the private chat.
func (h *harness) opensPrivateChat(m telegramtest.Message) {
	h.t.Helper()
	want := "https://t.me/" + h.bot.Username() + "?start=remind"
	if len(m.Buttons) != 1 || len(m.Buttons[0]) != 1 || m.Buttons[0][0].URL != want || m.Buttons[0][0].Text != "和支部助手私聊" {
		h.t.Errorf("note %q buttons = %+v, want one opening %s", m.Plain, m.Buttons, want)
	}
}

const zhaoMeetingNote = "赵强（@zhaoqiang）：#1 党员大会 的会议提醒无法私信送达，请在群里答复是否参加。" +
	"点下面的按钮和我私聊（发送 /start），以后的提醒就能私下收到。"

func TestBlockedMemberMeetingReminderFallsBackToTheGroupOnce(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.meetingAt("党员大会")                       // 2026-11-25 19:00
	h.say(secretaryID, secretaryID, "/start") // the 书记's compliance reminders go there
	h.say(memberID, memberID, "/start")
	privBefore := h.botCount(memberID)
	h.srv.BlockBot(memberID, true) // the bot has not heard of it yet
	start := h.botCount(groupID)
	h.clock.Set(time.Date(2026, 11, 24, 19, 0, 0, 0, testStart.Location()))
	h.remind() // the private reminder is forbidden: the group gets the note
	h.remind() // nothing twice
	h.restart()
	h.remind()
	h.flush()
	notes := h.groupNotes(start, "无法私信送达")
	if len(notes) != 1 || notes[0].Plain != zhaoMeetingNote {
		t.Fatalf("fallback notes in the group = %q, want exactly %q", h.groupTexts(start), zhaoMeetingNote)
	}
	h.opensPrivateChat(notes[0])
	if got := h.groupTexts(start); len(got) != 2 || !strings.HasPrefix(got[0], "会议提醒：#1 党员大会") {
		t.Errorf("group = %q, want the reminder and the note", got)
	}
	if tries, forbidden := h.privateSends(memberID); forbidden != 1 || h.botCount(memberID) != privBefore {
		t.Errorf("private sends to 赵强: %d tries, %d forbidden, %d new messages; want one forbidden try",
			tries, forbidden, h.botCount(memberID)-privBefore)
	}
	if h.reachable(memberID) {
		t.Errorf("赵强 still reachable after the 403")
	}
	h.step() // the blocked update, late: still unreachable, nothing sent
	if h.reachable(memberID) || len(h.groupTexts(start)) != 2 {
		t.Errorf("after the late my_chat_member: reachable %v, group %q", h.reachable(memberID), h.groupTexts(start))
	}
}

func TestBlockingTheBotTakesTheGroupPathUntilStart(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.meetingAt("党员大会")
	h.say(secretaryID, secretaryID, "/start")
	h.say(memberID, memberID, "/start")
	if !h.reachable(memberID) {
		t.Fatalf("赵强 not reachable after /start")
	}
	h.srv.BlockBot(memberID, true)
	h.step()
	if h.reachable(memberID) {
		t.Fatalf("赵强 still reachable after blocking the bot")
	}
	tries, _ := h.privateSends(memberID)
	start := h.botCount(groupID)
	h.clock.Set(time.Date(2026, 11, 24, 19, 0, 0, 0, testStart.Location()))
	h.remind()
	if now, _ := h.privateSends(memberID); now != tries {
		t.Errorf("%d private sends tried to 赵强 after he blocked the bot, want none", now-tries)
	}
	got := h.groupTexts(start)
	if len(got) != 1 || !strings.Contains(got[0], "尚未答复：李书记（@lishuji）、王芳、赵强（@zhaoqiang）") {
		t.Errorf("group = %q, want only the reminder naming 赵强", got)
	}

	// Unblocking tells the bot; so does /start, e.g. after a 403.
	h.srv.BlockBot(memberID, false)
	h.step()
	if !h.reachable(memberID) {
		t.Errorf("赵强 not reachable after unblocking the bot")
	}
	if err := h.db.SetReachable(context.Background(), memberID, false, h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	h.say(memberID, memberID, "/start")
	if !h.reachable(memberID) {
		t.Fatalf("赵强 not reachable after /start")
	}
	privBefore := h.botCount(memberID)
	h.at(18, 0) // the 1 h lead
	h.remind()
	if n := h.botCount(memberID) - privBefore; n != 1 || !strings.HasPrefix(h.last(memberID), "提醒：#1 党员大会") {
		t.Errorf("private reminders after /start = %d, last %q; want 1", n, h.last(memberID))
	}
	if notes := h.groupNotes(start, "无法私信送达"); len(notes) != 0 {
		t.Errorf("fallback notes in the group: %q", h.groupTexts(start))
	}
}

const zhaoNote = "赵强（@zhaoqiang）：有一条提醒无法私信送达。请点下面的按钮和我私聊（发送 /start；屏蔽过我的请先解除屏蔽），以后的提醒就能私下收到。"

func TestPersonalReminderWithoutPrivateChatIsNotedInTheGroup(t *testing.T) {
	for _, tt := range []struct {
		name    string
		started bool // 赵强 opened the private chat, then blocked the bot unnoticed
	}{{"never opened a private chat", false}, {"blocked the bot unnoticed", true}} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.setup()
			h.mustSay(groupID, memberID, "/remind 明天上午10点 交学习心得",
				"已设置提醒 #1（个人提醒，私聊发送）：（内容不在群里显示）\n下次：11月22日 周日 上午 10:00")
			if tt.started {
				h.say(memberID, memberID, "/start")
				h.srv.BlockBot(memberID, true)
			}
			tries, _ := h.privateSends(memberID)
			start := h.botCount(groupID)
			h.clock.Set(time.Date(2026, 11, 22, 10, 0, 0, 0, testStart.Location()))
			h.remind()
			h.restart()
			h.remind()
			h.flush()
			got := h.groupTexts(start)
			if len(got) != 1 || got[0] != zhaoNote {
				t.Fatalf("group = %q, want exactly %q", got, zhaoNote)
			}
			h.opensPrivateChat(h.groupNotes(start, "无法私信送达")[0])
			for _, m := range h.srv.BotMessages(groupID)[start:] {
				if strings.Contains(m.Text, "学习心得") {
					t.Errorf("the personal reminder's text reached the group: %q", m.Text)
				}
			}
			wantTries := 0
			if tt.started {
				wantTries = 1
			}
			if now, _ := h.privateSends(memberID); now-tries != wantTries {
				t.Errorf("private sends tried to 赵强 = %d, want %d", now-tries, wantTries)
			}
		})
	}
}

// A daily personal reminder of a member who cannot be written to privately
// names them in the group once a month, not every day.
func TestDailyPersonalReminderNotedOnceAMonth(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, memberID, "/remind 每天 8点 量血压")
	start := h.botCount(groupID)
	day := time.Date(2026, 11, 22, 8, 0, 0, 0, testStart.Location())
	for d := range 14 {
		h.clock.Set(day.AddDate(0, 0, d))
		h.remind()
	}
	// 22 November to 5 December: one note in each month.
	if got := h.groupNotes(start, "无法私信送达"); len(got) != 2 {
		t.Errorf("14 days of a daily reminder brought %d notes to the group, want 2 (November's and December's)", len(got))
	}
}
