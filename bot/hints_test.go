package bot_test

import (
	"strings"
	"testing"
	"time"
)

// TestRemoveOfficerAsksFirst: taking someone with an office off the roster
// is confirmed with buttons; a plain member is removed at once.
func TestRemoveOfficerAsksFirst(t *testing.T) {
	h := newHarness(t)
	h.setup()
	before := h.snapshot(groupID)
	if got := h.say(groupID, secretaryID, "/roster remove 王芳"); got != "确认移出名册？\n王芳 现任组织委员。移出名册将同时免去其职务，历史记录仍保留。" {
		t.Fatalf("remove an officer = %q, want a confirmation", got)
	}
	ask, _ := h.srv.LastBotMessage(groupID)
	if got := h.press(organizerID, ask.ID, "确认移出"); got != "这是发起人才能进行的操作。" {
		t.Errorf("someone else's press = %q", got)
	}
	h.press(secretaryID, ask.ID, "取消")
	if got := h.message(ask.ID); got != "已取消，没有移出任何人。" {
		t.Errorf("after 取消 = %q", got)
	}
	h.unchanged(groupID, before)

	h.say(groupID, secretaryID, "/roster remove 王芳")
	ask, _ = h.srv.LastBotMessage(groupID)
	h.clock.Advance(16 * time.Minute)
	if got := h.press(secretaryID, ask.ID, "确认移出"); got != "这个确认已超时，没有移出任何人。需要时请重新发送 /roster remove 姓名。" {
		t.Errorf("late press = %q", got)
	}
	h.unchanged(groupID, before)

	// Left alone, the question times out and its buttons go.
	h.say(groupID, secretaryID, "/roster remove 王芳")
	ask, _ = h.srv.LastBotMessage(groupID)
	h.clock.Advance(16 * time.Minute)
	h.tick()
	if m, _ := h.srv.Message(groupID, ask.ID); m.Plain != "这个确认已超时，没有移出任何人。需要时请重新发送 /roster remove 姓名。" || len(m.Buttons) != 0 {
		t.Errorf("timed-out confirmation = %q with buttons %v", m.Plain, m.Buttons)
	}
	h.unchanged(groupID, before)

	h.say(groupID, secretaryID, "/roster remove 王芳")
	ask, _ = h.srv.LastBotMessage(groupID)
	if got := h.press(secretaryID, ask.ID, "确认移出"); got != "已移出 王芳。" {
		t.Errorf("confirm = %q", got)
	}
	if got := h.message(ask.ID); got != "已把 王芳 移出名册。历史记录仍保留，以后的会议不再计入应到。" {
		t.Errorf("after 确认移出 = %q", got)
	}
	// A double tap reaches the edited message: it is not taken for a
	// meeting draft.
	qid := h.srv.Press(groupID, secretaryID, ask.ID, "d:ok")
	h.step()
	if got, _, _ := h.srv.CallbackAnswer(qid); got != "这个确认已经处理过了（或已过期），不用再按。" {
		t.Errorf("second press = %q", got)
	}
	if cs := h.changes(1); len(cs) != 1 || cs[0].Action != "member.remove" || cs[0].Subject != "王芳" {
		t.Errorf("audit = %+v, want the removal", cs)
	}
	h.mustSay(groupID, secretaryID, "/roster remove 赵强", "已把 赵强 移出名册。历史记录仍保留，以后的会议不再计入应到。")
	h.mustSay(groupID, secretaryID, "/roster remove 赵强", "“赵强”已移出名册。如需恢复，请用 /roster add 赵强。")
	h.mustSay(groupID, secretaryID, "/roster remove 李书记", "支部至少要保留一名书记。请先用 /role 姓名 书记 任命另一位书记。")
}

