package bot

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

// deadlineRE is the word before a deadline: 截止, 截至, 截止日期, 截止时间,
// 截止到, each with an optional colon.
var deadlineRE = regexp.MustCompile(`(截止(日期|时间)?(为|是|到)?|截至)\s*[:：]?`)

// parsePledge splits "内容 [截止 时间] [类别]" into its parts. The deadline
// is cntime.ParseDeadline's: a day, or a span (本月, 下周), means its end.
// note says which reading of the deadline was taken, "" when it meant one.
func parsePledge(s string, now time.Time) (content string, deadline time.Time, cat zhibu.Category, note string, err error) {
	s = strings.TrimSpace(s)
	content, rest := s, ""
	marked := false
	if loc := deadlineRE.FindAllStringIndex(s, -1); len(loc) > 0 {
		last := loc[len(loc)-1]
		content, rest, marked = strings.TrimSpace(s[:last[0]]), strings.TrimSpace(s[last[1]:]), true
		// "每月走访两户，截止月底": the comma belongs to neither.
		content = strings.TrimRight(content, "，,、；;。 ")
	}
	target := &content
	if rest != "" {
		target = &rest
	}
	if i := strings.LastIndexAny(*target, " \n"); i >= 0 {
		if c, ok := zhibu.ParseCategory(strings.TrimSpace((*target)[i+1:])); ok {
			cat, *target = c, strings.TrimSpace((*target)[:i])
		}
	} else if c, ok := zhibu.ParseCategory(*target); ok && target == &rest {
		cat, rest = c, ""
	}
	if marked && rest == "" && cat == "" {
		return "", time.Time{}, "", "", userError(msgDeadlineEmpty)
	}
	if rest != "" {
		w, err := cntime.ParseDeadline(rest, now)
		if err != nil {
			return "", time.Time{}, "", "", err
		}
		deadline = w.Time
		if a, err := cntime.ParseTimeAhead(rest, now); err == nil && a.Chosen == cntime.ChoicePartHour {
			note = "\n" + msgDeadlinePartDay // 明天下午: by the end of that day
		} else if w.HasClock {
			note = chosenNote(w)
		}
		note += tomorrowNote(rest, w.Time, now)
	}
	return content, deadline, cat, note, nil
}

// deadlinePassed reports a deadline refused as past.
func deadlinePassed(err error) bool {
	var ve *zhibu.ValidationError
	return errors.As(err, &ve) && ve.Field == zhibu.FieldDeadline
}

// pledgeNumber reads a pledge 编号 argument.
func pledgeNumber(s, cmd string) (int, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(s, "#"))
	if err != nil || n <= 0 {
		return 0, userError(msgf(msgPledgeNumberBad, cmd))
	}
	return n, nil
}

func (b *Bot) cmdPledge(r *request) error {
	if r.args == "" {
		b.reply(r, msgPledgeUsage)
		return nil
	}
	first, rest, _ := strings.Cut(r.args, " ")
	if n, err := strconv.Atoi(strings.TrimPrefix(first, "#")); err == nil {
		if n <= 0 {
			return userError(msgf(msgPledgeNumberBad, "pledge"))
		}
		if err := b.pledgeAction(r, n, strings.TrimSpace(rest)); err != nil {
			return b.stateError(r, err, n)
		}
		return nil
	}
	br, err := b.branch(r)
	if err != nil {
		return err
	}
	loc := br.Location()
	content, deadline, cat, note, err := parsePledge(r.args, b.cfg.Now().In(loc))
	if err != nil {
		return meetingError(timeErr(err, useDeadline, b.cfg.Now().In(loc)), 0)
	}
	pl, err := b.cfg.Pledges.Make(r.ctx, r.chatID, r.from, content, deadline, cat, 0)
	if deadlinePassed(err) {
		return b.deadlineInPast(r, deadline)
	}
	if err != nil {
		return pledgeError(err, 0, r.cmd)
	}
	text := msgf(msgPledgeMade, pl.Number, esc(pl.Content), esc(string(pl.Category)), deadlineText(pl.Deadline, loc, b.cfg.Now())) + note
	if cat == "" {
		b.reply(r, text+"\n"+msgPledgeCatHint, withButtons(categoryButtons(pl.Number)))
		return nil
	}
	b.reply(r, text)
	return nil
}

// deadlineText shows a deadline in loc, escaped, with its year when that
// is not now's, or 未定 when there is none.
func deadlineText(t time.Time, loc *time.Location, now time.Time) string {
	if t.IsZero() {
		return msgNoDeadline
	}
	t, now = t.In(loc), now.In(loc)
	if t.Hour() != 23 || t.Minute() != 59 {
		// A deadline at a written hour: its part of the day too.
		return esc(cntime.FormatReading(t, now))
	}
	return esc(cntime.FormatDeadlineFrom(t, now))
}

