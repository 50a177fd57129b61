package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
)

func TestRosterNamesForMembers(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/roster add 陈静 预备党员 第一党小组")
	golden(t, "roster_names", h.say(groupID, memberID, "/roster"))
	h.mustSay(groupID, guestID, "/roster", "你还不在本支部名册上。请发送 /join 你的姓名 申请加入，例如 /join 张三。")
}

func TestRosterDetailsOnlyPrivately(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/roster set 赵强 免于考勤 流动党员")
	// 王芳 never started a private chat: the group gets names and a button.
	got := h.say(groupID, organizerID, "/roster")
	golden(t, "roster_need_private", got)
	m, _ := h.srv.LastBotMessage(groupID)
	if len(m.Buttons) != 1 || m.Buttons[0][0].URL != "https://t.me/zhibu_bot?start=roster" {
		t.Errorf("buttons = %+v, want one link to a private chat", m.Buttons)
	}
	h.say(organizerID, organizerID, "/start")
	h.quiet(organizerID, "/roster")
	golden(t, "roster_details", h.last(organizerID))
}

func TestRosterManagement(t *testing.T) {
	h := newHarness(t)
	h.setup()
	steps := []struct {
		user       int64
		text, want string
	}{
		{secretaryID, "/roster add 陈静", "已把 陈静 加入名册（正式党员）。"},
		{organizerID, "/roster add 刘洋 预备 第二党小组", "已把 刘洋 加入名册（预备党员，第二党小组）。"},
		// Status and exemption are private: the group hears only that it
		// was done (王芳 never opened a private chat: no details anywhere).
		{organizerID, "/roster set 陈静 状态 预备党员", "已更新 陈静 的状态。"},
		{organizerID, "/roster set 陈静 党小组 第一党小组", "已更新 陈静 的党小组：无 → 第一党小组。"},
		{organizerID, "/roster set 陈静 免于考勤 年老体弱", "已更新 陈静 的免于考勤。"},
		{organizerID, "/roster set 陈静 姓名 陈静怡", "已更新 陈静 的姓名：陈静 → 陈静怡。"},
		{organizerID, "/roster remove 陈静怡", "已把 陈静怡 移出名册。历史记录仍保留，以后的会议不再计入应到。"},
		{organizerID, "/roster add 陈静怡", "已把 陈静怡 加入名册（正式党员）。"},
	}
	for _, s := range steps {
		h.mustSay(groupID, s.user, s.text, s.want)
	}
	if n := len(h.snapshot(groupID).Members); n != 5 {
		t.Errorf("roster has %d entries, want 5 (removed and restored, not duplicated)", n)
	}
}

func TestRosterBadInputChangesNothing(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/roster add 陈静")
	tests := []struct {
		name string
		user int64
		text string
		want string
	}{
		{"member adds", memberID, "/roster add 刘洋", "只有书记、副书记、组织委员可以管理名册。"},
		{"member sets", memberID, "/roster set 陈静 状态 预备党员", "只有书记、副书记、组织委员可以管理名册。"},
		{"guest removes", guestID, "/roster remove 陈静", "你还不在本支部名册上。请发送 /join 你的姓名 申请加入，例如 /join 张三。"},
		{"add without name", secretaryID, "/roster add", "用法：/roster add 姓名 [状态] [党小组]，例如 /roster add 张三 预备党员 第一党小组"},
		{"add too long", secretaryID, "/roster add 一二三四五六七八九十一二三四五六七八九十一", "姓名太长了（最多 20 个字，这里有 21 个字）：“一二三四五六七八九十一二三四五六七八九十一”。"},
		{"add duplicate", secretaryID, "/roster add 陈静", "名册上已经有“陈静”了。如需区分同名同志，可写成 张三2 或 张三（机关）。"},
		{"add bad status", secretaryID, "/roster add 刘洋 群众", "不认识的状态“群众”。可写：正式党员、预备党员、留党察看、发展对象、入党积极分子。"},
		{"set unknown setting", secretaryID, "/roster set 陈静 生日 1970", "不能设置“生日”。可设置：姓名、状态、党小组、免于考勤。例如：/roster set 张三 党小组 第一党小组"},
		{"set missing value", secretaryID, "/roster set 陈静 状态", "用法：/roster set 姓名 设置项 新值，例如 /roster set 张三 党小组 第一党小组"},
		{"set unknown person", secretaryID, "/roster set 无名氏 状态 预备党员", "名册上没有“无名氏”。发送 /roster 查看名册。"},
		{"set bad exempt", secretaryID, "/roster set 陈静 免于考勤 也许", "免于考勤只能写：是、否、年老体弱、流动党员。"},
		{"set taken name", secretaryID, "/roster set 陈静 姓名 赵强", "名册上已经有“赵强”了。如需区分同名同志，可写成 张三2 或 张三（机关）。"},
		{"set officer to activist", secretaryID, "/roster set 王芳 状态 入党积极分子", "只有党员（正式党员、预备党员）才能担任支部职务。"},
		{"remove last secretary", secretaryID, "/roster remove 李书记", "支部至少要保留一名书记。请先用 /role 姓名 书记 任命另一位书记。"},
		{"unknown subcommand", secretaryID, "/roster purge", "名册命令：\n/roster 查看名册\n/roster add 姓名 [状态] [党小组]\n/roster set 姓名 状态|党小组|免于考勤|姓名 新值\n/roster remove 姓名\n/roster unlink 姓名（解除关联的 Telegram 账号）\n/roster import（发送 CSV 文件，说明写 /roster import）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := h.snapshot(groupID)
			h.mustSay(groupID, tt.user, tt.text, tt.want)
			h.unchanged(groupID, before)
		})
	}
}

