package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// editEvery is the least time between two edits of one announcement: live
// counters are coalesced so presses never break a group's rate limit
// (20 messages a minute, edits included).
const editEvery = 5 * time.Second

// refresher coalesces announcement edits.
type refresher struct {
	mu    sync.Mutex
	last  map[int64]time.Time // meeting id → last edit
	dirty map[int64]staleEdit // meetings waiting for an edit
}

// staleEdit is an announcement whose counts changed since its last edit.
type staleEdit struct {
	chatID int64
	number int
}

func newRefresher() *refresher {
	return &refresher{last: map[int64]time.Time{}, dirty: map[int64]staleEdit{}}
}

// due reports whether meeting m may be edited now, and if not marks it dirty.
func (f *refresher) due(chatID int64, m zhibu.Meeting, now time.Time) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if now.Sub(f.last[m.ID]) < editEvery {
		f.dirty[m.ID] = staleEdit{chatID: chatID, number: m.Number}
		return false
	}
	f.last[m.ID] = now
	delete(f.dirty, m.ID)
	return true
}

// pending returns the stale announcements whose pause is over, marking
// them edited.
func (f *refresher) pending(now time.Time) []staleEdit {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []staleEdit
	for id, e := range f.dirty {
		if now.Sub(f.last[id]) >= editEvery {
			out = append(out, e)
			f.last[id] = now
			delete(f.dirty, id)
		}
	}
	return out
}

// privateAnswerButtons answer a meeting from the private chat: 参加 and 请假
// (签到 comes with its own reminder at opening).
func privateAnswerButtons(m zhibu.Meeting) [][]zhibu.Button {
	v := meetingVersion(m)
	return [][]zhibu.Button{{
		{Text: btnAttend, Data: fmt.Sprintf("a:%d:y:%s", m.Number, v)},
		{Text: btnLeave, Data: fmt.Sprintf("a:%d:l:%s", m.Number, v)},
	}}
}

// answerButtons answer a meeting as announced: 参加 and 请假 carry the
// version of its time and place, so that an answer to a meeting since
// moved is not taken for the new time unseen.
func answerButtons(m zhibu.Meeting) [][]zhibu.Button {
	v := meetingVersion(m)
	return [][]zhibu.Button{{
		{Text: btnAttend, Data: fmt.Sprintf("a:%d:y:%s", m.Number, v)},
		{Text: btnLeave, Data: fmt.Sprintf("a:%d:l:%s", m.Number, v)},
		{Text: btnCheckIn, Data: fmt.Sprintf("a:%d:c", m.Number)},
	}}
}

// meetingVersion is the version of a meeting's time and place.
func meetingVersion(m zhibu.Meeting) string {
	return fingerprint(m.Start.UTC().Format(time.RFC3339), m.End.UTC().Format(time.RFC3339), m.Place)
}

// announce turns the confirmed draft (message draftID) into the meeting's
// announcement, or a short note for 补录: one group post a meeting, not a
// draft and then a notice (the noise budget). With no draft in the group
// (drafted in private), the announcement is posted.
func (b *Bot) announce(ctx context.Context, chatID int64, v zhibu.MeetingView, draftID int) {
	m := v.Meeting
	if m.Backfilled {
		text := msgf(msgBackfilled, m.Number, esc(string(m.Type)), esc(span(m, v.Branch.Location(), b.cfg.Now())), esc(m.Place), m.Number, m.Number)
		if draftID == 0 {
			b.send(ctx, chatID, text)
			return
		}
		b.edit(ctx, chatID, draftID, text, nil)
		return
	}
	if draftID == 0 {
		if err := b.send(ctx, chatID, announceText(v, b.cfg.Now()), withButtons(answerButtons(m)),
			bound(bindAnnounce+strconv.Itoa(m.Number))); err != nil {
			fail(ctx, err)
		}
		return
	}
	if err := b.cfg.Meetings.SetAnnouncement(ctx, m, draftID); err != nil {
		fail(ctx, err)
		return
	}
	b.edit(ctx, chatID, draftID, announceText(v, b.cfg.Now()), answerButtons(m))
}

