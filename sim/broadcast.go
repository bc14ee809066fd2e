package sim

import (
	"fmt"
	"time"

	"github.com/alicebob/miniredis/v2"
)

// Broadcasts (FACTS.md B22, B23). Subscribers are websocket clients, each
// connected to one worker process; a /publish view sends a message to the
// group, as Channels' group_send does. The layer setting is the channel
// layer:
//
//   - memory: InMemoryChannelLayer, one per process: the message reaches the
//     subscribers connected to the worker that published it, and no one else.
//   - redis: the workers talk through Redis. The lab sends the message with
//     PUBLISH on the embedded Redis, and each worker that holds a connected
//     subscriber has SUBSCRIBEd to the group's channel, so every worker hears
//     it (channels_redis's pub/sub layer works this way).
//
// Both deliver at most once: a subscriber that is not connected when the
// message goes out never gets it. A subscriber whose worker dies connects
// again after reconnectDelay, to whichever worker accepts.

// layerModes are the words of the layer setting.
var layerModes = []string{"memory", "redis"}

// groupChannel is the Redis channel of the group.
const groupChannel = "room"

// reconnectDelay is how long a websocket client waits before it connects
// again after its connection dropped.
const reconnectDelay = time.Second

// subscriber is one websocket client in the group.
type subscriber struct {
	id      int
	w       *worker // the worker it is connected to (nil while it reconnects)
	waiting bool    // its connection waits in the listen queue for a worker to boot
	got     int64   // messages it received
}

// slotSub is a slot's subscription to the group's Redis channel: a
// miniredis subscriber reused by every worker of the slot, and the worker
// that holds it now.
type slotSub struct {
	sub *miniredis.Subscriber
	w   *worker
}

// delivery is one message a slot's subscription received.
type delivery struct{ slot int }

// pubsubState is the cluster's websocket clients and Redis subscriptions.
type pubsubState struct {
	subs   []*subscriber
	nextID int
	slots  map[int]*slotSub
	got    chan delivery // what the subscriptions' readers received
}

// subscribe connects n new websocket clients.
func (s *Sim) subscribe(n int) string {
	s.launch()
	for range n {
		s.pubsub.nextID++
		sub := &subscriber{id: s.pubsub.nextID}
		s.pubsub.subs = append(s.pubsub.subs, sub)
		s.connect(sub)
	}
	return fmt.Sprintf("%d websocket client(s) joined the group: %d in it, %d connected", n, len(s.pubsub.subs), s.connected())
}

// connect attaches a subscriber to a live worker, chosen as accept()
// would (a seeded random one); while every worker boots, the connection
// waits for the first to be up.
func (s *Sim) connect(sub *subscriber) {
	var up []*worker
	for _, w := range s.workers {
		if !w.booting && !w.retiring && !w.dead {
			up = append(up, w)
		}
	}
	if len(up) == 0 {
		sub.w, sub.waiting = nil, true
		return
	}
	sub.w, sub.waiting = up[s.rng.IntN(len(up))], false
	s.listen(sub.w)
}

// scheduleReconnect arms a subscriber's next try to connect, after delay.
func (s *Sim) scheduleReconnect(id int, delay time.Duration) {
	s.seq++
	s.work++
	s.q.push(ev{at: s.now + delay, seq: s.seq, kind: evReconnect, gen: uint32(id)})
}

// reconnect brings back a subscriber whose connection dropped.
func (s *Sim) reconnect(id int) {
	for _, sub := range s.pubsub.subs {
		if sub.id == id && sub.w == nil {
			s.connect(sub)
			return
		}
	}
}

// connectWaiting hands the connections waiting for a worker to the workers
// up now: after every event of this instant, so that workers booting
// together share them.
func (s *Sim) connectWaiting() {
	for _, sub := range s.pubsub.subs {
		if sub.waiting {
			sub.waiting = false
			s.scheduleReconnect(sub.id, 0)
		}
	}
}

