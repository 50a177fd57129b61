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

func (b *Bot) cmdMeeting(r *request) error {
	first, rest, _ := strings.Cut(r.args, " ")
	_, numErr := strconv.Atoi(strings.TrimPrefix(first, "#"))
	if !r.group && r.args == "" {
		// The guided form runs in the group; one line works here too.
		b.reply(r, msgScheduleInGroup)
		return nil
	}
	if r.args == "" {
		return b.startForm(r)
	}
	if numErr == nil {
		n, err := meetingNumber(first, "meeting")
		if err != nil {
			return err
		}
		return b.meetingAction(r, n, strings.TrimSpace(rest))
	}
	if first == "help" || first == "帮助" {
		b.usage(r, zhibu.ActScheduleMeeting, msgMeetingUsage, msgMeetingMemberUsage)
		return nil
	}
	br, err := b.branch(r)
	if err != nil {
		return err
	}
	d, err := parseMeetingLine(r.args, b.cfg.Now(), br.Location())
	if err != nil {
		return meetingError(err, 0)
	}
	return b.proposeDraft(r, d, r.msg.ID)
}

// proposeDraft echoes what the bot understood and asks to confirm.
func (b *Bot) proposeDraft(r *request, d zhibu.Draft, replyID int) error {
	pl, err := b.cfg.Meetings.Plan(r.ctx, r.chatID, r.from, d)
	if errors.Is(err, zhibu.ErrInPast) {
		return b.inPast(r, d.Start, msgInPastAt)
	}
	if err != nil {
		return meetingError(err, 0)
	}
	data, err := json.Marshal(d)
	if err != nil {
		return err
	}
	rows := [][]zhibu.Button{{{Text: btnConfirm, Data: "d:ok"}, {Text: btnCancel, Data: "d:no"}}}
	return b.send(r.ctx, r.replyChat(), draftText(pl, d, pl.Branch.Location(), b.cfg.Now()), replyTo(replyID), withButtons(rows),
		askingFor(r.from.TelegramID, promptDraft, string(data)))
}

func draftText(pl zhibu.Planned, d zhibu.Draft, loc *time.Location, now time.Time) string {
	m := pl.Meeting
	typ := string(m.Type)
	if m.Group != "" {
		typ += msgf(msgDraftGroup, m.Group)
	}
	extra := ""
	if m.Lecturer != "" {
		extra = msgf(msgDraftLecturer, esc(m.Lecturer))
	}
	text := msgDraftTitle + "\n" + msgf(msgDraftLines, esc(typ), esc(span(m, loc, now)), esc(m.Place),
		orNone(m.Topic), orUnset(pl.Host.Name), orUnset(pl.Recorder.Name), extra, pl.Expected)
	if d.Backfill {
		text += "\n" + msgDraftBackfill
	}
	text += chosenNote(cntime.When{Time: d.Start.In(loc), Chosen: d.Reading, Hour12: d.ReadHour})
	if d.Tomorrow {
		text += "\n" + msgf(msgLateTomorrow, esc(dayText(d.Start.In(loc), now.In(loc))))
	}
	return text
}

func orUnset(s string) string {
	if s == "" {
		return msgUnset
	}
	return esc(s)
}

// span shows a meeting's time in loc: "11月25日 周三 晚上 19:00–21:00".
func span(m zhibu.Meeting, loc *time.Location, now time.Time) string {
	return cntime.FormatReadingRange(m.Start.In(loc), m.End.In(loc), now)
}

