package cntime

import "testing"

// The part of a refused phrase the refusal names.
func TestUnread(t *testing.T) {
	tests := []struct{ in, want string }{
		{"明天下午三点在三楼", "在三楼"},
		{"下下下周八", "下下下周八"},
		{"随便哪天", "随便哪天"},
		{"明天后天", "后天"},
		{"2月30日", ""},
		{"9:5", ""},
		{"明天19:00-18:00", ""},
		{"明天19点到随便", "随便"},
		{"从下周一到下周八", "下周八"},
		{"明天１９点ｘ", "x"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Unread(tt.in, testNow); got != tt.want {
			t.Errorf("Unread(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
