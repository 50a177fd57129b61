package telegramtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"testing"

	"github.com/go-telegram/bot/models"
)

func TestEmbeddedSpecMatchesShared(t *testing.T) {
	shared, err := os.ReadFile("../../../shared/botapi/api.json")
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("no ../../../shared/botapi/api.json")
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(shared, specJSON) {
		t.Errorf("botapi/api.json differs from ../../../shared/botapi/api.json; copy it again")
	}
}

func TestParseSpec(t *testing.T) {
	sp, err := parseSpec(specJSON)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		typ, tagKey, tag string
	}{
		{"BotCommandScopeChat", "type", "chat"},
		{"BotCommandScopeAllChatAdministrators", "type", "all_chat_administrators"},
		{"ChatMemberOwner", "status", "creator"},
		{"InlineKeyboardButton", "", ""},
	}
	for _, tt := range tests {
		e := sp.Types[tt.typ]
		if e == nil || e.tagKey != tt.tagKey || e.tag != tt.tag {
			t.Errorf("Types[%q] tag = %+v, want %s=%s", tt.typ, e, tt.tagKey, tt.tag)
		}
	}
	if m, ok := sp.method("SENDMESSAGE"); !ok || m.Name != "sendMessage" {
		t.Errorf(`method("SENDMESSAGE") = %v, %v; want sendMessage`, m, ok)
	}
}

// TestLibraryModelsFitSpec checks that what go-telegram/bot serialises for
// the objects a bot sends passes the emulator's checks.
func TestLibraryModelsFitSpec(t *testing.T) {
	sp, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	tests := []struct {
		typ string
		v   any
	}{
		{"InlineKeyboardMarkup", models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
			{{Text: "a", CallbackData: "b"}, {Text: "c", URL: "https://x.org"}}}}},
		{"ReplyKeyboardMarkup", models.ReplyKeyboardMarkup{Keyboard: [][]models.KeyboardButton{{{Text: "a"}}}, ResizeKeyboard: true}},
		{"ReplyKeyboardRemove", models.ReplyKeyboardRemove{RemoveKeyboard: true}},
		{"ForceReply", models.ForceReply{ForceReply: true}},
		{"ReplyParameters", models.ReplyParameters{MessageID: 3}},
		{"LinkPreviewOptions", models.LinkPreviewOptions{IsDisabled: &yes}},
		{"Array of MessageEntity", []models.MessageEntity{{Type: "bold", Offset: 0, Length: 2}}},
		{"Array of BotCommand", []models.BotCommand{{Command: "a", Description: "b"}}},
	}
	for _, tt := range tests {
		data, err := json.Marshal(tt.v)
		if err != nil {
			t.Fatal(err)
		}
		v, err := decodeJSON(string(data))
		if err != nil {
			t.Fatal(err)
		}
		if err := sp.checkValue(tt.typ, v); err != nil {
			t.Errorf("checkValue(%s, %s) = %v", tt.typ, data, err)
		}
	}
	scopes := []interface{ MarshalCustom() ([]byte, error) }{
		&models.BotCommandScopeDefault{}, &models.BotCommandScopeAllPrivateChats{}, &models.BotCommandScopeAllGroupChats{},
		&models.BotCommandScopeAllChatAdministrators{}, &models.BotCommandScopeChat{ChatID: -1001},
		&models.BotCommandScopeChatAdministrators{ChatID: -1001}, &models.BotCommandScopeChatMember{ChatID: -1001, UserID: 7},
	}
	for _, sc := range scopes {
		data, _ := sc.MarshalCustom()
		v, _ := decodeJSON(string(data))
		if err := sp.checkValue("BotCommandScope", v); err != nil {
			t.Errorf("checkValue(BotCommandScope, %s) = %v", data, err)
		}
	}
}
