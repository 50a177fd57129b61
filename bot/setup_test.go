package bot_test

import (
	"strings"
	"testing"

	"github.com/zhibu/zhibu/bot/telegramtest"
)

func TestAddedToGroupGreets(t *testing.T) {
	h := newHarness(t)
	h.srv.AddBot(groupID, secretaryID)
	h.step()
	golden(t, "greeting", h.last(groupID))
}

func TestSetupByNonAdminRefused(t *testing.T) {
	h := newHarness(t)
	h.srv.AddBot(groupID, secretaryID)
	h.step()
	h.mustSay(groupID, memberID, "/setup 第一党支部", "只有本群的管理员才能登记支部。请让群管理员发送 /setup 支部名称。")
	if s := h.snapshot(groupID); s.Branch.ID != 0 {
		t.Errorf("branch stored after refused /setup: %+v", s.Branch)
	}
}

func TestSetupRegistersBranchAndSecretary(t *testing.T) {
	h := newHarness(t)
	h.srv.AddBot(groupID, secretaryID)
	h.step()
	golden(t, "setup_done", h.say(groupID, secretaryID, "/setup 第一党支部"))
	h.mustSay(groupID, secretaryID, "/whoami", "姓名：李书记\n状态：正式党员\n党小组：无\n职务：书记\n支部：第一党支部")
}

func TestSetupInputErrors(t *testing.T) {
	h := newHarness(t)
	h.srv.AddBot(groupID, secretaryID)
	h.step()
	tests := []struct{ name, text, want string }{
		{"empty", "/setup", "请写上支部名称，例如：/setup 第一党支部"},
		{"spaces only", "/setup    ", "请写上支部名称，例如：/setup 第一党支部"},
		{"too long", "/setup 中国共产党某某省某某市某某区某某街道某某社区某某小区第一党支部联合委员会的临时党支部", "支部名称太长了（最多 40 个字，这里有 42 个字）：“中国共产党某某省某某市某某区某某街道某某社区某某小区第一党支…”。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.mustSay(groupID, secretaryID, tt.text, tt.want)
			if s := h.snapshot(groupID); s.Branch.ID != 0 {
				t.Errorf("branch stored after %q", tt.text)
			}
		})
	}
}

func TestSetupAgainRenames(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.mustSay(groupID, secretaryID, "/setup 第一党支部<机关>&", "支部名称已由“第一党支部”改为“第一党支部<机关>&”。")
	before := h.snapshot(groupID)
	h.mustSay(groupID, memberID, "/setup 篡改", "只有书记、副书记可以修改支部名称。")
	h.unchanged(groupID, before)
	h.mustSay(groupID, guestID, "/setup 篡改", "只有书记、副书记可以修改支部名称。")
	h.unchanged(groupID, before)
	h.mustSay(groupID, secretaryID, "/setup 第一党支部<机关>&", "支部名称本来就是“第一党支部<机关>&”，没有改动。")
}

// A branch stopped because the bot could not post in its group comes back
// with /setup, and says so rather than "renamed to the same name".
func TestSetupReactivates(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.srv.Fail(telegramtest.Fault{Method: "sendMessage", ChatID: groupID, Code: 403})
	h.say(groupID, memberID, "/whoami")
	if h.snapshot(groupID).Branch.Active {
		t.Fatalf("the branch is still active after a 403 in its group")
	}
	h.mustSay(groupID, secretaryID, "/setup 第一党支部", "我回来了。支部“第一党支部”已重新启用，以前的记录都在。发送 /help 查看命令。")
	if !h.snapshot(groupID).Branch.Active {
		t.Errorf("the branch is not active after /setup")
	}
}

func TestBranchSummary(t *testing.T) {
	h := newHarness(t)
	h.srv.AddBot(groupID, secretaryID)
	h.step()
	h.botAdded = true
	h.mustSay(groupID, memberID, "/branch", "本群还没有登记支部。请群管理员发送：/setup 支部名称，例如 /setup 第一党支部。")
	h.setup()
	h.say(groupID, secretaryID, "/roster add 钱老 入党积极分子")
	golden(t, "branch", h.say(groupID, guestID, "/branch"))
}

