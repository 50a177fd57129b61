package bot

import (
	"context"
	"regexp"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/textnorm"
)

// request is one incoming command with what handlers need to answer it.
type request struct {
	ctx context.Context
	msg *models.Message
	// chatID is the branch's group chat: the chat itself in a group, the
	// member's branch in private (privateBranch).
	chatID int64
	here   int64 // the chat the request came from, where answers go
	group  bool
	from   zhibu.Person
	cmd    string // lower case, without / and @bot
	args   string // the rest, trimmed

	br *zhibu.Branch // the chat's branch, once read
}

// branch is the chat's branch, read at most once per request: handlers
// that read a time phrase in the branch's zone before calling the domain
// fetch it here. What the domain returns carries the branch after a call.
func (b *Bot) branch(r *request) (zhibu.Branch, error) {
	if r.br != nil {
		return *r.br, nil
	}
	br, err := b.cfg.Service.Branch(r.ctx, r.chatID)
	if err != nil {
		return br, err
	}
	r.br = &br
	return br, nil
}

// Accounts Telegram shows as the sender of posts made on behalf of a chat:
// anonymous group admins, and members posting "as" a channel. Everyone who
// posts that way shares the one account, so it identifies no one.
const (
	anonymousAdminID = 1087968824 // GroupAnonymousBot
	channelBotID     = 136817688  // Channel_Bot
)

// onBehalf reports a message posted on behalf of a chat rather than by a
// person; it is the explanation to give, or "" for a person's message.
func onBehalf(msg *models.Message) string {
	switch {
	case msg.SenderChat != nil && msg.SenderChat.Type == models.ChatTypeChannel:
		return msgf(msgSentAsChannel, esc(msg.SenderChat.Title))
	case msg.SenderChat != nil, msg.From == nil, msg.From.ID == anonymousAdminID:
		return msgAnonymous
	case msg.From.ID == channelBotID:
		return msgf(msgSentAsChannel, "")
	}
	return ""
}

var commandRE = regexp.MustCompile(`^/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]+))?(?:\s+|$)`)

// parseCommand splits "/cmd@bot args". It reports ok=false for text that is
// not a command or a command addressed to another bot.
func parseCommand(text, botUsername string) (cmd, args string, ok bool) {
	m := commandRE.FindStringSubmatchIndex(text)
	if m == nil {
		return "", "", false
	}
	if m[4] >= 0 && !strings.EqualFold(text[m[4]:m[5]], botUsername) {
		return "", "", false
	}
	return strings.ToLower(text[m[2]:m[3]]), strings.TrimSpace(text[m[1]:]), true
}

// handle routes one update.
func (b *Bot) handle(ctx context.Context, upd *models.Update) {
	switch {
	case upd.MyChatMember != nil:
		b.onMyChatMember(ctx, upd.MyChatMember)
	case upd.CallbackQuery != nil:
		b.onCallback(ctx, upd.CallbackQuery)
	case upd.Message != nil:
		b.onMessage(ctx, upd.Message)
	}
}

