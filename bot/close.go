package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// promptClose is a pending confirmation to close a meeting nobody signed in
// to; its data is the meeting's number.
const promptClose = "close"

// cmdClose ends a meeting and posts its result.
func (b *Bot) cmdClose(r *request) error {
	n, err := meetingNumber(strings.TrimSpace(r.args), r.cmd)
	if err != nil && !b.mayConvene(r) {
		return b.refusal(r, zhibu.ActManageAttendance)
	}
	if err != nil {
		return err
	}
	v, err := b.cfg.Meetings.CloseMeeting(r.ctx, r.chatID, r.from, n)
	if errors.Is(err, zhibu.ErrNobodyPresent) {
		return b.askCloseEmpty(r, n)
	}
	if err != nil {
		return b.meetingErr(r, err, n)
	}
	text := closeText(v.Result, v.Branch.Location(), b.cfg.Now())
	b.reply(r, text)
	if !r.group {
		// Closed in private, the result is still the group's to read.
		if err := b.send(r.ctx, r.chatID, text); err != nil {
			return err
		}
	}
	b.editAnnouncement(r.ctx, r.chatID, v)
	return nil
}

// askCloseEmpty asks, with 确认结束 / 取消, before closing a meeting nobody
// signed in to: more often sign-ins were not taken than nobody came, and a
// closed meeting's 实到 0 goes to the group and the ledger.
func (b *Bot) askCloseEmpty(r *request, n int) error {
	rows := [][]zhibu.Button{{{Text: btnConfirmClose, Data: "d:ok"}, {Text: btnCancel, Data: "d:no"}}}
	return b.send(r.ctx, r.replyChat(), msgf(msgCloseEmptyConfirm, n, n), replyTo(r.msg.ID),
		withButtons(rows), askingFor(r.from.TelegramID, promptClose, strconv.Itoa(n)))
}

// onCloseButton takes 确认结束 or 取消 under the confirmation to close a
// meeting nobody signed in to. The rights are checked again when it is
// done; should someone have signed in meanwhile, it closes all the same.
func (b *Bot) onCloseButton(ctx context.Context, q *models.CallbackQuery, msg *models.Message, p zhibu.Prompt) {
	n, _ := strconv.Atoi(p.Data)
	if !b.confirmed(ctx, q, msg, p, closeExpiredText(p), msgf(msgCloseEmptyCancelled, n)) {
		return
	}
	chat := branchChatOf(ctx)
	if chat == 0 {
		chat = msg.Chat.ID
	}
	v, err := b.cfg.Meetings.CloseEmptyMeeting(ctx, chat, person(&q.From), n)
	if err != nil {
		b.answerErr(ctx, q, meetingError(err, n))
		return
	}
	text := closeText(v.Result, v.Branch.Location(), b.cfg.Now())
	b.edit(ctx, msg.Chat.ID, msg.ID, text, nil)
	b.answer(ctx, q.ID, btnConfirmClose, false)
	if msg.Chat.ID != chat {
		b.send(ctx, chat, text) // confirmed in private: the group reads the result too
	}
	b.editAnnouncement(ctx, chat, v)
}

// refreshMeeting refreshes the announcement of meeting n, as refresh does,
// after its record changed without the view in hand: a closed meeting's
// result corrected, so that the group's 实到 stays true.
func (b *Bot) refreshMeeting(ctx context.Context, chatID int64, n int) {
	br, m, err := b.cfg.Meetings.Lookup(ctx, chatID, n)
	if err != nil {
		b.log.Warn("refresh announcement", "chat_id", chatID, "meeting", n, "err", err)
		return
	}
	b.refresh(ctx, chatID, br, m)
}

// isCloseConfirm reports whether a message's text is a confirmation to
// close, its question gone.
func isCloseConfirm(text string) bool {
	head, _, _ := strings.Cut(stripTags(msgCloseEmptyTitle), "%d")
	return strings.HasPrefix(text, head)
}

// closeExpiredText says a confirmation to close timed out.
func closeExpiredText(p zhibu.Prompt) string {
	n, _ := strconv.Atoi(p.Data)
	return msgf(msgCloseEmptyExpired, n, n)
}

func closeText(res zhibu.Result, loc *time.Location, now time.Time) string {
	m, t := res.Meeting, res.Tally
	text := msgf(msgCloseTitle, m.Number, esc(string(m.Type)), esc(span(m, loc, now))) + "\n" +
		msgf(msgCloseCounts, t.Expected, t.Present, t.Late, t.Leave, t.Absent, t.Observer, percent(t.Rate()))
	switch m.Type {
	case zhibu.MeetingGeneral:
		text += "\n" + msgf(msgQuorumVote, t.VotingExpected, t.VotingPresent, yesNo(t.CanVote(), "", "不"), yesNo(t.CanElect(), "可以", "不可以"))
	case zhibu.MeetingCommittee:
		text += "\n" + msgf(msgQuorumCommit, t.VotingExpected, t.VotingPresent, yesNo(t.CanVote(), "", "未"), yesNo(t.CanVote(), "有效", "人数不足"))
	}
	return text
}

func yesNo(ok bool, yes, no string) string {
	if ok {
		return yes
	}
	return no
}

func percent(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }
