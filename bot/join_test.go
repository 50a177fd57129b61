package bot_test

import (
	"fmt"
	"strings"
	"testing"
)

func TestJoinApprovedLinksAccount(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, guestID, "/join 孙丽")
	req, _ := h.srv.LastBotMessage(groupID)
	golden(t, "join_request", req.Plain)
	q, err := h.srv.PressButton(groupID, secretaryID, req.ID, "预备党员")
	if err != nil {
		t.Fatal(err)
	}
	h.step()
	if text, _, ok := h.srv.CallbackAnswer(q); !ok || text != "已处理。" {
		t.Errorf("callback answer = %q (answered %v), want 已处理。", text, ok)
	}
	edited, _ := h.srv.Message(groupID, req.ID)
	if want := "加入申请\n孙丽 以“孙丽”加入名册，身份：预备党员。\n审批：李书记"; edited.Plain != want || len(edited.Buttons) != 0 {
		t.Errorf("request message = %q with %d button rows, want %q without buttons", edited.Plain, len(edited.Buttons), want)
	}
	if got, want := h.last(groupID), "欢迎 孙丽 同志加入名册（预备党员）。发送 /help 看看能做什么。"; got != want {
		t.Errorf("welcome = %q, want %q", got, want)
	}
	h.mustSay(groupID, guestID, "/whoami", "姓名：孙丽\n状态：预备党员\n党小组：无\n职务：无\n支部：第一党支部")
}

func TestJoinLinksExistingUnlinkedName(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/roster add 孙丽 正式党员 第二党小组")
	h.say(groupID, guestID, "/join 孙丽")
	req, _ := h.srv.LastBotMessage(groupID)
	if want := "加入申请\n孙丽 申请以“孙丽”加入本支部名册。\n名册上已有“孙丽”，批准后将关联此账号。\n支委请选择身份批准，或拒绝："; req.Plain != want {
		t.Errorf("request = %q, want %q", req.Plain, want)
	}
	h.srv.PressButton(groupID, organizerID, req.ID, "正式党员")
	h.step()
	s := h.snapshot(groupID)
	if len(s.Members) != 4 {
		t.Fatalf("members = %d, want 4 (no duplicate)", len(s.Members))
	}
	h.mustSay(groupID, guestID, "/whoami", "姓名：孙丽\n状态：正式党员\n党小组：第二党小组\n职务：无\n支部：第一党支部")
}

func TestJoinRejected(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, guestID, "/join 孙丽")
	req, _ := h.srv.LastBotMessage(groupID)
	before := h.snapshot(groupID)
	h.srv.PressButton(groupID, secretaryID, req.ID, "拒绝")
	h.step()
	h.unchanged(groupID, before)
	if got, want := h.last(groupID), "孙丽，你的加入申请未获批准。如有疑问，请联系支委。"; got != want {
		t.Errorf("rejection = %q, want %q", got, want)
	}
}

func TestJoinBadInput(t *testing.T) {
	h := newHarness(t)
	h.setup()
	tests := []struct{ name, user, text, want string }{
		{"empty", "guest", "/join", "请写上你的真实姓名，例如：/join 张三"},
		{"too long", "guest", "/join 一二三四五六七八九十一二三四五六七八九十一", "姓名太长了（最多 20 个字，这里有 21 个字）：“一二三四五六七八九十一二三四五六七八九十一”。"},
		{"space", "guest", "/join 孙 丽", "“孙 丽”里有空格或特殊字符。姓名请写成一个词，例如 张三 或 买买提·艾力。"},
		{"already member", "member", "/join 赵强", "你已经在本支部名册上了。发送 /whoami 查看。"},
		{"name linked", "guest", "/join 王芳", "名册上的“王芳”已经关联了另一个账号。如有错误，请联系支委。"},
	}
	ids := map[string]int64{"guest": guestID, "member": memberID}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := h.snapshot(groupID)
			n := h.botCount(groupID)
			h.mustSay(groupID, ids[tt.user], tt.text, tt.want)
			h.unchanged(groupID, before)
			if h.botCount(groupID) != n+1 {
				t.Errorf("bot sent %d messages, want 1", h.botCount(groupID)-n)
			}
		})
	}
	h.say(groupID, guestID, "/join 孙丽")
	// Asking again shows the card again (the first may never have arrived);
	// either card decides the one request.
	h.mustSay(groupID, guestID, "/join 孙丽", "加入申请（再次提交）\n孙丽 申请以“孙丽”加入本支部名册，仍在等待审批。\n支委请选择身份批准，或拒绝：")
	again, _ := h.srv.LastBotMessage(groupID)
	if len(again.Buttons) == 0 {
		t.Fatalf("the card shown again has no buttons")
	}
	h.press(secretaryID, again.ID, "正式党员")
	if got := h.say(groupID, guestID, "/whoami"); !strings.HasPrefix(got, "姓名：孙丽") {
		t.Errorf("after approval from the second card, /whoami = %q", got)
	}
}

