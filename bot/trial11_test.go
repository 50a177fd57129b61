package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Found as a 70-year-old member in the simulator: one member who never
// opened a private chat and set many daily personal reminders (8:01, 8:02,
// ...) made the group read the same "无法私信送达" note once per reminder,
// twenty times in twenty minutes. The group is told once a month per
// member, however many reminders they have.
func TestManyPersonalRemindersNotedOnceAMonthPerMember(t *testing.T) {
	h := newHarness(t)
	h.setup()
	for i := 1; i <= 5; i++ {
		h.say(groupID, memberID, fmt.Sprintf("/remind 每天 8:%02d 吃药第%d次", i, i))
	}
	start := h.botCount(groupID)
	day := time.Date(2026, 11, 22, 8, 0, 0, 0, testStart.Location())
	for d := range 2 {
		for i := 1; i <= 5; i++ {
			h.clock.Set(day.AddDate(0, 0, d).Add(time.Duration(i) * time.Minute))
			h.remind()
		}
	}
	if got := h.groupNotes(start, "无法私信送达"); len(got) != 1 {
		t.Errorf("5 daily reminders over 2 days brought %d notes to the group, want 1", len(got))
	}
	for _, m := range h.srv.BotMessages(groupID)[start:] {
		if strings.Contains(m.Text, "吃药") {
			t.Errorf("a personal reminder's text reached the group: %q", m.Text)
		}
	}
}

// Found in the simulator with a 260-member roster: the meeting reminder
// named every member who had not answered in one line, 5,377 characters;
// Telegram refused it, the sender gave it up and the group never heard of
// the meeting. A notice too long for one message still reaches the group.
func TestLongMeetingReminderStillReachesTheGroup(t *testing.T) {
	h := newHarness(t)
	h.setup()
	var csv strings.Builder
	csv.WriteString("姓名\n")
	for i := range 250 {
		fmt.Fprintf(&csv, "欧阳某某某某某某某某某某某某某某某%03d\n", i)
	}
	if got := h.sendFile(secretaryID, "名册.csv", []byte(csv.String()), "/roster import"); !strings.HasPrefix(got, "名册导入完成：新增 250 人") {
		t.Fatalf("import = %q", got)
	}
	h.meetingAt("党员大会")
	start := h.botCount(groupID)
	h.clock.Set(time.Date(2026, 11, 24, 19, 0, 0, 0, testStart.Location()))
	h.remind()
	got := h.groupNotes(start, "#1 党员大会 将于")
	if len(got) == 0 {
		t.Fatalf("no meeting reminder reached the group; violations %v", h.srv.Violations())
	}
	for _, m := range got {
		if n := len([]rune(m.Plain)); n > 4096 {
			t.Errorf("reminder of %d characters", n)
		}
		// A list that long is named in part, and the sentence about it
		// still says what to do.
		if !strings.Contains(m.Plain, "等 250 人，请支委代为登记。") {
			t.Errorf("reminder = %.300q…%q, want the list cut short with 等 250 人", m.Plain, m.Plain[max(len(m.Plain)-200, 0):])
		}
	}
	if v := h.srv.Violations(); len(v) != 0 {
		t.Errorf("Bot API violations: %v", v)
	}
}

// Found as a 70-year-old member: told at his 10-pledge limit to "/done 编号"
// what he had done, he tried it on a pledge still waiting for review and
// read only "承诺 #4 现在是“待审”，不能这样做。", not why nor what to do.
func TestDoneOnPendingPledgeSaysWhatToDo(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, memberID, "/pledge 帮助邻居打扫卫生")
	want := "承诺 #1 还在等支委审核，公示以后才能记录进展或申请兑现。如果不再需要这条承诺，可发 /pledge 1 撤回。"
	for _, text := range []string{"/done 1 已经帮助了", "/progress 1 开始了"} {
		before := h.pledgeSnapshot()
		h.mustSay(groupID, memberID, text, want)
		if after := h.pledgeSnapshot(); after != before {
			t.Errorf("%s changed the pledges", text)
		}
	}
	// An officer's /review of a pending pledge keeps the plain answer.
	h.mustSay(groupID, secretaryID, "/review 1 优秀", "承诺 #1 现在是“待审”，不能这样做。")
	if got := h.say(groupID, memberID, "/pledge 1 撤回"); !strings.Contains(got, "已撤回") {
		t.Errorf("the advice given does not work: /pledge 1 撤回 = %q", got)
	}
}

