package sim

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// FACTS.md B22: an in-memory channel layer reaches the publishing process's
// own consumers; a Redis layer reaches every process.
func TestLayerDecidesWhoHears(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		for _, layer := range []string{"memory", "redis"} {
			s := newSim(t, seed, Settings{Workers: 4})
			exec(t, s, "layer "+layer, "wait 100ms", "subscribe 8", "publish hello x10 clients 4", "wait 1s")
			m := s.Snapshot().Metrics
			if m.Published != 10 || m.Deliveries+m.Missed != 80 || m.Subscribers != 8 {
				t.Fatalf("seed %d %s: published %d, %d delivered + %d missed, %d connected; want 10, 80 in all, 8", seed, layer, m.Published, m.Deliveries, m.Missed, m.Subscribers)
			}
			if layer == "memory" && m.Missed == 0 {
				t.Fatalf("seed %d: the in-memory layer reached every subscriber across 4 workers", seed)
			}
			if layer == "redis" && m.Missed != 0 {
				t.Fatalf("seed %d: the Redis layer missed %d deliveries with every subscriber connected", seed, m.Missed)
			}
		}
	}
}

// FACTS.md B23: pub/sub is at most once. Subscribers of a killed worker are
// disconnected until they connect again, and miss what is published then.
func TestAtMostOnce(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		s := newSim(t, seed, Settings{Workers: 4, Layer: "redis"})
		exec(t, s, "wait 100ms", "subscribe 16", "traffic broadcast 20/s clients 2", "wait 1s")
		if m := s.Snapshot().Metrics; m.Missed != 0 {
			t.Fatalf("seed %d: %d missed before any fault", seed, m.Missed)
		}
		exec(t, s, "kill 1", "wait 500ms")
		mid := s.Snapshot().Metrics
		exec(t, s, "wait 700ms") // the clients of worker 1 are back after 1 s
		back := s.Snapshot().Metrics
		exec(t, s, "wait 2s")
		end := s.Snapshot().Metrics
		if mid.Missed == 0 || end.Missed != back.Missed || end.Published <= back.Published {
			t.Fatalf("seed %d: missed %d while reconnecting, %d once back, %d later; want some, then no more", seed, mid.Missed, back.Missed, end.Missed)
		}
		if end.Subscribers != 16 {
			t.Fatalf("seed %d: %d subscribers connected again, want 16", seed, end.Subscribers)
		}
	}
}

// The Redis layer really publishes: a client subscribed to the lab's Redis
// (as redis-cli SUBSCRIBE room would) receives the group's messages.
func TestRedisLayerPublishesForReal(t *testing.T) {
	s, err := New(Config{Seed: 1, Settings: Settings{Workers: 2, Layer: "redis"}, Listen: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rdb := redis.NewClient(&redis.Options{Addr: s.Snapshot().RedisAddr})
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ps := rdb.Subscribe(ctx, groupChannel)
	defer ps.Close()
	if _, err := ps.Receive(ctx); err != nil {
		t.Fatal(err)
	}
	exec(t, s, "wait 100ms", "subscribe 2", "publish hello", "wait 100ms")
	msg, err := ps.ReceiveMessage(ctx)
	if err != nil || msg.Payload != "hello" {
		t.Fatalf("a real subscriber got %v, %v; want hello", msg, err)
	}
}

func TestBroadcastIsDeterministic(t *testing.T) {
	run := func() string {
		s := newSim(t, 7, Settings{Workers: 4, Layer: "redis"})
		exec(t, s, "wait 100ms", "subscribe 12", "traffic broadcast 50/s clients 3", "wait 1s", "kill 2", "wait 2s")
		return fmt.Sprint(s.Snapshot().Metrics.Deliveries, s.Snapshot().Metrics.Missed, s.EventsSince(0, nil))
	}
	if a, b := run(), run(); a != b {
		t.Fatalf("two runs of one seed differ")
	}
}
