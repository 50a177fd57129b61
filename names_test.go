package zhibu

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCleanName(t *testing.T) {
	twenty := strings.Repeat("党", 20)
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr *ValidationError
	}{
		{name: "plain", in: "张三", want: "张三"},
		{name: "outer spaces trimmed", in: "  张三\n", want: "张三"},
		{name: "empty", in: "", wantErr: &ValidationError{Field: FieldName, Problem: ProblemEmpty}},
		{name: "only spaces", in: " \t ", wantErr: &ValidationError{Field: FieldName, Problem: ProblemEmpty}},
		{name: "20 chinese chars", in: twenty, want: twenty},
		{name: "21 chinese chars", in: twenty + "员",
			wantErr: &ValidationError{Field: FieldName, Problem: ProblemTooLong, Value: twenty + "员", Limit: MaxNameLen}},
		{name: "emoji counts as one", in: strings.Repeat("党", 19) + "😀", want: strings.Repeat("党", 19) + "😀"},
		{name: "inner space", in: "张 三", wantErr: &ValidationError{Field: FieldName, Problem: ProblemInvalid, Value: "张 三"}},
		{name: "ideographic space", in: "张\u3000三", wantErr: &ValidationError{Field: FieldName, Problem: ProblemInvalid, Value: "张\u3000三"}},
		{name: "control char", in: "张\x07三", wantErr: &ValidationError{Field: FieldName, Problem: ProblemHidden, Value: "张\x07三", Char: 7}},
		{name: "invalid utf-8", in: "张\xff", wantErr: &ValidationError{Field: FieldName, Problem: ProblemInvalid, Value: "张\xff"}},
		{name: "html is the adapter's job", in: "<b>&", want: "<b>&"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CleanName(FieldName, tt.in, MaxNameLen)
			checkValidation(t, "CleanName("+quote(tt.in)+")", err, tt.wantErr)
			if got != tt.want {
				t.Errorf("CleanName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanTitle(t *testing.T) {
	forty := strings.Repeat("支", 40)
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr *ValidationError
	}{
		{name: "inner spaces collapsed", in: "  第一  党支部\t(机关) ", want: "第一 党支部 (机关)"},
		{name: "empty", in: "   ", wantErr: &ValidationError{Field: FieldBranchName, Problem: ProblemEmpty}},
		{name: "40 chars", in: forty, want: forty},
		{name: "41 chars", in: forty + "部",
			wantErr: &ValidationError{Field: FieldBranchName, Problem: ProblemTooLong, Value: forty + "部", Limit: MaxBranchNameLen}},
		{name: "control char", in: "第一\x00支部", wantErr: &ValidationError{Field: FieldBranchName, Problem: ProblemHidden, Value: "第一\x00支部", Char: 0}},
		{name: "markup kept", in: "<b>党支部</b> & 团", want: "<b>党支部</b> & 团"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CleanTitle(FieldBranchName, tt.in, MaxBranchNameLen)
			checkValidation(t, "CleanTitle("+quote(tt.in)+")", err, tt.wantErr)
			if got != tt.want {
				t.Errorf("CleanTitle(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// checkValidation compares err with the expected *ValidationError, nil for none.
func checkValidation(t *testing.T, call string, err error, want *ValidationError) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Errorf("%s = %v, want no error", call, err)
		}
		return
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Errorf("%s = %v, want %v", call, err, want)
		return
	}
	if diff := cmp.Diff(want, ve); diff != "" {
		t.Errorf("%s error mismatch (-want +got):\n%s", call, diff)
	}
}

func quote(s string) string { return `"` + s + `"` }

func TestParseStatus(t *testing.T) {
	tests := []struct {
		in      string
		want    Status
		wantErr *ValidationError
	}{
		{in: "正式党员", want: StatusFull},
		{in: "预备党员", want: StatusProbationary},
		{in: "留党察看", want: StatusDisciplined},
		{in: "发展对象", want: StatusCandidate},
		{in: "入党积极分子", want: StatusActivist},
		{in: "正式", want: StatusFull},
		{in: "党员", want: StatusFull},
		{in: "预备", want: StatusProbationary},
		{in: "积极分子", want: StatusActivist},
		{in: "群众", wantErr: &ValidationError{Field: FieldStatus, Problem: ProblemUnknown, Value: "群众"}},
		{in: "", wantErr: &ValidationError{Field: FieldStatus, Problem: ProblemEmpty}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseStatus(tt.in)
			checkValidation(t, "ParseStatus("+quote(tt.in)+")", err, tt.wantErr)
			if got != tt.want {
				t.Errorf("ParseStatus(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseRole(t *testing.T) {
	tests := []struct {
		in      string
		want    Role
		wantErr *ValidationError
	}{
		{in: "书记", want: RoleSecretary},
		{in: "副书记", want: RoleDeputy},
		{in: "组织委员", want: RoleOrganizer},
		{in: "宣传委员", want: RolePublicity},
		{in: "纪检委员", want: RoleDiscipline},
		{in: "党小组长", want: RoleGroupLeader},
		{in: "无", want: RoleNone},
		{in: "主席", wantErr: &ValidationError{Field: FieldRole, Problem: ProblemUnknown, Value: "主席"}},
		{in: "", wantErr: &ValidationError{Field: FieldRole, Problem: ProblemEmpty}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRole(tt.in)
			checkValidation(t, "ParseRole("+quote(tt.in)+")", err, tt.wantErr)
			if got != tt.want {
				t.Errorf("ParseRole(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseExempt(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr *ValidationError
	}{
		{in: "是", want: ExemptGeneral},
		{in: "否", want: ExemptNone},
		{in: "无", want: ExemptNone},
		{in: "年老体弱", want: ExemptFrail},
		{in: "流动党员", want: ExemptAway},
		{in: "免于考勤", want: ExemptGeneral},
		{in: "出差", wantErr: &ValidationError{Field: FieldExempt, Problem: ProblemUnknown, Value: "出差"}},
		{in: "", wantErr: &ValidationError{Field: FieldExempt, Problem: ProblemEmpty}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseExempt(tt.in)
			checkValidation(t, "ParseExempt("+quote(tt.in)+")", err, tt.wantErr)
			if got != tt.want {
				t.Errorf("ParseExempt(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStatusRights(t *testing.T) {
	tests := []struct {
		status               Status
		canVote, partyMember bool
	}{
		{StatusFull, true, true},
		{StatusProbationary, false, true}, // 党章 第七条
		{StatusDisciplined, false, true},  // 党章 第三十九条
		{StatusCandidate, false, false},
		{StatusActivist, false, false},
	}
	if len(tests) != len(Statuses) {
		t.Fatalf("table covers %d statuses, domain has %d", len(tests), len(Statuses))
	}
	for _, tt := range tests {
		if got := tt.status.CanVote(); got != tt.canVote {
			t.Errorf("%s.CanVote() = %v, want %v", tt.status, got, tt.canVote)
		}
		if got := tt.status.IsPartyMember(); got != tt.partyMember {
			t.Errorf("%s.IsPartyMember() = %v, want %v", tt.status, got, tt.partyMember)
		}
	}
}

func TestRoleIsCommittee(t *testing.T) {
	want := map[Role]bool{RoleSecretary: true, RoleDeputy: true, RoleOrganizer: true,
		RolePublicity: true, RoleDiscipline: true, RoleGroupLeader: false, RoleNone: false}
	for _, r := range Roles {
		if got := r.IsCommittee(); got != want[r] {
			t.Errorf("Role(%q).IsCommittee() = %v, want %v", r, got, want[r])
		}
	}
}

func TestFounderName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"王 书记", "王书记"},
		{" Li\tMing ", "LiMing"},
		{"", "书记"},
		{"  \u3000", "书记"},
		{"党\x00员", "党员"},
		{strings.Repeat("党", 25), strings.Repeat("党", 20)},
		{"🇨🇳 张三", "🇨🇳张三"},
	}
	for _, tt := range tests {
		got := FounderName(tt.in)
		if got != tt.want {
			t.Errorf("FounderName(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if _, err := CleanName(FieldName, got, MaxNameLen); err != nil {
			t.Errorf("CleanName(FounderName(%q)) = %v, want a valid name", tt.in, err)
		}
	}
}

func TestCleanNameRefusesInvisibleCharacters(t *testing.T) {
	for _, s := range []string{"张\u200b三", "张\u202e三", "\ufeff张三", "张\u2066三"} {
		if _, err := CleanName(FieldName, s, MaxNameLen); err == nil {
			t.Errorf("CleanName(%q) accepted an invisible character", s)
		}
	}
	if got, err := CleanName(FieldName, "👨\u200d👩\u200d👧", MaxNameLen); err != nil || got != "👨\u200d👩\u200d👧" {
		t.Errorf("CleanName(family emoji) = %q, %v; want it kept", got, err)
	}
}