func TestJoinNameShownEscaped(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, guestID, "/join 孙<丽>&🌟")
	req, _ := h.srv.LastBotMessage(groupID)
	if want := "加入申请\n孙丽 申请以“孙<丽>&🌟”加入本支部名册。\n支委请选择身份批准，或拒绝："; req.Plain != want {
		t.Errorf("request = %q, want %q", req.Plain, want)
	}
	h.srv.PressButton(groupID, secretaryID, req.ID, "正式党员")
	h.step()
	if got, want := h.last(groupID), "欢迎 孙<丽>&🌟 同志加入名册（正式党员）。发送 /help 看看能做什么。"; got != want {
		t.Errorf("welcome = %q, want %q", got, want)
	}
}

func TestJoinButtonsRefuseWrongPresses(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, guestID, "/join 孙丽")
	req, _ := h.srv.LastBotMessage(groupID)
	var reqID int64
	fmt.Sscanf(req.Buttons[0][0].Data, "j:%d:", &reqID)
	// A second branch, set up by 孙丽 (admin there), to forge presses into.
	h.srv.AddBot(otherGroup, guestID)
	h.step()
	h.say(otherGroup, guestID, "/setup 第二党支部")
	otherMsg, _ := h.srv.LastBotMessage(otherGroup)
	tests := []struct {
		name   string
		chatID int64
		user   int64
		msgID  int
		data   string
		want   string
	}{
		{"ordinary member", groupID, memberID, req.ID, req.Buttons[0][0].Data, "只有书记、副书记、组织委员可以审批加入申请。"},
		{"the applicant", groupID, guestID, req.ID, req.Buttons[0][0].Data, "不能审批自己的加入申请，请等待支委处理。"},
		{"malformed", groupID, secretaryID, req.ID, "j:abc:0", "这个按钮已失效或不属于本群。"},
		{"unknown status", groupID, secretaryID, req.ID, fmt.Sprintf("j:%d:9", reqID), "这个按钮已失效或不属于本群。"},
		{"unknown kind", groupID, secretaryID, req.ID, "x:1", "这个按钮已失效或不属于本群。"},
		{"request of another chat", otherGroup, guestID, otherMsg.ID, fmt.Sprintf("j:%d:0", reqID), "这个按钮已失效或不属于本群。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, otherBefore := h.snapshot(groupID), h.snapshot(otherGroup)
			q := h.srv.Press(tt.chatID, tt.user, tt.msgID, tt.data)
			h.step()
			text, alert, ok := h.srv.CallbackAnswer(q)
			if !ok || text != tt.want || !alert {
				t.Errorf("answer = %q (alert %v, answered %v), want alert %q", text, alert, ok, tt.want)
			}
			h.unchanged(groupID, before)
			h.unchanged(otherGroup, otherBefore)
		})
	}
	// Approved once; a second press (another officer, same moment) changes nothing.
	h.srv.PressButton(groupID, secretaryID, req.ID, "正式党员")
	h.step()
	before := h.snapshot(groupID)
	q := h.srv.Press(groupID, organizerID, req.ID, req.Buttons[0][1].Data)
	h.step()
	if text, _, _ := h.srv.CallbackAnswer(q); text != "这份申请已经处理过了。" {
		t.Errorf("second decision answer = %q, want 这份申请已经处理过了。", text)
	}
	h.unchanged(groupID, before)
}

// A name that ends in 同志 is not greeted with 同志 twice.
func TestJoinWelcomeSaysComradeOnce(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.join(guestID, "孙丽同志", "正式党员")
	if got := h.last(groupID); got != "欢迎 孙丽同志 加入名册（正式党员）。发送 /help 看看能做什么。" {
		t.Errorf("welcome = %q", got)
	}
}