// onDraftButton confirms or drops a proposed meeting. The same two buttons
// ("d:ok", "d:no") confirm other pending decisions, told apart by the kind
// of the question they sit under: a removal from the roster, an unlink.
func (b *Bot) onDraftButton(ctx context.Context, q *models.CallbackQuery, msg *models.Message) {
	p, err := b.cfg.Prompts.Prompt(ctx, msg.Chat.ID, msg.ID)
	if err == nil && p.Kind == promptRemove {
		b.onRemoveButton(ctx, q, msg, p)
		return
	}
	if err == nil && p.Kind == promptUnlink {
		b.onUnlinkButton(ctx, q, msg, p)
		return
	}
	if err == nil && p.Kind == promptClose {
		b.onCloseButton(ctx, q, msg, p)
		return
	}
	if err != nil && strings.HasPrefix(msg.Text, stripTags(msgRemoveTitle)) {
		b.answer(ctx, q.ID, msgRemoveExpired, true) // pressed as it timed out
		return
	}
	if err != nil && strings.HasPrefix(msg.Text, stripTags(msgUnlinkTitle)) {
		b.answer(ctx, q.ID, msgUnlinkExpired, true)
		return
	}
	if err != nil && isCloseConfirm(msg.Text) {
		b.answer(ctx, q.ID, msgCloseEmptyGone, true)
		return
	}
	if err != nil && !strings.HasPrefix(msg.Text, stripTags(msgDraftTitle)) {
		// The question was answered (a second press reaches the edited
		// message) or is of another kind that is gone.
		b.answer(ctx, q.ID, msgConfirmGone, true)
		return
	}
	if err != nil || p.Kind != promptDraft {
		b.answer(ctx, q.ID, msgDraftExpired, true)
		return
	}
	if p.UserID != q.From.ID {
		b.answer(ctx, q.ID, msgNotYours, true)
		return
	}
	b.forget(ctx, p)
	if q.Data != "d:ok" {
		b.edit(ctx, msg.Chat.ID, msg.ID, msgDraftDropped, nil)
		b.answer(ctx, q.ID, msgDraftDropped, false)
		return
	}
	var d zhibu.Draft
	if err := json.Unmarshal([]byte(p.Data), &d); err != nil {
		b.answer(ctx, q.ID, msgDraftExpired, true)
		return
	}
	chat := chatOf(ctx, msg)
	pl, err := b.cfg.Meetings.Schedule(ctx, chat, person(&q.From), d)
	if err != nil {
		b.answerErr(ctx, q, meetingError(err, 0))
		return
	}
	b.answer(ctx, q.ID, btnConfirm, false)
	if msg.Chat.ID != chat {
		// Drafted in private: the announcement is the group's own post.
		b.edit(ctx, msg.Chat.ID, msg.ID, msgf(msgDraftPosted, pl.Meeting.Number), nil)
		b.announce(ctx, chat, pl.View(), 0)
		return
	}
	b.announce(ctx, chat, pl.View(), msg.ID)
}

// meetingAction handles "/meeting <编号> [动作 …]".
func (b *Bot) meetingAction(r *request, n int, rest string) error {
	verb, arg, _ := strings.Cut(rest, " ")
	arg = strings.TrimSpace(arg)
	var err error
	switch verb {
	case "":
		err = b.meetingDetail(r, n)
	case "改期", "改时间":
		err = b.reschedule(r, n, arg)
	case "地点":
		err = b.changeMeeting(r, n, zhibu.Edit{Place: arg}, "")
	case "议题":
		err = b.changeMeeting(r, n, zhibu.Edit{Topic: arg}, "")
	case "取消":
		if arg == "" {
			return userError(msgf(msgCancelNoReason, n))
		}
		err = b.changeMeeting(r, n, zhibu.Edit{Cancel: true, CancelReason: arg}, "")
	case "主持", "主持人":
		err = b.setPost(r, n, zhibu.PostHost, arg)
	case "记录", "记录人":
		err = b.setPost(r, n, zhibu.PostRecorder, arg)
	case "列席":
		err = b.addObserver(r, n, arg)
	case "更正":
		err = b.correct(r, n, arg)
	default:
		b.usage(r, zhibu.ActScheduleMeeting, msgChangeUsage, msgMeetingMemberUsage)
	}
	return b.meetingErr(r, err, n)
}

