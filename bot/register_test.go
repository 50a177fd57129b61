package bot_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/bot/telegramtest"
)

// Server operators of the registration tests. 孙丽 (guestID) administers
// the other group and asks to register it.
const (
	operatorID  = 21 // 老周, the server's operator
	operator2ID = 22 // 小钱, a second operator
	newGroupID  = -1001234567890
)

const (
	wantPending = "已提交服务器管理员审批：本群申请登记支部“第二党支部”，申请人 孙丽。批准后本群会收到通知，请耐心等待。"
	wantNotice  = "新支部登记申请 #1\n群：第二党支部群（id -100600）\n支部名称：第二党支部\n申请人：孙丽（id 14）\n" +
		"群管理员：\n• 孙丽，id 14，管理员\n\n批准后申请人成为支部书记，本群开始使用机器人。"
	wantWelcome  = "支部“第二党支部”登记成功。\n书记：孙丽\n时区：Asia/Shanghai"
	wantRefused  = "很抱歉，服务器管理员没有批准本群登记支部“第二党支部”。如有疑问，请联系部署机器人的信息化管理员。我将退出本群。"
	wantClosed   = "本服务器暂不接受新支部登记。如需使用，请联系部署机器人的信息化管理员。"
	wantNotOp    = "只有服务器管理员可以这样做。"
	wantApproved = wantNotice + "\n\n#1 审批结果：已批准，审批人：老周。"
)

// newRegistrationHarness is a harness whose server takes new branches by
// approval of the given operators; those in started have opened a private
// chat with the bot. log, when not nil, receives the bot's log.
func newRegistrationHarness(t *testing.T, policy zhibu.RegistrationPolicy, started []int64, log *bytes.Buffer) *harness {
	t.Helper()
	h := newHarness(t)
	h.srv.AddUser(telegramtest.User{ID: operatorID, FirstName: "老周"})
	h.srv.AddUser(telegramtest.User{ID: operator2ID, FirstName: "小钱"})
	h.registration = policy
	cfg := bot.Config{}
	if log != nil {
		cfg.Log = slog.New(slog.NewTextHandler(&syncWriter{w: log}, nil))
	}
	h.bot = h.newBot(cfg)
	for _, id := range started {
		h.say(id, id, "/start")
	}
	return h
}

func approval(ops ...int64) zhibu.RegistrationPolicy {
	return zhibu.RegistrationPolicy{Mode: zhibu.RegistrationApproval, Operators: ops}
}

// syncWriter lets the sender's and the handlers' goroutines share a buffer.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// askToRegister adds the bot to the other group and has its administrator
// 孙丽 send /setup there; it returns the group's answer.
func (h *harness) askToRegister() string {
	h.t.Helper()
	h.srv.AddBot(otherGroup, guestID)
	h.step()
	return h.say(otherGroup, guestID, "/setup 第二党支部")
}

// pressPrivate presses a labelled button on the bot's last private message to
// userID and returns the answer to the press.
func (h *harness) pressPrivate(userID int64, label string) string {
	h.t.Helper()
	m, _ := h.srv.LastBotMessage(userID)
	q, err := h.srv.PressButton(userID, userID, m.ID, label)
	if err != nil {
		h.t.Fatalf("press %s: %v", label, err)
	}
	h.step()
	text, _, _ := h.srv.CallbackAnswer(q)
	return text
}

// registered reports whether the chat has a branch.
func (h *harness) registered(chatID int64) bool {
	_, err := h.db.BranchByChat(context.Background(), chatID)
	return err == nil
}

