package bot

import (
	"context"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// promptUnlink is a pending confirmation to unlink a roster entry's
// Telegram account; its data is the name.
const promptUnlink = "unlink"

// rosterUnlink takes the Telegram account off a roster entry, after 确认解除
// / 取消: always asked, since the account is cut off at once and only the
// person's own /join and an officer's approval link it again. The office
// rules are checked now, to refuse at once, and again when it is done.
func (b *Bot) rosterUnlink(r *request, args []string) error {
	if len(args) != 1 {
		b.usage(r, zhibu.ActManageRoster, msgRosterUnlinkUsage, msgRosterMemberUsage)
		return nil
	}
	m, err := b.cfg.Service.PrepareUnlink(r.ctx, r.chatID, r.from, args[0])
	if err != nil {
		return b.rosterErr(r, err, args[0])
	}
	name := esc(m.Name)
	text := msgf(msgUnlinkConfirm, name, name, name)
	if m.Role != zhibu.RoleNone {
		text += msgf(msgUnlinkOffice, name, esc(string(m.Role)))
	}
	rows := [][]zhibu.Button{{{Text: btnConfirmUnlink, Data: "d:ok"}, {Text: btnCancel, Data: "d:no"}}}
	return b.send(r.ctx, r.replyChat(), text, replyTo(r.msg.ID), withButtons(rows),
		askingFor(r.from.TelegramID, promptUnlink, m.Name))
}

// onUnlinkButton takes 确认解除 or 取消 under an unlink's confirmation. The
// rights are checked again when it is done; the account is told privately
// (when it never opened a private chat, the message is dropped), and the
// question says only that it was done.
func (b *Bot) onUnlinkButton(ctx context.Context, q *models.CallbackQuery, msg *models.Message, p zhibu.Prompt) {
	if !b.confirmed(ctx, q, msg, p, msgUnlinkExpired, msgUnlinkCancelled) {
		return
	}
	u, err := b.cfg.Service.UnlinkMember(ctx, chatOf(ctx, msg), person(&q.From), p.Data)
	if err != nil {
		b.answerErr(ctx, q, nameError(err, p.Data))
		return
	}
	name := esc(u.Member.Name)
	b.edit(ctx, msg.Chat.ID, msg.ID, msgf(msgRosterUnlinked, name, name), nil)
	if err := b.send(ctx, u.Account, msgf(msgUnlinkedYou, esc(u.Branch.Name), name)); err != nil {
		fail(ctx, err)
		return
	}
	b.answer(ctx, q.ID, msgf(msgUnlinkedAck, u.Member.Name), false)
}