func categoryButtons(n int) [][]zhibu.Button {
	var row []zhibu.Button
	for i, c := range zhibu.Categories[:len(zhibu.Categories)-1] {
		row = append(row, zhibu.Button{Text: string(c), Data: fmt.Sprintf("pc:%d:%d", n, i)})
	}
	return [][]zhibu.Button{row}
}

// pledgeAction handles "/pledge <编号> [修改 内容|撤回 [说明]|同意修改|不同意修改]".
func (b *Bot) pledgeAction(r *request, n int, rest string) error {
	verb, arg, _ := strings.Cut(rest, " ")
	switch verb {
	case "":
		return b.pledgeDetail(r, n)
	case "修改":
		return b.editPledge(r, n, strings.TrimSpace(arg))
	case "撤回":
		return b.withdrawPledge(r, n, strings.TrimSpace(arg))
	case btnApproveChange, "不同意修改", btnRejectChange:
		pl, err := b.cfg.Pledges.DecideChange(r.ctx, r.chatID, r.from, n, verb == btnApproveChange)
		if err != nil {
			return err
		}
		b.reply(r, changeDecided(pl, verb == btnApproveChange))
		return nil
	}
	b.reply(r, msgPledgeUsage)
	return nil
}

func changeDecided(pl zhibu.Pledge, ok bool) string {
	if ok {
		return msgf(msgPledgeChangeOK, pl.Number)
	}
	return msgf(msgPledgeChangeNo, pl.Number)
}

func (b *Bot) editPledge(r *request, n int, content string) error {
	_, before, err := b.cfg.Pledges.Detail(r.ctx, r.chatID, r.from, n)
	if err != nil {
		return err
	}
	pl, err := b.cfg.Pledges.Edit(r.ctx, r.chatID, r.from, n, content)
	if err != nil {
		return err
	}
	if pl.Pending == "" {
		b.reply(r, msgf(msgPledgeEdited, n))
		return nil
	}
	b.reply(r, msgf(msgPledgeChangeAsked, n, esc(pl.Pending)))
	b.send(r.ctx, r.chatID, msgf(msgPledgeChangeAsk, n, esc(before.Owner.Name), esc(before.Content), esc(pl.Pending)),
		withButtons(changeButtons(n, pl.Pending)))
	return nil
}

// onChangeButton approves or rejects a change request.
func (b *Bot) onChangeButton(ctx context.Context, q *models.CallbackQuery, msg *models.Message) {
	n, yes, version, ok := parseNumberChoice(q.Data)
	if !ok {
		b.answer(ctx, q.ID, msgBusyButton, true)
		return
	}
	// The change decided must be the one the button showed: a later
	// request replaces it, and the message shows the current one.
	chat := chatOf(ctx, msg)
	_, v, err := b.cfg.Pledges.Detail(ctx, chat, person(&q.From), n)
	if err == nil && v.Pending == "" {
		b.answer(ctx, q.ID, msgf(msgPledgeNoChange, n), true)
		return
	}
	if err == nil && changeVersion(v.Pending) != version {
		b.answer(ctx, q.ID, msgf(msgButtonStale, n), true)
		b.edit(ctx, msg.Chat.ID, msg.ID, msgf(msgPledgeChangeAsk, n, esc(v.Owner.Name), esc(v.Content), esc(v.Pending)),
			changeButtons(n, v.Pending))
		return
	}
	pl, err := b.cfg.Pledges.DecideChange(ctx, chat, person(&q.From), n, yes)
	if err != nil {
		b.answerErr(ctx, q, pledgeError(err, n, "pledge"))
		return
	}
	b.edit(ctx, msg.Chat.ID, msg.ID, changeDecided(pl, yes), nil)
	b.answer(ctx, q.ID, stripTags(changeDecided(pl, yes)), false)
}

