package bot

import (
	"strconv"
	"strings"

	"github.com/zhibu/zhibu"
)

// leaveOvertaken takes a reason given to a leave question that the member
// has since overtaken by pressing 参加 or checking in: the reason is refused
// politely and the question dropped, so a late answer never turns someone
// who comes back into someone on leave. It reports whether it answered.
func (b *Bot) leaveOvertaken(r *request, p zhibu.Prompt) bool {
	chat, n := leaveTarget(p, r.chatID)
	attending, err := b.cfg.Meetings.AttendingSince(r.ctx, chat, r.from, n, p.CreatedAt)
	if err != nil || !attending {
		return false // recording the leave reports any error
	}
	b.forget(r.ctx, p)
	b.reply(r, msgf(msgLeaveOvertaken, n))
	return true
}

// leaveTarget is the group chat and meeting number a leave question is
// about: "<group chat>:<n>" when asked privately, "<n>" in the group.
func leaveTarget(p zhibu.Prompt, chatID int64) (int64, int) {
	if c, num, ok := strings.Cut(p.Data, ":"); ok {
		chat, _ := strconv.ParseInt(c, 10, 64)
		n, _ := strconv.Atoi(num)
		return chat, n
	}
	n, _ := strconv.Atoi(p.Data)
	return chatID, n
}
