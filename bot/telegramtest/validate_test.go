package telegramtest

import (
	"context"
	"strings"
	"testing"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestValidationRejects(t *testing.T) {
	kb := func(data, text string) map[string]any {
		return map[string]any{"inline_keyboard": [][]map[string]any{{{"text": text, "callback_data": data}}}}
	}
	tests := []struct {
		name   string
		method string
		body   map[string]any
		desc   string // Telegram's description
		detail string // part of Violation.Message
	}{
		{"unknown param", "sendMessage", map[string]any{"chat_id": alice, "text": "x", "colour": "red"},
			`Bad Request: unknown parameter "colour"`, `unknown parameter "colour"`},
		{"missing chat_id", "sendMessage", map[string]any{"text": "x"}, "Bad Request: chat_id is empty", `"chat_id" is missing`},
		{"missing text", "sendMessage", map[string]any{"chat_id": alice}, "Bad Request: message text is empty", `"text" is missing`},
		{"empty text", "sendMessage", map[string]any{"chat_id": alice, "text": " "}, "Bad Request: message text is empty", "empty"},
		{"chat_id an object", "sendMessage", map[string]any{"chat_id": map[string]int{"id": 1}, "text": "x"}, `Bad Request: can't parse parameter "chat_id"`, "chat_id"},
		{"bool as string", "sendMessage", map[string]any{"chat_id": alice, "text": "x", "disable_notification": "yes"},
			`Bad Request: can't parse parameter "disable_notification"`, "not Boolean"},
		{"unclosed b", "sendMessage", map[string]any{"chat_id": alice, "text": "<b>x", "parse_mode": "HTML"},
			`Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`, "HTML"},
		{"script", "sendMessage", map[string]any{"chat_id": alice, "text": "<script>x</script>", "parse_mode": "HTML"},
			`Bad Request: can't parse entities: Unsupported start tag "script" at byte offset 0`, "script"},
		{"unescaped ampersand", "sendMessage", map[string]any{"chat_id": alice, "text": "党建 & 学习", "parse_mode": "HTML"},
			"Bad Request: can't parse entities: character '&'", "&"},
		{"bad parse_mode", "sendMessage", map[string]any{"chat_id": alice, "text": "x", "parse_mode": "html"},
			"Bad Request: unsupported parse_mode", "parse_mode"},
		{"4097 characters", "sendMessage", map[string]any{"chat_id": alice, "text": strings.Repeat("a", 4097)},
			"Bad Request: message is too long", "4097"},
		{"4097 after tags", "sendMessage", map[string]any{"chat_id": alice, "text": "<b>" + strings.Repeat("中", 4097) + "</b>", "parse_mode": "HTML"},
			"Bad Request: message is too long", "4097"},
		{"65-byte callback_data", "sendMessage", map[string]any{"chat_id": alice, "text": "x", "reply_markup": kb(strings.Repeat("d", 65), "按钮")},
			"Bad Request: BUTTON_DATA_INVALID", "65 bytes"},
		{"empty callback_data", "sendMessage", map[string]any{"chat_id": alice, "text": "x", "reply_markup": kb("", "按钮")},
			"Bad Request: BUTTON_DATA_INVALID", "0 bytes"},
		{"empty button text", "sendMessage", map[string]any{"chat_id": alice, "text": "x", "reply_markup": kb("d", "")},
			"Bad Request: BUTTON_TEXT_INVALID", "text is empty"},
		{"unknown button field", "sendMessage", map[string]any{"chat_id": alice, "text": "x",
			"reply_markup": map[string]any{"inline_keyboard": [][]map[string]any{{{"text": "a", "callback": "d"}}}}},
			`Bad Request: can't parse parameter "reply_markup"`, "reply_markup.inline_keyboard[0][0].callback: unknown field of InlineKeyboardButton"},
		{"button without action", "sendMessage", map[string]any{"chat_id": alice, "text": "x",
			"reply_markup": map[string]any{"inline_keyboard": [][]map[string]any{{{"text": "a"}}}}},
			"Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard", "no action"},
		{"caption too long", "sendDocument", map[string]any{"chat_id": alice, "document": "https://x.org/a.pdf", "caption": strings.Repeat("字", 1025)},
			"Bad Request: message caption is too long", "1025"},
		{"callback answer too long", "answerCallbackQuery", map[string]any{"callback_query_id": "1", "text": strings.Repeat("字", 201)},
			"Bad Request: MESSAGE_TOO_LONG", "201"},
		{"command upper case", "setMyCommands", map[string]any{"commands": []map[string]string{{"command": "Start", "description": "开始"}}},
			"Bad Request: BOT_COMMAND_INVALID", "Start"},
		{"command description empty", "setMyCommands", map[string]any{"commands": []map[string]string{{"command": "start", "description": ""}}},
			"Bad Request: BOT_COMMAND_DESCRIPTION_INVALID", "start"},
		{"scope unknown type", "setMyCommands", map[string]any{"commands": []map[string]string{{"command": "a", "description": "b"}},
			"scope": map[string]any{"type": "everyone"}}, `Bad Request: can't parse parameter "scope"`, "no variant of BotCommandScope"},
		{"scope chat without chat_id", "setMyCommands", map[string]any{"commands": []map[string]string{{"command": "a", "description": "b"}},
			"scope": map[string]any{"type": "chat"}}, `Bad Request: can't parse parameter "scope"`, "chat_id: required field of BotCommandScopeChat"},
		{"entities wrong type", "sendMessage", map[string]any{"chat_id": alice, "text": "x", "entities": []map[string]any{{"type": "bold", "offset": "0", "length": 1}}},
			`Bad Request: can't parse parameter "entities"`, "entities[0].offset: want Integer, got string"},
		{"edit without chat_id", "editMessageText", map[string]any{"message_id": 1, "text": "x"}, "Bad Request: chat_id is empty", "inline_message_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log violationLog
			s := newTestServer(t, Options{OnViolation: log.add})
			s.SendText(alice, alice, "/start")
			status, r := mustCall(t, s, tt.method, tt.body)
			if status != 400 || r.OK || r.ErrorCode != 400 || !strings.HasPrefix(r.Description, tt.desc) {
				t.Errorf("%s: answer %d %+v, want 400 %q", tt.method, status, r, tt.desc)
			}
			vs := s.Violations()
			if len(vs) != 1 || vs[0].Method != tt.method || !strings.Contains(vs[0].Message, tt.detail) {
				t.Fatalf("Violations() = %+v, want one for %s containing %q", vs, tt.method, tt.detail)
			}
			if len(log.list) != 1 || log.list[0] != vs[0] {
				t.Errorf("OnViolation got %+v, want %+v", log.list, vs)
			}
		})
	}
}

