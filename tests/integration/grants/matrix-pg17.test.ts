import { matrixSuite } from './matrix-suite.js'

// The embedded server (PostgreSQL 17 from npm): per-grant INHERIT, pg_maintain, MAINTAIN.
matrixSuite('embedded')
