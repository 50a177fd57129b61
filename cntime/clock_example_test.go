package cntime

import "testing"

func TestClockExample(t *testing.T) {
	tests := []struct {
		phrase string
		want   string
		ok     bool
	}{
		{"后天下午", "后天下午3点", true},
		{"明天上午", "明天上午9点", true},
		{"今晚", "今晚7点", true},
		{"明早", "明早8点", true},
		{"下周三晚上", "下周三晚上7点", true},
		{"周五中午", "周五中午12点", true},
		{"11月25日 傍晚", "11月25日 傍晚6点", true},
		{"下周三", "", false},
		{"明天", "", false},
		{"11月25日", "", false},
	}
	for _, tt := range tests {
		got, ok := ClockExample(tt.phrase)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ClockExample(%q) = %q, %v, want %q, %v", tt.phrase, got, ok, tt.want, tt.ok)
		}
		if ok {
			w, err := ParseTime(got, testNow)
			if err != nil || !w.HasClock {
				t.Errorf("ParseTime(%q) = %+v, %v: the example must read as a clock time", got, w, err)
			}
		}
	}
}
