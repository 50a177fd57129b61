package bot_test

import (
	"strings"
	"testing"

	"github.com/zhibu/zhibu/bot/telegramtest"
)

const hiddenAsk = "你发的文字里有一个看不见的字符（%s），它会让名字看起来和别人的一样，或让文字显示错乱，所以这条消息没有处理。" +
	"请重新手动输入一遍再发（不要从别处复制粘贴）。"

// The characters found making a second 李四 that shows as "李四", and a
// campaign name that runs backwards: each message is refused whole, with
// the character named, and nothing is stored.
func TestHiddenCharactersRefused(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/roster add 李四")
	before, pledges := h.snapshot(groupID), h.pledgeCount()
	for _, tt := range []struct {
		user int64
		text string
		char string
	}{
		{secretaryID, "/roster add 李四\u200d", "U+200D"},
		{secretaryID, "/roster add 李四\ufe0f", "U+FE0F"},
		{secretaryID, "/roster add 李四\u3164", "U+3164"},
		{secretaryID, "/roster add 李\u200b四", "U+200B"},
		{secretaryID, "/roster set 李四 姓名 李四\u2800", "U+2800"},
		{guestID, "/join 李四\u3164", "U+3164"},
		{secretaryID, "/campaign new 创先争优\u202e动活题主", "U+202E"},
		{memberID, "/pledge 每周\u2067走访\u2069一户困难群众", "U+2067"},
		{secretaryID, "/meeting 支部党员大会 明天 19:30 会议室\u200f 议题: 学习", "U+200F"},
	} {
		h.srv.SendText(groupID, tt.user, tt.text)
		h.step()
		if got, want := h.last(groupID), strings.Replace(hiddenAsk, "%s", tt.char, 1); got != want {
			t.Errorf("%+q:\n got %q\nwant %q", tt.text, got, want)
		}
	}
	h.unchanged(groupID, before)
	if got := h.pledgeCount(); got != pledges {
		t.Errorf("pledges: %d, want %d", got, pledges)
	}
	// The same in private: a reason typed there is refused too.
	h.say(memberID, memberID, "/start")
	h.srv.SendText(memberID, memberID, "/pledge 学习\u200b党章")
	h.step()
	if got, want := h.last(memberID), strings.Replace(hiddenAsk, "%s", "U+200B", 1); got != want {
		t.Errorf("in private: %q, want %q", got, want)
	}
	// Emoji sequences are text, not hidden characters.
	if got := h.say(groupID, memberID, "/pledge 每周陪一户老人聊天👨\u200d👩\u200d👧❤\ufe0f"); !strings.Contains(got, "已提交承诺") {
		t.Errorf("a pledge with emoji: %q", got)
	}
}

// Names that look the same are the same name: fullwidth letters are read
// as ASCII, and a name that differs from one on the roster only in
// characters a reader can't tell apart is refused, by /roster add, a
// rename, /join and a CSV import.
func TestLookAlikeNamesCannotCoexist(t *testing.T) {
	h := newHarness(t)
	h.setup()
	if got, want := h.say(groupID, secretaryID, "/roster add Ａｌｉｃｅ"), "已把 Alice 加入名册（正式党员）。"; got != want {
		t.Errorf("fullwidth name: %q, want %q", got, want)
	}
	// A Kangxi radical (⼯, U+2F2F) is read as the ideograph 工.
	if got, want := h.say(groupID, secretaryID, "/roster add 王⼯"), "已把 王工 加入名册（正式党员）。"; got != want {
		t.Errorf("Kangxi radical: %q, want %q", got, want)
	}
	before := h.snapshot(groupID)
	lookAlike := func(existing, given string) string {
		return "名册上已有“" + existing + "”，和“" + given + "”看起来一样（只是某些字母或符号不同），为免混淆不能同时存在。" +
			"如果是同一个人，请直接用名册上的写法；如果是另一个人，请换个写法（例如加上所在单位）。"
	}
	for _, tt := range []struct {
		user       int64
		text, want string
	}{
		{secretaryID, "/roster add \u0410lice", lookAlike("Alice", "\u0410lice")}, // Cyrillic А
		{secretaryID, "/roster add ALICE", lookAlike("Alice", "ALICE")},
		{secretaryID, "/roster add 王\u30a8", lookAlike("王工", "王\u30a8")}, // katakana エ
		{secretaryID, "/roster set Alice 姓名 王\u30a8", lookAlike("王工", "王\u30a8")},
		{guestID, "/join \u0410lice", lookAlike("Alice", "\u0410lice")},
	} {
		got := h.say(groupID, tt.user, tt.text)
		if tt.want != "" && got != tt.want {
			t.Errorf("%+q:\n got %q\nwant %q", tt.text, got, tt.want)
		}
	}
	h.unchanged(groupID, before)
	csv := "姓名,状态\n赵六,正式党员\n王\u30a8,正式党员\n"
	if got := h.sendFile(secretaryID, "名册.csv", []byte(csv), "/roster import"); !strings.Contains(got, "王工") {
		t.Errorf("a look-alike in a CSV import: %q", got)
	}
	h.unchanged(groupID, before)
}

// A name that came to look like one on the roster while the request
// waited is not approved into a second, look-alike entry.
func TestLookAlikeAddedWhileJoinWaits(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, guestID, "/join Sunli")
	card, _ := h.srv.LastBotMessage(groupID)
	h.say(groupID, secretaryID, "/roster add SUNLI")
	before := h.snapshot(groupID)
	want := "名册上已有“SUNLI”，和“Sunli”看起来一样（只是某些字母或符号不同），为免混淆不能同时存在。" +
		"如果是同一个人，请直接用名册上的写法；如果是另一个人，请换个写法（例如加上所在单位）。"
	if got := h.press(secretaryID, card.ID, "正式党员"); got != want {
		t.Errorf("approving a look-alike: %q, want %q", got, want)
	}
	h.unchanged(groupID, before)
}

// A Telegram display name is not typed through the bot, so it is shown,
// not refused: without the characters that hide or turn text around, so
// that a join card reads as it is.
func TestDisplayNameCannotTurnACardAround(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.srv.AddUser(telegramtest.User{ID: guestID, FirstName: "孙丽\u202e委支织组", LastName: "\u200b"})
	h.say(groupID, guestID, "/join 孙丽")
	card, _ := h.srv.LastBotMessage(groupID)
	if strings.ContainsAny(card.Plain, "\u202e\u200b") {
		t.Errorf("the join card carries the display name's hidden characters: %+q", card.Plain)
	}
	if !strings.Contains(card.Plain, "孙丽委支织组") {
		t.Errorf("the join card lost the display name: %q", card.Plain)
	}
}

// An emoji with and without its presentation selector is one name.
func TestLookAlikeEmojiPresentation(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/roster add 李\u2764\ufe0f")
	before := h.snapshot(groupID)
	for _, name := range []string{"李\u2764", "李\u2764\ufe0e"} {
		if got := h.say(groupID, secretaryID, "/roster add "+name); !strings.Contains(got, "看起来一样") {
			t.Errorf("/roster add %+q: %q, want the look-alike refusal", name, got)
		}
	}
	h.unchanged(groupID, before)
}
