package bot_test

import (
	"strings"
	"testing"
)

// TestMeetingLineAnyOrder: the keyword fields of a one-line /meeting and
// 补录 are read in any order after the type and time — 补录 at the end
// (as the README writes it) is not swallowed into 议题.
func TestMeetingLineAnyOrder(t *testing.T) {
	tests := []struct {
		name, line string
		want       []string // lines the draft must show
		backfill   bool
	}{
		{"补录 last, README order", "/meeting 党课 11月20日 15:00 地点:图书馆 议题:党史 主讲:张教授 补录",
			[]string{"地点：图书馆", "议题：党史", "主讲人：张教授"}, true},
		{"补录 between fields", "/meeting 党课 11月20日 15:00 议题:党史 补录 地点:图书馆",
			[]string{"地点：图书馆", "议题：党史"}, true},
		{"补录 first", "/meeting 党课 补录 11月20日 15:00 地点:图书馆 议题:党史",
			[]string{"地点：图书馆", "议题：党史"}, true},
		{"fields reversed", "/meeting 支委会 2026-11-25 19:00 记录:王芳 主持:王芳 议题:学习全会精神 地点:环保楼508",
			[]string{"地点：环保楼508", "议题：学习全会精神", "主持人：王芳", "记录人：王芳"}, false},
		{"topic with spaces before place", "/meeting 支委会 2026-11-25 19:00 议题:学习 全会 精神 地点:环保楼 508",
			[]string{"地点：环保楼 508", "议题：学习 全会 精神"}, false},
		{"full-width colons", "/meeting 支委会 2026-11-25 19:00 地点：环保楼508 主持人：王芳",
			[]string{"地点：环保楼508", "主持人：王芳"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.setup()
			got := h.say(groupID, secretaryID, tt.line)
			if !strings.HasPrefix(got, "请确认会议信息") {
				t.Fatalf("%s: bot said %q, want a draft", tt.line, got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w+"\n") && !strings.HasSuffix(got, w) {
					t.Errorf("draft = %q, want a line %q", got, w)
				}
			}
			if b := strings.Contains(got, "（补录"); b != tt.backfill {
				t.Errorf("draft = %q, backfill shown = %v, want %v", got, b, tt.backfill)
			}
			if strings.Contains(got, "议题：党史 补录") {
				t.Errorf("draft = %q: 补录 swallowed into 议题", got)
			}
		})
	}
}

func TestMeetingLineRefusals(t *testing.T) {
	h := newHarness(t)
	h.setup()
	before := h.snapshot(groupID)
	for _, tt := range []struct{ line, want string }{
		{"/meeting 支委会 2026-11-25 19:00 地点:甲 议题:学习 地点:乙", "“地点:”写了两次，请只写一次。"},
		{"/meeting 支委会 后天下午 地点:会议室", "请写上几点开会，例如 “后天下午3点”。"},
		{"/meeting 支委会 今晚 地点:会议室", "请写上几点开会，例如 “今晚7点”。"},
		{"/meeting 支委会 下周三 地点:会议室", "请写上几点开会，例如 “下周三 19:00” 或 “下周三晚上7点”。"},
		{"/meeting 党课 11月20日 15:00 地点:图书馆 议题:党史", "这个时间已经过去了。如果是线下已经开过的会，请在命令里加“补录”，只记入台账。"},
	} {
		h.mustSay(groupID, secretaryID, tt.line, tt.want)
	}
	h.unchanged(groupID, before)
	h.mustSay(groupID, memberID, "/meetings", "还没有安排会议。支委可以用 /meeting 安排。")
}
