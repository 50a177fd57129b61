package bot_test

import (
	"fmt"
	"github.com/zhibu/zhibu/bot/telegramtest"
	"github.com/zhibu/zhibu/cntime"
	"regexp"
	"sort"
	"strings"
)

// What TestQuarter shows a reviewer: the transcript (testdata/quarter.golden)
// and the noise figures.

// mark writes a line of the simulation's own into the transcript.
func (q *quarter) mark(text string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.seen = append(q.seen, seen{phase: q.phase, action: -1, Event: telegramtest.Event{Kind: "mark", Text: text, Time: q.clock.Now()}})
}

func chatLabel(e seen) string {
	switch {
	case e.ChatID == groupID:
		return "[群]"
	case e.ChatID > 0:
		return "[私聊·" + e.ChatTitle + "]"
	case e.ChatID == 0:
		return ""
	}
	return "[" + e.ChatTitle + "]"
}

// transcript is everything every chat saw, in reading order, a day header
// before each day's first line.
func (q *quarter) transcript(evs []seen) string {
	var sb strings.Builder
	day := ""
	for _, e := range evs {
		line := transcriptLine(e)
		if line == "" || e.ChatID == otherGroup { // the harness's second group plays no part
			continue
		}
		if d := cntime.FormatDay(e.Time.In(q.loc)); d != day {
			day = d
			fmt.Fprintf(&sb, "\n—— %s ——\n", d)
		}
		fmt.Fprintf(&sb, "%s %s\n", e.Time.In(q.loc).Format("15:04:05"), line)
	}
	return strings.TrimLeft(sb.String(), "\n")
}

// transcriptLine is one event as a member reads it; "" for what nobody sees.
func transcriptLine(e seen) string {
	w := chatLabel(e)
	switch e.Kind {
	case "mark":
		return "⟳ " + e.Text
	case "user_text", "user_document":
		reply := ""
		if e.ReplyTo != 0 {
			reply = fmt.Sprintf(" ↩#%d", e.ReplyTo)
		}
		return fmt.Sprintf("%s %s%s：%s", w, e.From, reply, indent(e.Text))
	case "bot_text", "bot_document":
		return fmt.Sprintf("%s 🤖#%d：%s%s", w, e.MessageID, indent(e.Text), buttonRows(e))
	case "bot_edit":
		return fmt.Sprintf("%s 🤖改#%d：%s%s", w, e.MessageID, indent(e.Text), buttonRows(e))
	case "press":
		return fmt.Sprintf("%s %s 按下#%d「%s」", w, e.From, e.MessageID, e.Text)
	case "callback_answer":
		if e.Text == "" {
			return ""
		}
		return fmt.Sprintf("%s 🤖（只有按按钮的人看到）%s", w, e.Text)
	case "member", "migrate":
		return fmt.Sprintf("%s ⚙ %s", w, e.Text)
	}
	return fmt.Sprintf("%s ?%s %s", w, e.Kind, e.Text)
}

const transcriptIndent = "\n         "

func indent(s string) string { return strings.ReplaceAll(s, "\n", transcriptIndent) }

func buttonRows(e seen) string {
	var sb strings.Builder
	for _, row := range e.Buttons {
		sb.WriteString(transcriptIndent)
		for i, b := range row {
			if i > 0 {
				sb.WriteString(" ")
			}
			if b.URL != "" {
				sb.WriteString("[" + b.Text + " ↗]")
			} else {
				sb.WriteString("[" + b.Text + "]")
			}
		}
	}
	return sb.String()
}

// noise is the figures of how much the group hears: new group messages
// per command typed in the group and per button pressed there, group posts
// per meeting from its announcement to its result, and edits. Above the
// budget (one group message a command, four posts of the bot's own a
// meeting) it fails the test.
func (q *quarter) noise(evs []seen) string {
	var sb strings.Builder
	perAction := map[int]int{}
	for _, e := range evs {
		if e.ChatID == groupID && e.Kind == "bot_text" && e.action >= 0 && e.phase != phaseRemind {
			perAction[e.action]++
		}
	}
	var cmds, cmdMsgs, presses, pressMsgs, most, reminders, edits, groupEdits int
	loud := map[string][]int{}
	for _, e := range evs {
		switch {
		case e.ChatID == groupID && e.Kind == "user_text" && strings.HasPrefix(e.Text, "/"):
			n := perAction[e.action]
			cmds, cmdMsgs, most = cmds+1, cmdMsgs+n, max(most, n)
			if n > 1 {
				head := commandHead(e.Text)
				loud[head] = append(loud[head], n)
			}
		case e.ChatID == groupID && (e.Kind == "press" || e.Kind == "user_text"):
			presses, pressMsgs = presses+1, pressMsgs+perAction[e.action]
		case e.ChatID == groupID && e.Kind == "bot_text" && e.phase == phaseRemind:
			reminders++
		case e.Kind == "bot_edit":
			edits++
			if e.ChatID == groupID {
				groupEdits++
			}
		}
	}
	fmt.Fprintf(&sb, "group messages per command: %d commands typed in the group brought %d group messages (%.2f per command, at most %d; aim ≤ 1)\n",
		cmds, cmdMsgs, float64(cmdMsgs)/float64(max(cmds, 1)), most)
	fmt.Fprintf(&sb, "other group actions (buttons, replies): %d brought %d group messages; the reminder engine posted %d; edits: %d (%d in the group)\n",
		presses, pressMsgs, reminders, edits, groupEdits)
	var heads []string
	for h := range loud {
		heads = append(heads, h)
	}
	sort.Strings(heads)
	for _, h := range heads {
		fmt.Fprintf(&sb, "  over 1 message: %s → %v\n", h, loud[h])
		q.t.Errorf("the noise budget: %s brought %v group messages, want at most 1 a command", h, loud[h])
	}
	q.reminderNoise(&sb, evs)
	q.meetingNoise(&sb, evs)
	return sb.String()
}

