package telegramtest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestBotSendsDocument(t *testing.T) {
	s := New(t, Options{})
	s.AddUser(User{ID: alice, FirstName: "Alice"})
	s.SendText(alice, alice, "/start")
	b := newTestBot(t, s)
	content := []byte("日期,姓名\n2026-07-01,Alice\n")
	msg, err := b.SendDocument(context.Background(), &tgbot.SendDocumentParams{
		ChatID:    alice,
		Document:  &models.InputFileUpload{Filename: "签到表.csv", Data: bytes.NewReader(content)},
		Caption:   "<b>七月</b>签到",
		ParseMode: models.ParseModeHTML,
	})
	if err != nil {
		t.Fatalf("SendDocument: %v", err)
	}
	if msg.Document == nil || msg.Document.FileName != "签到表.csv" || msg.Document.FileSize != int64(len(content)) || msg.Caption != "七月签到" {
		t.Errorf("SendDocument = %+v", msg)
	}
	got, ok := s.LastBotMessage(alice)
	if !ok || got.Document == nil || !bytes.Equal(got.Document.Content, content) || got.Document.Caption != "<b>七月</b>签到" || got.Plain != "七月签到" {
		t.Errorf("LastBotMessage(alice) = %+v, %v", got, ok)
	}
}

func TestBotDownloadsUserDocument(t *testing.T) {
	s := New(t, Options{})
	s.AddUser(User{ID: alice, FirstName: "Alice"})
	content := []byte("%PDF-1.7 思想汇报")
	sent := s.SendDocument(alice, alice, "思想汇报.pdf", "application/pdf", content, "请查收")
	if sent.Document == nil || sent.Caption != "请查收" {
		t.Fatalf("SendDocument message = %+v", sent)
	}
	b := newTestBot(t, s)
	f, err := b.GetFile(context.Background(), &tgbot.GetFileParams{FileID: sent.Document.FileID})
	if err != nil {
		t.Fatalf("GetFile: %v", err)
	}
	if f.FileSize != int64(len(content)) || f.FilePath == "" {
		t.Errorf("GetFile = %+v", f)
	}
	resp, err := http.Get(b.FileDownloadLink(f))
	if err != nil {
		t.Fatalf("download: %v", err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !bytes.Equal(data, content) {
		t.Errorf("download = %d %q, want %q", resp.StatusCode, data, content)
	}
	if s.FileURL(f.FilePath) != b.FileDownloadLink(f) {
		t.Errorf("FileURL = %q, want %q", s.FileURL(f.FilePath), b.FileDownloadLink(f))
	}
}
