package bot_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/bot/telegramtest"
)

// A third group asking to register, for the tests that need two requests.
const (
	thirdGroup  = -100700
	fourthGroup = -100800
	thirdAdmin  = 15 // 周敏, administrator of the third group
)

const (
	wantWaiting    = "本群的支部登记正在等待服务器管理员审批，批准后即可使用。"
	wantStartGuest = "你好！我是支部助手。\n私聊已开启，以后需要私下告诉你的事（如详细名册、提醒）会发到这里。\n\n" +
		"把我加入支部的群聊后，请群管理员发送 /setup 支部名称。发送 /help 查看帮助。"
	wantOperatorWaiting = "\n\n你是本服务器的管理员。有 1 份新支部登记申请在等待你审批，下面逐份发给你，点“批准”或“拒绝”即可；" +
		"发送 /branches 可查看全部支部和申请。"
	wantOperatorIdle = "\n\n你是本服务器的管理员：新支部的登记申请会私信发给你审批；发送 /branches 可查看全部支部和待审批的申请。"
)

// The finding: an operator who had never started the bot missed the
// notice, and his /start later said nothing of the request. Now /start
// tells him and brings the request with its buttons.
func TestRegisterOperatorStartBringsWaitingRequests(t *testing.T) {
	var log bytes.Buffer
	h := newRegistrationHarness(t, approval(operatorID), nil, &log)
	h.askToRegister()
	if h.botCount(operatorID) != 0 {
		t.Fatal("the operator who never started the bot got a message")
	}
	h.srv.SendText(operatorID, operatorID, "/start")
	h.step()
	ms := h.srv.BotMessages(operatorID)
	if len(ms) != 2 {
		t.Fatalf("/start brought %d messages, want the greeting and one request", len(ms))
	}
	if got, want := ms[0].Plain, wantStartGuest+wantOperatorWaiting; got != want {
		t.Errorf("/start = %q, want %q", got, want)
	}
	if ms[1].Plain != wantNotice || len(ms[1].Buttons) != 1 || len(ms[1].Buttons[0]) != 2 {
		t.Errorf("request after /start = %q with buttons %v, want %q with 批准 and 拒绝", ms[1].Plain, ms[1].Buttons, wantNotice)
	}
	if got := h.pressPrivate(operatorID, "批准"); got != "已批准。" {
		t.Errorf("answer to 批准 = %q, want 已批准。", got)
	}
	if got := h.last(otherGroup); !strings.HasPrefix(got, wantWelcome) {
		t.Errorf("group after approval = %q, want the welcome", got)
	}
	if got := h.say(operatorID, operatorID, "/start"); got != wantStartGuest+wantOperatorIdle {
		t.Errorf("/start with nothing waiting = %q, want %q", got, wantStartGuest+wantOperatorIdle)
	}
	// Someone who operates nothing reads the ordinary greeting.
	if got := h.say(memberID, memberID, "/start"); got != wantStartGuest {
		t.Errorf("/start of a non-operator = %q, want %q", got, wantStartGuest)
	}
}

// /help in private lists /branches to the operators, and to nobody else.
func TestHelpPrivateListsBranchesForOperators(t *testing.T) {
	h := newHarness(t)
	h.setup() // registered in open mode
	h.srv.AddUser(telegramtest.User{ID: operatorID, FirstName: "老周"})
	h.registration = approval(operatorID, secretaryID)
	h.bot = h.newBot(bot.Config{})
	golden(t, "help_private_operator", h.say(operatorID, operatorID, "/help"))
	line := "/branches — 本服务器的全部支部和待审批的登记申请（服务器管理员）"
	if got := h.say(secretaryID, secretaryID, "/help"); !strings.Contains(got, line) {
		t.Errorf("/help of 李书记, an operator = %q, want the line %q", got, line)
	}
	for _, id := range []int64{memberID, guestID} {
		if got := h.say(id, id, "/help"); strings.Contains(got, "/branches") {
			t.Errorf("/help of %d, no operator = %q, want no /branches", id, got)
		}
	}
}

