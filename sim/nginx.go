package sim

// nginx in front of several gunicorn servers. Round-robin, least-conn and
// ip-hash are nginx's policies for choosing among its upstream servers (the
// addresses listed in its upstream block), never among the workers of one
// gunicorn master: on the server nginx chose, the kernel hands the
// connection to one of that master's waiting workers, exactly as without
// nginx (FACTS.md B25, M7). With balancer accept the clients reach one
// gunicorn directly, and there is no nginx.

// MaxServers bounds the servers setting.
const MaxServers = 16

// behindNginx reports whether nginx sits in front of the gunicorn servers.
func (s *Sim) behindNginx() bool { return s.set.Balancer != "accept" }

// pickServer is the server (0-based) nginx sends a new connection from
// client to; 0 when the clients reach one gunicorn directly.
func (s *Sim) pickServer(client int) int {
	n := s.set.Servers
	if n <= 1 {
		return 0
	}
	switch s.set.Balancer {
	case "least-conn":
		return s.leastConnServer()
	case "ip-hash":
		return hashServer(client, n)
	}
	return s.nextServer()
}

// nextServer is nginx's round-robin: each server in turn.
func (s *Sim) nextServer() int {
	srv := s.rrNext % s.set.Servers
	s.rrNext = (srv + 1) % s.set.Servers
	return srv
}

// leastConnServer is nginx's least_conn: the server with the fewest active
// connections; equal ones are tried in turn.
func (s *Sim) leastConnServer() int {
	n := s.set.Servers
	load := make([]int, n)
	for _, w := range s.workers {
		if w.server < n {
			load[w.server] += w.load()
		}
	}
	for i := range n {
		load[i] += s.backlogs[i].len()
	}
	best := -1
	for k := range n {
		srv := (s.rrNext + k) % n
		if best < 0 || load[srv] < load[best] {
			best = srv
		}
	}
	s.rrNext = (best + 1) % n
	return best
}

// hashServer is nginx's ip_hash: a client's address always maps to the same
// server (while the number of servers stays the same). It pins the client to
// a server, not to a worker.
func hashServer(client, servers int) int {
	h := uint32(client+1) * 2654435761
	return int(h>>16) % servers
}

// setServers runs n gunicorn servers of Settings.Workers workers each: new
// servers boot their workers, the workers of removed ones finish their
// requests and exit, and connections waiting on a removed server's socket
// go to nginx again. Before the launch it configures the launch instead.
func (s *Sim) setServers(n int) {
	old := s.set.Servers
	s.set.Servers = n
	for len(s.backlogs) < n {
		s.backlogs = append(s.backlogs, fifo{})
	}
	if s.relaunchIfFresh() {
		return
	}
	for srv := old; srv < n; srv++ {
		for range s.set.Workers {
			s.spawn(s.freeSlot(), srv, 0)
		}
	}
	var waiting []*request
	for srv := n; srv < old; srv++ {
		for _, w := range append([]*worker(nil), s.workers...) {
			if w.server == srv && !w.retiring {
				s.retire(w, "retired (server "+itoa(srv+1)+" removed)", false)
			}
		}
		waiting = append(waiting, s.backlogs[srv].drain()...)
	}
	s.rrNext %= n
	for _, r := range waiting {
		s.dispatch(r)
	}
}
