package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
)

// publish makes a pledge as a member and has the 书记 approve it through
// the review queue.
func (h *harness) publish(userID int64, text string) {
	h.t.Helper()
	h.say(groupID, userID, "/pledge "+text)
	h.review(secretaryID, "通过")
}

// review has an officer ask for the review queue in the group (it comes
// privately) and press label under the latest pending pledge.
func (h *harness) review(officerID int64, label string) string {
	h.t.Helper()
	h.say(officerID, officerID, "/start")
	h.say(groupID, officerID, "/pledges 待审")
	m, _ := h.srv.LastBotMessage(officerID)
	return h.pressIn(officerID, officerID, m.ID, label)
}

func TestPledgeMakeAndCategory(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, memberID, "/pledge 每月走访两户困难群众 截止 12月31日")
	golden(t, "pledge_made", h.last(groupID))
	m, _ := h.srv.LastBotMessage(groupID)
	if got := h.press(organizerID, m.ID, "服务群众"); got != "只能操作自己的承诺。" {
		t.Errorf("someone else's category press = %q", got)
	}
	if got := h.press(memberID, m.ID, "服务群众"); got != "类别已改为：服务群众" {
		t.Errorf("category press = %q", got)
	}
	if got := h.message(m.ID); got != "已提交承诺 #1（待审）：\n每月走访两户困难群众\n类别：服务群众｜时限：12月31日 周四" {
		t.Errorf("after category = %q", got)
	}
	h.mustSay(groupID, organizerID, "/pledge 读完《习近平谈治国理政》第四卷\n写心得 🌟 <b>&amp; 学习", "已提交承诺 #2（待审）：\n读完《习近平谈治国理政》第四卷\n写心得 🌟 <b>&amp;\n类别：学习｜时限：未定")
}

func TestPledgeBadInputChangesNothing(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, memberID, "/pledge 走访群众")
	tests := []struct {
		name string
		user int64
		text string
		want string
	}{
		{"usage", memberID, "/pledge", "公开承诺：\n/pledge 内容 [截止 时间] [类别]，例如 /pledge 每月走访两户困难群众 截止 12月31日 服务群众\n类别：岗位、服务群众、组织建设、学习、其他。\n/pledge 编号 查看；/pledge 编号 修改 新内容；/pledge 编号 撤回（未公示的）；/progress 编号 说明（可附照片或文件）；/done 编号 说明；/cannot 编号 说明"},
		{"only deadline", memberID, "/pledge 截止 12月31日", "请写上承诺内容，例如 /pledge 每月走访两户困难群众 截止 12月31日。"},
		{"too long", memberID, "/pledge " + strings.Repeat("学", 501), "承诺内容太长了（最多 500 个字），请精简后再提交。"},
		{"number zero", memberID, "/pledge 0", "请写承诺编号（数字），例如 /pledge 12 …。发送 /pledges 我 查看编号。"},
		{"negative number", memberID, "/pledge -2 撤回", "请写承诺编号（数字），例如 /pledge 12 …。发送 /pledges 我 查看编号。"},
		{"past deadline", memberID, "/pledge 学习 截止 昨天", "按 11月20日 周五 理解，截止时间已经过去了，请写一个以后的时间，例如 截止 本月底。"},
		{"bad deadline", memberID, "/pledge 学习 截止 下下下周八", "时间看不懂：“下下下周八”。可以这样写：本月底、11月28日前、下周五下午5点。"},
		{"guest", guestID, "/pledge 学习", "你还不在本支部名册上。请发送 /join 你的姓名 申请加入，例如 /join 张三。"},
		{"edit another's", organizerID, "/pledge 1 修改 改掉", "只能操作自己的承诺。"},
		{"progress another's", organizerID, "/progress 1 做了", "只能操作自己的承诺。"},
		{"done unpublished", memberID, "/done 1 完成了", "承诺 #1 还在等支委审核，公示以后才能记录进展或申请兑现。如果不再需要这条承诺，可发 /pledge 1 撤回。"},
		{"progress before publication", memberID, "/progress 1 开始了", "承诺 #1 还在等支委审核，公示以后才能记录进展或申请兑现。如果不再需要这条承诺，可发 /pledge 1 撤回。"},
		{"bad number", memberID, "/done abc 完成", "请写承诺编号（数字），例如 /done 12 …。发送 /pledges 我 查看编号。"},
		{"unknown number", memberID, "/pledge 9", "本支部没有 #9 号承诺。发送 /pledges 我 查看自己的承诺。"},
		{"same content", memberID, "/pledge 1 修改 走访群众", "内容没有变化。"},
		{"review by member", memberID, "/review 1 优秀", "只有书记、副书记、组织委员、宣传委员、纪检委员可以审核和评议承诺。"},
		{"bad grade", secretaryID, "/review 1 很好", "评议等级只能是：优秀、良好、合格、未完成。"},
		{"grade unpublished", secretaryID, "/review 1 优秀", "承诺 #1 现在是“待审”，不能这样做。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := h.pledgeSnapshot()
			h.mustSay(groupID, tt.user, tt.text, tt.want)
			if after := h.pledgeSnapshot(); after != before {
				t.Errorf("pledges changed:\n%s\n->\n%s", before, after)
			}
		})
	}
}

