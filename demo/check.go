package demo

// Check plays d to the end on a fresh cluster from seed (0: the demo's own),
// as fast as it runs, and proves every expect line at the moment it is
// reached. The first line that fails or does not hold is returned as an
// *Error naming FILE:LINE.
func Check(d *Demo, seed uint64, newCluster func(uint64) (Cluster, error)) error {
	p, err := NewPlayer(d, seed, newCluster)
	if err != nil {
		return err
	}
	defer p.Close()
	p.checking = true
	for {
		p.play(-1)
		switch p.state {
		case Paused:
			p.startStep()
		case Ended:
			return nil
		case Failed:
			return p.err
		}
	}
}
