/**
 * Schema migrations, applied in order and tracked with SQLite's `user_version`, so a database file
 * from an older release opens in a newer one. Append, never edit, an entry.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE rooms (
     id TEXT PRIMARY KEY,
     model TEXT NOT NULL,
     tick_rate INTEGER NOT NULL,
     host_key_hash TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE paths (
     id TEXT PRIMARY KEY,
     room TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
     name TEXT NOT NULL,
     author TEXT NOT NULL,
     author_id INTEGER,
     author_session_hash TEXT,
     created_at TEXT NOT NULL,
     duration_ms INTEGER NOT NULL,
     sample_count INTEGER NOT NULL,
     t BLOB NOT NULL,
     z BLOB NOT NULL
   );
   CREATE INDEX paths_by_room ON paths(room, created_at);`,
  // 2: rooms remember their last visit, so rooms nobody uses (and without paths) can expire.
  `ALTER TABLE rooms ADD COLUMN visited_at TEXT NOT NULL DEFAULT '';
   UPDATE rooms SET visited_at = updated_at;
   CREATE INDEX rooms_by_visit ON rooms(visited_at, id);`,
  // 3: challenge rounds: one row per finished round, its players' results as JSON (see roundStore.ts).
  `CREATE TABLE rounds (
     id TEXT PRIMARY KEY,
     room TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
     kind TEXT NOT NULL,
     target INTEGER NOT NULL,
     started_at TEXT NOT NULL,
     duration_ms INTEGER NOT NULL,
     ended TEXT NOT NULL,
     results TEXT NOT NULL
   );
   CREATE INDEX rounds_by_room ON rounds(room, started_at);`,
  // 4: drawings keep their image (784 bytes) so a new model can encode them again.
  `CREATE TABLE drawings (
     id TEXT PRIMARY KEY,
     room TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
     author_id INTEGER NOT NULL,
     author_name TEXT NOT NULL,
     author_session_hash TEXT NOT NULL,
     color TEXT NOT NULL,
     model TEXT NOT NULL,
     z BLOB NOT NULL,
     z_log_var BLOB,
     image BLOB NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE INDEX drawings_by_room ON drawings(room, created_at);`,
  // 5: a lookalike round keeps the digit its drawing was to look like ("calls 7, looks like 1").
  `ALTER TABLE rounds ADD COLUMN looks_like INTEGER;`,
];
