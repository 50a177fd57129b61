package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

func TestLoadConfigRegistration(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  func(string) string
		want zhibu.RegistrationPolicy
	}{
		{"default is approval with nobody", nil, env(), zhibu.RegistrationPolicy{Mode: zhibu.RegistrationApproval}},
		{"operators from the environment", nil, env("ZHIBU_OPERATORS", "123, 456，789 123"),
			zhibu.RegistrationPolicy{Mode: zhibu.RegistrationApproval, Operators: []int64{123, 456, 789}}},
		{"open", nil, env("ZHIBU_REGISTRATION", "Open"), zhibu.RegistrationPolicy{Mode: zhibu.RegistrationOpen}},
		{"flags win", []string{"--registration", "closed", "--operators", "9"}, env("ZHIBU_REGISTRATION", "open", "ZHIBU_OPERATORS", "1"),
			zhibu.RegistrationPolicy{Mode: zhibu.RegistrationClosed, Operators: []int64{9}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := loadConfig(tt.args, tt.env, &secrets{})
			if err != nil {
				t.Fatalf("loadConfig(%v) = %v", tt.args, err)
			}
			if diff := cmp.Diff(tt.want, c.Registration); diff != "" {
				t.Errorf("loadConfig(%v).Registration mismatch (-want +got):\n%s", tt.args, diff)
			}
		})
	}
}

func TestLoadConfigRefusesBadOperators(t *testing.T) {
	for _, ops := range []string{"abc", "0", "-5", "12;34"} {
		if _, err := loadConfig(nil, env("ZHIBU_OPERATORS", ops), &secrets{}); err == nil {
			t.Errorf("loadConfig(ZHIBU_OPERATORS=%q) = nil, want an error", ops)
		}
	}
}
