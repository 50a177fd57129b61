package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zhibu/zhibu/bot/telegramtest"
)

// realSunID is the real 孙八's account, whose roster entry a stranger took
// (issue 11, "removing an impostor must cut his account off").
const realSunID = 17

// notOnRoster is what /whoami says to an account linked to no entry.
const notOnRoster = "你还不在本支部名册上。请发送 /join 你的姓名 申请加入，例如 /join 张三。"

// withImpostor has the stranger take the 副书记 entry 孙八 through a /join
// the 书记 approved by mistake, and adds the real 孙八's account to the group.
func (h *harness) withImpostor() {
	h.t.Helper()
	h.withStranger()
	h.srv.AddUser(telegramtest.User{ID: realSunID, FirstName: "孙八", Username: "sunba"})
	h.srv.JoinGroup(groupID, realSunID)
	h.say(groupID, secretaryID, "/roster add 孙八")
	h.mustSay(groupID, secretaryID, "/role 孙八 副书记", "已任命 孙八 为副书记。")
	h.join(strangerID, "孙八", "正式党员")
	h.mustSay(groupID, strangerID, "/whoami", "姓名：孙八\n状态：正式党员\n党小组：无\n职务：副书记\n支部：第一党支部")
}

// confirmCard sends an officer's command that asks to confirm and returns
// the question.
func (h *harness) confirmCard(userID int64, text string) telegramtest.Message {
	h.t.Helper()
	h.say(groupID, userID, text)
	m, _ := h.srv.LastBotMessage(groupID)
	return m
}

// TestUnlinkRestoredByAddWithoutAccount: the trial's path. The 书记 removes
// the impostor's entry and adds it again: it comes back without his account,
// the reply says so, an office given again does not reach him, and the real
// 孙八 can ask for the entry.
func TestUnlinkRestoredByAddWithoutAccount(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.withImpostor()
	card := h.confirmCard(secretaryID, "/roster remove 孙八")
	h.pressAnswer(secretaryID, card.ID, "确认移出")

	h.mustSay(groupID, secretaryID, "/roster add 孙八", "已把 孙八 加入名册（正式党员）。原来关联的 Telegram 账号已解除，本人需重新发送 /join 孙八。")
	h.mustSay(groupID, strangerID, "/whoami", notOnRoster)
	h.mustSay(groupID, secretaryID, "/role 孙八 副书记", "已任命 孙八 为副书记。")
	h.mustSay(groupID, strangerID, "/whoami", notOnRoster)
	h.mustSay(groupID, realSunID, "/join 孙八", "加入申请\n孙八（@sunba） 申请以“孙八”加入本支部名册。\n名册上的“孙八”担任副书记，批准后此账号将获得该职务，只有书记可以批准。\n书记请核实是本人后选择身份批准，或拒绝：")

	// Adding an entry that never had an account says nothing of one.
	h.mustSay(groupID, secretaryID, "/roster add 周老", "已把 周老 加入名册（正式党员）。")
}

// TestUnlinkRestoredByImportWithoutAccount: a removed entry restored by a
// roster file comes back without its account too; the member who was
// removed links again through /join and an officer's approval.
func TestUnlinkRestoredByImportWithoutAccount(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.mustSay(groupID, secretaryID, "/roster remove 赵强", "已把 赵强 移出名册。历史记录仍保留，以后的会议不再计入应到。")
	got := h.sendFile(secretaryID, "名册.csv", []byte("姓名,状态\n赵强,正式党员\n"), "/roster import")
	if want := "名册导入完成：新增 0 人，更新 1 人，未变 0 人。\n赵强 原来关联的 Telegram 账号已解除，本人需重新发送 /join 姓名。"; got != want {
		t.Errorf("import restoring 赵强 = %q, want %q", got, want)
	}
	h.mustSay(groupID, memberID, "/whoami", notOnRoster)
	h.mustSay(groupID, memberID, "/join 赵强", "加入申请\n赵强（@zhaoqiang） 申请以“赵强”加入本支部名册。\n名册上已有“赵强”，批准后将关联此账号。\n支委请选择身份批准，或拒绝：")
}

