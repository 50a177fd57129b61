package bot_test

import (
	"strings"
	"testing"
)

// A time that could be read two ways is never silently wrong: the
// reminder takes the reading a person at work means and says which, with
// the way to write the other (issue 12). The harness clock is Saturday
// 2026-11-21, 09:00 in Shanghai.
func TestRemindEchoesTheChosenReading(t *testing.T) {
	h := newHarness(t)
	h.setup()
	for _, tt := range []struct{ in, want string }{
		{"/remind 明天下午 交材料", "已设置提醒 #1（支部提醒）：交材料\n下次：11月22日 周日 15:00\n只写了时段，按 15:00 安排；要别的时间请写明几点。"},
		{"/remind 明晚 交材料", "已设置提醒 #2（支部提醒）：交材料\n下次：11月22日 周日 19:30\n只写了时段，按 19:30 安排；要别的时间请写明几点。"},
		{"/remind 明天三点 交材料", "已设置提醒 #3（支部提醒）：交材料\n下次：11月22日 周日 15:00\n按下午3点（15:00）安排；如要凌晨请写“凌晨3点”。"},
		{"/remind 明天7点 交材料", "已设置提醒 #4（支部提醒）：交材料\n下次：11月22日 周日 07:00\n按上午7点（07:00）安排；如要晚上请写“晚上7点”。"},
		{"/remind 明天凌晨3点 交材料", "已设置提醒 #5（支部提醒）：交材料\n下次：11月22日 周日 03:00"},
		{"/remind 明天 19:00 交材料", "已设置提醒 #6（支部提醒）：交材料\n下次：11月22日 周日 19:00"},
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
	if got, want := h.say(groupID, secretaryID, "/remind 6月30日 交总结"), "下次：2027年6月30日 周三 09:00"; !strings.Contains(got, want) {
		t.Errorf("reminder on 6月30日 written in November: %q, want %q", got, want)
	}
}
