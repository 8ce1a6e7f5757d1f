import { pooledConnectionsSuite } from './pooled-connections-keep-nothing-suite.js'

// The embedded PostgreSQL 17.
pooledConnectionsSuite('embedded')
