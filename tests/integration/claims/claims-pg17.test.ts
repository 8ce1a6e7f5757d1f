import { claimsSuite } from './claims-suite.js'

// The embedded PostgreSQL 17.
claimsSuite()