// Found as a stranger in the simulator: every repeated /join 孙八 for an
// office-holder's entry sent the 书记 the same private "有职务的名册条目
// 申请关联账号" note again, without limit (a join request waiting is shown
// again, and does not count against the daily limit). The 书记 hears of a
// request once.
func TestRepeatedOfficeJoinTellsTheSecretaryOnce(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.withStranger()
	h.say(secretaryID, secretaryID, "/start")
	h.say(groupID, secretaryID, "/roster add 孙八")
	h.mustSay(groupID, secretaryID, "/role 孙八 副书记", "已任命 孙八 为副书记。")
	private := h.botCount(secretaryID)
	for range 5 {
		h.say(groupID, strangerID, "/join 孙八")
	}
	if n := h.botCount(secretaryID) - private; n != 1 {
		t.Errorf("the 书记 got %d private notes for one request, want 1", n)
	}
	if !strings.Contains(h.last(groupID), "只有书记可以批准") {
		t.Errorf("the card shown again no longer names the office: %q", h.last(groupID))
	}
}

// Found in the simulator: an applicant who corrects the name of a waiting
// request (/join 路人甲, then /join 路人乙) saw the card shown again with
// the old name and no word that the new one was not taken.
func TestJoinAgainUnderAnotherNameSaysItWasNotTaken(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, guestID, "/join 孙莉")
	before := h.snapshot(groupID)
	got := h.say(groupID, guestID, "/join 孙丽")
	if !strings.Contains(got, "申请以“孙莉”加入") {
		t.Errorf("the card shown again = %q, want the waiting request's name", got)
	}
	if want := "这次写的“孙丽”没有采用"; !strings.Contains(got, want) {
		t.Errorf("the card shown again = %q, want it to say %q", got, want)
	}
	h.unchanged(groupID, before)
	// The same name again: no such line.
	if got := h.say(groupID, guestID, "/join 孙莉"); strings.Contains(got, "没有采用") {
		t.Errorf("the same name again = %q", got)
	}
}

// Found as the operator in the simulator: a refused group's administrator
// adds the bot again and sends /setup again, and every round sends each
// operator a new private request, without limit. A group asks at most
// three times a day; the fourth is told so and no operator hears of it.
func TestRegisterRequestsPerGroupPerDayAreLimited(t *testing.T) {
	h := newRegistrationHarness(t, approval(operatorID), []int64{operatorID}, nil)
	for i := range 3 {
		if got := h.askToRegister(); got != wantPending {
			t.Fatalf("request %d: /setup = %q, want %q", i+1, got, wantPending)
		}
		h.pressPrivate(operatorID, "拒绝")
	}
	private := h.botCount(operatorID)
	want := "本群今天已 3 次申请登记支部，这是每天的上限。请先联系部署机器人的信息化管理员，明天再申请。"
	if got := h.askToRegister(); got != want {
		t.Errorf("fourth /setup = %q, want %q", got, want)
	}
	if n := h.botCount(operatorID) - private; n != 0 {
		t.Errorf("the operator got %d more messages, want none: %q", n, h.last(operatorID))
	}
	if h.registered(otherGroup) {
		t.Error("the group registered")
	}
	// The next day it may ask again.
	h.clock.Advance(24 * time.Hour)
	h.srv.RemoveBot(otherGroup, guestID)
	h.step()
	if got := h.askToRegister(); got != wantPending {
		t.Errorf("/setup the next day = %q, want %q", got, wantPending)
	}
}