// pledgeSnapshot renders the branch's stored pledges and history.
func (h *harness) pledgeSnapshot() string {
	ctx := context.Background()
	br, _ := h.db.BranchByChat(ctx, groupID)
	var sb strings.Builder
	for n := 1; ; n++ {
		p, err := h.db.PledgeByNumber(ctx, br.ID, n)
		if err != nil {
			break
		}
		evs, _ := h.db.PledgeEvents(ctx, []int64{p.ID})
		sb.WriteString(p.Content + "|" + string(p.State) + "|" + string(p.Category) + "|" + string(p.Grade) + "|" + p.Pending)
		for _, e := range evs {
			sb.WriteString("|" + string(e.Kind))
		}
		sb.WriteString("\n")
	}
	return sb.String()
}

func TestPledgeCallAnsweredByReply(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.mustSay(groupID, memberID, "/pledgecall 征集", "只有书记、副书记、组织委员、宣传委员、纪检委员可以征集承诺。")
	h.say(groupID, secretaryID, "/pledgecall 请各位同志回复本消息提交本阶段承诺 截止 12月10日")
	call, _ := h.srv.LastBotMessage(groupID)
	golden(t, "pledge_call", call.Plain)
	h.srv.Reply(groupID, memberID, call.ID, "每周读书一次 截止 12月31日 学习")
	h.step()
	if got := h.last(groupID); got != "赵强 的承诺已收到，编号 #1（待审）。" {
		t.Errorf("reply to call = %q", got)
	}
	h.srv.Reply(groupID, guestID, call.ID, "我也承诺")
	h.step()
	if got := h.last(groupID); got != "孙丽，你还不在本支部名册上，不能提交承诺。请先发送 /join 你的姓名。" {
		t.Errorf("non-member reply = %q", got)
	}
	// A pledge made with /pledge while the call is open answers it too.
	h.say(groupID, organizerID, "/pledge 每月走访一户困难党员")
	h.say(secretaryID, secretaryID, "/start")
	h.quiet(secretaryID, "/pledgecall")
	if got := h.last(secretaryID); got != "#1 请各位同志回复本消息提交本阶段承诺\n截止：12月10日 周四\n未回复：李书记" {
		t.Errorf("open calls = %q", got)
	}
	h.mustSay(groupID, secretaryID, "/pledgecall 结束 0", "请写承诺征集的编号（数字），例如 /pledgecall 结束 2。发送 /pledgecall 查看进行中的征集。")
	h.mustSay(groupID, secretaryID, "/pledgecall 结束 1", "承诺征集 #1 已结束。")
	before := h.pledgeSnapshot()
	h.srv.Reply(groupID, organizerID, call.ID, "迟到的承诺")
	h.step()
	if got := h.last(groupID); got != "这次承诺征集已经结束，不能再提交。需要时请联系支委。" || h.pledgeSnapshot() != before {
		t.Errorf("reply to closed call = %q", got)
	}
	h.mustSay(groupID, secretaryID, "/pledgecall", "没有进行中的承诺征集。")
}

