package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// The private chat is a full place: a member's commands there act on their
// branch (the one branch they are in, or the one they chose by button), the
// answers stay in the private chat, and buttons sent there name the
// branch's group chat in their data ("a:3:y@-100123"), since the private
// chat's id says nothing about the branch.

type branchChatKey struct{}

// withBranchChat marks work done in a private chat for the branch of the
// group chat chat.
func withBranchChat(ctx context.Context, chat int64) context.Context {
	return context.WithValue(ctx, branchChatKey{}, chat)
}

// branchChatOf is the group chat of the branch private work acts on, 0 in
// a group.
func branchChatOf(ctx context.Context) int64 {
	c, _ := ctx.Value(branchChatKey{}).(int64)
	return c
}

// chatOf is the group chat of the branch a button acts on: the message's
// chat in a group, the chat the button names in private.
func chatOf(ctx context.Context, msg *models.Message) int64 {
	if c := branchChatOf(ctx); c != 0 {
		return c
	}
	return msg.Chat.ID
}

// tagButtons makes private buttons name the branch's group chat.
func tagButtons(rows [][]zhibu.Button, chat int64) [][]zhibu.Button {
	if chat == 0 || len(rows) == 0 {
		return rows
	}
	out := make([][]zhibu.Button, len(rows))
	for i, row := range rows {
		out[i] = slices.Clone(row)
		for j, x := range out[i] {
			if x.Data != "" && !strings.Contains(x.Data, "@") && !strings.HasPrefix(x.Data, "b:") && !strings.HasPrefix(x.Data, "r:") {
				out[i][j].Data = fmt.Sprintf("%s@%d", x.Data, chat)
			}
		}
	}
	return out
}

// untag splits a private button's data from the group chat it names.
func untag(data string) (string, int64, bool) {
	d, c, ok := strings.Cut(data, "@")
	if !ok {
		return data, 0, false
	}
	chat, err := strconv.ParseInt(c, 10, 64)
	if err != nil || chat >= 0 {
		return data, 0, false
	}
	return d, chat, true
}

// privateBranch finds the branch a private command acts on and points the
// request at its group chat. It answers and reports false when there is
// none, or when the person is in several and has not chosen: then they
// choose by button, and the command runs once they have.
func (b *Bot) privateBranch(r *request) bool {
	br, several, err := b.homeBranch(r.ctx, r.from.TelegramID)
	switch {
	case err != nil:
		b.replyErr(r, err)
		return false
	case several != nil:
		b.reply(r, msgChooseBranch, withButtons(branchButtons(several)))
		return false
	case br.ID == 0:
		b.reply(r, msgPrivateNoBranch)
		return false
	}
	r.chatID, r.br = br.ChatID, &br
	r.ctx = withBranchChat(r.ctx, br.ChatID)
	return true
}

// homeBranch is the branch a person acts on in private: their only one,
// or the one they chose. When they are in several and chose none (or the
// chosen one is gone), it returns them all to choose from; in none, a zero
// branch.
func (b *Bot) homeBranch(ctx context.Context, telegramID int64) (zhibu.Branch, []zhibu.Branch, error) {
	if b.cfg.Contacts == nil {
		return zhibu.Branch{}, nil, nil
	}
	bs, err := b.cfg.Contacts.BranchesOf(ctx, telegramID)
	if err != nil || len(bs) == 0 {
		return zhibu.Branch{}, nil, err
	}
	if len(bs) == 1 {
		return bs[0], nil, nil
	}
	chosen, err := b.cfg.Contacts.ChosenBranch(ctx, telegramID)
	if err != nil {
		return zhibu.Branch{}, nil, err
	}
	for _, br := range bs {
		if br.ID == chosen {
			return br, nil, nil
		}
	}
	return zhibu.Branch{}, bs, nil
}

func branchButtons(bs []zhibu.Branch) [][]zhibu.Button {
	rows := make([][]zhibu.Button, len(bs))
	for i, br := range bs {
		rows[i] = []zhibu.Button{{Text: br.Name, Data: fmt.Sprintf("b:%d", br.ID)}}
	}
	return rows
}

// onBranchButton takes the choice of a branch in private and runs the
// command that asked for it (the message the choice answers).
func (b *Bot) onBranchButton(ctx context.Context, q *models.CallbackQuery, msg *models.Message) {
	id, err := strconv.ParseInt(strings.TrimPrefix(q.Data, "b:"), 10, 64)
	if err != nil || msg.Chat.Type != models.ChatTypePrivate || b.cfg.Contacts == nil {
		b.answer(ctx, q.ID, msgBusyButton, true)
		return
	}
	bs, err := b.cfg.Contacts.BranchesOf(ctx, q.From.ID)
	if err != nil {
		b.answerErr(ctx, q, err)
		return
	}
	i := slices.IndexFunc(bs, func(br zhibu.Branch) bool { return br.ID == id })
	if i < 0 {
		b.answer(ctx, q.ID, msgBranchNotYours, true)
		return
	}
	if err := b.cfg.Contacts.ChooseBranch(ctx, q.From.ID, id, b.cfg.Now()); err != nil {
		b.answerErr(ctx, q, err)
		return
	}
	b.answer(ctx, q.ID, "", false)
	b.edit(ctx, msg.Chat.ID, msg.ID, msgf(msgBranchChosen, esc(bs[i].Name)), nil)
	orig := msg.ReplyToMessage
	if orig == nil || orig.From == nil || orig.From.ID != q.From.ID {
		return
	}
	cmd, args, ok := parseCommand(orig.Text, b.me.Username)
	if !ok || cmd == "branch" || cmd == "start" {
		return
	}
	b.runCommand(&request{ctx: ctx, msg: orig, chatID: orig.Chat.ID, here: orig.Chat.ID, cmd: cmd, args: args, from: person(orig.From)})
}