func TestRole(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/roster add 钱老 入党积极分子")
	tests := []struct {
		name string
		user int64
		text string
		want string
	}{
		{"organizer may not", organizerID, "/role 赵强 宣传委员", "只有书记可以任免职务。"},
		{"usage", secretaryID, "/role 赵强", "用法：/role 姓名 职务，例如 /role 张三 组织委员。职务可写：书记、副书记、组织委员、宣传委员、纪检委员、党小组长、无。"},
		{"unknown role", secretaryID, "/role 赵强 主席", "不认识的职务“主席”。可写：书记、副书记、组织委员、宣传委员、纪检委员、党小组长，或 无。"},
		{"activist", secretaryID, "/role 钱老 宣传委员", "只有党员（正式党员、预备党员）才能担任支部职务。"},
		{"last secretary", secretaryID, "/role 李书记 无", "支部至少要保留一名书记。请先用 /role 姓名 书记 任命另一位书记。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := h.snapshot(groupID)
			h.mustSay(groupID, tt.user, tt.text, tt.want)
			h.unchanged(groupID, before)
		})
	}
	h.mustSay(groupID, secretaryID, "/role 赵强 书记", "已任命 赵强 为书记。")
	h.mustSay(groupID, secretaryID, "/role 李书记 无", "已免去 李书记 的职务。")
	h.mustSay(groupID, memberID, "/whoami", "姓名：赵强\n状态：正式党员\n党小组：无\n职务：书记\n支部：第一党支部")
}

func TestLongRosterSplitAcrossMessages(t *testing.T) {
	h := newHarness(t)
	h.setup()
	var csv strings.Builder
	csv.WriteString("姓名,状态,党小组\n")
	for i := range 600 {
		fmt.Fprintf(&csv, "同志%03d号<测试>,正式党员,第%d党小组\n", i, i%9+1)
	}
	if got, want := h.sendFile(secretaryID, "大名册.csv", []byte(csv.String()), "/roster import"), "名册导入完成：新增 600 人，更新 0 人，未变 0 人。"; got != want {
		t.Fatalf("import = %q, want %q", got, want)
	}
	h.say(organizerID, organizerID, "/start")
	before := h.botCount(organizerID)
	h.quiet(organizerID, "/roster")
	parts := h.srv.BotMessages(organizerID)[before:]
	if len(parts) < 2 {
		t.Fatalf("603-line roster sent as %d message(s), want it split", len(parts))
	}
	var all []string
	for _, p := range parts {
		if n := len(utf16.Encode([]rune(p.Plain))); n > 4096 {
			t.Errorf("part of %d UTF-16 units, over Telegram's 4096", n)
		}
		all = append(all, p.Plain)
	}
	joined := strings.Join(all, "\n")
	for _, want := range []string{"1. 李书记｜", "同志599号<测试>｜正式党员｜第6党小组｜无｜未关联", "\n603. "} {
		if !strings.Contains(joined, want) {
			t.Errorf("split roster lacks %q", want)
		}
	}
}

// A status or exemption change is told in full to the officer privately;
// the group hears only that it was done.
func TestPrivateRosterChangesStayPrivate(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(secretaryID, secretaryID, "/start")
	h.mustSay(groupID, secretaryID, "/roster set 赵强 状态 留党察看", "已更新 赵强 的状态。详情已私信发给你。")
	if got := h.last(secretaryID); got != "已更新 赵强 的状态：正式党员 → 留党察看。" {
		t.Errorf("privately = %q", got)
	}
	for _, m := range h.srv.BotMessages(groupID) {
		if strings.Contains(m.Plain, "留党察看") {
			t.Errorf("the group read %q", m.Plain)
		}
	}
}
