// Package ledger renders the ledgers (台账) that inspections ask a branch
// for: the 考勤台账 (attendance of a period, with every meeting's 会议记录)
// and the 承诺台账 (every pledge with its history). Each is an XLSX workbook
// laid out like the paper ledger and a CSV twin, UTF-8 with a BOM and CRLF
// line ends, that Excel opens without garbling the Chinese.
//
// It takes the domain's values and returns named files; it knows nothing of
// chats, storage or who may ask. It is the only importer of
// github.com/xuri/excelize/v2. The documents' words live in labels.go.
package ledger
