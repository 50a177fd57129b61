package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// pledgesPerPage is how many pledges one page of /pledges shows.
const pledgesPerPage = 15

func (b *Bot) cmdPledges(r *request) error {
	switch arg := strings.TrimSpace(r.args); arg {
	case "":
		return b.publishedPage(r.ctx, r.chatID, r.replyChat(), r.from, 0, r.msg.ID, 0)
	case "待审":
		return b.pendingReview(r)
	case "我":
		return b.pledgeList(r, zhibu.ListMine, "", msgMineTitle, msgMineEmpty)
	case "逾期":
		return b.pledgeList(r, zhibu.ListOverdue, "", msgOverdueTitle, msgOverdueEmpty)
	case "统计":
		return b.pledgeStats(r)
	default:
		if strings.ContainsAny(arg, " \n") {
			b.usage(r, zhibu.ActReviewPledge, msgPledgesUsage, msgPledgesMemberUsage)
			return nil
		}
		err := b.pledgeList(r, zhibu.ListMember, arg, msgf(msgMemberTitle, esc(arg)), msgf(msgMemberEmpty, esc(arg)))
		return nameError(err, arg)
	}
}

// pledgeLine is one pledge in a list; grade shows only when the view has it.
func pledgeLine(v zhibu.PledgeView, loc *time.Location, now time.Time) string {
	state := esc(string(v.State))
	if v.Overdue(now) {
		state += msgPledgeLineOver
	}
	if v.Grade != "" {
		state += msgf(msgPledgeGradeTag, esc(string(v.Grade)))
	}
	return msgf(msgPledgeLine, v.Number, esc(string(v.Category)), esc(v.Content), deadlineText(v.Deadline, loc, now), state)
}

func (b *Bot) pledgeList(r *request, kind, name, title, empty string) error {
	br, vs, err := b.cfg.Pledges.List(r.ctx, r.chatID, r.from, kind, name)
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		b.reply(r, empty)
		return nil
	}
	lines := []string{title}
	lines = append(lines, groupedLines(vs, br.Location(), b.cfg.Now(), kind != zhibu.ListMine && kind != zhibu.ListMember)...)
	text := strings.Join(lines, "\n")
	for _, v := range vs {
		if !groupMay(v) {
			return b.sendPrivately(r, text, "", "")
		}
	}
	b.reply(r, text)
	return nil
}

// groupMay reports whether the whole group may read the pledge as viewed: a
// pledge not published (公示) is its maker's and the officers' alone — its
// text, its state, that it exists — and a grade is for the member and the
// officers only.
func groupMay(v zhibu.PledgeView) bool {
	return v.State.Public() && v.Grade == ""
}

// groupedLines lists pledges, under their owner's name when byOwner.
func groupedLines(vs []zhibu.PledgeView, loc *time.Location, now time.Time, byOwner bool) []string {
	var lines []string
	owner := int64(-1)
	for _, v := range vs {
		if byOwner && v.MemberID != owner {
			owner = v.MemberID
			lines = append(lines, msgf(msgPledgesOwner, esc(v.Owner.Name)))
		}
		lines = append(lines, pledgeLine(v, loc, now))
	}
	return lines
}

// publishedPage shows, in the chat to, one page of the public pledges of
// the branch of chatID; editID > 0 edits that message (a page button)
// instead of replying.
func (b *Bot) publishedPage(ctx context.Context, chatID, to int64, p zhibu.Person, page, replyID, editID int) error {
	br, vs, err := b.cfg.Pledges.List(ctx, chatID, p, zhibu.ListPublished, "")
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		return b.send(ctx, to, msgPledgesEmpty, replyTo(replyID))
	}
	pages := (len(vs) + pledgesPerPage - 1) / pledgesPerPage
	page = min(max(page, 0), pages-1)
	chunk := vs[page*pledgesPerPage : min(len(vs), (page+1)*pledgesPerPage)]
	for i := range chunk {
		chunk[i].Grade = "" // the public list is read by the whole group
	}
	lines := append([]string{msgf(msgPledgesTitle, esc(br.Name), page+1, pages)}, groupedLines(chunk, br.Location(), b.cfg.Now(), true)...)
	text := strings.Join(lines, "\n")
	rows := pageButtons(page, pages)
	if editID > 0 {
		b.edit(ctx, to, editID, text, rows)
		return nil
	}
	return b.send(ctx, to, text, replyTo(replyID), withButtons(rows))
}