func (b *Bot) onMessage(ctx context.Context, msg *models.Message) {
	if msg.Chat.Type == models.ChatTypePrivate && msg.From != nil {
		b.reachable(ctx, msg.From.ID, true)
	}
	if msg.MigrateToChatID != 0 {
		b.onMigrate(ctx, msg.Chat.ID, msg.MigrateToChatID)
		return
	}
	if msg.MigrateFromChatID != 0 {
		b.onMigrate(ctx, msg.MigrateFromChatID, msg.Chat.ID)
		if _, err := b.cfg.Service.Branch(ctx, msg.Chat.ID); err == nil {
			b.send(ctx, msg.Chat.ID, msgMigrated)
		}
		return
	}
	// Everything typed is read in one form (NFKC): fullwidth letters and
	// digits, compatibility ideographs and odd spaces become the ordinary
	// ones, before any command or name is parsed.
	// The character named in a refusal is the one typed, not what
	// normalising made of it (U+3164 becomes U+1160).
	hc, hidden := zhibu.HiddenChar(msg.Text + msg.Caption)
	msg.Text, msg.Caption = textnorm.Normalize(msg.Text), textnorm.Normalize(msg.Caption)
	text := msg.Text
	if text == "" {
		text = msg.Caption
	}
	if !hidden {
		hc, hidden = zhibu.HiddenChar(text)
	}
	cmd, args, ok := parseCommand(text, b.me.Username)
	if hidden && b.addressed(msg, ok) {
		// A character that shows nothing or turns text around would let a
		// name pass for another or garble what the group reads: refuse the
		// whole message, whatever it was for, and record nothing.
		b.send(ctx, msg.Chat.ID, msgf(msgHiddenChar, zhibu.CharName(hc)), replyTo(msg.ID))
		return
	}
	if !ok && isGroup(msg.Chat) && onBehalf(msg) != "" {
		// A reply to the bot from a chat (a pledge answering a call, an
		// answer to a question) can't be anyone's: say so, record nothing.
		if q := msg.ReplyToMessage; q != nil && q.From != nil && q.From.ID == b.me.ID {
			b.send(ctx, msg.Chat.ID, onBehalf(msg), replyTo(msg.ID))
		}
		return
	}
	if !ok {
		if !b.onReply(ctx, msg) && msg.Chat.Type == models.ChatTypePrivate {
			b.privateText(ctx, msg)
		}
		return
	}
	if msg.From == nil {
		return
	}
	r := &request{ctx: ctx, msg: msg, chatID: msg.Chat.ID, here: msg.Chat.ID, cmd: cmd, args: args,
		group: isGroup(msg.Chat), from: person(msg.From)}
	b.runCommand(r)
}

// addressed reports a message the bot would act on: a command, a reply to
// one of its messages, anything in private.
func (b *Bot) addressed(msg *models.Message, command bool) bool {
	q := msg.ReplyToMessage
	return command || msg.Chat.Type == models.ChatTypePrivate || q != nil && q.From != nil && q.From.ID == b.me.ID
}

// person is who sent an update. The display name is shown on cards and in
// notes: normalised, and without the characters that hide or reorder text
// (a name with U+202E would turn the rest of a card around).
func person(u *models.User) zhibu.Person {
	name := strings.TrimSpace(zhibu.StripHidden(textnorm.Normalize(u.FirstName + " " + u.LastName)))
	return zhibu.Person{TelegramID: u.ID, Username: u.Username, DisplayName: name}
}

func (b *Bot) runCommand(r *request) {
	c, ok := b.commands[r.cmd]
	switch {
	case !ok:
		b.reply(r, msgf(msgUnknownCmd, esc(r.cmd)))
	case c.groupOnly && !r.group:
		b.reply(r, msgf(msgGroupOnly, c.name))
	case r.group && c.needsSender && onBehalf(r.msg) != "":
		b.reply(r, onBehalf(r.msg))
	case !r.group && !c.anyChat && !b.privateBranch(r):
		// answered: no branch, or the branch is being chosen
	default:
		if r.group {
			r.ctx = withBranchChat(r.ctx, r.chatID)
		}
		if err := c.run(r); err != nil {
			b.replyErr(r, err)
		}
	}
}

// replyChat is the chat the request came from.
func (r *request) replyChat() int64 {
	if r.here != 0 {
		return r.here
	}
	return r.chatID
}

// reply answers the command's message in its chat.
func (b *Bot) reply(r *request, text string, opts ...sendOption) {
	if err := b.send(r.ctx, r.replyChat(), text, append([]sendOption{replyTo(r.msg.ID)}, opts...)...); err != nil {
		b.log.Error("reply", "chat_id", r.replyChat(), "err", err)
	}
}

// replyErr answers with the user message for err, logging internal errors.
func (b *Bot) replyErr(r *request, err error) {
	text, known := userMessage(b.unregistered(r, err))
	if !known {
		b.log.Error("command failed", "chat_id", r.chatID, "message_id", r.msg.ID, "command", r.cmd, "err", err)
		fail(r.ctx, err)
		return
	}
	b.reply(r, text)
}

func (b *Bot) onMigrate(ctx context.Context, from, to int64) {
	if err := b.cfg.Service.Migrate(ctx, from, to); err != nil {
		b.log.Error("migrate branch", "chat_id", from, "to_chat_id", to, "err", err)
		return
	}
	if err := b.cfg.Registrations.Migrate(ctx, from, to); err != nil {
		b.log.Error("migrate registration", "chat_id", from, "to_chat_id", to, "err", err)
		return
	}
	b.log.Info("chat migrated", "chat_id", from, "to_chat_id", to)
}
