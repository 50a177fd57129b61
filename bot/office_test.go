package bot_test

import (
	"context"
	"errors"
	"testing"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot/telegramtest"
	"github.com/zhibu/zhibu/storage"
)

// strangerID is 孙八's account: in the group, on no roster, asking to be
// linked to a roster entry that holds an office (issue 11, item 1).
const strangerID = 15

// withStranger adds 孙八's account to the group.
func (h *harness) withStranger() {
	h.t.Helper()
	h.srv.AddUser(telegramtest.User{ID: strangerID, FirstName: "孙八"})
	h.srv.JoinGroup(groupID, strangerID)
}

// pressAnswer presses a labelled button in the group and returns the answer
// and whether it was an alert.
func (h *harness) pressAnswer(userID int64, messageID int, label string) (string, bool) {
	h.t.Helper()
	q, err := h.srv.PressButton(groupID, userID, messageID, label)
	if err != nil {
		h.t.Fatalf("press %s: %v", label, err)
	}
	h.step()
	text, alert, _ := h.srv.CallbackAnswer(q)
	return text, alert
}

// TestOfficeJoinNeedsTheSecretary: an unlinked roster entry that holds an
// office is linked to an account only by the 书记, and never silently: the
// card names the office, the 书记 hears of it privately, another officer's
// or the applicant's own approval is refused and changes nothing.
func TestOfficeJoinNeedsTheSecretary(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.withStranger()
	h.say(secretaryID, secretaryID, "/start")
	h.say(groupID, secretaryID, "/roster add 孙八")
	h.mustSay(groupID, secretaryID, "/role 孙八 副书记", "已任命 孙八 为副书记。")
	private := h.botCount(secretaryID)

	h.say(groupID, strangerID, "/join 孙八")
	card, _ := h.srv.LastBotMessage(groupID)
	if want := "加入申请\n孙八（ID 15） 申请以“孙八”加入本支部名册。\n名册上的“孙八”担任副书记，批准后此账号将获得该职务，只有书记可以批准。\n书记请核实是本人后选择身份批准，或拒绝："; card.Plain != want {
		t.Errorf("join card = %q, want %q", card.Plain, want)
	}
	if h.botCount(secretaryID) != private+1 {
		t.Fatalf("the 书记 got %d private messages, want 1", h.botCount(secretaryID)-private)
	}
	if got, want := h.last(secretaryID), "有职务的名册条目申请关联账号\n孙八（ID 15） 申请以“孙八”加入第一党支部名册。名册上的“孙八”担任副书记，批准后此账号将获得该职务。\n只有书记可以批准：请先核实是本人，再到群里的申请上选择身份批准，或拒绝。"; got != want {
		t.Errorf("the 书记's private note = %q, want %q", got, want)
	}

	before := h.snapshot(groupID)
	for _, tt := range []struct {
		name string
		user int64
		want string
	}{
		{"organizer", organizerID, "“孙八”担任副书记，只有书记可以批准关联此账号。"},
		{"applicant", strangerID, "不能审批自己的加入申请，请等待支委处理。"},
	} {
		text, alert := h.pressAnswer(tt.user, card.ID, "正式党员")
		if text != tt.want || !alert {
			t.Errorf("%s approves: answer %q (alert %v), want alert %q", tt.name, text, alert, tt.want)
		}
		h.unchanged(groupID, before)
	}
	if m, _ := h.srv.Message(groupID, card.ID); m.Plain != card.Plain || len(m.Buttons) == 0 {
		t.Errorf("after refused presses the card = %q with %d button rows, want it as it was", m.Plain, len(m.Buttons))
	}
	h.mustSay(groupID, strangerID, "/whoami", "你还不在本支部名册上。请发送 /join 你的姓名 申请加入，例如 /join 张三。")

	h.pressAnswer(secretaryID, card.ID, "正式党员")
	if m, _ := h.srv.Message(groupID, card.ID); m.Plain != "加入申请\n孙八 以“孙八”加入名册，身份：正式党员，职务：副书记。\n审批：李书记" {
		t.Errorf("approved card = %q", m.Plain)
	}
	h.mustSay(groupID, strangerID, "/whoami", "姓名：孙八\n状态：正式党员\n党小组：无\n职务：副书记\n支部：第一党支部")
}

// TestOfficeGainedAfterTheCard: the card was posted when the name held no
// office; the entry got one since. The decision is checked again: an
// officer who is not the 书记 cannot approve it from the old card.
func TestOfficeGainedAfterTheCard(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.withStranger()
	h.say(groupID, strangerID, "/join 孙八")
	card, _ := h.srv.LastBotMessage(groupID)
	h.say(groupID, secretaryID, "/roster add 孙八")
	h.mustSay(groupID, secretaryID, "/role 孙八 书记", "已任命 孙八 为书记。")
	before := h.snapshot(groupID)
	if text, alert := h.pressAnswer(organizerID, card.ID, "正式党员"); text != "“孙八”担任书记，只有书记可以批准关联此账号。" || !alert {
		t.Errorf("organizer approves = %q (alert %v)", text, alert)
	}
	h.unchanged(groupID, before)
	h.mustSay(groupID, strangerID, "/whoami", "你还不在本支部名册上。请发送 /join 你的姓名 申请加入，例如 /join 张三。")
	// Asked again, the card shown again names the office now.
	h.mustSay(groupID, strangerID, "/join 孙八", "加入申请（再次提交）\n孙八（ID 15） 申请以“孙八”加入本支部名册，仍在等待审批。\n名册上的“孙八”担任书记，批准后此账号将获得该职务，只有书记可以批准。\n书记请核实是本人后选择身份批准，或拒绝：")
	// Rejecting gives nothing away: any officer may.
	if text, _ := h.pressAnswer(organizerID, card.ID, "拒绝"); text != "已处理。" {
		t.Errorf("organizer rejects = %q, want 已处理。", text)
	}
}