// disconnect drops the connections a dying worker held: each client tries
// again after reconnectDelay.
func (s *Sim) disconnect(w *worker) {
	for _, sub := range s.pubsub.subs {
		if sub.w == w {
			sub.w = nil
			s.scheduleReconnect(sub.id, reconnectDelay)
		}
	}
	if ss := s.pubsub.slots[w.slot]; ss != nil && ss.w == w {
		ss.sub.Unsubscribe(groupChannel)
		ss.w = nil
	}
}

// listen makes a worker's channel layer subscribe to the group's Redis
// channel (layer redis), through its slot's reusable subscription.
func (s *Sim) listen(w *worker) {
	if s.set.Layer != "redis" {
		return
	}
	if s.pubsub.slots == nil {
		s.pubsub.slots = map[int]*slotSub{}
		s.pubsub.got = make(chan delivery, MaxWorkers*MaxServers)
	}
	ss := s.pubsub.slots[w.slot]
	if ss == nil {
		ss = &slotSub{sub: s.store.m.NewSubscriber()}
		s.pubsub.slots[w.slot] = ss
		slot, got := w.slot, s.pubsub.got
		go func() {
			for range ss.sub.Messages() {
				got <- delivery{slot: slot}
			}
		}()
	}
	if ss.w != w {
		ss.sub.Subscribe(groupChannel)
		ss.w = w
	}
}

// setLayer switches the channel layer: with redis every worker that holds
// a subscriber subscribes to the group's channel; with memory none does.
func (s *Sim) setLayer(layer string) {
	s.set.Layer = layer
	for _, ss := range s.pubsub.slots {
		if ss.w != nil {
			ss.sub.Unsubscribe(groupChannel)
			ss.w = nil
		}
	}
	if layer != "redis" {
		return
	}
	for _, sub := range s.pubsub.subs {
		if sub.w != nil {
			s.listen(sub.w)
		}
	}
}

// publishStep sends the request's message to the group: to the publishing
// worker's own subscribers (layer memory), or with PUBLISH to every worker
// subscribed to the channel (layer redis, one round trip).
func (s *Sim) publishStep(r *request) bool {
	reached := map[*worker]bool{}
	if s.set.Layer == "redis" {
		if s.set.RedisDown {
			r.failed = "500 redis down: group_send failed"
			return false
		}
		mine := 0
		for _, ss := range s.pubsub.slots {
			if ss.w != nil {
				mine++
			}
		}
		s.store.m.Publish(groupChannel, r.item)
		for range mine {
			d := <-s.pubsub.got
			if ss := s.pubsub.slots[d.slot]; ss != nil && ss.w != nil {
				reached[ss.w] = true
			}
		}
	} else {
		reached[r.w] = true
	}
	n := int64(0)
	for _, sub := range s.pubsub.subs {
		if sub.w != nil && reached[sub.w] {
			sub.got++
			n++
		}
	}
	s.obs.published++
	s.obs.deliveries += n
	s.obs.missed += int64(len(s.pubsub.subs)) - n
	r.delivered = n
	if s.set.Layer == "redis" {
		return s.redisTrip(r)
	}
	return false
}

// connected counts the subscribers connected now.
func (s *Sim) connected() int {
	n := 0
	for _, sub := range s.pubsub.subs {
		if sub.w != nil {
			n++
		}
	}
	return n
}

// subscribersOf counts the subscribers connected to w.
func (s *Sim) subscribersOf(w *worker) int {
	n := 0
	for _, sub := range s.pubsub.subs {
		if sub.w == w {
			n++
		}
	}
	return n
}

// closePubsub ends the subscriptions' readers.
func (s *Sim) closePubsub() {
	for _, ss := range s.pubsub.slots {
		ss.sub.Unsubscribe(groupChannel)
		ss.sub.Close()
	}
	s.pubsub.slots = nil
}
