import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Admission to the server's work: at most `limit` requests are worked on at
 * once, the rest wait in arrival order, and a waiting one starts on a later
 * turn of the event loop (setImmediate), never inside the chain of promise
 * callbacks that finished the one before.
 *
 * Why, as the HTTP bench showed it: a request's database queries take turns
 * on one connection, and each hand-over is a promise callback, so under
 * saturation the queries of every request in flight ran one after another
 * before the event loop reached its poll phase, where new connections are
 * accepted and new requests read. Keep-alive clients, whose next request was already in the
 * socket, were read on the next pass; a new connection needed two, and each
 * pass held the work of every request in flight: fresh connections waited
 * 4.6 s (p50) while the rest saw 1.3 s (p99), and in a 200-connection soak
 * most waited out their 30 s timeout. With a bound on the work in flight a
 * pass is short, and a request read from a new connection joins the same
 * queue as everyone else's.
 *
 * Past `maxWaiting` requests are refused at once (`refuse`: 503 with
 * Retry-After) rather than left to time out.
 */
export type Admission = {
  admit(req: IncomingMessage, res: ServerResponse, work: () => void): void;
  /** Requests being worked on now, and waiting. */
  readonly load: { active: number; waiting: number };
};

export function createAdmission(o: {
  limit: number;
  maxWaiting: number;
  refuse: (req: IncomingMessage, res: ServerResponse) => void;
}): Admission {
  let active = 0;
  const waiting: { req: IncomingMessage; res: ServerResponse; work: () => void }[] = [];

  const release = () => {
    active--;
    if (waiting.length > 0) {
      active++;
      setImmediate(startNext);
    }
  };

  // One slot is already counted for it; a request whose client has gone gives the slot on.
  function startNext() {
    const next = waiting.shift();
    if (!next) return void active--;
    if (next.req.destroyed || next.res.destroyed) return release();
    start(next.res, next.work);
  }

  function start(res: ServerResponse, work: () => void) {
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      release();
    };
    res.once('finish', end);
    res.once('close', end);
    try {
      work();
    } catch (e) {
      end();
      throw e;
    }
  }

  return {
    admit(req, res, work) {
      if (active < o.limit && waiting.length === 0) {
        active++;
        start(res, work);
      } else if (waiting.length < o.maxWaiting) waiting.push({ req, res, work });
      else o.refuse(req, res);
    },
    get load() {
      return { active, waiting: waiting.length };
    },
  };
}
