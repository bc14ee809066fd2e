package sim

import (
	"reflect"
	"sort"
	"testing"
	"time"
)

// TestCloneHandlesEveryReference walks every struct a checkpoint copies,
// starting from Sim: a field that holds a reference (pointer, slice, map,
// interface, channel, func) would be shared between a checkpoint and the
// running cluster if copySim did not copy it, so each must be named in
// cloneHandled. Add a field to worker, request, Sim, ... and this fails until
// clone.go copies it (value fields are copied with their struct).
func TestCloneHandlesEveryReference(t *testing.T) {
	simPkg := reflect.TypeOf(Sim{}).PkgPath()
	seen := map[reflect.Type]bool{}
	used := map[string]bool{}
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		switch typ.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(typ.Elem())
			return
		case reflect.Map:
			walk(typ.Key())
			walk(typ.Elem())
			return
		case reflect.Struct:
		default:
			return
		}
		if typ.PkgPath() != simPkg || seen[typ] {
			return
		}
		seen[typ] = true
		for i := range typ.NumField() {
			f := typ.Field(i)
			name := typ.Name() + "." + f.Name
			used[name] = true
			if _, ok := cloneHandled[name]; !ok && holdsRef(f.Type, map[reflect.Type]bool{}) && !immutableRef(f.Type) {
				t.Errorf("%s holds a reference (%s) that clone.go does not copy: copy it in copySim and name it in cloneHandled", name, f.Type)
			}
			if !cloneSkips[name] {
				walk(f.Type)
			}
		}
	}
	walk(reflect.TypeOf(Sim{}))
	var stale []string
	for name := range cloneHandled {
		if !used[name] {
			stale = append(stale, name)
		}
	}
	sort.Strings(stale)
	if len(stale) > 0 {
		t.Errorf("cloneHandled names fields that do not exist (any more): %v", stale)
	}
}

// holdsRef reports whether a value of type t holds a reference, so that a
// copy by assignment would share it: a pointer, slice, map, interface,
// channel or func, or a struct or array holding one (a fifo's items, a
// value's list).
func holdsRef(t reflect.Type, seen map[reflect.Type]bool) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface, reflect.Chan, reflect.Func:
		return true
	case reflect.Array:
		return holdsRef(t.Elem(), seen)
	case reflect.Struct:
		if seen[t] {
			return false
		}
		seen[t] = true
		for i := range t.NumField() {
			if holdsRef(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}

// immutableRef reports whether a reference type points only at data that is
// never written after it is made: a *Overwrite an event hands out, a
// time.Time (its location).
func immutableRef(t reflect.Type) bool {
	return t == reflect.TypeOf(&Overwrite{}) || t == reflect.TypeOf(time.Time{})
}

// TestRestoreReturnsTheFrozenState: a checkpoint taken mid-run, restored
// after the run went on, gives back exactly the snapshot and the events of
// its instant, and running on from it gives exactly the same future.
func TestRestoreReturnsTheFrozenState(t *testing.T) {
	for _, store := range []string{"local", "redis"} {
		s := newSim(t, 7, Settings{Workers: 4, Store: store})
		exec(t, s, "class gthread 3", "io 1ms", "ttl 300ms", "traffic counter clients 6", "wait 200ms", "set user ada ttl 100ms", "wait 50ms")
		cp := s.checkpoint(nil)
		then, thenEvents := normalSnap(s.Snapshot()), logText(s)
		exec(t, s, "kill 1", "redis down", "wait 300ms", "redis up", "incr hits x10 clients 3", "wait 300ms")
		later, laterEvents := normalSnap(s.Snapshot()), logText(s)
		if err := s.restore(cp); err != nil {
			t.Fatal(err)
		}
		if got := normalSnap(s.Snapshot()); !reflect.DeepEqual(got, then) {
			t.Fatalf("store %s: restored snapshot differs:\n got %+v\nwant %+v", store, got.Metrics, then.Metrics)
		}
		if got := logText(s); got != thenEvents {
			t.Fatalf("store %s: restored events differ", store)
		}
		exec(t, s, "kill 1", "redis down", "wait 300ms", "redis up", "incr hits x10 clients 3", "wait 300ms")
		if got := normalSnap(s.Snapshot()); !reflect.DeepEqual(got, later) {
			t.Fatalf("store %s: the run from the restored state differs:\n got %+v\nwant %+v", store, got.Metrics, later.Metrics)
		}
		if got := logText(s); got != laterEvents {
			t.Fatalf("store %s: the events from the restored state differ", store)
		}
	}
}

// normalSnap clears what differs between two clusters with the same run:
// where the embedded Redis listens, and the timeline's bookkeeping.
func normalSnap(s Snapshot) Snapshot {
	s.RedisAddr = ""
	s.Timeline = Timeline{}
	return s
}

// TestRestoreKeepsEveryRedisType: strings, lists, sets, hashes and sorted
// sets (with TTLs) survive a checkpoint.
func TestRestoreKeepsEveryRedisType(t *testing.T) {
	s := newSim(t, 1, Settings{Store: "redis"})
	exec(t, s, "redis SET s v", "redis RPUSH l a b c", "redis SADD st x y", "redis HSET h f1 v1 f2 v2",
		"redis ZADD z 1 one 2 two", "redis EXPIRE l 100", "redis SELECT 0")
	want := dumpStore(s.store)
	cp := s.checkpoint(nil)
	exec(t, s, "redis FLUSHALL", "redis SET other 1")
	if err := s.restore(cp); err != nil {
		t.Fatal(err)
	}
	got := dumpStore(s.store)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("restored store:\n got %+v\nwant %+v", got, want)
	}
	if out, _ := s.Exec("redis LRANGE l 0 -1"); out != "1) \"a\"\n2) \"b\"\n3) \"c\"" {
		t.Fatalf("LRANGE after restore = %q", out)
	}
	exec(t, s, "redis XADD stream * f v")
	if cp := s.checkpoint(nil); cp.store.unsupported == "" {
		t.Fatal("a stream was dumped as if a checkpoint could hold it")
	} else if exec(t, s, "redis SET changed 1"); s.restore(cp) == nil {
		t.Fatal("restoring a checkpoint that could not hold a stream succeeded")
	}
}
