package bot_test

import (
	"strings"
	"testing"
	"time"
)

// A time that could be read two ways is never silently wrong: the
// reminder takes the reading a person at work means and says which, with
// the way to write the other (issue 12). The harness clock is Saturday
// 2026-11-21, 09:00 in Shanghai.
func TestRemindEchoesTheChosenReading(t *testing.T) {
	// A branch reminder in quiet hours says when it is really posted.
	const heldTill0730 = "\n注意：22:00—07:30 是本支部的免打扰时段，这条提醒将在 11月22日 周日 早上 07:30 发到群里；要按时发请改时间或修改 /rules 免打扰。"
	h := newHarness(t)
	h.setup()
	for _, tt := range []struct{ in, want string }{
		{"/remind 明天下午 交材料", "已设置提醒 #1（支部提醒）：交材料\n下次：11月22日 周日 下午 15:00\n只写了时段，按 15:00 安排；要别的时间请写明几点。"},
		{"/remind 明晚 交材料", "已设置提醒 #2（支部提醒）：交材料\n下次：11月22日 周日 晚上 19:30\n只写了时段，按 19:30 安排；要别的时间请写明几点。"},
		{"/remind 明天三点 交材料", "已设置提醒 #3（支部提醒）：交材料\n下次：11月22日 周日 下午 15:00\n按下午3点（15:00）安排；如要凌晨请写“凌晨3点”。"},
		{"/remind 明天7点 交材料", "已设置提醒 #4（支部提醒）：交材料\n下次：11月22日 周日 早上 07:00\n按上午7点（07:00）安排；如要晚上请写“晚上7点”。" + heldTill0730},
		{"/remind 明天凌晨3点 交材料", "已设置提醒 #5（支部提醒）：交材料\n下次：11月22日 周日 凌晨 03:00" + heldTill0730},
		{"/remind 明天 19:00 交材料", "已设置提醒 #6（支部提醒）：交材料\n下次：11月22日 周日 晚上 19:00"},
		{"/remind 明天7:30 交材料", "已设置提醒 #7（支部提醒）：交材料\n下次：11月22日 周日 早上 07:30\n按上午7:30（07:30）安排；如要晚上请写“晚上7:30”。"},
	} {
		if got := h.say(groupID, secretaryID, tt.in); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// A deadline or reminder on a date without its year is the next such day,
// and a deadline in another year is shown with its year (issue 12).
func TestDeadlineRollsToTheNextYear(t *testing.T) {
	h := newHarness(t)
	h.setup()
	if got, want := h.say(groupID, memberID, "/pledge 读完党史 截止 6月30日"), "2027年6月30日 周三"; !strings.Contains(got, want) {
		t.Errorf("pledge due 6月30日 written in November: %q, want it to show %q", got, want)
	}
	if got, want := h.say(groupID, secretaryID, "/remind 6月30日 交总结"), "下次：2027年6月30日 周三 上午 09:00\n没写钟点，按上午9点提醒；要别的时间请写明几点。"; !strings.Contains(got, want) {
		t.Errorf("reminder on 6月30日 written in November: %q, want %q", got, want)
	}
	if got, want := h.say(groupID, memberID, "/pledge 交学习心得 截止 本月内"), "11月30日 周一"; !strings.Contains(got, want) {
		t.Errorf("pledge due 本月内: %q, want %q", got, want)
	}
	if got, want := h.say(groupID, memberID, "/pledge 走访群众 截止 本季度末"), "12月31日 周四"; !strings.Contains(got, want) {
		t.Errorf("pledge due 本季度末: %q, want %q", got, want)
	}
}

// An approximate hour or a night hour nobody wrote is refused with what to
// write, not called impossible (issue 12).
func TestFuzzyAndNightHoursAsked(t *testing.T) {
	h := newHarness(t)
	h.setup()
	for _, tt := range []struct{ in, want string }{
		{"/remind 明天七八点 交材料", "“明天七八点”是个大概的时间，请写一个确切的钟点，例如 晚上7点、19:30。"},
		{"/meeting 支委会 明天七八点 地点:会议室", "“明天七八点”是个大概的时间，请写一个确切的钟点，例如 晚上7点、19:30。"},
		{"/remind 明天凌晨 交材料", "“明天凌晨”是半夜的时间，请写明钟点，例如 凌晨1点；白天的请写 上午9点、下午3点。"},
		{"/meeting 支委会 明天零点 地点:会议室", "“明天零点”是半夜的时间，请写明钟点，例如 凌晨1点；白天的请写 上午9点、下午3点。"},
	} {
		if got := h.say(groupID, secretaryID, tt.in); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// A meeting draft echoes the reading taken of a bare hour.
func TestMeetingDraftEchoesTheChosenReading(t *testing.T) {
	h := newHarness(t)
	h.setup()
	got := h.say(groupID, secretaryID, "/meeting 支委会 明天三点 地点:会议室")
	if !strings.Contains(got, "时间：11月22日 周日 下午 15:00") || !strings.HasSuffix(got, "按下午3点（15:00）安排；如要凌晨请写“凌晨3点”。") {
		t.Errorf("draft = %q, want 15:00 and the reading said", got)
	}
}

// 改期 to a bare hour says which reading it took, as scheduling does; in
// private the note comes with the answer, not in the group's notice.
func TestRescheduleEchoesTheChosenReading(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.meetingAt("支委会")
	got := h.say(groupID, secretaryID, "/meeting 1 改期 11月26日 3点")
	if want := "按下午3点（15:00）安排；如要凌晨请写“凌晨3点”。"; !strings.HasSuffix(got, "\n"+want) || !strings.Contains(got, "11月26日 周四 下午 15:00") {
		t.Errorf("改期 to 3点 = %q, want the new time 15:00 and the note %q", got, want)
	}
	if got := h.say(groupID, secretaryID, "/meeting 1 改期 11月27日 19:00"); strings.Contains(got, "按") {
		t.Errorf("改期 to a 24-hour clock = %q, want no note", got)
	}
	groupBefore := h.botCount(groupID)
	got = h.say(secretaryID, secretaryID, "/meeting 1 改期 11月26日 8点")
	if want := "已在群里通知 #1 的变更。\n按上午8点（08:00）安排；如要晚上请写“晚上8点”。"; got != want {
		t.Errorf("改期 in private = %q, want %q", got, want)
	}
	if strings.Contains(h.last(groupID), "如要晚上") || h.botCount(groupID) != groupBefore+1 {
		t.Errorf("the group's notice = %q, want one notice without the note", h.last(groupID))
	}
}

// A stage in another year shows its year where it is listed and announced.
func TestStageDaysShowTheirYear(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/campaign new 主题教育")
	got := h.say(groupID, secretaryID, "/stage add 1 学习动员 12月28日 1月10日")
	if !strings.Contains(got, "12月28日 周一") || !strings.Contains(got, "2027年1月10日 周日") {
		t.Errorf("/stage add across the new year = %q, want 12月28日 周一 and 2027年1月10日 周日", got)
	}
	// A stage's days may be written as one range (trial).
	got = h.say(groupID, secretaryID, "/stage add 1 整改落实 1月21日至2月10日 承诺")
	if !strings.Contains(got, "整改落实") || !strings.Contains(got, "2027年1月21日 周四") || !strings.Contains(got, "2027年2月10日 周三") {
		t.Errorf("/stage add with a range = %q, want 2027年1月21日 to 2027年2月10日", got)
	}
}

// A bare hour already past in both readings is refused saying how it was
// read, so nobody wonders why "7点" is "past" (issue 12); a reminder looks
// ahead, so there only a clock on a day named can be past.
func TestPastBareHourSaysItsReading(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.clock.Set(testStart.Add(12 * time.Hour)) // 21:00
	h.mustSay(groupID, secretaryID, "/meeting 支委会 7点 地点:会议室",
		"按 11月21日 周六 早上 07:00 理解，这个时间已经过去了。要开以后的会，请写以后的时间，例如 明天晚上7点；线下已经开过的会，请在命令里加“补录”，只记入台账。")
	h.mustSay(groupID, secretaryID, "/remind 今天8点 交材料",
		"按 11月21日 周六 早上 08:00 理解，提醒时间已经过去了，请写以后的时间，例如 明天上午9点。")
	// Without a day, a reminder's clock already past today is tomorrow's.
	h.mustSay(groupID, secretaryID, "/remind 8点 交材料",
		"已设置提醒 #1（支部提醒）：交材料\n下次：11月22日 周日 早上 08:00\n按上午8点（08:00）安排；如要晚上请写“晚上8点”。")
}

// 改期 with only an hour keeps the meeting's day; with only a day, its
// hours; each says what it kept (found in a trial: 改期 3点 moved a
// meeting on the 25th to today).
func TestRescheduleKeepsWhatIsNotWritten(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.meetingAt("党员大会") // 11月25日 周三 19:00
	got := h.say(groupID, secretaryID, "/meeting 1 改期 3点")
	if !strings.Contains(got, "时间：11月25日 周三 下午 15:00") || !strings.Contains(got, "只写了钟点，日期不变：11月25日 周三。") ||
		!strings.Contains(got, "按下午3点（15:00）安排") {
		t.Errorf("改期 3点 = %q, want 11月25日 15:00 with both notes", got)
	}
	got = h.say(groupID, secretaryID, "/meeting 1 改期 晚上7点到9点")
	if !strings.Contains(got, "时间：11月25日 周三 晚上 19:00–21:00") {
		t.Errorf("改期 晚上7点到9点 = %q, want 11月25日 19:00–21:00", got)
	}
	got = h.say(groupID, secretaryID, "/meeting 1 改期 11月27日")
	if !strings.Contains(got, "时间：11月27日 周五 晚上 19:00–21:00") || !strings.Contains(got, "只写了日期，钟点不变：19:00–21:00。") {
		t.Errorf("改期 11月27日 = %q, want 11月27日 19:00–21:00 and the note", got)
	}
	h.mustSay(groupID, secretaryID, "/meeting 1 改期 明天下午", "请写上几点开会，例如 “明天下午3点”。")
}

// A meeting written in traditional characters is read whole: its time and
// its field names (trial: 地點：… was not a field, 記錄: joined the topic).
func TestMeetingInTraditionalCharacters(t *testing.T) {
	h := newHarness(t)
	h.setup()
	got := h.say(groupID, secretaryID, "/meeting 支委会 後天晚上7點 地點：活動室 議題：碰頭 記錄:王芳")
	for _, want := range []string{"时间：11月23日 周一 晚上 19:00", "地点：活動室", "议题：碰頭", "记录人：王芳"} {
		if !strings.Contains(got, want) {
			t.Errorf("draft = %q, want a line %q", got, want)
		}
	}
}

// /compliance with a period says it shows the current periods and points
// to /attendance, instead of answering another question (trial).
func TestComplianceWithAPeriodSaysWhatItShows(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.mustSay(groupID, memberID, "/compliance 上季度",
		"/compliance 不用写时间（你写了“上季度”）：它总是显示本月、本季度、本年和上一个周期的三会一课情况。要看某段时间的会议和出勤，请用 /attendance，例如 /attendance 上季度。")
}

// The guided form keeps a day given without its hour: 明天下午, asked for
// the hour, then 3点 is tomorrow at 15:00, not today (trial).
func TestGuidedFormKeepsTheDayForTheHour(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/meeting")
	form, _ := h.srv.LastBotMessage(groupID)
	h.press(secretaryID, form.ID, "支委会")
	for _, reply := range []string{"明天下午", "3点", "会议室", "无"} {
		q, _ := h.lastQuestion()
		h.srv.Reply(groupID, secretaryID, q, reply)
		h.step()
		if reply == "明天下午" && !strings.HasPrefix(h.last(groupID), "请写上几点开会") {
			t.Errorf("明天下午: bot said %q, want the hour asked", h.last(groupID))
		}
	}
	if got := h.last(groupID); !strings.Contains(got, "时间：11月22日 周日 下午 15:00") {
		t.Errorf("draft = %q, want 11月22日 周日 下午 15:00", got)
	}
}

// A deadline echoes what it took: a part of day alone is the end of that
// day, and says so; a bare hour says its reading; 截止 with nothing after
// it is asked about, not dropped (trial).
func TestPledgeDeadlineEchoes(t *testing.T) {
	h := newHarness(t)
	h.setup()
	got := h.say(groupID, memberID, "/pledge 交心得体会 截止 明天下午")
	if !strings.Contains(got, "时限：11月22日 周日\n只写了时段，截止到当天结束（23:59）；要更早请写明几点，例如 明天下午5点。") {
		t.Errorf("截止 明天下午 = %q", got)
	}
	got = h.say(groupID, memberID, "/pledge 交学习笔记 截止 明天三点")
	if !strings.Contains(got, "时限：11月22日 周日 下午 15:00\n按下午3点（15:00）安排；如要凌晨请写“凌晨3点”。") {
		t.Errorf("截止 明天三点 = %q", got)
	}
	got = h.say(groupID, memberID, "/pledge 每月走访两户，截止月底")
	if !strings.Contains(got, "\n每月走访两户\n") || !strings.Contains(got, "时限：11月30日 周一") {
		t.Errorf("内容，截止月底 = %q, want the content without its comma", got)
	}
	for _, in := range []string{"/pledge 整理党费账目 截止日期 月底", "/pledge 整理学习笔记 截止到月底", "/pledge 整理会议记录 截止时间：月底"} {
		if got := h.say(groupID, memberID, in); !strings.Contains(got, "时限：11月30日 周一") {
			t.Errorf("%s = %q, want the deadline 11月30日", in, got)
		}
	}
	n := h.pledgeCount()
	h.mustSay(groupID, memberID, "/pledge 每月走访两户 截止", "“截止”后面请写日期，例如 截止 本月底、截止 12月31日前、截止 下周五下午5点。")
	if h.pledgeCount() != n {
		t.Errorf("a pledge with an empty 截止 was stored")
	}
}

// A date without its year that passed days ago is that day, refused as
// past with the day shown, not silently next year's (trial: 1月4日 written
// on January 5th was 2028).
func TestRecentDateIsNotNextYear(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.mustSay(groupID, memberID, "/pledge 读报 截止 11月20日", "按 11月20日 周五 理解，截止时间已经过去了，请写一个以后的时间，例如 截止 本月底。")
	h.mustSay(groupID, secretaryID, "/remind 11月20日 上午9点 补交", "按 11月20日 周五 上午 09:00 理解，提醒时间已经过去了，请写以后的时间，例如 明天上午9点。")
	if got := h.say(groupID, memberID, "/pledge 读完党史 截止 10月1日"); !strings.Contains(got, "2027年10月1日 周五") {
		t.Errorf("截止 10月1日 written in November = %q, want next year's", got)
	}
}

// With no meeting to attend, the rate is "—", not 0.0% (trial).
func TestAttendanceWithoutMeetingsHasNoRate(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(memberID, memberID, "/start")
	got := h.quiet(memberID, "/attendance 我")
	if strings.Contains(got, "0.0%") || !strings.Contains(got, "—") {
		t.Errorf("/attendance with no meetings = %q, want — as the rate", got)
	}
}

// A one-line draft left unconfirmed lapses as a draft, not as a "form"
// (trial).
func TestUnconfirmedDraftLapses(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/meeting 支委会 明天19:00 地点:会议室")
	h.clock.Advance(16 * time.Minute)
	h.tick()
	if got := h.last(groupID); got != "这次会议安排没有确认，已超时取消，没有发布。需要时请重新发送。" {
		t.Errorf("timeout = %q", got)
	}
}

// A workday reminder that falls on a weekend make-up working day says so,
// and that the day comes from a provisional arrangement (trial: 1月31日
// 周日 was shown with no word why).
func TestWorkdayReminderOnAMakeUpDaySaysSo(t *testing.T) {
	h := newHarnessWith(t, harnessOptions{start: time.Date(2027, 1, 13, 9, 0, 0, 0, testStart.Location())})
	h.setup()
	got := h.say(groupID, secretaryID, "/remind 每月最后一个工作日 16:00 上报考勤")
	if want := "下次：1月31日 周日 下午 16:00（调休上班日，按暂定的节假日安排）"; !strings.Contains(got, want) {
		t.Errorf("/remind = %q, want %q", got, want)
	}
	if got, want := h.say(groupID, secretaryID, "/reminders"), "下次：1月31日 周日 下午 16:00（调休上班日，按暂定的节假日安排）"; !strings.Contains(got, want) {
		t.Errorf("/reminders = %q, want %q", got, want)
	}
	if got := h.say(groupID, secretaryID, "/remind 每周日 16:00 周报"); strings.Contains(got, "调休") {
		t.Errorf("a weekly reminder on Sundays = %q, want no make-up note", got)
	}
}

// 明天 said after midnight is the calendar's tomorrow, and the reply says
// which day that is (trial: at 00:30 明天上午9点 was a day later than meant,
// without a word).
func TestTomorrowAfterMidnightSaysWhichDay(t *testing.T) {
	h := newHarnessWith(t, harnessOptions{start: time.Date(2026, 11, 22, 0, 30, 0, 0, testStart.Location())})
	h.setup()
	want := "现在已过半夜12点，“明天”按 11月23日 周一 理解；如果指的是天亮以后的今天，请写“今天”。"
	if got := h.say(groupID, secretaryID, "/remind 明天上午9点 开会"); !strings.HasSuffix(got, "\n"+want) {
		t.Errorf("/remind at 00:30 = %q, want the note %q", got, want)
	}
	if got := h.say(groupID, secretaryID, "/meeting 支委会 明天上午9点 地点:会议室"); !strings.HasSuffix(got, "\n"+want) {
		t.Errorf("/meeting at 00:30 = %q, want the note %q", got, want)
	}
	if got := h.say(groupID, secretaryID, "/remind 今天上午9点 开会"); strings.Contains(got, "半夜") {
		t.Errorf("/remind 今天 at 00:30 = %q, want no note", got)
	}
}