// reminderNoise: the reminder engine's group posts by kind.
func (q *quarter) reminderNoise(sb *strings.Builder, evs []seen) {
	kinds := map[string]int{}
	for _, e := range evs {
		if e.ChatID == groupID && e.Kind == "bot_text" && e.phase == phaseRemind {
			kind, _, _, _ := q.classify(e)
			kinds[kind]++
		}
	}
	var names []string
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	var parts []string
	for _, k := range names {
		parts = append(parts, fmt.Sprintf("%s %d", k, kinds[k]))
	}
	fmt.Fprintf(sb, "  the reminder engine's group posts by kind: %s\n", strings.Join(parts, ", "))
}

// commandHead is a command with the word after it when that word selects a
// subcommand (/pledges 待审, /roster set), for grouping.
func commandHead(text string) string {
	f := strings.Fields(text)
	if len(f) > 1 && !strings.ContainsAny(f[1], "0123456789") && len([]rune(f[1])) <= 4 {
		return f[0] + " " + f[1]
	}
	return f[0]
}

// meetingNoise: for each meeting, the group's new posts about it from its
// announcement (the draft, confirmed into it) to its result, by kind: the
// bot's own posts (announcement, reminders, check-in opening, result), and
// the answers to what members and officers did (a 代签, a 驳回, …).
func (q *quarter) meetingNoise(sb *strings.Builder, evs []seen) {
	for _, n := range q.meetingNumbers() {
		open, own, answers, before, edits := false, 0, 0, 0, 0
		kinds := map[string]int{}
		var order []string
		for _, e := range evs {
			if e.ChatID == groupID && e.Kind == "bot_edit" && e.MessageID == q.meetings[n].ann {
				edits++
			}
			if e.ChatID != groupID || e.Kind != "bot_text" || q.about(e) != n {
				continue
			}
			ann := e.MessageID == q.meetings[n].ann
			if !open && !ann {
				before++
			}
			if ann {
				open = true
			}
			if !open {
				continue
			}
			l := postLabel(e.Text)
			closed := reClosedTitle.FindStringSubmatch(e.Text)
			switch {
			case ann:
				l = "通知（确认后的草稿）"
				own++
			case e.phase == phaseRemind || (closed != nil && closed[1] == fmt.Sprint(n)):
				own++
			default:
				l = "答复·" + l
				answers++
			}
			if kinds[l] == 0 {
				order = append(order, l)
			}
			kinds[l]++
			if closed != nil && closed[1] == fmt.Sprint(n) {
				break
			}
		}
		var parts []string
		for _, l := range order {
			parts = append(parts, fmt.Sprintf("%s %d", l, kinds[l]))
		}
		if own > 4 {
			q.t.Errorf("the noise budget: meeting #%d made %d posts of the bot's own, want at most 4", n, own)
		}
		fmt.Fprintf(sb, "meeting #%d %s: %d posts of the bot's own from announcement to result (aim ≤ 4), %d answers to commands and buttons: %s; before it %d; %d edits of the announcement\n",
			n, q.meetings[n].typ, own, answers, strings.Join(parts, "，"), before, edits)
	}
}

// about is the meeting a group message is about: the one the action was
// about, or the one a reminder names.
func (q *quarter) about(e seen) int {
	if e.topic != 0 {
		return e.topic
	}
	for _, re := range []*regexp.Regexp{reAnnounced, reClosedTitle, reMeetingLead, reCheckInOpen} {
		if m := re.FindStringSubmatch(e.Text); m != nil {
			var n int
			fmt.Sscan(m[1], &n)
			return n
		}
	}
	if m := reMeetingUnsent.FindStringSubmatch(e.Text); m != nil {
		var n int
		fmt.Sscan(m[2], &n)
		return n
	}
	return 0
}

// postLabels name the kinds of group posts about a meeting.
var postLabels = []struct {
	re    *regexp.Regexp
	label string
}{
	{reAnnounced, "会议通知"},
	{reMeetingLead, "会议提醒"},
	{reCheckInOpen, "开始签到"},
	{reMeetingUnsent, "无法私信送达"},
	{regexp.MustCompile(`写明 #\d+ 的请假原因`), "请假：请私聊"},
	{regexp.MustCompile(`^已记录 \S+ 请假`), "已记录请假"},
	{regexp.MustCompile(`^已处理 #\d+ 的一条请假`), "驳回请假"},
	{regexp.MustCompile(`关于 #\d+ 的请假有处理结果`), "驳回：请私聊"},
	{regexp.MustCompile(`^已为 \S+ 签到`), "代签"},
	{regexp.MustCompile(`^\S+ 已签到`), "签到"},
	{regexp.MustCompile(`^已记录 \S+ 列席`), "列席"},
	{regexp.MustCompile(`^会议变更`), "会议变更"},
	{reClosedTitle, "结束结果"},
}

func postLabel(text string) string {
	for _, l := range postLabels {
		if l.re.MatchString(text) {
			return l.label
		}
	}
	r := []rune(strings.SplitN(text, "\n", 2)[0])
	if len(r) > 12 {
		r = r[:12]
	}
	return "“" + string(r) + "…”"
}
