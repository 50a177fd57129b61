package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// Prompt kinds of the pledge cycle.
const (
	promptReturn   = "pledge_return"   // an officer's comment when returning a pledge
	promptSendBack = "pledge_sendback" // an officer's comment when a claim is not confirmed
)

// numberAndText reads "<编号> <说明>" of /progress, /done and /cannot.
func numberAndText(r *request) (int, string, error) {
	first, rest, _ := strings.Cut(r.args, " ")
	n, err := pledgeNumber(first, r.cmd)
	return n, strings.TrimSpace(rest), err
}

// evidence is the photo or document sent with a message.
func evidence(msg *models.Message) []zhibu.Evidence {
	switch {
	case len(msg.Photo) > 0:
		p := msg.Photo[len(msg.Photo)-1] // the largest size
		return []zhibu.Evidence{{FileID: p.FileID, FileName: "照片.jpg", Size: int64(p.FileSize), Kind: "photo"}}
	case msg.Document != nil:
		d := msg.Document
		return []zhibu.Evidence{{FileID: d.FileID, FileName: d.FileName, Size: d.FileSize, Kind: "document"}}
	}
	return nil
}

func (b *Bot) cmdProgress(r *request) error {
	n, note, err := numberAndText(r)
	if err != nil {
		return err
	}
	files := evidence(r.msg)
	if _, err := b.cfg.Pledges.Progress(r.ctx, r.chatID, r.from, n, note, files); err != nil {
		return b.stateError(r, err, n)
	}
	extra := ""
	if len(files) > 0 {
		extra = msgf(msgPledgeEvidence, len(files))
	}
	b.reply(r, msgf(msgPledgeProgress, n, extra))
	return nil
}

func (b *Bot) cmdDone(r *request) error {
	n, note, err := numberAndText(r)
	if err != nil {
		return err
	}
	v, err := b.cfg.Pledges.Claim(r.ctx, r.chatID, r.from, n, note)
	if err != nil {
		return b.stateError(r, err, n)
	}
	if !r.group {
		// Made in private, the claim goes where the officers confirm it.
		if err := b.send(r.ctx, r.chatID, claimText(v, note), withButtons(claimButtons(n, v.Content, note))); err != nil {
			return err
		}
		b.reply(r, msgf(msgClaimPosted, n))
		return nil
	}
	b.reply(r, claimText(v, note), withButtons(claimButtons(n, v.Content, note)))
	return nil
}

func (b *Bot) cmdCannot(r *request) error {
	n, note, err := numberAndText(r)
	if err != nil {
		return err
	}
	pl, err := b.cfg.Pledges.Cannot(r.ctx, r.chatID, r.from, n, note)
	if err != nil {
		return b.stateError(r, err, n)
	}
	if pl.State == zhibu.PledgeWithdrawn {
		b.reply(r, msgf(msgPledgeWithdrawn, n))
		return nil
	}
	b.reply(r, msgf(msgPledgeCannot, n))
	return nil
}

// withdrawPledge handles "/pledge <编号> 撤回 [说明]": a pledge not yet
// published is taken back; a published one is pointed to /cannot.
func (b *Bot) withdrawPledge(r *request, n int, note string) error {
	_, err := b.cfg.Pledges.Withdraw(r.ctx, r.chatID, r.from, n, note)
	if errors.Is(err, zhibu.ErrPledgeState) {
		if _, v, derr := b.cfg.Pledges.Detail(r.ctx, r.chatID, r.from, n); derr == nil && v.State.Open() {
			return userError(msgf(msgPledgeNoWithdraw, n, n))
		}
	}
	if err != nil {
		return err
	}
	b.reply(r, msgf(msgPledgeWithdrawn, n))
	return nil
}