// Found adding look-alike names in the simulator: "李四" with a combining
// mark (U+0323 dot below, U+0301 acute) was accepted beside 李四; on a
// Chinese character such a mark is a speck, never part of a name.
func TestRosterRefusesHanWithCombiningMark(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/roster add 李四")
	for _, mark := range []string{"\u0323", "\u0301", "\u0307", "\u0358"} {
		before := h.snapshot(groupID)
		got := h.say(groupID, secretaryID, "/roster add 李四"+mark)
		if !strings.HasPrefix(got, "名册上已有“李四”") {
			t.Errorf("/roster add 李四%+q = %q, want the look-alike refusal", mark, got)
		}
		h.unchanged(groupID, before)
	}
	// Accents on Latin letters still tell names apart as before.
	h.say(groupID, secretaryID, "/roster add Jose")
	if got := h.say(groupID, secretaryID, "/roster add José"); !strings.HasPrefix(got, "已把 José 加入名册") {
		t.Errorf("/roster add José = %q", got)
	}
}

// Found in the simulator: a stranger asks /join 张小明 (no such entry: the
// card names no office); a 组织委员 renames the unlinked 副书记 entry 孙八
// to 张小明; the 书记 approves the card, which never named an office, and
// the stranger's /whoami says 职务：副书记. Renaming an office-holder's
// entry that has no account is the 书记's alone, like linking it.
func TestOrganizerCannotRenameUnlinkedOfficeHolder(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.withStranger()
	h.say(groupID, secretaryID, "/roster add 孙八")
	h.mustSay(groupID, secretaryID, "/role 孙八 副书记", "已任命 孙八 为副书记。")
	h.say(groupID, strangerID, "/join 张小明")
	card, _ := h.srv.LastBotMessage(groupID)
	before := h.snapshot(groupID)
	h.mustSay(groupID, organizerID, "/roster set 孙八 姓名 张小明",
		"“孙八”担任副书记，还没有关联账号，只有书记可以修改其姓名。")
	h.unchanged(groupID, before)
	h.pressAnswer(secretaryID, card.ID, "正式党员")
	if got := h.say(groupID, strangerID, "/whoami"); strings.Contains(got, "副书记") {
		t.Errorf("the stranger took the office: %q", got)
	}
	// The 书记 may; an organizer may still rename entries without an office.
	h.mustSay(groupID, organizerID, "/roster set 张小明 姓名 张晓明", "已更新 张小明 的姓名：张小明 → 张晓明。")
	h.mustSay(groupID, secretaryID, "/roster set 孙八 姓名 孙小八", "已更新 孙八 的姓名：孙八 → 孙小八。")
}

// The operator decides from the group's title on the request; a title
// with a right-to-left override (U+202E) showed reversed there and turned
// the rest of the line ("（id …）") around. Titles are shown without the
// characters that hide or reorder text, as display names are.
func TestRegistrationShowsTitleWithoutBidiControls(t *testing.T) {
	h := newRegistrationHarness(t, approval(operatorID), []int64{operatorID}, nil)
	const spoofGroup = -100900
	h.srv.AddGroup(spoofGroup, "第二党支部群\u202e)1-di(")
	h.srv.JoinGroup(spoofGroup, guestID)
	h.srv.SetAdmin(spoofGroup, guestID, true)
	h.srv.AddBot(spoofGroup, guestID)
	h.step()
	h.say(spoofGroup, guestID, "/setup 第二党支部")
	got := h.last(operatorID)
	if strings.ContainsRune(got, '\u202e') {
		t.Errorf("operator's notice carries U+202E: %+q", got)
	}
	if !strings.Contains(got, "群：第二党支部群)1-di(（id -100900）") {
		t.Errorf("operator's notice = %q", got)
	}
	h.say(operatorID, operatorID, "/branches")
	if got := h.last(operatorID); strings.ContainsRune(got, '\u202e') {
		t.Errorf("/branches carries U+202E: %+q", got)
	}
}
