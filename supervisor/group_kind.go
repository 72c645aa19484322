package supervisor

import "github.com/gosupervisord/gosupervisord/supervisor/config"

// attachKind sets up what a group of its kind needs beyond processes: the
// event listener pool (subscribed before the group's PROCESS_GROUP_ADDED,
// as in 4.2.5) or the FastCGI socket (created once to fail early).
func (s *Supervisor) attachKind(g *group) error {
	switch g.cfg.Kind {
	case config.KindEventListenerPool:
		pl, err := newListenerPool(s, g)
		if err != nil {
			return err
		}
		g.pool = pl
	case config.KindFastCGI:
		if g.cfg.Socket == nil {
			return nil
		}
		fs, err := newFCGISocket(s, g)
		if err != nil {
			return err
		}
		g.socket = fs
	}
	return nil
}

// detachKind undoes attachKind when a group is removed (4.2.5's
// before_remove: the pool unsubscribes; its buffered events are dropped).
func (g *group) detachKind() {
	if g.pool != nil {
		g.pool.close()
	}
}