func TestPledgeReviewCycle(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, memberID, "/pledge 帮扶一名困难学生 岗位")
	h.mustSay(groupID, memberID, "/pledges 待审", "只有书记、副书记、组织委员、宣传委员、纪检委员可以审核和评议承诺。")
	// The queue goes to the officer privately, with no word in the group:
	// first a button to open the private chat, then the queue itself.
	h.mustSay(groupID, secretaryID, "/pledges 待审", "这些信息只私下发给本人或支委。请先点下面的按钮和我私聊（发送 /start），再回群里重发命令。")
	h.say(secretaryID, secretaryID, "/start")
	before := h.botCount(groupID)
	h.say(groupID, secretaryID, "/pledges 待审")
	if h.botCount(groupID) != before {
		t.Errorf("the review queue added to the group: %q", h.last(groupID))
	}
	review, _ := h.srv.LastBotMessage(secretaryID)
	golden(t, "pledge_review", review.Plain)
	h.pressIn(secretaryID, secretaryID, review.ID, "退回")
	q, text := h.questionIn(secretaryID)
	if text != "请回复本消息，写明退回承诺 #1 的意见。" {
		t.Errorf("question = %q", text)
	}
	h.srv.Reply(secretaryID, secretaryID, q, "请写明帮扶的具体内容和时间")
	h.step()
	// The comment is for the member, not the group: unreachable
	// privately, the group hears only that there is one.
	if got, want := h.last(secretaryID), "已把对承诺 #1 的意见转告 赵强。"; got != want {
		t.Errorf("reviewer told = %q, want %q", got, want)
	}
	if got, want := h.last(groupID), "赵强（@zhaoqiang），你的承诺 #1 有支委的意见。请点下面的按钮和我私聊，再发送 /pledge 1 查看。"; got != want {
		t.Errorf("group hint = %q, want %q", got, want)
	}
	h.say(memberID, memberID, "/start")
	if got := h.say(memberID, memberID, "/pledge 1"); !strings.Contains(got, "请写明帮扶的具体内容和时间") {
		t.Errorf("/pledge 1 in private = %q, want the comment", got)
	}
	// The decided message loses its buttons; a 通过 pressed on a copy is
	// refused with the state.
	if m, _ := h.srv.Message(secretaryID, review.ID); m.Plain != "承诺 #1（赵强）已退回，意见已告知本人。" || len(m.Buttons) != 0 {
		t.Errorf("the returned pledge's message = %q %v", m.Plain, m.Buttons)
	}
	stale := h.srv.Press(secretaryID, secretaryID, review.ID, "pr:1:y:x@-100500")
	h.step()
	if got, _, _ := h.srv.CallbackAnswer(stale); got != "承诺 #1 现在是“已退回”，不能这样做。" {
		t.Errorf("stale 通过 = %q", got)
	}
	h.mustSay(groupID, memberID, "/pledge 1 修改 每周辅导一名困难学生数学，到学期末", "承诺 #1 已修改并重新提交审核。")
	// Asked in the private chat, the queue answers there too.
	h.say(secretaryID, secretaryID, "/pledges 待审")
	review, _ = h.srv.LastBotMessage(secretaryID)
	h.pressIn(secretaryID, secretaryID, review.ID, "通过")
	if m, _ := h.srv.Message(secretaryID, review.ID); m.Plain != "承诺 #1 已通过审核并公示（赵强）。" {
		t.Errorf("approved = %q", m.Plain)
	}
	// An officer may not approve their own pledge while another officer exists.
	h.say(groupID, organizerID, "/pledge 组织一次主题党日")
	if got := h.review(organizerID, "通过"); got != "不能审核自己的承诺，请其他支委处理。" {
		t.Errorf("own approval = %q", got)
	}
	h.review(secretaryID, "通过")
	golden(t, "pledges_published", h.say(groupID, organizerID, "/pledges"))
}

