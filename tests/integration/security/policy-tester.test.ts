import { policyTesterSuite } from './policy-tester-suite.js'

// The embedded PostgreSQL (17).
policyTesterSuite()
