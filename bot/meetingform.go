package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// form is the state of a guided /meeting, kept in the prompt of the
// question being asked.
type form struct {
	Step  string      `json:"step"` // type, group, time, place, topic
	Draft zhibu.Draft `json:"draft"`
}

// startForm asks for the meeting type with buttons.
func (b *Bot) startForm(r *request) error {
	if _, err := b.cfg.Meetings.Plan(r.ctx, r.chatID, r.from, zhibu.Draft{Type: zhibu.MeetingOther}); err != nil {
		if _, ok := err.(*zhibu.ForbiddenError); ok || err == zhibu.ErrNotMember || err == zhibu.ErrNoBranch {
			return err
		}
	}
	var rows [][]zhibu.Button
	var row []zhibu.Button
	for i, t := range zhibu.MeetingTypes {
		row = append(row, zhibu.Button{Text: string(t), Data: fmt.Sprintf("f:%d", i)})
		if len(row) == 4 {
			rows, row = append(rows, row), nil
		}
	}
	rows = append(rows, []zhibu.Button{{Text: btnCancel, Data: "f:x"}})
	return b.send(r.ctx, r.chatID, msgFormType, replyTo(r.msg.ID), withButtons(rows), formOf(r.from.TelegramID, form{Step: "type"}))
}

// formOf binds a message to a step of a guided form.
func formOf(userID int64, f form) sendOption {
	data, _ := json.Marshal(f) // a form always encodes
	return askingFor(userID, promptForm, string(data))
}

// onFormButton takes the type choice (or cancel) of a guided form.
func (b *Bot) onFormButton(ctx context.Context, q *models.CallbackQuery, msg *models.Message) {
	p, err := b.cfg.Prompts.Prompt(ctx, msg.Chat.ID, msg.ID)
	if err != nil || p.Kind != promptForm || b.cfg.Now().After(p.ExpiresAt) {
		b.answer(ctx, q.ID, msgFormExpired, true)
		return
	}
	if p.UserID != q.From.ID {
		b.answer(ctx, q.ID, msgNotYours, true)
		return
	}
	b.forget(ctx, p)
	i, err := strconv.Atoi(strings.TrimPrefix(q.Data, "f:"))
	if err != nil || i < 0 || i >= len(zhibu.MeetingTypes) {
		b.edit(ctx, msg.Chat.ID, msg.ID, msgFormCancelled, nil)
		b.answer(ctx, q.ID, msgFormCancelled, false)
		return
	}
	t := zhibu.MeetingTypes[i]
	b.edit(ctx, msg.Chat.ID, msg.ID, msgf(msgFormChosen, esc(string(t))), nil)
	b.answer(ctx, q.ID, string(t), false)
	f := form{Step: "time", Draft: zhibu.Draft{Type: t}}
	question := msgFormTime
	if t == zhibu.MeetingGroup {
		f.Step, question = "group", msgFormGroup
	}
	b.askForm(ctx, msg.Chat.ID, msg.ID, q.From.ID, question, f)
}

func (b *Bot) askForm(ctx context.Context, chatID int64, replyID int, userID int64, question string, f form) {
	if err := b.send(ctx, chatID, question, replyTo(replyID), forceReply(), formOf(userID, f)); err != nil {
		b.log.Error("ask form", "chat_id", chatID, "err", err)
	}
}

// formReply takes the answer to a step of a guided form.
func (b *Bot) formReply(r *request, p zhibu.Prompt) error {
	var f form
	if err := json.Unmarshal([]byte(p.Data), &f); err != nil {
		return err
	}
	if r.args == wordCancel {
		b.forget(r.ctx, p)
		b.reply(r, msgFormCancelled)
		return nil
	}
	next, question, err := b.formStep(r, f)
	if err != nil {
		return meetingError(err, 0) // the question stays open: the member can reply again
	}
	b.forget(r.ctx, p)
	if question == "" {
		return b.proposeDraft(r, next.Draft, r.msg.ID)
	}
	b.askForm(r.ctx, r.chatID, r.msg.ID, r.from.TelegramID, question, next)
	return nil
}

// formStep applies one answer and names the next question ("" = done).
func (b *Bot) formStep(r *request, f form) (form, string, error) {
	text := r.args
	switch f.Step {
	case "group":
		f.Draft.Group, f.Step = text, "time"
		return f, msgFormTime, nil
	case "time":
		br, err := b.branch(r)
		if err != nil {
			return f, "", err
		}
		f.Draft.Backfill = strings.Contains(text, wordBackfill)
		start, end, err := parseStartEnd(strings.TrimSpace(strings.ReplaceAll(text, wordBackfill, "")), b.cfg.Now().In(br.Location()))
		if err != nil {
			return f, "", err
		}
		f.Draft.Start, f.Draft.End, f.Step = start, end, "place"
		return f, msgFormPlace, nil
	case "place":
		if text == "" {
			return f, "", userError(msgMeetingNoPlace)
		}
		f.Draft.Place, f.Step = text, "topic"
		return f, msgFormTopic, nil
	}
	if text != wordNone {
		f.Draft.Topic = text
	}
	return f, "", nil
}