func TestPledgeCarryOutAndGrade(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.publish(memberID, "每月走访两户困难群众 截止 12月31日 服务群众")
	h.srv.SendPhoto(groupID, memberID, []byte("jpeg bytes"), "/progress 1 走访了张大爷家")
	h.step()
	if got := h.last(groupID); got != "已记录承诺 #1 的进展（附件 1 个）。" {
		t.Errorf("progress with photo = %q", got)
	}
	h.srv.SendDocument(groupID, memberID, "走访记录.pdf", "application/pdf", []byte("%PDF"), "/progress 1 第二户已走访")
	h.step()
	h.say(groupID, memberID, "/done 1 两户都已走访并解决了取暖问题")
	claim, _ := h.srv.LastBotMessage(groupID)
	if got := h.press(memberID, claim.ID, "确认兑现"); got != "只有书记、副书记、组织委员、宣传委员、纪检委员可以审核和评议承诺。" {
		t.Errorf("member confirming = %q", got)
	}
	h.press(secretaryID, claim.ID, "确认兑现")
	if got := h.message(claim.ID); got != "承诺 #1 已确认兑现（赵强）。" {
		t.Errorf("confirmed = %q", got)
	}
	h.say(groupID, secretaryID, "/review 1 优秀 按时完成，群众反映好")
	msgs := h.srv.BotMessages(groupID)
	if got := msgs[len(msgs)-2].Plain; got != "已记录承诺 #1 的评议。" {
		t.Errorf("review = %q", got)
	}
	if got := h.last(groupID); got != "赵强（@zhaoqiang），你的承诺 #1 已评议。评议结果只私下告知本人：请点下面的按钮和我私聊，发送 /pledges 我 查看。" {
		t.Errorf("member told without private chat = %q", got)
	}
	if got := h.say(groupID, organizerID, "/pledges 赵强"); strings.Contains(got, "优秀") {
		t.Errorf("an officer's view with grades went to the group: %q", got)
	}
	if got := h.say(groupID, organizerID, "/pledges"); strings.Contains(got, "优秀") {
		t.Errorf("a grade shown in the group: %q", got)
	}
	h.say(memberID, memberID, "/start")
	h.quiet(memberID, "/pledges 我")
	if got := h.last(memberID); !strings.Contains(got, "已兑现｜评议：优秀") {
		t.Errorf("own pledges = %q", got)
	}
	h.say(groupID, memberID, "/pledge 1")
	golden(t, "pledge_history", h.last(memberID))
	ctx := context.Background()
	br, _ := h.db.BranchByChat(ctx, groupID)
	p, _ := h.db.PledgeByNumber(ctx, br.ID, 1)
	evs, _ := h.db.PledgeEvents(ctx, []int64{p.ID})
	var files []string
	for _, e := range evs {
		for _, f := range e.Files {
			files = append(files, f.Kind+":"+f.FileName)
		}
	}
	if strings.Join(files, ",") != "photo:照片.jpg,document:走访记录.pdf" {
		t.Errorf("evidence = %v", files)
	}
	// A second pledge that cannot be kept.
	h.publish(memberID, "考取中级职称")
	h.mustSay(groupID, memberID, "/progress 2", "请写上说明，例如 /progress 2 已完成走访，群众反映良好。")
	h.mustSay(groupID, memberID, "/cannot 2", "请写明承诺无法兑现的原因，例如 /cannot 编号 工作调动到外地，无法继续走访。原因会转给支委。")
	h.mustSay(groupID, memberID, "/cannot 2 今年评审暂停", "已记录：承诺 #2 无法兑现。你的说明记在履诺记录里，支委查看这条承诺时能看到。")
}

func TestPledgeChangeAfterPublication(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.publish(memberID, "每月读一本书")
	h.say(groupID, memberID, "/pledge 1 修改 每月读两本书")
	msgs := h.srv.BotMessages(groupID)
	if got := msgs[len(msgs)-2].Plain; got != "承诺 #1 已公示，修改需支委同意。已提交修改申请：\n每月读两本书" {
		t.Errorf("edit after publication = %q", got)
	}
	ask, _ := h.srv.LastBotMessage(groupID)
	if ask.Plain != "承诺修改申请 #1（赵强）\n原内容：每月读一本书\n新内容：每月读两本书\n支委请处理：" {
		t.Errorf("change request = %q", ask.Plain)
	}
	if got := h.press(memberID, ask.ID, "同意修改"); got != "只有书记、副书记、组织委员、宣传委员、纪检委员可以审核和评议承诺。" {
		t.Errorf("member approving = %q", got)
	}
	if got := h.say(groupID, organizerID, "/pledges"); !strings.Contains(got, "每月读一本书") {
		t.Errorf("published content changed before approval: %q", got)
	}
	h.press(organizerID, ask.ID, "同意修改")
	if got := h.message(ask.ID); got != "承诺 #1 的修改已同意，新内容已公示。" {
		t.Errorf("approved change = %q", got)
	}
	q := h.srv.Press(groupID, organizerID, ask.ID, "px:1:y")
	h.step()
	if got, _, _ := h.srv.CallbackAnswer(q); got != "承诺 #1 没有待批的修改。" {
		t.Errorf("second decision = %q", got)
	}
	h.mustSay(groupID, secretaryID, "/pledge 1 同意修改", "承诺 #1 没有待批的修改。")
	got := h.say(groupID, organizerID, "/pledge 1")
	for _, want := range []string{"每月读两本书", "提诺 每月读一本书", "申请修改 每月读两本书", "同意修改 每月读两本书"} {
		if !strings.Contains(got, want) {
			t.Errorf("history lacks %q:\n%s", want, got)
		}
	}
}