// announceBody is the time, place, topic, host, recorder and lecturer of
// a meeting; names come from the view's roster.
func announceBody(v zhibu.MeetingView, now time.Time) string {
	m := v.Meeting
	body := msgf(msgAnnounceBody, esc(span(m, v.Branch.Location(), now)), esc(m.Place), orNone(m.Topic), orUnset(v.Member(m.HostID).Name))
	if m.RecorderID != 0 {
		body += msgf(msgAnnounceRecorder, esc(v.Member(m.RecorderID).Name))
	}
	if m.Lecturer != "" {
		body += msgf(msgDraftLecturer, esc(m.Lecturer))
	}
	return body
}

// announceText is a meeting's announcement with its live or final counts.
func announceText(v zhibu.MeetingView, now time.Time) string {
	m := v.Meeting
	group := ""
	if m.Group != "" {
		group = msgf(msgDraftGroup, esc(m.Group))
	}
	text := msgf(msgAnnounceTitle, m.Number, esc(string(m.Type)), group) + "\n" + announceBody(v, now)
	if m.State == zhibu.MeetingClosed {
		t := v.Tally
		text += "\n" + msgf(msgAnnounceClosed, t.Expected, t.Present, t.Leave, t.Absent)
		if t.Observer > 0 {
			text += msgf(msgAnnounceObservers, t.Observer)
		}
		return text
	}
	return text + "\n" + countsLine(v.Result) + "\n" + msgAnnounceHint
}

// countsLine is "应到 5 人｜参加 2｜请假 1｜未答复 2｜已签到 0" of an open meeting.
func countsLine(res zhibu.Result) string {
	var attend, leave, none, in int
	for _, a := range res.Records {
		if !a.Expected {
			continue
		}
		switch {
		case a.Attending():
			attend++
		case a.OnLeave():
			leave++
		case a.Unanswered():
			none++
		}
		if a.CheckedIn() {
			in++
		}
	}
	return msgf(msgAnnounceCounts, res.Tally.Expected, attend, leave, none, in)
}

// refresh edits the announcement of a meeting of branch br now, or later
// when it was edited moments ago (Tick sends the coalesced edit). Its
// counts are read only when the edit is due.
func (b *Bot) refresh(ctx context.Context, chatID int64, br zhibu.Branch, m zhibu.Meeting) {
	if m.AnnounceID == 0 || !b.edits.due(chatID, m, b.cfg.Now()) {
		return
	}
	v, err := b.cfg.Meetings.ViewOf(ctx, br, m)
	if err != nil {
		b.log.Warn("refresh announcement", "chat_id", chatID, "meeting", m.Number, "err", err)
		return
	}
	b.editAnnouncement(ctx, chatID, v)
}

// refreshView is refresh with the meeting's view in hand.
func (b *Bot) refreshView(ctx context.Context, chatID int64, v zhibu.MeetingView) {
	if v.Meeting.AnnounceID == 0 || !b.edits.due(chatID, v.Meeting, b.cfg.Now()) {
		return
	}
	b.editAnnouncement(ctx, chatID, v)
}

func (b *Bot) editAnnouncement(ctx context.Context, chatID int64, v zhibu.MeetingView) {
	m := v.Meeting
	if m.AnnounceID == 0 {
		return
	}
	var rows [][]zhibu.Button
	if m.State == zhibu.MeetingScheduled {
		rows = answerButtons(m)
	}
	text := announceText(v, b.cfg.Now())
	if m.State == zhibu.MeetingCancelled {
		text = msgf(msgCancelledNotice, m.Number, esc(string(m.Type)), esc(span(m, v.Branch.Location(), b.cfg.Now())), esc(m.CancelReason))
	}
	b.edit(ctx, chatID, m.AnnounceID, text, rows)
}

