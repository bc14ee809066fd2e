package sim

import (
	"strconv"
	"time"
)

// keyID indexes the cluster's key table; dicts are keyed by it, not by string.
type keyID int32

// keyInfo is what the observer knows about one key across the cluster.
type keyInfo struct {
	name string
	// The newest completed write: its version, value and expiry (0 = none).
	newestVer uint64
	newestVal value
	newestExp time.Duration
	hasWrite  bool
	// The slow database behind cache-aside: its row for the key changes only
	// when an update writes it (version 0 is the row as the lab found it).
	dbVal value
	dbVer uint64
}

// keyTable interns key names.
type keyTable struct {
	ids   map[string]keyID
	infos []keyInfo
}

func newKeyTable() keyTable { return keyTable{ids: map[string]keyID{}} }

// id returns the key's id, adding the key when new.
func (t *keyTable) id(name string) keyID {
	if id, ok := t.ids[name]; ok {
		return id
	}
	id := keyID(len(t.infos))
	t.ids[name] = id
	t.infos = append(t.infos, keyInfo{name: name})
	return id
}

func (t *keyTable) info(id keyID) *keyInfo { return &t.infos[id] }

// keySet holds the pre-interned names of a generator's key space.
func (t *keyTable) keySet(prefix string, n int) []keyID {
	ids := make([]keyID, n)
	for i := range ids {
		ids[i] = t.id(prefix + strconv.Itoa(i))
	}
	return ids
}
