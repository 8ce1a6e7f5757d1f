import { claimsSuite } from './claims-suite.js'

// Debian's PostgreSQL 15, installed on the machines these tests run on.
claimsSuite('debian-15')
