package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

// Steps of the guided /meeting form.
const (
	stepType  = "type"
	stepGroup = "group"
	stepTime  = "time"
	stepPlace = "place"
	stepTopic = "topic"
)

// form is the state of a guided /meeting, kept in the prompt of the
// question being asked.
type form struct {
	Step   string              `json:"step"`
	Draft  zhibu.Draft         `json:"draft"`
	Types  []zhibu.MeetingType `json:"types,omitempty"`  // the types the sender may schedule
	Groups []string            `json:"groups,omitempty"` // the 党小组 offered as buttons, by index
	Own    string              `json:"own,omitempty"`    // a 党小组长's own group, chosen for them
	// Earlier are the form's earlier messages that still show buttons: a
	// question answered by a reply, or asked again after a refusal.
	Earlier []int `json:"earlier,omitempty"`
	// Day is a time answer that named a day without its hour ("明天下午"):
	// the hour answered next is on it.
	Day string `json:"day,omitempty"`
}

// startForm asks for the meeting type with buttons: the types the sender
// may schedule.
func (b *Bot) startForm(r *request) error {
	ch, err := b.cfg.Meetings.Choices(r.ctx, r.chatID, r.from)
	if err != nil {
		return err
	}
	f := form{Step: stepType, Types: ch.Types, Groups: ch.Groups, Own: ch.OwnGroup}
	return b.send(r.ctx, r.chatID, msgFormType, replyTo(r.msg.ID), withButtons(typeButtons(ch.Types, r.from.TelegramID)), formOf(r.from.TelegramID, f))
}