// TestHintsFollowTheReader: a plain member who types an officer's command
// wrongly, or reads a state officers act on, is never told to use a
// command only officers may use (being told who may is fine).
func TestHintsFollowTheReader(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.meetingAt("党员大会")
	h.at(19, 0)
	h.say(groupID, secretaryID, "/close 1")
	officerOnly := []string{"更正", "/roster add", "/roster set", "/roster remove", "/roster import", "/role ", "/close",
		"/export", "/stage", "/campaign new", "/rules 类型", "/pledgecall", "/pledges 待审", "统计", "驳回", "代签", "/meeting 编号 改期"}
	for _, text := range []string{
		"/checkin 1", "/meeting 1 foo", "/meeting help", "/meeting 1 主持", "/roster foo", "/roster add", "/roster set",
		"/roster remove", "/role", "/close x", "/close", "/export", "/export foo", "/stage", "/stage add x",
		"/campaign help", "/campaign", "/campaign x", "/rules", "/rules 党课", "/compliance", "/pledgecall 结束 x",
		"/pledges 张 三", "/leave", "/pledges 李书记",
	} {
		got := h.say(groupID, memberID, text)
		for _, w := range officerOnly {
			// "只有…可以…" and "支委可以用…" say who may; they do not tell the member to.
			if strings.Contains(got, w) && !strings.HasPrefix(got, "只有") && !strings.Contains(got, "支委可以用 "+w) {
				t.Errorf("a member's %q was answered %q, which suggests %q", text, got, w)
			}
		}
	}
}

// TestOverlongInput: a 4,100-character argument to any command is refused
// with a short message that says what was wrong first, quoting at most a
// few words of it; nothing is stored. (The emulator fails the test on any
// message over Telegram's 4,096 characters.)
func TestOverlongInput(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.meetingAt("党员大会")
	h.say(groupID, secretaryID, "/campaign new 主题教育")
	long := strings.Repeat("测", 4100)
	before := h.snapshot(groupID)
	tests := []struct {
		user int64
		text string
	}{
		{secretaryID, "/setup " + long},
		{secretaryID, "/meeting " + long},
		{secretaryID, "/meeting 支委会 " + long},
		{secretaryID, "/meeting 支委会 明天19:00 地点:" + long},
		{secretaryID, "/meeting 支委会 明天19:00 地点:会议室 议题:" + long},
		{secretaryID, "/meeting 1 地点 " + long},
		{secretaryID, "/meeting 1 改期 " + long},
		{secretaryID, "/meeting 1 取消 " + long},
		{secretaryID, "/meeting 1 列席 " + long},
		{secretaryID, "/meeting 1 记录 " + long},
		{guestID, "/join " + long},
		{secretaryID, "/roster add " + long},
		{secretaryID, "/roster set 赵强 党小组 " + long},
		{secretaryID, "/roster set 赵强 姓名 " + long},
		{secretaryID, "/roster remove " + long},
		{secretaryID, "/role " + long + " 组织委员"},
		{secretaryID, "/checkin 1 " + long},
		{memberID, "/leave 1 " + long},
		{memberID, "/pledge " + long},
		{memberID, "/pledges " + long},
		{secretaryID, "/pledgecall " + long},
		{secretaryID, "/campaign new " + long},
		{secretaryID, "/stage add 1 " + long},
		{memberID, "/submit 1 " + long},
		{secretaryID, "/remind 明天9点 " + long},
		{secretaryID, "/remind " + long},
		{secretaryID, "/attendance " + long},
		{secretaryID, "/export attendance " + long},
		{secretaryID, "/rules " + long + " 每月"},
	}
	for _, tt := range tests {
		n := h.botCount(groupID)
		got := h.say(groupID, tt.user, tt.text)
		name := tt.text[:strings.Index(tt.text, "测")]
		if h.botCount(groupID) != n+1 {
			t.Errorf("%s…: %d messages, want one reply", name, h.botCount(groupID)-n)
		}
		if strings.Contains(got, strings.Repeat("测", maxEchoTest+1)) {
			t.Errorf("%s…: reply quotes more than %d characters of the input: %.80q", name, maxEchoTest, got)
		}
		if strings.HasPrefix(got, "“") || len([]rune(got)) > 300 {
			t.Errorf("%s…: reply = %.120q, want a short one saying what is wrong first", name, got)
		}
	}
	quoted := "“" + strings.Repeat("测", 30) + "…”。"
	h.mustSay(groupID, secretaryID, "/setup "+long, "支部名称太长了（最多 40 个字，这里有 4100 个字）："+quoted)
	h.mustSay(groupID, secretaryID, "/meeting 1 取消 "+long, "取消原因太长了（最多 200 个字，这里有 4100 个字）："+quoted)
	h.unchanged(groupID, before)
	if got := h.say(groupID, memberID, "/meetings"); strings.Count(got, "#") != 1 {
		t.Errorf("/meetings = %q, want only the one meeting scheduled before", got)
	}
}

// maxEchoTest is how many characters of their input a reply may quote.
const maxEchoTest = 30