// cmdReview: "/review 编号 优秀|良好|合格|未完成 [点评]". The grade is told to
// the member privately.
func (b *Bot) cmdReview(r *request) error {
	fields := strings.SplitN(r.args, " ", 3)
	if len(fields) < 2 {
		b.reply(r, msgReviewUsage)
		return nil
	}
	n, err := pledgeNumber(fields[0], r.cmd)
	if err != nil {
		return err
	}
	g, ok := zhibu.ParseGrade(fields[1])
	if !ok {
		return userError(msgGradeUnknown)
	}
	comment := ""
	if len(fields) == 3 {
		comment = strings.TrimSpace(fields[2])
	}
	v, err := b.cfg.Pledges.Grade(r.ctx, r.chatID, r.from, n, g, comment)
	if err != nil {
		return b.stateError(r, err, n)
	}
	b.reply(r, msgf(msgPledgeGraded, n))
	b.tellGrade(r.ctx, r.chatID, v)
	return nil
}

// tellGrade tells the member their grade privately, or in the group without it.
func (b *Bot) tellGrade(ctx context.Context, chatID int64, v zhibu.PledgeView) {
	pl, owner := v.Pledge, v.Owner
	c := ""
	if pl.Comment != "" {
		c = "，" + esc(pl.Comment)
	}
	inGroup := outOf(ctx).message(chatID, msgf(msgPledgeGradeGroup, mention(owner.Name, owner.Username), pl.Number))
	inGroup.Buttons = b.privateButton(startRemind)
	var err error
	if owner.TelegramID != 0 {
		err = b.send(ctx, owner.TelegramID, msgf(msgPledgeGradeTell, pl.Number, esc(string(pl.Grade)), c), orElse(inGroup))
	} else {
		err = b.queue(ctx, inGroup)
	}
	if err != nil {
		b.log.Error("tell grade", "chat_id", chatID, "err", err)
	}
}

// pendingReview sends the officer, privately, each pledge waiting for
// review with 通过 / 退回: a pledge under review is its maker's and the
// officers' only, and the queue is no business of the group's.
func (b *Bot) pendingReview(r *request) error {
	br, vs, err := b.cfg.Pledges.List(r.ctx, r.chatID, r.from, zhibu.ListPending, "")
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		b.reply(r, msgPledgeNoPending)
		return nil
	}
	loc, to := br.Location(), r.replyChat()
	if r.group {
		to = r.from.TelegramID
	}
	for i, v := range vs {
		opts := []sendOption{withButtons(reviewButtons(v))}
		if i == 0 && r.group {
			opts = append(opts, b.privateOr(r, ""))
		}
		if err := b.send(r.ctx, to, reviewText(v, loc, b.cfg.Now()), opts...); err != nil {
			return err
		}
	}
	return nil
}

// reviewText shows a pending pledge to its reviewer.
func reviewText(v zhibu.PledgeView, loc *time.Location, now time.Time) string {
	return msgf(msgPledgeReviewAsk, v.Number, esc(v.Owner.Name), esc(string(v.Category)), deadlineText(v.Deadline, loc, now), esc(v.Content))
}

// reviewVersion is the version of what a reviewer is shown.
func reviewVersion(v zhibu.PledgeView) string {
	return fingerprint(v.Content, string(v.Category), v.Deadline.UTC().Format(time.RFC3339))
}

// reviewButtons approve or return a pending pledge, as shown.
func reviewButtons(v zhibu.PledgeView) [][]zhibu.Button {
	ver := reviewVersion(v)
	return [][]zhibu.Button{{
		{Text: btnApprove, Data: fmt.Sprintf("pr:%d:y:%s", v.Number, ver)},
		{Text: btnReturn, Data: fmt.Sprintf("pr:%d:n:%s", v.Number, ver)},
	}}
}

// pledgeDecision is one of the two officer buttons on a pledge: 通过/退回
// on a pending one, 确认兑现/退回 on a claimed one.
type pledgeDecision struct {
	accept    func(ctx context.Context, chatID int64, p zhibu.Person, n int, yes bool, comment string) (zhibu.PledgeView, error)
	done, ack string // the edited message after accepting, the button's label
	prompt    string // the prompt kind asking why it is sent back
	question  string
	from      zhibu.PledgeState
	// current shows the pledge as the buttons should now show it and its
	// version: the buttons carry the version of what they showed, and a
	// press on a pledge changed since is refused with the current text.
	current func(v zhibu.PledgeView, loc *time.Location) (text, version string, rows [][]zhibu.Button)
}