func (b *Bot) reschedule(r *request, n int, when string) error {
	br, err := b.branch(r)
	if err != nil {
		return err
	}
	loc := br.Location()
	now := b.cfg.Now().In(loc)
	_, _, m, err := b.cfg.Meetings.Meeting(r.ctx, r.chatID, r.from, n)
	if err != nil {
		return meetingError(err, n)
	}
	// What the phrase leaves out is kept: 改期 3点 moves the hour on the
	// meeting's day, 改期 明天 moves the day at the meeting's hours.
	kept := ""
	day := m.Start.In(loc)
	if w, err := cntime.ParseTime(when, now); err == nil && w.HasDate && !w.HasClock && strings.TrimSpace(when) != "" {
		start := time.Date(w.Time.Year(), w.Time.Month(), w.Time.Day(), day.Hour(), day.Minute(), 0, 0, loc)
		end := time.Time{}
		if !m.End.IsZero() {
			end = start.Add(m.End.Sub(m.Start))
		}
		err = b.changeMeeting(r, n, zhibu.Edit{Start: start, End: end}, "\n"+msgf(msgKeptClock, esc(cntime.FormatClockRange(day, m.End.In(loc)))))
		if errors.Is(err, zhibu.ErrInPast) {
			return b.inPast(r, start, msgInPastAt)
		}
		return err
	}
	if w, _, err := cntime.ParseTimeRange(when, now); err == nil && !w.HasDate && w.HasClock {
		// A clock alone (or a range of clocks): on the meeting's day.
		when = fmt.Sprintf("%d年%d月%d日 %s", day.Year(), day.Month(), day.Day(), when)
		kept = "\n" + msgf(msgKeptDay, esc(dayText(day, now)))
	}
	start, end, err := parseStartEnd(when, now)
	if err != nil {
		return meetingError(err, n)
	}
	// Which reading of a bare hour was taken, as when it was scheduled.
	err = b.changeMeeting(r, n, zhibu.Edit{Start: start.Time, End: end.Time}, kept+chosenNote(start))
	if errors.Is(err, zhibu.ErrInPast) {
		return b.inPast(r, start.Time, msgInPastAt)
	}
	return err
}

// changeMeeting applies an edit and tells everyone who answered, in the
// group; note (a line starting "\n", or "") is added to the answer.
func (b *Bot) changeMeeting(r *request, n int, e zhibu.Edit, note string) error {
	before, after, answered, err := b.cfg.Meetings.Change(r.ctx, r.chatID, r.from, n, e)
	if err != nil {
		return err
	}
	now := b.cfg.Now()
	m := after.Meeting
	var text string
	if e.Cancel {
		text = msgf(msgCancelledNotice, m.Number, esc(string(m.Type)), esc(span(before, after.Branch.Location(), now)), esc(m.CancelReason))
	} else {
		text = msgf(msgChanged, m.Number, esc(string(m.Type)), announceBody(after, now), "")
		text = strings.TrimRight(text, "\n")
		if !before.Start.Equal(m.Start) || before.Place != m.Place {
			// What was known before, so nobody goes by the old notice.
			text += "\n" + msgf(msgChangedFrom, esc(span(before, after.Branch.Location(), now)), esc(before.Place))
		}
	}
	if names := mentions(after, answered); names != "" {
		text += "\n" + msgf(msgChangedNotify, names)
	}
	if r.group {
		b.reply(r, text+note)
	} else {
		// Made in private, the change is still the whole branch's news.
		if err := b.send(r.ctx, r.chatID, text); err != nil {
			return err
		}
		b.reply(r, msgf(msgChangedInGroup, m.Number)+note)
	}
	b.refreshView(r.ctx, r.chatID, after)
	return nil
}

// mentions names the members of records, @username where the roster of
// the view knows one.
func mentions(v zhibu.MeetingView, rs []zhibu.Attendance) string {
	var out []string
	for _, a := range rs {
		out = append(out, mention(a.Name, v.Member(a.MemberID).Username))
	}
	return strings.Join(out, "、")
}

