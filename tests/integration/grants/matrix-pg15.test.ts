import { matrixSuite } from './matrix-suite.js'

// Debian's PostgreSQL 15: inheritance by the member's INHERIT attribute, no MAINTAIN.
matrixSuite('debian-15')