func TestRemovedBotDeactivatesAndKeepsData(t *testing.T) {
	h := newHarness(t)
	h.setup()
	before := h.snapshot(groupID)
	h.srv.RemoveBot(groupID, secretaryID)
	h.step()
	after := h.snapshot(groupID)
	if after.Branch.Active {
		t.Errorf("branch still active after the bot was removed")
	}
	if len(after.Members) != len(before.Members) {
		t.Errorf("members after removal = %d, want %d", len(after.Members), len(before.Members))
	}
	h.srv.AddBot(groupID, secretaryID)
	h.step()
	if got, want := h.last(groupID), "我回来了。支部“第一党支部”已重新启用，以前的记录都在。发送 /help 查看命令。"; got != want {
		t.Errorf("re-added: %q, want %q", got, want)
	}
	h.mustSay(groupID, memberID, "/whoami", "姓名：赵强\n状态：正式党员\n党小组：无\n职务：无\n支部：第一党支部")
}

func TestSupergroupKeepsBranch(t *testing.T) {
	h := newHarness(t)
	h.setup()
	const superID = -1009999
	h.srv.MigrateToSupergroup(groupID, superID)
	h.step()
	if got, want := h.last(superID), "本群已升级为超级群，支部记录已随群迁移。"; got != want {
		t.Errorf("after migration: %q, want %q", got, want)
	}
	h.mustSay(superID, memberID, "/whoami", "姓名：赵强\n状态：正式党员\n党小组：无\n职务：无\n支部：第一党支部")
}

func TestAnonymousAdminAsked(t *testing.T) {
	h := newHarness(t)
	h.srv.AddUser(telegramtestAnonymous())
	h.srv.JoinGroup(groupID, anonymousID)
	h.srv.SetAdmin(groupID, anonymousID, true)
	h.srv.AddBot(groupID, secretaryID)
	h.step()
	h.mustSay(groupID, anonymousID, "/setup 第一党支部", "我看不出是谁在发言：请先关闭“匿名管理员”身份，再发送这个命令。")
}

// anonymousID is the account Telegram shows for anonymous group admins.
const anonymousID = 1087968824

func telegramtestAnonymous() telegramtest.User {
	return telegramtest.User{ID: anonymousID, FirstName: "Group", Username: "GroupAnonymousBot"}
}

// /whoami of a member under 留党察看 or exempt from attendance answers
// privately: the group reads neither the status nor the reason.
func TestWhoAmIKeepsDisciplineAndExemptionPrivate(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.mustSay(groupID, memberID, "/whoami", "姓名：赵强\n状态：正式党员\n党小组：无\n职务：无\n支部：第一党支部")
	h.say(secretaryID, secretaryID, "/start")
	h.say(groupID, secretaryID, "/roster set 赵强 状态 留党察看")
	h.mustSay(groupID, memberID, "/whoami", "你的名册信息只私下发给本人。请先点下面的按钮和我私聊（发送 /start），再回群里发送 /whoami。")
	h.say(memberID, memberID, "/start")
	h.mustSay(groupID, memberID, "/whoami", "你的名册信息已私信发给你。")
	if got := h.last(memberID); got != "姓名：赵强\n状态：留党察看\n党小组：无\n职务：无\n支部：第一党支部" {
		t.Errorf("privately = %q", got)
	}
	h.say(groupID, secretaryID, "/roster set 赵强 状态 正式党员")
	h.say(groupID, secretaryID, "/roster set 赵强 免于考勤 流动党员")
	h.mustSay(groupID, memberID, "/whoami", "你的名册信息已私信发给你。")
	if got := h.last(memberID); got != "姓名：赵强\n状态：正式党员\n党小组：无\n职务：无\n免于考勤：流动党员\n支部：第一党支部" {
		t.Errorf("privately = %q", got)
	}
	for _, m := range h.srv.BotMessages(groupID) {
		if strings.Contains(m.Plain, "留党察看") || strings.Contains(m.Plain, "流动党员") {
			t.Errorf("the group read %q", m.Plain)
		}
	}
}