// The finding: any admin of any group could add the bot and /setup,
// becoming 书记 of a new branch. Now the operator decides, privately.
func TestRegisterWaitsForOperatorApproval(t *testing.T) {
	h := newRegistrationHarness(t, approval(operatorID), []int64{operatorID}, nil)
	h.srv.AddBot(otherGroup, guestID)
	h.step()
	if got := h.last(otherGroup); !strings.HasSuffix(got, "本服务器登记新支部需经服务器管理员审批。") {
		t.Errorf("greeting = %q, want it to say registration needs approval", got)
	}
	if got := h.say(otherGroup, guestID, "/setup 第二党支部"); got != wantPending {
		t.Errorf("/setup = %q, want %q", got, wantPending)
	}
	if h.registered(otherGroup) {
		t.Fatal("the group registered before an operator approved")
	}
	if got := h.say(otherGroup, guestID, "/whoami"); got != "本群的支部登记正在等待服务器管理员审批，批准后即可使用。" {
		t.Errorf("/whoami while pending = %q, want it waits for approval", got)
	}
	if got := h.last(operatorID); got != wantNotice {
		t.Errorf("operator's notice = %q, want %q", got, wantNotice)
	}
	if got := h.pressPrivate(operatorID, "批准"); got != "已批准。" {
		t.Errorf("answer to 批准 = %q, want 已批准。", got)
	}
	if got := h.last(otherGroup); !strings.HasPrefix(got, wantWelcome) {
		t.Errorf("group after approval = %q, want the setup welcome %q…", got, wantWelcome)
	}
	if got := h.last(operatorID); got != wantApproved {
		t.Errorf("operator's message after approval = %q, want %q", got, wantApproved)
	}
	h.mustSay(otherGroup, guestID, "/whoami", "姓名：孙丽\n状态：正式党员\n党小组：无\n职务：书记\n支部：第二党支部")
}

func TestRegisterRefusedBotLeaves(t *testing.T) {
	h := newRegistrationHarness(t, approval(operatorID), []int64{operatorID}, nil)
	h.askToRegister()
	if got := h.pressPrivate(operatorID, "拒绝"); got != "已拒绝，群里已收到通知。" {
		t.Errorf("answer to 拒绝 = %q", got)
	}
	if got := h.last(otherGroup); got != wantRefused {
		t.Errorf("group after refusal = %q, want %q", got, wantRefused)
	}
	if h.registered(otherGroup) {
		t.Error("a refused group has a branch")
	}
	n := h.botCount(otherGroup)
	h.say(otherGroup, guestID, "/setup 第二党支部")
	if h.botCount(otherGroup) != n {
		t.Errorf("the bot answered in the group it left: %q", h.last(otherGroup))
	}
	if got := h.last(operatorID); !strings.HasSuffix(got, "已拒绝，审批人：老周。") {
		t.Errorf("operator's message = %q, want it to say who refused", got)
	}
}

func TestRegisterForgedAndRepeatedPresses(t *testing.T) {
	h := newRegistrationHarness(t, approval(operatorID, operator2ID), []int64{operatorID, operator2ID, guestID}, nil)
	h.askToRegister()

	// 孙丽 asked, but is no operator: a forged approval in her private chat
	// and one on the group's message change nothing.
	mine, _ := h.srv.LastBotMessage(guestID)
	for _, chat := range []int64{guestID, otherGroup} {
		m, _ := h.srv.LastBotMessage(chat)
		if chat == guestID {
			m = mine
		}
		q := h.srv.Press(chat, guestID, m.ID, "r:1:y")
		h.step()
		if text, _, _ := h.srv.CallbackAnswer(q); chat == guestID && text != wantNotOp {
			t.Errorf("forged approval by 孙丽 = %q, want %q", text, wantNotOp)
		}
	}
	if h.registered(otherGroup) {
		t.Fatal("a forged button registered the branch")
	}

	// Both operators press at once: one decision wins, the other is told.
	m1, _ := h.srv.LastBotMessage(operatorID)
	m2, _ := h.srv.LastBotMessage(operator2ID)
	h.srv.PressButton(operatorID, operatorID, m1.ID, "批准")
	h.srv.PressButton(operator2ID, operator2ID, m2.ID, "拒绝")
	h.step()
	var outcomes int
	for _, m := range h.srv.BotMessages(otherGroup) {
		if strings.HasPrefix(m.Plain, wantWelcome) || m.Plain == wantRefused {
			outcomes++
		}
	}
	if outcomes != 1 {
		t.Errorf("the group heard %d outcomes, want 1", outcomes)
	}
	approved := strings.HasPrefix(h.last(otherGroup), wantWelcome)
	if h.registered(otherGroup) != approved {
		t.Errorf("registered = %v, but the group was told approved = %v", h.registered(otherGroup), approved)
	}
	for _, op := range []int64{operatorID, operator2ID} {
		if m, _ := h.srv.LastBotMessage(op); len(m.Buttons) != 0 || !strings.Contains(m.Plain, "审批人") {
			t.Errorf("operator %d's message = %q with %d button rows, want the outcome without buttons", op, m.Plain, len(m.Buttons))
		}
	}

	// The same button again (a double tap, an old client) changes nothing.
	n := h.botCount(otherGroup)
	q := h.srv.Press(operatorID, operatorID, m1.ID, "r:1:n")
	h.step()
	if text, _, _ := h.srv.CallbackAnswer(q); !strings.HasPrefix(text, "这个申请已经处理过了：") {
		t.Errorf("second press = %q, want already decided", text)
	}
	if h.botCount(otherGroup) != n {
		t.Errorf("a second press told the group %q", h.last(otherGroup))
	}
}