// onReviewButton approves a pending pledge, or asks the officer why it is returned.
func (b *Bot) onReviewButton(ctx context.Context, q *models.CallbackQuery, msg *models.Message) {
	b.onDecision(ctx, q, msg, pledgeDecision{accept: b.cfg.Pledges.Review, done: msgPledgeApproved, ack: btnApprove,
		prompt: promptReturn, question: msgPledgeReturnAsk, from: zhibu.PledgePending,
		current: func(v zhibu.PledgeView, loc *time.Location) (string, string, [][]zhibu.Button) {
			return reviewText(v, loc, b.cfg.Now()), reviewVersion(v), reviewButtons(v)
		}})
}

// onDoneButton confirms a claimed pledge, or asks why it is not confirmed.
func (b *Bot) onDoneButton(ctx context.Context, q *models.CallbackQuery, msg *models.Message) {
	b.onDecision(ctx, q, msg, pledgeDecision{accept: b.cfg.Pledges.Confirm, done: msgPledgeConfirmed, ack: btnConfirmDone,
		prompt: promptSendBack, question: msgPledgeSendBackAsk, from: zhibu.PledgeClaimed,
		current: func(v zhibu.PledgeView, _ *time.Location) (string, string, [][]zhibu.Button) {
			note := lastClaim(v)
			return claimText(v, note), claimVersion(v.Content, note), claimButtons(v.Number, v.Content, note)
		}})
}

func (b *Bot) onDecision(ctx context.Context, q *models.CallbackQuery, msg *models.Message, d pledgeDecision) {
	n, yes, version, ok := parseNumberChoice(q.Data)
	if !ok {
		b.answer(ctx, q.ID, msgBusyButton, true)
		return
	}
	if b.stale(ctx, q, msg, n, version, d) {
		return
	}
	if !yes {
		b.askComment(ctx, q, msg, n, d.prompt, d.question, d.from)
		return
	}
	officer := person(&q.From)
	v, err := d.accept(ctx, chatOf(ctx, msg), officer, n, true, "")
	if err != nil {
		b.answerErr(ctx, q, b.buttonStateError(ctx, chatOf(ctx, msg), officer, err, n))
		return
	}
	b.edit(ctx, msg.Chat.ID, msg.ID, msgf(d.done, n, esc(v.Owner.Name)), nil)
	b.answer(ctx, q.ID, d.ack, false)
	if d.from == zhibu.PledgePending && v.Owner.TelegramID != 0 && v.Owner.TelegramID != q.From.ID {
		// The maker hears it privately; the group sees it in the public list.
		b.send(ctx, v.Owner.TelegramID, msgf(msgPledgeApprovedTell, n, esc(v.Content)))
	}
}

// staleReview refuses a review button whose pledge changed since it was
// shown, showing the current text with fresh buttons instead. Pledges no
// longer in the state the decision is about are left to the state check.
func (b *Bot) stale(ctx context.Context, q *models.CallbackQuery, msg *models.Message, n int, version string, d pledgeDecision) bool {
	br, v, err := b.cfg.Pledges.Detail(ctx, chatOf(ctx, msg), person(&q.From), n)
	if err != nil || v.State != d.from {
		return false
	}
	text, now, rows := d.current(v, br.Location())
	if now == version {
		return false
	}
	b.answer(ctx, q.ID, msgf(msgButtonStale, n), true)
	b.edit(ctx, msg.Chat.ID, msg.ID, text, rows)
	return true
}

// lastClaim is the note of the pledge's latest claim (申请兑现).
func lastClaim(v zhibu.PledgeView) string {
	for i := len(v.Events) - 1; i >= 0; i-- {
		if v.Events[i].Kind == zhibu.EventClaimed {
			return v.Events[i].Text
		}
	}
	return ""
}

// claimVersion is the version of a claim an officer is shown.
func claimVersion(content, note string) string { return fingerprint(content, note) }

// claimText shows a claim to the officers.
func claimText(v zhibu.PledgeView, note string) string {
	return msgf(msgPledgeClaimed, v.Number, esc(v.Owner.Name), esc(v.Content), esc(note))
}

