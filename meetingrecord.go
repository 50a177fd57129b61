package zhibu

import (
	"context"
	"fmt"
)

// AddMinutes stores a new version of a meeting's minutes. Officers and the
// meeting's 记录人 may; earlier versions are kept.
func (ms *Meetings) AddMinutes(ctx context.Context, chatID int64, p Person, number int, text string) (Minutes, error) {
	b, actor, m, err := ms.Meeting(ctx, chatID, p, number)
	if err != nil {
		return Minutes{}, err
	}
	if m.RecorderID != actor.ID {
		if err := Authorize(actor, ActWriteMinutes); err != nil {
			return Minutes{}, err
		}
	}
	if m.State == MeetingCancelled {
		return Minutes{}, ErrMeetingCancelled
	}
	if text, err = checkText(FieldMinutes, text, MaxMinutesLen, true); err != nil {
		return Minutes{}, err
	}
	v := Minutes{MeetingID: m.ID, Text: text, AuthorID: actor.ID, CreatedAt: ms.now()}
	c := ms.svc.change(b.ID, p, actor.Name, "minutes.add", fmt.Sprint(m.Number), "", fmt.Sprintf("%d chars", len([]rune(text))))
	return ms.store.AddMinutes(ctx, v, c)
}

// Record is a meeting's 会议记录: the header fields of docs/domain.md §4 with the
// result, the minutes' versions and names of the host and recorder.
type Record struct {
	Result
	Host, Recorder string
	Minutes        []Minutes
}

// Record assembles the 会议记录 of a meeting, for officers.
func (ms *Meetings) Record(ctx context.Context, chatID int64, p Person, number int) (Record, error) {
	b, actor, m, err := ms.Meeting(ctx, chatID, p, number)
	if err != nil {
		return Record{}, err
	}
	if m.RecorderID != actor.ID {
		if err := Authorize(actor, ActViewAttendance); err != nil {
			return Record{}, err
		}
	}
	v, err := ms.view(ctx, b, m)
	if err != nil {
		return Record{}, err
	}
	rec := Record{Result: v.Result, Host: v.Member(m.HostID).Name, Recorder: v.Member(m.RecorderID).Name}
	rec.Minutes, err = ms.store.MinutesOf(ctx, m.ID)
	return rec, err
}