func TestRegisterSetupRepeatedWhilePendingIsOneRequest(t *testing.T) {
	h := newRegistrationHarness(t, approval(operatorID), []int64{operatorID}, nil)
	h.srv.SetAdmin(otherGroup, memberID, true)
	h.askToRegister()
	want := "本群登记支部“第二党支部”的申请已在等待服务器管理员审批，不必重复发送。"
	h.mustSay(otherGroup, guestID, "/setup 第二党支部", want)
	h.mustSay(otherGroup, memberID, "/setup 别的名字", want)
	if n := h.botCount(operatorID); n != 2 { // the answer to /start, one notice
		t.Errorf("operator got %d messages, want /start's answer and one notice", n)
	}
	got := h.say(operatorID, operatorID, "/branches")
	if !strings.Contains(got, "待审批的登记申请（1 个）") {
		t.Errorf("/branches = %q, want one pending request", got)
	}
}

func TestRegisterBotRemovedWhilePending(t *testing.T) {
	h := newRegistrationHarness(t, approval(operatorID), []int64{operatorID}, nil)
	h.askToRegister()
	h.srv.RemoveBot(otherGroup, guestID)
	h.step()
	n := h.botCount(otherGroup)
	if got := h.pressPrivate(operatorID, "批准"); got != "这个申请已经处理过了：申请已撤回：机器人已离开该群，或该群已另行登记。" {
		t.Errorf("approving a withdrawn request = %q", got)
	}
	if h.registered(otherGroup) || h.botCount(otherGroup) != n {
		t.Error("a group without the bot was registered or written to")
	}
	// Added again, the group asks anew.
	if got := h.askToRegister(); got != wantPending {
		t.Errorf("/setup after re-adding = %q, want %q", got, wantPending)
	}
	if got := h.last(operatorID); !strings.HasPrefix(got, "新支部登记申请 #2") {
		t.Errorf("operator's notice = %q, want request #2", got)
	}
}

func TestRegisterGroupMigratedWhilePending(t *testing.T) {
	h := newRegistrationHarness(t, approval(operatorID), []int64{operatorID}, nil)
	h.askToRegister()
	h.srv.MigrateToSupergroup(otherGroup, newGroupID)
	h.step()
	h.pressPrivate(operatorID, "批准")
	if got := h.last(newGroupID); !strings.HasPrefix(got, wantWelcome) {
		t.Errorf("supergroup after approval = %q, want the welcome", got)
	}
	if !h.registered(newGroupID) || h.registered(otherGroup) {
		t.Errorf("branch at supergroup = %v, at old group = %v; want only the supergroup", h.registered(newGroupID), h.registered(otherGroup))
	}
	h.mustSay(newGroupID, guestID, "/whoami", "姓名：孙丽\n状态：正式党员\n党小组：无\n职务：书记\n支部：第二党支部")
}