func pageButtons(page, pages int) [][]zhibu.Button {
	var row []zhibu.Button
	if page > 0 {
		row = append(row, zhibu.Button{Text: btnPrev, Data: fmt.Sprintf("pp:%d", page-1)})
	}
	if page < pages-1 {
		row = append(row, zhibu.Button{Text: btnNext, Data: fmt.Sprintf("pp:%d", page+1)})
	}
	if len(row) == 0 {
		return nil
	}
	return [][]zhibu.Button{row}
}

func (b *Bot) onPageButton(ctx context.Context, q *models.CallbackQuery, msg *models.Message) {
	page, err := strconv.Atoi(strings.TrimPrefix(q.Data, "pp:"))
	if err != nil || page < 0 {
		b.answer(ctx, q.ID, msgBusyButton, true)
		return
	}
	if err := b.publishedPage(ctx, chatOf(ctx, msg), msg.Chat.ID, person(&q.From), page, 0, msg.ID); err != nil {
		b.answerErr(ctx, q, err)
		return
	}
	b.answer(ctx, q.ID, "", false)
}

// pledgeDetail shows one pledge with its history, privately when the group
// may not read it (see groupMay).
func (b *Bot) pledgeDetail(r *request, n int) error {
	br, v, err := b.cfg.Pledges.Detail(r.ctx, r.chatID, r.from, n)
	if err != nil {
		return err
	}
	text := detailOfPledge(v, br.Location(), b.cfg.Now())
	if !groupMay(v) {
		return b.sendPrivately(r, text, "", "")
	}
	b.reply(r, text)
	return nil
}

func detailOfPledge(v zhibu.PledgeView, loc *time.Location, now time.Time) string {
	state := esc(string(v.State))
	if v.Overdue(now) {
		state += msgPledgeLineOver
	}
	if v.Grade != "" {
		state += msgf(msgPledgeGradeTag, esc(string(v.Grade)))
		if v.Comment != "" {
			state += "，" + esc(v.Comment)
		}
	}
	change := ""
	if v.Pending != "" {
		change = msgf(msgDetailChange, esc(v.Pending))
	}
	lines := []string{msgf(msgDetailTitle, v.Number, esc(v.Owner.Name), esc(v.Content), esc(string(v.Category)),
		deadlineText(v.Deadline, loc, now), state, change), msgHistoryTitle}
	for _, e := range v.Events {
		if e.Kind == zhibu.EventReviewed && v.Grade == "" {
			continue // a grade the viewer may not see
		}
		files := ""
		for _, f := range e.Files {
			files += "📎" + esc(f.FileName)
		}
		what := strings.TrimSpace(string(e.Kind) + " " + e.Text)
		lines = append(lines, msgf(msgHistoryLine, e.At.In(loc).Format("01-02 15:04"), esc(v.Names[e.ActorID]), esc(what), files))
	}
	return strings.Join(lines, "\n")
}

// pledgeStats sends /pledges 统计 to the officer privately.
func (b *Bot) pledgeStats(r *request) error {
	st, err := b.cfg.Pledges.Stats(r.ctx, r.chatID, r.from)
	if err != nil {
		return err
	}
	lines := []string{msgf(msgStatsTitle, esc(st.Branch.Name)), msgStatsHeader}
	for _, c := range st.Rows {
		lines = append(lines, msgf(msgStatsLine, esc(st.Names[c.MemberID]), c.Made, c.Published, c.Fulfilled, c.Overdue, c.Cannot, percent(c.Rate())))
	}
	t := st.Total
	lines = append(lines, msgf(msgStatsTotal, t.Made, t.Published, t.Fulfilled, t.Overdue, t.Cannot, percent(t.Rate())))
	if len(st.Without) > 0 {
		var names []string
		for _, m := range st.Without {
			names = append(names, esc(m.Name))
		}
		lines = append(lines, msgf(msgStatsWithout, strings.Join(names, "、")))
	}
	return b.sendPrivately(r, strings.Join(lines, "\n"), "", "")
}
