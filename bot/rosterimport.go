package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/textnorm"
)

// maxImportLines is how many bad rows an import refusal lists.
const maxImportLines = 30

func (b *Bot) rosterImport(r *request, _ []string) error {
	doc := r.msg.Document
	if doc == nil && r.msg.ReplyToMessage != nil {
		doc = r.msg.ReplyToMessage.Document
	}
	if doc == nil {
		b.reply(r, msgImportUsage)
		return nil
	}
	// Check the sender's rights before downloading anything.
	if _, actor, err := b.cfg.Service.Actor(r.ctx, r.chatID, r.from); err != nil {
		return err
	} else if err := zhibu.Authorize(actor, zhibu.ActManageRoster); err != nil {
		return err
	}
	switch ext := strings.ToLower(path.Ext(doc.FileName)); {
	case ext == ".xlsx" || ext == ".xls":
		b.reply(r, msgImportXLSX)
		return nil
	case doc.FileSize > zhibu.MaxRosterFileSize:
		return zhibu.ErrFileTooLarge
	}
	data, err := b.download(r.ctx, doc.FileID, zhibu.MaxRosterFileSize)
	if err != nil {
		return err
	}
	if utf8.Valid(data) {
		data = []byte(textnorm.Normalize(string(data)))
	}
	rows, err := zhibu.ParseRosterCSV(data)
	if err != nil {
		return importError(err)
	}
	res, err := b.cfg.Service.ImportRoster(r.ctx, r.chatID, r.from, rows)
	if err != nil {
		return importError(err)
	}
	text := msgf(msgImportDone, res.Added, res.Updated, res.Unchanged)
	if len(res.Unlinked) > 0 {
		names := make([]string, len(res.Unlinked))
		for i, n := range res.Unlinked {
			names[i] = esc(n)
		}
		text += "\n" + msgf(msgImportUnlinked, strings.Join(names, "、"))
	}
	b.reply(r, text)
	return nil
}

// importError turns an *ImportError into the list of bad lines.
func importError(err error) error {
	var ie *zhibu.ImportError
	if !errors.As(err, &ie) {
		return err
	}
	var lines []string
	for i, re := range ie.Rows {
		if i == maxImportLines {
			lines = append(lines, msgf(msgImportMore, len(ie.Rows)-i))
			break
		}
		text, _ := userMessage(re.Err)
		if errors.Is(re.Err, zhibu.ErrNameTaken) {
			text = msgImportDupName
		}
		lines = append(lines, msgf(msgImportBadLine, re.Line, text))
	}
	return userError(msgf(msgImportBad, len(ie.Rows), strings.Join(lines, "\n")))
}

// download fetches a file users sent, refusing more than limit bytes.
func (b *Bot) download(ctx context.Context, fileID string, limit int64) ([]byte, error) {
	f, err := b.api.GetFile(ctx, &tgbot.GetFileParams{FileID: fileID})
	if err != nil {
		return nil, redact(err, b.cfg.Token)
	}
	if f.FileSize > limit {
		return nil, zhibu.ErrFileTooLarge
	}
	return b.fetchFile(ctx, f)
}

func (b *Bot) fetchFile(ctx context.Context, f *models.File) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.api.FileDownloadLink(f), nil)
	if err != nil {
		return nil, redact(err, b.cfg.Token)
	}
	resp, err := b.http.Do(req)
	if err != nil {
		return nil, redact(err, b.cfg.Token)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("bot: download file: HTTP %d", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, zhibu.MaxRosterFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("bot: download file: %w", err)
	}
	if len(data) > zhibu.MaxRosterFileSize {
		return nil, zhibu.ErrFileTooLarge
	}
	return data, nil
}
