package sim

import (
	"fmt"
	"time"
)

// A checkpoint keeps the embedded Redis as a dump of its keys: the types a
// lab can create with its verbs or a raw command (strings, lists, hashes,
// sets, sorted sets), each with its TTL, in every database that holds any.

// storeDatabases is how many databases a dump looks at (Redis's default 16).
const storeDatabases = 16

// storeDump is the contents of an embedded Redis at one instant.
type storeDump struct {
	keys        []dumpedKey
	unsupported string // a key of a type the dump cannot hold ("" when none)
}

// dumpedKey is one key: its database, name, type, contents and TTL.
type dumpedKey struct {
	db      int
	name    string
	typ     string
	str     string
	items   []string           // list, set (members), hash (field, value, ...)
	members map[string]float64 // sorted set
	ttl     time.Duration
}

// dumpStore reads every key of r's miniredis at its clock.
func dumpStore(r *sharedStore) storeDump {
	var d storeDump
	for i := range storeDatabases {
		db := r.m.DB(i) // moves the TTLs to the clock: what expired is gone
		for _, name := range db.Keys() {
			k := dumpedKey{db: i, name: name, typ: db.Type(name), ttl: db.TTL(name)}
			var err error
			switch k.typ {
			case "string":
				k.str, err = db.Get(name)
			case "list":
				k.items, err = db.List(name)
			case "set":
				k.items, err = db.Members(name)
			case "hash":
				var fields []string
				fields, err = db.HKeys(name)
				for _, f := range fields {
					k.items = append(k.items, f, db.HGet(name, f))
				}
			case "zset":
				k.members, err = db.SortedSet(name)
			default:
				err = fmt.Errorf("a %s", k.typ)
			}
			if err != nil && d.unsupported == "" {
				d.unsupported = fmt.Sprintf("key %q in database %d: %v", name, i, err)
			}
			d.keys = append(d.keys, k)
		}
	}
	return d
}

// loadStore makes r's miniredis hold exactly what d holds, at r's clock,
// failing every command when down.
func loadStore(r *sharedStore, d *storeDump, down bool) error {
	if d.unsupported != "" {
		return fmt.Errorf("the checkpoint could not keep %s", d.unsupported)
	}
	m := r.m
	m.FlushAll()
	m.SetTime(r.epoch.Add(r.synced))
	for _, k := range d.keys {
		db := m.DB(k.db)
		switch k.typ {
		case "string":
			if err := db.Set(k.name, k.str); err != nil {
				return err
			}
		case "list":
			if _, err := db.Push(k.name, k.items...); err != nil {
				return err
			}
		case "set":
			if _, err := db.SetAdd(k.name, k.items...); err != nil {
				return err
			}
		case "hash":
			db.HSet(k.name, k.items...)
		case "zset":
			for member, score := range k.members {
				if _, err := db.ZAdd(k.name, score, member); err != nil {
					return err
				}
			}
		}
		if k.ttl > 0 {
			db.SetTTL(k.name, k.ttl)
		}
	}
	if down {
		m.SetError(redisDownError)
	} else {
		m.SetError("")
	}
	return nil
}

// touched gives the store a fresh stamp: its contents (or clock) changed.
func (r *sharedStore) touched() { r.stamp = storeStamp.Add(1) }
