package ledger

// The words of the ledgers: file names, sheet names, titles, column
// headings and field labels. They are the documents' section of zhibu's
// one catalogue of user-facing text (the chat's section is bot/msg*.go),
// kept in this one file so that the ledger code holds no Chinese and a
// reviewer reads every word an inspector sees in one place. A word such as
// 应到 may be in both sections: a sheet heading and a chat message change
// for different reasons.

// File names, before the period or date and the extension.
const (
	attendanceFile = "考勤台账-"
	pledgesFile    = "承诺台账-"
)

// The 考勤台账's 汇总 sheet; the CSV has the same columns.
const (
	summarySheet = "汇总"
	summaryTitle = "%s 考勤汇总（%s）" // branch, period
	colName      = "姓名"
	colTotal     = "合计"
	colRate      = "出席率"
)

// Column headings of the 汇总: four under each meeting type, five under
// 合计, before the rate.
var (
	typeCols  = []string{"应到", "实到", "请假", "缺席"}
	totalCols = []string{"应到", "实到", "迟到", "请假", "缺席"}
)

// A meeting's sheet, laid out like a paper 会议记录 (docs/domain.md §4): its
// title and the labels of its rows, in order.
const (
	recordTitle = "%s 会议记录（#%d）" // branch, meeting number

	fieldType      = "会议类型"
	fieldGroup     = "党小组"
	fieldDate      = "日期"
	fieldTime      = "时间"
	fieldPlace     = "地点"
	fieldHost      = "主持人"
	fieldRecorder  = "记录人"
	fieldLecturer  = "主讲人"
	fieldTopic     = "议题"
	fieldExpected  = "应到人数"
	fieldPresent   = "实到人数"
	fieldAttendees = "出席人员"
	fieldLate      = "迟到"
	fieldLeave     = "请假人员"
	fieldAbsent    = "缺席人员"
	fieldObservers = "列席人员"
	fieldQuorum    = "表决条件"
	fieldMinutes   = "会议记录"
	fieldVersions  = "记录版本"
)

// The values of a meeting's sheet.
const (
	backfilled   = "%s（补录）" // meeting type
	unset        = "未填写"    // a place, host, recorder, lecturer or topic not given
	nobody       = "无"      // an empty list of people or versions
	nameSep      = "、"      // between names, and between files
	withReasonF  = "%s（%s）" // name, reason
	noReason     = "无故"     // absent without leave
	rejected     = "请假未获批准" // absent after a refused leave
	quorumVote   = "有表决权党员应到 %d 人，实到 %d 人，超过半数：%s；选举（超过五分之四）：%s"
	quorumCommit = "支委应到 %d，实到 %d，超过半数：%s"
	versionsF    = "第%d版，共%d版（%s）" // latest, count, time and author
	versionF     = "第%d版"
	noMinutes    = "未录入"
	yes          = "是"
	no           = "否"
)

// The 承诺台账 (docs/domain.md §5): the ledger sheet, also the CSV's columns,
// and the 履诺记录 sheet of every pledge's history.
const (
	pledgeSheet  = "承诺台账"
	historySheet = "履诺记录"
	pledgeTitle  = "%s 承诺台账（截至 %s）" // branch, day
	overdueState = "%s（逾期）"         // state
	reviewF      = "%s：%s"          // grade, comment
	fileWithSize = "%s（%s）"         // file name, size
	unnamedFile  = "文件"
	unnamedPhoto = "照片" // a photo sent as a picture has no file name
	tallyMade    = "承诺总数"
	tallyPublic  = "已公示"
	tallyDone    = "已兑现"
	tallyOverdue = "逾期"
	tallyCannot  = "无法兑现"
	tallyRate    = "兑现率"
)

// Column headings of the two pledge sheets.
var (
	pledgeCols  = []string{"编号", "责任人", "内容", "类别", "时限", "状态", "进度", "兑现日期", "点评"}
	historyCols = []string{"编号", "责任人", "时间", "事项", "办理人", "内容", "附件"}
)