// cmdStartPrivate greets a member by name and branch, with what they can
// do here; someone on no roster is told how to begin. A server operator
// also hears of the registrations waiting for him, each sent after the
// greeting with its buttons.
func (b *Bot) cmdStartPrivate(r *request) error {
	text, rows, err := b.startText(r)
	if err != nil {
		return err
	}
	note, cards, err := b.operatorStart(r.ctx, r.from)
	if err != nil {
		return err
	}
	b.reply(r, text+note, withButtons(rows))
	return b.queue(r.ctx, cards...)
}

// startText is the greeting of a private /start, with the buttons to
// choose a branch when the person is in several and chose none.
func (b *Bot) startText(r *request) (string, [][]zhibu.Button, error) {
	br, several, err := b.homeBranch(r.ctx, r.from.TelegramID)
	switch {
	case err != nil:
		return "", nil, err
	case several != nil:
		return msgf(msgStartSeveral, len(several)) + "\n\n" + msgChooseBranch, branchButtons(several), nil
	case br.ID == 0:
		return msgStartPrivate, nil, nil
	}
	_, m, err := b.cfg.Service.Actor(r.ctx, br.ChatID, r.from)
	if err != nil {
		return "", nil, err
	}
	text := msgf(msgStartMember, esc(m.Name), esc(br.Name))
	if m.Role.IsCommittee() {
		text += msgStartOfficer
	}
	if bs, err := b.cfg.Contacts.BranchesOf(r.ctx, r.from.TelegramID); err == nil && len(bs) > 1 {
		text += msgf(msgStartSwitch, len(bs))
	}
	return text, nil, nil
}

// cmdHelpPrivate lists what the member may do in the private chat.
func (b *Bot) cmdHelpPrivate(r *request) error {
	br, _, err := b.homeBranch(r.ctx, r.from.TelegramID)
	if err != nil {
		return err
	}
	if br.ID == 0 {
		help := msgHelpPrivate
		if b.isOperator(r.from) {
			help = msgHelpPrivateOperator
		}
		b.reply(r, msgHelpIntro+"\n"+help)
		return nil
	}
	_, m, err := b.cfg.Service.Actor(r.ctx, br.ChatID, r.from)
	if err != nil {
		return err
	}
	var lines []string
	for _, l := range helpFor(&m) {
		switch {
		case strings.HasPrefix(l, "/setup"), strings.HasPrefix(l, "/join"):
		case strings.HasPrefix(l, "/remind "):
			lines = append(lines, msgHelpRemindPrivate) // here, always one's own
		case strings.HasPrefix(l, "/help") && b.isOperator(r.from):
			lines = append(lines, msgHelpBranches, l)
		default:
			lines = append(lines, l)
		}
	}
	b.reply(r, msgHelpIntro+"\n"+msgf(msgHelpPrivateMember, esc(br.Name))+"\n"+strings.Join(lines, "\n"))
	return nil
}

// cmdBranchPrivate shows the branch private commands act on, and lets
// someone in several switch.
func (b *Bot) cmdBranchPrivate(r *request) error {
	if b.cfg.Contacts == nil {
		b.reply(r, msgPrivateNoBranch)
		return nil
	}
	bs, err := b.cfg.Contacts.BranchesOf(r.ctx, r.from.TelegramID)
	if err != nil {
		return err
	}
	if len(bs) == 0 {
		b.reply(r, msgPrivateNoBranch)
		return nil
	}
	if len(bs) > 1 {
		br, _, err := b.homeBranch(r.ctx, r.from.TelegramID)
		if err != nil {
			return err
		}
		current := msgNone
		if br.ID != 0 {
			current = esc(br.Name)
		}
		b.reply(r, msgf(msgBranchSwitch, len(bs), current), withButtons(branchButtons(bs)))
		return nil
	}
	r.chatID = bs[0].ChatID
	return b.cmdBranch(r)
}

// privateText takes plain text in the private chat that replies to
// nothing: when the person has one open question here (a leave reason, a
// comment, minutes), it is the answer — an older member types rather than
// replies; with several, they are asked to reply to the one they mean;
// with none, a short hint, not silence.
func (b *Bot) privateText(ctx context.Context, msg *models.Message) {
	if msg.From == nil || msg.From.IsBot || (msg.Text == "" && msg.Caption == "") {
		return
	}
	r := &request{ctx: ctx, msg: msg, chatID: msg.Chat.ID, here: msg.Chat.ID, from: person(msg.From),
		args: strings.TrimSpace(msg.Text)}
	if msg.Text != "" && b.strayReply(r, "") {
		return
	}
	b.reply(r, msgPrivateHint)
}

// cmdBranchAny is /branch: the group's branch, or in private the one the
// member acts on.
func (b *Bot) cmdBranchAny(r *request) error {
	if !r.group {
		return b.cmdBranchPrivate(r)
	}
	return b.cmdBranch(r)
}
