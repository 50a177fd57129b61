package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/textnorm"
)

// Registration of new branches (docs/design.md; README, 配置): /setup in a
// group asks, the server's operators decide privately with buttons
// "r:<request id>:y|n", which are checked against the operator list on every
// press and never name a branch chat.

// kindRegistration marks the notices to operators in the outbox.
const kindRegistration = "registration"

func (b *Bot) cmdSetup(r *request) error {
	if r.args == "" {
		b.reply(r, msgSetupUsage)
		return nil
	}
	admin, err := b.isChatAdmin(r.ctx, r.chatID, r.from.TelegramID)
	if err != nil {
		return err
	}
	out, err := b.cfg.Registrations.Setup(r.ctx, r.chatID, chatTitle(r.msg.Chat.Title), r.args, b.cfg.TimeZone, r.from, admin)
	if err != nil {
		return err
	}
	switch req := out.Pending; {
	case req != nil && out.Again:
		b.reply(r, msgf(msgRegAgain, esc(req.Name)))
	case req != nil:
		b.log.Info("branch registration requested", "chat_id", r.chatID, "registration_id", req.ID,
			"requester_id", r.from.TelegramID)
		b.notifyOperators(r.ctx, *req)
		b.reply(r, msgf(msgRegPending, esc(req.Name), mention(r.from.DisplayName, r.from.Username)))
	default:
		b.replySetup(r, out.Result)
	}
	return nil
}

// replySetup tells the group what /setup did to its branch.
func (b *Bot) replySetup(r *request, res zhibu.SetupResult) {
	switch {
	case res.Created:
		b.reply(r, setupDone(res))
	case res.Reactivated:
		b.reply(r, msgf(msgWelcomeBack, esc(res.Branch.Name)))
	case res.OldName == res.Branch.Name:
		b.reply(r, msgf(msgSetupSameName, esc(res.Branch.Name)))
	default:
		b.reply(r, msgf(msgSetupRenamed, esc(res.OldName), esc(res.Branch.Name)))
	}
}

// setupDone is the welcome of a branch just registered.
func setupDone(res zhibu.SetupResult) string {
	m := res.Founder
	return msgf(msgSetupDone, esc(res.Branch.Name), mention(m.Name, m.Username), esc(res.Branch.TimeZone))
}

// notifyOperators sends each operator the request privately, with the
// group's administrators as Telegram lists them now. An operator who never
// started the bot cannot be written to: the group is told instead, and the
// log says what the operator must do (Forbidden).
func (b *Bot) notifyOperators(ctx context.Context, req zhibu.Registration) {
	fb := outOf(ctx).message(req.ChatID, msgRegUnreached)
	fb.Kind = kindRegistration
	for _, op := range b.cfg.Registrations.Policy().Operators {
		m := b.regCard(ctx, op, req)
		m.Fallback = &fb
		if err := b.queue(ctx, m); err != nil {
			fail(ctx, err)
			return
		}
	}
}

// admins lists a group's administrators, owner first, for an operator.
func (b *Bot) admins(ctx context.Context, chatID int64) string {
	as, err := b.api.GetChatAdministrators(ctx, &tgbot.GetChatAdministratorsParams{ChatID: chatID})
	if err != nil {
		b.log.Warn("list chat administrators", "chat_id", chatID, "err", redact(err, b.cfg.Token))
		return msgRegNoAdmins
	}
	var lines []string
	for _, a := range as {
		switch {
		case a.Owner != nil && a.Owner.User != nil:
			lines = append(lines, msgf(msgRegAdmin, mention(displayName(a.Owner.User), a.Owner.User.Username), a.Owner.User.ID, msgRegOwner))
		case a.Administrator != nil && !a.Administrator.User.IsBot:
			u := a.Administrator.User
			lines = append(lines, msgf(msgRegAdmin, mention(displayName(&u), u.Username), u.ID, msgRegAdm))
		}
	}
	if len(lines) == 0 {
		return msgRegNoAdmins
	}
	return strings.Join(lines, "\n")
}

func displayName(u *models.User) string { return person(u).DisplayName }

// chatTitle is a group's title as an operator's request shows it: like a
// display name, normalised and without the characters that hide or
// reorder text (a title with U+202E would turn the rest of a line around).
func chatTitle(title string) string {
	return strings.TrimSpace(zhibu.StripHidden(textnorm.Normalize(title)))
}

// registrationButtons approve or refuse a request; numbered when several
// requests share a message (/branches).
func registrationButtons(id int64, numbered bool) [][]zhibu.Button {
	yes, no := btnRegApprove, btnRegRefuse
	if numbered {
		yes, no = msgf(btnRegApproveN, id), msgf(btnRegRefuseN, id)
	}
	return [][]zhibu.Button{{{Text: yes, Data: fmt.Sprintf("r:%d:y", id)}, {Text: no, Data: fmt.Sprintf("r:%d:n", id)}}}
}