// TestOfficeRemovedOnlyByTheSecretary: taking an office-holder off the
// roster ends the office, so only the 书记 may; a 副书记 cannot make
// himself 书记 nor unseat the 书记.
func TestOfficeRemovedOnlyByTheSecretary(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.mustSay(groupID, secretaryID, "/role 赵强 党小组长", "已任命 赵强 为党小组长。")
	before := h.snapshot(groupID)
	h.mustSay(groupID, organizerID, "/roster remove 赵强", "赵强 现任党小组长，只有书记可以把有职务的同志移出名册。")
	h.unchanged(groupID, before)

	h.mustSay(groupID, secretaryID, "/role 王芳 副书记", "已任命 王芳 为副书记。")
	before = h.snapshot(groupID)
	for _, text := range []string{"/role 王芳 书记", "/role 李书记 无", "/role 赵强 无"} {
		h.mustSay(groupID, organizerID, text, "只有书记可以任免职务。")
	}
	h.mustSay(groupID, organizerID, "/roster remove 李书记", "李书记 现任书记，只有书记可以把有职务的同志移出名册。")
	h.unchanged(groupID, before)
}

// TestOfficeSecretaryKeepsAnAccount: the branch keeps a 书记 who can use
// the bot. A 书记 entry with no account does not count: otherwise the last
// linked 书记 could step down, and nobody could manage the branch or
// approve that entry's link.
func TestOfficeSecretaryKeepsAnAccount(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/roster add 孙八")
	h.mustSay(groupID, secretaryID, "/role 孙八 书记", "已任命 孙八 为书记。")
	before := h.snapshot(groupID)
	const want = "支部的其他书记都还没有关联 Telegram 账号，这样改之后就没有人能管理支部了。请先让他们发送 /join 姓名，由你批准后再操作。"
	h.mustSay(groupID, secretaryID, "/role 李书记 无", want)
	h.mustSay(groupID, secretaryID, "/role 李书记 副书记", want)
	h.unchanged(groupID, before)
	h.mustSay(groupID, secretaryID, "/roster remove 李书记", want)
	if got := h.sendFile(secretaryID, "名册.csv", []byte("姓名,职务\n李书记,无\n"), "/roster import"); got != want {
		t.Errorf("import stepping down = %q, want %q", got, want)
	}
	h.unchanged(groupID, before)
}

// racingStore runs a rival's work right after the service read the roster
// for its "last 书记" check, as another instance of the bot would.
type racingStore struct {
	*storage.DB
	rival func()
}

func (s *racingStore) Members(ctx context.Context, branchID int64) ([]zhibu.Member, error) {
	ms, err := s.DB.Members(ctx, branchID)
	if rival := s.rival; rival != nil {
		s.rival = nil
		rival()
	}
	return ms, err
}

// TestOfficeLastSecretaryInOneUnit: two 书记 each unseat the other at the
// same moment (two instances of the bot). The check and the write are one
// unit of work: one of them wins, and the branch keeps a 书记.
func TestOfficeLastSecretaryInOneUnit(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.mustSay(groupID, secretaryID, "/role 王芳 书记", "已任命 王芳 为书记。")
	ctx := context.Background()
	li := zhibu.Person{TelegramID: secretaryID, DisplayName: "李书记"}
	wang := zhibu.Person{TelegramID: organizerID, DisplayName: "王芳"}
	var rivalErr error
	racing := &racingStore{DB: h.db}
	racing.rival = func() {
		_, rivalErr = zhibu.NewService(h.db, h.clock.Now).AssignRole(ctx, groupID, wang, "李书记", zhibu.RoleNone)
	}
	_, err := zhibu.NewService(racing, h.clock.Now).AssignRole(ctx, groupID, li, "王芳", zhibu.RoleNone)
	if err != nil && rivalErr != nil {
		t.Fatalf("both failed: %v; rival %v", err, rivalErr)
	}
	if err == nil && rivalErr == nil {
		t.Errorf("both unseated the other")
	}
	if rivalErr != nil && !errors.Is(rivalErr, zhibu.ErrUnavailable) && !errors.Is(rivalErr, zhibu.ErrLastSecretary) {
		t.Errorf("rival = %v, want it held off or refused", rivalErr)
	}
	n := 0
	for _, m := range h.snapshot(groupID).Members {
		if m.Role == zhibu.RoleSecretary && !m.Removed {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the branch has %d 书记 after the race, want 1", n)
	}
}
