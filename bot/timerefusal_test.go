package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/zhibu/zhibu"
)

// A time that cannot be taken is refused saying what in it was not
// understood, or why what was read is no time (showing both ends of a
// range that ends before it starts), with phrasings that work for that
// command; nothing is stored and the group hears nothing private.
func TestTimeRefusalsPerCommand(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/campaign new 主题教育")
	meetings, pledges := h.meetingCount(), h.pledgeCount()
	tests := []struct {
		user int64
		say  string
		want string
	}{
		{secretaryID, "/meeting 支委会 明天下午三点半后天 地点:会议室",
			"时间看不懂：“明天下午三点半后天”，其中“后天”不认识。可以这样写：明天下午3点、下周三晚上7点到9点、11月28日 19:00。"},
		{secretaryID, "/meeting 支委会 明天晚上9点到8点 地点:会议室",
			"“明天晚上9点到8点”的结束早于开始：读作从 11月22日 周日 晚上 21:00 到 11月22日 周日 晚上 20:00。请把结束写在开始之后。可以这样写：明天下午3点、下周三晚上7点到9点、11月28日 19:00。"},
		{secretaryID, "/meeting 支委会 明天9:5 地点:会议室",
			"“明天9:5”的分钟可以有两种理解，请写两位，例如 9:05 或 9:50、7点05分。可以这样写：明天下午3点、下周三晚上7点到9点、11月28日 19:00。"},
		{secretaryID, "/remind 晚上12点 交党费",
			"“晚上12点”是哪一天的半夜说不准，请写明日期和钟点，例如 明天凌晨0点30分、明天 00:30；白天的请写 上午、下午。可以这样写：明天上午9点、每周五下午3点、每月最后一个工作日、每年七一。"},
		{memberID, "/pledge 每月走访两户 截止 月底左右",
			"时间看不懂：“月底左右”，其中“左右”不认识。可以这样写：本月底、11月28日前、下周五下午5点。"},
		{memberID, "/pledge 每月走访两户 截止 2月30日",
			"没有这个时间：“2月30日”，请检查日期和钟点。可以这样写：本月底、11月28日前、下周五下午5点。"},
		{secretaryID, "/remind 2月30日 交党费",
			"没有这个时间：“2月30日”，请检查日期和钟点。可以这样写：明天上午9点、每周五下午3点、每月最后一个工作日、每年七一。"},
		{secretaryID, "/remind 明天七八点 交党费",
			"“明天七八点”是个大概的时间，请写一个确切的钟点，例如 晚上7点、19:30。"},
		{secretaryID, "/attendance 2026年5月20日至2026年5月6日",
			"“2026年5月20日至2026年5月6日”的结束早于开始：读作从 2026年5月20日 到 2026年5月6日。请把结束写在开始之后。可以这样写：本季度、上个月、今年、2026年11月1日至11月15日。"},
		{secretaryID, "/meeting 主题党日 11月28日（周五）下午3点 地点:会议室",
			"“11月28日（周五）下午3点”的日期和星期对不上：那天是 11月28日 周六。请核对后再写。可以这样写：明天下午3点、下周三晚上7点到9点、11月28日 19:00。"},
		{secretaryID, "/stage add 1 学习动员 12月1日 12月32日",
			"第 1 个阶段的日期有问题。没有这个时间：“12月32日”，请检查日期和钟点。可以这样写：学习动员 11月28日 12月12日。"},
	}
	for _, tt := range tests {
		before := h.botCount(groupID)
		got := h.say(groupID, tt.user, tt.say)
		if got != tt.want {
			t.Errorf("say %q =\n%q\nwant\n%q", tt.say, got, tt.want)
		}
		if n := h.botCount(groupID) - before; n != 1 {
			t.Errorf("say %q: the group got %d messages, want the one refusal", tt.say, n)
		}
	}
	if h.meetingCount() != meetings || h.pledgeCount() != pledges {
		t.Errorf("refusals stored something: meetings %d→%d, pledges %d→%d", meetings, h.meetingCount(), pledges, h.pledgeCount())
	}
	if got := h.say(groupID, secretaryID, "/reminders"); strings.Contains(got, "交党费") {
		t.Errorf("a refused reminder was kept: %q", got)
	}
}

// meetingCount is how many meetings the branch of groupID holds.
func (h *harness) meetingCount() int {
	h.t.Helper()
	b, err := h.db.BranchByChat(context.Background(), groupID)
	if err != nil {
		h.t.Fatal(err)
	}
	ms, err := h.db.Meetings(context.Background(), zhibu.MeetingFilter{BranchID: b.ID})
	if err != nil {
		h.t.Fatal(err)
	}
	return len(ms)
}
