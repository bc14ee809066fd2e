package main

import (
	"testing"

	"github.com/spf13/cobra"
)

func TestLocaleIsUTF8(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want bool
	}{
		{"LANG utf-8", map[string]string{"LANG": "en_US.UTF-8"}, true},
		{"LANG utf8", map[string]string{"LANG": "de_DE.utf8"}, true},
		{"C.UTF-8", map[string]string{"LANG": "C.UTF-8"}, true},
		{"LANG latin-1", map[string]string{"LANG": "fr_FR.ISO-8859-1"}, false},
		{"LC_ALL wins over LANG", map[string]string{"LC_ALL": "C", "LANG": "en_US.UTF-8"}, false},
		{"LC_CTYPE wins over LANG", map[string]string{"LC_CTYPE": "en_US.UTF-8", "LANG": "C"}, true},
		{"empty LC_ALL is unset", map[string]string{"LC_ALL": "", "LANG": "en_US.UTF-8"}, true},
		{"nothing set: the C locale", map[string]string{}, false},
		{"POSIX", map[string]string{"LANG": "POSIX"}, false},
		{"Windows Terminal", map[string]string{"WT_SESSION": "1b2c"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := localeIsUTF8(func(k string) string { return tt.env[k] }); got != tt.want {
				t.Errorf("localeIsUTF8(%v) = %v, want %v", tt.env, got, tt.want)
			}
		})
	}
}

func TestASCIIFlagOverridesTheLocale(t *testing.T) {
	utf8 := func(k string) string { return map[string]string{"LANG": "en_US.UTF-8"}[k] }
	c := func(string) string { return "" }
	for _, tt := range []struct {
		args []string
		env  func(string) string
		want bool
	}{
		{nil, utf8, false},
		{nil, c, true},
		{[]string{"--ascii"}, utf8, true},
		{[]string{"--ascii=false"}, c, false},
	} {
		cmd := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { return nil }}
		addASCIIFlag(cmd)
		if err := cmd.ParseFlags(tt.args); err != nil {
			t.Fatal(err)
		}
		if got := wantASCII(cmd, tt.env); got != tt.want {
			t.Errorf("args %v: wantASCII = %v, want %v", tt.args, got, tt.want)
		}
	}
}
