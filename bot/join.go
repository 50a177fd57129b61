package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

func (b *Bot) cmdJoin(r *request) error {
	if r.args == "" {
		b.reply(r, msgJoinUsage)
		return nil
	}
	out, err := b.cfg.Service.RequestJoin(r.ctx, r.chatID, r.from, r.args)
	if err != nil {
		return nameError(err, r.args)
	}
	b.reply(r, joinCard(out), withButtons(joinButtons(out.Request.ID)))
	b.tellOffice(r.ctx, out)
	return nil
}

// Join buttons carry "j:<request id>:<choice>"; choices are the index of the
// status in zhibu.JoinStatuses, or "r" to reject.
func joinButtons(id int64) [][]zhibu.Button {
	var row []zhibu.Button
	for i, st := range zhibu.JoinStatuses {
		row = append(row, zhibu.Button{Text: string(st), Data: fmt.Sprintf("j:%d:%d", id, i)})
	}
	return [][]zhibu.Button{row, {{Text: btnReject, Data: fmt.Sprintf("j:%d:r", id)}}}
}

// parseJoinData reads join button data; ok is false for anything malformed.
func parseJoinData(data string) (id int64, approve bool, status zhibu.Status, ok bool) {
	parts := strings.Split(data, ":")
	if len(parts) != 3 || parts[0] != "j" {
		return 0, false, "", false
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || id <= 0 {
		return 0, false, "", false
	}
	if parts[2] == "r" {
		return id, false, "", true
	}
	i, err := strconv.Atoi(parts[2])
	if err != nil || i < 0 || i >= len(zhibu.JoinStatuses) {
		return 0, false, "", false
	}
	return id, true, zhibu.JoinStatuses[i], true
}

func (b *Bot) onJoinButton(ctx context.Context, q *models.CallbackQuery, msg *models.Message) {
	id, approve, status, ok := parseJoinData(q.Data)
	if !ok {
		b.answer(ctx, q.ID, msgBusyButton, true)
		return
	}
	officer := person(&q.From)
	d, err := b.cfg.Service.DecideJoin(ctx, msg.Chat.ID, officer, id, approve, status)
	if err != nil {
		b.answerErr(ctx, q, err)
		return
	}
	req, m, who := d.Request, d.Member, d.Officer
	applicant := mention(req.DisplayName, req.Username)
	if !approve {
		b.edit(ctx, msg.Chat.ID, msg.ID, msgf(msgJoinRejected, applicant, esc(req.Name), esc(who.Name)), nil)
		b.send(ctx, msg.Chat.ID, msgf(msgJoinSorry, applicant))
		b.answer(ctx, q.ID, msgJoinDoneAck, false)
		return
	}
	card := msgf(msgJoinApproved, applicant, esc(req.Name), esc(string(req.Status)), esc(who.Name))
	if m.Role != zhibu.RoleNone {
		// The account took the entry's office with it: the card says so.
		card = msgf(msgJoinApprovedOffice, applicant, esc(req.Name), esc(string(req.Status)), esc(string(m.Role)), esc(who.Name))
	}
	b.edit(ctx, msg.Chat.ID, msg.ID, card, nil)
	welcome := msgJoinWelcome
	if strings.HasSuffix(m.Name, "同志") {
		welcome = msgJoinWelcomeNamed // "欢迎 老王同志 同志" would say it twice
	}
	b.send(ctx, msg.Chat.ID, msgf(welcome, mention(m.Name, m.Username), esc(string(m.Status))))
	b.answer(ctx, q.ID, msgJoinDoneAck, false)
}
