import { policyTesterSuite } from './policy-tester-suite.js'

// Debian's PostgreSQL 15: role membership without the SET option of 16+.
policyTesterSuite('debian-15')
