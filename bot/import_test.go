package bot_test

import (
	"bytes"
	"testing"
)

const goodCSV = "\uFEFF姓名,状态,党小组,职务\r\n陈静,预备党员,第一党小组,\r\n刘洋,正式党员,第二党小组,党小组长\r\n赵强,,第二党小组,\r\n"

func (h *harness) sendFile(userID int64, name string, data []byte, caption string) string {
	h.t.Helper()
	h.srv.SendDocument(groupID, userID, name, "text/csv", data, caption)
	h.step()
	return h.last(groupID)
}

func TestImportRoster(t *testing.T) {
	h := newHarness(t)
	h.setup()
	if got, want := h.sendFile(secretaryID, "名册.csv", []byte(goodCSV), "/roster import"), "名册导入完成：新增 2 人，更新 1 人，未变 0 人。"; got != want {
		t.Errorf("import = %q, want %q", got, want)
	}
	before := h.snapshot(groupID)
	if got, want := h.sendFile(secretaryID, "名册.csv", []byte(goodCSV), "/roster import"), "名册导入完成：新增 0 人，更新 0 人，未变 3 人。"; got != want {
		t.Errorf("re-import = %q, want %q", got, want)
	}
	h.unchanged(groupID, before)
	h.mustSay(groupID, memberID, "/whoami", "姓名：赵强\n状态：正式党员\n党小组：第二党小组\n职务：无\n支部：第一党支部")
}

func TestImportByReplyToDocument(t *testing.T) {
	h := newHarness(t)
	h.setup()
	doc := h.srv.SendDocument(groupID, secretaryID, "名册.csv", "text/csv", []byte("姓名\n陈静\n"), "")
	h.step()
	h.srv.Reply(groupID, secretaryID, doc.ID, "/roster import")
	h.step()
	if got, want := h.last(groupID), "名册导入完成：新增 1 人，更新 0 人，未变 0 人。"; got != want {
		t.Errorf("import by reply = %q, want %q", got, want)
	}
}

func TestImportBadFilesChangeNothing(t *testing.T) {
	h := newHarness(t)
	h.setup()
	big := append([]byte("姓名\n"), bytes.Repeat([]byte("张三,正式党员,第一党小组,\n"), 40000)...)
	tests := []struct {
		name, file string
		user       int64
		data       []byte
		want       string
	}{
		{"bad rows", "名册.csv", secretaryID, []byte("姓名,状态,党小组,职务\n吴刚,党员啊,,\n陈静,,,\n一二三四五六七八九十一二三四五六七八九十一,,,\n陈静,,,\n"),
			"名册文件有 3 处问题，没有导入任何内容。请改正后重新发送：\n第 2 行：不认识的状态“党员啊”。可写：正式党员、预备党员、留党察看、发展对象、入党积极分子。\n第 4 行：姓名太长了（最多 20 个字，这里有 21 个字）：“一二三四五六七八九十一二三四五六七八九十一”。\n第 5 行：姓名与前面的行重复。"},
		{"gbk", "名册.csv", secretaryID, []byte{0xd0, 0xd5, 0xc3, 0xfb, '\n', 0xd5, 0xc5, 0xc8, 0xfd, '\n'},
			"文件编码不是 UTF-8，中文会变成乱码。请在 Excel 里“另存为 → CSV UTF-8（逗号分隔）”后重新发送。"},
		{"not csv", "photo.csv", secretaryID, []byte("姓名\x00\x00\x00"),
			"这不是 CSV 表格文件，或缺少“姓名”列。请在 Excel 里“另存为 → CSV UTF-8（逗号分隔）”，第一行写表头：姓名,状态,党小组,职务"},
		{"no name column", "名册.csv", secretaryID, []byte("名字,状态\n陈静,正式党员\n"),
			"名册文件有 1 处问题，没有导入任何内容。请改正后重新发送：\n第 1 行：表头“名字”不认识。表头只能是：姓名,状态,党小组,职务"},
		{"too large", "名册.csv", secretaryID, big, "文件太大了（超过 1 MB）。名册文件通常只有几 KB，请检查是否发错了文件。"},
		{"xlsx", "名册.xlsx", secretaryID, []byte("PK\x03\x04"), "暂不支持直接导入 Excel 文件。请在 Excel 里“另存为 → CSV UTF-8（逗号分隔）”后发送 CSV 文件。"},
		{"member", "名册.csv", memberID, []byte(goodCSV), "只有书记、副书记、组织委员可以管理名册。"},
		{"organizer sets roles", "名册.csv", organizerID, []byte(goodCSV), "名册文件有 1 处问题，没有导入任何内容。请改正后重新发送：\n第 3 行：只有书记可以任免职务。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := h.snapshot(groupID)
			if got := h.sendFile(tt.user, tt.file, tt.data, "/roster import"); got != tt.want {
				t.Errorf("import = %q, want %q", got, tt.want)
			}
			h.unchanged(groupID, before)
		})
	}
	h.mustSay(groupID, secretaryID, "/roster import", "请把名册 CSV 文件作为“文件”发送，并在说明里写 /roster import。\n表头：姓名,状态,党小组,职务（状态、党小组、职务可留空）。\n例如：\n姓名,状态,党小组,职务\n张三,正式党员,第一党小组,组织委员\n李四,预备党员,第一党小组,")
}