// claimButtons confirm or send back a claim, as shown.
func claimButtons(n int, content, note string) [][]zhibu.Button {
	ver := claimVersion(content, note)
	return [][]zhibu.Button{{
		{Text: btnConfirmDone, Data: fmt.Sprintf("pd:%d:y:%s", n, ver)},
		{Text: btnNotDone, Data: fmt.Sprintf("pd:%d:n:%s", n, ver)},
	}}
}

// askComment checks the officer may act on the pledge in its current state,
// then asks for a comment by reply.
func (b *Bot) askComment(ctx context.Context, q *models.CallbackQuery, msg *models.Message, n int, kind, question string, want zhibu.PledgeState) {
	officer := person(&q.From)
	_, actor, err := b.cfg.Service.Actor(ctx, chatOf(ctx, msg), officer)
	if err == nil {
		err = zhibu.Authorize(actor, zhibu.ActReviewPledge)
	}
	if err == nil {
		var v zhibu.PledgeView
		if _, v, err = b.cfg.Pledges.Detail(ctx, chatOf(ctx, msg), officer, n); err == nil && v.State != want {
			err = zhibu.ErrPledgeState
		}
	}
	if err != nil {
		b.answerErr(ctx, q, b.buttonStateError(ctx, chatOf(ctx, msg), officer, err, n))
		return
	}
	// The data keeps the message whose buttons were pressed, so that they go
	// once the comment is in.
	if err := b.ask(ctx, msg.Chat.ID, msg.ID, q.From.ID, msgf(question, n), kind, fmt.Sprintf("%d:%d", n, msg.ID)); err != nil {
		b.answer(ctx, q.ID, msgApology, true)
		return
	}
	b.answer(ctx, q.ID, stripTags(msgf(question, n)), false)
}

func (b *Bot) buttonStateError(ctx context.Context, chatID int64, p zhibu.Person, err error, n int) error {
	r := &request{ctx: ctx, chatID: chatID, from: p, cmd: "pledge"}
	return b.stateError(r, err, n)
}

// commentReply takes an officer's comment for returning a pledge or not
// confirming a claim; the member is told in the group.
func (b *Bot) commentReply(r *request, p zhibu.Prompt) error {
	num, mid, _ := strings.Cut(p.Data, ":") // "<n>:<message>"; "<n>" before messages were kept
	n, _ := strconv.Atoi(num)
	decided, _ := strconv.Atoi(mid)
	var v zhibu.PledgeView
	var err error
	tmpl := msgPledgeReturned
	if p.Kind == promptReturn {
		v, err = b.cfg.Pledges.Review(r.ctx, r.chatID, r.from, n, false, r.args)
	} else {
		tmpl = msgPledgeSentBack
		v, err = b.cfg.Pledges.Confirm(r.ctx, r.chatID, r.from, n, false, r.args)
	}
	if err != nil {
		return b.stateError(r, err, n)
	}
	b.forget(r.ctx, p)
	if decided != 0 {
		b.edit(r.ctx, p.ChatID, decided, msgf(msgSentBackDone, n, esc(v.Owner.Name)), nil) // its buttons go
	}
	owner := v.Owner
	text := msgf(tmpl, mention(owner.Name, owner.Username), n, esc(r.args))
	if p.Kind == promptReturn {
		text = msgf(tmpl, mention(owner.Name, owner.Username), n, esc(r.args), n)
	}
	if owner.TelegramID == 0 || owner.TelegramID == r.from.TelegramID {
		b.reply(r, text)
		return nil
	}
	// The comment is the member's and the officers': it goes to the member
	// privately; the group hears at most that there is one.
	hint := outOf(r.ctx).message(r.chatID, msgf(msgCommentHint, mention(owner.Name, owner.Username), n, n))
	hint.Buttons = b.privateButton(startRemind)
	if err := b.send(r.ctx, owner.TelegramID, text, orElse(hint)); err != nil {
		return err
	}
	b.reply(r, msgf(msgCommentPassed, n, esc(owner.Name)))
	return nil
}
