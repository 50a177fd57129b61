package telegramtest

import (
	"testing"

	"github.com/go-telegram/bot/models"
	"github.com/google/go-cmp/cmp"
)

func TestUserEntities(t *testing.T) {
	cmd, mention := models.MessageEntityTypeBotCommand, models.MessageEntityTypeMention
	tests := []struct {
		text string
		want []models.MessageEntity
	}{
		{"/start", []models.MessageEntity{{Type: cmd, Offset: 0, Length: 6}}},
		{"/pledge@zhibu_bot 学习", []models.MessageEntity{{Type: cmd, Offset: 0, Length: 17}}},
		{"我要 /pledge 学习", []models.MessageEntity{{Type: cmd, Offset: 3, Length: 7}}},
		{"😀 /a", []models.MessageEntity{{Type: cmd, Offset: 3, Length: 2}}},
		{"请 @zhibu_bot 看看", []models.MessageEntity{{Type: mention, Offset: 2, Length: 10}}},
		{"/cmd@other_bot @alice_w", []models.MessageEntity{{Type: cmd, Offset: 0, Length: 14}, {Type: mention, Offset: 15, Length: 8}}},
		{"a/b and mail@example.com", nil},
		{"/x /y", []models.MessageEntity{{Type: cmd, Offset: 0, Length: 2}, {Type: cmd, Offset: 3, Length: 2}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, userEntities(tt.text)); diff != "" {
			t.Errorf("userEntities(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestSendTextEntitiesAfterChinese(t *testing.T) {
	s := newTestServer(t, Options{})
	got := s.SendText(alice, alice, "支部会议 /checkin@zhibu_bot 到")
	want := []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: 5, Length: 18}}
	if diff := cmp.Diff(want, got.Entities); diff != "" {
		t.Errorf("SendText entities (-want +got):\n%s", diff)
	}
	doc := s.SendDocument(alice, alice, "a.pdf", "application/pdf", []byte("%PDF"), "材料 /submit")
	wantCaption := []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: 3, Length: 7}}
	if diff := cmp.Diff(wantCaption, doc.CaptionEntities); diff != "" {
		t.Errorf("SendDocument caption entities (-want +got):\n%s", diff)
	}
}
