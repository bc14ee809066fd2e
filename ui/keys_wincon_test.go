package ui

import (
	"fmt"
	"reflect"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
)

// Windows console key records: the virtual key, the character and the
// control-key state the console reports (wincon.h), as the classic console
// and Windows Terminal hand them to Bubble Tea.
const (
	rightAlt = 0x0001
	leftCtrl = 0x0008
	shift    = 0x0010
	enhanced = 0x0100
)

type winKey struct {
	vk   uint16
	char rune
	cks  uint32
}

// usKeys are the records of a US keyboard for every key name a binding uses.
var usKeys = map[string]winKey{
	"space": {0x20, ' ', 0}, ".": {0xBE, '.', 0}, "right": {0x27, 0, enhanced},
	"+": {0xBB, '+', shift}, "=": {0xBB, '=', 0}, "-": {0xBD, '-', 0}, "_": {0xBD, '_', shift},
	"up": {0x26, 0, enhanced}, "down": {0x28, 0, enhanced}, "left": {0x25, 0, enhanced},
	"pgup": {0x21, 0, enhanced}, "pgdown": {0x22, 0, enhanced}, "[": {0xDB, '[', 0}, "]": {0xDD, ']', 0},
	"{": {0xDB, '{', shift}, "}": {0xDD, '}', shift}, "<": {0xBC, '<', shift}, ">": {0xBE, '>', shift},
	"tab": {0x09, '\t', 0}, ":": {0xBA, ':', shift}, "/": {0xBF, '/', 0}, "?": {0xBF, '?', shift},
	"esc": {0x1B, 0x1B, 0}, "enter": {0x0D, '\r', 0}, "f1": {0x70, 0, 0},
	"ctrl+c": {0x43, 0x03, leftCtrl},
}

// Letters, as typed (a capital with shift).
func init() {
	for r := 'a'; r <= 'z'; r++ {
		usKeys[string(r)] = winKey{uint16(r - 'a' + 'A'), r, 0}
		usKeys[string(r-'a'+'A')] = winKey{uint16(r - 'a' + 'A'), r - 'a' + 'A', shift}
	}
}

// germanKeys are records a German keyboard sends for some of the same
// characters: through AltGr (ctrl + right alt) or on other keys.
var germanKeys = map[string]winKey{
	"[": {0x38, '[', leftCtrl | rightAlt}, "]": {0x39, ']', leftCtrl | rightAlt},
	"{": {0x37, '{', leftCtrl | rightAlt}, "}": {0x30, '}', leftCtrl | rightAlt},
	"<": {0xE2, '<', 0}, ">": {0xE2, '>', shift},
	"?": {0xDB, '?', shift}, ":": {0xBE, ':', shift}, "/": {0x37, '/', shift},
	"+": {0xBB, '+', 0}, "-": {0xBD, '-', 0}, "y": {0x5A, 'y', 0},
}

// winPress decodes a console key record the way Bubble Tea does on Windows.
func winPress(t *testing.T, k winKey) tea.KeyPressMsg {
	t.Helper()
	var d uv.EventDecoder
	seq := fmt.Sprintf("\x1b[%d;0;%d;1;%d;1_", k.vk, k.char, k.cks)
	n, ev := d.Decode([]byte(seq))
	press, ok := ev.(uv.KeyPressEvent)
	if n != len(seq) || !ok {
		t.Fatalf("record %+v decoded to %T (%d of %d bytes)", k, ev, n, len(seq))
	}
	return tea.KeyPressMsg(press)
}

// TestEveryActionHasAWindowsKey: every binding of the keymap (both screens)
// can be pressed in the Windows console, decoded as Bubble Tea decodes it
// there; no action waits on a key only a Unix terminal sends.
func TestEveryActionHasAWindowsKey(t *testing.T) {
	km := defaultKeyMap()
	v := reflect.ValueOf(km)
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		b := v.Field(i).Interface().(key.Binding)
		if name == "No" {
			continue // help text only: any key other than Yes
		}
		pressed := false
		for _, k := range b.Keys() {
			rec, ok := usKeys[k]
			if !ok {
				t.Logf("%s: %q has no Windows console record here", name, k)
				continue
			}
			if msg := winPress(t, rec); !key.Matches(msg, b) {
				t.Errorf("%s: the console's %q decodes to %q, which the binding does not match", name, k, msg.String())
				continue
			}
			pressed = true
		}
		if !pressed {
			t.Errorf("%s (%v): no key of this action can be pressed in the Windows console", name, b.Keys())
		}
	}
}

// TestKeysOnOtherLayouts: characters typed with AltGr or shift on a German
// keyboard match their bindings, since bindings match the typed text.
func TestKeysOnOtherLayouts(t *testing.T) {
	km := defaultKeyMap()
	for k, b := range map[string]key.Binding{
		"<": km.PageUp, ">": km.PageDown, "?": km.Help, ":": km.Console, "/": km.Console,
		"[": km.TimeBack, "]": km.TimeForward, "{": km.PrevAnomaly, "}": km.NextAnomaly,
		"+": km.Faster, "-": km.Slower, "y": km.Yes,
	} {
		if msg := winPress(t, germanKeys[k]); !key.Matches(msg, b) {
			t.Errorf("German %q decodes to %q, which does not match its binding %v", k, msg.String(), b.Keys())
		}
	}
}
