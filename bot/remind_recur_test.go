package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestRemindByYearQuarterAndWorkday sets reminders by the year, the quarter,
// the half-year and the month's last working day, checks what the reply
// says, and runs a year of simulated time: each must come exactly on its
// days, among them a month whose last day is a Saturday (the Friday before),
// the Saturday 2月28日 that is a 调休 working day, and 元旦 for 每半年 (a
// calendar day, as documented).
func TestRemindByYearQuarterAndWorkday(t *testing.T) {
	loc := testStart.Location()
	start := time.Date(2026, 1, 10, 10, 0, 0, 0, loc) // a Saturday
	h := newHarnessWith(t, harnessOptions{start: start})
	h.setup()
	for _, tt := range []struct{ say, want string }{
		{"/remind 每年6月30日 交党费统计", "已设置提醒 #1（支部提醒）：交党费统计\n下次：6月30日 周二 上午 09:00"},
		{"/remind 每季度第一个月 10日 报送学习计划", "已设置提醒 #2（支部提醒）：报送学习计划\n下次：4月10日 周五 上午 09:00"},
		{"/remind 每月最后一个工作日 16:00 上报考勤", "已设置提醒 #3（支部提醒）：上报考勤\n下次：1月30日 周五 下午 16:00"},
		{"/remind 每半年 准备半年工作报告", "已设置提醒 #4（支部提醒）：准备半年工作报告\n下次：7月1日 周三 上午 09:00"},
		{"/remind 每年七一 下午3点 重温入党誓词", "已设置提醒 #5（支部提醒）：重温入党誓词\n下次：7月1日 周三 下午 15:00"},
	} {
		h.mustSay(groupID, secretaryID, tt.say, tt.want)
	}

	h.runUntil(time.Date(2027, 1, 15, 0, 0, 0, 0, loc))

	got := map[string][]string{}
	for _, m := range h.srv.BotMessages(groupID) {
		if text, ok := strings.CutPrefix(m.Plain, "⏰ "); ok {
			got[text] = append(got[text], m.Date.In(loc).Format("2006-01-02 15:04 Mon"))
		}
	}
	want := map[string][]string{
		"交党费统计":  {"2026-06-30 09:00 Tue"},
		"报送学习计划": {"2026-04-10 09:00 Fri", "2026-07-10 09:00 Fri", "2026-10-10 09:00 Sat", "2027-01-10 09:00 Sun"},
		"上报考勤": {
			"2026-01-30 16:00 Fri", // the 31st is a Saturday
			"2026-02-28 16:00 Sat", // a 调休 working day after 春节
			"2026-03-31 16:00 Tue",
			"2026-04-30 16:00 Thu",
			"2026-05-29 16:00 Fri", // the 31st is a Sunday
			"2026-06-30 16:00 Tue",
			"2026-07-31 16:00 Fri",
			"2026-08-31 16:00 Mon",
			"2026-09-30 16:00 Wed", // the eve of 国庆
			"2026-10-30 16:00 Fri",
			"2026-11-30 16:00 Mon",
			"2026-12-31 16:00 Thu",
		},
		"准备半年工作报告": {"2026-07-01 09:00 Wed", "2027-01-01 09:00 Fri"},
		"重温入党誓词":   {"2026-07-01 15:00 Wed"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("reminders sent (-want +got):\n%s", diff)
	}
}

// TestRemindRecurrenceRefused: a day no year has, a quarter's fourth month
// and a lunar festival are refused, and nothing is stored.
func TestRemindRecurrenceRefused(t *testing.T) {
	h := newHarness(t)
	h.setup()
	for _, say := range []string{
		"/remind 每年2月30日 交党费统计",
		"/remind 每年13月 交党费统计",
		"/remind 每季度第四个月 10日 报送学习计划",
		"/remind 每年春节 慰问老党员",
	} {
		if got := h.say(groupID, secretaryID, say); strings.HasPrefix(got, "已设置提醒") {
			t.Errorf("say %q = %q, want a refusal", say, got)
		}
	}
	if got := h.say(groupID, secretaryID, "/reminders"); strings.Contains(got, "#1") {
		t.Errorf("/reminders after refusals = %q, want none", got)
	}
}

// TestRemindersListNewKinds lists the new schedules with their next times.
func TestRemindersListNewKinds(t *testing.T) {
	h := newHarness(t) // Saturday 2026-11-21 09:00
	h.setup()
	h.say(groupID, secretaryID, "/remind 每月最后一个工作日 16:00 上报考勤")
	h.say(groupID, secretaryID, "/remind 每季度第一个工作日 报送计划")
	h.say(groupID, secretaryID, "/remind 每半年末 总结")
	got := h.say(groupID, secretaryID, "/reminders")
	for _, want := range []string{
		"#1 每月最后一个工作日 16:00｜上报考勤｜支部提醒｜下次：11月30日 周一 下午 16:00",
		"#2 每季度第一个工作日｜报送计划｜支部提醒｜下次：2027年1月4日 周一 上午 09:00", // 1月1日–3日 元旦
		"#3 每半年末｜总结｜支部提醒｜下次：12月31日 周四 上午 09:00",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("/reminders = %q, want a line %q", got, want)
		}
	}
}

// runUntil lets simulated time pass to end, ticking the reminder engine
// whenever something is due, as the run loop would.
func (h *harness) runUntil(end time.Time) {
	h.t.Helper()
	ctx := context.Background()
	h.remind()
	for steps := 0; h.clock.Now().Before(end) && steps < 20000; steps++ {
		next, err := h.engine.NextAt(ctx, 48*time.Hour)
		if err != nil {
			h.t.Fatal(err)
		}
		if next.IsZero() || next.After(end) {
			next = h.clock.Now().Add(24 * time.Hour)
		}
		if !next.After(h.clock.Now()) { // due now: tick, then move on
			h.remind()
			next = h.clock.Now().Add(time.Minute)
		}
		h.clock.Set(next)
		h.remind()
	}
}