// parseNumberChoice reads "xx:<编号>:y|n[:<version>]" button data; the
// version is the fingerprint of what the button showed ("" on buttons made
// before buttons carried one).
func parseNumberChoice(data string) (n int, yes bool, version string, ok bool) {
	parts := strings.Split(data, ":")
	if len(parts) < 3 || len(parts) > 4 || (parts[2] != "y" && parts[2] != "n") {
		return 0, false, "", false
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil || n <= 0 {
		return 0, false, "", false
	}
	if len(parts) == 4 {
		version = parts[3]
	}
	return n, parts[2] == "y", version, true
}

// fingerprint is the version a button carries of what it showed: a short
// hash, so that a press acts only on the text the presser saw.
func fingerprint(parts ...string) string {
	h := fnv.New32a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return strconv.FormatUint(uint64(h.Sum32()), 36)
}

// changeVersion is the version of a pledge's requested change.
func changeVersion(pending string) string { return fingerprint(pending) }

// changeButtons decide a pledge's requested change, as shown.
func changeButtons(n int, pending string) [][]zhibu.Button {
	v := changeVersion(pending)
	return [][]zhibu.Button{{
		{Text: btnApproveChange, Data: fmt.Sprintf("px:%d:y:%s", n, v)},
		{Text: btnRejectChange, Data: fmt.Sprintf("px:%d:n:%s", n, v)},
	}}
}

// onCategoryButton sets the category of a new pledge (its owner only).
func (b *Bot) onCategoryButton(ctx context.Context, q *models.CallbackQuery, msg *models.Message) {
	parts := strings.Split(q.Data, ":")
	var n, i int
	var err error
	if len(parts) == 3 {
		n, err = strconv.Atoi(parts[1])
		if err == nil {
			i, err = strconv.Atoi(parts[2])
		}
	}
	if len(parts) != 3 || err != nil || i < 0 || i >= len(zhibu.Categories) {
		b.answer(ctx, q.ID, msgBusyButton, true)
		return
	}
	br, pl, err := b.cfg.Pledges.SetCategory(ctx, chatOf(ctx, msg), person(&q.From), n, zhibu.Categories[i])
	if err != nil {
		b.answerErr(ctx, q, pledgeError(err, n, "pledge"))
		return
	}
	b.answer(ctx, q.ID, msgf(msgPledgeCatSet, pl.Category), false)
	text := msgf(msgPledgeMade, pl.Number, esc(pl.Content), esc(string(pl.Category)), deadlineText(pl.Deadline, br.Location(), b.cfg.Now()))
	b.edit(ctx, msg.Chat.ID, msg.ID, text, nil)
}

// pledgeError explains pledge errors with the pledge's number.
func pledgeError(err error, n int, cmd string) error {
	var ve *zhibu.ValidationError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, zhibu.ErrNotFound) && n > 0:
		return userError(msgf(msgPledgeNotFound, n))
	case errors.Is(err, zhibu.ErrNotOwner):
		return userError(msgPledgeNotOwner)
	case errors.Is(err, zhibu.ErrOwnPledge):
		return userError(msgPledgeOwn)
	case errors.Is(err, zhibu.ErrSameContent):
		return userError(msgPledgeSame)
	case errors.Is(err, zhibu.ErrNoChange):
		return userError(msgf(msgPledgeNoChange, n))
	case errors.Is(err, zhibu.ErrCallClosed):
		return userError(msgCallClosed)
	case errors.As(err, &ve):
		return pledgeValidation(ve, n, cmd)
	}
	return err
}

func pledgeValidation(ve *zhibu.ValidationError, n int, cmd string) error {
	switch {
	case ve.Field == zhibu.FieldContent && ve.Problem == zhibu.ProblemEmpty:
		return userError(msgPledgeEmpty)
	case ve.Field == zhibu.FieldContent:
		return userError(msgf(msgPledgeTooLong, zhibu.MaxPledgeLen))
	case ve.Field == zhibu.FieldNote && ve.Problem == zhibu.ProblemEmpty:
		return userError(msgf(msgNoteEmpty, cmd, n))
	case ve.Field == zhibu.FieldNote:
		return userError(msgf(msgNoteTooLong, ve.Limit))
	case ve.Field == zhibu.FieldComment && ve.Problem == zhibu.ProblemEmpty:
		return userError(msgCommentEmpty)
	case ve.Field == zhibu.FieldComment:
		return userError(msgf(msgCommentTooLong, ve.Limit))
	case ve.Field == zhibu.FieldDeadline:
		return userError(msgDeadlinePast)
	}
	return ve
}

// stateError names the pledge's state when an action does not fit it.
func (b *Bot) stateError(r *request, err error, n int) error {
	if !errors.Is(err, zhibu.ErrPledgeState) {
		return pledgeError(err, n, r.cmd)
	}
	_, v, derr := b.cfg.Pledges.Detail(r.ctx, r.chatID, r.from, n)
	if derr != nil {
		return pledgeError(derr, n, r.cmd)
	}
	if v.State == zhibu.PledgePending && (r.cmd == "done" || r.cmd == "progress") {
		return userError(msgf(msgPledgeNotYetPublished, n, n))
	}
	return userError(msgf(msgPledgeState, n, esc(string(v.State))))
}