func TestValidationAcceptsBotLibrary(t *testing.T) {
	s := New(t, Options{})
	s.AddUser(User{ID: alice, FirstName: "Alice"})
	first := s.SendText(alice, alice, "/start")
	b := newTestBot(t, s)
	ctx := context.Background()
	yes := true
	msg, err := b.SendMessage(ctx, &tgbot.SendMessageParams{
		ChatID:    alice,
		Text:      `<b>会议通知</b> &amp; <a href="https://example.org/?a=1&amp;b=2">议程</a> <tg-spoiler>秘</tg-spoiler>`,
		ParseMode: models.ParseModeHTML,
		ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
			{{Text: "报名", CallbackData: strings.Repeat("x", 64)}, {Text: "网址", URL: "https://example.org"}},
		}},
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: &yes},
		ReplyParameters:    &models.ReplyParameters{MessageID: first.ID},
	})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if msg.Text != "会议通知 & 议程 秘" || msg.ReplyToMessage == nil || msg.ReplyToMessage.ID != first.ID {
		t.Errorf("SendMessage = text %q reply %+v", msg.Text, msg.ReplyToMessage)
	}
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice, Text: strings.Repeat("党", 4096)}); err != nil {
		t.Errorf("SendMessage(4096 Chinese characters): %v", err)
	}
	_, err = b.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{
		Commands:     []models.BotCommand{{Command: "pledge", Description: "承诺"}},
		Scope:        &models.BotCommandScopeChat{ChatID: groupID},
		LanguageCode: "zh",
	})
	if err != nil {
		t.Errorf("SetMyCommands: %v", err)
	}
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice, Text: "*粗* 第1\\.", ParseMode: models.ParseModeMarkdown}); err != nil {
		t.Errorf("SendMessage(MarkdownV2): %v", err)
	}
	if got := s.CommandsFor("chat", groupID, 0, "zh"); len(got) != 1 || got[0].Command != "pledge" {
		t.Errorf("CommandsFor(chat, %d, zh) = %+v", groupID, got)
	}
	if len(s.Violations()) != 0 {
		t.Errorf("Violations() = %+v, want none", s.Violations())
	}
}
