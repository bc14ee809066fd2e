package main

import (
	"strings"

	"github.com/spf13/cobra"
)

// asciiFlag is the --ascii flag of the screens (learn, sandbox).
const asciiFlag = "ascii"

// addASCIIFlag adds --ascii to a command that opens a screen.
func addASCIIFlag(cmd *cobra.Command) {
	cmd.Flags().Bool(asciiFlag, false, "draw with ASCII only (default: when the locale is not UTF-8)")
}

// wantASCII reports whether a screen should draw in ASCII: as --ascii says
// when it is given (--ascii=false forces Unicode), else when the locale the
// environment names is not UTF-8.
func wantASCII(cmd *cobra.Command, getenv func(string) string) bool {
	if f := cmd.Flags().Lookup(asciiFlag); f != nil && f.Changed {
		on, _ := cmd.Flags().GetBool(asciiFlag)
		return on
	}
	return !localeIsUTF8(getenv)
}

// localeIsUTF8 reports whether the environment's character encoding is
// UTF-8. The first of LC_ALL, LC_CTYPE and LANG that is set decides, as in
// POSIX. None set is the C locale, which is not UTF-8, except in Windows
// Terminal (WT_SESSION), which draws Unicode whatever the variables say; the
// classic Windows console sets none of them and may not have the glyphs.
func localeIsUTF8(getenv func(string) string) bool {
	for _, name := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := strings.ToLower(getenv(name)); v != "" {
			return strings.Contains(v, "utf-8") || strings.Contains(v, "utf8")
		}
	}
	return getenv("WT_SESSION") != ""
}
