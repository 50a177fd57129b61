package bot

import (
	"fmt"

	"github.com/zhibu/zhibu"
)

// sendPrivately sends text to the sender's private chat, and nothing to
// the group but sentNote when there is one (that a change was done: the
// private message needs no acknowledgement). When the sender never started the bot (or
// blocked it), the group gets publicText (may be empty) and a button to
// open the private chat instead. Private figures never go to the group.
func (b *Bot) sendPrivately(r *request, text, sentNote, publicText string) error {
	if !r.group {
		b.reply(r, text)
		return nil
	}
	opts := []sendOption{b.privateOr(r, publicText)}
	if sentNote != "" {
		opts = append(opts, then(b.groupReply(r, sentNote)))
	}
	return b.send(r.ctx, r.from.TelegramID, text, opts...)
}

// groupReply is a reply in the request's chat, for later.
func (b *Bot) groupReply(r *request, text string) zhibu.Message {
	m := outOf(r.ctx).message(r.chatID, text)
	m.ReplyTo = r.msg.ID
	return m
}

// privateOr is the group's hint, with a button to open the private chat,
// sent when the private chat is forbidden.
func (b *Bot) privateOr(r *request, publicText string) sendOption {
	hint := msgNeedPrivate
	if publicText != "" {
		hint = publicText
	}
	fb := b.groupReply(r, hint)
	fb.Buttons = b.privateButton(r.cmd)
	return orElse(fb)
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

// sendFilesPrivately sends files to the sender privately, the first with
// the caption, with no word in the group; as sendPrivately when the
// private chat is forbidden.
func (b *Bot) sendFilesPrivately(r *request, files []outFile, caption string) error {
	to := r.replyChat()
	if r.group {
		to = r.from.TelegramID
	}
	for i, f := range files {
		var opts []sendOption
		c := ""
		if i == 0 {
			c = caption
			if r.group {
				opts = append(opts, b.privateOr(r, ""))
			}
		}
		if err := b.sendDocument(r.ctx, to, f.name, f.data, c, opts...); err != nil {
			return err
		}
	}
	return nil
}
