package zhibu

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseRosterCSV(t *testing.T) {
	want := []RosterRow{
		{Line: 2, Name: "张三", Status: StatusFull, Group: "第一党小组"},
		{Line: 3, Name: "李四", Status: StatusProbationary, Role: RoleGroupLeader, HasRole: true},
		{Line: 4, Name: "王五", ClearGroup: true, Role: RoleNone, HasRole: true},
	}
	tests := []struct {
		name string
		data string
		want []RosterRow
	}{
		{name: "utf-8", data: "姓名,状态,党小组,职务\n张三,正式党员,第一党小组,\n李四,预备,,党小组长\n王五,,无,无\n", want: want},
		{name: "utf-8 with BOM", data: "\uFEFF姓名,状态,党小组,职务\n张三,正式党员,第一党小组,\n李四,预备,,党小组长\n王五,,无,无\n", want: want},
		{name: "CRLF", data: "姓名,状态,党小组,职务\r\n张三,正式党员,第一党小组,\r\n李四,预备,,党小组长\r\n王五,,无,无\r\n", want: want},
		{name: "columns in any order", data: "职务,党小组,姓名,状态\n,第一党小组,张三,正式党员\n党小组长,,李四,预备\n无,无,王五,\n", want: want},
		{name: "spaces around cells", data: "姓名, 状态 ,党小组,职务\n 张三 , 正式党员,第一党小组 ,\n李四,预备,,党小组长\n王五,,无,无", want: want},
		{name: "names only", data: "姓名\n张三\n李四\n", want: []RosterRow{{Line: 2, Name: "张三"}, {Line: 3, Name: "李四"}}},
		{name: "blank lines skipped, line numbers kept", data: "姓名,状态\n\n张三,正式\n,\n\n李四,\n",
			want: []RosterRow{{Line: 3, Name: "张三", Status: StatusFull}, {Line: 6, Name: "李四"}}},
		{name: "short rows", data: "姓名,状态,职务\n张三\n", want: []RosterRow{{Line: 2, Name: "张三"}}},
		{name: "quoted cell", data: "姓名,党小组\n\"张三\",\"第一党小组\"\n", want: []RosterRow{{Line: 2, Name: "张三", Group: "第一党小组"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRosterCSV([]byte(tt.data))
			if err != nil {
				t.Fatalf("ParseRosterCSV(%q) = %v, want rows", tt.data, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseRosterCSV(%q) mismatch (-want +got):\n%s", tt.data, diff)
			}
		})
	}
}

func TestParseRosterCSVBadRows(t *testing.T) {
	long := strings.Repeat("名", 21)
	tests := []struct {
		name string
		data string
		want []RowError
	}{
		{
			name: "every bad row at once",
			data: "姓名,状态\n张三,正式党员\n李四,群众\n王五,预备\n" + long + ",正式\n",
			want: []RowError{
				{Line: 3, Err: &ValidationError{Field: FieldStatus, Problem: ProblemUnknown, Value: "群众"}},
				{Line: 5, Err: &ValidationError{Field: FieldName, Problem: ProblemTooLong, Value: long, Limit: MaxNameLen}},
			},
		},
		{
			name: "duplicate name reported on the second line",
			data: "姓名\n张三\n李四\n张三\n",
			want: []RowError{{Line: 4, Err: ErrNameTaken}},
		},
		{
			name: "office for an activist",
			data: "姓名,状态,职务\n张三,入党积极分子,宣传委员\n李四,积极分子,无\n",
			want: []RowError{{Line: 2, Err: ErrOfficeNeedsMember}},
		},
		{
			name: "unknown header",
			data: "姓名,电话\n张三,123\n",
			want: []RowError{{Line: 1, Err: &ValidationError{Field: "header", Problem: ProblemUnknown, Value: "电话"}}},
		},
		{
			name: "empty name and unknown role on one line",
			data: "姓名,职务\n,主席\n",
			want: []RowError{
				{Line: 2, Err: &ValidationError{Field: FieldName, Problem: ProblemEmpty}},
				{Line: 2, Err: &ValidationError{Field: FieldRole, Problem: ProblemUnknown, Value: "主席"}},
			},
		},
		{
			name: "line numbers after CRLF and blank lines",
			data: "姓名,党小组\r\n\r\n张三,第一 小组\r\n",
			want: []RowError{{Line: 3, Err: &ValidationError{Field: FieldGroup, Problem: ProblemInvalid, Value: "第一 小组"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := ParseRosterCSV([]byte(tt.data))
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("ParseRosterCSV(%q) = %v, %v, want *ImportError", tt.data, rows, err)
			}
			if diff := cmp.Diff(tt.want, ie.Rows, cmp.Comparer(equalErrors)); diff != "" {
				t.Errorf("ParseRosterCSV(%q) rows mismatch (-want +got):\n%s", tt.data, diff)
			}
		})
	}
}

// equalErrors compares errors for cmp: sentinels by identity, the domain's
// error types by value.
func equalErrors(a, b error) bool {
	switch x := a.(type) {
	case *ValidationError:
		y, ok := b.(*ValidationError)
		return ok && *x == *y
	case *ForbiddenError:
		y, ok := b.(*ForbiddenError)
		return ok && *x == *y
	case *ImportError:
		y, ok := b.(*ImportError)
		return ok && cmp.Equal(x.Rows, y.Rows, cmp.Comparer(equalErrors))
	}
	return a == b
}

func TestParseRosterCSVFileErrors(t *testing.T) {
	big := append([]byte("姓名\n"), bytes.Repeat([]byte("张三\n"), MaxRosterFileSize/7+1)...)
	tooMany := "姓名\n"
	for i := range MaxRosterRows + 1 {
		tooMany += fmt.Sprintf("党员%d\n", i)
	}
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{name: "UTF-16 LE BOM", data: []byte{0xFF, 0xFE, 0xD3, 0x59, 0x0D, 0x54}, want: ErrNotUTF8},
		{name: "UTF-16 BE BOM", data: []byte{0xFE, 0xFF, 0x59, 0xD3, 0x54, 0x0D}, want: ErrNotUTF8},
		{name: "GBK", data: append([]byte("姓名\n"), 0xd5, 0xc5, 0xc8, 0xfd, '\n'), want: ErrNotUTF8},
		{name: "NUL bytes", data: []byte("姓名\n张三\x00\x00\n"), want: ErrNotCSV},
		{name: "empty file", data: nil, want: ErrNotCSV},
		{name: "no 姓名 column", data: []byte("状态\n正式\n"), want: ErrNotCSV},
		{name: "broken quote", data: []byte("姓名\n\"张三\n"), want: ErrNotCSV},
		{name: "header only", data: []byte("\uFEFF姓名,状态,党小组,职务\r\n"), want: ErrNoRows},
		{name: "header and blank lines", data: []byte("姓名,状态\n\n,\n"), want: ErrNoRows},
		{name: "over 1 MB", data: big, want: ErrFileTooLarge},
		{name: "too many rows", data: []byte(tooMany), want: ErrTooManyRows},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseRosterCSV(tt.data); !errors.Is(err, tt.want) {
				t.Errorf("ParseRosterCSV(%s) = %v, want %v", tt.name, err, tt.want)
			}
		})
	}
}

func TestParseRosterCSVMaxSizeAccepted(t *testing.T) {
	data := []byte("姓名\n张三\n")
	data = append(data, bytes.Repeat([]byte(" "), MaxRosterFileSize-len(data))...)
	if _, err := ParseRosterCSV(data); err != nil {
		t.Errorf("ParseRosterCSV(exactly %d bytes) = %v, want rows", MaxRosterFileSize, err)
	}
}
