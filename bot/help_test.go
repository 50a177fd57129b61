package bot_test

import (
	"testing"

	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/bot/telegramtest"
)

func TestHelpListsWhatTheSenderMayUse(t *testing.T) {
	h := newHarness(t)
	h.setup()
	golden(t, "help_secretary", h.say(groupID, secretaryID, "/help"))
	golden(t, "help_organizer", h.say(groupID, organizerID, "/help@zhibu_bot"))
	golden(t, "help_member", h.say(groupID, memberID, "/start"))
	golden(t, "help_guest", h.say(groupID, guestID, "/help"))
}

func TestCommandForms(t *testing.T) {
	h := newHarness(t)
	h.setup()
	want := "姓名：赵强\n状态：正式党员\n党小组：无\n职务：无\n支部：第一党支部"
	h.mustSay(groupID, memberID, "/whoami@zhibu_bot", want)
	h.mustSay(groupID, memberID, "/WHOAMI", want)
	h.mustSay(groupID, memberID, "/nosuch", "没有这个命令：/nosuch。发送 /help 查看可用的命令。")
	h.mustSay(groupID, memberID, "/nosuch@zhibu_bot 参数", "没有这个命令：/nosuch。发送 /help 查看可用的命令。")
}

func TestCommandsForOtherBotsIgnored(t *testing.T) {
	off := false
	h := newHarness(t)
	h.srv.Close()
	h.srv = telegramtest.New(t, telegramtest.Options{Clock: h.clock.Now, PrivacyMode: &off})
	h.srv.AddGroup(groupID, "第一党支部群")
	h.srv.AddUser(telegramtest.User{ID: secretaryID, FirstName: "李书记"})
	h.srv.JoinGroup(groupID, secretaryID)
	h.srv.SetAdmin(groupID, secretaryID, true)
	h.bot = h.newBot(bot.Config{})
	h.srv.AddBot(groupID, secretaryID)
	h.step()
	n := h.botCount(groupID)
	for _, text := range []string{"/whoami@other_bot", "/setup@other_bot 第一党支部", "大家好", "签到 /whoami"} {
		h.srv.SendText(groupID, secretaryID, text)
		h.step()
	}
	if got := h.botCount(groupID); got != n {
		t.Errorf("bot answered %d messages not meant for it", got-n)
	}
}

func TestMenusRegistered(t *testing.T) {
	h := newHarness(t)
	if err := h.bot.RegisterCommands(t.Context()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		scope string
		want  []string
	}{
		{"all_private_chats", []string{"start", "meetings", "checkin", "attendance", "pledge", "pledges", "remind", "reminders", "branch", "help"}},
		{"all_group_chats", []string{"help", "join", "whoami", "branch", "roster", "meetings", "meeting", "checkin", "leave", "attendance",
			"pledge", "pledges", "progress", "done", "campaign", "compliance", "remind", "upcoming"}},
		{"all_chat_administrators", []string{"help", "join", "whoami", "branch", "roster", "meetings", "meeting", "checkin", "leave", "attendance",
			"pledge", "pledges", "progress", "done", "campaign", "compliance", "remind", "upcoming",
			"setup", "role", "close", "minutes", "export", "review", "pledgecall", "stage", "rules"}},
	}
	for _, tt := range tests {
		cmds := h.srv.Commands(tt.scope, 0)
		var got []string
		for _, c := range cmds {
			got = append(got, c.Command)
			if c.Description == "" {
				t.Errorf("%s: /%s has no description", tt.scope, c.Command)
			}
		}
		if len(got) != len(tt.want) {
			t.Errorf("Commands(%s) = %v, want %v", tt.scope, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("Commands(%s) = %v, want %v", tt.scope, got, tt.want)
				break
			}
		}
	}
}