// Tick does the bot's timed housekeeping: coalesced announcement edits,
// expired questions and, hourly, forgetting texts past the retention. Run
// calls it every second; tests call it after moving the clock.
func (b *Bot) Tick(ctx context.Context) {
	for _, e := range b.edits.pending(b.cfg.Now()) {
		err := b.atomically(ctx, work(), func(ctx context.Context) error { return b.editStale(ctx, e) })
		if err != nil {
			b.log.Warn("refresh announcement", "chat_id", e.chatID, "meeting", e.number, "err", err)
		}
	}
	b.sweepPrompts(ctx)
	b.floods.forget(b.cfg.Now())
	b.pruneOld(ctx)
}

// editStale edits an announcement whose counts changed since its last edit.
func (b *Bot) editStale(ctx context.Context, e staleEdit) error {
	br, m, err := b.cfg.Meetings.Lookup(ctx, e.chatID, e.number)
	if err != nil {
		return err
	}
	v, err := b.cfg.Meetings.ViewOf(ctx, br, m)
	if err != nil {
		return err
	}
	b.editAnnouncement(ctx, e.chatID, v)
	return nil
}

// aboutOneMeeting reports whether a message's text is a reminder or the
// detail of meeting n alone.
func aboutOneMeeting(text string, n int) bool {
	for _, p := range msgOneMeetingPrefixes {
		if strings.HasPrefix(text, msgf(p, n)) {
			return true
		}
	}
	return false
}

// movedMeeting refuses an answer given under a meeting's old time or place,
// telling the current ones (and refreshing a private message's buttons).
func (b *Bot) movedMeeting(ctx context.Context, q *models.CallbackQuery, msg *models.Message, n int, version string) bool {
	br, _, m, err := b.cfg.Meetings.Meeting(ctx, chatOf(ctx, msg), person(&q.From), n)
	if err != nil || m.State != zhibu.MeetingScheduled || meetingVersion(m) == version {
		return false // errors and closed meetings are told by the answer itself
	}
	loc := br.Location()
	when := span(m, loc, b.cfg.Now())
	b.answer(ctx, q.ID, msgf(msgMeetingMoved, n, when, m.Place), true)
	// A private reminder or detail of this one meeting gets fresh buttons; a
	// list of meetings keeps its text.
	if msg.Chat.Type == models.ChatTypePrivate && aboutOneMeeting(msg.Text, n) {
		b.edit(ctx, msg.Chat.ID, msg.ID, msgf(msgRemindPrivate, n, esc(string(m.Type)), esc(when), esc(m.Place)), privateAnswerButtons(m))
	}
	return true
}

// onAnswerButton handles 参加 / 请假 / 签到 under an announcement.
func (b *Bot) onAnswerButton(ctx context.Context, q *models.CallbackQuery, msg *models.Message) {
	parts := strings.Split(q.Data, ":")
	n, err := strconv.Atoi(parts[1])
	if len(parts) < 3 || len(parts) > 4 || err != nil {
		b.answer(ctx, q.ID, msgBusyButton, true)
		return
	}
	p := person(&q.From)
	if len(parts) == 4 && b.movedMeeting(ctx, q, msg, n, parts[3]) {
		return
	}
	var mk zhibu.Marked
	switch parts[2] {
	case "y":
		mk, err = b.cfg.Meetings.Answer(ctx, chatOf(ctx, msg), p, n, zhibu.AnswerAttend, "")
		if err == nil {
			b.answer(ctx, q.ID, msgf(msgAckAttend, n), false)
		}
	case "l":
		err = b.askLeave(ctx, q, msg, n)
	case "c":
		mk, err = b.cfg.Meetings.CheckIn(ctx, chatOf(ctx, msg), p, n)
		if err == nil {
			b.answer(ctx, q.ID, msgf(msgAckCheckedIn, lateNote(mk.Record)), false)
		}
	default:
		b.answer(ctx, q.ID, msgBusyButton, true)
		return
	}
	if err != nil {
		b.answerErr(ctx, q, meetingError(err, n))
		return
	}
	if mk.Meeting.ID != 0 {
		b.refresh(ctx, chatOf(ctx, msg), mk.Branch, mk.Meeting)
	}
}