// parseRegistrationData reads "r:<id>:y|n"; ok is false for anything else.
func parseRegistrationData(data string) (id int64, approve, ok bool) {
	parts := strings.Split(data, ":")
	if len(parts) != 3 || parts[0] != "r" || (parts[2] != "y" && parts[2] != "n") {
		return 0, false, false
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || id <= 0 {
		return 0, false, false
	}
	return id, parts[2] == "y", true
}

// onRegistrationButton is an operator's decision, pressed in their private
// chat. Whoever presses is checked against the operator list; a request
// decided before (a second press, another operator first) changes nothing
// and the message shows how it was decided. The message keeps what it
// showed (the group's administrators, the other requests of a /branches
// list) and gains the outcome.
func (b *Bot) onRegistrationButton(ctx context.Context, q *models.CallbackQuery, msg *models.Message) {
	id, approve, ok := parseRegistrationData(q.Data)
	if !ok || msg.Chat.Type != models.ChatTypePrivate {
		b.answer(ctx, q.ID, msgBusyButton, true)
		return
	}
	d, err := b.cfg.Registrations.Decide(ctx, person(&q.From), id, approve)
	if err != nil {
		b.log.Warn("registration decision refused", "registration_id", id, "user_id", q.From.ID, "err", err)
		b.answerErr(ctx, q, err)
		return
	}
	req := d.Request
	if text, rows, ok := decidedCard(msg, req); ok {
		b.edit(ctx, msg.Chat.ID, msg.ID, text, rows)
	}
	switch {
	case d.Already:
		b.answer(ctx, q.ID, stripTags(msgf(msgRegAlready, regOutcome(req))), true)
		return
	case approve:
		b.send(ctx, req.ChatID, setupDone(d.Result))
		b.answer(ctx, q.ID, msgRegAckApproved, false)
	default:
		// The group hears why, then the bot leaves it: a refused group
		// that wants to ask again adds the bot again.
		b.send(ctx, req.ChatID, msgf(msgRegRefused, esc(req.Name)), bound(bindLeave))
		b.answer(ctx, q.ID, msgRegAckRefused, false)
	}
	b.log.Info("branch registration decided", "registration_id", id, "chat_id", req.ChatID,
		"state", string(req.State), "operator_id", q.From.ID)
}

// regSummary is one line about a request.
func regSummary(r zhibu.Registration) string {
	return msgf(msgRegSummary, r.ID, esc(r.ChatTitle), r.ChatID, esc(r.Name),
		mention(r.Requester.DisplayName, r.Requester.Username))
}

// regOutcome says how a request was decided.
func regOutcome(r zhibu.Registration) string {
	switch r.State {
	case zhibu.RegistrationApproved:
		return msgf(msgRegApproved, esc(r.DeciderName))
	case zhibu.RegistrationRefused:
		return msgf(msgRegRefusedBy, esc(r.DeciderName))
	}
	return msgRegWithdrawn
}

// cmdBranches lists, for a server operator in private, every branch and the
// pending requests with their buttons.
func (b *Bot) cmdBranches(r *request) error {
	if r.group {
		b.reply(r, msgBranchesPrivate)
		return nil
	}
	o, err := b.cfg.Registrations.Overview(r.ctx, r.from)
	if err != nil {
		return err
	}
	var branches, pending []string
	for _, br := range o.Branches {
		state := msgBranchActive
		if !br.Active {
			state = msgBranchInactive
		}
		branches = append(branches, msgf(msgBranchesLine, esc(br.Name), br.ChatID, state))
	}
	var rows [][]zhibu.Button
	for _, req := range o.Pending {
		pending = append(pending, "• "+regSummary(req))
		rows = append(rows, registrationButtons(req.ID, true)...)
	}
	b.reply(r, msgf(msgBranchesList, len(branches), orNoneList(branches), len(pending), orNoneList(pending)), withButtons(rows))
	return nil
}

func orNoneList(lines []string) string {
	if len(lines) == 0 {
		return msgBranchesNone
	}
	return strings.Join(lines, "\n")
}

// leave makes the bot leave a group (after telling it a refusal).
func (b *Bot) leave(ctx context.Context, chatID int64) {
	if _, err := b.api.LeaveChat(ctx, &tgbot.LeaveChatParams{ChatID: chatID}); err != nil {
		b.log.Warn("leave chat", "chat_id", chatID, "err", redact(err, b.cfg.Token))
	}
}

// operatorUnreached logs what to do when a notice to an operator was
// refused by Telegram.
func (b *Bot) operatorUnreached(chatID int64) {
	if b.cfg.Registrations == nil || !b.cfg.Registrations.Policy().IsOperator(chatID) {
		return
	}
	b.log.Warn("server operator cannot be written to privately: they must open a private chat with the bot and "+
		"send /start, which brings the pending registrations with their buttons; the group was told its request waits",
		"operator_id", chatID, "bot", "@"+b.me.Username)
}