// TestUnlinkCommand: an officer who manages the roster unlinks an account
// after confirming; only he may press; the account is told privately, the
// group hears no private detail, the audit log keeps it; the person links
// again through /join.
func TestUnlinkCommand(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(memberID, memberID, "/start")
	card := h.confirmCard(organizerID, "/roster unlink 赵强")
	if want := "确认解除关联？\n将解除名册上“赵强”关联的 Telegram 账号：该账号不能再以“赵强”的身份使用支部助手，本人需重新发送 /join 赵强，经支委批准后重新关联。"; card.Plain != want {
		t.Errorf("confirmation = %q, want %q", card.Plain, want)
	}
	before := h.snapshot(groupID)
	if text, alert := h.pressAnswer(memberID, card.ID, "确认解除"); !alert || text != "这是发起人才能进行的操作。" {
		t.Errorf("赵强 presses = %q (alert %v), want the not-yours alert", text, alert)
	}
	h.unchanged(groupID, before)

	private := h.botCount(memberID)
	h.pressAnswer(organizerID, card.ID, "确认解除")
	const done = "已解除 赵强 关联的 Telegram 账号。本人需重新发送 /join 赵强，经支委批准后重新关联。"
	if m, _ := h.srv.Message(groupID, card.ID); m.Plain != done || len(m.Buttons) != 0 {
		t.Errorf("after 确认解除 the question = %q with %d button rows, want %q", m.Plain, len(m.Buttons), done)
	}
	for _, m := range h.srv.BotMessages(groupID) {
		if m.ID >= card.ID && (strings.Contains(m.Text, "zhaoqiang") || strings.Contains(m.Text, "tg://")) {
			t.Errorf("the group read the account: %q", m.Plain)
		}
	}
	if h.botCount(memberID) != private+1 {
		t.Fatalf("赵强 got %d private messages, want 1", h.botCount(memberID)-private)
	}
	if got, want := h.last(memberID), "你的 Telegram 账号已不再关联第一党支部名册上的“赵强”。如有疑问，请联系支委。"; got != want {
		t.Errorf("赵强 is told %q, want %q", got, want)
	}
	h.mustSay(groupID, memberID, "/whoami", notOnRoster)
	b, _ := h.db.BranchByChat(context.Background(), groupID)
	cs, _ := h.db.Changes(context.Background(), b.ID, 1)
	if len(cs) != 1 || cs[0].Action != "member.unlink" || cs[0].Subject != "赵强" || cs[0].ActorID != organizerID ||
		!strings.Contains(cs[0].Before, "telegram=13") || !strings.Contains(cs[0].After, "telegram=0") {
		t.Errorf("last audit change = %+v, want 王芳's member.unlink of 赵强 from account 13", cs)
	}
	// A second press (a client that kept the button) does nothing more.
	q := h.srv.Press(groupID, organizerID, card.ID, "d:ok")
	h.step()
	if text, _, _ := h.srv.CallbackAnswer(q); text != "这个确认已经处理过了（或已过期），不用再按。" {
		t.Errorf("second press = %q", text)
	}
	h.mustSay(groupID, organizerID, "/roster unlink 赵强", "“赵强”没有关联 Telegram 账号，无需解除。")
	h.mustSay(groupID, memberID, "/join 赵强", "加入申请\n赵强（@zhaoqiang） 申请以“赵强”加入本支部名册。\n名册上已有“赵强”，批准后将关联此账号。\n支委请选择身份批准，或拒绝：")
}

// TestUnlinkOfficeOnlyBySecretary: the link of an entry holding an office
// is the 书记's alone, checked again when the button is pressed; the branch
// keeps a 书记 with an account; a member may not unlink anyone; 取消
// changes nothing.
func TestUnlinkOfficeOnlyBySecretary(t *testing.T) {
	h := newHarness(t)
	h.setup()
	before := h.snapshot(groupID)
	h.mustSay(groupID, organizerID, "/roster unlink 李书记", "“李书记”担任书记，只有书记可以更换或解除其关联的账号。")
	h.mustSay(groupID, memberID, "/roster unlink 王芳", "只有书记、副书记、组织委员可以管理名册。")
	h.mustSay(groupID, secretaryID, "/roster unlink 李书记", "支部的其他书记都还没有关联 Telegram 账号，这样改之后就没有人能管理支部了。请先让他们发送 /join 姓名，由你批准后再操作。")
	h.mustSay(groupID, secretaryID, "/roster unlink 周老", "名册上没有“周老”。发送 /roster 查看名册。")
	h.mustSay(groupID, secretaryID, "/roster unlink", "用法：/roster unlink 姓名，例如 /roster unlink 张三")

	// The office came after the question: the press is refused.
	card := h.confirmCard(organizerID, "/roster unlink 赵强")
	h.mustSay(groupID, secretaryID, "/role 赵强 党小组长", "已任命 赵强 为党小组长。")
	before = h.snapshot(groupID)
	if text, alert := h.pressAnswer(organizerID, card.ID, "确认解除"); !alert || text != "“赵强”担任党小组长，只有书记可以更换或解除其关联的账号。" {
		t.Errorf("王芳 confirms after the appointment = %q (alert %v)", text, alert)
	}
	h.unchanged(groupID, before)

	card = h.confirmCard(secretaryID, "/roster unlink 王芳")
	if want := "确认解除关联？\n将解除名册上“王芳”关联的 Telegram 账号：该账号不能再以“王芳”的身份使用支部助手，本人需重新发送 /join 王芳，经支委批准后重新关联。\n王芳 现任组织委员，解除后该账号不再有这一职务的权限。"; card.Plain != want {
		t.Errorf("confirmation = %q, want %q", card.Plain, want)
	}
	h.pressAnswer(secretaryID, card.ID, "取消")
	if m, _ := h.srv.Message(groupID, card.ID); m.Plain != "已取消，没有解除任何关联。" {
		t.Errorf("after 取消 the question = %q", m.Plain)
	}
	h.unchanged(groupID, before)
	card = h.confirmCard(secretaryID, "/roster unlink 王芳")
	n := h.botCount(groupID)
	h.pressAnswer(secretaryID, card.ID, "确认解除")
	// 王芳 never opened a private chat: her notice is dropped, not posted.
	if got := h.botCount(groupID); got != n {
		t.Errorf("the group got %d new messages after 确认解除, want none (the question is edited): %q", got-n, h.last(groupID))
	}
	h.mustSay(groupID, organizerID, "/whoami", notOnRoster)
	h.mustSay(groupID, organizerID, "/roster add 周老", "你还不在本支部名册上。请发送 /join 你的姓名 申请加入，例如 /join 张三。")
}