func TestPledgesOverdueStatsAndPaging(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.publish(memberID, "月底前交心得 截止 11月30日 学习")
	h.say(groupID, memberID, "/pledge 年底前完成党史学习 截止 12月31日")
	h.mustSay(groupID, guestID, "/pledges 逾期", "你还不在本支部名册上。请发送 /join 你的姓名 申请加入，例如 /join 张三。")
	h.mustSay(groupID, memberID, "/pledges 逾期", "没有逾期的承诺。")
	h.clock.Advance(10 * 24 * time.Hour)
	h.mustSay(groupID, memberID, "/pledges 逾期", "逾期未兑现的承诺\n赵强\n#1［学习］月底前交心得｜时限：11月30日 周一｜已公示（逾期）")
	h.mustSay(groupID, memberID, "/pledges 统计", "只有书记、副书记、组织委员、宣传委员、纪检委员可以查看承诺统计。")
	h.say(secretaryID, secretaryID, "/start")
	h.quiet(secretaryID, "/pledges 统计")
	golden(t, "pledge_stats", h.last(secretaryID))
	for i := range 17 {
		h.publish(organizerID, strings.Repeat("学", i+1))
		// Declared unkeepable, so that she stays within zhibu.MaxOpenPledges;
		// still listed.
		h.say(groupID, organizerID, "/cannot "+strconv.Itoa(i+3)+" 工作调整")
	}
	h.say(groupID, organizerID, "/pledges")
	page, _ := h.srv.LastBotMessage(groupID)
	if !strings.Contains(page.Plain, "（第 1/2 页）") || len(page.Buttons) != 1 || page.Buttons[0][0].Text != "下一页" {
		t.Fatalf("page 1 = %q %+v", page.Plain, page.Buttons)
	}
	h.press(memberID, page.ID, "下一页")
	if got := h.message(page.ID); !strings.Contains(got, "（第 2/2 页）") || !strings.Contains(got, "赵强") {
		t.Errorf("page 2 = %q", got)
	}
}

func TestExportPledges(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.publish(memberID, "每月读一本书")
	h.mustSay(groupID, memberID, "/export pledges", "只有书记、副书记、组织委员、宣传委员、纪检委员可以导出台账。")
	h.say(secretaryID, secretaryID, "/start")
	h.quiet(secretaryID, "/export pledges")
	msgs := h.srv.BotMessages(secretaryID)
	x, c := msgs[len(msgs)-2].Document, msgs[len(msgs)-1].Document
	if x == nil || c == nil || x.Name != "承诺台账-2026-11-21.xlsx" || c.Name != "承诺台账-2026-11-21.csv" {
		t.Fatalf("documents = %+v %+v", x, c)
	}
	if csv := string(c.Content); !strings.HasPrefix(csv, "\uFEFF") || !strings.Contains(csv, "每月读一本书") {
		t.Errorf("CSV = %q", csv)
	}
}

func TestPledgeOfAnotherBranchNotFound(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.publish(memberID, "每月读一本书")
	h.srv.AddBot(otherGroup, guestID)
	h.step()
	h.say(otherGroup, guestID, "/setup 第二党支部")
	for _, text := range []string{"/pledge 1", "/pledge 1 修改 别的", "/progress 1 做了", "/done 1 完成", "/review 1 优秀"} {
		h.mustSay(otherGroup, guestID, text, "本支部没有 #1 号承诺。发送 /pledges 我 查看自己的承诺。")
	}
	q := h.srv.Press(otherGroup, guestID, 1, "pr:1:y")
	h.step()
	if got, _, _ := h.srv.CallbackAnswer(q); got != "本支部没有 #1 号承诺。发送 /pledges 我 查看自己的承诺。" {
		t.Errorf("forged review press = %q", got)
	}
}