// The finding: a group whose request waited was told to send /setup, which
// only asked again. Every command there now says it waits.
func TestRegisterPendingGroupSaysItWaits(t *testing.T) {
	h := newRegistrationHarness(t, approval(operatorID), []int64{operatorID}, nil)
	h.askToRegister()
	n := h.botCount(operatorID)
	for _, user := range []int64{guestID, memberID} {
		for _, cmd := range []string{"/branch", "/join 赵强", "/whoami", "/meetings", "/roster"} {
			h.mustSay(otherGroup, user, cmd, wantWaiting)
		}
	}
	// Even a /setup by someone who could not have asked.
	h.mustSay(otherGroup, memberID, "/setup 别的名字", "本群登记支部“第二党支部”的申请已在等待服务器管理员审批，不必重复发送。")
	if got, want := h.say(otherGroup, memberID, "/help"), "我是支部助手：在群里记录支部名册、三会一课和公开承诺，并按时提醒。\n\n"+wantWaiting; got != want {
		t.Errorf("/help while pending = %q, want %q", got, want)
	}
	if h.registered(otherGroup) || h.botCount(operatorID) != n {
		t.Error("commands while pending registered the group or wrote to the operator")
	}
	// Decided, the group works; refused groups are left (TestRegisterRefusedBotLeaves).
	h.pressPrivate(operatorID, "批准")
	h.mustSay(otherGroup, guestID, "/whoami", "姓名：孙丽\n状态：正式党员\n党小组：无\n职务：书记\n支部：第二党支部")
}

// A server that takes no new branch says so from the first word, instead
// of inviting a /setup it would refuse.
func TestRegisterClosedGroupSaysClosed(t *testing.T) {
	for _, policy := range []zhibu.RegistrationPolicy{{Mode: zhibu.RegistrationClosed, Operators: []int64{operatorID}}, approval()} {
		t.Run(string(policy.Mode), func(t *testing.T) {
			h := newRegistrationHarness(t, policy, nil, nil)
			h.srv.AddBot(otherGroup, guestID)
			h.step()
			if got := h.last(otherGroup); strings.Contains(got, "/setup") || !strings.Contains(got, "本服务器暂不接受新支部登记") {
				t.Errorf("greeting = %q, want it to say registration is closed, without /setup", got)
			}
			for _, cmd := range []string{"/branch", "/join 赵强", "/whoami", "/setup 第二党支部"} {
				h.mustSay(otherGroup, memberID, cmd, wantClosed)
			}
			if h.registered(otherGroup) {
				t.Error("a closed server registered the group")
			}
		})
	}
}

// The finding: once decided, the operator's card showed one line and lost
// the group's administrators. It now keeps what it showed and adds the
// outcome.
func TestRegisterDecidedCardKeepsWhatItShowed(t *testing.T) {
	h := newRegistrationHarness(t, approval(operatorID), []int64{operatorID}, nil)
	h.askToRegister()
	h.pressPrivate(operatorID, "批准")
	m, _ := h.srv.LastBotMessage(operatorID)
	if want := wantNotice + "\n\n#1 审批结果：已批准，审批人：老周。"; m.Plain != want {
		t.Errorf("card after approval = %q, want %q", m.Plain, want)
	}
	if len(m.Buttons) != 0 || !strings.HasPrefix(m.Text, "<b>新支部登记申请 #1</b>") {
		t.Errorf("card after approval = %q with %d button rows, want its bold title and no buttons", m.Text, len(m.Buttons))
	}

	// From /branches, a decision keeps the list and the other request's
	// buttons.
	h.srv.AddGroup(thirdGroup, "第三党支部群")
	h.srv.AddUser(telegramtest.User{ID: thirdAdmin, FirstName: "周敏"})
	h.srv.JoinGroup(thirdGroup, thirdAdmin)
	h.srv.SetAdmin(thirdGroup, thirdAdmin, true)
	h.srv.AddBot(thirdGroup, thirdAdmin)
	h.step()
	h.say(thirdGroup, thirdAdmin, "/setup 第三党支部")
	h.srv.AddGroup(fourthGroup, "第四党支部群")
	h.srv.JoinGroup(fourthGroup, thirdAdmin)
	h.srv.SetAdmin(fourthGroup, thirdAdmin, true)
	h.srv.AddBot(fourthGroup, thirdAdmin)
	h.step()
	h.say(fourthGroup, thirdAdmin, "/setup 第四党支部")
	list := h.say(operatorID, operatorID, "/branches")
	h.pressPrivate(operatorID, "拒绝 #2")
	m, _ = h.srv.LastBotMessage(operatorID)
	if want := list + "\n\n#2 审批结果：已拒绝，审批人：老周。"; m.Plain != want {
		t.Errorf("/branches after refusing #2 = %q, want %q", m.Plain, want)
	}
	var labels []string
	for _, row := range m.Buttons {
		for _, b := range row {
			labels = append(labels, b.Text)
		}
	}
	if strings.Join(labels, " ") != "批准 #3 拒绝 #3" {
		t.Errorf("buttons left = %v, want those of #3", labels)
	}
	if !hasBold(m.Entities) {
		t.Errorf("/branches after a decision lost its bold headings: %q", m.Text)
	}
}

func hasBold(es []models.MessageEntity) bool {
	for _, e := range es {
		if e.Type == models.MessageEntityTypeBold {
			return true
		}
	}
	return false
}
