package bot

import (
	"context"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// promptRemove is a pending confirmation to take an officer off the roster;
// its data is the name.
const promptRemove = "remove"

// rosterRemove takes a member off the roster. Someone holding an office
// (职务) is asked about first, with 确认移出 / 取消: removing them also ends
// the office, which is easy to do by mistake and hard to see afterwards.
func (b *Bot) rosterRemove(r *request, args []string) error {
	if len(args) != 1 {
		b.usage(r, zhibu.ActManageRoster, msgRosterRemoveUsage, msgRosterMemberUsage)
		return nil
	}
	m, err := b.cfg.Service.PrepareRemove(r.ctx, r.chatID, r.from, args[0])
	if err != nil {
		return b.rosterErr(r, err, args[0])
	}
	if m.Role == zhibu.RoleNone {
		return b.removeNow(r, m.Name)
	}
	rows := [][]zhibu.Button{{{Text: btnConfirmRemove, Data: "d:ok"}, {Text: btnCancel, Data: "d:no"}}}
	return b.send(r.ctx, r.replyChat(), msgf(msgRemoveConfirm, esc(m.Name), esc(string(m.Role))), replyTo(r.msg.ID),
		withButtons(rows), askingFor(r.from.TelegramID, promptRemove, m.Name))
}

func (b *Bot) removeNow(r *request, name string) error {
	m, err := b.cfg.Service.RemoveMember(r.ctx, r.chatID, r.from, name)
	if err != nil {
		return b.rosterErr(r, err, name)
	}
	b.reply(r, msgf(msgRosterRemoved, esc(m.Name)))
	return nil
}

// onRemoveButton takes 确认移出 or 取消 under a removal's confirmation. The
// rights are checked again when it is done.
func (b *Bot) onRemoveButton(ctx context.Context, q *models.CallbackQuery, msg *models.Message, p zhibu.Prompt) {
	if !b.confirmed(ctx, q, msg, p, msgRemoveExpired, msgRemoveCancelled) {
		return
	}
	m, err := b.cfg.Service.RemoveMember(ctx, chatOf(ctx, msg), person(&q.From), p.Data)
	if err != nil {
		b.answerErr(ctx, q, nameError(err, p.Data))
		return
	}
	b.edit(ctx, msg.Chat.ID, msg.ID, msgf(msgRosterRemoved, esc(m.Name)), nil)
	b.answer(ctx, q.ID, msgf(msgRemovedAck, m.Name), false)
}
