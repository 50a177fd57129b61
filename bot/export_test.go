package bot_test

import (
	"strings"
	"testing"

	"github.com/zhibu/zhibu/bot/telegramtest"
)

// documents are the files the bot sent to a chat, in order.
func (h *harness) documents(chatID int64) []*telegramtest.File {
	var out []*telegramtest.File
	for _, m := range h.srv.BotMessages(chatID) {
		if m.Document != nil {
			out = append(out, m.Document)
		}
	}
	return out
}

// What an officer sees of /export: the ledger's two files in the private
// chat, named for their period or date, the caption on the first; in the
// group only a note, never a file.
func TestExportSendsFilesPrivately(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.heldMeetings()
	h.mustSay(groupID, secretaryID, "/export attendance", "这些信息只私下发给本人或支委。请先点下面的按钮和我私聊（发送 /start），再回群里重发命令。")
	if m, _ := h.srv.LastBotMessage(groupID); len(m.Buttons) != 1 || m.Buttons[0][0].Text != "和支部助手私聊" {
		t.Errorf("refusal buttons = %+v, want the private-chat button", m.Buttons)
	}
	h.publish(memberID, "每月读一本书")
	h.say(secretaryID, secretaryID, "/start")
	tests := []struct {
		test, command, name, caption string
	}{
		{"attendance of a month", "/export attendance 2026-11", "考勤台账-2026年11月", "第一党支部 考勤台账（2026年11月）"},
		{"empty attendance of a range", "/export 考勤 2026-01-01~2026-06-30", "考勤台账-2026年1月1日至2026年6月30日",
			"第一党支部 考勤台账（2026年1月1日至2026年6月30日）\n这段时间没有已结束的会议，台账为空。"},
		{"pledges", "/export pledges", "承诺台账-2026-11-25", "第一党支部 承诺台账（截至 2026-11-25）"},
	}
	for _, tt := range tests {
		t.Run(tt.test, func(t *testing.T) {
			before := len(h.documents(secretaryID))
			h.quiet(secretaryID, tt.command)
			docs := h.documents(secretaryID)[before:]
			if len(docs) != 2 || docs[0].Name != tt.name+".xlsx" || docs[1].Name != tt.name+".csv" {
				t.Fatalf("documents = %v, want %s.xlsx and %s.csv", docNames(docs), tt.name, tt.name)
			}
			if docs[0].Caption != tt.caption || docs[1].Caption != "" {
				t.Errorf("captions = %q, %q, want %q on the first only", docs[0].Caption, docs[1].Caption, tt.caption)
			}
			if csv := string(docs[1].Content); !strings.HasPrefix(csv, "\uFEFF") {
				t.Errorf("%s starts %q, want the UTF-8 BOM", docs[1].Name, csv[:min(len(csv), 8)])
			}
		})
	}
	if docs := h.documents(groupID); len(docs) != 0 {
		t.Errorf("the group got documents %v, want none", docNames(docs))
	}
}

func TestExportRefusals(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(secretaryID, secretaryID, "/start")
	h.mustSay(groupID, secretaryID, "/export 名册", "用法：/export attendance [期间]（考勤台账，例如 /export attendance 今年）或 /export pledges（承诺台账）。")
	h.mustSay(groupID, secretaryID, "/export attendance 下下季度", "时间看不懂：“下下季度”。可以这样写：本季度、上个月、今年、2026年11月1日至11月15日。")
	for _, what := range []string{"attendance", "pledges"} {
		h.mustSay(groupID, memberID, "/export "+what, "只有书记、副书记、组织委员、宣传委员、纪检委员可以导出台账。")
	}
	for _, chat := range []int64{groupID, secretaryID, memberID} {
		if docs := h.documents(chat); len(docs) != 0 {
			t.Errorf("documents in chat %d after refusals = %v, want none", chat, docNames(docs))
		}
	}
}

func docNames(docs []*telegramtest.File) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.Name)
	}
	return out
}
