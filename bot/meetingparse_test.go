package bot_test

import (
	"strings"
	"testing"
)

// TestMeetingLineTypeAndTimeAfterFields: a one-line /meeting whose type or
// time was written after a keyword field (found by the new-user trial) is
// read as meant: a time at the end of 地点/议题 and a type standing at either
// end of one is taken out of the value when none came before the fields.
func TestMeetingLineTypeAndTimeAfterFields(t *testing.T) {
	tests := []struct {
		name, line string
		want       []string // lines the draft must show
	}{
		{"type in topic, time in place", "/meeting 议题:审议发展对象 支委会 地点:书记办公室 11月24日 15:00",
			[]string{"类型：支委会", "时间：11月24日 周二 下午 15:00", "地点：书记办公室", "议题：审议发展对象"}},
		{"time swallowed by place", "/meeting 支委会 地点:书记办公室 11月24日 15:00 议题:审议发展对象",
			[]string{"类型：支委会", "时间：11月24日 周二 下午 15:00", "地点：书记办公室", "议题：审议发展对象"}},
		{"range at the end of the topic", "/meeting 党课 地点:图书馆 议题:党史 学习 明天19:00-21:00",
			[]string{"类型：党课", "时间：11月22日 周日 晚上 19:00–21:00", "地点：图书馆", "议题：党史 学习"}},
		{"type after the time", "/meeting 11月24日 15:00 支委会 地点:书记办公室",
			[]string{"类型：支委会", "时间：11月24日 周二 下午 15:00", "地点：书记办公室"}},
		{"time alone in the topic", "/meeting 支委会 议题:11月24日 15:00 地点:会议室",
			[]string{"时间：11月24日 周二 下午 15:00", "地点：会议室", "议题：无"}},
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
		})
	}
}

// TestMeetingLineNamesWhatIsMissing: a line without a type says the type is
// missing; it used to answer "请写上。" with the field's name left out.
func TestMeetingLineNamesWhatIsMissing(t *testing.T) {
	h := newHarness(t)
	h.setup()
	before := h.snapshot(groupID)
	for _, tt := range []struct{ line, want string }{
		{"/meeting 议题:审议发展对象 地点:书记办公室 11月24日 15:00",
			"请写上会议类型，例如 /meeting 支委会 11月25日 19:00 地点:环保楼508。可选：党员大会、支委会、党小组会、党课、主题党日、组织生活会、民主评议、其他。"},
		{"/meeting 议题:审议发展对象 支委会 地点:书记办公室",
			"请写上会议时间，例如 2026-11-25 19:00 或 下周三晚上7点。"},
		{"/meeting 支委会 地点:会议室 下周三", "请写上几点开会，例如 “下周三 19:00” 或 “下周三晚上7点”。"},
		{"/meeting 支委会 地点:11月24日 15:00", "请写上地点，例如 地点:环保楼508。"},
	} {
		h.mustSay(groupID, secretaryID, tt.line, tt.want)
	}
	h.unchanged(groupID, before)
}
