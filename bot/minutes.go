package bot

import (
	"strconv"
	"strings"

	"github.com/zhibu/zhibu"
)

// cmdMinutes: "/minutes 编号 正文", or "/minutes 编号" then a reply.
func (b *Bot) cmdMinutes(r *request) error {
	first, text, _ := strings.Cut(r.args, " ")
	if first == "" {
		b.reply(r, msgMinutesUsage)
		return nil
	}
	n, err := meetingNumber(first, r.cmd)
	if err != nil {
		return err
	}
	if text = strings.TrimSpace(text); text != "" {
		return b.saveMinutes(r, n, text)
	}
	_, _, m, err := b.cfg.Meetings.Meeting(r.ctx, r.chatID, r.from, n)
	if err != nil {
		return meetingError(err, n)
	}
	return b.ask(r.ctx, r.replyChat(), r.msg.ID, r.from.TelegramID, msgf(msgMinutesAsk, n, esc(string(m.Type))), promptMinutes, strconv.Itoa(n))
}

func (b *Bot) minutesReply(r *request, p zhibu.Prompt) error {
	n, _ := strconv.Atoi(p.Data)
	if err := b.saveMinutes(r, n, r.args); err != nil {
		return err
	}
	b.forget(r.ctx, p)
	return nil
}

func (b *Bot) saveMinutes(r *request, n int, text string) error {
	v, err := b.cfg.Meetings.AddMinutes(r.ctx, r.chatID, r.from, n, text)
	if err != nil {
		return meetingError(err, n)
	}
	kept := ""
	if v.Version > 1 {
		kept = msgMinutesKept
	}
	b.reply(r, msgf(msgMinutesSaved, n, v.Version, kept))
	return nil
}