// typeButtons offers meeting types, four a row, then 取消 (every type when
// none are named: a form begun before types were kept). The data is the
// type's index in zhibu.MeetingTypes and, after a colon, the form's owner.
func typeButtons(types []zhibu.MeetingType, owner int64) [][]zhibu.Button {
	if len(types) == 0 {
		types = zhibu.MeetingTypes
	}
	var rows [][]zhibu.Button
	var row []zhibu.Button
	for i, t := range zhibu.MeetingTypes {
		if !hasType(types, t) {
			continue
		}
		row = append(row, zhibu.Button{Text: string(t), Data: fmt.Sprintf("f:%d:%d", i, owner)})
		if len(row) == 4 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return append(rows, cancelButton(owner))
}

// cancelButton is a form's 取消.
func cancelButton(owner int64) []zhibu.Button {
	return []zhibu.Button{{Text: btnCancel, Data: fmt.Sprintf("f:x:%d", owner)}}
}

func hasType(types []zhibu.MeetingType, t zhibu.MeetingType) bool {
	for _, x := range types {
		if x == t {
			return true
		}
	}
	return false
}

// groupButtons offers the branch's 党小组, two a row, then 取消.
func groupButtons(groups []string, owner int64) [][]zhibu.Button {
	var rows [][]zhibu.Button
	for i, g := range groups {
		btn := zhibu.Button{Text: g, Data: fmt.Sprintf("f:g%d:%d", i, owner)}
		if i%2 == 0 {
			rows = append(rows, []zhibu.Button{btn})
		} else {
			rows[len(rows)-1] = append(rows[len(rows)-1], btn)
		}
	}
	return append(rows, cancelButton(owner))
}

// formOf binds a message to a step of a guided form.
func formOf(userID int64, f form) sendOption {
	data, _ := json.Marshal(f) // a form always encodes
	return askingFor(userID, promptForm, string(data))
}

// onFormButton takes a button of a guided form: a type, a 党小组, or 取消.
// A button of an earlier message of the form, whose step was asked again
// below, acts on the form where it stands.
func (b *Bot) onFormButton(ctx context.Context, q *models.CallbackQuery, msg *models.Message) {
	p, err := b.cfg.Prompts.Prompt(ctx, msg.Chat.ID, msg.ID)
	if errors.Is(err, zhibu.ErrNotFound) {
		var ok bool
		if p, ok = b.formBelow(ctx, q, msg); !ok {
			return
		}
	} else if err != nil || p.Kind != promptForm || b.cfg.Now().After(p.ExpiresAt) {
		b.answer(ctx, q.ID, msgFormExpired, true)
		return
	}
	if p.UserID != q.From.ID {
		b.answer(ctx, q.ID, msgNotYours, true)
		return
	}
	var f form
	if err := json.Unmarshal([]byte(p.Data), &f); err != nil {
		b.answer(ctx, q.ID, msgFormExpired, true)
		return
	}
	choice, _ := formData(q.Data)
	if p.MessageID != msg.ID && choice != "x" && buttonStep(choice) != f.Step {
		b.answer(ctx, q.ID, msgFormGoneOn, true)
		return
	}
	b.applyFormButton(ctx, q, msg, p, f, choice)
}

// applyFormButton applies a form's button pressed on msg to the form's
// question p, which is msg itself or, for an earlier message of the form,
// the question asked last.
func (b *Bot) applyFormButton(ctx context.Context, q *models.CallbackQuery, msg *models.Message, p zhibu.Prompt, f form, choice string) {
	if choice == "x" {
		b.forget(ctx, p)
		b.editFormMessages(ctx, p, msg, msgFormCancelled)
		b.answer(ctx, q.ID, msgFormCancelled, false)
		return
	}
	r := &request{ctx: ctx, msg: msg, chatID: msg.Chat.ID, group: isGroup(msg.Chat), from: person(&q.From), cmd: "meeting"}
	next, chosen, err := b.formChoice(r, f, choice)
	if err != nil {
		// The question stays open with its buttons: the member picks again.
		b.answerErr(ctx, q, err)
		return
	}
	b.forget(ctx, p)
	b.editFormMessages(ctx, p, msg, chosen)
	b.answer(ctx, q.ID, stripTags(chosen), false)
	b.askStep(r, p.MessageID, next, "")
}

// editFormMessages writes text over the question p and, when the button
// pressed was on an earlier message of the form, over that one too: the
// buttons of both go.
func (b *Bot) editFormMessages(ctx context.Context, p zhibu.Prompt, msg *models.Message, text string) {
	b.edit(ctx, p.ChatID, p.MessageID, text, nil)
	if msg.ID != p.MessageID {
		b.edit(ctx, msg.Chat.ID, msg.ID, text, nil)
	}
}

// buttonStep is the step a form's button belongs to: "g1" is a 党小组, "3"
// a type.
func buttonStep(choice string) string {
	if strings.HasPrefix(choice, "g") {
		return stepGroup
	}
	return stepType
}

// formData splits a form button's data, "f:g1:11", into the choice ("g1")
// and the form's owner (0 for a button made before owners were written).
func formData(data string) (choice string, owner int64) {
	choice, id, _ := strings.Cut(strings.TrimPrefix(data, "f:"), ":")
	owner, _ = strconv.ParseInt(id, 10, 64)
	return choice, owner
}

// formBelow finds the open form that a button's message, no question any
// more, was an earlier message of: the form of the owner the button names,
// or else the presser's. When there is none the press is answered as a
// form that timed out.
func (b *Bot) formBelow(ctx context.Context, q *models.CallbackQuery, msg *models.Message) (zhibu.Prompt, bool) {
	_, owner := formData(q.Data)
	if owner == 0 {
		owner = q.From.ID
	}
	ps, err := b.cfg.Prompts.PromptsOf(ctx, msg.Chat.ID, owner)
	if err != nil {
		b.log.Warn("prompts of", "chat_id", msg.Chat.ID, "user_id", owner, "err", err)
	}
	for _, p := range ps {
		if p.Kind == promptForm && !b.cfg.Now().After(p.ExpiresAt) && formAsked(p, msg.ID) {
			return p, true
		}
	}
	b.answer(ctx, q.ID, msgFormExpired, true)
	return zhibu.Prompt{}, false
}

// formAsked reports whether the form of question p was earlier asked in
// message id.
func formAsked(p zhibu.Prompt, id int) bool {
	var f form
	if json.Unmarshal([]byte(p.Data), &f) != nil {
		return false
	}
	for _, e := range f.Earlier {
		if e == id {
			return true
		}
	}
	return false
}

// formChoice applies a pressed button to the form: the next state and what
// the question's message becomes.
func (b *Bot) formChoice(r *request, f form, choice string) (form, string, error) {
	switch {
	case f.Step == stepType:
		i, err := strconv.Atoi(choice)
		if err != nil || i < 0 || i >= len(zhibu.MeetingTypes) {
			return f, "", userError(msgBusyButton)
		}
		next, err := b.chooseType(r, f, zhibu.MeetingTypes[i])
		return next, msgf(msgFormChosen, esc(string(zhibu.MeetingTypes[i]))), err
	case f.Step == stepGroup && strings.HasPrefix(choice, "g"):
		i, err := strconv.Atoi(strings.TrimPrefix(choice, "g"))
		if err != nil || i < 0 || i >= len(f.Groups) {
			return f, "", userError(msgBusyButton)
		}
		next, err := b.chooseGroup(r, f, f.Groups[i])
		return next, msgf(msgFormGroupChosen, esc(f.Groups[i])), err
	}
	return f, "", userError(msgBusyButton)
}

// chooseType takes the meeting type: a 党小组会 asks for the group next,
// unless it can only be the sender's own.
func (b *Bot) chooseType(r *request, f form, t zhibu.MeetingType) (form, error) {
	f.Draft.Type = t
	if err := b.cfg.Meetings.CheckStep(r.ctx, r.chatID, r.from, f.Draft); err != nil {
		return f, formError(err)
	}
	switch {
	case t != zhibu.MeetingGroup:
		f.Step = stepTime
	case f.Own != "":
		f.Draft.Group, f.Step = f.Own, stepTime
	case len(f.Groups) == 0:
		return f, userError(b.noGroupsText(r))
	default:
		f.Step = stepGroup
	}
	return f, nil
}

// noGroupsText says a 党小组会 needs groups, and how to make them to those
// who may.
func (b *Bot) noGroupsText(r *request) string {
	if b.may(r, zhibu.ActManageRoster) {
		return msgFormNoGroups + msgFormNoGroupsFix
	}
	return msgFormNoGroups
}

func (b *Bot) chooseGroup(r *request, f form, group string) (form, error) {
	f.Draft.Group = group
	if err := b.cfg.Meetings.CheckStep(r.ctx, r.chatID, r.from, f.Draft); err != nil {
		return f, formError(err)
	}
	f.Step = stepTime
	return f, nil
}

// askStep asks the question of f's step as a new message replying to
// replyID; a refusal of the previous answer comes first when given.
func (b *Bot) askStep(r *request, replyID int, f form, refusal string) {
	now := b.cfg.Now()
	if br, err := b.branch(r); err == nil {
		now = now.In(br.Location())
	}
	question, opts := stepQuestion(f, r.from.TelegramID, now)
	if refusal != "" {
		question = refusal + "\n" + question
	}
	opts = append(opts, replyTo(replyID), formOf(r.from.TelegramID, f))
	if err := b.send(r.ctx, r.chatID, question, opts...); err != nil {
		b.log.Error("ask form", "chat_id", r.chatID, "err", err)
	}
}

// stepQuestion is the question of a step and how it is asked: buttons for
// the type and the 党小组 (which may also be typed in reply), a reply for
// the rest. The buttons name the form's owner; the time's example is
// tomorrow evening, in now's location.
func stepQuestion(f form, owner int64, now time.Time) (string, []sendOption) {
	switch f.Step {
	case stepType:
		return msgFormType, []sendOption{withButtons(typeButtons(f.Types, owner))}
	case stepGroup:
		return msgFormGroup, []sendOption{withButtons(groupButtons(f.Groups, owner))}
	case stepTime:
		return msgf(msgFormTime, timeExample(now)), []sendOption{forceReply()}
	case stepPlace:
		return msgFormPlace, []sendOption{forceReply()}
	}
	return msgFormTopic, []sendOption{forceReply()}
}

// timeExample is a meeting time the time step reads, tomorrow 19:00–21:00,
// as "11月22日 19:00–21:00".
func timeExample(now time.Time) string {
	day := now.AddDate(0, 0, 1)
	start := cntime.DayAt(day, 19, 0)
	return msgf("%d月%d日 %s", day.Month(), day.Day(), cntime.FormatClockRange(start, start.Add(2*time.Hour)))
}

// hasButtons reports whether the question of a step is asked with buttons.
func hasButtons(step string) bool { return step == stepType || step == stepGroup }

// formReply takes the answer to a step of a guided form. A wrong answer is
// refused with the reason and the same step asked again, so the form is
// never lost to a typo; the refusal is itself the question, so a reply to it
// goes on.
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
	if hasButtons(f.Step) {
		// The question keeps its buttons; pressed later, they act on the
		// form where it then stands.
		f.Earlier = append(f.Earlier, p.MessageID)
	}
	next, err := b.formStep(r, f)
	b.forget(r.ctx, p)
	var ue userError
	switch {
	case errors.As(err, &ue):
		f.Day = next.Day // a day still waiting for its hour
		b.askStep(r, r.msg.ID, f, string(ue))
		return nil
	case err != nil:
		return err
	case next.Step == "":
		// The whole draft is checked once more; should the roster have
		// changed meanwhile, the last question is asked again with why.
		err := b.proposeDraft(r, next.Draft, r.msg.ID)
		if text, known := userMessage(err); err != nil && known {
			b.askStep(r, r.msg.ID, f, text)
			return nil
		}
		return err
	}
	b.askStep(r, r.msg.ID, next, "")
	return nil
}

