/**
 * A test server speaking CouchDB's replication protocol (express-pouchdb over PouchDB's
 * in-memory adapter), for Fieldbook's tests and benchmarks. It listens on 127.0.0.1 only and
 * keeps nothing on disk: a restart starts it empty. Teams use CouchDB 3 (see the README).
 *
 *   node sync-server/server.cjs [--port=5985]
 *
 * Prints `listening on http://127.0.0.1:<port>` once ready. Browsers reach it from the app's
 * origin (CORS, with the origin reflected: it is a loopback test server).
 */
const express = require('express');
const cors = require('cors');
const expressPouchDB = require('express-pouchdb');
const PouchDB = require('pouchdb-core').plugin(require('pouchdb-adapter-memory'));

let started = 0;

/** Starts a server, empty (each one its own databases, even in one process). */
const start = (port = 5985) => {
  const InMemory = PouchDB.defaults({ adapter: 'memory', prefix: `server-${process.pid}-${++started}-` });
  const app = express();
  app.use(cors({ origin: true, credentials: true, maxAge: 600 }));
  app.use(
    '/',
    expressPouchDB(InMemory, {
      mode: 'minimumForPouchDB',
      inMemoryConfig: true,
      logPath: require('node:os').devNull,
    }),
  );
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1', () => resolve(server));
    server.once('error', reject);
  });
};

/** Starts on the port given as `--port=` (or PORT, or 5985), and says where. */
const main = () => {
  const arg = process.argv.find((a) => a.startsWith('--port='));
  const port = Number(arg ? arg.slice('--port='.length) : (process.env.PORT ?? 5985));
  start(port).then(
    (server) => console.log(`listening on http://127.0.0.1:${server.address().port}`),
    (error) => {
      console.error(`The sync test server could not start on 127.0.0.1:${port}: ${error.message}`);
      process.exit(1);
    },
  );
};

module.exports = { start, main };

if (require.main === module) main();