func (b *Bot) addObserver(r *request, n int, name string) error {
	if name == "" {
		b.usage(r, zhibu.ActManageAttendance, msgChangeUsage, msgMeetingMemberUsage)
		return nil
	}
	mk, err := b.cfg.Meetings.AddObserver(r.ctx, r.chatID, r.from, n, name)
	if err == zhibu.ErrConflict {
		if _, m, _ := b.cfg.Meetings.Lookup(r.ctx, r.chatID, n); m.State == zhibu.MeetingClosed {
			return userError(msgf(msgObserverExpectsClosed, echo(name), n, esc(name)))
		}
		return userError(msgf(msgObserverExpects, echo(name), n, esc(name)))
	}
	if err != nil {
		return nameError(err, name)
	}
	text := msgf(msgObserverAdded, esc(mk.Record.Name), n)
	if mk.Meeting.State != zhibu.MeetingClosed {
		b.reply(r, text)
		return nil
	}
	// After the close it corrects the record: the group hears only that.
	b.refresh(r.ctx, r.chatID, mk.Branch, mk.Meeting)
	done := msgf(msgObserverCorrected, n)
	return b.sendPrivately(r, text, done+msgDetailSentPrivately, done)
}

// setPost names the 主持人 or 记录人 of a meeting, before it or after it
// closed; the group hears only that it was changed, the officer the names.
func (b *Bot) setPost(r *request, n int, post zhibu.Post, name string) error {
	if name == "" {
		b.usage(r, zhibu.ActScheduleMeeting, msgChangeUsage, msgMeetingMemberUsage)
		return nil
	}
	before, v, err := b.cfg.Meetings.SetPost(r.ctx, r.chatID, r.from, n, post, name)
	if err != nil {
		return err
	}
	id := v.Meeting.HostID
	if post == zhibu.PostRecorder {
		id = v.Meeting.RecorderID
	}
	after := v.Member(id).Name
	if after == before {
		b.reply(r, msgf(msgPostSame, n, esc(string(post)), orUnset(after)))
		return nil
	}
	b.refreshView(r.ctx, r.chatID, v)
	text := msgf(msgPostChanged, n, esc(string(post)), orUnset(before), orUnset(after))
	done := msgf(msgPostChangedDone, n, esc(string(post)))
	return b.sendPrivately(r, text, done+msgDetailSentPrivately, done)
}

func (b *Bot) correct(r *request, n int, arg string) error {
	name, to, ok := strings.Cut(arg, " ")
	if !ok {
		b.reply(r, msgChangeUsage)
		return nil
	}
	actor, before, after, err := b.cfg.Meetings.Correct(r.ctx, r.chatID, r.from, n, name, zhibu.Outcome(strings.TrimSpace(to)))
	if err == zhibu.ErrNotExpected {
		return userError(msgf(msgNotExpected, echo(name)))
	}
	if err != nil {
		return nameError(err, name)
	}
	b.refreshMeeting(r.ctx, r.chatID, n)
	text := msgf(msgCorrected, n, esc(name), esc(string(before.Outcome)), esc(string(after.Outcome)), esc(actor.Name))
	done := msgf(msgCorrectedDone, n, esc(name))
	result := ""
	if v, _, err := b.cfg.Meetings.View(r.ctx, r.chatID, r.from, n); err == nil && v.Meeting.State == zhibu.MeetingClosed {
		// The result posted at the close is out of date now: the group's
		// newest word carries the corrected one (counts only, no names).
		result = "\n" + msgf(msgCorrectedResult, closeText(v.Result, v.Branch.Location(), b.cfg.Now()))
	}
	return b.sendPrivately(r, text, done+msgDetailSentPrivately+result, done+result) // the group hears only that it was done
}

// meetingNumber reads a meeting 编号 argument.
func meetingNumber(s, cmd string) (int, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(s, "#"))
	if err != nil || n <= 0 {
		return 0, userError(msgf(msgNumberBad, cmd))
	}
	return n, nil
}