// formStep applies one typed answer; the next step is "" when the form is
// complete. Refusals are userErrors.
func (b *Bot) formStep(r *request, f form) (form, error) {
	text := r.args
	if text == "" {
		return f, userError(msgFormEmpty)
	}
	switch f.Step {
	case stepType:
		t, err := zhibu.ParseMeetingType(text)
		if err != nil {
			return f, formError(err)
		}
		return b.chooseType(r, f, t)
	case stepGroup:
		return b.chooseGroup(r, f, text)
	case stepTime:
		return b.formTime(r, f, text)
	case stepPlace:
		f.Draft.Place, f.Step = text, stepTopic
	default:
		if text != wordNone {
			f.Draft.Topic = text
		}
		f.Step = ""
	}
	if err := b.cfg.Meetings.CheckStep(r.ctx, r.chatID, r.from, f.Draft); err != nil {
		return f, formError(err)
	}
	return f, nil
}

// formTime reads the time step: a time phrase, with 补录 for a meeting held.
func (b *Bot) formTime(r *request, f form, text string) (form, error) {
	br, err := b.branch(r)
	if err != nil {
		return f, err
	}
	f.Draft.Backfill = strings.Contains(text, wordBackfill)
	phrase, now := strings.TrimSpace(strings.ReplaceAll(text, wordBackfill, "")), b.cfg.Now().In(br.Location())
	if w, _, err := cntime.ParseTimeRange(phrase, now); f.Day != "" && err == nil && !w.HasDate && w.HasClock {
		phrase = f.Day + " " + phrase // 明天下午, then 3点: 明天下午3点
	}
	f.Day = ""
	start, end, err := parseStartEnd(phrase, now)
	if err != nil {
		if w, err := cntime.ParseTime(phrase, now); err == nil && w.HasDate && (!w.HasClock || w.Chosen == cntime.ChoicePartHour) {
			f.Day = phrase
		}
		return f, formError(err)
	}
	f.Draft.Start, f.Draft.End, f.Step = start.Time, end.Time, stepPlace
	f.Draft.Reading, f.Draft.ReadHour, f.Draft.Tomorrow = start.Chosen, start.Hour12, lateTomorrow(phrase, now)
	if err := b.cfg.Meetings.CheckStep(r.ctx, r.chatID, r.from, f.Draft); errors.Is(err, zhibu.ErrInPast) {
		return f, b.inPast(r, start.Time, msgFormInPastAt)
	} else if err != nil {
		return f, formError(err)
	}
	return f, nil
}

// formError words a refusal for the form: 补录 goes after the time here,
// not in a command; anything the member may fix is a userError, the rest
// stays an internal error.
func formError(err error) error {
	if errors.Is(err, zhibu.ErrInPast) {
		return userError(msgFormInPast)
	}
	err = meetingError(err, 0)
	if text, known := userMessage(err); known {
		return userError(text)
	}
	return err
}
