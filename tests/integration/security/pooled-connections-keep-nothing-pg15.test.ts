import { pooledConnectionsSuite } from './pooled-connections-keep-nothing-suite.js'

// Debian's PostgreSQL 15: the session reset's statements are allowed beside COMMIT there too.
pooledConnectionsSuite('debian-15')
