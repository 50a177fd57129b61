package bot_test

import (
	"testing"
	"time"
)

// TestQuarter lives a quarter of a branch (issue 10, item 9): ninety days
// of simulated time, eight members (two without Telegram, one who blocks
// the bot for a while), every meeting type at its cadence, a pledge call
// with its pledges through review, progress, fulfilment and grading, a
// campaign of three stages, branch and personal reminders, and a restart of
// the bot every Sunday afternoon. It checks what every chat saw: each
// reminder came once, on time (late only across a restart), never before
// what it reminds of existed; nothing private reached the group; every
// count line adds up. It logs the noise figures and keeps the whole
// transcript in testdata/quarter.golden.
func TestQuarter(t *testing.T) {
	loc := testStart.Location()
	begin := time.Date(2026, 10, 1, 9, 0, 0, 0, loc)
	q := newQuarter(t, begin, begin.AddDate(0, 0, 90), time.Date(2026, 10, 4, 14, 0, 0, 0, loc), 2*time.Hour)
	q.setupBranch()
	q.october()
	q.november()
	q.december()
	q.runTo(q.end)

	evs := q.events()
	sent := q.checkReminders(evs)
	q.checkExpected(sent)
	echoes, typed := q.checkPrivacy(evs)
	counts := q.checkCounts(evs)
	if counts == 0 {
		t.Error("no count lines in the group")
	}
	if len(q.whileDown) > 0 {
		t.Errorf("%d actions planned while the bot was down never happened", len(q.whileDown))
	}
	if len(q.downs) != 13 {
		t.Errorf("%d restarts, want one each of the 13 Sundays", len(q.downs))
	}
	t.Logf("%d reminders sent over %d days, %d restarts of %s each; %d count lines in the group add up\n%s", len(sent),
		int(q.end.Sub(q.begin).Hours()/24), len(q.downs), q.gap, counts, q.noise(evs))
	for _, s := range echoes {
		t.Logf("the bot repeated in the group what the member typed there: %s", s)
	}
	for _, s := range q.staleAtClose(evs) {
		t.Logf("an announcement was stale when its meeting closed: %s", s)
	}
	for _, s := range typed {
		t.Logf("a private detail a group-only command made a member type in the group: %s", s)
	}
	golden(t, "quarter", q.transcript(evs))
}

// setupBranch: the bot joins, the 书记 registers the branch, six members
// join with Telegram and two are added without, the committee and the
// party groups are set, and the branch's and members' reminders are set.
func (q *quarter) setupBranch() {
	q.addAccounts()
	q.at(10, 1, 9, 0)
	q.act(0, "李书记 把机器人拉进群", func() { q.srv.AddBot(groupID, secretaryID) })
	q.say(groupID, secretaryID, "/setup 第一党支部")
	q.setupAt = q.clock.Now()
	q.join(organizerID, "正式党员")
	q.join(memberID, "正式党员")
	q.join(guestID, "预备党员")
	q.join(zhouID, "正式党员")
	q.join(wuID, "正式党员")
	q.say(groupID, secretaryID, "/role 王芳 组织委员")
	q.say(groupID, secretaryID, "/role 周敏 宣传委员")
	q.say(groupID, secretaryID, "/role 赵强 党小组长")
	q.say(groupID, organizerID, "/roster add 陈静 正式党员 第二党小组")
	q.say(groupID, organizerID, "/roster add 郑老 正式党员 第一党小组")
	for _, s := range []string{"李书记 党小组 第一党小组", "赵强 党小组 第一党小组", "吴刚 党小组 第一党小组",
		"王芳 党小组 第二党小组", "孙丽 党小组 第二党小组", "周敏 党小组 第二党小组"} {
		q.say(groupID, organizerID, "/roster set "+s)
	}
	for _, id := range []int64{secretaryID, organizerID, zhouID, memberID, wuID} {
		q.say(id, id, "/start")
	}
	// Status and exemptions are private: typed in the group (the command
	// is group-only), answered privately.
	q.private = append(q.private, "留党察看", "年老体弱")
	// Private matters are set in the private chat, where they stay.
	q.say(secretaryID, secretaryID, "/roster set 吴刚 状态 留党察看")
	q.say(secretaryID, secretaryID, "/roster set 郑老 免于考勤 年老体弱")

	q.at(10, 1, 10, 0)
	q.reminder(organizerID, "每月1日9点", "交党费：请各位同志按时交纳本月党费", false, time.Time{})
	q.reminder(secretaryID, "每周日 15点", "周末学习：请登录学习强国完成本周学习任务", false, time.Time{})
	q.reminder(memberID, "每周一 8点", "整理走访记录，准备下周走访", true, time.Time{},
		span{q.day(11, 4, 12, 0), q.day(12, 14, 20, 2)})
	q.reminder(wuID, "每周五 17点", "给社区报送志愿服务时长", true, time.Time{})
	q.at(10, 2, 20, 0)
	q.say(groupID, wuID, "/whoami")
}
