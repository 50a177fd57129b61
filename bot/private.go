package bot

import (
	"fmt"

	"github.com/zhibu/zhibu"
)

// sendPrivately sends text to the sender's private chat and confirms in the
// group with sentNote. When the sender never started the bot, the group
// gets publicText (may be empty) and a button to open the private chat.
// Private figures never go to the group.
func (b *Bot) sendPrivately(r *request, text, sentNote, publicText string) error {
	if !r.group {
		b.reply(r, text)
		return nil
	}
	_, err := b.send(r.ctx, r.from.TelegramID, text)
	switch {
	case err == nil:
		b.reply(r, sentNote)
		return nil
	case isForbidden(err):
		hint := msgNeedPrivate
		if publicText != "" {
			hint = publicText
		}
		b.reply(r, hint, withButtons(b.privateButton(r.cmd)))
		return nil
	}
	return err
}

func (b *Bot) privateButton(payload string) [][]zhibu.Button {
	url := fmt.Sprintf("https://t.me/%s?start=%s", b.me.Username, payload)
	return [][]zhibu.Button{{{Text: btnOpenPrivate, URL: url}}}
}

// outFile is a document the bot sends.
type outFile struct {
	name string
	data []byte
}

func (b *Bot) sendFilesPrivately(r *request, files []outFile, caption, sentNote string) error {
	for i, f := range files {
		c := ""
		if i == 0 {
			c = caption
		}
		if err := b.sendDocument(r.ctx, r.from.TelegramID, f.name, f.data, c); err != nil {
			if isForbidden(err) && r.group {
				b.reply(r, msgNeedPrivate, withButtons(b.privateButton(r.cmd)))
				return nil
			}
			return err
		}
	}
	if r.group {
		b.reply(r, sentNote)
	}
	return nil
}