// A review button acts only on the text it showed: a pledge revised after
// the queue was sent is not approved unseen; the message shows the new
// text, whose own button approves it.
func TestReviewButtonActsOnlyOnWhatItShowed(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, memberID, "/pledge 帮扶一名困难学生")
	h.say(secretaryID, secretaryID, "/start")
	h.say(secretaryID, secretaryID, "/pledges 待审")
	old, _ := h.srv.LastBotMessage(secretaryID)
	h.mustSay(groupID, memberID, "/pledge 1 修改 每周辅导一名困难学生数学", "承诺 #1 已修改并重新提交审核。")
	if got := h.pressIn(secretaryID, secretaryID, old.ID, "通过"); got != "承诺 #1 在这条消息发出后改过了，这次没有处理。消息已换成现在的内容，请看过再选。" {
		t.Errorf("stale 通过 = %q", got)
	}
	if got := h.say(groupID, memberID, "/pledges 我"); strings.Contains(got, "已公示") {
		t.Errorf("a stale button published the pledge: %q", got)
	}
	m, _ := h.srv.Message(secretaryID, old.ID)
	if !strings.Contains(m.Plain, "每周辅导一名困难学生数学") {
		t.Fatalf("the message was not refreshed: %q", m.Plain)
	}
	// A 退回 of the old text is refused the same way; the refreshed one works.
	if got := h.pressIn(secretaryID, secretaryID, old.ID, "通过"); got != "通过" {
		t.Errorf("通过 on the refreshed message = %q", got)
	}
	if m, _ := h.srv.Message(secretaryID, old.ID); m.Plain != "承诺 #1 已通过审核并公示（赵强）。" {
		t.Errorf("approved = %q", m.Plain)
	}
	// A button made before buttons carried versions is treated as stale.
	h.say(groupID, memberID, "/pledge 每月读一本书")
	h.say(secretaryID, secretaryID, "/pledges 待审")
	m, _ = h.srv.LastBotMessage(secretaryID)
	q := h.srv.Press(secretaryID, secretaryID, m.ID, "pr:2:y@-100500")
	h.step()
	if got, _, _ := h.srv.CallbackAnswer(q); got != "承诺 #2 在这条消息发出后改过了，这次没有处理。消息已换成现在的内容，请看过再选。" {
		t.Errorf("unversioned 通过 = %q", got)
	}
}

// 同意修改 agrees to the change it showed, not to a later one.
func TestChangeButtonActsOnlyOnWhatItShowed(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.publish(memberID, "每月读一本书")
	h.say(groupID, memberID, "/pledge 1 修改 每月读两本书")
	first, _ := h.srv.LastBotMessage(groupID)
	h.say(groupID, memberID, "/pledge 1 修改 每月读三本书并写心得")
	if got := h.press(organizerID, first.ID, "同意修改"); got != "承诺 #1 在这条消息发出后改过了，这次没有处理。消息已换成现在的内容，请看过再选。" {
		t.Errorf("stale 同意修改 = %q", got)
	}
	if got := h.say(groupID, organizerID, "/pledges"); !strings.Contains(got, "每月读一本书") {
		t.Errorf("a stale button changed the published text: %q", got)
	}
	if got := h.message(first.ID); !strings.Contains(got, "新内容：每月读三本书并写心得") {
		t.Errorf("the request was not refreshed: %q", got)
	}
	h.press(organizerID, first.ID, "同意修改")
	if got := h.say(groupID, organizerID, "/pledges"); !strings.Contains(got, "每月读三本书并写心得") {
		t.Errorf("the change seen was not published: %q", got)
	}
}

// 确认兑现 confirms the claim it showed: a claim sent back and made again
// with another note is not confirmed from the first message unseen.
func TestConfirmButtonActsOnlyOnTheClaimItShowed(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.publish(memberID, "每月读一本书")
	h.say(groupID, memberID, "/done 1 读完了")
	first, _ := h.srv.LastBotMessage(groupID)
	confirm := first.Buttons[0][0].Data // as an officer's client may still show it
	h.press(secretaryID, first.ID, "退回")
	q, _ := h.lastQuestion()
	h.srv.Reply(groupID, secretaryID, q, "请附读书笔记")
	h.step()
	if m, _ := h.srv.Message(groupID, first.ID); len(m.Buttons) != 0 {
		t.Errorf("the claim sent back keeps its buttons: %q %v", m.Plain, m.Buttons)
	}
	h.say(groupID, memberID, "/done 1 读完了，笔记见附件")
	qid := h.srv.Press(groupID, secretaryID, first.ID, confirm)
	h.step()
	if got, _, _ := h.srv.CallbackAnswer(qid); got != "承诺 #1 在这条消息发出后改过了，这次没有处理。消息已换成现在的内容，请看过再选。" {
		t.Errorf("确认兑现 on the first claim = %q", got)
	}
	if !strings.Contains(h.message(first.ID), "笔记见附件") {
		t.Errorf("the first claim was not refreshed: %q", h.message(first.ID))
	}
	if got := h.press(secretaryID, first.ID, "确认兑现"); got != "确认兑现" {
		t.Errorf("确认兑现 on the refreshed claim = %q", got)
	}
}