// An operator who never opened a private chat with the bot cannot get the
// notice (Telegram answers 403): the group learns its request waits, the
// log says what the operator must do, and /branches lets them decide later.
func TestRegisterOperatorNeverStartedBot(t *testing.T) {
	var log bytes.Buffer
	h := newRegistrationHarness(t, approval(operatorID), nil, &log)
	h.askToRegister()
	want := "审批通知没能私信送到一位服务器管理员（对方还没有和机器人私聊过）。申请仍在等待；如久无回音，请联系部署机器人的信息化管理员。"
	if got := h.last(otherGroup); got != want {
		t.Errorf("group = %q, want %q", got, want)
	}
	if got := log.String(); !strings.Contains(got, "server operator cannot be written to privately") ||
		!strings.Contains(got, "operator_id=21") {
		t.Errorf("log = %q, want a warning naming operator 21 and what to do", got)
	}
	if strings.Contains(h.last(otherGroup), "21") {
		t.Error("the group learned the operator's id")
	}
	h.say(operatorID, operatorID, "/start")
	got := h.say(operatorID, operatorID, "/branches")
	wantList := "本服务器的支部（0 个）：\n（还没有）\n\n待审批的登记申请（1 个）：\n" +
		"• #1 群“第二党支部群”（id -100600）申请登记支部“第二党支部”，申请人 孙丽"
	if got != wantList {
		t.Errorf("/branches = %q, want %q", got, wantList)
	}
	h.pressPrivate(operatorID, "批准 #1")
	if got := h.last(otherGroup); !strings.HasPrefix(got, wantWelcome) {
		t.Errorf("group after approval from /branches = %q", got)
	}
}

func TestRegisterClosedAndUnattended(t *testing.T) {
	for _, policy := range []zhibu.RegistrationPolicy{{Mode: zhibu.RegistrationClosed, Operators: []int64{operatorID}}, approval()} {
		t.Run(string(policy.Mode)+" without operators", func(t *testing.T) {
			h := newRegistrationHarness(t, policy, []int64{operatorID}, nil)
			if got := h.askToRegister(); got != wantClosed {
				t.Errorf("/setup = %q, want %q", got, wantClosed)
			}
			if h.registered(otherGroup) || h.botCount(operatorID) != 1 {
				t.Error("a closed server registered the group or asked an operator")
			}
		})
	}
}

// A branch registered before keeps working whatever the mode: commands,
// renaming, and coming back after the bot was removed.
func TestRegisteredBranchKeepsWorkingWhenClosed(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.registration = zhibu.RegistrationPolicy{Mode: zhibu.RegistrationClosed}
	h.bot = h.newBot(bot.Config{})
	h.mustSay(groupID, memberID, "/whoami", "姓名：赵强\n状态：正式党员\n党小组：无\n职务：无\n支部：第一党支部")
	h.srv.RemoveBot(groupID, secretaryID)
	h.step()
	h.srv.AddBot(groupID, secretaryID)
	h.step()
	if got := h.last(groupID); got != "我回来了。支部“第一党支部”已重新启用，以前的记录都在。发送 /help 查看命令。" {
		t.Errorf("re-added = %q, want welcome back", got)
	}
	h.mustSay(groupID, secretaryID, "/setup 机关第一党支部", "支部名称已由“第一党支部”改为“机关第一党支部”。")
	if got := h.askToRegister(); got != wantClosed {
		t.Errorf("/setup in a new group = %q, want %q", got, wantClosed)
	}
}

func TestBranchesIsForOperatorsInPrivate(t *testing.T) {
	h := newHarness(t)
	h.setup() // registered in open mode
	h.srv.AddUser(telegramtest.User{ID: operatorID, FirstName: "老周"})
	h.registration = approval(operatorID)
	h.bot = h.newBot(bot.Config{})
	h.say(operatorID, operatorID, "/start")
	h.say(guestID, guestID, "/start")
	h.mustSay(guestID, guestID, "/branches", wantNotOp)
	h.mustSay(groupID, secretaryID, "/branches", "请在和机器人的私聊中发送 /branches。")
	h.mustSay(operatorID, operatorID, "/branches", "本服务器的支部（1 个）：\n• 第一党支部 — 群 id -100500，使用中\n\n待审批的登记申请（0 个）：\n（还没有）")
}