// TestUnlinkQuestionTimesOut: an unanswered question goes after 15
// minutes with its buttons, and nothing is unlinked.
func TestUnlinkQuestionTimesOut(t *testing.T) {
	h := newHarness(t)
	h.setup()
	card := h.confirmCard(secretaryID, "/roster unlink 赵强")
	before := h.snapshot(groupID)
	h.clock.Advance(16 * time.Minute)
	h.tick()
	if m, _ := h.srv.Message(groupID, card.ID); m.Plain != "这个确认已超时，没有解除任何关联。需要时请重新发送 /roster unlink 姓名。" || len(m.Buttons) != 0 {
		t.Errorf("timed-out question = %q with %d button rows", m.Plain, len(m.Buttons))
	}
	h.unchanged(groupID, before)
}

// TestRosterDetailsNameTheAccount: the officers' detailed roster (sent
// privately) shows which account each entry is linked to, so that a wrong
// link can be spotted.
func TestRosterDetailsNameTheAccount(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.withImpostor()
	h.say(secretaryID, secretaryID, "/start")
	got := h.quiet(secretaryID, "/roster")
	for _, want := range []string{
		"1. 李书记｜正式党员｜无｜书记｜已关联 @lishuji",
		"2. 孙八｜正式党员｜无｜副书记｜已关联 ID 15",
		"3. 王芳｜正式党员｜无｜组织委员｜已关联 ID 12",
		"4. 赵强｜正式党员｜无｜无｜已关联 @zhaoqiang",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("detailed roster lacks %q:\n%s", want, got)
		}
	}
	m, _ := h.srv.LastBotMessage(secretaryID)
	if !strings.Contains(m.Text, `<a href="tg://user?id=15">ID 15</a>`) {
		t.Errorf("detailed roster = %q, want a link to account 15's profile", m.Text)
	}
}

// TestUnlinkInHelp: /help (in private, where an officer's commands are
// listed) and /roster's usage name /roster unlink; a member's do not.
func TestUnlinkInHelp(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(organizerID, organizerID, "/start")
	const line = "/roster unlink 姓名 — 解除关联的 Telegram 账号（本人需重新 /join）"
	if got := h.say(organizerID, organizerID, "/help"); !strings.Contains(got, line) {
		t.Errorf("组织委员's private /help lacks %q:\n%s", line, got)
	}
	if got := h.say(groupID, organizerID, "/roster ?"); !strings.Contains(got, "/roster unlink 姓名（解除关联的 Telegram 账号）") {
		t.Errorf("/roster usage for officers = %q, want it to name /roster unlink", got)
	}
	h.say(memberID, memberID, "/start")
	if got := h.say(memberID, memberID, "/help"); strings.Contains(got, "unlink") {
		t.Errorf("a member's /help names /roster unlink:\n%s", got)
	}
}

// 孙丽 was on the roster without an account, joined by mistake under
// another name, and that duplicate was removed: her /join under her real
// name links her account there, leaving the removed entry.
func TestRejoinUnderTheRightNameMovesTheAccount(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/roster add 孙丽")
	h.join(guestID, "孙丽同志", "正式党员")
	h.say(groupID, secretaryID, "/roster remove 孙丽同志")
	h.join(guestID, "孙丽", "正式党员")
	if got := h.last(groupID); strings.Contains(got, "无法批准") {
		t.Fatalf("approval refused: %q", got)
	}
	h.mustSay(groupID, guestID, "/whoami", "姓名：孙丽\n状态：正式党员\n党小组：无\n职务：无\n支部：第一党支部")
	cs := h.changes(2)
	if len(cs) != 2 || cs[1].Action != "member.unlink" || cs[1].Subject != "孙丽同志" || cs[0].Action != "join.approve" {
		t.Errorf("audit = %+v, want the removed entry unlinked, then the approval", cs)
	}
}
