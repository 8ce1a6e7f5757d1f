import { rolesSuite } from './roles-suite.js'

// Debian's PostgreSQL 15, installed on the machines these tests run on.
rolesSuite('debian-15', false)
