package bot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// isChatAdmin asks Telegram whether a user administers the chat.
func (b *Bot) isChatAdmin(ctx context.Context, chatID, userID int64) (bool, error) {
	cm, err := b.api.GetChatMember(ctx, &tgbot.GetChatMemberParams{ChatID: chatID, UserID: userID})
	if err != nil {
		return false, redact(err, b.cfg.Token)
	}
	return cm.Type == models.ChatMemberTypeOwner || cm.Type == models.ChatMemberTypeAdministrator, nil
}

func (b *Bot) cmdBranch(r *request) error {
	s, err := b.cfg.Service.Summary(r.ctx, r.chatID)
	if err != nil {
		return err
	}
	var lines []string
	for _, m := range s.Officers {
		lines = append(lines, "• "+string(m.Role)+"："+mention(m.Name, m.Username))
	}
	if len(lines) == 0 {
		lines = append(lines, msgBranchNoOffice)
	}
	others := ""
	if s.Others > 0 {
		others = msgf(msgBranchOthers, s.Others)
	}
	undelivered := ""
	if s.Undelivered > 0 {
		undelivered = msgf(msgMonthUndelivered, s.Undelivered)
	}
	b.reply(r, msgf(msgBranch, esc(s.Branch.Name), strings.Join(lines, "\n"), s.Members, others, esc(s.Branch.TimeZone))+undelivered)
	return nil
}

func (b *Bot) cmdWhoAmI(r *request) error {
	br, m, err := b.cfg.Service.WhoAmI(r.ctx, r.chatID, r.from)
	if err != nil {
		return err
	}
	exempt := ""
	if m.Exempt != "" {
		exempt = msgf(msgExempt, esc(m.Exempt))
	}
	text := msgf(msgWhoAmI, esc(m.Name), esc(string(m.Status)), orNone(m.Group), orNone(string(m.Role)), exempt, esc(br.Name))
	if m.Status == zhibu.StatusDisciplined || m.Exempt != "" {
		// A disciplinary status and an exemption are the member's and the
		// officers' (as /roster set keeps them): the group hears only that
		// the answer went privately.
		return b.sendPrivately(r, text, msgWhoAmISent, msgWhoAmINeedPrivate)
	}
	b.reply(r, text)
	return nil
}

func orNone(s string) string {
	if s == "" {
		return msgNone
	}
	return esc(s)
}

// onMyChatMember greets when the bot is added to a group and deactivates the
// branch when it is removed. Data always stays. In a private chat it is
// the user blocking the bot (kicked) or unblocking it (member): remembered
// at once, so that their reminders go the group's way without a failed try
// (docs/reminders.md, "Sending"), or privately again.
func (b *Bot) onMyChatMember(ctx context.Context, u *models.ChatMemberUpdated) {
	if u.Chat.Type == models.ChatTypePrivate {
		switch u.NewChatMember.Type {
		case models.ChatMemberTypeBanned, models.ChatMemberTypeLeft:
			b.reachable(ctx, u.Chat.ID, false)
		case models.ChatMemberTypeMember:
			b.reachable(ctx, u.Chat.ID, true)
		}
		return
	}
	if u.Chat.Type != models.ChatTypeGroup && u.Chat.Type != models.ChatTypeSupergroup {
		return
	}
	was, is := present(u.OldChatMember.Type), present(u.NewChatMember.Type)
	switch {
	case !was && is:
		br, err := b.cfg.Service.SetActive(ctx, u.Chat.ID, true)
		switch {
		case err == nil:
			b.send(ctx, u.Chat.ID, msgf(msgWelcomeBack, esc(br.Name)))
		case errors.Is(err, zhibu.ErrNotFound):
			b.send(ctx, u.Chat.ID, b.greeting())
		default:
			b.log.Error("reactivate branch", "chat_id", u.Chat.ID, "err", err)
		}
	case was && !is:
		if _, err := b.cfg.Service.SetActive(ctx, u.Chat.ID, false); err != nil && !errors.Is(err, zhibu.ErrNotFound) {
			b.log.Error("deactivate branch", "chat_id", u.Chat.ID, "err", err)
		}
		// A request waiting for an operator is void: approving it would
		// register a branch in a group the bot is not in.
		if ok, err := b.cfg.Registrations.Withdraw(ctx, u.Chat.ID); err != nil {
			b.log.Error("withdraw registration", "chat_id", u.Chat.ID, "err", err)
		} else if ok {
			b.log.Info("registration withdrawn: bot removed", "chat_id", u.Chat.ID)
		}
		b.log.Info("bot removed from chat", "chat_id", u.Chat.ID)
	}
}

// greeting is what the bot says when added to a group with no branch: on
// a server that takes no new branch, that this group can't register.
func (b *Bot) greeting() string {
	switch p := b.cfg.Registrations.Policy(); {
	case p.Effective() == zhibu.RegistrationClosed, p.Unattended():
		return msgGreetingClosed
	case p.Effective() == zhibu.RegistrationApproval:
		return msgGreeting + msgGreetingApproval
	}
	return msgGreeting
}

// present reports whether a member status means "in the chat".
func present(t models.ChatMemberType) bool {
	switch t {
	case models.ChatMemberTypeOwner, models.ChatMemberTypeAdministrator, models.ChatMemberTypeMember, models.ChatMemberTypeRestricted:
		return true
	}
	return false
}

// noteTimes remembers when each branch's 书记 was last told of a message
// given up.
type noteTimes struct {
	mu   sync.Mutex
	last map[int64]time.Time
}

// noteEvery is the least time between two such notes to one branch.
const noteEvery = time.Hour

// due reports whether a note may go to the branch now, and if so counts it.
func (n *noteTimes) due(branchID int64, now time.Time) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if t, ok := n.last[branchID]; ok && now.Sub(t) < noteEvery {
		return false
	}
	if n.last == nil {
		n.last = map[int64]time.Time{}
	}
	n.last[branchID] = now
	return true
}

// GaveUp tells the branch's 书记 privately that a message was given up:
// what kind, to whom, why, never its text. The sending path calls it.
func (b *Bot) GaveUp(ctx context.Context, m zhibu.Message, why zhibu.GiveUp) {
	u, ok, err := b.cfg.Service.Undelivered(ctx, m, why)
	if err != nil {
		b.log.Error("note a message given up", "chat_id", m.ChatID, "kind", m.Kind, "err", err)
		return
	}
	if !ok {
		return
	}
	kind := giveUpKinds[strings.TrimSuffix(strings.TrimSuffix(u.Kind, ":fallback"), ":unreached")]
	if kind == "" {
		kind = msgGiveUpOther
	}
	if m.About != "" {
		kind = msgf(msgGiveUpAnswer, m.About)
	}
	to := msgGiveUpGroup
	switch {
	case !u.Group && u.To.ID != 0:
		to = mention(u.To.Name, u.To.Username)
	case !u.Group:
		to = msgGiveUpUnknown
	}
	// One note an hour: an outage would otherwise bring dozens.
	b.tellSecretaries(ctx, u.Branch, msgf(msgGiveUpNote, esc(u.Branch.Name), kind, to, giveUpWhy[why]))
}
